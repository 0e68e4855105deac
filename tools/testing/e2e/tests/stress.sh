# SPDX-License-Identifier: GPL-2.0
# Stress of both drivers at once (virtio-rtc, the virtio SCMI transport, or
# both): for VT_SECS seconds (--param secs=, default 60) every kind of user
# runs in parallel loops while the devices are unbound and bound, the
# modules unloaded and loaded and the system put through pm_test freeze
# cycles; then a clean phase of VT_CLEAN_SECS (default 5) on the same boot
# in which every kind of call must succeed again.
#
# Users (one shell loop each, every call a process under `timeout`):
#   phc_read    vtclock read DEV 5        (clock_gettime, 5 reads a call)
#   phc_ext     vtclock ext DEV -n 5 -c C (PTP_SYS_OFFSET_EXTENDED, C cycling)
#   phc_sysoff  vtclock sysoff DEV        (PTP_SYS_OFFSET)
#   phc_precise vtclock precise DEV       (PTP_SYS_OFFSET_PRECISE, only on
#                                          clocks whose caps say so)
#   rtc_ioctl   vtclock rtc-read; rtc_hwclock hwclock -r (every 4th round);
#   rtc_alarm   wakealarm set and clear; rtc_alarm_fire an alarm 1 s ahead
#               awaited on /dev/rtcN (every 4th round; RTCs with alarm):
#               one worker, /dev/rtcN opens exclusively
#   rtc_sysfs   cat .../time and .../date (another worker)
#   hwmon       every scmi_sensors *_input (sync and async sensors)
#   iio_raw     the gyro's raw axes; iio_buffer: the accelerometer's buffer
#               for 1 s (SENSOR_UPDATE notifications)
#   clk_rate    debugfs clk_rate of the platform's clocks (CLOCK_RATE_GET);
#   clk_summary debugfs clk_summary (every clock's rate and state)
#   raw_sync, raw_async   scmi-tool raw through message / message_async
#   phc_hammer  vtclock hammer: clock_gettime and EXTENDED back to back on
#               one PHC a round for 5 s, every call timed (counts are calls)
#   hwmon_hammer  scmi-tool read -j 2 for 5 s on a sync or an async sensor
#               (counts are reads; the slowest against the bound)
# Lifecycle (one loop, legs in turn, those the kernel and device allow):
#   unbind/bind of each virtio device; rmmod/modprobe of virtio_rtc (only
#   when no RTC is a wakeup alarm: the alarmtimer pins the module) and of
#   the SCMI transport (modules only); freeze with pm_test=devices;
#   hot-unplug and re-plug of each device the host can unplug
#   (run-guest.sh --hotplug: PCIe native hot-plug through QMP), one a leg,
#   the leg ending once the device is back with all it provides.
# Invariants: no call over its bound (the driver's timeout plus
# VT_MARGIN, default 5 s; plus the pm_test time when freezing), every user
# kind succeeds during the load, every worker ends by the deadline, every
# lifecycle leg completes cycles and its operations do not fail, the
# devices come back, the clean phase has no error. Counts per kind (calls,
# results per errno, slowest call) are printed as diagnostics.
#
# Parameters: secs, clean_secs, margin, rtc_sysfs (see below), transport (SCMI, default
# virtio_scmi), tools (vtclock's directory), scmi_tools (scmi-tool's; both
# default to the repository's build/rtc-tools|scmi-tools/ARCH), legs (a
# subset of "unbind reload freeze hotplug", or comma-separated).
#
# users=hammers: the load phase runs only the in-process users (phc_hammer,
# hwmon_hammer), hammers=N of each (default 1; phc_hammers=N sets the PHC
# hammers' count apart), hwmon_hammer with
# hammer_jobs=J threads (default 2): the most requests a second, for the
# fuzzer's scale runs. The clean phase runs every user, one of each, the
# hwmon hammer on two threads.
#
# fuzz=SEED[,RATE] (and fuzz_ring=RATE): the load phase runs under the
# backends' reply fuzzer (vdev --fuzz, switched on through the control
# directory when the load starts, seed SEED+N for backend N), without
# lifecycle legs. virtio_rtc gets timeout_ms=1000 and the fuzzer delays
# replies past both drivers' timeouts. Users may fail then, with any
# errno, but no call may take longer than its requests' timeouts plus the
# margin (a call of several requests: that many timeouts). After it the
# fuzzer is switched off, what it held back released, every device
# unbound and bound again (a ring-level fault leaves a broken device), and
# the clean phase must show every kind of call working again.
# fuzz_slow=RATE: delays and drops at RATE percent of the replies, apart
# from the other kinds (vdev --fuzz-slow); fuzz_min=N: the backends must
# have pushed at least N replies and notifications under the fuzzer.
#
# expect=NODE=VENDOR;... (several SCMI devices, each with its own DT node,
# as tests/scmi-dt.sh): after every lifecycle leg and at the end, each SCMI
# instance must reach its own node's platform. The hwmon users take the
# instance of the platform config's vendor (conf=, test.conf by default).
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

SECS=${VT_SECS:-60}
# rtc_sysfs=0: no RTC sysfs users (time, date, wakealarm). The 6.12 RTC
# core holds rtc->ops_lock in devm_rtc_unregister_device() while
# device_del() drains the sysfs attributes, whose readers wait for that
# lock: an unbind under sysfs readers deadlocks until a signal ends the
# reader (lockdep reports the inversion as soon as both orders happened).
RTC_SYSFS=${VT_RTC_SYSFS:-1}
CLEAN_SECS=${VT_CLEAN_SECS:-5}
MARGIN=${VT_MARGIN:-5}
LEGS=${VT_LEGS:-unbind reload freeze}
# A kernel parameter cannot hold a space: legs=reload,freeze.
LEGS=$(echo "$LEGS" | tr , ' ')
FUZZ=${VT_FUZZ:-}
FUZZ_RING=${VT_FUZZ_RING:-0}
FUZZ_SLOW=${VT_FUZZ_SLOW:-}
FUZZ_MIN=${VT_FUZZ_MIN:-0}
USERS=${VT_USERS:-all}
HAMMERS=${VT_HAMMERS:-1}
PHC_HAMMERS=${VT_PHC_HAMMERS:-$HAMMERS}
HAMMER_JOBS=${VT_HAMMER_JOBS:-2}
EXPECT=${VT_EXPECT:-}
[ -n "$FUZZ" ] && LEGS=
case "$(uname -m)" in
aarch64) tarch=arm64 ;;
*) tarch=host ;;
esac
RTC_TOOLS=${VT_TOOLS:-$VT_ROOT/build/rtc-tools/$tarch}
VTCLOCK=$RTC_TOOLS/vtclock
SCMI_TOOLS=$(host_path "${VT_SCMI_TOOLS:-}")
SCMI_TOOL=${SCMI_TOOLS:-$VT_ROOT/build/scmi-tools/$tarch}/scmi-tool
ST=/tmp/stress
rm -rf "$ST"
mkdir -p "$ST"

# --- Clock in centiseconds, without a fork ---------------------------------

# cs: sets CS to the uptime in centiseconds (the shell's own read).
cs() {
	read -r _up _ < /proc/uptime
	CS=${_up%.*}${_up#*.}
}

# --- Which devices ----------------------------------------------------------

# vdevs ID: the virtio devices with that device ID (0x0011, 0x0020).
vdevs() {
	for _d in /sys/bus/virtio/devices/*; do
		{ read -r _id < "$_d/device"; } 2>/dev/null || continue
		[ "$_id" = "$1" ] && echo "${_d##*/}"
	done
}
RTC_VDEVS=$(vdevs 0x0011 | tr '\n' ' ')
SCMI_VDEVS=$(vdevs 0x0020 | tr '\n' ' ')
N_VDEVS=$(echo $RTC_VDEVS $SCMI_VDEVS | wc -w)
TAP_LIB=$VT_ROOT/tools/testing/e2e/lib/tap.sh
[ -n "$RTC_VDEVS$SCMI_VDEVS" ]
tap_ok $? "a virtio RTC or SCMI device is present (rtc: ${RTC_VDEVS:-none}; scmi: ${SCMI_VDEVS:-none})"

# --- Discovery without forks (static sysfs attributes only; phcs settled
# forks one find) -----------------------------------------------------------

# phcs [settled]: PHCS = "DEV:T_V ..." for every virtio PTP clock (type T,
# variant V); "settled": only those whose /dev node is 2 s old. 6.12's
# posix_clock_register() sets clk->dev only after cdev_device_add() made
# the node: an open in between takes no device reference, its close drops
# one, and the next unregistration frees the clock under
# posix_clock_unregister() (KASAN slab-use-after-free; a WARN on a NULL
# clk->dev in posix_clock_open() fired in the same runs). The users open
# only clocks whose registration is long over.
phcs() {
	PHCS=
	[ "${1:-}" = settled ] &&
		_old=" $(find /dev -maxdepth 1 -name 'ptp*' ! -newermt '2 seconds ago' 2>/dev/null | tr '\n' ' ')"
	for _p in /sys/class/ptp/ptp*; do
		{ read -r _n < "$_p/clock_name"; } 2>/dev/null || continue
		case "$_n" in
		"Virtio PTP type "*)
			if [ "${1:-}" = settled ]; then
				case "$_old" in
				*" /dev/${_p##*/} "*) ;;
				*) continue ;;
				esac
			fi
			_t=${_n#Virtio PTP type }
			PHCS="$PHCS /dev/${_p##*/}:${_t%%/*}_${_n##*variant }"
			;;
		esac
	done
}
# rtcs: RTCS = "rtcN ..." of the virtio RTCs.
rtcs() {
	RTCS=
	for _r in /sys/class/rtc/rtc*; do
		{ read -r _n < "$_r/name"; } 2>/dev/null || continue
		case "$_n" in
		virtio_rtc*) RTCS="$RTCS ${_r##*/}" ;;
		esac
	done
}
# hwmon_dir: HW = the scmi_sensors hwmon directory (empty if none); with
# several SCMI instances, the one of the platform config's vendor (the
# hwmon device's parent is the SCMI device, whose parent is the instance).
hwmon_dir() {
	HW=
	for _h in /sys/class/hwmon/hwmon*; do
		{ read -r _n < "$_h/name"; } 2>/dev/null || continue
		[ "$_n" = scmi_sensors ] || continue
		if [ -n "$EXPECT" ]; then
			{ read -r _v < "$_h/device/../vendor_id"; } 2>/dev/null || continue
			[ "$_v" = "$VENDOR" ] || continue
		fi
		HW=$_h
		return 0
	done
	return 1
}
# iio_dir NAME: IIO = the IIO device of that SCMI sensor.
iio_dir() {
	IIO=
	for _d in /sys/bus/iio/devices/iio:device*; do
		{ read -r _n < "$_d/name"; } 2>/dev/null || continue
		[ "$_n" = "$1" ] && IIO=$_d && return 0
	done
	return 1
}
# raw_dir: RAW = the SCMI raw-mode directory.
raw_dir() {
	RAW=
	for _r in /sys/kernel/debug/scmi/*/raw; do
		[ -e "$_r/message" ] && RAW=$_r && return 0
	done
	return 1
}

# --- Counting ---------------------------------------------------------------
# Each worker is a subshell with its own counters: c_KIND_RESULT (RESULT ok,
# over, an errno name or another failure kind), m_KIND (slowest call, cs).
# KEYS lists "KIND:RESULT" once each. At its end a worker writes them to
# $ST/stats.PHASE.NAME as "KIND RESULT N" and "KIND max N" lines.

KEYS=
count() {
	eval "_n=\${c_$1_$2:-0}"
	[ "$_n" = 0 ] && KEYS="$KEYS $1:$2"
	eval "c_$1_$2=$((_n + 1))"
}
# count_n KIND RESULT N: N results at once (nothing when N is 0).
count_n() {
	[ "${3:-0}" -gt 0 ] 2>/dev/null || return 0
	eval "_n=\${c_$1_$2:-0}"
	[ "$_n" = 0 ] && KEYS="$KEYS $1:$2"
	eval "c_$1_$2=$((_n + $3))"
}
# slowest KIND US: a call of KIND took US microseconds.
slowest() {
	_c=$((($2 + 9999) / 10000))
	eval "[ \"\$_c\" -gt \"\${m_$1:-0}\" ] && m_$1=\$_c"
}
dump_stats() {
	for _k in $KEYS; do
		eval "echo \"${_k%%:*} ${_k#*:} \${c_${_k%%:*}_${_k#*:}}\""
		eval "_m=\${m_${_k%%:*}:-0}"
		echo "${_k%%:*} max $_m"
	done > "$ST/stats.$PHASE.$WNAME"
}

# errkind FILE: the failure's kind from a command's output: the errno name
# vtclock and scmi-tool print, else one from the strerror() text.
errkind() {
	awk '
	{ e = "" }
	/^E[A-Z0-9]+: / { e = $1; sub(/:$/, "", e) }
	/^err [0-9]+ E[A-Z0-9]+ / { e = $3 }
	e == "" && /No such device or address/ { e = "ENXIO" }
	e == "" && /No such device/ { e = "ENODEV" }
	e == "" && /No such file or directory|nonexistent/ { e = "ENOENT" }
	e == "" && /Device or resource busy/ { e = "EBUSY" }
	e == "" && /is in use/ { e = "in_use" }
	e == "" && /Invalid argument/ { e = "EINVAL" }
	e == "" && /Input\/output error/ { e = "EIO" }
	e == "" && /Timer expired/ { e = "ETIME" }
	e == "" && /timed out/ { e = "ETIMEDOUT" }
	e == "" && /Operation not supported|Not supported/ { e = "EOPNOTSUPP" }
	e == "" && /Protocol error/ { e = "EPROTO" }
	e == "" && /Resource temporarily unavailable/ { e = "EAGAIN" }
	e == "" && /endpoint shutdown/ { e = "ESHUTDOWN" }
	e == "" && /No data available/ { e = "ENODATA" }
	e == "" && /Remote I\/O error/ { e = "EREMOTEIO" }
	e == "" && /Interrupted system call/ { e = "EINTR" }
	e == "" && /Bad address/ { e = "EFAULT" }
	e == "" && /Operation not permitted/ { e = "EPERM" }
	e == "" && /Permission denied/ { e = "EACCES" }
	e == "" && /No space left/ { e = "ENOSPC" }
	e == "" && /: I\/O error$/ { e = "write_error" }
	e == "" && /no (reply|delayed response) within/ { e = "no_reply" }
	e == "" && /header 0x|round differs|of [0-9]+ bytes/ { e = "bad_reply" }
	e == "" && /^samples=0 / { e = "no_samples" }
	e == "" && /fired=0/ { e = "no_fire" }
	e == "" && /Cannot access the Hardware Clock/ { e = "no_rtc" }
	e != "" { print e; found = 1; exit }
	END { if (!found) print "other" }' "$1"
}

# call KIND BOUND CMD...: run CMD under `timeout BOUND`, count its result
# for KIND: ok, over (killed at the bound) or the error's kind (RES is set
# to it). The first failures of each kind are kept in $ST/fail.* for the
# diagnostics.
call() {
	_k=$1 _b=$2
	shift 2
	cs
	_t0=$CS
	timeout -k 2 "$_b" "$@" > "$WD/out" 2>&1
	_rc=$?
	cs
	_dt=$((CS - _t0))
	eval "[ \"\$_dt\" -gt \"\${m_$_k:-0}\" ] && m_$_k=\$_dt"
	case $_rc in
	0) RES=ok ;;
	124 | 137) RES=over ;;
	*) RES=$(errkind "$WD/out") ;;
	esac
	# A failure while the lifecycle is quiet (the generation it had when
	# the round began, even, unchanged) is counted as quiet_KIND: users
	# may fail only around unbind, reload and freeze.
	if [ "$RES" != ok ] && [ -n "$QUIET_CHECK" ]; then
		read -r _g1 < "$ST/gen"
		case "$_k" in
		lc_*) ;;
		*) [ "$_g1" = "$G0" ] && [ $((G0 % 2)) = 0 ] && RES=quiet_$RES ;;
		esac
	fi
	count "$_k" "$RES"
	if [ "$RES" != ok ]; then
		eval "_f=\${f_$_k:-0}"
		if [ "$_f" -lt 3 ]; then
			eval "f_$_k=$((_f + 1))"
			echo "$PHASE $_k $RES rc=$_rc after ${_dt}0 ms: $(echo "$*" | tr -s '\n\t' '  ' | cut -c 1-120) :: $(head -c 300 "$WD/out" | tr '\n' ' ')" \
				>> "$ST/fail.$PHASE"
		fi
	fi
	[ "$RES" = ok ]
}

# absent KIND: a round found nothing to use (the device is away): counted,
# and a short pause instead of a spin.
absent() {
	count "$1" absent
	sleep 0.1
}

# --- Bounds ---------------------------------------------------------------

# ceil_s MS: milliseconds rounded up to seconds.
ceil_s() {
	echo $((($1 + 999) / 1000))
}

# --- Workers ----------------------------------------------------------------
# worker NAME FUNCTION: run FUNCTION each round until the phase's end
# (END, in cs) and at least MIN_ROUNDS rounds (the clean phase: every
# kind a worker does every few rounds gets its turn), and as long as
# $ST/busy exists (the lifecycle loop has legs left to do under the load;
# it removes the file itself), in the background; its pid is added to
# WPIDS.
MIN_ROUNDS=0
WPIDS=
QUIET_CHECK=
echo 0 > "$ST/gen"
worker() {
	(
		WNAME=$1 WD=$ST/w.$1
		mkdir -p "$WD"
		ROUND=0
		trap 'dump_stats; exit 0' TERM
		cs
		while [ "$CS" -lt "$END" ] || [ "$ROUND" -lt "$MIN_ROUNDS" ] ||
			[ -e "$ST/busy" ]; do
			read -r G0 < "$ST/gen"
			$2
			ROUND=$((ROUND + 1))
			cs
		done
		dump_stats
	) &
	WPIDS="$WPIDS $!:$1"
}

w_phc_read() {
	phcs settled
	[ -n "$PHCS" ] || { absent phc_read; return; }
	for _e in $PHCS; do
		call phc_read "$RB" "$VTCLOCK" read "${_e%%:*}" 5
	done
}
w_phc_ext() {
	phcs settled
	[ -n "$PHCS" ] || { absent phc_ext; return; }
	case $((ROUND % 3)) in
	0) _c=realtime ;; 1) _c=monotonic ;; 2) _c=raw ;;
	esac
	for _e in $PHCS; do
		call phc_ext "$RB" "$VTCLOCK" ext "${_e%%:*}" -n 5 -c $_c
	done
}
# PTP_SYS_OFFSET on every clock; PRECISE where the clock's caps (learnt
# once per clock type and variant: px_T_V) offer cross-timestamps.
w_phc_xts() {
	phcs settled
	[ -n "$PHCS" ] || { absent phc_sysoff; return; }
	for _e in $PHCS; do
		_dev=${_e%%:*} _key=${_e#*:}
		call phc_sysoff "$RB" "$VTCLOCK" sysoff "$_dev"
		eval "_px=\${px_$_key:-}"
		if [ -z "$_px" ]; then
			timeout -k 2 "$RB" "$VTCLOCK" precise "$_dev" > "$WD/caps" 2>&1
			case "$(cat "$WD/caps")" in
			*cross_timestamping=0*) _px=0 ;;
			*cross_timestamping=[1-9]*) _px=1 ;;
			esac
			[ -n "$_px" ] && eval "px_$_key=$_px" &&
				echo "$_key $_px" >> "$ST/precise"
		fi
		[ "$_px" = 1 ] && call phc_precise "$RB" "$VTCLOCK" precise "$_dev"
	done
}
# /dev/rtcN opens exclusively (EBUSY for a second opener), and a wake
# alarm set through sysfs is refused while another is enabled: one worker
# does all of that, in turn; another reads the time through sysfs only.
w_rtc() {
	rtcs
	[ -n "$RTCS" ] || { absent rtc_ioctl; return; }
	for _r in $RTCS; do
		call rtc_ioctl "$RB" "$VTCLOCK" rtc-read "/dev/$_r"
		# hwclock is no single request: with no update interrupt it
		# reads the RTC in a loop for up to 1.5 s until the second
		# changes, beside every other user (6.6-6.7 s in the clean
		# phase on a quiet 2-core UML host, 12.7 s once on a busy
		# one): twice the bound of a request-bounded call.
		[ $((ROUND % 4)) = 0 ] &&
			call rtc_hwclock "$((2 * RB))" hwclock -r -u --noadjfile -f "/dev/$_r"
		_w=/sys/class/rtc/$_r/wakealarm
		[ -e "$_w" ] || continue
		[ "$RTC_SYSFS" = 1 ] ||
			_w=
		# Set and clear the wake alarm; every 4th round an alarm 1 s
		# ahead that must fire (RTC_AIE, waited for on /dev/rtcN).
		[ -n "$_w" ] &&
			call rtc_alarm "$RB" sh -c '$0 0 > "$1" && $0 +30 > "$1" && $0 0 > "$1"' $WR "$_w"
		[ $((ROUND % 4)) = 2 ] &&
			call rtc_alarm_fire "$((RB + 2))" "$VTCLOCK" rtc-alarm "/dev/$_r" --in 1 --timeout 3
	done
}
w_rtc_sysfs() {
	rtcs
	[ -n "$RTCS" ] || { absent rtc_sysfs; return; }
	for _r in $RTCS; do
		call rtc_sysfs "$RB" cat "/sys/class/rtc/$_r/time"
		call rtc_sysfs "$RB" cat "/sys/class/rtc/$_r/date"
	done
}
w_hwmon() {
	hwmon_dir || { absent hwmon; return; }
	for _f in "$HW"/*_input; do
		call hwmon "$SB" cat "$_f"
	done
}
# In-process loops, so that requests are in flight whenever the lifecycle
# strikes: vtclock hammer on one PHC a round (HS seconds, every call
# timed against the bound), scmi-tool read with two threads for HS
# seconds on a sync and an async hwmon sensor in turn (the slowest read
# against the bound).
w_phc_hammer() {
	phcs settled
	[ -n "$PHCS" ] || { absent phc_hammer; return; }
	set -- $PHCS
	_i=${WNAME#phc_hammer}
	shift $(((ROUND + ${_i:-0}) % $#))
	call phc_hammer_run "$((HS + RB))" "$VTCLOCK" hammer "${1%%:*}" "$HS" "$((RB * 1000))" ||
		return
	while IFS='=' read -r _key _val; do
		case "$_key" in
		max_us) slowest phc_hammer "$_val" ;;
		*) count_n phc_hammer "$_key" "$_val" ;;
		esac
	done < "$WD/out"
}
w_hwmon_hammer() {
	hwmon_dir || { absent hwmon_hammer; return; }
	_f=
	for _l in "$HW"/*_label; do
		{ read -r _n < "$_l"; } 2>/dev/null || continue
		_i=${WNAME#hwmon_hammer}
		case "$(((ROUND + ${_i:-0}) % 2)):$_n" in
		0:cpu_temp | 1:core_current) _f=${_l%_label}_input ;;
		esac
	done
	[ -n "$_f" ] || { absent hwmon_hammer; return; }
	# (exit 1: some reads failed, counted below from its output)
	# The clean phase keeps to two threads: the test platform answers a
	# fifth concurrent async sensor read with BUSY (sensor_max_async=4).
	_j=$HAMMER_JOBS
	[ "$PHASE" = clean ] && _j=2
	# For HS seconds, like the PHC hammer: one read may still be in flight
	# then, so the run's bound is HS plus one read's.
	call hwmon_hammer_run "$((HS + SB))" sh -c '"$0" read -n 100000000 -w "$3" -j "$2" "$1"; [ $? -le 1 ]' \
		"$SCMI_TOOL" "$_f" "$_j" "$((HS * 1000))"
	# "reads=N errors=N ... max_us=X"
	set -- $(tr ' =' '\n ' < "$WD/out" | awk '$1 == "reads" || $1 == "errors" || $1 == "max_us" { printf "%d ", $2 }')
	[ $# = 3 ] || return
	count_n hwmon_hammer ok $(($1 - $2))
	count_n hwmon_hammer read_error "$2"
	slowest hwmon_hammer "$3"
	[ "$3" -gt $((SB * 1000000)) ] && count hwmon_hammer over
}
w_iio_raw() {
	iio_dir gyro || { absent iio_raw; return; }
	for _a in x y z; do
		call iio_raw "$SB" cat "$IIO/in_anglvel_${_a}_raw"
	done
}
# The accelerometer's buffer for a second: its SENSOR_UPDATE notifications
# must arrive (samples > 0). Enabling and disabling the buffer are two SCMI
# commands each (sensor config, notify enable): its bound is four
# commands' and the second, plus one lifecycle leg: a buffer/enable write
# waits on the IIO device's lock while the device is being removed (a
# cold CI replica on arm64 measured 37.2 s against the former 34 s bound,
# with module reloads taking 17-28 s on TCG).
w_iio_buffer() {
	iio_dir accel || { absent iio_buffer; return; }
	call iio_buffer "$((SB + 3 * SCMI_T + 1 + LB))" sh -c '
		d=$1
		for a in accel_x accel_y accel_z timestamp; do
			$0 1 > "$d/scan_elements/in_${a}_en" || exit 1
		done
		$0 1 > "$d/buffer/enable" || exit 1
		"$2" iio -s 1 "/dev/${d##*/}"
		rc=$?
		$0 0 > "$d/buffer/enable"
		exit $rc' $WR "$IIO" "$SCMI_TOOL"
	case "$RES" in
	ok)
		case "$(cat "$WD/out")" in
		samples=0\ *)
			# Counted again as what it was: no notification came.
			eval "c_iio_buffer_ok=\$((c_iio_buffer_ok - 1))"
			count iio_buffer no_samples
			;;
		esac
		;;
	*)
		# A buffer left enabled would keep the sensor busy.
		{ echo 0 > "$IIO/buffer/enable"; } 2>/dev/null
		;;
	esac
}
w_clk() {
	_any=
	for _c in $CLKS; do
		[ -e "/sys/kernel/debug/clk/$_c/clk_rate" ] || continue
		_any=1
		call clk_rate "$SB" cat "/sys/kernel/debug/clk/$_c/clk_rate"
	done
	[ -n "$_any" ] || absent clk_rate
	# Every clock's state too (is_prepared, or is_enabled: an atomic,
	# polled CLOCK_CONFIG_GET where the transport is atomic and a clock's
	# enable latency is within the DT's atomic-threshold-us).
	[ -n "$_any" ] && call clk_summary "$CSB" cat /sys/kernel/debug/clk/clk_summary
}
# Raw mode: replies (also the first response of an async command) share
# one queue, so one worker sends both kinds in turn. -N: no poll(), whose
# sleeper 6.12's raw mode frees with the SCMI instance (see scmi-tool.c).
w_raw() {
	raw_dir || { absent raw_sync; return; }
	call raw_sync "$RAWB" "$SCMI_TOOL" raw -N -n 3 -t "$RAW_MS" -d "$RAW" 0x10 0x0
	call raw_async "$RAWB" "$SCMI_TOOL" raw -N -a -t "$RAW_MS" -d "$RAW" 0x15 0x6 "$ASYNC_ID" 1
}

# --- Lifecycle ----------------------------------------------------------------

RTC_DRV=/sys/bus/virtio/drivers/virtio_rtc
SCMI_DRV=

# The writer of sysfs files under call: unlike the shell's echo (dash
# says "I/O error" whatever the errno), coreutils' names the error.
WR=/bin/echo

# unbind_bind KIND DRV VDEVS: unbind every device, pause, bind them again.
unbind_bind() {
	_kind=$1 _drv=$2 _ok=1
	for _v in $3; do
		call "lc_${_kind}_unbind" "$LB" sh -c '$0 "$1" > "$2"' $WR "$_v" "$_drv/unbind" || _ok=0
	done
	sleep "$GAP"
	for _v in $3; do
		call "lc_${_kind}_bind" "$LB" sh -c '$0 "$1" > "$2"' $WR "$_v" "$_drv/bind" || _ok=0
	done
	[ $_ok = 1 ] && count "cycles_${_kind}_unbind" "done"
}
# reload KIND MODULE: rmmod (retried while a user holds the module: its
# character devices do), pause, modprobe.
reload() {
	_i=0
	while ! call "lc_$1_rmmod" "$LB" rmmod "$2"; do
		_i=$((_i + 1))
		[ "$RES" = in_use ] && [ $_i -lt 50 ] || break
		sleep 0.05
	done
	_gone=$RES
	sleep "$GAP"
	call "lc_$1_modprobe" "$LB" modprobe "$2" && [ "$_gone" = ok ] &&
		count "cycles_$1_reload" "done"
}
leg_rtc_unbind() {
	unbind_bind rtc "$RTC_DRV" "$RTC_VDEVS"
}
leg_scmi_unbind() {
	unbind_bind scmi "$SCMI_DRV" "$SCMI_VDEVS"
}
leg_rtc_reload() {
	reload rtc virtio_rtc
}
leg_scmi_reload() {
	reload scmi "$SCMI_TRANSPORT"
}
leg_freeze() {
	call lc_freeze "$FB" sh -c '$0 freeze > /sys/power/state' $WR &&
		count cycles_freeze "done"
}
# leg_hotplug N: the host unplugs the device of control directory N (the
# guest ejects it: its driver's remove under the users), then plugs it
# again; the leg ends when everything is back (at most LB seconds).
leg_hotplug() {
	call lc_unplug "$HB" sh -c '. "$0"; vt_host "$1" unplug' "$TAP_LIB" "$1" || return
	sleep "$GAP"
	call lc_plug "$LB" sh -c '. "$0"; vt_host "$1" plug' "$TAP_LIB" "$1" || return
	if wait_for "$LB" all_back; then
		count "cycles_hotplug$1" "done"
	else
		count lc_replug not_back
	fi
}
# leg_map: once the SCMI instances are back (at most LB seconds), each
# reaches its own node's platform (counted lc_map: ok, or what it got).
leg_map() {
	wait_for "$LB" scmi_all_up
	_got=$(scmi_instances | tr '\n' ' ')
	if [ "$_got" = "$(scmi_expected | tr '\n' ' ')" ]; then
		count lc_map ok
	else
		count lc_map wrong
		echo "load lc_map wrong: $_got" >> "$ST/fail.load"
	fi
}
# gen N: publish the lifecycle's generation (odd: a leg is under way).
GEN=0
gen() {
	GEN=$((GEN + 1))
	echo "$GEN" > "$ST/gen.tmp" && mv "$ST/gen.tmp" "$ST/gen"
}
# One leg a round (the loop looks at the deadline between legs) and SETTLE
# seconds for the devices to come back (odd generation: users may fail),
# then GAP quiet seconds (even: users must not fail). The loop does every
# leg at least once however slow the guest: the users go on until it ends
# ($ST/busy).
w_lifecycle() {
	set -- $LEG_LIST
	shift $((ROUND % $#))
	gen
	case $1 in
	hotplug*) leg_hotplug "${1#hotplug}" ;;
	*) "leg_$1" ;;
	esac
	[ -n "$EXPECT" ] && leg_map
	sleep "$SETTLE"
	gen
	sleep "$GAP"
	[ "$ROUND" = $((N_LEGS - 1)) ] && rm -f "$ST/busy"
}

# all_back: every device bound (found again: a device plugged again is a
# new one), with as many PHCs and RTCs as at the start and the SCMI users'
# files.
all_back() {
	RTC_VDEVS=$(vdevs 0x0011 | tr '\n' ' ')
	SCMI_VDEVS=$(vdevs 0x0020 | tr '\n' ' ')
	[ "$(echo $RTC_VDEVS $SCMI_VDEVS | wc -w)" = "$N_VDEVS" ] || return 1
	for v in $RTC_VDEVS $SCMI_VDEVS; do
		[ -e "/sys/bus/virtio/devices/$v/driver" ] || return 1
	done
	phcs
	rtcs
	[ "$(echo $PHCS | wc -w)" = "$N_PHC" ] && [ "$(echo $RTCS | wc -w)" = "$N_RTC" ] || return 1
	[ -n "$SCMI_VDEVS" ] || return 0
	hwmon_dir && iio_dir gyro && iio_dir accel && raw_dir || return 1
	for c in $CLKS; do
		[ -e "/sys/kernel/debug/clk/$c/clk_rate" ] || return 1
	done
}

# --- Set-up -------------------------------------------------------------------

if [ -n "$RTC_VDEVS" ]; then
	tap_run "modprobe virtio_rtc${FUZZ:+ timeout_ms=1000}" rtc_modprobe ${FUZZ:+timeout_ms=1000}
	tap_run "the virtio RTC devices are bound to virtio_rtc" wait_for 10 rtc_bound
	tap_run "vtclock is there ($VTCLOCK)" test -x "$VTCLOCK"
fi
if [ -n "$SCMI_VDEVS" ]; then
	tap_run "scmi-tool is there ($SCMI_TOOL)" test -x "$SCMI_TOOL"
	scmi_load
	SCMI_DRV=/sys/bus/virtio/drivers/$(scmi_virtio_driver)
	tap_diag "SCMI device(s) $SCMI_VDEVS on $SCMI_DRV"
fi
# Wait for what the devices provide and remember it: the clean phase
# expects the same.
sleep 1
phcs
rtcs
N_PHC=$(echo $PHCS | wc -w)
N_RTC=$(echo $RTCS | wc -w)
N_ALARM=0
for r in $RTCS; do
	[ -e "/sys/class/rtc/$r/wakealarm" ] && N_ALARM=$((N_ALARM + 1))
done
CLKS=
if [ -n "$SCMI_VDEVS" ]; then
	CLKS=$(conf_items clock | cut -d' ' -f1 | tr '\n' ' ')
	VENDOR=$(conf_key "$(conf_items platform)" vendor)
	if [ -n "$EXPECT" ]; then
		scmi_map_check 20 ""
	fi
	ASYNC_ID=$(conf_sensor_id board_temperature_rear_edge)
	wait_for 10 raw_dir
	tap_ok $? "SCMI raw mode is there (${RAW:-none})"
	hwmon_dir
	iio_dir accel
	n=0
	for c in $CLKS; do
		[ -e "/sys/kernel/debug/clk/$c/clk_rate" ] && n=$((n + 1))
	done
	tap_is "$n" "$(echo $CLKS | wc -w)" "the SCMI clocks are in debugfs"
fi
tap_diag "PHCs:$PHCS; RTCs:$RTCS ($N_ALARM with alarm); hwmon ${HW:-none}; IIO ${IIO:-none}"

# Bounds, seconds: users of each driver, lifecycle operations, freezing.
RTC_T=10
[ -r /sys/module/virtio_rtc/parameters/timeout_ms ] &&
	RTC_T=$(ceil_s "$(cat /sys/module/virtio_rtc/parameters/timeout_ms)")
SCMI_T=3
[ -n "$SCMI_VDEVS" ] && SCMI_T=$(ceil_s "$(scmi_timeout_ms)")
RAW_MS=$(((SCMI_T + 1) * 1000))

# Lifecycle legs this run can do.
DO_UNBIND='' DO_RELOAD_RTC='' DO_RELOAD_SCMI='' DO_FREEZE=''
legs=
case " $LEGS " in
*" unbind "*) DO_UNBIND=1 legs="$legs unbind/bind" ;;
esac
LEG_LIST=
if [ -n "$DO_UNBIND" ]; then
	[ -n "$RTC_VDEVS" ] && LEG_LIST="$LEG_LIST rtc_unbind"
	[ -n "$SCMI_VDEVS" ] && LEG_LIST="$LEG_LIST scmi_unbind"
fi
case " $LEGS " in
*" reload "*)
	if [ -n "$RTC_VDEVS" ]; then
		if [ ! -e /sys/module/virtio_rtc/initstate ]; then
			tap_diag "virtio_rtc is built in: no module reload"
		elif [ "$N_ALARM" -gt 0 ]; then
			tap_diag "virtio_rtc reload: not done, an RTC with alarm is the alarmtimer's and pins the module (refcnt $(cat /sys/module/virtio_rtc/refcnt)); unbind/bind instead"
		else
			DO_RELOAD_RTC=1 legs="$legs virtio_rtc-reload"
			LEG_LIST="$LEG_LIST rtc_reload"
		fi
	fi
	if [ -n "$SCMI_VDEVS" ]; then
		if [ -e "/sys/module/$SCMI_TRANSPORT/initstate" ]; then
			DO_RELOAD_SCMI=1 legs="$legs $SCMI_TRANSPORT-reload"
			LEG_LIST="$LEG_LIST scmi_reload"
		else
			tap_diag "$SCMI_TRANSPORT is built in: no module reload"
		fi
	fi
	;;
esac
case " $LEGS " in
*" freeze "*)
	if grep -qw freeze /sys/power/state 2>/dev/null && [ -w /sys/power/pm_test ]; then
		DO_FREEZE=1 legs="$legs freeze(pm_test=devices)"
		LEG_LIST="$LEG_LIST freeze"
		# 1 s in the test suspend instead of 5: more cycles.
		echo 1 > /sys/module/suspend/parameters/pm_test_delay 2>/dev/null
		echo devices > /sys/power/pm_test
	else
		tap_diag "no freeze cycles: $(cat /sys/power/state 2>&1), pm_test $(cat /sys/power/pm_test 2>&1)"
	fi
	;;
esac
DO_HOTPLUG='' HP_CTLS=''
case " $LEGS " in
*" hotplug "*)
	for c in /run/vt-ctl/*/host.hotplug; do
		[ -e "$c" ] || continue
		c=${c%/host.hotplug}
		HP_CTLS="$HP_CTLS ${c##*/}"
		LEG_LIST="$LEG_LIST hotplug${c##*/}"
	done
	[ -n "$HP_CTLS" ]
	tap_ok $? "hot-plug: the host can unplug device(s)$HP_CTLS (run-guest.sh --hotplug)"
	[ -n "$HP_CTLS" ] && DO_HOTPLUG=1 legs="$legs hot-unplug/plug"
	;;
esac
FREEZE_ALLOW=0
if [ -n "$DO_FREEZE" ]; then
	d=$(cat /sys/module/suspend/parameters/pm_test_delay 2>/dev/null || echo 5)
	# A call in flight when the tasks freeze is frozen with them for the
	# whole test suspend, its `timeout` too (and its clock runs on).
	FREEZE_ALLOW=$((d + 10))
fi
RB=$((RTC_T + MARGIN + FREEZE_ALLOW))
SB=$((SCMI_T + MARGIN + FREEZE_ALLOW))
# clk_summary: every clock's rate and state; raw: scmi-tool's rounds.
CSB=$SB
RAWB=$SB
if [ -n "$FUZZ" ]; then
	# Under the fuzzer every request of a call may time out: vtclock's
	# calls make up to 5 requests, scmi-tool's and the IIO buffer's up
	# to 4 SCMI commands, clk_summary two per clock.
	RB=$((5 * RTC_T + MARGIN))
	SB=$((4 * SCMI_T + MARGIN))
	CSB=$(((2 * $(echo $CLKS | wc -w) + 1) * SCMI_T + MARGIN))
	# Raw mode sends one command at a time: a round's write may wait
	# for the previous round's command to time out, then its own read
	# waits up to RAW_MS.
	RAWB=$((3 * (RAW_MS / 1000 + SCMI_T) + MARGIN))
fi
T_MAX=$RTC_T
[ "$SCMI_T" -gt "$T_MAX" ] && T_MAX=$SCMI_T
# An unbind waits for requests in flight; a bind or modprobe probes with
# several requests: two timeouts, plus the margin.
LB=$((2 * T_MAX + MARGIN + FREEZE_ALLOW))
# Freezing: tasks get 20 s to freeze, then the test suspend's delay.
FB=$((20 + ${d:-5} + MARGIN))
# Hot-unplug: vt_host waits up to 65 s for QEMU's word that the guest
# ejected the device (its attention button's 5 s, then the removal).
HB=0
[ -n "$DO_HOTPLUG" ] && HB=$((65 + MARGIN))
GAP=${VT_GAP:-2}
SETTLE=${VT_SETTLE:-1}
tap_diag "bounds: virtio-rtc calls ${RB}s (timeout ${RTC_T}s), SCMI calls ${SB}s (timeout ${SCMI_T}s; clk_summary ${CSB}s, raw ${RAWB}s), lifecycle ${LB}s, freeze ${FB}s (margin ${MARGIN}s, freeze allowance ${FREEZE_ALLOW}s)"
tap_diag "load ${SECS}s, clean ${CLEAN_SECS}s; lifecycle legs:${legs:- none}"
if [ -n "$SCMI_VDEVS" ]; then
	if [ -n "$RAW" ] && [ -e "$RAW/message_poll" ]; then
		tap_diag "raw mode has message_poll; scmi-tool does not use it yet"
	fi
	tap_diag "SCMI atomic transfers: atomic_threshold_us $(cat "$(dirname "$RAW")/atomic_threshold_us" 2>&1) (clk_summary polls the clocks' state when the clocks' enable latencies are within it)"
	tap_skip "SCMI atomic (polled) transfers through raw mode" \
		"the 6.12 raw debugfs has no message_poll entry (only message, message_async)"
fi

# proof=hang (a run that must fail, run-guest.sh --expect-fail): one more
# worker that never returns, to show the deadline check catches it. (The
# bound check caught a real deadlock, see rtc_sysfs above.)
w_proof_hang() {
	sleep 100000
}

# start_users: every user worker for the devices present.
start_users() {
	[ "${VT_PROOF:-}" = hang ] && worker proof_hang w_proof_hang
	if [ "$PHASE:$USERS" = load:hammers ]; then
		for _h in $(seq "$PHC_HAMMERS"); do
			[ -n "$RTC_VDEVS" ] && worker "phc_hammer$_h" w_phc_hammer
		done
		for _h in $(seq "$HAMMERS"); do
			[ -n "$SCMI_VDEVS" ] && worker "hwmon_hammer$_h" w_hwmon_hammer
		done
		return 0
	fi
	if [ -n "$RTC_VDEVS" ]; then
		worker phc_read w_phc_read
		worker phc_read2 w_phc_read
		worker phc_ext w_phc_ext
		worker phc_xts w_phc_xts
		worker phc_hammer w_phc_hammer
		worker rtc w_rtc
		[ "$RTC_SYSFS" = 1 ] && worker rtc_sysfs w_rtc_sysfs
	fi
	if [ -n "$SCMI_VDEVS" ]; then
		worker hwmon w_hwmon
		worker hwmon2 w_hwmon
		worker hwmon_hammer w_hwmon_hammer
		worker iio_raw w_iio_raw
		worker iio_buffer w_iio_buffer
		worker clk w_clk
		worker raw w_raw
	fi
}

# wait_workers LIMIT_CS: wait for every worker until uptime LIMIT_CS; the
# ones still running then are reported (with what their children are
# doing) and killed. Returns the number of workers that did not end.
wait_workers() {
	_stuck=0
	for _w in $WPIDS; do
		_p=${_w%%:*}
		cs
		while kill -0 "$_p" 2>/dev/null && [ "$CS" -lt "$1" ]; do
			sleep 0.2
			cs
		done
		if kill -0 "$_p" 2>/dev/null; then
			_stuck=$((_stuck + 1))
			echo "# worker ${_w#*:} (pid $_p) did not end by the deadline"
			for _c in $(cat /proc/"$_p"/task/*/children 2>/dev/null); do
				for _g in $_c $(cat /proc/"$_c"/task/*/children 2>/dev/null); do
					echo "#   pid $_g: $(tr '\0' ' ' < /proc/$_g/cmdline 2>/dev/null) state $(sed -n 's/^State:\t//p' /proc/$_g/status 2>/dev/null) wchan $(cat /proc/$_g/wchan 2>/dev/null)"
					sed 's/^/#     /' /proc/$_g/stack 2>/dev/null
				done
			done
		fi
	done
	if [ $_stuck -gt 0 ]; then
		# Blocked tasks into the kernel log, then end what is left.
		echo w > /proc/sysrq-trigger 2>/dev/null
		for _w in $WPIDS; do
			_p=${_w%%:*}
			for _c in $(cat /proc/"$_p"/task/*/children 2>/dev/null); do
				kill -KILL "$_c" 2>/dev/null
			done
			kill -KILL "$_p" 2>/dev/null
		done
	fi
	WPIDS=
	return $_stuck
}

# report PHASE: the statistics of a phase, aggregated over its workers, as
# diagnostics; $ST/sum.PHASE gets "KIND RESULT N" lines (max: the slowest
# call in cs).
report() {
	cat "$ST"/stats."$1".* 2>/dev/null | awk '
		$2 == "max" { if ($3 > m[$1]) m[$1] = $3; next }
		{ n[$1 " " $2] += $3; k[$1] = 1 }
		END {
			for (x in n) print x, n[x]
			for (x in m) print x, "max", m[x]
		}' | sort > "$ST/sum.$1"
	awk -v ph="$1" '
		$2 == "max" { m[$1] = $3; next }
		{ k[$1] = 1; if ($2 != "absent") t[$1] += $3; if ($2 == "ok") ok[$1] = $3; else if ($2 == "done") d[$1] = $3; else o[$1] = o[$1] " " $2 "=" $3 }
		END {
			for (x in k) {
				if (x ~ /^cycles_/) { printf "# %s: %s %d\n", ph, x, d[x]; continue }
				printf "# %s: %-16s calls=%d ok=%d slowest=%.2fs%s\n", ph, x, t[x], ok[x], m[x] / 100, o[x] ? " |" o[x] : ""
			}
		}' "$ST/sum.$1" | sort
}
# sum PHASE KIND RESULT: one aggregated count (0 if none).
sum() {
	awk -v k="$2" -v r="$3" '$1 == k && $2 == r { n += $3 } END { print n + 0 }' "$ST/sum.$1"
}
# kinds PHASE: the user kinds counted in a phase (not lifecycle, not cycles).
kinds() {
	awk '$2 != "max" && $1 !~ /^(lc_|cycles_)/ { print $1 }' "$ST/sum.$1" | sort -u
}
# failures PHASE KIND: "RESULT=N ..." for every result but ok (and absent
# when ALLOW_ABSENT is set).
failures() {
	awk -v k="$2" -v a="${ALLOW_ABSENT:-}" '$1 == k && $2 != "max" && $2 != "ok" && $2 != "done" &&
		!(a && $2 == "absent") { printf "%s=%d ", $2, $3 }' "$ST/sum.$1"
}

# --- Load phase ---------------------------------------------------------------

PHASE=load
HS=5
cs
T_START=$CS
END=$((CS + SECS * 100))
[ -n "$LEG_LIST" ] && QUIET_CHECK=1
N_LEGS=$(echo $LEG_LIST | wc -w)
[ "$N_LEGS" -gt 0 ] && : > "$ST/busy"
# The reply fuzzer: on for the load, in every backend.
FUZZ_CTL=
if [ -n "$FUZZ" ]; then
	f_seed=${FUZZ%%,*}
	f_rate=10
	[ "$FUZZ" != "$f_seed" ] && f_rate=${FUZZ#*,}
	f_delay=$(((RTC_T > SCMI_T ? RTC_T : SCMI_T) * 1000 + 500))
	for i in 0 1 2 3; do
		[ -d "/run/vt-ctl/$i" ] || continue
		FUZZ_CTL="$FUZZ_CTL $i"
		out=$(vt_ctl "$i" "fuzz seed=$((f_seed + i)) rate=$f_rate ring=0 ${FUZZ_SLOW:+slow=$FUZZ_SLOW }delay-ms=$f_delay clear on" 2>&1)
		tap_ok $? "reply fuzzer on in backend $i: seed $((f_seed + i)), rate $f_rate %${FUZZ_SLOW:+ (delays and drops: $FUZZ_SLOW %)}, delays $f_delay ms${out:+ ($out)}"
	done
	# Ring-level faults leave a broken device, whose users all fail at
	# once from then on: they come in the load's last third only.
	if [ "$FUZZ_RING" != 0 ]; then
		(
			sleep $((SECS * 2 / 3))
			for i in $FUZZ_CTL; do
				vt_ctl "$i" "fuzz ring=$FUZZ_RING" > /dev/null 2>&1 ||
					echo "backend $i" >> "$ST/fuzz.ring-failed"
			done
		) &
		FUZZ_RING_PID=$!
	fi
fi
start_users
[ -n "$LEG_LIST" ] && worker lifecycle w_lifecycle
# Every leg once, or a last leg started just before END: their bound.
LIMIT=$((END + (N_LEGS + 1) * (2 * LB + FB + HB + SETTLE + GAP) * 100))
wait_workers "$LIMIT"
stuck=$?
cs
T_LOAD_END=$CS
tap_is "$stuck" 0 "load: every worker ended by the deadline (after $(((CS - T_START) / 100)) s, ${SECS} s asked)"
if [ -n "${FUZZ_RING_PID:-}" ]; then
	wait "$FUZZ_RING_PID"
	[ ! -e "$ST/fuzz.ring-failed" ]
	tap_ok $? "ring-level faults ($FUZZ_RING %) on for the load's last third$( [ -e "$ST/fuzz.ring-failed" ] && echo ": refused by $(cat "$ST/fuzz.ring-failed")")"
fi
f_pushes=0 f_mutated=0
for i in $FUZZ_CTL; do
	vt_ctl "$i" "fuzz off release stats" > "$ST/fuzz.$i" 2>&1
	tap_ok $? "reply fuzzer off in backend $i, what it held back released ($(kv released < "$ST/fuzz.$i"))"
	pushes=$(kv pushes < "$ST/fuzz.$i")
	mutated=$(kv mutated < "$ST/fuzz.$i")
	tap_diag "fuzz backend $i: $(grep -vE '^(released|enabled|kinds|applicable)=' "$ST/fuzz.$i" | grep -v '=0$' | tr '\n' ' ')"
	[ "${mutated:-0}" -gt 0 ]
	tap_ok $? "backend $i: the fuzzer mutated ${mutated:-0} of ${pushes:-0} replies and notifications"
	f_pushes=$((f_pushes + ${pushes:-0})) f_mutated=$((f_mutated + ${mutated:-0}))
done
if [ -n "$FUZZ" ]; then
	f_secs=$(((T_LOAD_END - T_START) / 100))
	tap_diag "fuzz: $f_pushes replies and notifications, $f_mutated mutated, in ${f_secs} s ($((f_pushes / (f_secs ? f_secs : 1))) a second; users: $USERS)"
	[ "$f_pushes" -ge "$FUZZ_MIN" ]
	tap_ok $? "fuzz: at least $FUZZ_MIN replies and notifications under the fuzzer ($f_pushes)"
fi
report load
[ -s "$ST/fail.load" ] && sed 's/^/# first failures: /' "$ST/fail.load" | head -40
[ -s "$ST/precise" ] && tap_diag "PTP_SYS_OFFSET_PRECISE per clock (TYPE_VARIANT 1: offered, 0: not): $(sort -u "$ST/precise" | tr '\n' ' ')"

over=0
for k in $(awk '$2 == "over" { print $1 }' "$ST/sum.load" | sort -u); do
	over=$((over + $(sum load "$k" over)))
	tap_diag "load: $k: $(sum load "$k" over) call(s) over the bound"
done
tap_is "$over" 0 "load: no call over its bound (driver timeout + ${MARGIN} s)"
quiet=$(awk '$2 ~ /^quiet_/ { printf "%s:%s=%d ", $1, substr($2, 7), $3 }' "$ST/sum.load")
[ -z "$FUZZ" ] &&
tap_is "${quiet:-none}" none "load: users fail only around lifecycle events (${SETTLE} s after each), never in the ${GAP} s quiet windows"
[ -z "$FUZZ" ] && for k in $(kinds load); do
	n=$(sum load "$k" ok)
	[ "$n" -gt 0 ]
	tap_ok $? "load: $k calls succeed under the lifecycle ($n ok)"
done
if [ -n "$DO_UNBIND" ]; then
	for dev in rtc scmi; do
		eval "v=\$$(echo "$dev" | tr a-z A-Z)_VDEVS"
		[ -n "$v" ] || continue
		n=$(sum load "cycles_${dev}_unbind" done)
		[ "$n" -gt 0 ]
		tap_ok $? "lifecycle: $n unbind/bind cycles of the $dev device(s)"
	done
fi
if [ -n "$DO_RELOAD_RTC" ]; then
	n=$(sum load cycles_rtc_reload done)
	[ "$n" -gt 0 ]
	tap_ok $? "lifecycle: $n virtio_rtc rmmod/modprobe cycles"
fi
if [ -n "$DO_RELOAD_SCMI" ]; then
	n=$(sum load cycles_scmi_reload done)
	[ "$n" -gt 0 ]
	tap_ok $? "lifecycle: $n $SCMI_TRANSPORT rmmod/modprobe cycles"
fi
for c in $HP_CTLS; do
	n=$(sum load "cycles_hotplug$c" done)
	[ "$n" -gt 0 ]
	tap_ok $? "lifecycle: $n hot-unplug/plug cycles of $(cat "/run/vt-ctl/$c/host.hotplug") (control directory $c)"
done
if [ -n "$EXPECT" ] && [ -n "$LEG_LIST" ]; then
	n=$(sum load lc_map ok)
	w=$(sum load lc_map wrong)
	[ "$n" -gt 0 ] && [ "$w" = 0 ]
	tap_ok $? "lifecycle: after $n legs each SCMI instance reached its own node's platform (wrong: $w)"
fi
if [ -n "$DO_FREEZE" ]; then
	n=$(sum load cycles_freeze done)
	[ "$n" -gt 0 ]
	tap_ok $? "lifecycle: $n freeze cycles (pm_test=devices)"
fi
# Lifecycle operations do not fail; rmmod refused while a user holds the
# module is retried and only counted; a freeze aborted by a wakeup event
# (the alarm users) is counted too.
bad=
for k in $(awk '$1 ~ /^lc_/ { print $1 }' "$ST/sum.load" | sort -u); do
	f=$(awk -v k="$k" '$1 == k && $2 != "max" && $2 != "ok" && $2 != "over" &&
		!($2 == "in_use" && k ~ /_rmmod$/) && !($2 == "EBUSY" && k == "lc_freeze") { printf "%s=%d ", $2, $3 }' "$ST/sum.load")
	[ -n "$f" ] && bad="$bad $k: $f"
done
# (What failed is in the check's name: a CI log keeps only the names.)
[ -z "$bad" ]
tap_ok $? "lifecycle: no unbind, bind, rmmod, modprobe, freeze or hot-plug failed${bad:+ (failed:$bad; first failures: $(grep ' lc_' "$ST/fail.load" 2>/dev/null | head -2 | cut -c 1-200 | tr '\n' ' '))}"

# --- Back to normal -------------------------------------------------------------

[ -n "$DO_FREEZE" ] && echo none > /sys/power/pm_test
# (Devices plugged again have new names.)
RTC_VDEVS=$(vdevs 0x0011 | tr '\n' ' ')
SCMI_VDEVS=$(vdevs 0x0020 | tr '\n' ' ')
restore() {
	if [ -n "$RTC_VDEVS" ]; then
		modprobe virtio_rtc
		for v in $RTC_VDEVS; do
			[ -e "/sys/bus/virtio/devices/$v/driver" ] || echo "$v" > "$RTC_DRV/bind"
		done
	fi
	if [ -n "$SCMI_VDEVS" ]; then
		modprobe "$SCMI_TRANSPORT"
		for v in $SCMI_VDEVS; do
			[ -e "/sys/bus/virtio/devices/$v/driver" ] || echo "$v" > "$SCMI_DRV/bind"
		done
	fi
}
# After the fuzzer: a fresh device, also where a ring-level fault left
# the virtio core's device broken.
if [ -n "$FUZZ" ]; then
	bad=
	for v in $RTC_VDEVS; do
		{ $WR "$v" > "$RTC_DRV/unbind" && $WR "$v" > "$RTC_DRV/bind"; } 2>> "$ST/rebind" || bad="$bad $v"
	done
	for v in $SCMI_VDEVS; do
		{ $WR "$v" > "$SCMI_DRV/unbind" && $WR "$v" > "$SCMI_DRV/bind"; } 2>> "$ST/rebind" || bad="$bad $v"
	done
	tap_is "${bad:-none}" none "after the fuzzer: every device unbound and bound again$( [ -s "$ST/rebind" ] && echo " ($(tr '\n' ' ' < "$ST/rebind"))")"
fi
out=$(restore 2>&1)
wait_for 20 all_back
tap_ok $? "after the lifecycle: every device bound again, $N_PHC PHCs, $N_RTC RTCs, the SCMI users' files"
[ -n "$out" ] && echo "$out" | sed 's/^/#   restore: /'
[ -n "$SCMI_VDEVS" ] && raw_dir && echo 1 > "$RAW/reset"
if [ -n "$EXPECT" ]; then
	scmi_map_check 20 "after the lifecycle: "
fi

# --- Clean phase ------------------------------------------------------------------

PHASE=clean
QUIET_CHECK=
MIN_ROUNDS=4
HS=1
cs
END=$((CS + CLEAN_SECS * 100))
start_users
wait_workers $((END + (2 * (RB + SB) + 60) * 100))
tap_is "$?" 0 "clean: every worker ended by the deadline"
report clean
[ -s "$ST/fail.clean" ] && sed 's/^/# clean failures: /' "$ST/fail.clean" | head -40
load_kinds=$(kinds load | tr '\n' ' ')
for k in $load_kinds; do
	n=$(sum clean "$k" ok)
	f=$(failures clean "$k")
	[ "$n" -gt 0 ] && [ -z "$f" ]
	tap_ok $? "clean: $k: $n calls, all succeed${f:+ (got $f)}"
done
printf '%s\n' $load_kinds > "$ST/sum.load.kinds"
extra=$(kinds clean | grep -vxF -f "$ST/sum.load.kinds")
# (Under the fuzzer a slow load may not reach the rounds of every kind.)
[ -z "$FUZZ" ] &&
tap_is "${extra:-none}" none "clean: no kind of call the load phase did not have"

# Totals: calls per driver, lifecycle cycles, duration.
rtc_calls=$(awk '$1 ~ /^(phc|rtc)_/ && $1 !~ /_run$/ && $2 != "max" && $2 != "absent" { n += $3 } END { print n + 0 }' "$ST/sum.load")
scmi_calls=$(awk '$1 ~ /^(hwmon|iio_|clk_|raw_)/ && $1 !~ /_run$/ && $2 != "max" && $2 != "absent" { n += $3 } END { print n + 0 }' "$ST/sum.load")
cycles=$(awk '$1 ~ /^cycles_/ && $2 == "done" { printf "%s=%d ", substr($1, 8), $3 }' "$ST/sum.load")
tap_diag "totals: ${SECS} s load: virtio-rtc user calls $rtc_calls, SCMI user calls $scmi_calls; cycles: ${cycles:-none}"
for i in 0 1; do
	[ -d "/run/vt-ctl/$i" ] || continue
	tap_diag "backend $i: $(vt_ctl "$i" stats 2>&1 | tr '\n' ' ')"
done
tap_done
