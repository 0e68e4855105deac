# SPDX-License-Identifier: GPL-2.0
# The 6.12 kselftest rtctest against the virtio RTC, one subtest at a time
# (rtctest-vt: rtctest.c with a main() that takes the device and a test
# filter together). Each subtest is one TAP line here.
#
# Speed-ups that do not change what the tests check: before each "_minute"
# alarm test, the device's clock 3 (the RTC) is stepped to second 57 of a
# minute, so the wait for the next full minute is about 3 s, not up to 60.
# date_read_loop reads for 30 s of wall time and runs only with
# --param rtctest_full=1.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "the virtio RTC device is bound to virtio_rtc" wait_for 5 rtc_bound
rtc=$(rtc_class_devs | head -1)
[ -n "$rtc" ]
tap_ok $? "the virtio RTC is ${rtc:-missing}"
tests=$("$RTCTEST_VT" -l 2>&1 | awk '$1 == "rtc" { print $2; next } NF == 1 && $1 !~ /^[-#]/ && $1 != "global" { print $1 }')
tap_diag "rtctest subtests:" $tests
[ "$(echo "$tests" | wc -w)" -ge 8 ]
tap_ok $? "rtctest lists its subtests"

# to_second_57: step clock 3 forward so that the RTC is at second 57.
to_second_57() {
	_s=$("$VTCLOCK" rtc-read "$rtc" | kv rtc)
	_d=$(( (57 - ${_s:-0} % 60 + 60) % 60 ))
	[ $_d -le 57 ] && [ $((_s % 60)) -lt 55 ] || return 0
	vt_ctl 0 "step 3 +${_d}s" > /dev/null && tap_diag "clock 3 stepped by +${_d}s (to second 57)"
}

for t in $tests; do
	case $t in
	date_read_loop)
		if [ "${VT_RTCTEST_FULL:-0}" != 1 ]; then
			tap_skip "rtctest $t" "reads for 30 s of wall time; run with --param rtctest_full=1"
			continue
		fi
		;;
	*_minute) to_second_57 ;;
	esac
	t0=$(now)
	timeout 120 "$RTCTEST_VT" -d "$rtc" -t "$t" > "/tmp/rtctest-$t.out" 2>&1
	rc=$?
	secs=$(echo "$(now) $t0" | awk '{ printf "%.1f", $1 - $2 }')
	res=$(grep -E "^(not )?ok [0-9]+ rtc\.$t" "/tmp/rtctest-$t.out")
	if [ $rc -eq 0 ] && grep -q 'skip update IRQs not supported' "/tmp/rtctest-$t.out"; then
		# The test checked that RTC_UIE_ON fails with EINVAL, then
		# returned: nothing of the update interrupt was exercised.
		tap_skip "rtctest $t" "no update interrupt: RTC_UIE_ON fails with EINVAL (checked), by design"
	elif [ $rc -eq 4 ] || echo "$res" | grep -q '# SKIP'; then
		tap_skip "rtctest $t" "$(grep -m1 -i 'skip' "/tmp/rtctest-$t.out")"
	else
		echo "$res" | grep -q '^ok '
		tap_ok $? "rtctest $t ($secs s)"
		if [ $rc -ne 0 ] || ! echo "$res" | grep -q '^ok '; then
			sed 's/^/#   /' "/tmp/rtctest-$t.out"
		fi
	fi
	grep -E '^# .*rtctest\.c:[0-9]+:' "/tmp/rtctest-$t.out" | sed 's/^# /#   /'
done

# The alarm tests went through the device: 4 expirations, 4 notifications.
st=$(vt_ctl 0 stats)
tap_diag "device: alarm_expired=$(echo "$st" | kv alarm_expired) notif_sent=$(echo "$st" | kv notif_sent) set_alarm=$(echo "$st" | kv req_set_alarm) errors=$(echo "$st" | kv req_errors)"
tap_is "$(echo "$st" | kv alarm_expired)/$(echo "$st" | kv notif_sent)" 4/4 "the 4 alarm tests: 4 device expirations, 4 notifications"
tap_done
