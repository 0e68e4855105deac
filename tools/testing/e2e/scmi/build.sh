#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# build.sh [BUILD [host|arm64]]: build scmi-tool for the guest's user space
# into BUILD/scmi-tools/ARCH (BUILD defaults to the repository's build/):
# host: the host's (UML guests run host binaries); arm64: static, with
# aarch64-linux-gnu-gcc, for arm64 guests. Prints the directory. Rebuilds
# only when the source is newer.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
what=${2:-host}
out=${1:-${VT_BUILD:-$repo/build}}/scmi-tools/$what
case "$what" in
host) cc=${CC:-cc} ldflags= ;;
arm64) cc=aarch64-linux-gnu-gcc ldflags=-static ;;
*) echo "usage: build.sh [BUILD [host|arm64]]" >&2; exit 2 ;;
esac
mkdir -p "$out"
if [ ! -x "$out/scmi-tool" ] || [ -n "$(find "$here/scmi-tool.c" -newer "$out/scmi-tool")" ]; then
	$cc -O2 -Wall -Wextra -Wno-unused-parameter -pthread $ldflags \
		-o "$out/scmi-tool.tmp" "$here/scmi-tool.c"
	mv "$out/scmi-tool.tmp" "$out/scmi-tool"
fi
echo "$out"
