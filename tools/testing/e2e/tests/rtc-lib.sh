# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the virtio-rtc guest scripts (rtc-*.sh); sourced after
# lib/tap.sh. Not a test of its own. POSIX sh.
#
# VT_TOOLS (--param tools=DIR) holds testptp, rtctest-vt and vtclock
# (tools/testing/scripts/build-rtc-tools.sh): host binaries for UML guests,
# static arm64 ones for arm64 guests.

VT_TOOLS=${VT_TOOLS:-$VT_ROOT/build/rtc-tools/host}
VTCLOCK=$VT_TOOLS/vtclock
TESTPTP=$VT_TOOLS/testptp
RTCTEST_VT=$VT_TOOLS/rtctest-vt

# rtc_modprobe [PARAM=VALUE...]: load virtio_rtc from our build (guest-init
# puts a modprobe that looks there first in PATH; with the driver built in,
# modprobe finds it in modules.builtin and succeeds).
rtc_modprobe() {
	modprobe virtio_rtc "$@"
}

# rtc_vdev: sysfs directory of the (first) virtio device with ID 17.
rtc_vdev() {
	for _d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$_d/device" 2>/dev/null)" = 0x0011 ] && echo "$_d" && return 0
	done
	return 1
}

# rtc_bound: the virtio RTC device is bound to virtio_rtc.
rtc_bound() {
	_d=$(rtc_vdev) || return 1
	[ "$(basename "$(readlink -f "$_d/driver")")" = virtio_rtc ]
}

# ptp_names: "ptpN<TAB>clock name" for every PTP clock, sorted by name.
ptp_names() {
	for _p in /sys/class/ptp/ptp*; do
		[ -e "$_p/clock_name" ] || continue
		printf '%s\t%s\n' "$(basename "$_p")" "$(cat "$_p/clock_name")"
	done | sort -t "$(printf '\t')" -k2
}

# ptp_count: the number of virtio PTP clocks.
ptp_count() {
	ptp_names | grep -c 'Virtio PTP'
}

# ptp_dev "NAME": /dev/ptpN of the clock with that clock_name.
ptp_dev() {
	for _p in /sys/class/ptp/ptp*; do
		[ "$(cat "$_p/clock_name" 2>/dev/null)" = "$1" ] || continue
		echo "/dev/$(basename "$_p")"
		return 0
	done
	return 1
}

# rtc_class_devs: /dev/rtcN of every RTC whose parent is a virtio device.
rtc_class_devs() {
	for _r in /sys/class/rtc/rtc*; do
		[ -e "$_r" ] || continue
		case "$(readlink -f "$_r/device")" in
		*/virtio[0-9]*) echo "/dev/$(basename "$_r")" ;;
		esac
	done
}

# kv KEY: the value of KEY=VALUE in stdin.
kv() {
	sed -n "s/^$1=//p" | head -1
}

# vt_stat N KEY: one counter of backend N's "stats".
vt_stat() {
	vt_ctl "$1" stats | kv "$2"
}

# abs_le A B: |A| <= B (decimals; false when A is not a number).
abs_le() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a !~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/) exit 1
		a += 0; if (a < 0) a = -a; exit !(a <= b + 0) }'
}

# between X LO HI: LO <= X <= HI (decimals; false when X is not a number).
between() {
	awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN {
		if (x !~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/) exit 1
		x += 0; exit !(x >= lo + 0 && x <= hi + 0) }'
}

# device_offset: the device's clock (its UTC PHC) - the guest's realtime,
# in seconds (median of 25 PTP_SYS_OFFSET_EXTENDED samples; 0 when the
# read fails). Alarm times are in the device's clock: judge a firing
# time, taken in guest realtime, as fired_at + device_offset.
device_offset() {
	_o=$("$VTCLOCK" ext "$(ptp_dev "Virtio PTP type 0/variant 0")" -n 25 | kv offset_med_ns)
	echo "scale=9; ${_o:-0} / 1000000000" | bc
}

# phc_ahead DEV: PHC - CLOCK_REALTIME in seconds (3 decimals), from one
# vtclock read; nothing when the read fails.
phc_ahead() {
	"$VTCLOCK" read "$1" 2>/dev/null | awk -F= '/^phc=/ { p = $2 } /^sys=/ { s = $2 }
		END { if (p != "" && s != "") printf "%.3f", p - s }'
}

# now: CLOCK_REALTIME in seconds with nanoseconds.
now() {
	date +%s.%N
}

# dmesg_mark: remember the kernel log position; dmesg_since prints what
# came after the last mark.
dmesg_mark() {
	DMESG_MARK=$(dmesg | wc -l)
}
dmesg_since() {
	dmesg | tail -n +$((${DMESG_MARK:-0} + 1))
}

# dmesg_has PATTERN: the log since the mark matches the extended regex.
dmesg_has() {
	dmesg_since | grep -qE "$1"
}

# diag_file FILE: a file as TAP diagnostics.
diag_file() {
	sed 's/^/#   /' "$1"
}

# rtc_leak_check: after the device was unbound or the module removed,
# every object the driver allocated must be gone. kmemleak reports an
# object only once it is 5 s old, so wait that long first; the runner's
# own scan after the script then sees every leak of this run too.
rtc_leak_check() {
	if [ ! -w /sys/kernel/debug/kmemleak ]; then
		tap_skip "kmemleak: nothing the driver allocated is left" "no kmemleak in this kernel"
		return
	fi
	sleep 5.5
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	_n=$(grep -c '^unreferenced object' /sys/kernel/debug/kmemleak)
	tap_is "$_n" 0 "kmemleak: nothing the driver allocated is left (objects aged 5 s)"
	[ "$_n" = 0 ] || grep -m 12 -E '^unreferenced|^    \[<' /sys/kernel/debug/kmemleak | sed 's/^/#   /'
}

# rtc_udev_links: the repo's udev rule gives the PHCs their stable names
# (/dev/ptp_virtio...). systemd-udevd needs inotify; without it (a kernel
# without CONFIG_INOTIFY_USER) the same rule file is applied by udevadm's
# rule engine for each clock instead.
rtc_udev_links() {
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
			"this kernel has no inotify (CONFIG_INOTIFY_USER); udevadm test applies the rule instead"
		for p in /sys/class/ptp/ptp*; do
			udevadm test --action=add "$p" > "/tmp/udev-$(basename "$p").log" 2>&1
		done
	fi
}

# rtc_utc_phc_checks: /dev/ptp_virtio (the UTC clock) read through
# phc_ctl, testptp and vtclock, every PTP ioctl a read-only clock without
# cross-timestamps has, and the ones it must refuse.
rtc_utc_phc_checks() {
	# Reads: within 1 s of the guest's CLOCK_REALTIME (UML shares the host's
	# clock; guest-init sets an arm64 guest's from the host's at boot), as
	# the device's UTC clock is the host's. linuxptp 3.1 parses the PHC index
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

	# No cross-timestamps (UML has no Arm counter; neither our vhost-user
	# device nor QEMU's pairs readings with one): PRECISE fails, EOPNOTSUPP.
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
}

# reads_across PHC CMD...: a reader hammers PHC (vtclock loop) while CMD
# takes the device away (unbind, rmmod). True when reads worked before,
# failed with ENODEV after, never worked again on the old descriptor and
# nothing else happened; false also when CMD fails. The reader's counts
# are in /tmp/loop.out.
reads_across() {
	_phc=$1
	shift
	rm -f /tmp/stop /tmp/ready
	"$VTCLOCK" loop "$_phc" 20 /tmp/stop /tmp/ready > /tmp/loop.out 2>&1 &
	_reader=$!
	wait_for 5 test -e /tmp/ready
	sleep 0.1
	"$@"
	_rc=$?
	sleep 0.05
	touch /tmp/stop
	wait $_reader
	[ $_rc -eq 0 ] &&
		[ "$(kv ok < /tmp/loop.out)" -gt 0 ] 2>/dev/null &&
		[ "$(kv ENODEV < /tmp/loop.out)" -gt 0 ] 2>/dev/null &&
		[ "$(kv ok_after_enodev < /tmp/loop.out)" = 0 ] &&
		! grep -qvE '^(ok|ENODEV|ok_after_enodev|first_error_ms|last_error_ms)=' /tmp/loop.out
}
