#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkdeb.sh REPO BUILD: the DKMS package BUILD/deb/virtio-scmi-rtc-dkms_V_all.deb
# (V: 0.1.<commits on HEAD>), with dpkg-deb from the files of tools/dkms/.
# Its contents:
#   /usr/src/virtio-scmi-rtc-V/       dkms.conf, Kbuild, dkms-modules.sh and
#                                     the drivers' sources (no KUnit files)
#   /usr/lib/udev/rules.d/70-virtio-rtc.rules
#   /usr/share/doc/virtio-scmi-rtc-dkms/  README.Debian, copyright, the
#                                     chrony example
set -euo pipefail
repo=$(cd "$1" && pwd) build=$2
dkms=$repo/tools/dkms
version=0.1.$(git -C "$repo" rev-list --count HEAD 2>/dev/null || echo 0)
pkg=virtio-scmi-rtc-dkms
stage=$build/deb/stage
rm -rf "$stage"
src=$stage/usr/src/virtio-scmi-rtc-$version
doc=$stage/usr/share/doc/$pkg
mkdir -p "$src/drivers/virtio" "$src/drivers/firmware/arm_scmi/transports" \
	"$src/include/uapi/linux" "$stage/usr/lib/udev/rules.d" "$doc/examples" "$stage/DEBIAN"

# The sources the Kbuild names, nothing else.
for f in "$repo"/drivers/virtio/virtio_rtc_*.[ch]; do
	case $f in *_test.c) continue ;; esac
	cp "$f" "$src/drivers/virtio/"
done
for f in "$repo"/drivers/firmware/arm_scmi/transports/virtio_scmi*.[ch]; do
	case $f in *_test.c) continue ;; esac
	cp "$f" "$src/drivers/firmware/arm_scmi/transports/"
done
cp "$repo/include/uapi/linux/virtio_rtc.h" "$src/include/uapi/linux/"
cp "$dkms/Kbuild" "$dkms/dkms-modules.sh" "$src/"
sed "s/@VERSION@/$version/" "$dkms/dkms.conf" > "$src/dkms.conf"
chmod 755 "$src/dkms-modules.sh"

cp "$repo/tools/virtio/virtio_rtc/70-virtio-rtc.rules" "$stage/usr/lib/udev/rules.d/"
cp "$repo/tools/virtio/virtio_rtc/chrony-virtio-rtc.conf" "$doc/examples/"
cp "$dkms/debian/README.Debian" "$dkms/debian/copyright" "$doc/"

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$dkms/debian/control" > "$stage/DEBIAN/control"
for s in postinst prerm; do
	sed "s/@VERSION@/$version/" "$dkms/debian/$s" > "$stage/DEBIAN/$s"
	chmod 755 "$stage/DEBIAN/$s"
done
find "$stage" -type d -exec chmod 755 {} +
out=$build/deb/${pkg}_${version}_all.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" > /dev/null
echo "$out"
