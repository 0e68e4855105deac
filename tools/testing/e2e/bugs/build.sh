#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# build.sh BUILD VARIANT: vt_bugs.ko for the test kernel build/VARIANT, in
# BUILD/bugs-VARIANT (the sources are copied there; the tree stays clean).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1 variant=$2
out=$build/bugs-$variant
case "$variant" in
arm64*) set -- ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
*) set -- ARCH=um ;;
esac
mkdir -p "$out"
cp "$here/vt_bugs.c" "$here/Kbuild" "$out/"
make -s -C "$build/linux" O="$build/$variant" M="$out" "$@" modules
echo "$out"
