# SPDX-License-Identifier: GPL-2.0
# virtio_rtc module unload and reload; the device runs with --no-alarm, so
# its RTC is no wakeup source and the alarmtimer does not pin the module.
# rmmod with a PHC open succeeds (the PTP core does not hold the driver)
# and the open descriptor then fails with ENODEV and closes cleanly; rmmod
# with the RTC open is refused (the RTC character device holds the
# module); ten rmmod/modprobe cycles with reads in flight.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

UTC="Virtio PTP type 0/variant 0"
four_phcs() {
	[ "$(ptp_count)" = 4 ]
}
load() {
	rtc_modprobe && wait_for 5 four_phcs
}

tap_run "modprobe virtio_rtc" load
vdev=$(rtc_vdev)
feat=$(cat "$vdev/features")
rtc_bound && [ "${feat%"${feat#?}"}" = 0 ]
tap_ok $? "bound, and VIRTIO_RTC_F_ALARM (bit 0) is not negotiated"
rtc=$(rtc_class_devs | head -1)
[ -n "$rtc" ]
tap_ok $? "an RTC without alarm: $rtc"
out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --no-wait 2>&1 | grep '^E[A-Z]*:')
tap_is "$out" "EINVAL: RTC_ALM_SET: Invalid argument" "RTC_ALM_SET fails with EINVAL (no alarm)"
[ -n "$rtc" ] && ! rtcwake -d "$(basename "$rtc")" -m no -s 2 > /dev/null 2>&1
tap_ok $? "rtcwake fails"
tap_is "$(cat /sys/module/virtio_rtc/refcnt)" 0 "nothing holds the module"

# rmmod with a PHC descriptor open.
ptp=$(ptp_dev "$UTC")
exec 3< "${ptp:-/dev/null}"
"$VTCLOCK" read -f 3 > /dev/null
tap_ok $? "read through the open PHC descriptor"
out=$(rmmod virtio_rtc 2>&1)
rc=$?
tap_diag "rmmod with a PHC open: rc $rc $out"
[ $rc -eq 0 ] && [ ! -d /sys/module/virtio_rtc ] && [ "$(ptp_count)" = 0 ]
tap_ok $? "rmmod with a PHC open unloads the module and removes the PHCs"
out=$("$VTCLOCK" read -f 3 2>&1)
tap_is "${out%%:*}" ENODEV "the open PHC descriptor then fails with ENODEV"
exec 3<&-
tap_ok 0 "and closes"

# rmmod with the RTC open.
tap_run "modprobe again" load
rtc=$(rtc_class_devs | head -1)
exec 4< "${rtc:-/dev/null}"
out=$(rmmod virtio_rtc 2>&1)
rc=$?
tap_diag "rmmod with the RTC open: rc $rc $out"
[ $rc -ne 0 ] && [ -d /sys/module/virtio_rtc ]
tap_ok $? "rmmod with the RTC open is refused (module in use)"
"$VTCLOCK" rtc-read -f 4 > /dev/null
tap_ok $? "the RTC still reads"
exec 4<&-
tap_run "after closing it, rmmod works" rmmod virtio_rtc

# Ten cycles with a reader on the UTC PHC during the rmmod.
bad=0
i=1
while [ $i -le 10 ]; do
	load || { bad=$((bad + 1)); tap_diag "cycle $i: modprobe failed"; break; }
	if ! reads_across "$(ptp_dev "$UTC")" rmmod virtio_rtc; then
		bad=$((bad + 1))
		tap_diag "cycle $i: $(tr '\n' ' ' < /tmp/loop.out)"
	fi
	i=$((i + 1))
done
tap_diag "last cycle: $(tr '\n' ' ' < /tmp/loop.out)"
tap_is "$bad" 0 "10 modprobe/rmmod cycles under reads: ok before, ENODEV after, nothing else"
tap_is "$(ptp_count)" 0 "no PHC left after the last rmmod"

st=$(vt_ctl 0 stats)
tap_diag "device: cfg=$(echo "$st" | kv req_cfg) read=$(echo "$st" | kv req_read) errors=$(echo "$st" | kv req_errors)"
tap_is "$(echo "$st" | kv req_unanswered)/$(echo "$st" | kv req_errors)" 0/0 "no request unanswered or failed"
rtc_leak_check
tap_done
