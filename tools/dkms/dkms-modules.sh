#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms-modules.sh KSRC [SRC [VERSION]]: the modules of this package that the kernel
# whose build tree is KSRC (configured: KSRC/.config) can and should get,
# on stdout; why one is left out, on stderr. dkms.conf builds what it
# prints. With SRC (PRE_BUILD), also copy the SCMI core's private headers
# that virtio_scmi needs into SRC/drivers/firmware/arm_scmi/.
#
#   virtio_rtc   needs VIRTIO; left out when the kernel has its own
#                (CONFIG_VIRTIO_RTC: in tree since 6.16, or a backport).
#   virtio_scmi  needs VIRTIO and the SCMI core with its message helpers
#                (ARM_SCMI_PROTOCOL, ARM_SCMI_HAVE_MSG); left out when the
#                kernel has the in-tree virtio transport
#                (ARM_SCMI_TRANSPORT_VIRTIO), which would drive the same
#                devices. The core's private headers (common.h, protocols.h,
#                notify.h) are not in linux-headers packages: they come
#                from KSRC when it is a full tree, else from Debian's
#                linux-source-X.Y package (/usr/src/linux-source-X.Y.tar.xz).
set -u
ksrc=$1 src=${2:-} version=${3:-VERSION}
cfg=$ksrc/.config
hdrs="common.h protocols.h notify.h"

say() {
	echo "virtio-scmi-rtc: $*" >&2
}
has() {
	grep -q "^$1=[ym]" "$cfg"
}

# No configuration (the headers are gone): nothing can be built, but DKMS
# still reads the list to take installed modules away: all of them.
if [ ! -r "$cfg" ]; then
	say "$cfg: no kernel configuration (headers not installed)"
	echo virtio_rtc virtio_scmi
	exit 0
fi
release=$(cat "$ksrc/include/config/kernel.release" 2>/dev/null)
series=$(echo "$release" | cut -d. -f1-2)

# scmi_headers: the directory holding the core's headers, or the source
# tarball they are in; nothing when neither exists.
scmi_headers() {
	local d=$ksrc/drivers/firmware/arm_scmi h ok=1
	for h in $hdrs; do
		[ -r "$d/$h" ] || ok=0
	done
	if [ $ok = 1 ]; then
		echo "$d"
	elif [ -r "/usr/src/linux-source-$series.tar.xz" ]; then
		echo "/usr/src/linux-source-$series.tar.xz"
	fi
}

# fetch FROM: copy the headers into SRC.
fetch() {
	local dst=$src/drivers/firmware/arm_scmi h
	mkdir -p "$dst" || return 1
	if [ -d "$1" ]; then
		for h in $hdrs; do
			cp "$1/$h" "$dst/" || return 1
		done
	else
		# shellcheck disable=SC2046
		tar -xJf "$1" -C "$dst" --strip-components=4 \
			$(for h in $hdrs; do echo "linux-source-$series/drivers/firmware/arm_scmi/$h"; done) ||
			return 1
	fi
}

mods=
if ! has CONFIG_VIRTIO; then
	say "$release has no virtio (CONFIG_VIRTIO): nothing to build"
	exit 0
fi
if has CONFIG_VIRTIO_RTC; then
	say "$release has its own virtio_rtc (CONFIG_VIRTIO_RTC): not building ours"
else
	mods="$mods virtio_rtc"
fi
if ! has CONFIG_ARM_SCMI_PROTOCOL; then
	say "$release has no SCMI core (CONFIG_ARM_SCMI_PROTOCOL): no virtio_scmi"
elif ! has CONFIG_ARM_SCMI_HAVE_MSG; then
	say "$release's SCMI core lacks its message helpers (CONFIG_ARM_SCMI_HAVE_MSG): no virtio_scmi"
elif has CONFIG_ARM_SCMI_TRANSPORT_VIRTIO; then
	say "$release has the in-tree virtio SCMI transport (CONFIG_ARM_SCMI_TRANSPORT_VIRTIO): not building ours"
else
	from=$(scmi_headers)
	if [ -z "$from" ]; then
		# (dkms autoinstall would not do: it skips a version that is
		# installed for the kernel, as this one is with virtio_rtc; nor
		# dkms install --force alone: it installs again what was built,
		# without virtio_scmi.)
		say "no virtio_scmi for $release: it needs the SCMI core's private headers; install linux-source-$series (apt install linux-source-$series), then: dkms build --force virtio-scmi-rtc/$version -k $release && dkms install --force virtio-scmi-rtc/$version -k $release"
	elif [ -n "$src" ] && ! fetch "$from"; then
		say "no virtio_scmi for $release: could not take the SCMI core's headers from $from"
	else
		mods="$mods virtio_scmi"
	fi
fi
echo $mods
