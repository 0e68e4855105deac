#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh REPO BUILD: the arm64 test guest's initramfs,
# BUILD/arm64-initramfs.cpio.gz: Debian's arm64 busybox-static, the guest
# init, the end-to-end test scripts under /vt and the arm64 test modules.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
work=$build/arm64-initramfs
debs=$build/arm64-debs
mkdir -p "$work" "$debs"

if [ ! -x "$debs/busybox/bin/busybox" ]; then
	echo "  FETCH   busybox-static:arm64"
	(cd "$debs" && rm -f busybox-static_*.deb && apt-get download -q -o APT::Sandbox::User=root busybox-static:arm64 > /dev/null)
	rm -rf "$debs/busybox"
	dpkg-deb -x "$debs"/busybox-static_*_arm64.deb "$debs/busybox"
fi
if [ ! -x "$build/gen_init_cpio" ] || [ "$build/linux/usr/gen_init_cpio.c" -nt "$build/gen_init_cpio" ]; then
	gcc -O2 -o "$build/gen_init_cpio" "$build/linux/usr/gen_init_cpio.c"
fi

list=$work/list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /bin /sbin /usr /usr/bin /usr/sbin /proc /sys /tmp /run /var /var/tmp \
		 /var/lib /var/run /var/log /lib /vt /vt/tools /vt/tools/testing; do
		echo "dir $d 0755 0 0"
	done
	echo "file /bin/busybox $debs/busybox/bin/busybox 0755 0 0"
	echo "slink /bin/sh busybox 0777 0 0"
	echo "file /init $repo/tools/testing/e2e/guest-init 0755 0 0"
	# The test scripts, at the same relative paths as in the repo.
	(cd "$repo" && find tools/testing/e2e -type d | LC_ALL=C sort) | while read -r d; do
		echo "dir /vt/$d 0755 0 0"
	done
	(cd "$repo" && find tools/testing/e2e -type f | LC_ALL=C sort) | while read -r f; do
		echo "file /vt/$f $repo/$f 0644 0 0"
	done
	if [ -d "$build/arm64-mods/lib/modules" ]; then
		(cd "$build/arm64-mods" && find lib/modules -type d | LC_ALL=C sort) | while read -r d; do
			echo "dir /$d 0755 0 0"
		done
		(cd "$build/arm64-mods" && find lib/modules \( -type f -o -type l \) | LC_ALL=C sort) |
			while read -r f; do
				if [ -L "$build/arm64-mods/$f" ]; then
					continue	# build/source links into the build tree
				fi
				echo "file /$f $build/arm64-mods/$f 0644 0 0"
			done
	fi
} > "$list"
"$build/gen_init_cpio" "$list" | gzip -n -1 > "$build/arm64-initramfs.cpio.gz.tmp"
mv "$build/arm64-initramfs.cpio.gz.tmp" "$build/arm64-initramfs.cpio.gz"
echo "  CPIO    build/arm64-initramfs.cpio.gz ($(du -k "$build/arm64-initramfs.cpio.gz" | cut -f1) KiB)"
