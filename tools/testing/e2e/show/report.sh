# SPDX-License-Identifier: GPL-2.0
# Guest side of `make run`: what the reference devices give this guest,
# as TAP diagnostics (show.sh prints them without the "# ").
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"

say() { echo "# $*"; }
field() { cat "$1" 2>/dev/null || echo '?'; }

modprobe virtio_scmi 2>/dev/null
modprobe virtio_rtc 2>/dev/null
wait_for 5 sh -c 'ls /sys/bus/platform/devices/ | grep -q arm-scmi'
wait_for 5 test -e /dev/rtc0
sleep 0.5

say "Kernel: $(uname -srm)"
say ""
say "Virtio devices:"
for d in /sys/bus/virtio/devices/*; do
	[ -e "$d" ] || continue
	drv='(no driver)'
	[ -e "$d/driver" ] && drv=$(basename "$(readlink -f "$d/driver")")
	case "$(field "$d/device")" in
	0x0020) kind="SCMI" ;;
	0x0011) kind="RTC" ;;
	0x0009) kind="9P file share (the test rig's root, host and control directories)" ;;
	*) kind="id $(field "$d/device")" ;;
	esac
	say "  $(basename "$d"): $kind, driver $drv"
done
say ""
for dev in /sys/bus/platform/devices/arm-scmi.*; do
	[ -f "$dev/vendor_id" ] || continue
	say "SCMI platform $(basename "$dev"): vendor $(field "$dev/vendor_id")/$(field "$dev/sub_vendor_id"), firmware $(field "$dev/firmware_version"), SCMI $(field "$dev/protocol_version")"
done
say ""
say "SCMI sensors (hwmon):"
found=0
for h in /sys/class/hwmon/hwmon*; do
	[ -e "$h" ] || continue
	for f in "$h"/*_input; do
		[ -e "$f" ] || continue
		n=${f%_input}
		say "  $(field "${n}_label"): $(field "$f") ($(basename "$f"))"
		found=1
	done
done
[ $found = 1 ] || say "  (none)"
say "SCMI sensors (iio):"
found=0
for d in /sys/bus/iio/devices/iio:device*; do
	[ -e "$d" ] || continue
	vals=
	for c in "$d"/in_*_raw; do
		[ -e "$c" ] && vals="$vals $(basename "$c" _raw)=$(field "$c")"
	done
	say "  $(field "$d/name"):$vals"
	found=1
done
[ $found = 1 ] || say "  (none)"
say "SCMI clocks:"
if [ -r /sys/kernel/debug/clk/clk_summary ]; then
	awk 'NR > 3 && NF >= 5 { printf "#   %-20s %s Hz\n", $1, $5 }' \
		/sys/kernel/debug/clk/clk_summary | head -12
else
	say "  (no clk debugfs)"
fi
say ""
say "Clocks of the virtio RTC device (PTP):"
for p in /sys/class/ptp/ptp*; do
	[ -e "$p" ] || continue
	n=$(basename "$p")
	say "  /dev/$n: $(field "$p/clock_name"): $(phc_ctl "/dev/$n" get 2>/dev/null | sed -n 's/.*clock time is \([^ ]*\).*/\1/p')"
done
for r in /sys/class/rtc/rtc*; do
	[ -e "$r" ] || continue
	n=$(basename "$r")
	say "RTC /dev/$n ($(field "$r/name")): $(field "$r/date") $(field "$r/time") UTC"
	# rtcwake -m on waits on /dev/rtcN for the alarm interrupt.
	t0=$(date +%s)
	if timeout 6 rtcwake -d "$n" -m on -s 2 > /dev/null 2>&1; then
		say "  alarm set for +2 s fired after $(( $(date +%s) - t0 )) s"
	else
		say "  alarm set for +2 s: no alarm interrupt within 6 s"
	fi
done
tap_ok 0 "report printed"
tap_done
