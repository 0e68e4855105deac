#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# test-prepare-tree.sh: prepare-tree.sh on a miniature kernel tarball and
# repository, then again after the repository dropped a file 6.12 lacks (a
# renamed transport file; twice: the next make prepare too), then one it
# has (a replaced kernel file): each run ends with status 0, the first
# file is gone, the second is the pristine one again, a new file is there.
# Last line: "prepare-tree: N passed, N failed, 0 skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
	if eval "$2"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "  FAIL prepare-tree: $1"
	fi
}

mkdir -p "$tmp/src/linux-6.12/drivers/virtio" "$tmp/repo/drivers/virtio" "$tmp/repo/patches/series"
echo pristine > "$tmp/src/linux-6.12/drivers/virtio/virtio.c"
: > "$tmp/src/linux-6.12/MAINTAINERS"
tar -cJf "$tmp/linux.tar.xz" -C "$tmp/src" linux-6.12
: > "$tmp/repo/MAINTAINERS"
echo ours > "$tmp/repo/drivers/virtio/virtio.c"
echo ours > "$tmp/repo/drivers/virtio/old_name.c"

run() {
	LINUX_TARBALL=$tmp/linux.tar.xz bash "$here/prepare-tree.sh" "$tmp/repo" "$tmp/build" > "$tmp/log" 2>&1
}
run
check "first run ends with status 0" '[ $? = 0 ] || { cat "$tmp/log"; false; }'
check "first run copies our files" 'grep -qx ours "$tmp/build/linux/drivers/virtio/old_name.c"'

# (One file at a time: the loop's last file decides its status.)
rm "$tmp/repo/drivers/virtio/old_name.c"
echo ours > "$tmp/repo/drivers/virtio/new_name.c"
for i in 1 2; do
	run
	check "run $((i + 1)), after a file 6.12 lacks left the repository, ends with status 0" \
		'[ $? = 0 ] || { cat "$tmp/log"; false; }'
done
rm "$tmp/repo/drivers/virtio/virtio.c"
run
check "run 4, after a file 6.12 has left the repository, ends with status 0" \
	'[ $? = 0 ] || { cat "$tmp/log"; false; }'
check "a removed file 6.12 lacks is gone from the tree" '[ ! -e "$tmp/build/linux/drivers/virtio/old_name.c" ]'
check "a removed file 6.12 has is the pristine one again" 'grep -qx pristine "$tmp/build/linux/drivers/virtio/virtio.c"'
check "a new file is in the tree" 'grep -qx ours "$tmp/build/linux/drivers/virtio/new_name.c"'
echo "prepare-tree: $pass passed, $fail failed, 0 skipped"
[ $fail = 0 ]
