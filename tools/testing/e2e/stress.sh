#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stress.sh [--secs N] [--arch uml|arm64|all] [--param K=V] [--list] [NAME...]: the long
# stress campaign (make stress). Each configuration boots one guest that
# runs tests/stress.sh for N seconds of load (default 600) with every user
# of both drivers, the lifecycle (unbind/bind, module reload, pm_test
# freeze) and a clean phase; guests run one after the other. NAMEs pick
# configurations (--list shows them); --param goes to every guest (e.g.
# fuzz=SEED,RATE, see tests/stress.sh). The kernels, root and QEMU come from
# make uml arm64 arm64-builtin arm64-root sid; configurations whose
# kernel or QEMU is missing are reported as skipped, by name.
#
# Results: build/runs/ARCH-stress-NAME/ per run; build/stress/summary.txt
# gets each run's result line, operations per kind and lifecycle cycles.
# Last line: "stress: N passed, N failed, N skipped"; exit status 1 when
# a run failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
secs=600 arch=all list=0
# Every configuration unbinds, reloads or freezes with the RTC present: no
# RTC sysfs readers (the 6.12 RTC core deadlocks its removal against them,
# see tests/stress.sh); --param rtc_sysfs=1 brings them back.
names=() params=(--param rtc_sysfs=0)
while [ $# -gt 0 ]; do
	case "$1" in
	--secs) secs=$2; shift ;;
	--arch) arch=$2; shift ;;
	--list) list=1 ;;
	--param) params+=(--param "$2"); shift ;;
	-*) echo "stress.sh: unknown option $1" >&2; exit 2 ;;
	*) names+=("$1") ;;
	esac
	shift
done
conf=$repo/tools/testing/e2e/scmi/test.conf
script=$repo/tools/testing/e2e/tests/stress.sh
. "$here/lib/campaign.sh"

# config NAME: sets carch, reqs (builds it needs: uml, arm64,
# arm64-builtin; sid, Debian unstable's QEMU for virtio-rtc on arm64) and
# cargs (run-guest.sh arguments).
configs="uml-both uml-two-rtc arm64-both-pci arm64-both-mmio arm64-builtin-pci arm64-scmi-pci"
config() {
	case "$1" in
	# UML: both devices, the RTC with its alarm (wake alarm loops); the
	# lifecycle is unbind/bind and the SCMI transport's reload (no freeze
	# on UML; the alarmtimer pins virtio_rtc).
	uml-both)
		carch=uml reqs=uml
		cargs=(--dev rtc --dev "scmi:--config $conf") ;;
	# UML: two RTC devices (the second without alarm) and SCMI.
	uml-two-rtc)
		carch=uml reqs=uml
		cargs=(--dev rtc --dev "rtc:--clock utc --clock tai" --dev "scmi:--config $conf") ;;
	# arm64, virtio-pci: the RTC without alarm, so virtio_rtc can be
	# unloaded; unbind/bind, both modules reloaded, freeze.
	arm64-both-pci)
		carch=arm64 reqs="arm64 sid"
		cargs=(--qemu "$build/qemu-sid" --dev "rtc@pci:--no-alarm" --dev "scmi@pci:--config $conf") ;;
	# arm64, virtio-mmio: the RTC with alarm (alarm loops; the alarmtimer
	# pins virtio_rtc), SCMI reloaded; unbind/bind, freeze.
	arm64-both-mmio)
		carch=arm64 reqs="arm64 sid"
		cargs=(--qemu "$build/qemu-sid" --dev rtc@mmio --dev "scmi@mmio:--config $conf") ;;
	# arm64, drivers built in: unbind/bind and freeze.
	arm64-builtin-pci)
		carch=arm64 reqs="arm64-builtin sid"
		cargs=(--builtin --qemu "$build/qemu-sid" --dev rtc@pci --dev "scmi@pci:--config $conf") ;;
	# arm64 on QEMU 10 (no virtio-rtc there): SCMI alone.
	arm64-scmi-pci)
		carch=arm64 reqs=arm64
		cargs=(--dev "scmi@pci:--config $conf") ;;
	*) return 1 ;;
	esac
}

if [ $list = 1 ]; then
	echo $configs | tr ' ' '\n'
	exit 0
fi
for n in "${names[@]}"; do
	config "$n" || { echo "stress.sh: no configuration $n (--list)" >&2; exit 2; }
done

campaign_start "$build/stress" "$script"
start=$(date +%s)
for name in $configs; do
	config "$name"
	if [ ${#names[@]} -gt 0 ] && ! printf '%s\n' "${names[@]}" | grep -qxF "$name"; then
		continue
	fi
	[ "$arch" = all ] || [ "$arch" = "$carch" ] || continue
	missing=
	for r in $reqs; do
		have "$r" || missing="$missing $r"
	done
	if [ -n "$missing" ]; then
		echo "stress-$name: 0 passed, 0 failed, 1 skipped (not built:$missing)" | tee -a "$summary"
		skip=$((skip + 1))
		continue
	fi
	ta=host
	[ "$carch" = arm64 ] && ta=arm64
	if ! tools $ta; then
		echo "stress-$name: 0 passed, 1 failed, 0 skipped (tools for $ta did not build)" | tee -a "$summary"
		fail=$((fail + 1))
		continue
	fi
	# Boot, load, drain and the clean phase: a generous limit on top.
	limit=$((secs + 420))
	[ "$carch" = arm64 ] && limit=$((secs + 720))
	t0=$(date +%s)
	line=$("$here/run-guest.sh" --arch "$carch" --name "stress-$name" --script "$script" \
		--timeout "$limit" --param secs="$secs" \
		--param tools="$build/rtc-tools/$ta" --param scmi_tools="$build/scmi-tools/$ta" \
		"${params[@]}" "${cargs[@]}" 2>&1 | tail -1)
	took=$(($(date +%s) - t0))
	run=$build/runs/$carch-stress-$name
	{
		echo "$line"
		grep -E '^# (totals|load: |bounds|load [0-9])' "$run/tap.txt" 2>/dev/null | sed 's/^/    /'
		grep -E '^# (first|clean) failures' "$run/tap.txt" 2>/dev/null | head -12 | sed 's/^/    /'
		grep -E '^not ok' "$run/result.tap" 2>/dev/null | sed 's/^/    /'
		echo "    (wall time ${took} s)"
	} | tee -a "$summary"
	count_run "$line"
done
echo "stress: $pass passed, $fail failed, $skip skipped ($(($(date +%s) - start)) s; $summary)"
[ $fail -eq 0 ]
