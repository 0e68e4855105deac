#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# suite.sh uml|arm64|x86_64: every end-to-end run for one architecture.
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
# spend most of their time waiting. Each run's result is printed, in start
# order, as soon as it and every run before it have ended, with the time
# since the suite began: a log cut short still shows where time went.
# VT_DEADLINE (epoch seconds, set by check.sh from make check's budget):
# no run starts after it; a run that would is a failure, by name, and a
# run's own time limit never reaches past it.
jobs_max=${VT_E2E_JOBS:-2}
deadline=${VT_DEADLINE:-0}
# VT_E2E_ONLY (an extended regex): only the runs whose names match it, for
# repeating some while debugging; make check leaves it unset.
only=${VT_E2E_ONLY:-}
t_suite=$(date +%s)
seq_n=0 shown=0
declare -A job_pid
flush() {
	local f
	while [ $shown -lt $seq_n ]; do
		kill -0 "${job_pid[$((shown + 1))]}" 2>/dev/null && break
		wait "${job_pid[$((shown + 1))]}" 2>/dev/null
		shown=$((shown + 1))
		f=$logdir/$(printf %03d $shown).log
		[ -e "$f" ] && tally "$f"
		echo "  [+$(( $(date +%s) - t_suite )) s]"
	done
}
# start [--alone] ARGS...: a run; --alone: nothing else runs beside it
# (it waits for the runs before it, and the next starts after it ended).
start() {
	local name= a prev= left alone=0 max=$jobs_max
	local args=()
	for a in "$@"; do
		[ "${prev:-}" = --name ] && name=$a
		prev=$a
		if [ "$a" = --alone ]; then
			alone=1 max=1
		else
			args+=("$a")
		fi
	done
	set -- "${args[@]}"
	[ -n "$only" ] && ! [[ $name =~ $only ]] && return
	while [ "$(jobs -rp | wc -l)" -ge "$max" ]; do
		wait -n
		flush
	done
	flush
	if [ "$deadline" -gt 0 ]; then
		left=$((deadline - $(date +%s)))
		if [ $left -lt 60 ]; then
			echo "$name: 0 passed, 1 failed, 0 skipped (not started: make check's time budget ran out)"
			fail=$((fail + 1))
			return
		fi
		set -- "$@" --deadline-left "$left"
	fi
	seq_n=$((seq_n + 1))
	$run "$@" > "$logdir/$(printf %03d $seq_n).log" 2>&1 &
	job_pid[$seq_n]=$!
	if [ $alone = 1 ]; then
		wait "${job_pid[$seq_n]}"
		flush
	fi
}
finish() {
	while [ $shown -lt $seq_n ]; do
		wait -n 2>/dev/null
		flush
	done
	wait
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

# Detector proofs: a guest that hangs after a failing check keeps that
# check; a kernel with a deliberately broken module (bugs/vt_bugs.c) is
# failed by the harness for each kind of report its debug options make.
detector_proofs() {
	local variant=$1 kind re bugs
	shift
	# (The timeout proof is the harness's own: once, on UML, in make check.)
	if [ "$variant" = uml ] || [ "$full" = 1 ]; then
		start --name harness-timeout --expect-timeout --timeout 15 \
			--script "$t/harness-timeout.sh"
	fi
	if ! bugs=$(sh "$here/bugs/build.sh" "$build" "$variant" 2> "$log"); then
		cat "$log"
		echo "harness-report: 0 passed, 1 failed, 0 skipped (vt_bugs.ko did not build)"
		fail=$((fail + 1))
		return
	fi
	for kind in "$@"; do
		case "$kind" in
		lockdep) re='circular locking dependency' ;;
		sleep) re='sleeping function called from invalid context' ;;
		kasan) re='KASAN: slab-out-of-bounds' ;;
		ubsan) re='UBSAN: shift-out-of-bounds' ;;
		kfence) re='KFENCE: use-after-free' ;;
		list) re='list_add double add' ;;
		objects) re='ODEBUG: free active' ;;
		leak) re='unreferenced object' ;;
		warn) re='vt_bugs: deliberate warning' ;;
		esac
		start --name "harness-report-$kind" --expect-report "$re" \
			--script "$t/harness-report.sh" --param tools="$bugs" --param bug="$kind"
	done
}

# virtio-rtc runs: the guest runs testptp, rtctest and vtclock, built for
# the guest's user space by build-rtc-tools.sh (UML: host binaries).
rtc_tools=
rtc_skip=
rtc() {
	local name=$1 script=$2
	shift 2
	if [ -n "$rtc_skip" ]; then
		echo "$name: 0 passed, 0 failed, 1 skipped"
		echo "  skipped: $name # SKIP $rtc_skip"
		skip=$((skip + 1))
		return
	fi
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

# SCMI runs: every script once per transport in $scmi_transports (ours,
# virtio_scmi, and the in-tree scmi_transport_virtio), against the test
# platform tools/testing/e2e/scmi/test.conf on the device $scmi_dev (arm64:
# scmi@pci or scmi@mmio); scmi-tool built for the guest's user space.
scmi_tools=
scmi_conf=$repo/tools/testing/e2e/scmi/test.conf
scmi_transports="virtio_scmi scmi_transport_virtio"
scmi_dev=scmi
scmi() {
	local name=$1 script=$2 backend=$3 tr
	shift 3
	for tr in $scmi_transports; do
		if [ -z "$scmi_tools" ]; then
			echo "$name-$tr: 0 passed, 1 failed, 0 skipped (no scmi-tool)"
			fail=$((fail + 1))
			continue
		fi
		start --name "$name-$tr" --script "$t/$script" --param transport=$tr \
			--param tools="$scmi_tools" --dev "$scmi_dev:--config $scmi_conf $backend" \
			"$@"
	done
}
build_scmi_tools() {
	if sh "$repo/tools/testing/e2e/scmi/build.sh" "$build" "$1" > "$log" 2>&1; then
		scmi_tools=$(tail -1 "$log")
	else
		cat "$log"
		echo "scmi-tool: build failed"
	fi
}
# scmi_suite SUFFIX [flows]: the SCMI scripts (names get SUFFIX); "flows":
# the user flows, lifecycle and timeouts, without the other fault cases
# (those exercise the transport, not the virtio transport under it).
scmi_suite() {
	local x=$1
	scmi "scmi-hwmon$x" scmi-hwmon.sh ""
	scmi "scmi-iio$x" scmi-iio.sh ""
	scmi "scmi-clk$x" scmi-clk.sh ""
	scmi "scmi-raw$x" scmi-raw.sh ""
	scmi "scmi-faults-timeout$x" scmi-faults.sh "" --param case=timeout
	scmi "scmi-lifecycle$x" scmi-lifecycle.sh ""
	[ "${2:-}" = flows ] && return
	scmi "scmi-faults-status$x" scmi-faults.sh \
		"--fault status=HARDWARE_ERROR,protocol=0x15,msg=6,count=2" --param case=status
	scmi "scmi-faults-length$x" scmi-faults.sh "" --param case=length
	scmi "scmi-faults-garbage$x" scmi-faults.sh "" --param case=garbage
	scmi "scmi-faults-eventq$x" scmi-faults.sh "" --param case=eventq
}

# Two SCMI platforms (test.conf: vendor vt-e2e; second.conf: vt-second),
# each device with its own DT node (tests/scmi-dt.sh, dts/*.dtsi): every
# SCMI instance must reach its node's platform, whatever the order.
second_conf=$repo/tools/testing/e2e/scmi/second.conf
scmi_dt() {
	local name=$1 dts=$2
	shift 2
	start --name "$name" --script "$t/scmi-dt.sh" --dts "$repo/tools/testing/e2e/dts/$dts" "$@"
}
scmi_dt_uml() {
	local expect='virtio-scmi-a/scmi=vt-e2e;virtio-scmi-b/scmi=vt-second'
	scmi_dt scmi-dt-uml uml-two-scmi.dtsi --param expect="$expect" \
		--dev "scmi@dt:--config $scmi_conf" --dev "scmi@dt:--config $second_conf"
	# virtio-scmi-a, declared first, waits (deferred probe) for a clock of
	# virtio-scmi-b: b's virtio device comes first, against the DT's order.
	scmi_dt scmi-dt-uml-deferred uml-two-scmi-deferred.dtsi --param expect="$expect" \
		--param deferred=virtio-scmi-a \
		--dev "scmi@dt:--config $scmi_conf" --dev "scmi@dt:--config $second_conf"
	start --name scmi-dt-ambiguous --script "$t/scmi-dt.sh" --param case=ambiguous \
		--dev "scmi:--config $scmi_conf" --dev "scmi:--config $second_conf"
	scmi_dt scmi-dt-nonode no-legacy-scmi.dtsi --param case=nonode \
		--dev "scmi:--config $scmi_conf"
}
# arm64: one device on virtio-pci (slot 0x1f), one on virtio-mmio, in
# both orders on QEMU's command line; in the second, the virtio-mmio
# device waits (deferred probe) for a clock of the PCI one's platform.
scmi_dt_arm64() {
	local pci=pcie@10000000/virtio@1f,0/scmi mmio=virtio_mmio@a003e00/scmi
	scmi_dt scmi-dt-pci-mmio arm64-two-scmi.dtsi --param expect="$pci=vt-e2e;$mmio=vt-second" \
		--dev "scmi@pci.1f:--config $scmi_conf" --dev "scmi@mmio:--config $second_conf"
	scmi_dt scmi-dt-mmio-pci arm64-two-scmi-deferred.dtsi --param expect="$pci=vt-second;$mmio=vt-e2e" \
		--param deferred=virtio_mmio@a003e00 \
		--dev "scmi@mmio:--config $scmi_conf" --dev "scmi@pci.1f:--config $second_conf"
}

# rtc_suite SUFFIX: the virtio-rtc scripts against our device.
# cross_cap=asked: the kernel asks the device for cross-timestamps (arm64,
# x86_64); rtc-ptp then checks it did and took the device's no.
cross_cap=
rtc_suite() {
	local x=$1
	rtc "rtc-ptp$x" rtc-ptp.sh --dev rtc ${cross_cap:+--param cross_cap=$cross_cap}
	rtc "rtc-class$x" rtc-class.sh --dev rtc
	rtc "rtc-chrony$x" rtc-chrony.sh --dev rtc
	rtc "rtc-selftest$x" rtc-selftest.sh --dev rtc --timeout 240
	rtc "rtc-faults$x" rtc-faults.sh --dev rtc
	rtc "rtc-lifecycle$x" rtc-lifecycle.sh --dev rtc
	rtc "rtc-module$x" rtc-module.sh --dev "rtc:--no-alarm"
	rtc "rtc-clocks-mixed$x" rtc-clocks.sh --param case=mixed \
		--dev "rtc:--clock utc-maybe-smeared --clock 0xf5 --clock utc-smeared:smearing=1 --clock utc-smeared:smearing=2:alarm --clock tai:offset=37000000000"
	rtc "rtc-clocks-smeared$x" rtc-clocks.sh --param case=smeared \
		--dev "rtc:--clock utc-smeared:smearing=2 --clock utc-smeared --clock utc-smeared:smearing=1 --clock monotonic"
	rtc "rtc-clocks-two$x" rtc-clocks.sh --param case=two \
		--dev rtc --dev "rtc:--clock utc --clock utc-smeared:alarm"
}

# Stress (tests/stress.sh), bounded: 60 s of every user of both drivers at
# once under the lifecycle legs, then a clean phase. `make stress` runs
# the long campaign. No RTC sysfs readers where devices are unbound,
# reloaded or unplugged: the 6.12 RTC core deadlocks the RTC's removal
# against them (see tests/stress.sh).
# On UML with two SCMI platforms, each device with its own DT node
# (as scmi-dt-uml): after every leg each instance reaches its own.
stress_uml() {
	start --name stress-both --script "$t/stress.sh" --timeout 480 \
		--param secs=60 --param rtc_sysfs=0 --param tools="$rtc_tools" \
		--param scmi_tools="$scmi_tools" --dts "$repo/tools/testing/e2e/dts/uml-two-scmi.dtsi" \
		--param expect='virtio-scmi-a/scmi=vt-e2e;virtio-scmi-b/scmi=vt-second' \
		--dev "scmi@dt:--config $scmi_conf" --dev "scmi@dt:--config $second_conf" --dev rtc
}
# The reply fuzzer (tests/stress.sh fuzz=SEED,RATE): the stress users
# against both backends mutating 10 % of their replies and notifications
# (0.5 % ring-level faults), then a clean phase. make check uses one
# seed (the request queues' mutations then repeat; events depend on
# timing); VT_FUZZ_SEED=N runs another, printed in the run's checks.
fuzz_seed=${VT_FUZZ_SEED:-4242}
fuzz_run() {
	local name=$1 secs=$2
	shift 2
	rtc "$name" stress.sh --timeout $((secs * 3 + 300)) --param secs="$secs" \
		--param fuzz="$fuzz_seed,10" --param fuzz_ring=0.5 \
		--param scmi_tools="$scmi_tools" "$@"
}
# On arm64 the margin over the drivers' timeouts is 10 s: a debug guest
# under TCG on a busy 2-core host once took 33 s for an IIO buffer call
# bounded at 29 s with no request timing out.
# On arm64 a stress guest runs alone: its users keep both vCPUs busy, and
# under TCG each vCPU takes a host core. Beside another guest on a 2-core
# host the 60 s load took 353 s here and a CI run had a call over its
# bound.
stress_arm64() {
	case $1 in
	pci)
		# Two SCMI platforms, each device with its own DT node (one on
		# virtio-pci at slot 0x1f, one on virtio-mmio, as scmi-dt-pci-mmio).
		rtc stress-both-pci stress.sh --alone --timeout 900 --param secs=60 --param margin=10 \
			--param legs=reload,freeze --param rtc_sysfs=0 --param scmi_tools="$scmi_tools" \
			--dts "$repo/tools/testing/e2e/dts/arm64-two-scmi.dtsi" \
			--param expect="pcie@10000000/virtio@1f,0/scmi=vt-e2e;virtio_mmio@a003e00/scmi=vt-second" \
			--dev "scmi@pci.1f:--config $scmi_conf" --dev "scmi@mmio:--config $second_conf" \
			--dev "rtc@pci:--no-alarm"
		;;
	mmio)
		rtc stress-both-mmio stress.sh --alone --timeout 900 --param secs=60 --param margin=10 \
			--param legs=unbind,freeze --param rtc_sysfs=0 --param scmi_tools="$scmi_tools" \
			--dev rtc@mmio --dev "scmi@mmio:--config $scmi_conf"
		;;
	esac
}

# What 6.12's virtio_uml reports when its vhost-user backend dies: WARNs
# of its own (EOF on a call pipe, failed vhost-user messages).
uml_backend_death='WARNING: .* at arch/um/drivers/virtio_uml\.c:'

# VT_E2E_FULL=1 (make e2e-uml-full, e2e-arm64-full): also the runs make
# check leaves out to stay within its time budget, listed below.
full=${VT_E2E_FULL:-0}
case "$arch" in
uml)
	build_rtc_tools host
	build_scmi_tools host
	# The long runs first (stress, the two fuzzer runs: 2-4 minutes
	# each), so that the short ones fill the other slot beside them and
	# no long run is left alone at the end.
	stress_uml
	fuzz_run fuzz-both 60 --dev rtc --dev "scmi:--config $scmi_conf"
	# The most replies a second: only the in-process users, delays and
	# drops apart at 0.05 %, both devices offering indirect descriptors
	# and event index (as rust-vmm's devices do; the run above offers
	# neither).
	fuzz_run fuzz-hammer-ring-features 60 --param users=hammers \
		--param hammers=4 --param hammer_jobs=4 --param fuzz_slow=0.05 \
		--param fuzz_min=5000 \
		--dev "rtc:--ring-features +indirect,+event-idx" \
		--dev "scmi:--config $scmi_conf --ring-features +indirect,+event-idx"
	proof harness-proof scmi
	start --name harness-catches-failure --expect-fail \
		--script "$t/harness-catches-failure.sh"
	detector_proofs uml lockdep sleep kasan ubsan list objects leak warn
	rtc_suite ""
	# The in-tree transport under the same SCMI scripts: what it fails
	# shows the checks discriminate (the harness proof already runs it
	# in make check).
	[ "$full" = 1 ] || scmi_transports=virtio_scmi
	scmi_suite ""
	scmi_dt_uml
	# Both backends SIGKILLed under load, then started again: virtio_uml
	# drops the devices (and WARNs, see tests/backend-crash.sh).
	rtc backend-crash backend-crash.sh --backend-control --param scmi_tools="$scmi_tools" \
		--allow-report "$uml_backend_death" \
		--dev "rtc:--no-alarm" --dev "scmi:--config $scmi_conf"
	;;
arm64)
	# make check runs what only an SMP guest, the real virtio-pci and
	# virtio-mmio transports, QEMU's devices or built-in drivers can show;
	# the full run adds the scripts whose every check UML's suite or
	# another arm64 run already makes on the same driver code (SCMI hwmon,
	# iio, clk and raw over virtio-pci, the eventq faults over virtio-pci,
	# the SCMI lifecycle over virtio-mmio, iio built in, rtc module reload,
	# the harness proofs over virtio-mmio, of a failing script and of a
	# timeout, the mmio stress), the lifecycle scripts over virtio-pci
	# (in make check stress-both-pci reloads and freezes both drivers
	# under load, hotplug-pci removes their devices), rtc-class with the
	# driver built in (scmi-hwmon-builtin-pci boots that kernel) and
	# chrony on QEMU's own device (rtc-qemu-device reads it; UML's
	# rtc-chrony runs chrony on ours).
	# Runs that keep both vCPUs busy (stress, hot-unplug under load) run
	# alone, first.
	# virtio-rtc needs Debian unstable's QEMU (mksid.sh): our device over
	# vhost-user-rtc-pci, and QEMU's own virtio-rtc-pci. The rtc runs use
	# it; the SCMI runs use QEMU 10 (bookworm-backports).
	build_rtc_tools arm64
	build_scmi_tools arm64
	base_run=$run
	if [ -x "$build/qemu-sid" ]; then
		sid_run="$run --qemu $build/qemu-sid"
	else
		sid_run=$run
		rtc_skip="no build/qemu-sid: Debian unstable's QEMU could not be made (make sid)"
	fi
	# The stress and hot-unplug runs first, alone; then two guests at a time.
	run=$sid_run
	stress_arm64 pci
	# Hot-unplug and re-plug (QMP device_del / device_add, PCIe native
	# hot-plug) of vhost-user-rtc-pci, vhost-user-scmi-pci and QEMU's
	# virtio-rtc-pci, each in turn, under every stress user (the load
	# goes on until each was unplugged once: about 40 s a device). 6.12's
	# pciehp takes pci_rescan_remove_lock under its reset_lock when it
	# removes a device, the reverse of its boot-time probe: lockdep
	# reports it at the first unplug (see README). Alone, as the stress run:
	# beside another guest a CI run had a call over its bound.
	rtc hotplug-pci stress.sh --alone --hotplug --timeout 900 --param secs=30 --param margin=10 \
		--param rtc_sysfs=0 --allow-lockdep 'pci_rescan_remove_lock:ctrl->reset_lock' \
		--param legs=hotplug --param scmi_tools="$scmi_tools" \
		--dev rtc --dev "scmi:--config $scmi_conf" --qdev virtio-rtc-pci
	run=$base_run
	proof harness-proof-pci scmi@pci
	if [ "$full" = 1 ]; then
		proof harness-proof-mmio scmi@mmio
		start --name harness-catches-failure --expect-fail \
			--script "$t/harness-catches-failure.sh"
	fi
	# KFENCE exists on arm64 only; KASAN's arm64 shadow differs from UML's.
	# Proofs of the arm64 kernels' detectors: in the full run (make
	# e2e-arm64-full), not make check's (about 50 s of its 60 minutes; UML's
	# proofs of every kind stay in it).
	[ "$full" = 1 ] && detector_proofs arm64 kfence kasan lockdep
	# SCMI: QEMU 10's vhost-user-scmi-pci and vhost-user-scmi (mmio), our
	# transport; the in-tree one is compared on UML.
	scmi_transports=virtio_scmi
	scmi_dev=scmi@pci
	if [ "$full" = 1 ]; then
		scmi_suite -pci
	else
		scmi scmi-faults-timeout-pci scmi-faults.sh "" --param case=timeout
	fi
	scmi_dev=scmi@mmio
	if [ "$full" = 1 ]; then
		scmi_suite -mmio flows
	else
		scmi scmi-raw-mmio scmi-raw.sh ""
	fi
	scmi_dt_arm64
	# Our drivers built in (build/arm64-builtin), as a user's kernel has
	# them: the scripts that do not unload the driver.
	start --builtin --name scmi-hwmon-builtin-pci --script "$t/scmi-hwmon.sh" \
		--param tools="$scmi_tools" --dev "scmi@pci:--config $scmi_conf"
	[ "$full" = 1 ] && start --builtin --name scmi-iio-builtin-mmio --script "$t/scmi-iio.sh" \
		--param tools="$scmi_tools" --dev "scmi@mmio:--config $scmi_conf"
	[ "$full" = 1 ] && start --builtin --name scmi-raw-builtin-pci --script "$t/scmi-raw.sh" \
		--param tools="$scmi_tools" --dev "scmi@pci:--config $scmi_conf"
	run=$sid_run
	cross_cap=asked
	if [ "$full" = 1 ]; then
		rtc_suite -pci
		rtc rtc-ptp-mmio rtc-ptp.sh --dev rtc@mmio --param cross_cap=$cross_cap
		rtc rtc-ptp-builtin-pci rtc-ptp.sh --builtin --dev rtc --param cross_cap=$cross_cap
	else
		rtc rtc-ptp-pci rtc-ptp.sh --dev rtc --param cross_cap=$cross_cap
	fi
	rtc rtc-class-mmio rtc-class.sh --dev rtc@mmio
	rtc rtc-wake-mmio rtc-wake.sh --dev rtc@mmio --param case=wake
	rtc rtc-pmtest-pci rtc-wake.sh --dev rtc --param case=pm-test
	[ "$full" = 1 ] && rtc rtc-class-builtin-pci rtc-class.sh --builtin --dev rtc
	# Both backends SIGKILLed under load and started again: without
	# reconnect-ms QEMU leaves the devices dead (QEMU 11's
	# vhost-user-rtc-pci does not start with a reconnecting chardev).
	rtc backend-crash-pci backend-crash.sh --backend-control \
		--param reconnect=0 --param scmi_tools="$scmi_tools" \
		--dev "rtc:--no-alarm" --dev "scmi:--config $scmi_conf"
	rtc rtc-qemu-device rtc-qemu.sh --qdev virtio-rtc-pci
	[ "$full" = 1 ] && rtc rtc-chrony-qemu-device rtc-chrony.sh --qdev virtio-rtc-pci
	[ "$full" = 1 ] && stress_arm64 mmio
	;;
x86_64)
	# make e2e-x86_64 (not in make check): our x86_64 kernel
	# (build/x86_64) on q35 under TCG with two vCPUs, in Debian unstable's
	# QEMU (make sid): UML's virtio-rtc runs and pm_test over
	# vhost-user-rtc-pci, and QEMU's own virtio-rtc-pci. The driver asks for TSC
	# cross-timestamps (VIRTIO_RTC_X86); our device cannot know a TCG
	# guest's TSC and refuses them, which rtc-ptp checks (cross_cap=asked).
	# KUnit x86_64 covers the pairing itself.
	if [ ! -x "$build/qemu-sid-x86_64" ]; then
		echo "e2e-x86_64: 0 passed, 1 failed, 0 skipped (no build/qemu-sid-x86_64: make sid)"
		exit 1
	fi
	build_rtc_tools host
	cross_cap=asked
	rtc_suite ""
	rtc rtc-pmtest rtc-wake.sh --dev rtc --param case=pm-test
	rtc rtc-qemu-device rtc-qemu.sh --qdev virtio-rtc-pci
	rtc rtc-chrony-qemu-device rtc-chrony.sh --qdev virtio-rtc-pci
	;;
*) echo "suite.sh: unknown arch $arch" >&2; exit 2 ;;
esac
finish
echo "e2e-$arch: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
