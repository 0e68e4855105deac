#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkseries.sh REPO BUILD [--build-each]
#
# Export our work as a `git format-patch` series against pristine 6.12 in
# BUILD/series/. Each directory patches/series/NN-name/ is one patch:
#   message    the commit message (subject, body, Signed-off-by)
#   files      our files (paths in this repo) the patch adds
#   *.patch    hook diffs against existing kernel files (Kconfig, Makefile)
#   maintainers  titles of MAINTAINERS entries (from ./MAINTAINERS) it adds
# The commits are made in a small repository that holds the pristine
# versions of every file the series modifies, so blob ids in the patches are
# those of v6.12 and `git am` applies them to a clean 6.12 tree. The series
# is then checked by applying it with `git am` to a fresh copy of those
# files, and with --build-each by applying it patch by patch to a full
# pristine tree and building the UML test kernel after each one.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
build_each=${3:-}
pristine=$build/pristine
work=$build/series-git
out=$build/series
entries=$(find "$repo/patches/series" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort)
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-"virtio-scmi-rtc developers"}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-"devel@virtio-scmi-rtc.invalid"}
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
git_() { git -c init.defaultBranch=main -c core.autocrlf=false "$@"; }

if [ -z "$entries" ]; then
	echo "mkseries: patches/series/ has no entries" >&2
	exit 1
fi

# Every file of ours must be in exactly one patch.
(cd "$repo" && { find drivers include Documentation tools/virtio -type f 2>/dev/null || true; } | LC_ALL=C sort) > "$build/series-ours"
cat /dev/null $(for e in $entries; do [ -f "$e/files" ] && echo "$e/files"; done) |
	grep -v '^#' | sed '/^$/d' | LC_ALL=C sort > "$build/series-listed"
dups=$(uniq -d "$build/series-listed")
missing=$(LC_ALL=C comm -23 "$build/series-ours" <(LC_ALL=C sort -u "$build/series-listed"))
extra=$(LC_ALL=C comm -13 "$build/series-ours" <(LC_ALL=C sort -u "$build/series-listed"))
if [ -n "$dups$missing$extra" ]; then
	[ -n "$dups" ] && echo "mkseries: in more than one patch: $dups" >&2
	[ -n "$missing" ] && echo "mkseries: in no patch: $missing" >&2
	[ -n "$extra" ] && echo "mkseries: listed but not in the repo: $extra" >&2
	exit 1
fi

# Files the series modifies: pristine copies form the base commit.
touched=$(for e in $entries; do
		cat /dev/null "$e"/*.patch 2>/dev/null | sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p'
		if [ -s "$e/maintainers" ]; then echo MAINTAINERS; fi
	done | LC_ALL=C sort -u)
base_repo() {
	rm -rf "$1"
	mkdir -p "$1"
	git_ init -q "$1"
	for f in $touched; do
		if [ -f "$pristine/$f" ]; then
			mkdir -p "$1/$(dirname "$f")"
			cp "$pristine/$f" "$1/$f"
		fi
	done
	git_ -C "$1" add -A
	git_ -C "$1" commit -q --allow-empty -m "Linux 6.12 (the files this series modifies)"
}
base_repo "$work"

for e in $entries; do
	if [ -f "$e/files" ]; then
		grep -v '^#' "$e/files" | sed '/^$/d' | while read -r f; do
			if [ -e "$pristine/$f" ]; then
				echo "mkseries: $f already exists in 6.12" >&2
				exit 1
			fi
			mkdir -p "$work/$(dirname "$f")"
			cp "$repo/$f" "$work/$f"
		done
	fi
	for p in $(find "$e" -name '*.patch' | LC_ALL=C sort); do
		patch -s -p1 -d "$work" --no-backup-if-mismatch < "$p"
	done
	if [ -s "$e/maintainers" ]; then
		while read -r title; do
			python3 "$repo/tools/testing/scripts/maintainers.py" \
				"$repo/MAINTAINERS" "$work/MAINTAINERS" "$title"
		done < "$e/maintainers"
	fi
	git_ -C "$work" add -A
	git_ -C "$work" commit -q -F "$e/message"
done

rm -rf "$out"
git_ -C "$work" format-patch -q -o "$out" HEAD~"$(echo "$entries" | wc -l)"
echo "  SERIES  build/series/ ($(ls "$out" | wc -l) patches)"

# Check: git am onto a fresh copy of the pristine files.
base_repo "$build/series-am"
git_ -C "$build/series-am" am -q "$out"/*.patch
if ! diff -r -x .git -q "$work" "$build/series-am" > /dev/null; then
	echo "mkseries: git am result differs from the series tree" >&2
	exit 1
fi
echo "  CHECK   git am applies the series to 6.12"

[ "$build_each" = --build-each ] || exit 0
tree=$build/series-tree
kb=$build/series-uml
rm -rf "$tree"
cp -al "$pristine" "$tree"
for f in $touched; do
	[ -f "$tree/$f" ] && { rm -f "$tree/$f"; cp "$pristine/$f" "$tree/$f"; }
done
mkdir -p "$kb"
cp "$build/uml/.config" "$kb/.config"
for p in "$out"/*.patch; do
	patch -s -p1 -d "$tree" --no-backup-if-mismatch < "$p"
	echo "  BUILD   after $(basename "$p")"
	make -s -C "$tree" ARCH=um O="$kb" olddefconfig > /dev/null
	make -s -C "$tree" ARCH=um O="$kb" -j"$(nproc)" linux modules
done
echo "  CHECK   every patch builds (UML)"
