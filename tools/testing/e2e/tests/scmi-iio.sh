# SPDX-License-Identifier: GPL-2.0
# SCMI 3-axis sensors in IIO over a virtio SCMI transport (--param
# transport=): raw values, scale, sampling frequency and what is available
# match the test platform; with the buffer enabled, continuous update
# notifications arrive at the configured rate, none lost (but at the disable), with the
# backend's values and timestamps; a new sampling frequency reaches the
# backend and changes the rate.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
scmi_load

iio_dev() {
	for _d in /sys/bus/iio/devices/iio:device*; do
		[ "$(cat "$_d/name" 2>/dev/null)" = "$1" ] && echo "$_d" && return 0
	done
	return 1
}

# freq NS: an update interval as IIO shows it (Hz, 6 decimals, truncated).
freq() {
	echo "$((1000000000 / $1)).$(printf '%06d' $(((1000000000 % $1) * 1000000 / $1)))"
}

# avail INTERVALS: sampling_frequency_available for a config intervals=.
avail() {
	case "$1" in
	range:*)
		set -- $(echo "$1" | tr ':' ' ')
		echo "[$(freq "$(ns "$2")") $(freq "$(ns "$4")") $(freq "$(ns "$3")")]"
		;;
	*)
		_out=
		for _i in $(echo "$1" | tr ',' ' '); do
			_out="$_out $(freq "$(ns "$_i")")"
		done
		echo "${_out# }"
		;;
	esac
}

# scale N: 10^N as IIO prints it.
scale() {
	if [ "$1" -lt 0 ]; then
		awk -v n="$1" 'BEGIN { printf "%.9f\n", 10 ^ n }'
	else
		pow10 "$1"
	fi
}

# update_sent: SENSOR_UPDATE notifications the backend has sent so far.
update_sent() {
	vt_ctl 0 notify-stats | sed -n 's/^sensor_update: .*sent=\([0-9]*\).*/\1/p'
}

# within VALUE LOW HIGH (decimals allowed)
within() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'
}

conf_sensors > /tmp/sensors
n3=0
while read -r id name axes rest; do
	[ "$axes" = 3 ] || continue
	n3=$((n3 + 1))
	line="$name $rest"
	case "$(conf_key "$line" type)" in
	meters_sec_squared) ch=accel ;;
	radians_sec) ch=anglvel ;;
	*) continue ;;
	esac
	d=$(iio_dev "$name")
	tap_ok $? "sensor $id ($name) is an IIO device"
	sc=$(conf_key "$line" scale)
	conf_axes "$name" > /tmp/axes
	while read -r aname arest; do
		a=$(echo "${aname##*_}" | tr XYZ xyz)
		tap_is "$(cat "$d/in_${ch}_${a}_raw" 2>&1)" "$(conf_key "$aname $arest" value)" "$name $a raw value"
		tap_is "$(cat "$d/in_${ch}_${a}_scale" 2>&1)" "$(scale "$sc")" "$name $a scale 10^$sc"
	done < /tmp/axes
	tap_is "$(cat "$d/in_${ch}_sampling_frequency" 2>&1)" \
		"$(freq "$(ns "$(conf_key "$line" interval)")")" "$name sampling frequency"
	tap_is "$(cat "$d/in_${ch}_sampling_frequency_available" 2>&1)" \
		"$(avail "$(conf_key "$line" intervals)")" "$name sampling frequencies available"
	first=$(head -1 /tmp/axes)
	range=$(conf_key "$first" range)
	if [ -n "$range" ]; then
		res=$(conf_key "$first" resolution)
		e=$((${res#*e} - sc))
		exp="[${range%:*} $((${res%e*} * $(pow10 $e))) ${range#*:}]"
	else
		exp=
	fi
	tap_is "$(cat "$d/in_${ch}_raw_available" 2>&1)" "$exp" "$name raw range and resolution"
done < /tmp/sensors
n=0
for f in /sys/bus/iio/devices/iio:device*; do
	[ -e "$f" ] && n=$((n + 1))
done
tap_is "$n" "$n3" "one IIO device per 3-axis sensor"

# The accelerometer from here on.
d=$(iio_dev accel)
dev=/dev/$(basename "$d")
vt_ctl 0 "sensor accel 1000 -2000 3000" > /dev/null
tap_is "$(cat "$d/in_accel_x_raw") $(cat "$d/in_accel_y_raw") $(cat "$d/in_accel_z_raw")" \
	"1000 -2000 3000" "values set in the backend read back"
tap_is "$(vt_ctl 0 "sensor accel" | sed -n 's/.* enabled=\([a-z]*\) .*/\1/p')" no \
	"a raw read leaves the sensor disabled"

# buffer_run SECONDS: enable the buffer, read scans for SECONDS, disable it
# and read what is left. Sets $scan (scmi-tool's line for the timed reads)
# and $lost (notifications sent but never read).
buffer_run() {
	_before=$(update_sent)
	echo 1 > "$d/buffer/enable"
	scan=$("$SCMI_TOOL" iio -s "$1" "$dev")
	echo 0 > "$d/buffer/enable"
	_rest=$("$SCMI_TOOL" iio -s 0 "$dev")
	_sent=$(($(update_sent) - _before))
	_got=$(echo "$scan" | sed -n 's/^samples=\([0-9]*\).*/\1/p')
	_left=$(echo "$_rest" | sed -n 's/^samples=\([0-9]*\).*/\1/p')
	# Disabling the buffer comes first, then the sensor's disable command:
	# notifications the device sends in between (one or two on a slow
	# guest) reach a disabled buffer and are dropped by IIO.
	lost=$((_sent - ${_got:-0} - ${_left:-0}))
	tap_diag "$scan; $_left more after disabling; backend sent $_sent"
}
field() {
	echo "$scan" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

for a in x y z; do
	echo 1 > "$d/scan_elements/in_accel_${a}_en"
done
echo 1 > "$d/scan_elements/in_timestamp_en"
echo 128 > "$d/buffer/length"
interval=$(ns "$(conf_key "$(conf_items sensor | grep '^accel ')" interval)")
hz=$((1000000000 / interval))
buffer_run 2
# The backend's sampling timer runs on a host that may be loaded: scan
# rates and timestamp intervals are judged within 35 %, as rates are.
tap_is "$(field x) $(field y) $(field z)" "1000 -2000 3000" "buffered scans carry the backend's values"
tap_ok "$(within "$(field rate_hz)" $((hz * 65 / 100)) $((hz * 135 / 100)); echo $?)" \
	"scans arrive at about $hz Hz (got $(field rate_hz))"
tap_ok "$(within "$(field ts_interval_us)" $((interval * 65 / 100000)) $((interval * 135 / 100000)); echo $?)" \
	"scan timestamps are $((interval / 1000)) us apart (got $(field ts_interval_us))"
tap_ok "$([ "$lost" -ge 0 ] && [ "$lost" -le 2 ]; echo $?)" "every update notification reached the buffer, but those sent while it was being disabled ($lost lost)"
tap_is "$(vt_ctl 0 "sensor accel" | sed -n 's/.* enabled=\([a-z]*\) .*/\1/p')" no \
	"disabling the buffer disables the sensor"
s0=$(update_sent)
sleep 0.5
tap_is "$(update_sent)" "$s0" "no notifications once the buffer is off"

# A new sampling frequency goes to the backend as an update interval.
echo 50 > "$d/in_accel_sampling_frequency"
tap_is "$(cat "$d/in_accel_sampling_frequency")" 50.000000 "sampling frequency set to 50 Hz"
tap_is "$(vt_ctl 0 "sensor accel" | sed -n 's/.* interval_ns=\([0-9]*\) .*/\1/p')" 20000000 \
	"the backend samples every 20 ms"
vt_ctl 0 "sensor accel 7 8 9" > /dev/null
buffer_run 2
tap_is "$(field x) $(field y) $(field z)" "7 8 9" "buffered scans carry the new values"
tap_ok "$(within "$(field rate_hz)" 32 68; echo $?)" "scans arrive at about 50 Hz (got $(field rate_hz))"
tap_ok "$(within "$(field ts_interval_us)" 13000 27000; echo $?)" \
	"scan timestamps are 20000 us apart (got $(field ts_interval_us))"
tap_ok "$([ "$lost" -ge 0 ] && [ "$lost" -le 2 ]; echo $?)" "every update notification reached the buffer, but those sent while it was being disabled ($lost lost)"

scmi_unload
tap_done
