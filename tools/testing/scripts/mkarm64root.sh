#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkarm64root.sh REPO BUILD: the arm64 test guest's root file system,
# BUILD/arm64-root, unpacked from Debian bookworm's arm64 packages.
#
# debootstrap --foreign resolves and downloads the packages and unpacks the
# required ones; the rest are unpacked here with dpkg-deb. No maintainer
# script runs (they would need an arm64 CPU): the few files they would make
# (passwd, group) are written below, and busybox provides the commands no
# package does (poweroff among them). QEMU serves the tree read-only over
# 9p as the guest's root; the guest mounts tmpfs wherever it writes and sees
# the host's root under /run/host, as a UML guest does.
#
# Rebuilt only when this script or the package list changes; the guest
# init is refreshed every time.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
root=$build/arm64-root
mirror=${VT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
# What the guest-side test scripts run: chronyd/chronyc, phc_ctl (linuxptp),
# hwclock and rtcwake (util-linux(-extra)), udevd/udevadm, modprobe (kmod),
# bc, ps; busybox for poweroff and anything else.
pkgs="busybox-static,chrony,linuxptp,util-linux,util-linux-extra,udev,kmod,bc,procps,mawk"

stamp=$(printf '%s %s %s\n' "$suite" "$pkgs" "$(sha1sum < "$0")" | sha1sum | cut -c1-16)
if [ "$(cat "$root/.vt-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "  ROOTFS  build/arm64-root (Debian $suite arm64: ${pkgs//,/ })"
	tmp=$build/arm64-root.tmp
	rm -rf "$tmp"
	if ! debootstrap --arch=arm64 --foreign --variant=minbase --include="$pkgs" \
		"$suite" "$tmp" "$mirror" > "$build/arm64-root.log" 2>&1; then
		tail -20 "$build/arm64-root.log" >&2
		echo "mkarm64root: debootstrap failed; see build/arm64-root.log" >&2
		exit 1
	fi
	for deb in "$tmp"/var/cache/apt/archives/*.deb; do
		dpkg-deb -x "$deb" "$tmp"
	done
	rm -f "$tmp"/var/cache/apt/archives/*.deb
	rm -rf "$tmp/debootstrap"
	# Accounts the packages' maintainer scripts would have created.
	cat > "$tmp/etc/passwd" <<-'EOF'
	root:x:0:0:root:/root:/bin/sh
	_chrony:x:100:101:Chrony daemon:/var/lib/chrony:/usr/sbin/nologin
	nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
	EOF
	cat > "$tmp/etc/group" <<-'EOF'
	root:x:0:
	_chrony:x:101:
	nogroup:x:65534:
	EOF
	echo vt-arm64 > "$tmp/etc/hostname"
	# The alternatives links update-alternatives would have made.
	ln -sf mawk "$tmp/usr/bin/awk"
	# busybox applets for commands no package provides; the applet list
	# comes from the host's busybox-static, the same Debian version.
	busybox --list-full | while read -r applet; do
		name=${applet##*/}
		found=0
		for d in bin sbin usr/bin usr/sbin; do
			if [ -e "$tmp/$d/$name" ] || [ -L "$tmp/$d/$name" ]; then
				found=1
				break
			fi
		done
		[ $found = 1 ] || ln -s /bin/busybox "$tmp/usr/bin/$name"
	done
	echo "$stamp" > "$tmp/.vt-stamp"
	rm -rf "$root"
	mv "$tmp" "$root"
	echo "  ROOTFS  build/arm64-root ready ($(du -sm "$root" | cut -f1) MiB)"
fi
# The guest init lives in the repository; the root carries a copy.
if ! cmp -s "$repo/tools/testing/e2e/guest-init" "$root/sbin/vt-init"; then
	install -m 0755 "$repo/tools/testing/e2e/guest-init" "$root/sbin/vt-init"
fi
