# SPDX-License-Identifier: GPL-2.0
# Our driver against QEMU's own virtio-rtc-pci device (QEMU 11, an
# implementation we did not write): one UTC clock read from the host's
# clock, one virtqueue, no alarm feature, no cross-timestamps. Everything
# the device offers must work: the PHC, its udev name, every read ioctl;
# what it lacks must be absent cleanly: no RTC class device (there is no
# UTC_SMEARED clock), PRECISE refused, no error in the kernel log; and the
# driver unbinds, unloads and reloads. chrony on this PHC is rtc-chrony.sh,
# run against the same device by the suite.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

dmesg_mark
tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "QEMU's virtio RTC device is bound to virtio_rtc" wait_for 5 rtc_bound
vdev=$(rtc_vdev)
tap_diag "device $(basename "$vdev"): vendor $(cat "$vdev/vendor"), features $(cat "$vdev/features")"
# Feature bit 0 is VIRTIO_RTC_F_ALARM: QEMU's device does not offer it.
tap_is "$(cut -c1 "$vdev/features")" 0 "the alarm feature is not negotiated"
tap_is "$(ptp_count)" 1 "one PTP clock"
ptp_names | sed 's/^/# /'
utc=$(ptp_dev "Virtio PTP type 0/variant 0")
tap_ok $? "it is the UTC clock ('Virtio PTP type 0/variant 0': $utc)"
tap_is "$(rtc_class_devs)" "" "no RTC class device (the device has no UTC_SMEARED clock)"

rtc_udev_links
tap_is "$(readlink /dev/ptp_virtio)" "$(basename "${utc:-/none}")" "/dev/ptp_virtio is the UTC clock"
for l in tai monotonic smeared; do
	[ ! -e /dev/ptp_virtio_$l ]
	tap_ok $? "no /dev/ptp_virtio_$l (the device has no such clock)"
done

rtc_utc_phc_checks

# Reads keep time with the guest: 2 s of guest time are 2 s of PHC time.
a=$(phc_ahead /dev/ptp_virtio)
sleep 2
b=$(phc_ahead /dev/ptp_virtio)
tap_diag "PHC - realtime: $a s, 2 s later $b s"
abs_le "$(echo "${b:-99} - ${a:-0}" | bc)" 0.05
tap_ok $? "the PHC advances with the guest clock (drift over 2 s < 50 ms)"

# Many reads in a row, from two readers at once: all answered.
out=$("$VTCLOCK" ext /dev/ptp_virtio -n 500 2>&1)
rc=$?
[ $rc -eq 0 ] && [ "$(echo "$out" | kv samples)" = 500 ]
tap_ok $? "500 extended samples in a row (rc $rc)"
"$VTCLOCK" loop /dev/ptp_virtio 2 > /tmp/loop1.out 2>&1 &
p1=$!
"$VTCLOCK" loop /dev/ptp_virtio 2 > /tmp/loop2.out 2>&1
wait $p1
for f in /tmp/loop1.out /tmp/loop2.out; do
	tap_diag "$(basename "$f"): $(tr '\n' ' ' < "$f")"
done
[ "$(kv ok < /tmp/loop1.out)" -gt 0 ] 2>/dev/null && [ "$(kv ok < /tmp/loop2.out)" -gt 0 ] 2>/dev/null &&
	! grep -qvE '^(ok|reads|secs|rate)[a-z_]*=' /tmp/loop1.out /tmp/loop2.out
tap_ok $? "two concurrent readers for 2 s: every read succeeded"

# Nothing in the log but the driver's normal messages.
dmesg_since | grep -iE 'virtio_rtc|virtio-rtc' | sed 's/^/# dmesg: /'
! dmesg_has 'virtio_rtc.*(error|fail|invalid|unexpected|timed out)'
tap_ok $? "the kernel log has no virtio_rtc error"

# Unbind and bind, unload and reload: the clock comes back each time.
name=$(basename "$vdev")
tap_run "unbind" sh -c "echo $name > /sys/bus/virtio/drivers/virtio_rtc/unbind"
tap_is "$(ptp_count)" 0 "no virtio PTP clock after unbind"
tap_run "bind" sh -c "echo $name > /sys/bus/virtio/drivers/virtio_rtc/bind"
tap_run "the PHC is back after bind" wait_for 5 ptp_dev "Virtio PTP type 0/variant 0"
fails=0
for i in 1 2 3 4 5; do
	rmmod virtio_rtc || fails=$((fails + 1))
	rtc_modprobe || fails=$((fails + 1))
	wait_for 5 ptp_dev "Virtio PTP type 0/variant 0" || fails=$((fails + 1))
	"$VTCLOCK" read "$(ptp_dev "Virtio PTP type 0/variant 0")" > /dev/null || fails=$((fails + 1))
done
tap_is "$fails" 0 "five rmmod/modprobe cycles, the PHC reads after each"
tap_run "rmmod virtio_rtc" rmmod virtio_rtc
tap_is "$(ptp_count)" 0 "no virtio PTP clock after rmmod"
rtc_leak_check
tap_done
