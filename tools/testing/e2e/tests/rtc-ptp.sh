# SPDX-License-Identifier: GPL-2.0
# virtio-rtc PTP clocks (default device: utc, tai, monotonic, utc-smeared
# with alarm): one PHC per clock with the documented names, the udev rule's
# links, reads through phc_ctl, testptp and our vtclock that agree with the
# device's own clock, PTP_SYS_OFFSET(_EXTENDED), PRECISE refused cleanly
# (UML has no cross-timestamp counter; on arm64 and x86_64 our device
# cannot know the guest's counter and says so) and the clocks read-only.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "the virtio RTC device is bound to virtio_rtc" wait_for 5 rtc_bound
tap_is "$(ptp_count)" 4 "four PTP clocks, one per device clock"
ptp_names | sed 's/^/# /'

# Names: "Virtio PTP type T/variant V", each clock once, each a child of
# the virtio device.
vdev=$(basename "$(rtc_vdev)")
for t in 0 1 2 3; do
	name="Virtio PTP type $t/variant 0"
	n=$(ptp_names | grep -c "	$name\$")
	tap_is "$n" 1 "one PHC named '$name'"
done
parents=$(for p in /sys/class/ptp/ptp*; do basename "$(readlink -f "$p/device")"; done | sort -u)
tap_is "$parents" "$vdev" "every PHC's parent is $vdev"

utc=$(ptp_dev "Virtio PTP type 0/variant 0")
tai=$(ptp_dev "Virtio PTP type 1/variant 0")
mono=$(ptp_dev "Virtio PTP type 2/variant 0")
smeared=$(ptp_dev "Virtio PTP type 3/variant 0")

rtc_udev_links
tap_is "$(readlink /dev/ptp_virtio)" "$(basename "${utc:-/none}")" "/dev/ptp_virtio is the UTC clock"
tap_is "$(readlink /dev/ptp_virtio_tai)" "$(basename "${tai:-/none}")" "/dev/ptp_virtio_tai is the TAI clock"
tap_is "$(readlink /dev/ptp_virtio_monotonic)" "$(basename "${mono:-/none}")" "/dev/ptp_virtio_monotonic is the monotonic clock"
tap_is "$(readlink /dev/ptp_virtio_smeared)" "$(basename "${smeared:-/none}")" "/dev/ptp_virtio_smeared is the smeared clock"

rtc_utc_phc_checks
# cross_cap=asked: the kernel has cross-timestamps for its architecture
# (arm64: VIRTIO_RTC_ARM, x86_64: VIRTIO_RTC_X86), so PRECISE was refused
# above because the device said no: it was asked, once per clock.
if [ "${VT_CROSS_CAP:-}" = asked ]; then
	n=$(vt_stat 0 req_cross_cap)
	tap_is "${n:-none}" 4 "the driver asked the device for cross-timestamps (CROSS_CAP, one per clock) and took its no"
fi

# The readings are the device's: compare every clock with what the backend
# itself reads (vt_ctl "read ID", bracketed by guest realtime stamps), then
# step the device's UTC clock and see the PHC follow.
# reads_device ID DEV: DEV reads what the backend reads of clock ID. Only
# intervals of the guest's clock count, not its offset from the host's (an
# arm64 guest's drifts under TCG on a busy host: 0.5 s in one run).
reads_device() {
	a=$(now)
	back=$(vt_ctl 0 "read $1")
	b=$(now)
	out=$("$VTCLOCK" read "$2")
	p=$(echo "$out" | kv phc)
	c=$(echo "$out" | kv sys)
	# The backend read between a and b, the PHC read just before c
	# (vtclock's realtime right after it): PHC - backend lies in
	# [c - b, c - a], with 50 ms of slack.
	tap_diag "clock $1: backend $back ns, PHC $p s; backend read between $a and $b, PHC at $c"
	echo "${p:-x} ${back:-x} $a $b ${c:-x}" | awk '$1 $2 $5 ~ /x/ { exit 1 } { d = $1 - $2 / 1e9;
		exit (d >= $5 - $4 - 0.05 && d <= $5 - $3 + 0.05) ? 0 : 1 }'
}
for id in 0 1 2 3; do
	case $id in
	0) dev=$utc ;; 1) dev=$tai ;; 2) dev=$mono ;; 3) dev=$smeared ;;
	esac
	reads_device "$id" "$dev"
	tap_ok $? "$dev (clock $id) reads the device's clock"
done

tap_run "step the device's UTC clock by +5 s" vt_ctl 0 "step 0 +5s"
reads_device 0 /dev/ptp_virtio
tap_ok $? "the UTC PHC follows the device's step"
d=$(echo "$(phc_ahead /dev/ptp_virtio) - $(phc_ahead "$smeared")" | bc)
tap_diag "UTC PHC - smeared PHC after the step: $d s"
between "$d" 4.5 5.5
tap_ok $? "the UTC PHC is 5 s ahead of the device's other UTC clock"
reads_device 3 "$smeared"
tap_ok $? "the other clocks did not move (smeared reads the device's clock 3)"
tap_run "step it back" vt_ctl 0 "step 0 -5s"

# No request was left without an answer, none failed.
st=$(vt_ctl 0 stats)
tap_is "$(echo "$st" | kv req_errors)" 0 "the device answered no request with an error"
tap_is "$(echo "$st" | kv req_unanswered)" 0 "the device left no request unanswered"
tap_diag "device requests: read=$(echo "$st" | kv req_read) cfg=$(echo "$st" | kv req_cfg) clock_cap=$(echo "$st" | kv req_clock_cap)"
# (rmmod is not possible here: the alarmtimer holds a module reference on
# the wakeup-capable RTC of clock 3; see rtc-lifecycle.sh.)
tap_run "unbind the device" sh -c "echo $vdev > /sys/bus/virtio/drivers/virtio_rtc/unbind"
tap_is "$(ptp_count)" 0 "no virtio PTP clock is left"
rtc_leak_check
tap_done
