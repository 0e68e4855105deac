#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kunit.sh REPO BUILD um|arm64: run our KUnit suites with the kernel's
# kunit.py on the prepared tree. Last line: "kunit-ARCH: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) arch=$3
case "$arch" in
um) cfg=uml.kunitconfig; extra=() ;;
arm64) cfg=arm64.kunitconfig; extra=(--arch=arm64 --cross_compile=aarch64-linux-gnu-) ;;
*) echo "kunit.sh: unknown arch $arch" >&2; exit 2 ;;
esac
log=$build/kunit-$arch.log
cd "$build/linux" || exit 1
python3 tools/testing/kunit/kunit.py run --build_dir="$build/kunit-$arch" \
	--kunitconfig="$repo/tools/testing/kunit/$cfg" --jobs="$(nproc)" \
	--timeout=600 "${extra[@]}" > "$log" 2>&1
rc=$?
grep -E '^\[[0-9:]+\] +(\[(PASSED|FAILED|SKIPPED|CRASHED)\]|=+ \[|Testing complete)' "$log" |
	sed 's/^\[[0-9:]*\] //' | grep -vE '^\[PASSED\]' | tail -40
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
echo "kunit-$arch: $passed passed, $failed failed, $(num skipped) skipped"
[ $failed -eq 0 ]
