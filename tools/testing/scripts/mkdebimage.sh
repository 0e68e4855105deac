#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkdebimage.sh REPO BUILD SUITE ARCH: the DKMS package (build/deb) installed
# with apt into BUILD/debroot-SUITE-ARCH (mkdebroot.sh), DKMS building the
# modules for Debian's kernel there, then that root as an ext4 disk image,
# BUILD/debimage-SUITE-ARCH.img, for run-guest.sh --debian. Debian's cloud
# kernel has no 9p, so the guest cannot reach the host's files: the image
# also holds guest-init (/sbin/vt-init) and, at their host paths, the
# repository's guest scripts and the host build of the rtc tools.
# IMAGE.kernel and IMAGE.initrd name Debian's kernel and initrd.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) suite=$3 arch=$4
root=$build/debroot-$suite-$arch
img=$build/debimage-$suite-$arch.img
log=$build/debimage-$suite-$arch.log
deb=$(ls -t "$build"/deb/virtio-scmi-rtc-dkms_*_all.deb 2>/dev/null | head -1)
[ -d "$root" ] && [ -n "$deb" ] || { echo "mkdebimage: needs $root (mkdebroot.sh) and make deb" >&2; exit 1; }
echo "  DEBIMG  ${img#"$build"/} (${deb##*/})"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
cp "$deb" "$root/tmp/"
chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	apt-get install -y --reinstall "/tmp/${deb##*/}" > "$log" 2>&1 || {
	tail -20 "$log" >&2
	exit 1
}
umount "$root/proc"
trap - EXIT
kver=$(ls "$root/lib/modules" | sort -V | tail -1)
ls "$root/lib/modules/$kver/updates/dkms/" | grep -q '^virtio_rtc\.ko' || {
	echo "mkdebimage: DKMS built no virtio_rtc for $kver; see $log" >&2
	exit 1
}
install -m 755 "$repo/tools/testing/e2e/guest-init" "$root/sbin/vt-init"
rm -rf "$root/${repo#/}"
mkdir -p "$root/${repo#/}/tools/testing" "$root/${repo#/}/tools/virtio"
cp -a "$repo/tools/testing/e2e" "$root/${repo#/}/tools/testing/"
cp -a "$repo/tools/virtio/virtio_rtc" "$root/${repo#/}/tools/virtio/"
# The tools as built for the guest's architecture (amd64: the host's).
tools=host
[ "$arch" = arm64 ] && tools=arm64
for t in rtc-tools scmi-tools; do
	[ -d "$build/$t/$tools" ] || continue
	rm -rf "${root:?}/${build#/}/$t"
	mkdir -p "$root/${build#/}/$t"
	cp -a "$build/$t/$tools" "$root/${build#/}/$t/"
done
size=$(($(du -sm "$root" | cut -f1) * 13 / 10 + 200))
rm -f "$img"
mkfs.ext4 -q -F -L vtroot -d "$root" "$img" "${size}M"
echo "$root/boot/vmlinuz-$kver" > "$img.kernel"
echo "$root/boot/initrd.img-$kver" > "$img.initrd"
echo "  DEBIMG  kernel $kver, ${size} MiB"
