#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# static-checks.sh REPO BUILD: checkpatch --strict on every C source and
# header of ours (drivers, uapi headers, the backend), kernel-doc warnings on
# kernel sources, and sparse (C=2) plus W=1 on every kernel object of ours in
# each test kernel that builds it. One result per file and tool.
# Last line: "static: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
tree=$build/linux
pass=0 fail=0 skips=()

result() {
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "  FAIL $2"
		sed 's/^/    /' "$3" | head -40
	fi
}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.ours"' EXIT

cd "$repo" || exit 1
kernel_src=$(find drivers include -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)
user_src=$(find tools/testing/vdev -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)

# checkpatch, two files at a time, then the results in order.
cpdir=$(mktemp -d)
for f in $kernel_src $user_src; do
	echo "$f"
done | xargs -P "$(nproc)" -I{} sh -c \
	'"$1"/scripts/checkpatch.pl --no-tree --strict --quiet --show-types -f "$2" > "$3/$(echo "$2" | tr / _)" 2>&1; echo $? >> "$3/$(echo "$2" | tr / _)"' \
	sh "$tree" {} "$cpdir"
for f in $kernel_src $user_src; do
	out=$cpdir/$(echo "$f" | tr / _)
	rc=$(tail -1 "$out")
	sed -i '$d' "$out"
	grep -qE '^(ERROR|WARNING|CHECK)' "$out" && rc=1
	result "$rc" "checkpatch --strict $f" "$out"
done
rm -rf "$cpdir"

for f in $kernel_src; do
	"$tree/scripts/kernel-doc" -none -Wall "$f" > "$tmp" 2>&1
	rc=0
	[ -s "$tmp" ] && rc=1
	result $rc "kernel-doc $f" "$tmp"
done

# sparse and W=1, object by object, in every test kernel that builds it.
objs=$(echo "$kernel_src" | grep '\.c$' | sed 's/\.c$/.o/')
if [ -z "$objs" ]; then
	skips+=("sparse and W=1: no kernel C sources in drivers/ yet")
fi
# x86_64 only where build/x86_64 exists (make x86_64; not in make check).
for kb in uml:um: arm64:arm64:aarch64-linux-gnu- x86_64:x86_64:; do
	IFS=: read -r dir karch cross <<< "$kb"
	built=
	for o in $objs; do
		[ -f "$build/$dir/$o" ] && built="$built $o"
	done
	[ -n "$built" ] || continue
	# One make for all objects of this kernel; C=2 also re-checks files
	# the kernel's own prepare steps rebuild, so only lines naming one
	# of our files count, each against the object it belongs to.
	# shellcheck disable=SC2086
	make -s -C "$tree" O="$build/$dir" ARCH="$karch" CROSS_COMPILE="$cross" \
		C=2 W=1 $built > "$tmp" 2>&1
	mrc=$?
	for o in $built; do
		grep -F "$tree/${o%.o}.c" "$tmp" | grep -E 'warning|error' > "$tmp.ours"
		rc=0
		[ -s "$tmp.ours" ] && rc=1
		result $rc "sparse+W=1 ($dir) $o" "$tmp.ours"
	done
	# Warnings in our headers, and a make that failed without naming a file.
	grep -F "$(echo "$kernel_src" | grep '\.h$' | sed "s|^|$tree/|")" "$tmp" |
		grep -E 'warning|error' > "$tmp.ours"
	[ $mrc -ne 0 ] && tail -20 "$tmp" >> "$tmp.ours"
	rc=0
	[ -s "$tmp.ours" ] && rc=1
	result $rc "sparse+W=1 ($dir) headers and build" "$tmp.ours"
done

# The exported series: it applies with git am, and checkpatch --strict
# (in tree mode, so MAINTAINERS and Kconfig checks run) accepts each patch.
bash "$repo/tools/testing/scripts/mkseries.sh" "$repo" "$build" > "$tmp" 2>&1
result $? "make series: git am applies the series to 6.12" "$tmp"
# FILE_PATH_CHANGES is ignored: the MAINTAINERS entries come with the first
# patch, and get_maintainer.pl proves below that they cover every file.
for p in "$build"/series/*.patch; do
	[ -f "$p" ] || continue
	(cd "$tree" && scripts/checkpatch.pl --strict --quiet --show-types \
		--ignore FILE_PATH_CHANGES "$p") > "$tmp" 2>&1
	rc=$?
	grep -qE '^(ERROR|WARNING|CHECK)' "$tmp" && rc=1
	result $rc "checkpatch --strict series/$(basename "$p")" "$tmp"
done

# Out-of-tree build against the configured arm64 test tree.
if [ -f "$build/arm64/.config" ]; then
	bash "$repo/tools/testing/scripts/oot-modules.sh" "$repo" "$build" "$build/arm64" > "$tmp" 2>&1
	rc=$?
	[ "$(grep -c 'built: ' "$tmp")" = 2 ] || rc=1
	result $rc "make modules KDIR=build/arm64 builds virtio_rtc.ko and virtio_scmi.ko" "$tmp"
fi

# Every kernel-side file of ours has a maintainer besides "THE REST".
for f in $(find drivers include Documentation tools/virtio -type f 2>/dev/null | LC_ALL=C sort); do
	(cd "$tree" && scripts/get_maintainer.pl --no-git --no-rolestats -f "$f") > "$tmp" 2>&1
	rc=1
	grep -q '@' "$tmp" && ! grep -q 'THE REST' "$tmp" && rc=0
	result $rc "get_maintainer.pl names a maintainer for $f" "$tmp"
done

for s in "${skips[@]}"; do
	echo "  SKIP $s"
done
echo "static: $pass passed, $fail failed, ${#skips[@]} skipped"
[ $fail -eq 0 ]
