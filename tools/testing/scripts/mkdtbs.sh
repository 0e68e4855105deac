#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkdtbs.sh REPO BUILD: compile the test device trees into BUILD/dt/.
#  uml.dtb        from tools/testing/e2e/dts/uml.dts
#  arm64-virt.dtb QEMU's own virt DTB (dumped with the runner's machine
#                 options) plus tools/testing/e2e/dts/arm64-scmi.dtsi
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(mkdir -p "$2" && cd "$2" && pwd)
dts=$repo/tools/testing/e2e/dts
out=$build/dt
mkdir -p "$out"

newer() { [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" 2>/dev/null)" ]; }

if newer "$out/uml.dtb" "$dts/uml.dts"; then
	echo "  DTC     build/dt/uml.dtb"
	dtc -q -I dts -O dtb -o "$out/uml.dtb" "$dts/uml.dts"
fi

# shellcheck source=../e2e/lib/qemu-machine.sh
. "$repo/tools/testing/e2e/lib/qemu-machine.sh"
if newer "$out/qemu-virt.dts" "$repo/tools/testing/e2e/lib/qemu-machine.sh"; then
	echo "  DUMPDTB build/dt/qemu-virt.dts"
	timeout 60 qemu-system-aarch64 "${QEMU_MACHINE_ARGS[@]}" \
		-machine dumpdtb="$out/qemu-virt.dtb" > "$out/dumpdtb.log" 2>&1
	dtc -q -I dtb -O dts -o "$out/qemu-virt.dts" "$out/qemu-virt.dtb"
fi
if newer "$out/arm64-virt.dtb" "$out/qemu-virt.dts" "$dts/arm64-scmi.dtsi" "$0"; then
	echo "  DTC     build/dt/arm64-virt.dtb"
	# Every virtio-mmio slot may wake the system from suspend (its IRQ
	# becomes a wake IRQ), as a board's DT says with wakeup-source: the
	# virtio RTC's alarm wakes the guest through it.
	sed -n 's/^\t\(virtio_mmio@[0-9a-f]*\) {$/\&{\/\1} { wakeup-source; };/p' \
		"$out/qemu-virt.dts" > "$out/arm64-wake.dtsi"
	printf '/include/ "%s"\n/include/ "%s"\n/include/ "%s"\n' "$out/qemu-virt.dts" \
		"$dts/arm64-scmi.dtsi" "$out/arm64-wake.dtsi" > "$out/arm64-virt.dts"
	dtc -q -I dts -O dtb -o "$out/arm64-virt.dtb" "$out/arm64-virt.dts"
fi
