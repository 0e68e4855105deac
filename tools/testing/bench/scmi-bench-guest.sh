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
#   cpu_*    --param cpu_cmds= raw PROTOCOL_VERSION commands (default
#            10^5), one caller: the guest's busy CPU time per command
#            (/proc/stat: all but idle and iowait, every CPU)
#   *_replies_per_cmd, *_kicks_per_cmd, *_signals_per_cmd, *_irqs_per_cmd:
#            the back-end's replies (1 when its counts cover exactly the
#            run), notifications of the device (vdev --timing counts), the
#            back-end's notifications of replies, and the guest's
#            interrupts of the request queue (/proc/interrupts), per
#            command, for the cpu run and each throughput run
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

READS=${VT_READS:-5000}
SECS=${VT_SECS:-3}
CPU_CMDS=${VT_CPU_CMDS:-100000}

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
# Busy and total CPU time of the guest so far, in clock ticks.
cpu_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}
# Interrupts of the request queue so far: our transport's "cmdq" vector,
# the in-tree one's "tx" (virtio-pci with MSI-X: "virtioN-cmdq"; UML: one
# line for the device's queues, "cmdq, eventq"), else the SCMI device's
# one line (virtio-pci INTx, virtio-mmio: "virtioN").
req_irqs() {
	_v=
	for _d in /sys/bus/virtio/devices/virtio*; do
		[ "$(cat "$_d/device" 2> /dev/null)" = 0x0020 ] && _v=$(basename "$_d")
	done
	awk -v v="$_v" '/[-, ](cmdq|tx)(,|$)/ || (v != "" && ($NF == v || $NF == v "-virtqueues")) {
			for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; found = 1 }
		END { if (found) print n; else print "-" }' /proc/interrupts
}
# counted PREFIX CMD...: bench PREFIX CMD, and its costs per command:
# kicks, the back-end's notifications and the guest's interrupts of the
# request queue, and the guest's busy CPU time (us).
counted() {
	_c=$1
	vt_ctl 0 timing > /dev/null
	_i0=$(req_irqs) _t0=$(cpu_ticks)
	bench "$@"
	_t1=$(cpu_ticks) _i1=$(req_irqs)
	_n=$(echo "$_out" | sed -n 's/^reads=\([0-9]*\) .*/\1/p')
	_k=$(vt_ctl 0 timing | sed -n 's/^vdev: timing counts //p')
	echo "$_k $_t0 $_t1 $_i0 $_i1" | awk -v p="$_c" -v n="${_n:-0}" -v hz="$(getconf CLK_TCK 2> /dev/null || echo 100)" '
		NF == 9 && n > 0 {
			split($1, k, "="); split($2, s, "="); split($3, r, "=")
			busy = $6 - $4; tot = $7 - $5
			printf "# bench %s_replies_per_cmd=%.3f\n", p, r[2] / n
			printf "# bench %s_kicks_per_cmd=%.3f\n", p, k[2] / n
			printf "# bench %s_signals_per_cmd=%.3f\n", p, s[2] / n
			if ($8 != "-" && $9 != "-")
				printf "# bench %s_irqs_per_cmd=%.3f\n", p, ($9 - $8) / n
			printf "# bench %s_cpu_us_per_cmd=%.1f\n", p, busy * 1e6 / hz / n
			printf "# bench %s_cpu_busy_pct=%.0f\n", p, tot ? 100 * busy / tot : 0
		}'
}
# The guest's CPU time per command, over many raw commands.
counted cpu "$SCMI_TOOL" rawbench -n "$CPU_CMDS"
for j in 1 2 4 8 16; do
	counted tput$j "$SCMI_TOOL" read -n 100000000 -w "${SECS}000" -j $j "$f"
done
scmi_unload
tap_done
