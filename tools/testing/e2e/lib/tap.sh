# SPDX-License-Identifier: GPL-2.0
# TAP helpers for guest-side test scripts (POSIX sh; busybox sh and dash).
# Source it, call the checks, end with tap_done.

TAP_N=0
TAP_FAILED=0

# tap_ok STATUS NAME: STATUS 0 is a pass, anything else a failure.
tap_ok() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

# tap_is ACTUAL EXPECTED NAME: string equality, with a diagnostic on failure.
tap_is() {
	if [ "$1" = "$2" ]; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3"
		echo "#   got: '$1'"
		echo "#   expected: '$2'"
	fi
}

# tap_run NAME CMD...: passes when CMD exits 0; its output becomes diagnostics.
tap_run() {
	_name=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	tap_ok $_rc "$_name"
	[ $_rc -eq 0 ] || echo "$_out" | sed 's/^/#   /'
}

# tap_skip NAME REASON: reported as skipped, never counted as a pass.
tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

tap_diag() {
	echo "# $*"
}

tap_done() {
	echo "1..$TAP_N"
	[ $TAP_FAILED -eq 0 ]
}

# uptime_cs: set _cs to the guest's uptime in hundredths of a second (at
# least one second has passed, so no leading zero makes it octal). No
# subshell: on a TCG guest every fork counts.
uptime_cs() {
	read -r _up _ < /proc/uptime
	_cs=${_up%.*}${_up#*.}
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds, at
# most SECONDS * 10 times and never longer than 3 * SECONDS of uptime (on
# a slow TCG guest a try of CMD may itself take seconds).
wait_for() {
	_tries=$(($1 * 10))
	uptime_cs
	_end=$((_cs + $1 * 300))
	shift
	while ! "$@" >/dev/null 2>&1; do
		_tries=$((_tries - 1))
		uptime_cs
		[ $_tries -gt 0 ] && [ "$_cs" -lt $_end ] || return 1
		sleep 0.1
	done
}

# host_path PATH: a host path as given on the command line; on arm64
# guests the host's root is under /run/host.
host_path() {
	if [ -e /run/host ] && [ -n "$1" ] && [ ! -e "$1" ]; then
		echo "/run/host$1"
	else
		echo "$1"
	fi
}

# vt_host N kill|start|unplug|plug: the host SIGKILLs backend N now, or
# starts it again on its socket, or unplugs device N (QMP device_del; done
# once the guest ejected it) or plugs it again (run-guest.sh --hotplug);
# fails if the host refuses (its error printed) or does not confirm in
# time (10 s; unplug 65 s).
vt_host() {
	_f=/run/vt-ctl/$1/host.$2
	# Made under another name, then renamed: the host renames the
	# request to .done as soon as it sees it, which could make our own
	# create of it fail (ENOENT over 9p; seen once in CI).
	: > "/run/vt-ctl/$1/.host.$2.tmp" && mv "/run/vt-ctl/$1/.host.$2.tmp" "$_f" || return 1
	_w=10
	[ "$2" = unplug ] && _w=65
	wait_for "$_w" eval 'test -e "$_f.done" || test -e "$_f.failed"' ||
		{ echo "vt_host: no answer to $2"; return 1; }
	if [ -e "$_f.failed" ]; then
		cat "$_f.failed"
		rm -f "$_f.failed"
		return 1
	fi
	rm -f "$_f.done"
}

# vt_ctl N COMMAND...: run control commands in backend N (see vdev
# --control-dir); prints the output lines, fails unless the first is "ok".
VT_CTL_SEQ=0
vt_ctl() {
	_dir=/run/vt-ctl/$1
	shift
	VT_CTL_SEQ=$((VT_CTL_SEQ + 1))
	_name=c$$-$VT_CTL_SEQ
	printf '%s\n' "$@" > "$_dir/.$_name.tmp" && mv "$_dir/.$_name.tmp" "$_dir/$_name.cmd" || return 1
	wait_for 5 test -f "$_dir/$_name.out" || { echo "vt_ctl: no answer"; return 1; }
	_first=$(head -1 "$_dir/$_name.out")
	tail -n +2 "$_dir/$_name.out"
	rm -f "$_dir/$_name.out"
	[ "$_first" = ok ]
}
