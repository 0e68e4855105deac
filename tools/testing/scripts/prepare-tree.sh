#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# prepare-tree.sh REPO BUILD
#
# Make BUILD/linux a Linux 6.12 tree that contains our drivers:
#  - BUILD/pristine is the untouched tree from linux-source-6.12 (unpacked once);
#  - BUILD/linux is a hard-link copy of it, plus our drivers/ include/
#    Documentation/ files (copied only when their content changed, so an edit
#    rebuilds only the objects that depend on it), plus the hook patches of
#    every entry in patches/series/ (re-applied only when they change).
# Hard links are safe because every write here replaces files (rm + cp, or
# patch/rsync writing a new inode); the kernel build itself writes only to O=.
set -euo pipefail
repo=$(cd "$1" && pwd)
build=$(mkdir -p "$2" && cd "$2" && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
pristine=$build/pristine
tree=$build/linux
state=$build/state
mkdir -p "$state"

if [ ! -f "$pristine/.vt-complete" ]; then
	echo "  UNPACK  $tarball"
	rm -rf "$pristine" "$pristine.tmp" "$tree"
	mkdir -p "$pristine.tmp"
	tar -xJf "$tarball" -C "$pristine.tmp" --strip-components=1
	touch "$pristine.tmp/.vt-complete"
	mv "$pristine.tmp" "$pristine"
fi
if [ ! -f "$build/.linux-complete" ]; then
	echo "  LINK    $tree"
	rm -rf "$tree" "$state"
	mkdir -p "$state"
	cp -al "$pristine" "$tree"
	touch "$build/.linux-complete"
fi

# Our own files: copy changed ones, remove ones we no longer ship.
(cd "$repo" && { find drivers include Documentation tools/virtio -type f 2>/dev/null || true; } | LC_ALL=C sort) \
	> "$state/files.new"
if [ -f "$state/files" ]; then
	# (A file 6.12 lacks is only removed: no test may end the loop.)
	LC_ALL=C comm -23 "$state/files" "$state/files.new" | while IFS= read -r f; do
		rm -f "$tree/$f"
		if [ -f "$pristine/$f" ]; then
			cp "$pristine/$f" "$tree/$f"
		fi
	done
fi
while IFS= read -r f; do
	if ! cmp -s "$repo/$f" "$tree/$f"; then
		mkdir -p "$(dirname "$tree/$f")"
		rm -f "$tree/$f"
		cp "$repo/$f" "$tree/$f"
	fi
done < "$state/files.new"
mv "$state/files.new" "$state/files"

# Hook patches: small diffs to existing kernel files (Kconfig, Makefile,
# MAINTAINERS). When the set changes, restore every file either the old or
# the new set touches from the pristine tree, then apply the new set.
cat /dev/null $(find "$repo/patches/series" -name '*.patch' | LC_ALL=C sort) > "$state/hooks.new"
if ! cmp -s "$state/hooks.new" "$state/hooks"; then
	touched=$({ cat "$state/hooks.new" "$state/hooks" 2>/dev/null || true; } |
		  sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' | LC_ALL=C sort -u)
	for f in $touched; do
		rm -f "$tree/$f"
		if [ -f "$pristine/$f" ]; then
			cp "$pristine/$f" "$tree/$f"
		elif grep -qxF "$f" "$state/files"; then
			cp "$repo/$f" "$tree/$f"
		fi
	done
	for p in $(find "$repo/patches/series" -name '*.patch' | LC_ALL=C sort); do
		echo "  HOOK    ${p#"$repo"/}"
		patch -s -p1 -r - -d "$tree" --no-backup-if-mismatch < "$p"
	done
	mv "$state/hooks.new" "$state/hooks"
else
	rm -f "$state/hooks.new"
fi

# MAINTAINERS entries named by patches/series/*/maintainers, copied from our
# MAINTAINERS file into the kernel's at their alphabetical place.
titles=$(cat /dev/null $(find "$repo/patches/series" -name maintainers | LC_ALL=C sort))
{ echo "$titles"; cat "$repo/MAINTAINERS"; } > "$state/maint.new"
if ! cmp -s "$state/maint.new" "$state/maint"; then
	rm -f "$tree/MAINTAINERS"
	cp "$pristine/MAINTAINERS" "$tree/MAINTAINERS"
	echo "$titles" | while read -r t; do
		[ -n "$t" ] || continue
		echo "  MAINT   $t"
		python3 "$repo/tools/testing/scripts/maintainers.py" \
			"$repo/MAINTAINERS" "$tree/MAINTAINERS" "$t"
	done
	mv "$state/maint.new" "$state/maint"
else
	rm -f "$state/maint.new"
fi
