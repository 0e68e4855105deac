#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# scmi-bench.sh [READS [SECS [ROUNDS [CPU_CMDS]]]]: our virtio SCMI transport
# (virtio_scmi) next to the in-tree one (scmi_transport_virtio), same UML
# kernel, same backend and platform (tools/testing/e2e/scmi/test.conf), on
# UML or, with VT_ARCH=arm64, on the arm64 QEMU guest (virtio-pci; VT_DEV
# selects scmi@mmio instead):
#
#  - synchronous round-trip latency from user space, median and p99: READS
#    hwmon reads of a synchronous sensor (default 5000), and READS BASE
#    PROTOCOL_VERSION commands through SCMI raw mode;
#  - throughput: hwmon reads per second for SECS seconds (default 3) by
#    1, 2, 4, 8 and 16 callers at once;
#  - the guest's busy CPU time per command over CPU_CMDS raw commands
#    (default 10^5), and per command of each run the kicks of the request
#    queue, the back-end's notifications of replies and the guest's
#    interrupts (what limits throughput: the guest's CPU, or the device);
#  - the back-end's and the guest's shares of each synchronous round trip
#    (vdev --timing), and a read split into stages from the SCMI core's
#    trace events (scmi-stages.awk; see it for the stages).
#
# Each round boots one guest per transport, alternating (default ROUNDS 2);
# the table shows the median over the rounds, the ratio ours / in-tree
# (below 1 is better for latency, above 1 for throughput) and the lowest
# and highest ratio of one round (boot pair).
# VT_VDEV_ARGS: more back-end options, e.g. "--offer-event-idx" (the ring
# features rust-vmm's devices offer).
# Not a test and not part of make check; needs make uml vdev dtbs (arm64:
# make arm64 arm64-root vdev dtbs); `make bench-scmi [ARCH=arm64]` does both.
set -u
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
reads=${1:-5000}
secs=${2:-3}
rounds=${3:-2}
cpu_cmds=${4:-100000}
arch=${VT_ARCH:-uml}
case "$arch" in
uml) dev=scmi tarch=host ;;
arm64) dev=${VT_DEV:-scmi@pci} tarch=arm64 ;;
*) echo "scmi-bench: VT_ARCH is uml or arm64" >&2; exit 2 ;;
esac
tools=$(sh "$repo/tools/testing/e2e/scmi/build.sh" "$build" $tarch) || exit 1
# This run's figures only: a fresh directory per architecture.
out=$build/bench/scmi-$arch
rm -rf "$out"
mkdir -p "$out"

ours=virtio_scmi
intree=scmi_transport_virtio
r=1
while [ $r -le "$rounds" ]; do
	for tr in $ours $intree; do
		name=scmi-bench-$tr-$r
		if ! timeout $((secs * 10 + cpu_cmds / 500 + 240)) "$repo/tools/testing/e2e/run-guest.sh" --arch "$arch" \
			--name "$name" --script "$repo/tools/testing/bench/scmi-bench-guest.sh" \
			--dev "$dev:--config $repo/tools/testing/e2e/scmi/test.conf --timing ${VT_VDEV_ARGS:-}" \
			--param transport=$tr --param tools="$tools" \
			--param reads="$reads" --param secs="$secs" \
			--param cpu_cmds="$cpu_cmds" \
			--timeout $((secs * 10 + cpu_cmds / 500 + 180)) > "$out/$name.txt" 2>&1; then
			cat "$out/$name.txt"
			echo "scmi-bench: the $tr guest failed; see $build/runs/$arch-$name/" >&2
			exit 1
		fi
		sed -n 's/^# bench //p' "$build/runs/$arch-$name/tap.txt" > "$out/$tr-$r.kv"
	done
	r=$((r + 1))
done

# get TRANSPORT KEY: the median of KEY over the rounds ("-": none).
get() {
	cat "$out/$1"-*.kv | sed -n "s/^$2=//p" | sort -g |
		awk '{ v[NR] = $1 } END { if (!NR) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# spread KEY: the lowest and highest ratio ours / in-tree of one round.
spread() {
	local i=1 a b lo= hi= q
	while [ $i -le "$rounds" ]; do
		a=$(sed -n "s/^$1=//p" "$out/$ours-$i.kv") b=$(sed -n "s/^$1=//p" "$out/$intree-$i.kv")
		q=$(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
		if [ -n "$q" ]; then
			lo=$(awk -v x="$q" -v y="${lo:-$q}" 'BEGIN { print (x < y) ? x : y }')
			hi=$(awk -v x="$q" -v y="${hi:-$q}" 'BEGIN { print (x > y) ? x : y }')
		fi
		i=$((i + 1))
	done
	echo "${lo:--}-${hi:--}"
}
row() {	# row LABEL KEY UNIT
	a=$(get $ours "$2") b=$(get $intree "$2")
	printf '%-44s %12s %12s %8s %11s\n' "$1" "$a $3" "$b $3" \
		"$(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
		"$(spread "$2")"
}

printf 'virtio SCMI transport benchmark: %s %s (%s) on %s, %s CPUs, %s\n' "$arch" \
	"$(sed -n 's/.*Linux version \([^ ]*\).*/\1/p' "$build/runs/$arch-scmi-bench-$ours-1/dmesg.txt" | head -1)" \
	"$dev" \
	"$(uname -r)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%s reads per latency figure, %s s per throughput figure, median of %s boots each; back-end options: %s\n\n' \
	"$reads" "$secs" "$rounds" "${VT_VDEV_ARGS:-(none)}"
printf '%-44s %12s %12s %8s %11s\n' "" "ours" "in-tree" "ours/in" "per boot"
row "hwmon read (SENSOR_READING_GET), median" sync_median_us us
row "hwmon read (SENSOR_READING_GET), p99" sync_p99_us us
row "  back-end share (kick to notify), median" sync_backend_med_ns ns
row "  guest share (notify to next kick), median" sync_guest_med_ns ns
row "raw PROTOCOL_VERSION round trip, median" raw_median_us us
row "raw PROTOCOL_VERSION round trip, p99" raw_p99_us us
row "  back-end share, median" raw_backend_med_ns ns
row "  guest share, median" raw_guest_med_ns ns
# costs PREFIX: a run's costs per command.
costs() {
	row "  guest CPU per command (busy, all CPUs)" "$1_cpu_us_per_cmd" us
	row "  guest CPUs busy" "$1_cpu_busy_pct" %
	row "  replies per command (1: all counted)" "$1_replies_per_cmd" ""
	row "  kicks per command" "$1_kicks_per_cmd" ""
	row "  back-end notifications per command" "$1_signals_per_cmd" ""
	row "  guest interrupts per command" "$1_irqs_per_cmd" ""
}
row "raw PROTOCOL_VERSION x $cpu_cmds, median" cpu_median_us us
costs cpu
for j in 1 2 4 8 16; do
	row "throughput, $j caller(s) (reads/s)" tput${j}_ops_per_s ""
	row "  latency median" tput${j}_median_us us
	row "  latency p99" tput${j}_p99_us us
	costs tput$j
done
printf '\nA synchronous read in stages (trace events, tracing on; medians):\n'
row "  transfers traced" stage_transfers ""
row "  of them replies the sender found (no irq)" stage_spun ""
for st in total send device irq wakeup finish spun_send spun_finish user; do
	row "  $st" stage_${st}_med_ns ns
done
printf '\nraw figures per boot: %s/*.kv\n' "$out"
