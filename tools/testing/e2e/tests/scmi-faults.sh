# SPDX-License-Identifier: GPL-2.0
# Device faults under a virtio SCMI transport (--param transport=), one
# group per run (--param case=):
#
#   timeout  replies later than the SCMI timeout, replies never given (also
#            to several callers at once), a late reply racing a new command
#            with the same token (raw mode)
#   status   error statuses: each maps to its errno, raw mode sees the
#            status unchanged; the backend must be started with
#            --fault status=HARDWARE_ERROR,protocol=0x15,msg=6,count=2
#   length   used lengths shorter than header and status, half the reply,
#            beyond the buffer
#   garbage  random bytes for a reply
#   eventq   the same faults on delayed responses (the eventq)
#
# Every fault must give the caller an error (or, where the reply's bytes are
# all there, the right value), within the SCMI timeout plus a margin; after
# "fault off" everything works again; the transport unloads at the end, so
# that buffers it leaked would show in the runner's kmemleak check, and the
# runner fails the run on any kernel warning.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
scmi_load
T=$(scmi_timeout_ms)
MARGIN=2500
VALUE=1000

# sensor_read NAME: one hwmon read; sets $res (ok or err), $val (the value
# or the errno name) and $ms. The sensor gets a new value first, so that a
# stale reading cannot pass for a fresh one (multiplied for sensors whose
# scale hwmon divides by, so that it shows as a new value too).
sensor_read() {
	VALUE=$((VALUE + 1))
	_l=$(conf_items sensor | grep "^$1 ")
	RAW=$(hwmon_raw "$(conf_key "$_l" type)" "$(conf_key "$_l" scale)" $VALUE)
	vt_ctl 0 "sensor $1 $RAW" > /dev/null
	set -- $("$SCMI_TOOL" read "$(hwmon_input "$1")")
	res=$1
	if [ "$res" = ok ]; then
		val=$2 ms=$3
	else
		val=$3 ms=$4
	fi
}
# The hwmon value of sensor NAME holding $RAW.
expected() {
	_l=$(conf_items sensor | grep "^$1 ")
	_e=$(hwmon_expect "$(conf_key "$_l" type)" "$(conf_key "$_l" scale)" "$RAW")
	echo "${_e#* }"
}

# check_error NAME WHAT [ERRNO]: a read of sensor NAME fails (with ERRNO
# if given) within the timeout plus the margin.
check_error() {
	sensor_read "$1"
	tap_is "$res${3:+ $val}" "err${3:+ $3}" "$2: the read fails${3:+ with $3} ($res $val after $ms ms)"
	tap_ok "$([ "$ms" -le $((T + MARGIN)) ]; echo $?)" "$2: within $T + $MARGIN ms ($ms ms)"
}

# check_whole NAME WHAT: a read of sensor NAME whose reply is all there but
# comes with a wrong used length: an error or the right value, in time.
check_whole() {
	sensor_read "$1"
	tap_ok "$([ "$res" = err ] || [ "$val" = "$(expected "$1")" ]; echo $?)" \
		"$2: an error or the right value ($res $val after $ms ms)"
	tap_ok "$([ "$ms" -le $((T + MARGIN)) ]; echo $?)" "$2: within $T + $MARGIN ms ($ms ms)"
}

# check_timeout NAME WHAT: a read of sensor NAME times out, not earlier.
check_timeout() {
	check_error "$1" "$2" ETIMEDOUT
	tap_ok "$([ "$ms" -ge $((T - 100)) ]; echo $?)" "$2: not before the $T ms timeout"
}

# check_ok NAME WHAT: a read of sensor NAME returns its new value.
check_ok() {
	sensor_read "$1"
	tap_is "$res $val" "ok $(expected "$1")" "$2"
}

# fault SPEC: set the backend's fault (replacing any other).
fault() {
	tap_run "backend fault $1" vt_ctl 0 "fault $1"
}

sync_sensor=cpu_temp
async_sensor=board_temperature_rear_edge

case "${VT_CASE:-}" in
timeout)
	fault "delay=$((T + 500)),queue=0,count=1"
	check_timeout $sync_sensor "reply $((T + 500)) ms late"
	sleep 0.7
	check_ok $sync_sensor "after the late reply came (and was dropped): reads work"
	check_ok vdd_core "and other sensors too"

	# Several callers wait for replies that never come; the device keeps
	# their buffers until it is reset.
	fault "drop,queue=0"
	drop_sensors="cpu_temp vdd_core vbat soc_power"
	for s in $drop_sensors; do
		vt_ctl 0 "sensor $s $VALUE" > /dev/null
	done
	for s in $drop_sensors; do
		"$SCMI_TOOL" read "$(hwmon_input $s)" > "/tmp/drop-$s" &
	done
	wait
	for s in $drop_sensors; do
		set -- $(cat "/tmp/drop-$s")
		tap_is "$1 $3" "err ETIMEDOUT" "dropped reply to $s: ETIMEDOUT ($4 ms)"
		tap_ok "$([ "$4" -ge $((T - 100)) ] && [ "$4" -le $((T + MARGIN)) ]; echo $?)" \
			"dropped reply to $s: after $T ms, within $T + $MARGIN ms"
	done
	check_ok $async_sensor "a dropped response to an async read: the delayed response completes it"
	fault off
	check_ok $sync_sensor "after fault off: reads work"
	check_ok $async_sensor "after fault off: async reads work"

	# A late reply must not complete a newer command that reuses its
	# token: raw mode lets both use token 600. DISCOVER_VENDOR is late and
	# times out; PROTOCOL_VERSION, sent next, is still waiting when the
	# vendor reply comes.
	if ! intree_gap "a late reply does not complete a newer command with its token" \
		"the late DISCOVER_VENDOR reply completes the PROTOCOL_VERSION command sent with the same token"; then
		fault "delay=$((T + 600)),queue=0,count=2"
		out=$("$SCMI_TOOL" raw -k 600 -t $((T + 100)) 0x10 0x3)
		tap_is "$(echo "$out" | tail -1)" "rounds=1 bad=0 timeouts=1" "raw DISCOVER_VENDOR gets no reply within the timeout"
		out=$("$SCMI_TOOL" raw -k 600 -t 1500 0x10 0x0)
		reply=$(echo "$out" | sed -n 's/^reply //p')
		tap_ok "$([ -z "$reply" ] || [ "$reply" = "$(status SUCCESS) 0x00020000" ]; echo $?)" \
			"a late reply does not complete a newer command with its token (${reply:-no reply})"
		fault off
	fi
	check_ok $sync_sensor "at the end: reads work"
	;;
status)
	# The backend started with --fault status=HARDWARE_ERROR,protocol=0x15,msg=6,count=2.
	check_error $sync_sensor "the backend's first fault" EREMOTEIO
	check_error $async_sensor "the backend's second fault" EREMOTEIO
	check_ok $sync_sensor "the third reading works"
	for st in NOT_SUPPORTED:EOPNOTSUPP INVALID_PARAMETERS:EINVAL DENIED:EACCES \
		NOT_FOUND:ENOENT OUT_OF_RANGE:ERANGE BUSY:EBUSY COMMS_ERROR:ECOMM \
		GENERIC_ERROR:EIO HARDWARE_ERROR:EREMOTEIO PROTOCOL_ERROR:EPROTO \
		-42:EIO 7:EIO; do
		fault "status=${st%:*},protocol=0x15,msg=6,count=1"
		check_error $sync_sensor "status ${st%:*}" "${st#*:}"
	done
	check_ok $sync_sensor "a fault with count=1 hits one command only"
	fault "status=BUSY,protocol=0x15,msg=6,count=1"
	check_error $async_sensor "status BUSY for an async read" EBUSY
	check_ok $async_sensor "the next async read works"
	fault "status=-42,protocol=0x10,msg=0,count=1"
	tap_is "$(raw_reply 0x10 0x0)" "$(status -42)" "raw mode gets an undefined status unchanged"
	fault "status=GENERIC_ERROR"
	check_error vdd_core "every command failing" EIO
	fault off
	check_ok vdd_core "after fault off: reads work"
	;;
length)
	if ! intree_gap "reply shorter than header and status" \
		"takes the header and status from past the used length; the read succeeds with a stale value"; then
		fault "used-len=4,queue=0,count=1"
		check_error $sync_sensor "reply of 4 bytes (header only)" EPROTO
		fault "used-len=0,queue=0,count=1"
		check_error $sync_sensor "reply of 0 bytes" EPROTO
		check_ok $sync_sensor "the next read works"
	fi
	# Half a PROTOCOL_VERSION reply (6 of 12 bytes): the version word is
	# past the used length and must not be reported.
	fault "short,queue=0,count=1"
	reply=$(raw_reply -t $((T + MARGIN)) 0x10 0x0)
	tap_ok "$([ -n "$reply" ] && [ "$reply" != "$(status SUCCESS) 0x00020000" ]; echo $?)" \
		"half a reply: a reply without the bytes past its used length (${reply:-none})"
	# Half a sensor reading: header, status and the low half of the value.
	fault "short,queue=0,count=1"
	sensor_read $sync_sensor
	tap_ok "$([ "$ms" -le $((T + MARGIN)) ]; echo $?)" "half a sensor reading: the read ends ($res $val after $ms ms)"
	check_ok $sync_sensor "the next read works"
	# More than the buffer: the reply itself is whole, so the right value
	# is as good as an error; anything else is not.
	fault "oversize,queue=0,count=1"
	check_whole $sync_sensor "a used length 4 KiB beyond the buffer"
	fault "used-len=100000,queue=0"
	check_whole vdd_core "every used length 100000"
	check_whole $async_sensor "every used length 100000, async read"
	fault off
	check_ok $sync_sensor "after fault off: reads work"
	;;
garbage)
	# seed=4: the first garbled header decodes as a command reply
	# (type 0) with a token no command waits for.
	fault "garbage,queue=0,count=1,seed=4"
	check_error $sync_sensor "a garbled reply"
	check_ok $sync_sensor "the next read works"
	# seed=1: the first header has message type 1, which SCMI does not
	# define.
	if ! intree_gap "garbled replies of undefined message types" \
		"hands them to the SCMI core, whose WARN_ONCE on unknown message types fires"; then
		fault "garbage,queue=0,count=3,seed=1"
		check_error $sync_sensor "garbled reply (undefined message type)"
		check_error vdd_core "garbled reply"
		check_error $async_sensor "garbled reply to an async read"
	fi
	fault off
	check_ok $sync_sensor "after fault off: reads work"
	check_ok $async_sensor "after fault off: async reads work"
	;;
eventq)
	# Queue 1 carries the delayed responses of async sensor reads.
	fault "drop,queue=1,count=1"
	check_error $async_sensor "a delayed response never given" ETIMEDOUT
	check_ok $async_sensor "the next async read works"
	fault "garbage,queue=1,count=1,seed=4"
	check_error $async_sensor "a garbled delayed response (type 0 header)"
	check_ok $async_sensor "the next async read works"
	if ! intree_gap "delayed responses shorter than a header" \
		"passes them to the SCMI core, which reads header and status past the used length; the read succeeds with a stale value"; then
		fault "used-len=2,queue=1,count=1"
		check_error $async_sensor "a delayed response of 2 bytes"
	fi
	if ! intree_gap "delayed responses shorter than header and status" \
		"passes them to the SCMI core, which reads the status past the used length; the read succeeds with a stale value"; then
		fault "used-len=4,queue=1,count=1"
		check_error $async_sensor "a delayed response of 4 bytes (header only)"
	fi
	if ! intree_gap "garbled events of undefined message types" \
		"hands them to the SCMI core, whose WARN_ONCE on unknown message types fires"; then
		fault "garbage,queue=1,count=1,seed=1"
		check_error $async_sensor "a garbled delayed response (undefined message type)"
	fi
	fault off
	check_ok $async_sensor "after fault off: async reads work"
	check_ok $sync_sensor "and sync reads"
	;;
*)
	tap_ok 1 "known case '${VT_CASE:-}' (timeout status length garbage eventq)"
	;;
esac

tap_is "$(backend_stat async_pending)" 0 "no async command left pending in the backend"
scmi_unload
tap_done
