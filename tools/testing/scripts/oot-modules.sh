#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# oot-modules.sh REPO BUILD KDIR: build our drivers as external modules
# against the configured 6.12 tree (or O= build directory) KDIR, in
# BUILD/oot. The architecture comes from KDIR's configuration.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) kdir=$(cd "$3" && pwd)
src=$build/oot
if [ ! -f "$kdir/.config" ]; then
	echo "oot-modules: $kdir is not a configured kernel tree (no .config)" >&2
	exit 1
fi
arch=()
grep -q '^CONFIG_UML=y' "$kdir/.config" && arch=(ARCH=um)
grep -q '^CONFIG_ARM64=y' "$kdir/.config" && arch=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
rm -rf "$src"
mkdir -p "$src"
cp -r "$repo/drivers" "$repo/include" "$src/"
cp "$repo/tools/dkms/Kbuild" "$src/Kbuild"
make -C "$kdir" "${arch[@]}" M="$src" modules
find "$src" -name '*.ko' | sed "s|^$src/|  built: |"
