#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rtc-bench.sh [SAMPLES [CHRONY_SECS [BOOTS]]]: how fast is a virtio-rtc PHC read,
# with the driver's polled read (module parameter poll_us, default 50)
# and its interrupt-driven read (poll_us=0), side by side in one guest,
# next to the floor of the transport it rides on. UML, or with
# VT_ARCH=arm64 the arm64 QEMU guest (2 vCPUs, vhost-user-rtc-pci in
# Debian unstable's QEMU).
#
#  1. eventfd round trip on this host: two processes ping-pong through two
#     eventfds (tools/testing/bench/eventfd-rtt.c), median and p99, before
#     and after the guest;
#  2. the guest (rtc-bench-guest.sh): the PHC read window
#     (PTP_SYS_OFFSET_EXTENDED, ts2 - ts0) of SAMPLES reads with each path,
#     in alternating rounds; chrony on /dev/ptp_virtio with each path, its
#     last offset sampled once a second for CHRONY_SECS (default 60):
#     RMS and largest;
#  3. a table with the ratios: polled window / eventfd round trip (goal
#     1.5 at most), polled / interrupt window (goal 0.5 at most).
# BOOTS (default 1) guests in a row, each with its own table; the chrony
# phases' order alternates (odd boots poll first, even boots irq first),
# and a last table puts each boot's chrony figures side by side.
# Kernels without debug options (build/uml-bench, build/arm64-bench).
# Not a test and not part of make check: `make bench-rtc [ARCH=arm64]`.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
samples=${1:-10000}
chrony_secs=${2:-60}
boots=${3:-1}
arch=${VT_ARCH:-uml}
case "$arch" in
uml) tarch=host qemu=() ;;
arm64) tarch=arm64 qemu=(--qemu "$build/qemu-sid") ;;
*) echo "rtc-bench: VT_ARCH is uml or arm64" >&2; exit 2 ;;
esac
out=$build/bench/rtc-$arch
rm -rf "$out"
mkdir -p "$out"

gcc -O2 -Wall -Wextra -o "$out/eventfd-rtt" "$repo/tools/testing/bench/eventfd-rtt.c" || exit 1
bash "$repo/tools/testing/scripts/build-rtc-tools.sh" "$repo" "$build" $tarch > /dev/null || exit 1

get() {	# get FILE KEY
	sed -n "s/^\(# bench \)\{0,1\}$2=//p" "$1" | head -1
}
us() {	# ns -> us with one decimal
	awk -v n="$1" 'BEGIN { printf "%.1f", n / 1000 }'
}
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'
}
# stat MODE P: the P-th percentile (0: min, 100: max) of MODE's windows
# in boot $b.
stat() {
	awk -v p="$2" '{ v[NR] = $1 } END {
		i = int(NR * p / 100 + 0.5); if (i < 1) i = 1; if (i > NR) i = NR; print v[i] }' \
		"$out/win-$1-$b.txt"
}
b=1
while [ "$b" -le "$boots" ]; do
	if [ $((b % 2)) = 1 ]; then order=poll,irq; else order=irq,poll; fi
	limit=$((2 * (chrony_secs + 40) + samples / 20 + 240))
	timeout 120 "$out/eventfd-rtt" 20000 > "$out/eventfd-rtt-$b.txt" || exit 1
	timeout $((limit + 60)) "$repo/tools/testing/e2e/run-guest.sh" --arch "$arch" "${qemu[@]}" \
		--name "rtc-bench-$b" --script "$repo/tools/testing/bench/rtc-bench-guest.sh" --dev "rtc:--timing" \
		--param samples="$samples" --param chrony_secs="$chrony_secs" \
		--param chrony_order="$order" --param tools="$build/rtc-tools/$tarch" --timeout "$limit" > "$out/guest-$b.txt" 2>&1
	rc=$?
	# Once more after the guest, to see how steady the host was.
	timeout 120 "$out/eventfd-rtt" 20000 > "$out/eventfd-rtt-after-$b.txt" || exit 1
	g=$build/runs/$arch-rtc-bench-$b/tap.txt
	if [ $rc -ne 0 ] || grep -q '^not ok' "$g"; then
		cat "$out/guest-$b.txt"
		echo "rtc-bench: the guest run failed; see $build/runs/$arch-rtc-bench-$b/" >&2
		exit 1
	fi

	for m in poll irq; do
		sed -n "s/^# win $m //p" "$g" | sort -n > "$out/win-$m-$b.txt"
	done
	e_med=$(get "$out/eventfd-rtt-$b.txt" median_ns) e_p99=$(get "$out/eventfd-rtt-$b.txt" p99_ns)
	a_med=$(get "$out/eventfd-rtt-after-$b.txt" median_ns) a_p99=$(get "$out/eventfd-rtt-after-$b.txt" p99_ns)
	p_med=$(stat poll 50) p_p99=$(stat poll 99) p_min=$(stat poll 0) p_max=$(stat poll 100)
	i_med=$(stat irq 50) i_p99=$(stat irq 99) i_min=$(stat irq 0) i_max=$(stat irq 100)
	n_poll=$(wc -l < "$out/win-poll-$b.txt") n_irq=$(wc -l < "$out/win-irq-$b.txt")

	{
	printf 'virtio-rtc PHC read benchmark, %s guest, host %s, %s CPUs, %s; poll_us=%s; boot %s of %s, chrony order %s\n' \
		"$arch" "$(uname -r)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(get "$g" poll_us)" "$b" "$boots" "$order"
	printf '%-56s %10s %10s %10s %10s\n' "" median p99 min max
	printf '%-56s %7s us %7s us\n' "host eventfd round trip, 2 processes (before guest)" "$(us "$e_med")" "$(us "$e_p99")"
	printf '%-56s %7s us %7s us\n' "host eventfd round trip, 2 processes (after guest)" "$(us "$a_med")" "$(us "$a_p99")"
	printf '%-56s %7s us %7s us %7s us %7s us\n' "PHC read window ts2-ts0, polled ($n_poll reads)" \
		"$(us "$p_med")" "$(us "$p_p99")" "$(us "$p_min")" "$(us "$p_max")"
	printf '%-56s %7s us %7s us %7s us %7s us\n' "PHC read window ts2-ts0, interrupt ($n_irq reads)" \
		"$(us "$i_med")" "$(us "$i_p99")" "$(us "$i_min")" "$(us "$i_max")"
	printf '%-56s %9s x %9s x\n' "ratio: polled window / eventfd round trip (goal <= 1.5)" \
		"$(ratio "$p_med" "$e_med")" "$(ratio "$p_p99" "$e_p99")"
	printf '%-56s %9s x %9s x\n' "ratio: interrupt window / eventfd round trip" \
		"$(ratio "$i_med" "$e_med")" "$(ratio "$i_p99" "$e_p99")"
	printf '%-56s %9s x %9s x\n' "ratio: polled / interrupt window (goal <= 0.5)" \
		"$(ratio "$p_med" "$i_med")" "$(ratio "$p_p99" "$i_p99")"
	for m in poll irq; do
		printf '%-56s %7s us %7s us\n' "  $m path: back-end share (kick to notification)" \
			"$(us "$(get "$g" ${m}_backend_med_ns)")" "$(us "$(get "$g" ${m}_backend_p99_ns)")"
		printf '%-56s %7s us %7s us\n' "  $m path: guest share (notification to next kick)" \
			"$(us "$(get "$g" ${m}_guest_med_ns)")" "$(us "$(get "$g" ${m}_guest_p99_ns)")"
	done
	printf '%-56s %10s %10s %10s\n' "chrony last offset, once a second" RMS max samples
	for m in poll irq; do
		printf '%-56s %7s us %7s us %10s\n' "  $m path, $(get "$g" chrony_secs) s" \
			"$(us "$(get "$g" ${m}_chrony_rms_ns)")" "$(us "$(get "$g" ${m}_chrony_max_ns)")" \
			"$(get "$g" ${m}_chrony_n)"
	done
	} | tee "$out/summary-$b.txt"
	b=$((b + 1))
done
[ "$boots" -gt 1 ] || exit 0
# Each boot's chrony figures, and the polled / interrupt RMS ratio.
{
printf '\nchrony offset over %s boots (RMS / max, us), alternating the phase order\n' "$boots"
printf '%-6s %-10s %18s %18s %8s\n' boot order polled interrupt "RMS p/i"
b=1
while [ "$b" -le "$boots" ]; do
	g=$build/runs/$arch-rtc-bench-$b/tap.txt
	printf '%-6s %-10s %8s / %7s %8s / %7s %8s\n' "$b" "$(get "$g" chrony_order)" \
		"$(us "$(get "$g" poll_chrony_rms_ns)")" "$(us "$(get "$g" poll_chrony_max_ns)")" \
		"$(us "$(get "$g" irq_chrony_rms_ns)")" "$(us "$(get "$g" irq_chrony_max_ns)")" \
		"$(ratio "$(get "$g" poll_chrony_rms_ns)" "$(get "$g" irq_chrony_rms_ns)")"
	b=$((b + 1))
done
} | tee "$out/summary-chrony.txt"
