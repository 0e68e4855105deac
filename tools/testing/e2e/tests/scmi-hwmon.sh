# SPDX-License-Identifier: GPL-2.0
# SCMI sensors in hwmon over a virtio SCMI transport (--param transport=):
# every sensor of the test platform shows up with its label, class and
# value (scmi-hwmon's scale rules applied to the backend's numbers), values
# changed in the backend read back, asynchronous sensors are read through
# delayed responses, also several at once.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
scmi_load
drv=$(scmi_virtio_driver)
if [ -e "/sys/bus/virtio/drivers/$drv/module" ]; then
	tap_is "$(basename "$(readlink -f "/sys/bus/virtio/drivers/$drv/module")")" \
		"$SCMI_TRANSPORT" "the virtio SCMI device is bound to $SCMI_TRANSPORT"
else
	# Built in: no module link; ours is the driver named virtio-scmi.
	tap_is "$drv" virtio-scmi "the virtio SCMI device is bound to the built-in virtio-scmi driver"
fi
dev=$(scmi_dev)
plat=$(conf_items platform)
tap_is "$(cat "$dev/vendor_id")" "$(conf_key "$plat" vendor)" "Base vendor"
tap_is "$(cat "$dev/sub_vendor_id")" "$(conf_key "$plat" sub_vendor)" "Base sub-vendor"
tap_is "$(cat "$dev/firmware_version")" "$(conf_key "$plat" impl_version)" "Base implementation version"

# Every scalar sensor of a class scmi-hwmon shows, and nothing else.
hw=$(scmi_hwmon)
want=0
conf_sensors > /tmp/sensors
while read -r id name axes rest; do
	[ "$axes" = 0 ] || continue
	line="$name $rest"
	value=$(conf_key "$line" value)
	type=$(conf_key "$line" type)
	exp=$(hwmon_expect "$type" "$(conf_key "$line" scale)" "$value") || continue
	want=$((want + 1))
	attr=$(hwmon_input "$name")
	tap_ok $? "sensor $id ($name) has a hwmon label"
	class=${exp% *}
	tap_is "$(basename "${attr:-none}" | sed 's/[0-9]*_input$//')" "$class" "$name is in the hwmon class $class"
	tap_is "$(backend_sensor "$name")" "$value" "the backend holds $name = $value"
	tap_is "$(cat "$attr" 2>&1)" "${exp#* }" "$name reads ${exp#* } ($value $type, scale $(conf_key "$line" scale))"
done < /tmp/sensors
n=0
for f in "$hw"/*_input; do
	[ -e "$f" ] && n=$((n + 1))
done
tap_is "$n" "$want" "hwmon has exactly the $want sensors of the platform"

# Values changed on the platform side read back at once (no caching), with
# the scale rules again: multiplying, truncating, 64-bit.
check_change() {
	_attr=$(hwmon_input "$1")
	vt_ctl 0 "sensor $1 $2" > /dev/null
	tap_is "$(cat "$_attr" 2>&1)" "$3" "$1 set to $2 in the backend reads $3"
}
check_change vdd_core 1350 1350
check_change vbat 421 4210
check_change cpu_temp 9999 99990
check_change board_temperature_rear_edge 38250999 38250
check_change core_current 1 100
check_change soc_power 123 123000
check_change soc_energy 9000000000 9000000000000000

# Asynchronous sensors: each read is one delayed response of the backend.
async=$(hwmon_input board_temperature_rear_edge)
before=$(backend_stat delayed_sent)
for _ in 1 2 3 4 5; do
	cat "$async" > /dev/null
done
tap_is "$(($(backend_stat delayed_sent) - before))" 5 "five async reads are five delayed responses"
vt_ctl 0 "sensor board_temperature_rear_edge 41000000" > /dev/null
tap_is "$(cat "$async")" 41000 "an async sensor reads its new value"
# As many at once as the platform takes (sensor_max_async).
par=$(conf_key "$plat" sensor_max_async)
out=$("$SCMI_TOOL" read -n 25 -j "$par" "$(hwmon_input core_current)")
tap_ok $? "$par readers of an async sensor at once, 25 reads each, no errors"
echo "# $out"
tap_is "$(cat "$(hwmon_input core_current)")" 100 "the async sensor still reads right"
tap_is "$(backend_stat async_pending)" 0 "no async read left pending in the backend"

scmi_unload
tap_done
