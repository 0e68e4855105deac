# SPDX-License-Identifier: GPL-2.0
# Guest half of scmi-bench.sh (not a test): SCMI command round trips from
# user space over one transport (--param transport=), printed as
# "# bench KEY=VALUE" lines for the host half.
#   sync_*   reads of a synchronous hwmon sensor (one SENSOR_READING_GET
#            each), one caller, --param reads= of them
#   raw_*    BASE PROTOCOL_VERSION through SCMI raw mode, one caller
#   tputN_*  hwmon reads for --param secs= seconds by N callers at once
#            (1, 2, 4, 8, 16)
#   sync_backend_*, sync_guest_*, raw_*: the back-end's and the guest's
#            shares of each round trip (vdev --timing)
#   stage_*  a synchronous read split into stages (scmi-stages.awk)
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
# The back-end's share of the synchronous reads (vdev --timing).
timing() {
	vt_ctl 0 timing | sed -n "s/^vdev: timing \([a-z]*\) n=[0-9]* median_ns=\([0-9]*\) p99_ns=\([0-9]*\).*/# bench $1_\1_med_ns=\2\n# bench $1_\1_p99_ns=\3/p"
}
timing reset > /dev/null
bench sync "$SCMI_TOOL" read -n "$READS" "$f"
timing sync
bench raw "$SCMI_TOOL" rawbench -n "$READS"
timing raw
# Where a synchronous read's time goes, from the SCMI core's trace events
# and the interrupt and scheduler events around them (scmi-stages.awk);
# tracing on, so each stage is a little longer than without.
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs tracefs $T 2> /dev/null
ev="scmi/scmi_xfer_begin scmi/scmi_xfer_response_wait scmi/scmi_rx_done scmi/scmi_xfer_end irq/irq_handler_entry sched/sched_wakeup sched/sched_switch"
if [ -e $T/events/scmi/scmi_xfer_begin/enable ]; then
	echo 0 > $T/tracing_on
	# (UML's default trace clock, sched_clock, counts jiffies.)
	echo mono > $T/trace_clock
	echo 8192 > $T/buffer_size_kb
	: > $T/trace
	for e in $ev; do echo 1 > "$T/events/$e/enable"; done
	echo 1 > $T/tracing_on
	"$SCMI_TOOL" read -n 2000 "$f" > /dev/null
	echo 0 > $T/tracing_on
	for e in $ev; do echo 0 > "$T/events/$e/enable"; done
	awk -v comm="$(basename "$SCMI_TOOL")" -f "$VT_ROOT/tools/testing/bench/scmi-stages.awk" \
		$T/trace > /tmp/stages
	grep -q '^stage_transfers=[1-9]' /tmp/stages
	tap_ok $? "trace: $(head -1 /tmp/stages) synchronous reads split into stages"
	sed 's/^/# bench /' /tmp/stages
	: > $T/trace
else
	tap_skip "trace: the stages of a read" "no tracefs or SCMI trace events in this kernel"
fi
for j in 1 2 4 8 16; do
	bench tput$j "$SCMI_TOOL" read -n 100000000 -w "${SECS}000" -j $j "$f"
done
scmi_unload
tap_done
