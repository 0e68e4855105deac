# SPDX-License-Identifier: GPL-2.0
# virtio-rtc RTC class device (default device: clock 3 is UTC_SMEARED with
# the alarm): one /dev/rtcN, backed by that clock, read-only, no update
# interrupt; alarms through rtcwake and through the ioctls fire on time, a
# past alarm fires at once, a device clock step makes a pending alarm
# expire, and the device sends exactly one notification per expiration.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "the virtio RTC device is bound to virtio_rtc" wait_for 5 rtc_bound
rtcs=$(rtc_class_devs)
tap_is "$(echo "$rtcs" | grep -c .)" 1 "exactly one RTC class device for the four clocks"
rtc=$(echo "$rtcs" | head -1)
rtcn=$(basename "${rtc:-/dev/none}")
tap_diag "RTC: $rtc ($(cat /sys/class/rtc/"$rtcn"/name 2>&1))"

# It is clock 3's: step clock 3 (and only it) and the RTC follows.
r0=$("$VTCLOCK" rtc-read "$rtc" | kv rtc)
vt_ctl 0 "step 3 +1000s" > /dev/null
r1=$("$VTCLOCK" rtc-read "$rtc" | kv rtc)
vt_ctl 0 "step 3 -1000s" > /dev/null
d=$(( ${r1:-0} - ${r0:-0} ))
tap_diag "RTC before/after stepping clock 3 by +1000 s: $r0 / $r1"
[ $d -ge 1000 ] && [ $d -le 1010 ]
tap_ok $? "the RTC is the UTC_SMEARED clock (it follows a step of clock 3)"

# Reads match the host time: RTC seconds truncate, so realtime - RTC is in
# [0, 1) up to the guest clock's error; allow 1 s either way as specified.
out=$("$VTCLOCK" rtc-read "$rtc")
d=$(echo "$out" | kv sys_minus_rtc)
tap_diag "realtime - RTC_RD_TIME: $d s"
between "${d:-9}" -1 1
tap_ok $? "RTC_RD_TIME is within 1 s of the realtime"
# hwclock waits up to a second for the RTC's next second and then prints
# the time as of its own start: judge it against the realtime before and
# after the call, 1 s either way.
before=$(now)
hw=$(hwclock -r -f "$rtc" --utc 2>&1)
sys=$(now)
hws=$(date -d "$hw" +%s.%N 2>/dev/null)
tap_diag "hwclock: $hw ($hws), realtime before it: $before, after it: $sys"
between "${hws:-0}" "$(echo "$before - 1" | bc)" "$(echo "$sys + 1" | bc)"
tap_ok $? "hwclock -r is within 1 s of the realtime"

# Read-only, no update interrupt.
out=$("$VTCLOCK" rtc-set "$rtc" 2>&1)
echo "$out" | grep -q '^EINVAL: RTC_SET_TIME'
tap_ok $? "RTC_SET_TIME is refused (EINVAL: no set_time)"
hwclock -w -f "$rtc" --utc > /tmp/hwclock-w.out 2>&1
rc=$?
tap_diag "$(cat /tmp/hwclock-w.out)"
[ $rc -ne 0 ]
tap_ok $? "hwclock -w fails"
out=$("$VTCLOCK" rtc-uie "$rtc" 2>&1)
echo "$out" | grep -q '^EINVAL: RTC_UIE_ON'
tap_ok $? "RTC_UIE_ON is refused (EINVAL: no update interrupt)"
grep -q '^update IRQ enabled.*: no' /proc/driver/rtc
tap_ok $? "/proc/driver/rtc: update IRQ not enabled"

# Alarm times are in the device's clock, which follows the host; the
# guest's realtime is off it: judge firing times in device time.
goff=$(device_offset)
tap_diag "device clock - guest realtime: $goff s"

# stats_delta KEY: how much a device counter grew since stats_snap.
stats_snap() {
	SNAP=$(vt_ctl 0 stats)
}
stats_delta() {
	_now=$(vt_ctl 0 stats)
	echo $(( $(echo "$_now" | kv "$1") - $(echo "$SNAP" | kv "$1") ))
}
# check_one_notification WHAT: one expiration, one notification since the
# snapshot, nothing dropped or still pending.
check_one_notification() {
	_now=$(vt_ctl 0 stats)
	_e=$(( $(echo "$_now" | kv alarm_expired) - $(echo "$SNAP" | kv alarm_expired) ))
	_s=$(( $(echo "$_now" | kv notif_sent) - $(echo "$SNAP" | kv notif_sent) ))
	_p=$(echo "$_now" | kv notif_pending)
	tap_is "$_e/$_s/$_p" "1/1/0" "$1: the device expired 1 alarm, sent 1 notification, holds none"
}

# rtcwake -m no sets the wake alarm 2 s ahead and returns; the alarm shows
# in sysfs until it fires. Wait for the interrupt on /dev/rtcN.
stats_snap
tap_run "rtcwake -d $rtcn -m no -s 2" rtcwake -d "$rtcn" -m no -s 2
wake=$(cat /sys/class/rtc/"$rtcn"/wakealarm)
tap_diag "wakealarm: $wake"
out=$("$VTCLOCK" rtc-wait "$rtc" 4)
fired=$(echo "$out" | kv fired_at)
late=$(echo "${fired:-0} + $goff - ${wake:-0}" | bc)
tap_diag "rtcwake alarm fired at $fired: $late s after its time"
[ -n "$fired" ] && [ -n "$wake" ] && between "$late" -0.02 1
tap_ok $? "the rtcwake alarm fired within 1 s of its time"
[ -n "$fired" ] && [ -e "/sys/class/rtc/$rtcn/wakealarm" ] && [ -z "$(cat /sys/class/rtc/"$rtcn"/wakealarm)" ]
tap_ok $? "wakealarm is cleared once it fired"
check_one_notification "rtcwake"

# RTC_ALM_SET + RTC_AIE_ON, 2 s ahead.
stats_snap
out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --timeout 4)
rc=$?
echo "$out" | grep -E '^(alarm|fired_at|rtc_after|E[A-Z]+)' | sed 's/^/# /'
alarm=$(echo "$out" | kv alarm)
late=$(echo "$(echo "$out" | kv fired_at) + $goff - ${alarm:-0}" | bc)
[ $rc -eq 0 ] && between "$late" -0.02 1
tap_ok $? "RTC_ALM_SET + RTC_AIE_ON: the alarm fired within 1 s of its time ($late s)"
tap_is "$(echo "$out" | kv rtc_after)" "${alarm:-none}" "the RTC reads the alarm second when it fires"
check_one_notification "RTC_ALM_SET"

# An alarm in the past (RTC_WKALM_SET, 10 s ago) fires at once; the RTC
# core runs it without arming the device.
stats_snap
out=$("$VTCLOCK" rtc-alarm "$rtc" --in -10 --wk --timeout 2)
rc=$?
d=$(echo "$(echo "$out" | kv fired_at) - $(echo "$out" | kv set_at)" | bc)
[ $rc -eq 0 ] && between "$d" 0 1
fired=$?
tap_ok $fired "an alarm 10 s in the past fires at once ($d s)"
[ $fired -eq 0 ] && [ "$(stats_delta notif_sent)" = 0 ]
tap_ok $? "the past alarm fired without a device notification"

# A pending alarm 30 s ahead; stepping clock 3 by +40 s makes it expire.
stats_snap
"$VTCLOCK" rtc-alarm "$rtc" --in 30 --timeout 10 > /tmp/step-alarm.out 2>&1 &
waiter=$!
alarm_set() {
	vt_ctl 0 "alarm 3" | grep -q '^enabled=1'
}
tap_run "the 30 s alarm is armed in the device" wait_for 5 alarm_set
before=$(now)
tap_run "step clock 3 by +40 s" vt_ctl 0 "step 3 +40s"
after=$(now)
wait $waiter
rc=$?
fired=$(kv fired_at < /tmp/step-alarm.out)
tap_diag "step issued $before, done $after, alarm fired at $fired"
[ $rc -eq 0 ] && between "${fired:-0}" "$before" "$(echo "$after + 1" | bc)"
tap_ok $? "the step made the pending alarm fire within 1 s"
check_one_notification "clock step"
vt_ctl 0 "step 3 -40s" > /dev/null

# Nothing more arrived, nothing is left over: every expiration was
# notified exactly once over the whole run.
st=$(vt_ctl 0 stats)
tap_diag "device: alarm_expired=$(echo "$st" | kv alarm_expired) notif_sent=$(echo "$st" | kv notif_sent) notif_dropped=$(echo "$st" | kv notif_dropped) set_alarm=$(echo "$st" | kv req_set_alarm) set_alarm_enabled=$(echo "$st" | kv req_set_alarm_enabled)"
tap_is "$(echo "$st" | kv alarm_expired)/$(echo "$st" | kv notif_sent)" "3/3" "3 device expirations, 3 notifications in all"
tap_is "$(echo "$st" | kv req_errors)" 0 "no request failed"
tap_done
