#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rtc-bench.sh [SAMPLES [CHRONY_SECS]]: how fast is a virtio-rtc PHC read
# in a UML guest, next to the floor of the transport it rides on.
#
#  1. eventfd round trip on this host: two processes ping-pong through two
#     eventfds (tools/testing/bench/eventfd-rtt.c), median and p99;
#  2. a UML guest with the reference rtc device: the PHC read window
#     (PTP_SYS_OFFSET_EXTENDED, ts2 - ts0) over SAMPLES reads, and chrony's
#     offset with the repo's snippet after CHRONY_SECS;
#  3. a table, with the window/round-trip ratio.
# Not a test and not part of make check; needs make uml vdev dtbs rtc-tools.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
samples=${1:-5000}
chrony_secs=${2:-20}
out=$build/bench
mkdir -p "$out"

gcc -O2 -Wall -Wextra -o "$out/eventfd-rtt" "$repo/tools/testing/bench/eventfd-rtt.c" || exit 1
bash "$repo/tools/testing/scripts/build-rtc-tools.sh" "$repo" "$build" host || exit 1

timeout 120 "$out/eventfd-rtt" 20000 > "$out/eventfd-rtt.txt" || exit 1
timeout $((chrony_secs + 180)) "$repo/tools/testing/e2e/run-guest.sh" --arch uml --name rtc-bench \
	--script "$repo/tools/testing/bench/rtc-bench-guest.sh" --dev rtc \
	--param samples="$samples" --param chrony_secs="$chrony_secs" \
	--param tools="$build/rtc-tools/host" --timeout $((chrony_secs + 120)) > "$out/guest.txt" 2>&1
rc=$?
# Once more after the guest, to see how steady the host was.
timeout 120 "$out/eventfd-rtt" 20000 > "$out/eventfd-rtt-after.txt" || exit 1
if [ $rc -ne 0 ]; then
	cat "$out/guest.txt"
	echo "rtc-bench: the guest run failed; see $build/runs/uml-rtc-bench/" >&2
	exit 1
fi

g=$build/runs/uml-rtc-bench/tap.txt
get() {	# get FILE KEY
	sed -n "s/^\(# bench \)\{0,1\}$2=//p" "$1" | head -1
}
us() {	# ns -> us with one decimal
	awk -v n="$1" 'BEGIN { printf "%.1f", n / 1000 }'
}
e_med=$(get "$out/eventfd-rtt.txt" median_ns) e_p99=$(get "$out/eventfd-rtt.txt" p99_ns)
a_med=$(get "$out/eventfd-rtt-after.txt" median_ns) a_p99=$(get "$out/eventfd-rtt-after.txt" p99_ns)
w_med=$(get "$g" ext_window_med_ns) w_p99=$(get "$g" ext_window_p99_ns)
w_min=$(get "$g" ext_window_min_ns) w_max=$(get "$g" ext_window_max_ns)
r_med=$(get "$g" raw_window_med_ns) r_p99=$(get "$g" raw_window_p99_ns)

printf 'virtio-rtc PHC read benchmark, %s, %s CPUs, %s\n' "$(uname -r)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-58s %12s %12s\n' "" median p99
printf '%-58s %9s us %9s us\n' "host eventfd round trip, 2 processes (before guest)" "$(us "$e_med")" "$(us "$e_p99")"
printf '%-58s %9s us %9s us\n' "host eventfd round trip, 2 processes (after guest)" "$(us "$a_med")" "$(us "$a_p99")"
printf '%-58s %9s us %9s us\n' "UML PHC read window ts2-ts0, CLOCK_REALTIME ($samples reads)" "$(us "$w_med")" "$(us "$w_p99")"
printf '%-58s %9s us %9s us\n' "UML PHC read window ts2-ts0, CLOCK_MONOTONIC_RAW" "$(us "$r_med")" "$(us "$r_p99")"
printf '%-58s %10s x %10s x\n' "ratio: PHC window / eventfd round trip (before)" \
	"$(awk -v a="$w_med" -v b="$e_med" 'BEGIN { printf "%.1f", a / b }')" \
	"$(awk -v a="$w_p99" -v b="$e_p99" 'BEGIN { printf "%.1f", a / b }')"
printf '%-58s %9s us %9s us\n' "PHC read window min / max" "$(us "$w_min")" "$(us "$w_max")"
printf '%-58s %9s us\n' "chrony offset RMS after $(get "$g" chrony_secs) s (tracking)" "$(us "$(get "$g" chrony_rms_offset_ns)")"
printf '%-58s %9s us\n' "chrony last offset" "$(us "$(get "$g" chrony_last_offset_ns)")"
printf '%-58s %9s us\n' "chrony sourcestats std dev ($(get "$g" chrony_samples) samples)" "$(us "$(get "$g" chrony_stddev_ns)")"
printf '%-58s %9s us\n' "PHC - guest realtime with chrony (median of 500)" "$(us "$(get "$g" synced_offset_med_ns)")"
