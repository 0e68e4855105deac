#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fuzz.sh [--target N] [--run-secs S] [--max-secs S] [--rate R] [--seed S]
#         [--arch uml|arm64|all] [--jobs J]: the reply fuzzer's campaign
#         (make fuzz).
#
# Per architecture, guests run tests/stress.sh under both backends' reply
# fuzzer, one after the other, until each device model (virtio-rtc,
# SCMI) has had N replies and notifications mutated (default 10^6), or
# the architecture's time is up (--max-secs, default 6 h). Each run: S
# seconds of load (default 600) by the in-process users (users=hammers,
# four of each (two PHC hammers on arm64), SCMI reads on four threads), R percent of replies mutated
# (default 50), delays and drops apart at 0.05 %, ring-level faults at
# 0.5 % in the load's last third, then the fuzzer off, every device
# rebound and the clean phase with every user. Runs alternate between
# devices that offer indirect descriptors and event index and devices
# that offer neither. Seeds: S, S+2, S+4... (backend N adds N); a run's
# seed replays it (--param fuzz=SEED,RATE of tests/stress.sh).
#
# uml: both devices on UML. arm64: both on virtio-pci, two vCPUs, Debian
# unstable's QEMU (make sid). The kernels are the debug ones (make uml,
# arm64, arm64-root). --jobs J: J guests at a time, each with its own
# seed (default: 2 on UML, whose guests have one CPU each, so that a
# 2-core host is busy; 1 on arm64, whose guest has two vCPUs).
#
# Results: build/runs/ARCH-fuzz-N/ per run; build/fuzz/summary.txt: each
# run's result, then per architecture and model the replies pushed and
# mutated, mutations by kind, the users' results by errno, and the time.
# Last line: "fuzz: N passed, N failed, N skipped"; exit status 1 when a
# run failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
target=1000000 run_secs=600 max_secs=21600 rate=50 seed=1 arch=all jobs=
while [ $# -gt 0 ]; do
	case "$1" in
	--target) target=$2; shift ;;
	--run-secs) run_secs=$2; shift ;;
	--max-secs) max_secs=$2; shift ;;
	--rate) rate=$2; shift ;;
	--seed) seed=$2; shift ;;
	--arch) arch=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	*) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
conf=$repo/tools/testing/e2e/scmi/test.conf
. "$here/lib/campaign.sh"
campaign_start "$build/fuzz" "$repo/tools/testing/e2e/tests/stress.sh"

# total N KEY: KEY summed over the runs so far, for backend N (from
# $out/$a.kinds, "N KEY=VALUE" lines).
total() {
	awk -v b="$1" -v k="$2" '$1 == b { split($2, kv, "="); if (kv[1] == k) n += kv[2] }
		END { print n + 0 }' "$out/$a.kinds"
}

# campaign ARCH: runs until the target or the time limit.
campaign() {
	local a=$1 ta=host reqs=uml t_start n=0 name tap line took rf s j b
	local rtc=rtc: scmi="scmi:--config $conf" phc_hammers=4
	local -a qemu=()
	local done_rtc=0 done_scmi=0
	if [ "$a" = arm64 ]; then
		ta=arm64 reqs="arm64 sid"
		qemu=(--qemu "$build/qemu-sid")
		rtc=rtc@pci: scmi="scmi@pci:--config $conf"
		# A PHC read costs the arm64 guest less than an hwmon read: two
		# PHC hammers bring both models to the target at about the same
		# time (four: 247 virtio-rtc and 134 SCMI mutations a second).
		phc_hammers=2
	fi
	for r in $reqs; do
		if ! have "$r"; then
			echo "fuzz-$a: 0 passed, 0 failed, 1 skipped (not built: $r)" | tee -a "$summary"
			skip=$((skip + 1))
			return
		fi
	done
	if ! tools "$ta"; then
		echo "fuzz-$a: 0 passed, 1 failed, 0 skipped (tools for $ta did not build)" | tee -a "$summary"
		fail=$((fail + 1))
		return
	fi
	: > "$out/$a.kinds"
	: > "$out/$a.users"
	t_start=$(date +%s)
	j=${jobs:-$([ "$a" = uml ] && echo 2 || echo 1)}
	while { [ "$done_rtc" -lt "$target" ] || [ "$done_scmi" -lt "$target" ]; } &&
		[ $(($(date +%s) - t_start + run_secs)) -le "$max_secs" ]; do
		# A batch of j guests, each with its own seed and name.
		local -a batch=()
		for _ in $(seq "$j"); do
			s=$((seed + 2 * n))
			rf=
			[ $((n % 2)) = 1 ] && rf="--ring-features +indirect,+event-idx"
			name=fuzz-$n
			batch+=("$name:$s:${rf:+1}")
			n=$((n + 1))
			(
				t0=$(date +%s)
				"$here/run-guest.sh" --arch "$a" --name "$name" --script "$script" \
					--timeout $((run_secs * 2 + 900)) "${qemu[@]}" \
					--param secs="$run_secs" --param margin=10 --param fuzz="$s,$rate" \
					--param fuzz_ring=0.5 --param fuzz_slow=0.05 --param users=hammers \
					--param hammers=4 --param hammer_jobs=4 --param phc_hammers=$phc_hammers \
					--param tools="$build/rtc-tools/$ta" --param scmi_tools="$build/scmi-tools/$ta" \
					--dev "$rtc$rf" --dev "$scmi${rf:+ $rf}" 2>&1 | tail -1 > "$out/$a-$name.line"
				echo $(($(date +%s) - t0)) > "$out/$a-$name.took"
			) &
		done
		wait
		for b in "${batch[@]}"; do
			IFS=: read -r name s rf <<< "$b"
			line=$(cat "$out/$a-$name.line") took=$(cat "$out/$a-$name.took")
			rm -f "$out/$a-$name.line" "$out/$a-$name.took"
			tap=$build/runs/$a-$name/tap.txt
			# "# fuzz backend N: ... KIND=COUNT ..." and "# load: KIND calls=N
			# ok=N slowest=S | ERRNO=N ...", for the totals.
			sed -n 's/^# fuzz backend \([01]\): /\1 /p' "$tap" |
				awk '{ for (i = 2; i <= NF; i++) print $1, $i }' |
				grep -vE ' (seed|rate|ring_rate|slow_rate|delay_ms|flood_size|digest)=' >> "$out/$a.kinds"
			sed -n 's/^# load: \([a-z_]*\) *calls=[0-9]* ok=\([0-9]*\)[^|]*|*\(.*\)$/\1 ok=\2 \3/p' "$tap" |
				awk '{ for (i = 2; i <= NF; i++) print $1, $i }' >> "$out/$a.users"
			{
				echo "$a-$name (seed $s, rate $rate %${rf:+, ring features +indirect,+event-idx}): $line (${took} s)"
				grep -E '^not ok' "$build/runs/$a-$name/result.tap" 2>/dev/null | head -10 | sed 's/^/    /'
			} | tee -a "$summary"
			count_run "$line"
		done
		done_rtc=$(total 0 mutated) done_scmi=$(total 1 mutated)
		echo "  after $n runs, $(($(date +%s) - t_start)) s: virtio-rtc $done_rtc, SCMI $done_scmi mutated" | tee -a "$summary"
	done
	took=$(($(date +%s) - t_start))
	{
		echo "fuzz-$a: $n runs ($j at a time) in $took s; virtio-rtc: $done_rtc mutated of $(total 0 pushes) replies and notifications; SCMI: $done_scmi mutated of $(total 1 pushes) (target $target each)"
		for b in 0 1; do
			echo "  $([ $b = 0 ] && echo virtio-rtc || echo SCMI) mutations by kind:$(awk -v b=$b '$1 == b { split($2, kv, "="); n[kv[1]] += kv[2] }
				END { for (k in n) if (n[k] && k !~ /^(pushes|mutated|injected|withheld)$/) printf " %s=%d", k, n[k] }' "$out/$a.kinds")"
		done
		echo "  users' results:"
		awk '{ split($2, kv, "="); n[$1 " " kv[1]] += kv[2] }
			END { for (k in n) print k, n[k] }' "$out/$a.users" | sort |
			awk '$1 != u { if (u) print line; u = $1; line = "    " u ":" }
				{ line = line " " $2 "=" $3 } END { if (u) print line }'
		[ "$done_rtc" -ge "$target" ] && [ "$done_scmi" -ge "$target" ] ||
			echo "  target not reached within --max-secs $max_secs"
	} | tee -a "$summary"
}

for a in uml arm64; do
	[ "$arch" = all ] || [ "$arch" = "$a" ] && campaign "$a"
done
echo "fuzz: $pass passed, $fail failed, $skip skipped ($summary)"
[ $fail -eq 0 ]
