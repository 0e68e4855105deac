# SPDX-License-Identifier: GPL-2.0
# virtio-rtc PTP clocks (default device: utc, tai, monotonic, utc-smeared
# with alarm): one PHC per clock with the documented names, the udev rule's
# links, reads through phc_ctl, testptp and our vtclock that agree with the
# device's own clock, PTP_SYS_OFFSET(_EXTENDED), PRECISE refused cleanly
# (UML has no cross-timestamp counter) and the clocks read-only.
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

# udev: the repo's rule gives the stable names. systemd-udevd needs
# inotify; without it (a kernel without CONFIG_INOTIFY_USER) the same rule
# file is applied by udevadm's rule engine for each clock instead.
mkdir -p /run/udev/rules.d
cp "$VT_ROOT/tools/virtio/virtio_rtc/70-virtio-rtc.rules" /run/udev/rules.d/
if [ -d /proc/sys/fs/inotify ]; then
	/lib/systemd/systemd-udevd --daemon > /tmp/udevd.log 2>&1
	tap_run "systemd-udevd started" wait_for 5 test -S /run/udev/control
	udevadm trigger --subsystem-match=ptp --action=add
	tap_run "udevadm settle" udevadm settle -t 10
	udevadm control --exit 2>/dev/null
else
	tap_skip "systemd-udevd runs and handles the add events" \
		"the UML kernel has no inotify (CONFIG_INOTIFY_USER); udevadm test applies the rule instead"
	for p in /sys/class/ptp/ptp*; do
		udevadm test --action=add "$p" > "/tmp/udev-$(basename "$p").log" 2>&1
	done
fi
tap_is "$(readlink /dev/ptp_virtio)" "$(basename "${utc:-/none}")" "/dev/ptp_virtio is the UTC clock"
tap_is "$(readlink /dev/ptp_virtio_tai)" "$(basename "${tai:-/none}")" "/dev/ptp_virtio_tai is the TAI clock"
tap_is "$(readlink /dev/ptp_virtio_monotonic)" "$(basename "${mono:-/none}")" "/dev/ptp_virtio_monotonic is the monotonic clock"
tap_is "$(readlink /dev/ptp_virtio_smeared)" "$(basename "${smeared:-/none}")" "/dev/ptp_virtio_smeared is the smeared clock"

# Reads: within 1 s of the guest's CLOCK_REALTIME (which UML takes from
# the host, like the device's UTC clock). linuxptp 3.1 parses the PHC index
# out of any path that starts with /dev/ptp, so it cannot open the link by
# its name (nor /dev/ptp_kvm): phc_ctl gets the resolved node.
phc_ctl /dev/ptp_virtio get > /tmp/phc_ctl.out 2>&1
if grep -q 'failed to parse PHC index' /tmp/phc_ctl.out; then
	tap_diag "$(phc_ctl -v 2>&1 | head -1): $(cat /tmp/phc_ctl.out); using $(readlink -f /dev/ptp_virtio)"
fi
node=$(readlink -f /dev/ptp_virtio)
phc_ctl "$node" get > /tmp/phc_ctl.out 2>&1
rc=$?
sys=$(now)
phc=$(sed -n 's/.*clock time is \([0-9.]*\) .*/\1/p' /tmp/phc_ctl.out)
tap_ok $rc "phc_ctl $node get"
tap_diag "phc_ctl: $phc, CLOCK_REALTIME after it: $sys"
[ -n "$phc" ] && abs_le "$(echo "$phc - $sys" | bc)" 1
tap_ok $? "phc_ctl reading is within 1 s of the realtime"
off=$(phc_ctl "$node" cmp 2>&1 | sed -n 's/.*offset from CLOCK_REALTIME is \(-\{0,1\}[0-9]*\)ns.*/\1/p')
tap_diag "phc_ctl cmp: ${off}ns"
abs_le "${off:-x}" 1000000000
tap_ok $? "phc_ctl cmp: |PHC - CLOCK_REALTIME| < 1 s"

out=$("$TESTPTP" -d /dev/ptp_virtio -g 2>&1)
sys=$(now)
phc=$(echo "$out" | sed -n 's/^clock time: \([0-9.]*\) .*/\1/p')
tap_diag "testptp -g: $phc, CLOCK_REALTIME after it: $sys"
[ -n "$phc" ] && abs_le "$(echo "$phc - $sys" | bc)" 1
tap_ok $? "testptp -g reading is within 1 s of the realtime"

out=$("$TESTPTP" -d /dev/ptp_virtio -k 5 2>&1)
echo "$out" | grep -q "offset request okay"
tap_ok $? "testptp -k 5 (PTP_SYS_OFFSET) succeeds"
offs=$(echo "$out" | sed -n 's/.*clock time offset is \(-\{0,1\}[0-9]*\) ns/\1/p')
tap_diag "PTP_SYS_OFFSET offsets (ns):" $offs
bad=0
for o in $offs; do abs_le "$o" 1000000000 || bad=1; done
[ -n "$offs" ] && [ $bad -eq 0 ]
tap_ok $? "PTP_SYS_OFFSET: every |offset| < 1 s"

out=$("$TESTPTP" -d /dev/ptp_virtio -c 2>&1)
echo "$out" | grep -qE '^ +0 maximum frequency adjustment' &&
	echo "$out" | grep -qE '^ +0 cross timestamping'
tap_ok $? "testptp -c: no frequency adjustment, no cross-timestamping"

out=$("$TESTPTP" -d /dev/ptp_virtio -x 5 2>&1)
echo "$out" | grep -q "extended timestamp request returned 5 samples"
tap_ok $? "testptp -x 5 (PTP_SYS_OFFSET_EXTENDED) returns 5 samples"

# Our own statistics of 100 extended samples, for each system clock the
# ioctl can stamp with: the window t2 - t0 is positive and short, and the
# PHC lies within 1 s of realtime whichever clock stamped it (a driver that
# ignored the requested clock id would be off by the boot epoch).
for c in realtime monotonic raw; do
	out=$("$VTCLOCK" ext /dev/ptp_virtio -n 100 -c $c 2>&1)
	rc=$?
	wmin=$(echo "$out" | kv window_min_ns)
	wmed=$(echo "$out" | kv window_med_ns)
	roff=$(echo "$out" | kv realtime_offset_med_ns)
	tap_diag "EXTENDED ($c): window min ${wmin}ns median ${wmed}ns, PHC - realtime ${roff}ns"
	[ $rc -eq 0 ] && [ "${wmin:--1}" -gt 0 ] && [ "${wmed:-0}" -lt 20000000 ]
	tap_ok $? "PTP_SYS_OFFSET_EXTENDED ($c): 0 < window, median < 20 ms"
	abs_le "${roff:-x}" 1000000000
	tap_ok $? "PTP_SYS_OFFSET_EXTENDED ($c): stamps are $c, PHC within 1 s of realtime"
done

# No cross-timestamps on UML: PRECISE fails with EOPNOTSUPP.
out=$("$VTCLOCK" precise /dev/ptp_virtio 2>&1)
echo "$out" | sed 's/^/# /'
echo "$out" | grep -q '^cross_timestamping=0$' &&
	echo "$out" | grep -q '^EOPNOTSUPP: PTP_SYS_OFFSET_PRECISE'
tap_ok $? "PTP_SYS_OFFSET_PRECISE: not supported (EOPNOTSUPP), caps say so"
"$TESTPTP" -d /dev/ptp_virtio -X 2>&1 | grep -q 'PTP_SYS_OFFSET_PRECISE: Operation not supported'
tap_ok $? "testptp -X reports PRECISE as not supported"

# Read-only clocks: setting, stepping and slewing are refused.
out=$("$VTCLOCK" phc-set /dev/ptp_virtio 2>&1)
echo "$out" | sed 's/^/# /'
tap_is "$(echo "$out" | kv settime)" EOPNOTSUPP "clock_settime on the PHC: EOPNOTSUPP"
tap_is "$(echo "$out" | kv adjtime)" EOPNOTSUPP "clock_adjtime(ADJ_SETOFFSET) on the PHC: EOPNOTSUPP"
a=$(echo "$out" | kv adjfreq)
[ -n "$a" ] && [ "$a" != ok ]
tap_ok $? "clock_adjtime(ADJ_FREQUENCY) on the PHC fails ($a)"

# The readings are the device's: compare every clock with what the backend
# itself reads (vt_ctl "read ID", bracketed by guest realtime stamps), then
# step the device's UTC clock and see the PHC follow.
for id in 0 1 2 3; do
	case $id in
	0) dev=$utc ;; 1) dev=$tai ;; 2) dev=$mono ;; 3) dev=$smeared ;;
	esac
	a=$(now)
	back=$(vt_ctl 0 "read $id")
	b=$(now)
	out=$("$VTCLOCK" read "$dev")
	p=$(echo "$out" | kv phc)
	c=$(echo "$out" | kv sys)
	# The backend read between a and b, the PHC read just before c
	# (vtclock's realtime right after it): PHC - backend lies in
	# [c - b, c - a], with 50 ms of slack.
	ok=$(echo "${p:-x} ${back:-x} $a $b ${c:-x}" | awk '$1 $2 $5 ~ /x/ { print 1; next } { d = $1 - $2 / 1e9;
		print (d >= $5 - $4 - 0.05 && d <= $5 - $3 + 0.05) ? 0 : 1 }')
	tap_diag "clock $id: backend $back ns, PHC $p s; backend read between $a and $b, PHC at $c"
	tap_ok "${ok:-1}" "$dev (clock $id) reads the device's clock"
done

tap_run "step the device's UTC clock by +5 s" vt_ctl 0 "step 0 +5s"
d=$(phc_ahead /dev/ptp_virtio)
tap_diag "UTC PHC - realtime after the step: $d s"
between "$d" 4.5 5.5
tap_ok $? "the UTC PHC follows the device: 5 s ahead of realtime"
d=$(phc_ahead "$smeared")
between "$d" -0.5 0.5
tap_ok $? "the other clocks did not move (smeared: $d s)"
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
