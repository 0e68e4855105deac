#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: `make check`. Builds what the tests need, then runs the stages in
# order: static checks, host unit tests, KUnit (UML, arm64), end-to-end (UML,
# arm64). Each stage prints "STAGE: N passed, N failed, N skipped"; a build
# that fails counts as one failure of every stage that needs it. Skips are
# listed by name and never counted as passes. The last line is
# "N passed, N failed".
set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=$repo/build
logs=$build/check
mkdir -p "$logs"
cd "$repo" || exit 1
total_pass=0 total_fail=0 total_skip=0
summary=()
failures=()
skipped=()
t_all=$(date +%s)
# The time budget (seconds from here; CI kills at 90 minutes, our goal is
# under 60): stages and end-to-end runs that would start after it are
# failures, by name, so a slow or stuck run still ends in a summary.
export VT_DEADLINE=$((t_all + ${VT_CHECK_BUDGET:-4800}))

declare -A built
# Each build's time, for the summary ("builds: NAME N s, ...").
build_times=()
build_step() {
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	echo "== build: $name"
	"$@" > "$logs/build-$name.log" 2>&1
	rc=$?
	built[$name]=$rc
	if [ $rc -ne 0 ]; then
		tail -30 "$logs/build-$name.log"
		echo "== build: $name FAILED (rc $rc; $logs/build-$name.log)"
	else
		echo "== build: $name ok ($(( $(date +%s) - t0 )) s)"
	fi
	build_times+=("$name $(( $(date +%s) - t0 )) s")
}

# build_bg NAME CMD...: a build step that runs beside the next ones, for
# the guest roots (debootstrap: network and dpkg-deb, one core at most)
# beside the kernel builds; build_join waits for them all.
declare -A bg_pid
build_bg() {
	local name=$1
	shift
	echo "== build: $name (beside the next builds)"
	(
		t0=$(date +%s)
		"$@" > "$logs/build-$name.log" 2>&1
		echo "$? $(( $(date +%s) - t0 ))" > "$logs/build-$name.rc"
	) &
	bg_pid[$name]=$!
}
build_join() {
	local name rc secs
	for name in "${!bg_pid[@]}"; do
		wait "${bg_pid[$name]}"
		read -r rc secs < "$logs/build-$name.rc" || rc=1 secs=?
		built[$name]=$rc
		if [ "$rc" -ne 0 ]; then
			tail -30 "$logs/build-$name.log"
			echo "== build: $name FAILED (rc $rc; $logs/build-$name.log)"
		else
			echo "== build: $name ok ($secs s, beside the others)"
		fi
		build_times+=("$name $secs s beside")
	done
}

# stage NAME NEEDS CMD...: NEEDS is a comma-separated list of builds.
stage() {
	local name=$1 needs=$2 t0 line p f s n
	shift 2
	t0=$(date +%s)
	echo "== stage: $name (+$((t0 - t_all)) s)"
	if [ "$t0" -gt $((VT_DEADLINE - 120)) ]; then
		echo "$name: 0 passed, 1 failed, 0 skipped (not started: make check's time budget ran out)"
		total_fail=$((total_fail + 1))
		summary+=("$name: not started, time budget")
		return
	fi
	for n in ${needs//,/ }; do
		if [ "${built[$n]:-1}" -ne 0 ]; then
			echo "$name: 0 passed, 1 failed, 0 skipped (build '$n' failed)"
			total_fail=$((total_fail + 1))
			summary+=("$name: build '$n' failed")
			return
		fi
	done
	"$@" 2>&1 | tee "$logs/$name.log"
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$logs/$name.log" | tail -1)
	if [ -z "$line" ]; then
		echo "$name: 0 passed, 1 failed, 0 skipped (no result line)"
		total_fail=$((total_fail + 1))
		summary+=("$name: no result line")
		return
	fi
	read -r p f s <<< "$(echo "$line" | grep -oE '[0-9]+ (passed|failed|skipped)' | cut -d' ' -f1 | tr '\n' ' ')"
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
	summary+=("$line [$(( $(date +%s) - t0 )) s]")
	while IFS= read -r l; do
		skipped+=("$name: $l")
	done < <(grep -E '^ *(SKIP |skipped: )|# SKIP|\[SKIPPED\] ' "$logs/$name.log" | sed 's/^ *//')
	while IFS= read -r l; do
		failures+=("$name: $l")
	done < <(awk -v stage="$name" '
		# A run'"'"'s "failed:" lines come before its result line and
		# count only when that line has failures (a run that must
		# fail shows its failed check too).
		/^ *failed: / { sub(/^ */, ""); held = held "\n" $0; next }
		/^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed/ {
			if ($1 != stage ":" && $4 + 0 > 0) print $0 held
			held = ""; next
		}
		/^ *FAIL |\[(FAILED|CRASHED)\] / { sub(/^ */, ""); print }
		' "$logs/$name.log" | sed '/^$/d')
}

# The backend's unit tests end with a plain "N passed, N failed" line.
unit_tests() {
	local out line p f pt
	out=$(make -s unit 2>&1)
	echo "$out" | grep -E '^not ok|^# ' | head -40
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ -z "$line" ]; then
		echo "$out" | tail -20
		line="0 passed, 1 failed"
	fi
	read -r p f <<< "$(echo "$line" | grep -oE '[0-9]+' | tr '\n' ' ')"
	# The build scripts' own test (make prepare after files left drivers/).
	pt=$(bash tools/testing/scripts/test-prepare-tree.sh 2>&1)
	echo "$pt" | grep -v '^prepare-tree: [0-9]* passed'
	line=$(echo "$pt" | grep -E '^prepare-tree: [0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -n "$line" ]; then
		read -r a b _ <<< "$(echo "${line#prepare-tree: }" | grep -oE '[0-9]+' | tr '\n' ' ')"
		p=$((p + a)) f=$((f + b))
	else
		f=$((f + 1))
	fi
	echo "unit: $p passed, $f failed, 0 skipped"
}

build_bg arm64-root make -s arm64-root
# Debian unstable's QEMU for the arm64 virtio-rtc runs: when it cannot be
# made, suite.sh reports those runs as skipped, by name.
build_bg sid make -s sid
build_step prepare make -s prepare
build_step vdev make -s vdev
build_step dtbs make -s dtbs
build_step uml make -s uml
build_step arm64 make -s arm64
build_step arm64-builtin make -s arm64-builtin
build_join
t_builds=$(( $(date +%s) - t_all ))

# The DT checks (dt-validate, one core) run beside the static checks:
# neither has a time bound. Their stage then prints what they printed.
dt_pid=
if [ "${built[prepare]:-1}" = 0 ] && [ "${built[dtbs]:-1}" = 0 ] && [ "${built[sid]:-1}" = 0 ]; then
	bash tools/testing/scripts/dt-checks.sh "$repo" "$build" > "$logs/dt.beside" 2>&1 &
	dt_pid=$!
fi
stage static prepare,uml,arm64 bash tools/testing/scripts/static-checks.sh "$repo" "$build"
# (stage runs its command in a pipeline: wait here, in this shell.)
[ -n "$dt_pid" ] && wait "$dt_pid"
stage dt prepare,dtbs,sid cat "$logs/dt.beside"
stage unit vdev unit_tests
stage kunit-um prepare bash tools/testing/scripts/kunit.sh "$repo" "$build" um
stage kunit-arm64 prepare bash tools/testing/scripts/kunit.sh "$repo" "$build" arm64
stage e2e-uml uml,vdev,dtbs bash tools/testing/e2e/suite.sh uml
stage e2e-arm64 arm64,arm64-root,vdev,dtbs bash tools/testing/e2e/suite.sh arm64

# Last, what a reader of the log's tail needs: skips, stage times, then
# every failure (each failing run's result line, then its failed checks).
echo
if [ ${#skipped[@]} -gt 0 ]; then
	echo "== skipped (not counted as passed): $total_skip"
	for l in "${skipped[@]}"; do
		echo "  $l"
	done
fi
echo "== summary ($(( $(date +%s) - t_all )) s)"
echo "  builds: $(IFS=,; echo "${build_times[*]}" | sed 's/,/, /g') [$t_builds s]"
for l in "${summary[@]}"; do
	echo "  $l"
done
if [ ${#failures[@]} -gt 0 ]; then
	echo "== failures: $total_fail"
	for l in "${failures[@]}"; do
		echo "  $l"
	done
fi
echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
