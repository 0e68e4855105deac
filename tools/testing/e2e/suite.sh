#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# suite.sh uml|arm64: every end-to-end run for one architecture.
# Last line: "e2e-ARCH: N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
arch=$1
run="$here/run-guest.sh --arch $arch"
t=$here/tests
pass=0 fail=0 skip=0

tally() {
	local line
	line=$(tail -1 "$1")
	cat "$1"
	set -- $(echo "$line" | grep -oE '[0-9]+ (passed|failed|skipped)' | cut -d' ' -f1)
	if [ $# -ne 3 ]; then
		fail=$((fail + 1))
		return
	fi
	pass=$((pass + $1)) fail=$((fail + $2)) skip=$((skip + $3))
}
log=$(mktemp)
logdir=$(mktemp -d)
trap 'rm -rf "$log" "$logdir"' EXIT

# Guests run in the background, VT_E2E_JOBS (default 2) at a time: they
# spend most of their time waiting. Their results are tallied in order.
jobs_max=${VT_E2E_JOBS:-2}
seq_n=0
start() {
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
	done
	seq_n=$((seq_n + 1))
	$run "$@" > "$logdir/$(printf %03d $seq_n).log" 2>&1 &
}
finish() {
	local f
	wait
	for f in "$logdir"/*.log; do
		[ -e "$f" ] && tally "$f"
	done
}

# The harness proof: the in-tree 6.12 SCMI virtio transport probes against
# our backend's Base responder. Random strings per run: nothing can pass by
# accident or from a stale run.
proof() {
	local name=$1 dev=$2
	local vendor=vt$RANDOM sub=sub$RANDOM impl=$((RANDOM * 7 + 1))
	start --name "$name" --script "$t/harness-proof.sh" \
		--dev "$dev:--vendor $vendor --sub-vendor $sub --impl-version $impl" \
		--param scmi_vendor="$vendor" --param scmi_sub_vendor="$sub" \
		--param scmi_impl="$(printf '0x%x' "$impl")"
}

# virtio-rtc runs: the guest runs testptp, rtctest and vtclock, built for
# the guest's user space by build-rtc-tools.sh (UML: host binaries).
rtc_tools=
rtc() {
	local name=$1 script=$2
	shift 2
	if [ -z "$rtc_tools" ]; then
		echo "$name: 0 passed, 1 failed, 0 skipped (no rtc tools)"
		fail=$((fail + 1))
		return
	fi
	start --name "$name" --script "$t/$script" --param tools="$rtc_tools" "$@"
}
build_rtc_tools() {
	if bash "$repo/tools/testing/scripts/build-rtc-tools.sh" "$repo" "$build" "$1" > "$log" 2>&1; then
		rtc_tools=$build/rtc-tools/$1
	else
		cat "$log"
		echo "rtc-tools: build failed"
	fi
}

# SCMI runs: every script once per transport, ours (virtio_scmi) and the
# in-tree one (scmi_transport_virtio), against the test platform
# tools/testing/e2e/scmi/test.conf; scmi-tool built for the guest's user
# space (UML: the host's).
scmi_tools=
scmi_conf=$repo/tools/testing/e2e/scmi/test.conf
scmi() {
	local name=$1 script=$2 backend=$3 tr
	shift 3
	for tr in virtio_scmi scmi_transport_virtio; do
		if [ -z "$scmi_tools" ]; then
			echo "$name-$tr: 0 passed, 1 failed, 0 skipped (no scmi-tool)"
			fail=$((fail + 1))
			continue
		fi
		start --name "$name-$tr" --script "$t/$script" --param transport=$tr \
			--param tools="$scmi_tools" --dev "scmi:--config $scmi_conf $backend" \
			"$@"
	done
}
build_scmi_tools() {
	if sh "$repo/tools/testing/e2e/scmi/build.sh" "$build" > "$log" 2>&1; then
		scmi_tools=$(tail -1 "$log")
	else
		cat "$log"
		echo "scmi-tool: build failed"
	fi
}

case "$arch" in
uml)
	proof harness-proof scmi
	start --name harness-catches-failure --expect-fail \
		--script "$t/harness-catches-failure.sh"
	build_rtc_tools host
	rtc rtc-ptp rtc-ptp.sh --dev rtc
	rtc rtc-class rtc-class.sh --dev rtc
	rtc rtc-chrony rtc-chrony.sh --dev rtc
	rtc rtc-selftest rtc-selftest.sh --dev rtc --timeout 240
	rtc rtc-faults rtc-faults.sh --dev rtc
	rtc rtc-lifecycle rtc-lifecycle.sh --dev rtc
	rtc rtc-module rtc-module.sh --dev "rtc:--no-alarm"
	rtc rtc-clocks-mixed rtc-clocks.sh --param case=mixed \
		--dev "rtc:--clock utc-maybe-smeared --clock 0xf5 --clock utc-smeared:smearing=1 --clock utc-smeared:smearing=2:alarm --clock tai:offset=37000000000"
	rtc rtc-clocks-two rtc-clocks.sh --param case=two \
		--dev rtc --dev "rtc:--clock utc --clock utc-smeared:alarm"
	build_scmi_tools
	scmi scmi-hwmon scmi-hwmon.sh ""
	scmi scmi-iio scmi-iio.sh ""
	scmi scmi-clk scmi-clk.sh ""
	scmi scmi-raw scmi-raw.sh ""
	scmi scmi-faults-timeout scmi-faults.sh "" --param case=timeout
	scmi scmi-faults-status scmi-faults.sh \
		"--fault status=HARDWARE_ERROR,protocol=0x15,msg=6,count=2" --param case=status
	scmi scmi-faults-length scmi-faults.sh "" --param case=length
	scmi scmi-faults-garbage scmi-faults.sh "" --param case=garbage
	scmi scmi-faults-eventq scmi-faults.sh "" --param case=eventq
	scmi scmi-lifecycle scmi-lifecycle.sh ""
	;;
arm64)
	proof harness-proof-pci scmi@pci
	proof harness-proof-mmio scmi@mmio
	# Our transport over both QEMU virtio transports.
	for tr in pci mmio; do
		start --name "scmi-smoke-$tr" --script "$t/scmi-smoke.sh" \
			--dev "scmi@$tr:--vendor vt$tr" --param scmi_vendor="vt$tr"
	done
	start --name harness-catches-failure --expect-fail \
		--script "$t/harness-catches-failure.sh"
	;;
*) echo "suite.sh: unknown arch $arch" >&2; exit 2 ;;
esac
finish
echo "e2e-$arch: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
