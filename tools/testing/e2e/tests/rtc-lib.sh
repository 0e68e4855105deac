# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the virtio-rtc guest scripts (rtc-*.sh); sourced after
# lib/tap.sh. Not a test of its own. POSIX sh.
#
# VT_TOOLS (--param tools=DIR) holds testptp, rtctest-vt and vtclock
# (tools/testing/scripts/build-rtc-tools.sh); UML guests run host binaries.

VT_TOOLS=${VT_TOOLS:-$VT_ROOT/build/rtc-tools/host}
# guest-init may see the host's tree under /run/host (it moves VT_ROOT
# there); --param paths are the host's, so follow it.
case "$VT_ROOT:$VT_TOOLS" in
/run/host/*:/run/host/*) ;;
/run/host/*) VT_TOOLS=/run/host$VT_TOOLS ;;
esac
VTCLOCK=$VT_TOOLS/vtclock
TESTPTP=$VT_TOOLS/testptp
RTCTEST_VT=$VT_TOOLS/rtctest-vt

# rtc_modprobe [PARAM=VALUE...]: load virtio_rtc from our build. The
# runner bind-mounts our modules over /lib/modules; where the read-only
# root has no /lib/modules to mount over, point modprobe at them instead.
rtc_modprobe() {
	if [ -n "${VT_MODULES:-}" ] && [ ! -d "/lib/modules/$(uname -r)" ]; then
		modprobe -d "${VT_MODULES%/lib/modules}" virtio_rtc "$@"
	else
		modprobe virtio_rtc "$@"
	fi
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
