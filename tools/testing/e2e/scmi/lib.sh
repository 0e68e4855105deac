# SPDX-License-Identifier: GPL-2.0
# Helpers of the SCMI guest scripts (POSIX sh), sourced after lib/tap.sh.
#
# Parameters from the runner (--param KEY=VALUE, VT_KEY here):
#   transport  the transport module to load: virtio_scmi (ours, default)
#              or scmi_transport_virtio (the in-tree one)
#   tools      directory with scmi-tool (tools/testing/e2e/scmi/build.sh)
#   conf       the platform config the backend got, relative to the
#              repository (default tools/testing/e2e/scmi/test.conf);
#              expected values come from it

SCMI_TRANSPORT=${VT_TRANSPORT:-virtio_scmi}
SCMI_CONF=$VT_ROOT/${VT_CONF:-tools/testing/e2e/scmi/test.conf}
SCMI_TOOL=${VT_TOOLS:-/nonexistent}/scmi-tool

# The in-tree transport, for checks of behaviour it is known to lack.
scmi_intree() {
	[ "$SCMI_TRANSPORT" = scmi_transport_virtio ]
}

# intree_gap NAME REASON: when testing the in-tree transport, report NAME
# as skipped with REASON and return 0 (the caller skips the check);
# otherwise return 1.
intree_gap() {
	scmi_intree || return 1
	tap_skip "$1" "in-tree transport: $2"
	return 0
}

# --- The platform config -------------------------------------------------

# conf_items KIND: the items of that kind, one per line, without the kind
# and without comments: "NAME KEY=VALUE...".
conf_items() {
	sed 's/#.*//' "$SCMI_CONF" | awk -v k="$1" '$1 == k { $1 = ""; sub(/^ +/, ""); print }'
}

# conf_key "ITEM LINE" KEY: the value of KEY in an item line (empty if unset).
conf_key() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

# conf_sensors: one line per sensor, in id order: "ID NAME AXES KEY=VALUE...".
conf_sensors() {
	sed 's/#.*//' "$SCMI_CONF" | awk '
		$1 == "sensor" { n++; name[n] = $2; $1 = ""; $2 = ""; rest[n] = $0; axes[n] = 0 }
		$1 == "axis" && n { axes[n]++ }
		END { for (i = 1; i <= n; i++) { r = rest[i]; gsub(/^ +/, "", r); print i - 1, name[i], axes[i], r } }'
}

# conf_axes SENSOR: the axes of a sensor: "NAME KEY=VALUE..." per line.
conf_axes() {
	sed 's/#.*//' "$SCMI_CONF" | awk -v s="$1" '
		$1 == "sensor" { cur = $2 }
		$1 == "axis" && cur == s { $1 = ""; sub(/^ +/, ""); print }'
}

# conf_sensor_id NAME
conf_sensor_id() {
	conf_sensors | awk -v n="$1" '$2 == n { print $1 }'
}

# hz VALUE: a rate with an optional k, M or G suffix in Hz.
hz() {
	echo "$1" | awk '{ v = $0; m = 1
		if (v ~ /k$/) m = 1000; else if (v ~ /M$/) m = 1000000; else if (v ~ /G$/) m = 1000000000
		sub(/[kMG]$/, "", v); printf "%.0f\n", v * m }'
}

# ns DURATION: a duration with a ns, us, ms or s unit in nanoseconds.
ns() {
	echo "$1" | awk '{ v = $0; m = 1
		if (v ~ /ns$/) m = 1; else if (v ~ /us$/) m = 1000; else if (v ~ /ms$/) m = 1000000; else if (v ~ /s$/) m = 1000000000
		sub(/[num]?s$/, "", v); printf "%.0f\n", v * m }'
}

# pow10 N: 10^N for N >= 0.
pow10() {
	_p=1 _i=0
	while [ $_i -lt "$1" ]; do
		_p=$((_p * 10))
		_i=$((_i + 1))
	done
	echo $_p
}

# hwmon_class TYPE SCALE: "CLASS EXPONENT" of a sensor as scmi-hwmon shows
# it: temperatures, voltages and currents in milli-units, power in
# microwatts, energy in microjoules, so its value is the raw value times
# 10^EXPONENT (truncated when EXPONENT < 0). Fails for types scmi-hwmon
# does not show.
hwmon_class() {
	case "$1" in
	celsius) echo "temp $(($2 + 3))" ;;
	volts) echo "in $(($2 + 3))" ;;
	amps) echo "curr $(($2 + 3))" ;;
	watts) echo "power $(($2 + 6))" ;;
	joules) echo "energy $(($2 + 6))" ;;
	*) return 1 ;;
	esac
}

# hwmon_expect TYPE SCALE VALUE: "CLASS HWMON_VALUE" for a raw VALUE.
hwmon_expect() {
	set -- $(hwmon_class "$1" "$2") "$3"
	[ $# -eq 3 ] || return 1
	if [ "$2" -ge 0 ]; then
		echo "$1 $(($3 * $(pow10 "$2")))"
	else
		echo "$1 $(($3 / $(pow10 $((-$2)))))"
	fi
}

# hwmon_raw TYPE SCALE N: a raw value whose hwmon value is N (or N times a
# power of ten when hwmon multiplies).
hwmon_raw() {
	set -- $(hwmon_class "$1" "$2") "$3"
	[ $# -eq 3 ] || return 1
	if [ "$2" -lt 0 ]; then
		echo $(($3 * $(pow10 $((-$2)))))
	else
		echo "$3"
	fi
}

# --- The guest's view ------------------------------------------------------

# The arm-scmi platform device of the SCMI instance.
scmi_dev() {
	for _d in /sys/bus/platform/devices/arm-scmi.*; do
		[ -f "$_d/vendor_id" ] && echo "$_d" && return 0
	done
	return 1
}

# Several SCMI instances, each for its own DT node (--param
# expect=NODE=VENDOR;...: node paths under /sys/firmware/devicetree/base;
# a kernel parameter holds no space, and node names hold commas
# (virtio@1f,0), so the pairs are separated by semicolons).
# scmi_instances: "NODE=VENDOR" per SCMI instance, sorted.
scmi_instances() {
	_base=$(readlink -f /sys/firmware/devicetree/base)
	for _d in /sys/bus/platform/devices/arm-scmi.*; do
		[ -f "$_d/vendor_id" ] || continue
		_n=$(readlink -f "$_d/of_node")
		echo "${_n#"$_base"/}=$(cat "$_d/vendor_id")"
	done | sort
}
# scmi_expected: the pairs of VT_EXPECT, one a line, sorted.
scmi_expected() {
	echo "$VT_EXPECT" | tr ';' '\n' | sort
}
# scmi_all_up: as many SCMI instances as expected pairs.
scmi_all_up() {
	[ "$(scmi_instances | wc -l)" = "$(scmi_expected | wc -l)" ]
}
# scmi_map_check SECS PREFIX: once the instances are up (at most SECS
# seconds), each reaches its own node's platform: a TAP check named
# "PREFIXeach SCMI instance reaches its own node's platform".
scmi_map_check() {
	wait_for "$1" scmi_all_up
	tap_is "$(scmi_instances | tr '\n' ' ')" "$(scmi_expected | tr '\n' ' ')" \
		"$2each SCMI instance reaches its own node's platform"
}

# The virtio SCMI device (virtioN) and the name of its driver.
scmi_virtio() {
	for _d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$_d/device" 2>/dev/null)" = 0x0020 ] && basename "$_d" && return 0
	done
	return 1
}
scmi_virtio_driver() {
	_v=$(scmi_virtio) || return 1
	[ -e "/sys/bus/virtio/devices/$_v/driver" ] || return 1
	basename "$(readlink -f "/sys/bus/virtio/devices/$_v/driver")"
}

# The hwmon device of scmi-hwmon.
scmi_hwmon() {
	for _h in /sys/class/hwmon/hwmon*; do
		[ "$(cat "$_h/name" 2>/dev/null)" = scmi_sensors ] && echo "$_h" && return 0
	done
	return 1
}

# hwmon_input LABEL: the *_input attribute labelled LABEL.
hwmon_input() {
	_h=$(scmi_hwmon) || return 1
	for _l in "$_h"/*_label; do
		[ "$(cat "$_l" 2>/dev/null)" = "$1" ] && echo "${_l%_label}_input" && return 0
	done
	return 1
}

# The raw-mode directory and the debugfs directory of the SCMI instance.
scmi_raw() {
	for _r in /sys/kernel/debug/scmi/*/raw; do
		[ -e "$_r/message" ] && echo "$_r" && return 0
	done
	return 1
}
scmi_debugfs() {
	_r=$(scmi_raw) || return 1
	dirname "$_r"
}

# The response timeout the SCMI core uses (arm,max-rx-timeout-ms), in ms.
scmi_timeout_ms() {
	_d=$(scmi_debugfs) && cat "$_d/transport/max_rx_timeout_ms"
}

# scmi_load: load the transport; the SCMI instance and hwmon come up.
scmi_load() {
	tap_run "modprobe $SCMI_TRANSPORT" modprobe "$SCMI_TRANSPORT"
	tap_run "the SCMI instance probes over $SCMI_TRANSPORT" wait_for 10 scmi_hwmon
}

# scmi_unload: remove the transport; nothing of the SCMI instance stays.
# Built in (no /sys/module/X/initstate), unbind its virtio devices instead.
scmi_unload() {
	if [ -e "/sys/module/$SCMI_TRANSPORT/initstate" ]; then
		tap_run "rmmod $SCMI_TRANSPORT" rmmod "$SCMI_TRANSPORT"
	else
		tap_run "unbind the virtio devices from the built-in virtio-scmi driver" sh -c '
			for d in /sys/bus/virtio/drivers/virtio-scmi/virtio*; do
				[ -e "$d" ] || continue
				echo "${d##*/}" > /sys/bus/virtio/drivers/virtio-scmi/unbind || exit 1
			done'
	fi
	tap_run "the SCMI instance is gone" sh -c '! ls -d /sys/bus/platform/devices/arm-scmi.* >/dev/null 2>&1'
}

# backend_sensor NAME: the backend's values of a sensor (one per axis).
backend_sensor() {
	vt_ctl 0 "sensor $1" | sed -n "s/^$1: \([^a-z]*\) enabled=.*/\1/p" | sed 's/ *$//'
}

# backend_stat KEY: a counter of the backend's "stats" command.
backend_stat() {
	vt_ctl 0 stats | sed -n "s/^$1=//p"
}

# hex_string S: S as the little-endian words of a 16-byte SCMI name field,
# the way scmi-tool prints them.
hex_string() {
	printf '%s' "$1" | od -An -tx1 -v | tr -s ' \n' '  ' | awk '{
		n = 0
		for (i = 1; i <= NF; i++) b[n++] = $i
		for (; n < 16; n++) b[n] = "00"
		out = ""
		for (w = 0; w < 4; w++)
			out = out sprintf(" 0x%s%s%s%s", b[4*w+3], b[4*w+2], b[4*w+1], b[4*w])
		print substr(out, 2) }'
}

# ms_since START_NS: milliseconds since a `date +%s%N` value.
ms_since() {
	echo $((($(date +%s%N) - $1) / 1000000))
}

# tool_ok "OUTPUT": the value of an "ok VALUE MS" line of scmi-tool read.
tool_value() {
	echo "$1" | awk '$1 == "ok" { print $2 }'
}

# raw_reply [-a] PROTO MSG [WORD...]: one command through SCMI raw mode;
# prints the reply's status and payload words ("0x00000000 0x..."), and
# with -a the delayed response's on a second line. Fails without a reply.
raw_reply() {
	_out=$("$SCMI_TOOL" raw "$@" 2>&1)
	_rc=$?
	echo "$_out" | sed -n 's/^reply //p; s/^delayed //p'
	[ $_rc -eq 0 ] || echo "$_out" | sed 's/^/#   /' >&2
	return $_rc
}

# le64 N: a 64-bit number as the two words raw_reply prints.
le64() {
	printf '0x%08x 0x%08x\n' $(($1 & 0xffffffff)) $(($1 >> 32 & 0xffffffff))
}

# status NAME: an SCMI status as raw_reply prints it.
status() {
	case "$1" in
	SUCCESS) _s=0 ;; NOT_SUPPORTED) _s=-1 ;; INVALID_PARAMETERS) _s=-2 ;;
	DENIED) _s=-3 ;; NOT_FOUND) _s=-4 ;; OUT_OF_RANGE) _s=-5 ;; BUSY) _s=-6 ;;
	COMMS_ERROR) _s=-7 ;; GENERIC_ERROR) _s=-8 ;; HARDWARE_ERROR) _s=-9 ;;
	PROTOCOL_ERROR) _s=-10 ;; *) _s=$1 ;;
	esac
	printf '0x%08x\n' $((_s & 0xffffffff))
}
