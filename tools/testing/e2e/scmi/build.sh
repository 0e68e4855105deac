#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# build.sh [BUILD]: build scmi-tool for the host (UML guests run host
# binaries) into BUILD/scmi-tools (default: the repository's build/).
# Prints the directory. Rebuilds only when the source is newer.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
out=${1:-${VT_BUILD:-$repo/build}}/scmi-tools
mkdir -p "$out"
if [ ! -x "$out/scmi-tool" ] || [ -n "$(find "$here/scmi-tool.c" -newer "$out/scmi-tool")" ]; then
	${CC:-cc} -O2 -Wall -Wextra -Wno-unused-parameter -pthread \
		-o "$out/scmi-tool.tmp" "$here/scmi-tool.c"
	mv "$out/scmi-tool.tmp" "$out/scmi-tool"
fi
echo "$out"
