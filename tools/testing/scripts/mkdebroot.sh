#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkdebroot.sh REPO BUILD SUITE ARCH: a Debian root, BUILD/debroot-SUITE-ARCH,
# with Debian's own cloud kernel, its headers, DKMS, udev and chrony, as a
# user's guest has them (SUITE trixie: Debian 13's 6.12; bookworm: Debian
# 12 with the 6.12 kernel from bookworm-backports). Nothing is rebuilt: the
# kernel and headers are Debian's packages. The DKMS package is installed
# into it by dkms-install.sh.
#
# Made once; remade when this script changes or VT_DEBROOT_REFRESH=1.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) suite=$3 arch=$4
root=$build/debroot-$suite-$arch
mirror=${VT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
stamp=$(sha1sum < "$0" | cut -c1-16)
[ "$(cat "$root/.vt-stamp" 2>/dev/null)" = "$stamp" ] && [ "${VT_DEBROOT_REFRESH:-0}" != 1 ] && exit 0

case $arch in
amd64 | arm64) ;;
*) echo "mkdebroot: unknown arch $arch" >&2; exit 2 ;;
esac
# A foreign root's programs (debootstrap's second stage, apt, the kernel's
# and DKMS's hooks, gcc) run through qemu-user-static's binfmt handler:
# installed and registered here when missing (binfmt_misc mounted first:
# containers often lack it). Its F flag opens the interpreter at
# registration, so it works inside the chroot.
foreign_binfmt() {
	local h=/proc/sys/fs/binfmt_misc
	[ -e $h/register ] || mount -t binfmt_misc binfmt_misc $h || return 1
	if ! dpkg-query -W -f='${Status}' qemu-user-static binfmt-support 2>/dev/null |
		grep -c 'install ok installed' | grep -qx 2; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			qemu-user-static binfmt-support > "$build/debroot-binfmt.log" 2>&1 || return 1
	fi
	[ -e $h/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64 || return 1
	grep -q '^flags: .*F' $h/qemu-aarch64
}
if [ "$arch" = arm64 ] && [ "$(dpkg --print-architecture)" != arm64 ] && ! foreign_binfmt; then
	echo "mkdebroot: an $arch root needs qemu-user-static's binfmt handler (with the F flag); see $build/debroot-binfmt.log" >&2
	exit 1
fi
echo "  DEBROOT build/debroot-$suite-$arch (Debian $suite, linux-image-cloud-$arch)"
tmp=$root.tmp
rm -rf "$tmp"
log=$build/debroot-$suite-$arch.log
base=systemd-sysv,udev,kmod,chrony,ca-certificates,linuxptp,bc,util-linux-extra
if ! debootstrap --arch="$arch" --variant=minbase --include="$base" \
	"$suite" "$tmp" "$mirror" > "$log" 2>&1; then
	tail -20 "$log" >&2
	echo "mkdebroot: debootstrap failed; see $log" >&2
	exit 1
fi
# bookworm's 6.12 kernel is in bookworm-backports.
target=()
if [ "$suite" = bookworm ]; then
	echo "deb $mirror bookworm-backports main" > "$tmp/etc/apt/sources.list.d/backports.list"
	target=(-t bookworm-backports)
fi
in_root() {
	chroot "$tmp" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"
}
mount -t proc proc "$tmp/proc"
trap 'umount "$tmp/proc" 2>/dev/null || true' EXIT
{
	in_root apt-get update &&
	in_root apt-get install -y --no-install-recommends "${target[@]}" \
		"linux-image-cloud-$arch" "linux-headers-cloud-$arch" dkms initramfs-tools
} >> "$log" 2>&1 || {
	tail -20 "$log" >&2
	echo "mkdebroot: installing the kernel, headers and DKMS failed; see $log" >&2
	exit 1
}
in_root apt-get clean >> "$log" 2>&1
umount "$tmp/proc"
trap - EXIT
echo "$stamp" > "$tmp/.vt-stamp"
rm -rf "$root"
mv "$tmp" "$root"
echo "  DEBROOT $(ls "$root/boot" | grep vmlinuz | tr '\n' ' ')"
