#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# show.sh uml|arm64|x86_64 [--console]: `make run`. Boots the guest with the
# reference devices and prints what the guest sees, readable at a glance.
# --console (`make console`): the same guest on this terminal, with a shell
# after the report.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=$1
case "$arch" in
uml) devs=(--dev "scmi" --dev "rtc") ;;
arm64)
	# virtio-rtc needs Debian unstable's QEMU (make sid); QEMU 10 serves
	# SCMI alone.
	build=$here/../../../build
	if [ -x "$build/qemu-sid" ]; then
		devs=(--qemu "$build/qemu-sid" --dev "scmi@pci" --dev "rtc@pci")
	else
		echo "make run: no build/qemu-sid (make sid failed?): SCMI only, no virtio-rtc" >&2
		devs=(--dev "scmi@pci")
	fi
	;;
x86_64)
	# Our x86_64 kernel on Debian unstable's QEMU (make sid): virtio-rtc
	# only (x86 has no device tree for an SCMI node).
	devs=(--dev "rtc@pci")
	;;
*) echo "show.sh: unknown arch $arch" >&2; exit 2 ;;
esac
if [ "${2:-}" = --console ]; then
	exec "$here/run-guest.sh" --arch "$arch" --name console --console \
		--script "$here/show/report.sh" "${devs[@]}"
fi
"$here/run-guest.sh" --arch "$arch" --name show --script "$here/show/report.sh" \
	--timeout 120 "${devs[@]}" > /dev/null 2>&1
out=$here/../../../build/runs/$arch-show
sed -n 's/^# \{0,1\}//p' "$out/tap.txt"
if ! grep -q '^ok 1 - report printed' "$out/tap.txt"; then
	echo "make run: the guest did not finish its report; console log: $out/console.log" >&2
	tail -20 "$out/console.log" >&2
	exit 1
fi
