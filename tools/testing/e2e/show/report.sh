# SPDX-License-Identifier: GPL-2.0
# Guest side of `make run`: a short report of what the virtio devices give
# this guest, as TAP diagnostics (show.sh prints them without the "# ").
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"

say() { echo "# $*"; }
field() { cat "$1" 2>/dev/null || echo '?'; }

say "Kernel: $(uname -srm)"
say ""
say "Virtio devices:"
for d in /sys/bus/virtio/devices/*; do
	[ -e "$d" ] || continue
	drv='(no driver)'
	[ -e "$d/driver" ] && drv=$(basename "$(readlink -f "$d/driver")")
	case "$(field "$d/device")" in
	0x0020) kind="SCMI" ;;
	0x0011) kind="RTC/clock" ;;
	*) kind="id $(field "$d/device")" ;;
	esac
	say "  $(basename "$d"): $kind, driver $drv"
done
say ""
for dev in /sys/bus/platform/devices/arm-scmi.*; do
	[ -f "$dev/vendor_id" ] || continue
	say "SCMI platform $(basename "$dev"):"
	say "  vendor $(field "$dev/vendor_id") / $(field "$dev/sub_vendor_id"), firmware $(field "$dev/firmware_version"), SCMI $(field "$dev/protocol_version")"
	say "  transport: $(dmesg | sed -n 's/.*Using \(scmi_[a-z_]*\).*/\1/p' | tail -1)"
done
protos=$(ls /sys/bus/scmi_protocol/devices 2>/dev/null)
say "SCMI protocol devices: ${protos:-none}"
say ""
say "hwmon:"
found=0
for h in /sys/class/hwmon/hwmon*; do
	[ -e "$h" ] || continue
	for f in "$h"/*_input; do
		[ -e "$f" ] || continue
		n=${f%_input}
		say "  $(field "$h/name") $(field "${n}_label" 2>/dev/null): $(field "$f")"
		found=1
	done
done
[ $found = 1 ] || say "  (none yet)"
say "PTP clocks: $(ls /sys/class/ptp 2>/dev/null | tr '\n' ' ')"
say "RTCs: $(ls /sys/class/rtc 2>/dev/null | tr '\n' ' ')"
tap_ok 0 "report printed"
tap_done
