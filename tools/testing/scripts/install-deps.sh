#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the build and the tests need on Debian 12 (bookworm), as root.
# Idempotent: exits at once when everything is present.
set -euo pipefail

PKGS="build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils rsync kmod
python3 perl git sparse device-tree-compiler gcc-aarch64-linux-gnu libc6-dev-arm64-cross
busybox-static chrony linuxptp udev util-linux util-linux-extra procps debootstrap linux-source-6.12
ccache"
BPO_PKGS="qemu-system-arm"
BPO_FILE=/etc/apt/sources.list.d/bookworm-backports.sources

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
qemu_ok=0
if command -v qemu-system-aarch64 >/dev/null &&
   qemu-system-aarch64 --version | grep -qE 'version (1[0-9])\.'; then
	qemu_ok=1
fi
arm64_ok=0
dpkg --print-foreign-architectures | grep -qx arm64 && arm64_ok=1
[ -z "$missing" ] && [ $qemu_ok = 1 ] && [ $arm64_ok = 1 ] && [ -f /usr/src/linux-source-6.12.tar.xz ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing:$missing${qemu_ok/1/} (run as root to install)" >&2
	exit 1
fi

if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	cat > "$BPO_FILE" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
# arm64 package lists, for the arm64 guest's userspace (busybox-static:arm64
# and friends are downloaded and unpacked, never installed on the host).
[ $arm64_ok = 1 ] || dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $PKGS
[ $qemu_ok = 1 ] || apt-get install -y -q --no-install-recommends -t bookworm-backports $BPO_PKGS
test -f /usr/src/linux-source-6.12.tar.xz
qemu-system-aarch64 --version | head -1
