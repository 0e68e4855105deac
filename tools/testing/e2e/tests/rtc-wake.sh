# SPDX-License-Identifier: GPL-2.0
# virtio-rtc across system sleep (arm64 guests).
#  case=wake (default): the alarm wakes the guest from suspend-to-idle,
#    rtcwake -m freeze -s 3, twice (a wakeup event left active would make
#    the second suspend fail). The device sits on virtio-mmio, whose DT
#    node says wakeup-source (mkdtbs.sh); the driver keeps it running while
#    the system sleeps and hands the alarm to the RTC core after resume.
#  case=pm-test: devices suspend and resume with no wake-up needed
#    (/sys/power/pm_test = devices, CONFIG_PM_DEBUG), for a device that
#    cannot wake the guest (virtio-pci disables it on suspend): the driver
#    works afterwards and its alarm still fires.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "the virtio RTC device is bound to virtio_rtc" wait_for 5 rtc_bound
rtc=$(rtc_class_devs | head -1)
tap_ok $? "an RTC class device: $rtc"
name=$(basename "${rtc:-/dev/none}")
power=/sys/class/rtc/$name/device/power
tap_is "$(cat "$power/wakeup" 2>&1)" enabled "the virtio device is a wakeup source"
grep -qw freeze /sys/power/state
tap_ok $? "suspend-to-idle is available ($(cat /sys/power/state))"

# The PM core's messages on the console as they come: a guest that never
# wakes, or hangs in resume, shows where.
echo 7 > /proc/sys/kernel/printk
# The PM core's messages on the console as they come: a guest that never
# wakes, or hangs in resume, shows where.
echo 7 > /proc/sys/kernel/printk
if [ "${VT_CASE:-wake}" = pm-test ]; then
	dmesg_mark
	echo devices > /sys/power/pm_test
	tap_run "suspend and resume the devices (pm_test=devices)" sh -c 'echo freeze > /sys/power/state'
	echo none > /sys/power/pm_test
	dmesg_has 'PM: suspend debug: Waiting' && dmesg_has 'PM: suspend exit'
	tap_ok $? "the kernel log shows the test suspend and resume"
	tap_run "the PHC reads after resume" "$VTCLOCK" read "$(ptp_dev "Virtio PTP type 0/variant 0")"
	tap_run "the RTC reads after resume" "$VTCLOCK" rtc-read "$rtc"
	out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --timeout 5 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	tap_ok $rc "an alarm set after resume fires"
	tap_is "$(vt_ctl 0 stats | kv req_errors)" 0 "the device answered no request with an error"
	tap_done
	exit
fi
for round in 1 2; do
	events=$(cat "$power/wakeup_active_count" 2>/dev/null)
	dmesg_mark
	a=$(now)
	rtcwake -d "$name" -m freeze -s 3 > /tmp/rtcwake.out 2>&1
	rc=$?
	b=$(now)
	took=$(echo "$b - $a" | bc)
	sed 's/^/# rtcwake: /' /tmp/rtcwake.out
	tap_ok $rc "round $round: rtcwake -m freeze -s 3 returns 0"
	between "$took" 2.5 10
	tap_ok $? "round $round: the alarm woke the guest after $took s (3 s asked)"
	dmesg_has 'PM: suspend entry \(s2idle\)' && dmesg_has 'PM: suspend exit'
	tap_ok $? "round $round: the kernel log shows the s2idle suspend and resume"
	! dmesg_has 'PM: (Some devices failed|suspend.*failed|Wakeup pending)'
	tap_ok $? "round $round: no device failed to suspend, no suspend was aborted"
	after=$(cat "$power/wakeup_active_count" 2>/dev/null)
	[ "${after:-0}" -gt "${events:-0}" ]
	tap_ok $? "round $round: the virtio device reported the wakeup event (wakeup_active_count $events -> $after)"
	tap_run "round $round: the PHC reads after resume" "$VTCLOCK" read "$(ptp_dev "Virtio PTP type 0/variant 0")"
	tap_run "round $round: the RTC reads after resume" "$VTCLOCK" rtc-read "$rtc"
done
grep -E '^(alarm_IRQ|alrm_pending)' /proc/driver/rtc | sed 's/^/# /'
tap_is "$(sed -n 's/^alrm_pending[[:space:]]*: //p' /proc/driver/rtc)" no "no alarm left pending"
st=$(vt_ctl 0 stats)
tap_is "$(echo "$st" | kv req_errors)" 0 "the device answered no request with an error"
tap_done
