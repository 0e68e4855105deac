# SPDX-License-Identifier: GPL-2.0
# A misbehaving virtio RTC device: every fault the backend can inject gives
# a clean error in the guest (the errno the driver documents, its
# rate-limited warning, no WARNING/Oops), nothing leaks (the runner's
# kmemleak scan runs after the device is unbound at the end, when every
# message must have been freed), and the driver recovers once the fault
# is switched off. The module is loaded with timeout_ms=500.
#
# Probe: CFG or CLOCK_CAP failing, lost, garbled or cut short makes the
# probe fail without leaving a clock behind; a bind after "fault off" works.
# Requests: late (beyond and within the timeout), lost, each status, short,
# oversized and zero used lengths, garbage. Alarm notifications: garbage
# and empty ones are refused and the next alarm works.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

TIMEOUT_MS=500
drv=/sys/bus/virtio/drivers/virtio_rtc
vdev=$(basename "$(rtc_vdev)")

# fault SPEC: switch a backend fault on (replaces the previous one).
fault() {
	vt_ctl 0 "fault $1" > /dev/null || tap_diag "vt_ctl: fault $1 refused"
}

# probe_fails SPEC ERR MESSAGE-REGEX WHAT: with the fault on, binding the
# device fails with ERR, logs the message, and exposes no clock.
probe_fails() {
	fault "$1"
	dmesg_mark
	if [ -d $drv ]; then
		echo "$vdev" > $drv/bind 2>/dev/null
	else
		rtc_modprobe timeout_ms=$TIMEOUT_MS
	fi
	dmesg_since | grep virtio_rtc | sed 's/^/#   /'
	! rtc_bound && [ "$(ptp_count)" = 0 ] && [ -z "$(rtc_class_devs)" ]
	tap_ok $? "probe with $4 ($1) fails, no clock is exposed"
	dmesg_has "$3" && dmesg_has "probe with driver virtio_rtc failed with error $2"
	tap_ok $? "probe with $4: the kernel log says why ($2)"
	fault off
}

# Phase 1: probe faults. The module is not loaded yet; the first bind is
# modprobe itself.
probe_fails "status=5,type=0x1000" -5 "CFG request failed: -5" "CFG answered EIO"
probe_fails "drop,queue=0,count=1" -110 "CFG request failed: -110" "the CFG reply lost"
probe_fails "used-len=4,queue=0,count=1" -71 "request 0x1000: reply of 4 bytes, expected 16" "a 4-byte CFG reply"
probe_fails "garbage,queue=0,after=1,count=1" -71 "CLOCK_CAP for clock 0 failed: -71" "a garbled CLOCK_CAP reply"
probe_fails "status=5,type=0x1001,after=2,count=1" -5 "CLOCK_CAP for clock 2 failed: -5" "clock 2's CLOCK_CAP answered EIO"

dmesg_mark
echo "$vdev" > $drv/bind
tap_run "after 'fault off' the device binds" wait_for 5 rtc_bound
tap_is "$(ptp_count)" 4 "and has its four PHCs"
utc=$(ptp_dev "Virtio PTP type 0/variant 0")
rtc=$(rtc_class_devs | head -1)

# read_fails SPEC ERRNAME LOG WHAT: with the fault on, a PHC read fails
# with ERRNAME; LOG is a regex the kernel log must match, or "-" when the
# driver must stay silent (a well-formed error status). Then the fault is
# switched off and a read must work again.
read_fails() {
	fault "$1"
	dmesg_mark
	_t0=$(now)
	_out=$("$VTCLOCK" read "$utc" 2>&1)
	_t1=$(now)
	READ_SECS=$(echo "$_t1 - $_t0" | bc)
	case "$_out" in
	"$2: "*) tap_ok 0 "$4: a PHC read fails with $2" ;;
	*) tap_ok 1 "$4: a PHC read fails with $2"; echo "$_out" | sed 's/^/#   /' ;;
	esac
	if [ "$3" = - ]; then
		! dmesg_since | grep -q 'virtio_rtc'
		tap_ok $? "$4: no warning for a well-formed error status"
	else
		dmesg_has "$3"
		tap_ok $? "$4: the kernel log says '$3'"
	fi
	dmesg_since | grep virtio_rtc | sed 's/^/#   /'
	fault off
}

# recovered WHAT: after the fault, reads work again.
recovered() {
	"$VTCLOCK" read "$utc" > /tmp/recover.out 2>&1
	tap_ok $? "$1: reads work again after 'fault off'"
}

# Phase 2: request faults on the requestq (queue 0).
# The reply comes 2 s late: a read that gave up well before (the time
# includes vtclock's start, 0.4 s on a loaded x86_64 TCG guest) gave up at
# the timeout, not at the reply.
read_fails "delay=2000,queue=0" ETIMEDOUT "request 0x0001: no reply within $TIMEOUT_MS ms" "a reply 2000 ms late"
tap_diag "the read gave up after $READ_SECS s"
between "$READ_SECS" 0.4 1.8
tap_ok $? "the read gave up after timeout_ms ($READ_SECS s)"
# The late reply lands in the message the sender left; it must be freed
# then (kmemleak) and not disturb the next request.
sleep 1.6
recovered "late reply"

fault "delay=200,queue=0"
out=$("$VTCLOCK" ext "$utc" -n 1 2>&1)
w=$(echo "$out" | kv window_min_ns)
fault off
[ "${w:-0}" -ge 200000000 ] && [ "${w:-0}" -lt 450000000 ]
tap_ok $? "a reply 200 ms late (within the timeout) is taken; the read window covers it (${w}ns)"

read_fails "drop,queue=0" ETIMEDOUT "request 0x0001: no reply within $TIMEOUT_MS ms" "a lost reply"
recovered "lost reply"

read_fails "status=2" EOPNOTSUPP - "status EOPNOTSUPP"
read_fails "status=3" ENODEV - "status ENODEV"
read_fails "status=4" EINVAL - "status EINVAL"
read_fails "status=5" EIO - "status EIO"
read_fails "status=1" EPROTO "request 0x0001: unknown status 1" "status 1 (not defined)"
read_fails "status=200" EPROTO "request 0x0001: unknown status 200" "status 200 (not defined)"
recovered "status faults"

read_fails "used-len=0,queue=0" EPROTO "request 0x0001: reply of 0 bytes, buffer of 16" "used length 0"
read_fails "short,queue=0" EPROTO "request 0x0001: reply of 8 bytes, expected 16" "a short reply (8 of 16 bytes)"
read_fails "oversize,queue=0" EPROTO "request 0x0001: reply of [0-9]+ bytes, buffer of 16" "a used length beyond the buffer"
read_fails "garbage,queue=0,seed=7" EPROTO "request 0x0001: (unknown status|reserved reply bytes set)" "a garbled reply"
recovered "length and garbage faults"

# The other ways in fail the same way.
fault "status=5"
out=$("$VTCLOCK" ext "$utc" -n 3 2>&1)
echo "$out" | grep -q '^EIO: PTP_SYS_OFFSET_EXTENDED'
tap_ok $? "PTP_SYS_OFFSET_EXTENDED fails with EIO under the fault"
out=$("$VTCLOCK" rtc-read "$rtc" 2>&1)
echo "$out" | grep -q '^EIO: RTC_RD_TIME'
tap_ok $? "RTC_RD_TIME fails with EIO under the fault"
out=$(rtcwake -d "$(basename "${rtc:-/none}")" -m no -s 5 2>&1)
rc=$?
[ -n "$rtc" ] && [ $rc -ne 0 ]
tap_ok $? "rtcwake fails under the fault ($(echo "$out" | tail -1))"
fault off
"$VTCLOCK" rtc-read "$rtc" > /dev/null 2>&1
tap_ok $? "the RTC reads again after 'fault off'"

# Phase 3: alarm notifications (alarmq, queue 1), garbled or empty: the
# driver refuses them (warning), reposts the buffer, and the next alarm
# is delivered. Alarms are 2 s ahead: one 1 s ahead may be run by the RTC
# core itself when its second ticks during RTC_ALM_SET (-ETIME).
for spec in "garbage,queue=1,seed=3" "used-len=0,queue=1"; do
	fault "$spec"
	dmesg_mark
	sent0=$(vt_stat 0 notif_sent)
	out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --timeout 3.5 2>&1)
	rc=$?
	sent1=$(vt_stat 0 notif_sent)
	fault off
	[ $rc -eq 3 ] && [ $((sent1 - sent0)) -eq 1 ]
	tap_ok $? "alarm notification with $spec: sent by the device, not delivered to user space"
	[ $rc -eq 3 ] && [ $((sent1 - sent0)) -eq 1 ] ||
		tap_diag "rc $rc, notifications sent $((sent1 - sent0)): $(echo "$out" | tr '\n' ' ')"
	dmesg_has "malformed alarm notification"
	tap_ok $? "alarm notification with $spec: the kernel log says 'malformed alarm notification'"
	dmesg_since | grep virtio_rtc | sed 's/^/#   /'
	out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --timeout 4 2>&1)
	tap_ok $? "after $spec, the next alarm is delivered"
done

# Unbind: the device is reset and every message still held is returned.
st=$(vt_ctl 0 stats)
tap_diag "device: read=$(echo "$st" | kv req_read) errors=$(echo "$st" | kv req_errors) unanswered=$(echo "$st" | kv req_unanswered) notif_sent=$(echo "$st" | kv notif_sent)"
tap_run "unbind the device" sh -c "echo $vdev > $drv/unbind"
tap_is "$(ptp_count)" 0 "no PHC left"
! dmesg | grep -qE 'WARNING|BUG|Oops'
tap_ok $? "no kernel warning, bug or oops logged"
rtc_leak_check
tap_done
