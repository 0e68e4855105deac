# SPDX-License-Identifier: GPL-2.0
# SCMI raw mode over a virtio SCMI transport (--param transport=): Base
# discovery round trips, repeated hundreds of times with a new token each;
# asynchronous commands with their delayed responses; raw commands while
# the kernel's own drivers send theirs (COEX); notifications enabled through
# raw mode reach its notification queue; nothing unexpected is left in the
# errors queue.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

BASE=0x10
SENSOR=0x15

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
scmi_load
raw=$(scmi_raw)
tap_ok $? "raw mode is available (${raw:-none})"
dbg=$(dirname "$raw")
tap_is "$(cat "$dbg/transport/type")" arm,scmi-virtio "debugfs: the transport type"
tap_is "$(cat "$dbg/transport/max_rx_timeout_ms")" 3000 "debugfs: the DT's arm,max-rx-timeout-ms"
tap_is "$(cat "$dbg/transport/max_msg_size")" 128 "debugfs: the largest payload"
echo 1 > "$raw/reset"

# rounds N WHAT EXPECTED ARGS...: N raw round trips, each reply checked.
rounds() {
	_n=$1 _what=$2 _exp=$3
	shift 3
	_out=$("$SCMI_TOOL" raw -n "$_n" "$@" 2>&1)
	_rc=$?
	tap_is "$(echo "$_out" | sed -n 's/^reply //p; s/^delayed /+ /p' | tr '\n' ' ' | sed 's/ $//')" \
		"$_exp" "$_what"
	tap_ok $_rc "$_what: $_n rounds, every reply the same and for its token"
	[ $_rc -eq 0 ] || echo "$_out" | tail -5 | sed 's/^/#   /'
}

plat=$(conf_items platform)
S=$(status SUCCESS)
rounds 500 "BASE PROTOCOL_VERSION" "$S 0x00020000" $BASE 0x0
rounds 200 "BASE DISCOVER_VENDOR" "$S $(hex_string "$(conf_key "$plat" vendor)")" $BASE 0x3
rounds 20 "BASE DISCOVER_SUB_VENDOR" "$S $(hex_string "$(conf_key "$plat" sub_vendor)")" $BASE 0x4
rounds 20 "BASE DISCOVER_IMPLEMENTATION_VERSION" \
	"$S $(printf '0x%08x' "$(conf_key "$plat" impl_version)")" $BASE 0x5
nproto=$( (conf_items sensor | head -1; conf_items clock | head -1) | grep -c .)
rounds 20 "BASE DISCOVER_LIST_PROTOCOLS" "$S $(printf '0x%08x' "$nproto") 0x00001514" $BASE 0x6 0
tap_is "$(raw_reply $BASE 0x3f)" "$(status NOT_SUPPORTED)" "an unknown BASE message: NOT_SUPPORTED"

# Asynchronous SENSOR_READING_GET: the response, then the delayed response
# with the sensor id and the value.
async_id=$(conf_sensor_id board_temperature_rear_edge)
vt_ctl 0 "sensor board_temperature_rear_edge 36000123" > /dev/null
reading="$(printf '0x%08x' "$async_id") $(le64 36000123) 0x00000000 0x00000000"
rounds 100 "async SENSOR_READING_GET" "$S + $S $reading" -a $SENSOR 0x6 "$async_id" 1
rounds 20 "the same sensor read synchronously" "$S $(le64 36000123) 0x00000000 0x00000000" \
	$SENSOR 0x6 "$async_id" 0
tap_is "$(raw_reply -a $SENSOR 0x6 "$(conf_sensor_id cpu_temp)" 1)" "$(status INVALID_PARAMETERS)" \
	"an async read of a sync-only sensor: INVALID_PARAMETERS, no delayed response"

# Raw commands and the kernel's own at the same time (COEX).
"$SCMI_TOOL" read -n 1000000 -w 2500 -j 2 "$(hwmon_input cpu_temp)" > /tmp/bg 2>&1 &
bg=$!
rounds 300 "PROTOCOL_VERSION while hwmon reads" "$S 0x00020000" $BASE 0x0
rounds 50 "async SENSOR_READING_GET while hwmon reads" "$S + $S $reading" -a $SENSOR 0x6 "$async_id" 1
wait $bg
tap_ok $? "hwmon reads at the same time all succeed"
tap_diag "$(cat /tmp/bg)"

# Notifications: enable the accelerometer through raw mode; its continuous
# update notifications (enabled by scmi_iio at probe) reach the raw
# notification queue with the sensor's values.
accel=$(conf_sensor_id accel)
"$SCMI_TOOL" collect "$raw/notification" > /dev/null
tap_is "$(raw_reply $SENSOR 0xa "$accel" 1)" "$S" "SENSOR_CONFIG_SET enables the accelerometer"
out=$("$SCMI_TOOL" collect -s 1 "$raw/notification")
tap_is "$(raw_reply $SENSOR 0xa "$accel" 0)" "$S" "SENSOR_CONFIG_SET disables it"
n=$(echo "$out" | sed -n 's/^messages=//p')
tap_diag "$n notifications in 1 s"
# 20 Hz for the second collected, plus those sent while the enabling and
# disabling commands took their time (a second or more on a slow guest).
tap_ok "$([ "${n:-0}" -ge 10 ] && [ "${n:-0}" -le 60 ]; echo $?)" "about 20 SENSOR_UPDATE notifications a second (got ${n:-none} in the collected second and around it)"
set -- $(echo "$out" | sed -n 's/^msg //p' | head -1)
# header, agent, sensor, then per axis value low, high, timestamp low, high
tap_is "$1 $3" "0x00005701 $(printf '0x%08x' "$accel")" "a SENSOR_UPDATE notification of the accelerometer"
tap_is "$4 $5 $8 $9 ${12} ${13}" "$(le64 123) $(le64 -456) $(le64 9807)" "it carries the three axis values"
"$SCMI_TOOL" collect "$raw/notification" > /dev/null
tap_is "$("$SCMI_TOOL" collect -s 1 "$raw/notification" | tail -1)" messages=0 \
	"no notifications once the sensor is disabled"

out=$("$SCMI_TOOL" collect "$raw/errors")
tap_is "$(echo "$out" | tail -1)" messages=0 "nothing unexpected in the raw errors queue"
[ "$out" = messages=0 ] || echo "$out" | sed 's/^/#   /'

# scmi-tool raw -N (the stress runs' raw users) gives up on a reply after
# -t MS of the clock's time, not after MS worth of sleeps: a UML guest
# (HZ 100) sleeps 10 ms or more for a 2 ms usleep, and the stress bounds
# count on -t. A command the device never answers, -t 1000: done in
# about a second (20 s or more when it counted its sleeps).
tap_run "backend: drop the next request" vt_ctl 0 "fault drop,queue=0,count=1"
uptime_cs
t0=$_cs
"$SCMI_TOOL" raw -N -t 1000 -d "$raw" $BASE 0x0 > /tmp/nopoll.out 2>&1
rc=$?
uptime_cs
tap_ok "$([ $rc = 3 ] && [ $((_cs - t0)) -le 300 ]; echo $?)" \
	"raw -N -t 1000 with no reply: timed out (rc $rc) after $((_cs - t0))0 ms (at most 3 s)"
# The dropped command times out in the core before the next one.
sleep $(($(scmi_timeout_ms) / 1000 + 1))

scmi_unload
tap_done
