#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kunit.sh REPO BUILD um|arm64: run our KUnit suites with the kernel's
# kunit.py on the prepared tree, on a kernel with the test kernels' debug
# options (arm64: two vCPUs, so callbacks can race from the other CPU). A
# kernel report (lockdep, KASAN, UBSAN, KFENCE, a warning...) in the raw
# log counts as a failure even when every test passed.
# Last line: "kunit-ARCH: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) arch=$3
cfgs=$repo/tools/testing/configs
case "$arch" in
um) cfg=uml.kunitconfig; extra=(--kunitconfig="$cfgs/debug.config") ;;
arm64) cfg=arm64.kunitconfig
	extra=(--arch=arm64 --cross_compile=aarch64-linux-gnu- --qemu_args='-smp 2 -m 1G'
	       --kunitconfig="$cfgs/debug.config" --kunitconfig="$cfgs/debug-arm64.config") ;;
*) echo "kunit.sh: unknown arch $arch" >&2; exit 2 ;;
esac
log=$build/kunit-$arch.log
cd "$build/linux" || exit 1
python3 tools/testing/kunit/kunit.py run --build_dir="$build/kunit-$arch" \
	--kunitconfig="$repo/tools/testing/kunit/$cfg" --jobs="$(nproc)" \
	--timeout=600 "${extra[@]}" > "$log" 2>&1
rc=$?
# Status lines, and for a failed check its place and the three lines after
# it (what was expected, the values, a message).
sed 's/^\[[0-9:]*\] *//' "$log" |
	awk '/(EXPECTATION|ASSERTION) FAILED at/ {
		sub(/^# /, ""); print "FAIL " $0; after = 3; next
	     }
	     after && /^ *(# |ok |not ok |\[)/ { after = 0 }
	     after { print "FAIL   " $0; after--; next }
	     /^(\[(FAILED|SKIPPED|CRASHED)\]|=+ \[|Testing complete)/' | tail -40
sum=$(grep -oE 'Ran [0-9]+ tests: passed: [0-9]+(, failed: [0-9]+)?(, skipped: [0-9]+)?(, crashed: [0-9]+)?(, errors: [0-9]+)?' "$log" | tail -1)
num() { echo "$sum" | grep -oE "$1: [0-9]+" | grep -oE '[0-9]+' || echo 0; }
if [ -z "$sum" ]; then
	tail -30 "$log"
	echo "kunit-$arch: 0 passed, 1 failed, 0 skipped (kunit.py produced no result, rc $rc; see $log)"
	exit 1
fi
passed=$(num passed)
failed=$(( $(num failed) + $(num crashed) + $(num errors) ))
[ $rc -ne 0 ] && [ $failed -eq 0 ] && failed=1
# The kernel's own reports, from the raw log of the run.
reports='WARNING:|BUG:|Oops|Kernel panic|UBSAN|KASAN|KFENCE|ODEBUG|possible recursive locking|circular locking|inconsistent lock state'
if grep -qE "$reports" "$build/kunit-$arch/test.log"; then
	echo "kunit-$arch: the kernel log has reports:"
	grep -E "$reports" "$build/kunit-$arch/test.log" | head -10 | sed 's/^/  /'
	failed=$((failed + 1))
fi
echo "kunit-$arch: $passed passed, $failed failed, $(num skipped) skipped"
[ $failed -eq 0 ]
