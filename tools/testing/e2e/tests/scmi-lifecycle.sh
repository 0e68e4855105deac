# SPDX-License-Identifier: GPL-2.0
# Lifecycle of a virtio SCMI transport (--param transport=): rmmod and
# modprobe while hwmon readers, async reads and the IIO buffer keep
# commands and notifications in flight, repeatedly; unbinding and binding
# the virtio device through sysfs under load, with a command the device is
# slow to answer and with a raw command it never answers. Every removal
# ends in time, no reader hangs, the SCMI instance comes back with the
# right values; the runner checks the kernel log and kmemleak.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
scmi_load
T=$(scmi_timeout_ms)
# Removing an SCMI instance (every protocol driver, hwmon, IIO, debugfs)
# takes seconds on an arm64 guest under TCG with the debug kernel.
MARGIN=2500
[ "$(uname -m)" = aarch64 ] && MARGIN=6000
vdev=$(scmi_virtio)
drv=$(scmi_virtio_driver)
tap_ok $? "the virtio SCMI device $vdev is bound to $drv"

# start_load SECONDS: hwmon readers (two sync, one async) for SECONDS
# (the removal comes 1 s in: a debug kernel on a loaded host can take a
# good part of a second to start them);
# their pids in $load. They keep reading after the device is gone (and
# count the errors).
start_load() {
	load=
	"$SCMI_TOOL" read -n 1000000 -w "$1"000 -j 2 "$(hwmon_input cpu_temp)" > /tmp/load-sync 2>&1 &
	load="$load $!"
	"$SCMI_TOOL" read -n 1000000 -w "$1"000 "$(hwmon_input core_current)" > /tmp/load-async 2>&1 &
	load="$load $!"
}

# stop_load WHAT: the readers end within their time plus the SCMI timeout
# plus the margin, having read something before the removal.
stop_load() {
	_t0=$(date +%s%N)
	wait $load
	_ms=$(ms_since "$_t0")
	tap_ok "$([ "$_ms" -le $((T + MARGIN)) ]; echo $?)" "$1: the readers end in time (${_ms} ms after the removal)"
	_ok=$(cat /tmp/load-sync /tmp/load-async | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^reads=/) { split($i, a, "="); r += a[2] } else if ($i ~ /^errors=/) { split($i, b, "="); e += b[2] } } END { print r - e }')
	tap_ok "$([ "${_ok:-0}" -gt 0 ]; echo $?)" "$1: the readers read before the removal (${_ok:-0} reads)"
	tap_diag "sync readers: $(cat /tmp/load-sync)"
	tap_diag "async reader: $(cat /tmp/load-async)"
}

# timed WHAT LIMIT_MS CMD...: CMD succeeds within LIMIT_MS.
timed() {
	_what=$1 _limit=$2
	shift 2
	_t0=$(date +%s%N)
	_out=$("$@" 2>&1)
	_rc=$?
	_ms=$(ms_since "$_t0")
	tap_ok $_rc "$_what"
	[ $_rc -eq 0 ] || echo "$_out" | sed 's/^/#   /'
	tap_ok "$([ "$_ms" -le "$_limit" ]; echo $?)" "$_what: within $_limit ms ($_ms ms)"
}

# check_values WHAT: the SCMI instance is back with the platform's values.
check_values() {
	tap_run "$1: the SCMI instance is back" wait_for 10 scmi_hwmon
	tap_is "$(cat "$(hwmon_input vdd_core)" 2>&1)" 1200 "$1: vdd_core reads 1200"
	tap_is "$(cat "$(hwmon_input core_current)" 2>&1)" 1500 "$1: the async core_current reads 1500"
}

iio_accel() {
	for _d in /sys/bus/iio/devices/iio:device*; do
		[ "$(cat "$_d/name" 2>/dev/null)" = accel ] && echo "$_d" && return 0
	done
	return 1
}

# Module removal with commands (and, in round 2, notifications) in flight.
for round in 1 2 3; do
	start_load 3
	if [ $round = 2 ]; then
		acc=$(iio_accel)
		for a in accel_x accel_y accel_z timestamp; do
			echo 1 > "$acc/scan_elements/in_${a}_en"
		done
		echo 100 > "$acc/in_accel_sampling_frequency"
		echo 1 > "$acc/buffer/enable"
		"$SCMI_TOOL" iio -s 1 "/dev/$(basename "$acc")" > /tmp/iio 2>&1 &
		iio=$!
	fi
	sleep 1
	timed "round $round: rmmod under load" $((T + MARGIN)) rmmod "$SCMI_TRANSPORT"
	stop_load "round $round"
	if [ $round = 2 ]; then
		wait $iio
		tap_ok $? "round 2: the IIO reader ends ($(cat /tmp/iio))"
	fi
	tap_run "round $round: no SCMI instance without the transport" \
		sh -c '! ls -d /sys/bus/platform/devices/arm-scmi.* >/dev/null 2>&1'
	timed "round $round: modprobe" $((T + MARGIN)) modprobe "$SCMI_TRANSPORT"
	check_values "round $round"
done

unbind() {
	echo "$vdev" > "/sys/bus/virtio/drivers/$drv/unbind"
}
bind() {
	echo "$vdev" > "/sys/bus/virtio/drivers/$drv/bind"
}

# Unbind and bind the device under load.
for round in 1 2; do
	start_load 3
	sleep 1
	timed "unbind $round under load" $((T + MARGIN)) unbind
	stop_load "unbind $round"
	tap_ok "$([ ! -e "/sys/bus/virtio/devices/$vdev/driver" ]; echo $?)" "unbind $round: the device has no driver"
	timed "bind $round" $((T + MARGIN)) bind
	check_values "bind $round"
done

# A command the device answers late (but within the timeout) while the
# device is unbound: the command ends (with its value or an error) and
# the unbind waits for it, no longer than the timeout.
vt_ctl 0 "sensor vdd_core 1250" > /dev/null
vt_ctl 0 "fault delay=$((T - 1000)),queue=0,count=1" > /dev/null
"$SCMI_TOOL" read "$(hwmon_input vdd_core)" > /tmp/slow &
slow=$!
sleep 0.5
timed "unbind with a slow command in flight" $((T + MARGIN)) unbind
wait $slow
set -- $(cat /tmp/slow)
tap_ok "$([ "$1 $2" = "ok 1250" ] || [ "$1" = err ]; echo $?)" "the slow command ends with its value or an error ($*)"
vt_ctl 0 "fault off" > /dev/null
vt_ctl 0 "sensor vdd_core 1200" > /dev/null
timed "bind again" $((T + MARGIN)) bind
check_values "after the slow command"

# A raw command the device never answers while the device is unbound.
vt_ctl 0 "fault drop,queue=0,count=1" > /dev/null
"$SCMI_TOOL" raw -N -t $((T + MARGIN)) 0x10 0x0 > /tmp/lost 2>&1 &
lost=$!
sleep 0.5
timed "unbind with an unanswered raw command" $((T + MARGIN)) unbind
wait $lost
tap_diag "the raw command: $(tail -1 /tmp/lost)"
vt_ctl 0 "fault off" > /dev/null
timed "bind again" $((T + MARGIN)) bind
check_values "after the unanswered command"

scmi_unload
tap_done
