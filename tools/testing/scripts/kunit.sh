#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kunit.sh REPO BUILD um|arm64|x86_64: run our KUnit suites with the kernel's
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
x86_64) cfg=x86_64.kunitconfig
	# q35 under TCG (Debian unstable's QEMU, make sid), two vCPUs; the
	# tsc clocksource, which the TSC cross-timestamp case needs (TCG's
	# TSC has no invariance flag, so the kernel would not trust it).
	extra=(--arch=x86_64 --qemu_args='-smp 2 -m 1G -cpu max'
	       --kernel_args='clocksource=tsc tsc=reliable'
	       --kunitconfig="$cfgs/debug.config" --kunitconfig="$cfgs/debug-x86_64.config")
	if [ ! -x "$build/qemu-sid-x86_64" ]; then
		echo "kunit-x86_64: 0 passed, 1 failed, 0 skipped (no build/qemu-sid-x86_64: make sid)"
		exit 1
	fi
	mkdir -p "$build/kunit-qemu"
	ln -sf "$build/qemu-sid-x86_64" "$build/kunit-qemu/qemu-system-x86_64"
	export PATH="$build/kunit-qemu:$PATH"
	;;
*) echo "kunit.sh: unknown arch $arch" >&2; exit 2 ;;
esac
log=$build/kunit-$arch.log
kdir=$build/kunit-$arch
: > "$log"
cd "$build/linux" || exit 1
kunit() {
	python3 tools/testing/kunit/kunit.py "$1" --build_dir="$2" \
		--kunitconfig="$repo/tools/testing/kunit/$cfg" "${extra[@]}" "${@:3}"
}

# A first build starts from the e2e kernel's (build/uml; arm64: the
# built-in one): the same debug options, KUnit core and tree, so the KUnit
# options are all that differ and kbuild rebuilds only what depends on
# them, not a whole kernel. The .config is the e2e one plus the options
# kunit.py asks for (its last_used_kunitconfig, made in a scratch directory), so
# that kunit.py finds them all and keeps it. VT_KUNIT_SEED=0: no seed.
case "$arch" in
um) seed=$build/uml ;;
arm64) seed=$build/arm64-builtin ;;
x86_64) seed=$build/x86_64 ;;
esac
seeded=0
if [ ! -e "$kdir/.config" ] && [ -e "$seed/vmlinux" ] && [ "${VT_KUNIT_SEED:-1}" = 1 ]; then
	echo "  SEED    $kdir from ${seed#"$build"/}"
	seeded=1
	rm -rf "$kdir" "$kdir.cfg"
	if kunit config "$kdir.cfg" > "$log" 2>&1 && cp -a "$seed" "$kdir"; then
		kmake=(make -s ARCH="$arch" O="$kdir")
		[ "$arch" = arm64 ] && kmake+=(CROSS_COMPILE=aarch64-linux-gnu-)
		rm -f "$kdir/.vt-fragments"
		cat "$kdir.cfg/last_used_kunitconfig" >> "$kdir/.config"
		"${kmake[@]}" olddefconfig >> "$log" 2>&1 &&
			cp "$kdir.cfg/last_used_kunitconfig" "$kdir/last_used_kunitconfig" ||
			rm -rf "$kdir"
	fi
	rm -rf "$kdir.cfg"
fi
# VT_KUNIT_FILTER: a kunit.py filter glob (e.g. 'virtio_scmi.vscmi_test_stop*'),
# to repeat some tests while debugging; make check leaves it unset.
kunit run "$kdir" --jobs="$(nproc)" --timeout=600 ${VT_KUNIT_FILTER:+"$VT_KUNIT_FILTER"} >> "$log" 2>&1
rc=$?
[ $seeded = 1 ] && grep -q '^Regenerating .config' "$log" && echo "  (kunit.py made its own .config: the seed did not hold its options)"
# Status lines, and for a failed check its place and the three lines after
# it (what was expected, the values, a message).
sed 's/^\[[0-9:]*\] *//' "$log" |
	awk '/(EXPECTATION|ASSERTION) FAILED at/ {
		sub(/^# /, ""); print "FAIL " $0; after = 3; next
	     }
	     after && /^ *(# |ok |not ok |\[)/ { after = 0 }
	     after { print "FAIL   " $0; after--; next }
	     /^(\[(FAILED|SKIPPED|CRASHED)\]|=+ \[|Testing complete)/' | tail -40
# kunit.py leaves out the counts that are zero ("Ran 1 tests: failed: 1").
sum=$(grep -oE 'Ran [0-9]+ tests:( [a-z]+: [0-9]+,?)+' "$log" | tail -1)
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
