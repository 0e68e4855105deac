# SPDX-License-Identifier: GPL-2.0
# Guest half of scmi-bench.sh (not a test): SCMI command round trips from
# user space over one transport (--param transport=), printed as
# "# bench KEY=VALUE" lines for the host half.
#   sync_*   reads of a synchronous hwmon sensor (one SENSOR_READING_GET
#            each), one caller, --param reads= of them
#   raw_*    BASE PROTOCOL_VERSION through SCMI raw mode, one caller
#   tput1_*, tput8_*  hwmon reads for --param secs= seconds by 1 and by 8
#            callers at once
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

READS=${VT_READS:-5000}
SECS=${VT_SECS:-3}

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
scmi_load
f=$(hwmon_input vdd_core)
tap_ok $? "a synchronous sensor (${f:-none})"

# bench PREFIX CMD...: run CMD, print its summary as bench lines.
bench() {
	_p=$1
	shift
	_out=$("$@")
	tap_ok $? "$_p: $_out"
	echo "$_out" | tr ' ' '\n' | sed "s/^/# bench ${_p}_/"
}

# Warm up (caches, the backend's first commands), then measure.
"$SCMI_TOOL" read -n 500 "$f" > /dev/null
"$SCMI_TOOL" rawbench -n 500 > /dev/null
bench sync "$SCMI_TOOL" read -n "$READS" "$f"
bench raw "$SCMI_TOOL" rawbench -n "$READS"
bench tput1 "$SCMI_TOOL" read -n 100000000 -w "${SECS}000" "$f"
bench tput8 "$SCMI_TOOL" read -n 100000000 -w "${SECS}000" -j 8 "$f"
scmi_unload
tap_done
