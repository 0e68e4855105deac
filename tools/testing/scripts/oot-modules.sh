#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# oot-modules.sh REPO BUILD KDIR: build our drivers as external modules
# against the configured 6.12 tree KDIR, in BUILD/oot.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) kdir=$(cd "$3" && pwd)
src=$build/oot
if [ ! -f "$kdir/.config" ] && [ ! -f "$kdir/Module.symvers" ]; then
	echo "oot-modules: $kdir is not a configured kernel tree (no .config)" >&2
	exit 1
fi
if ! grep -q '^obj-' "$repo/tools/testing/oot/Kbuild"; then
	echo "oot-modules: no driver modules listed in tools/testing/oot/Kbuild yet"
	exit 0
fi
rm -rf "$src"
mkdir -p "$src"
for d in drivers include; do
	[ -d "$repo/$d" ] && cp -r "$repo/$d" "$src/"
done
cp "$repo/tools/testing/oot/Kbuild" "$src/Kbuild"
make -C "$kdir" M="$src" modules
find "$src" -name '*.ko' | sed "s|^$src/|  built: |"
