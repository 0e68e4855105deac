# SPDX-License-Identifier: GPL-2.0
# virtio-rtc device life cycle (default device, its RTC has the alarm):
# unbind and bind through sysfs while PHC and RTC descriptors are open and
# reads are in flight, ten times; open descriptors of a removed clock fail
# with ENODEV and close cleanly; a read the device is still answering when
# the unbind comes finishes first; an RTC read in flight fails with ENODEV;
# an alarm the device keeps over the reset is taken over by the new RTC.
# rmmod is refused here: the alarmtimer takes a module reference on the
# first wakeup-capable RTC (rtc-module.sh unloads a device without alarm).
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

drv=/sys/bus/virtio/drivers/virtio_rtc
UTC="Virtio PTP type 0/variant 0"

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "the virtio RTC device is bound to virtio_rtc" wait_for 5 rtc_bound
vdev=$(basename "$(rtc_vdev)")
rtc=$(rtc_class_devs | head -1)

out=$(rmmod virtio_rtc 2>&1)
rc=$?
tap_diag "rmmod: $out; refcnt $(cat /sys/module/virtio_rtc/refcnt); RTC $(ls -d /sys/class/rtc/*/alarmtimer* 2>/dev/null)"
[ $rc -ne 0 ] && [ -d /sys/module/virtio_rtc ] && rtc_bound
tap_ok $? "rmmod is refused while the alarmtimer holds the RTC, the device stays bound"
"$VTCLOCK" read "$(ptp_dev "$UTC")" > /dev/null
tap_ok $? "the PHC still reads after the refused rmmod"

four_phcs() {
	[ "$(ptp_count)" = 4 ]
}
unbind() {
	echo "$vdev" > $drv/unbind
}
bind() {
	echo "$vdev" > $drv/bind && wait_for 5 four_phcs
}

# Open descriptors across an unbind: the PHC fails with ENODEV, and stays
# failed after the device is back (a new PHC, not the old one revived); the
# RTC too; closing them afterwards is harmless.
ptp=$(ptp_dev "$UTC")
exec 3< "${ptp:-/dev/null}"
exec 4< "${rtc:-/dev/null}"
"$VTCLOCK" read -f 3 > /dev/null && "$VTCLOCK" rtc-read -f 4 > /dev/null
tap_ok $? "reads through open PHC and RTC descriptors work"
tap_run "unbind with the descriptors open" unbind
out=$("$VTCLOCK" read -f 3 2>&1)
tap_is "${out%%:*}" ENODEV "the open PHC descriptor fails with ENODEV after the unbind"
out=$("$VTCLOCK" rtc-read -f 4 2>&1)
tap_is "${out%%:*}" ENODEV "the open RTC descriptor fails with ENODEV after the unbind"
tap_run "bind again" bind
out=$("$VTCLOCK" read -f 3 2>&1)
tap_is "${out%%:*}" ENODEV "the old PHC descriptor still fails after the bind"
"$VTCLOCK" read "$(ptp_dev "$UTC")" > /dev/null
tap_ok $? "the new UTC PHC reads"
exec 3<&- 4<&-
tap_ok 0 "the stale descriptors closed"

# A PHC read in flight (the device answers 5 s late) when the unbind
# comes: remove stops the device first, so the read fails at once with
# ENODEV and the unbind does not wait for the late answer (nor, with a
# silent device, for the request timeout).
# read_reached N: the backend has received more than N reads.
read_reached() {
	[ "$(vt_stat 0 req_read)" -gt "$1" ]
}
ptp=$(ptp_dev "$UTC")
vt_ctl 0 "fault delay=5000,queue=0" > /dev/null
n=$(vt_stat 0 req_read)
"$VTCLOCK" read "$ptp" > /tmp/inflight.out 2>&1 &
reader=$!
wait_for 5 read_reached "$n"
t0=$(now)
unbind
t1=$(now)
wait $reader
rc=$?
vt_ctl 0 "fault off" > /dev/null
tap_diag "unbind took $(echo "$t1 - $t0" | bc) s; reader: $(head -1 /tmp/inflight.out)"
[ $rc -ne 0 ] && [ "$(head -1 /tmp/inflight.out | cut -d: -f1)" = ENODEV ] &&
	between "$(echo "$t1 - $t0" | bc)" 0 4
tap_ok $? "a PHC read in flight fails with ENODEV; the unbind does not wait for its answer"
tap_run "bind again" bind

# An RTC read in flight: the device is reset under it and the driver
# returns the request with ENODEV at once.
rtc=$(rtc_class_devs | tail -1)
vt_ctl 0 "fault delay=3000,queue=0" > /dev/null
n=$(vt_stat 0 req_read)
"$VTCLOCK" rtc-read "$rtc" > /tmp/inflight.out 2>&1 &
reader=$!
wait_for 5 read_reached "$n"
t0=$(now)
unbind
wait $reader
t1=$(now)
vt_ctl 0 "fault off" > /dev/null
tap_diag "reader: $(head -1 /tmp/inflight.out), $(echo "$t1 - $t0" | bc) s after the unbind"
grep -q '^ENODEV: RTC_RD_TIME' /tmp/inflight.out && between "$(echo "$t1 - $t0" | bc)" 0 1.5
tap_ok $? "an RTC read in flight fails with ENODEV when the device goes"
tap_run "bind again" bind

# Ten unbind/bind cycles with a reader hammering the UTC PHC: every read
# before the unbind works, every one after fails with ENODEV, none works
# again on the old descriptor, nothing else happens.
bad=0
i=1
c0=$(date +%s)
while [ $i -le 10 ]; do
	if ! reads_across "$(ptp_dev "$UTC")" unbind; then
		bad=$((bad + 1))
		tap_diag "cycle $i: $(tr '\n' ' ' < /tmp/loop.out)"
	fi
	bind || { bad=$((bad + 1)); tap_diag "cycle $i: bind failed"; }
	i=$((i + 1))
done
tap_diag "last cycle: $(tr '\n' ' ' < /tmp/loop.out)"
tap_is "$bad" 0 "10 unbind/bind cycles under reads: ok before, ENODEV after, nothing else"

# An alarm the device keeps over its reset: set ahead (an unbind and bind
# take seconds on a debug arm64 guest: 10 s, or more when the cycles above
# were slow), unbind, bind; the new RTC reads it at registration, arms it
# and gets the expiration. An alarm that fires before the wait below opens
# the RTC is not seen by it (opening /dev/rtc clears a pending event).
lead=$(( ($(date +%s) - c0) * 3 / 10 + 5 ))
[ $lead -lt 10 ] && lead=10
rtc=$(rtc_class_devs | tail -1)
out=$("$VTCLOCK" rtc-alarm "$rtc" --in $lead --wk --no-wait 2>&1)
alarm=$(echo "$out" | kv alarm)
sent0=$(vt_stat 0 notif_sent)
unbind
bind
new=$(rtc_class_devs | tail -1)
tap_is "$(cat /sys/class/rtc/"$(basename "$new")"/wakealarm 2>&1)" "$alarm" "the new RTC ($new) took over the alarm the device kept"
# The guest's realtime is not the device's clock (it starts from the
# emulated board RTC, whole seconds): judge the firing time in device time.
goff=$(device_offset)
left=$(echo "${alarm:-0} - $goff - $(date +%s.%N)" | bc)
tap_diag "alarm set $lead s ahead; $left s left when the wait starts"
out=$("$VTCLOCK" rtc-wait "$new" $((lead + 2)))
fired=$(echo "$out" | kv fired_at)
late=$(echo "${fired:-0} + $goff - ${alarm:-0}" | bc)
tap_diag "alarm $alarm fired at $fired guest realtime (device clock - guest realtime: $goff s): $late s after its time"
[ -n "$fired" ] && between "$late" -0.02 1
tap_ok $? "the kept alarm fires on the new RTC within 1 s of its time"
tap_is "$(( $(vt_stat 0 notif_sent) - sent0 ))" 1 "one notification for it"

st=$(vt_ctl 0 stats)
tap_diag "device: cfg=$(echo "$st" | kv req_cfg) read=$(echo "$st" | kv req_read) errors=$(echo "$st" | kv req_errors) unanswered=$(echo "$st" | kv req_unanswered)"
tap_is "$(echo "$st" | kv req_unanswered)" 0 "no request left unanswered"
tap_run "unbind at the end" unbind
tap_is "$(ptp_count)" 0 "no PHC left"
rtc_leak_check
tap_done
