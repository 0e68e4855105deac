#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run-guest.sh: boot one test guest with vhost-user devices served by our
# backend, run one guest-side test script, collect its TAP output.
#
#   run-guest.sh --arch uml|arm64|x86_64 --name NAME --script PATH [options]
#     --dev MODEL[@pci[.SLOT]|@mmio|@dt][:BACKEND ARGS]   a device
#                       (repeatable); the transport applies to arm64 only
#                       (default pci; .SLOT: at that PCI slot of the host
#                       bridge, hex), but @dt to UML only: the device is not
#                       on the command line, a virtio,uml node of --dts
#                       names its socket as @SOCKn@ (n: the device's index)
#     --param KEY=VALUE  passed to the guest as vt.KEY=VALUE (VT_KEY there)
#     --timeout SECONDS  for the whole guest run (default 240; arm64: 450,
#                        its debug kernel runs ~8 times slower under TCG);
#                        several times what a run takes on a quiet host
#     --qdev DEVICE      (arm64) a QEMU device without a backend of ours,
#                        e.g. virtio-rtc-pci, QEMU's own virtio-rtc device
#     --qemu FILE        (arm64) the QEMU binary (default qemu-system-aarch64;
#                        build/qemu-sid runs Debian unstable's, see mksid.sh)
#     --builtin          (arm64) the kernel with our drivers built in
#                        (build/arm64-builtin) instead of as modules
#     --expect-timeout   the run passes only if the guest times out and the
#                        script's last check before the hang (a deliberate
#                        failure) is still counted
#     --expect-report RE the run passes only if the harness finds a kernel
#                        report (warning, lockdep, KASAN, ...) matching the
#                        extended regex RE: proves the detectors work
#     --kernel FILE --dtb FILE --root DIR   override the defaults
#     --debian IMAGE     instead of our kernel (build/x86_64 or arm64, the
#                        host's root over 9p), boot a Debian root disk image (mkdebimage.sh:
#                        Debian's own kernel and initrd, DKMS-built modules;
#                        IMAGE.kernel and IMAGE.initrd name them), read-only
#                        (QEMU snapshot), guest-init as /sbin/vt-init in it;
#                        the kernel has no 9p: no host share, no control
#                        directories; the repository's tests and tools are
#                        copied into the image at their host paths
#     --dts FILE         device-tree source added to the default DT (UML's
#                        dts/uml.dts, arm64's build/dt/arm64-virt.dts) for
#                        this run, @SOCKn@ replaced by device n's socket
#     --console          interactive: the console on this terminal (and in
#                        console.log), a shell after the script (make console)
#     --expect-fail      the run passes only if the script reports failures
#                        (used to prove the harness catches them)
#     --deadline-left S  the run's time limit is at most S seconds (suite.sh:
#                        what is left of make check's budget)
#     --allow-report RE  kernel report lines matching the extended regex RE
#                        do not fail the run (counted in a diagnostic); only
#                        for reports of code outside our drivers that a test
#                        provokes on purpose, e.g. 6.12's virtio_uml WARNs
#                        when a backend dies
#     --allow-lockdep ACQ:HELD  a lockdep circular-dependency report whose
#                        task is trying to acquire a lock matching the
#                        extended regex ACQ while holding one matching HELD
#                        does not fail the run (counted in a diagnostic);
#                        only for a known report of code outside our
#                        drivers (lockdep checks nothing after a report)
#     --reconnect-ms MS  (arm64) QEMU reconnects to a backend that went away,
#                        every MS ms (-chardev socket,...,reconnect-ms=MS)
#     --backend-control  the guest may have a backend killed and started
#                        again: it creates a file in the device's control
#                        directory (vt_host in lib/tap.sh): host.kill
#                        (SIGKILL the backend now), host.start (start it
#                        again with the same arguments, on the same
#                        socket); each is renamed to NAME.done once done.
#                        Without it no watcher polls for them.
#     --hotplug          (arm64) every virtio-pci device (ours and --qdev
#                        ones) sits behind a PCIe root port of its own and
#                        has a control directory (a --qdev one too, after
#                        the backends'), marked by a file host.hotplug
#                        holding its QEMU id; the guest asks the host to
#                        unplug it (host.unplug: QMP device_del, done once
#                        QEMU says the guest ejected it) or to plug it
#                        again (host.plug: QMP device_add, same
#                        arguments). A request that fails is renamed to
#                        NAME.failed, holding QEMU's error.
# VT_APPEND (environment): more arm64 kernel parameters, for debugging
#                        (e.g. no_console_suspend).
# VT_VARIANT (environment): the kernel build to boot, build/VARIANT and its
#                        modules build/VARIANT-mods (default uml or arm64;
#                        the benchmarks use uml-bench and arm64-bench)
#
# Every process this starts is ended by pid before it returns. Sockets live
# in a fresh directory under /tmp, so runs can overlap. Results go to
# build/runs/ARCH-NAME/. The last line is "NAME: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VT_BUILD:-$repo/build}
arch=uml name= script= timeout= deadline_left= kernel= dtb= rootdir= debian= expect_fail=0 expect_report= expect_timeout=0
qemu= kvariant= console=0 reconnect= allow_report= allow_lockdep= backend_control=0 hotplug=0 dts=
devs=() params=() qdevs=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=$2; shift ;;
	--name) name=$2; shift ;;
	--script) script=$2; shift ;;
	--dev) devs+=("$2"); shift ;;
	--param) params+=("vt.$2"); shift ;;
	--timeout) timeout=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--dtb) dtb=$2; shift ;;
	--dts) dts=$2; shift ;;
	--root) rootdir=$2; shift ;;
	--debian) debian=$2; shift ;;
	--qdev) qdevs+=("$2"); shift ;;
	--qemu) qemu=$2; shift ;;
	--builtin) kvariant=arm64-builtin ;;
	--expect-fail) expect_fail=1 ;;
	--expect-report) expect_report=$2; shift ;;
	--expect-timeout) expect_timeout=1 ;;
	--deadline-left) deadline_left=$2; shift ;;
	--console) console=1 ;;
	--reconnect-ms) reconnect=",reconnect-ms=$2"; shift ;;
	--allow-report) allow_report=$2; shift ;;
	--allow-lockdep) allow_lockdep=$2; shift ;;
	--backend-control) backend_control=1 ;;
	--hotplug) hotplug=1 ;;
	*) echo "run-guest: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$name" ] && [ -n "$script" ] || { echo "run-guest: --name and --script are required" >&2; exit 2; }
[ -n "$timeout" ] || { [ "$arch" = uml ] && timeout=240 || timeout=450; }
[ -n "$deadline_left" ] && [ "$deadline_left" -lt "$timeout" ] && timeout=$deadline_left
kvariant=${kvariant:-${VT_VARIANT:-$arch}}
# x86_64: Debian unstable's QEMU (virtio-rtc devices; mksid.sh).
[ "$arch" = x86_64 ] && qemu=${qemu:-$build/qemu-sid-x86_64}
qemu=${qemu:-qemu-system-aarch64}
vdev=$build/vdev/vdev
out=$build/runs/$arch-$name
rm -rf "$out"
mkdir -p "$out"
sockdir=$(mktemp -d /tmp/vt-run.XXXXXX)
pids=()

cleanup() {
	local p f
	# Backends the guest had started again (host.start) run under the
	# request watcher, which is among pids: their pids are in files.
	for f in "$sockdir"/backend*.pid; do
		[ -e "$f" ] && pids+=("$(cat "$f")")
	done
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		for _ in $(seq 20); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	pids=()
	rm -rf "$sockdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# share ID PATH TAG [readonly=on]: QEMU arguments for a 9p share behind its
# own PCIe root port. The 9p driver cannot suspend: as a PCIe device it can
# say it keeps its state over D3hot (no soft reset), so virtio-pci leaves
# it alone across a guest's suspend-to-idle.
share() {
	local id=$1 path=$2 tag=$3 ro=${4:+,readonly=on}
	echo "-device pcie-root-port,id=rp$id,chassis=$id,slot=$id"
	echo "-fsdev local,id=fs$id,path=$path,security_model=none$ro"
	echo "-device virtio-9p-pci,fsdev=fs$id,mount_tag=$tag,bus=rp$id,disable-legacy=on,x-pcie-pm-no-soft-reset=on"
}

model_id() {
	case "$1" in
	scmi) echo 32 ;;
	rtc) echo 17 ;;
	*) echo "run-guest: unknown device model $1" >&2; return 1 ;;
	esac
}

# start_backend I: backend I in the background, its pid in
# $sockdir/backendI.pid.
bcmd=()
start_backend() {
	# shellcheck disable=SC2086
	${bcmd[$1]} >> "$out/backend$1.log" 2>&1 &
	echo $! > "$sockdir/backend$1.pid"
}

# hotplug REQ I: QMP device_del (REQ unplug) or device_add (plug) of the
# device of control directory I; the request renamed to .done or .failed.
hotplug() {
	local ctl=$sockdir/ctl$2 qid
	qid=$(cat "$ctl/host.hotplug")
	if [ "$1" = unplug ]; then
		python3 "$qmp" "$sockdir/qmp.sock" del "$qid" 60 2> "$ctl/host.$1"
	else
		python3 "$qmp" "$sockdir/qmp.sock" add "$(cat "$sockdir/$qid.json")" 2> "$ctl/host.$1"
	fi
	# shellcheck disable=SC2181
	if [ $? = 0 ]; then
		echo "run-guest: $qid: $1 done at the guest's request" >> "$out/hotplug.log"
		mv "$ctl/host.$1" "$ctl/host.$1.done"
	else
		echo "run-guest: $qid: $1 failed: $(cat "$ctl/host.$1")" >> "$out/hotplug.log"
		mv "$ctl/host.$1" "$ctl/host.$1.failed"
	fi
}

# The guest's requests to kill (SIGKILL, mid-traffic) or start again a
# backend (--backend-control), to unplug or plug a device (--hotplug).
host_requests() {
	local i ctl
	while :; do
		for ((i = 0; i < n_ctl; i++)); do
			ctl=$sockdir/ctl$i
			if [ $hotplug = 1 ]; then
				[ -e "$ctl/host.unplug" ] && hotplug unplug "$i"
				[ -e "$ctl/host.plug" ] && hotplug plug "$i"
			fi
			[ -n "${bcmd[i]:-}" ] || continue
			if [ -e "$ctl/host.kill" ]; then
				kill -KILL "$(cat "$sockdir/backend$i.pid")" 2>/dev/null
				echo "run-guest: backend $i killed (SIGKILL) at the guest's request" >> "$out/backend$i.log"
				mv "$ctl/host.kill" "$ctl/host.kill.done"
			fi
			if [ -e "$ctl/host.start" ]; then
				echo "run-guest: backend $i started again at the guest's request" >> "$out/backend$i.log"
				start_backend "$i"
				for _ in $(seq 100); do
					[ -S "$sockdir/dev$i.sock" ] && break
					sleep 0.05
				done
				mv "$ctl/host.start" "$ctl/host.start.done"
			fi
		done
		sleep 0.1
	done
}

# hotplug_dev ID DRIVER[,PROP=VALUE...]: (--hotplug) the device, with
# QEMU id ID, behind a PCIe root port of its own (guest_devs); its
# device_add arguments in $sockdir/ID.json.
qmp=$repo/tools/testing/e2e/lib/qmp.py
hp_port=20
hotplug_dev() {
	local qid=$1 drv=${2%%,*} bus=hp$hp_port props=()
	[ "$drv" != "$2" ] && IFS=, read -ra props <<< "${2#*,}"
	guest_devs+=(-device "pcie-root-port,id=$bus,chassis=$hp_port,slot=$hp_port"
		     -device "$2,id=$qid,bus=$bus")
	python3 -c 'import json, sys
a = {"driver": sys.argv[1], "id": sys.argv[2], "bus": sys.argv[3]}
a.update(kv.split("=", 1) for kv in sys.argv[4:])
print(json.dumps(a))' "$drv" "$qid" "$bus" "${props[@]}" > "$sockdir/$qid.json"
	hp_port=$((hp_port + 1))
}

# Start the backends; they must listen before the guest starts.
guest_devs=()
i=0
for spec in "${devs[@]}"; do
	head=${spec%%:*}
	args=
	[ "$head" != "$spec" ] && args=${spec#*:}
	model=${head%%@*}
	tr=pci
	[ "$model" != "$head" ] && tr=${head#*@}
	id=$(model_id "$model") || exit 2
	sock=$sockdir/dev$i.sock
	# The device's control directory, shared with the guest as
	# /run/vt-ctl/$i (hostfs on UML, 9p on QEMU).
	ctl=$sockdir/ctl$i
	mkdir -p "$ctl"
	bcmd[i]="$vdev --socket $sock --device $model --control-dir $ctl $args"
	: > "$out/backend$i.log"
	start_backend "$i"
	pids+=($!)
	# (No "Killed" job notice when the guest has it SIGKILLed.)
	disown $!
	for _ in $(seq 100); do
		[ -S "$sock" ] && break
		kill -0 "${pids[-1]}" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -S "$sock" ]; then
		echo "run-guest: backend $i ($model) did not start; see $out/backend$i.log" >&2
		cat "$out/backend$i.log" >&2
		echo "$name: 0 passed, 1 failed, 0 skipped"
		exit 1
	fi
	case "$arch" in
	uml)
		[ "$tr" = dt ] || guest_devs+=("virtio_uml.device=$sock:$id")
		params+=("vt.ctl$i=$ctl")
		;;
	arm64 | x86_64)
		case "$tr" in
		pci) qdev=vhost-user-$model-pci ;;
		pci.*) qdev=vhost-user-$model-pci,addr=${tr#pci.} ;;
		mmio) qdev=vhost-user-$model ;;
		*) echo "run-guest: unknown transport $tr" >&2; exit 2 ;;
		esac
		guest_devs+=(-chardev "socket,id=vu$i,path=$sock$reconnect")
		if [ $hotplug = 1 ] && [ "${tr%%.*}" = pci ]; then
			hotplug_dev "dev$i" "$qdev,chardev=vu$i"
			echo "dev$i" > "$ctl/host.hotplug"
		else
			guest_devs+=(-device "$qdev,chardev=vu$i,id=dev$i")
		fi
		if [ -z "$debian" ]; then
			guest_devs+=($(share $((i + 10)) "$ctl" "vtctl$i"))
			params+=("vt.ctl$i=9p")
		fi
		;;
	esac
	i=$((i + 1))
done
# QEMU's own devices (--qdev): with --hotplug each gets a control
# directory after the backends' ones, for the guest's requests.
j=0
for spec in "${qdevs[@]}"; do
	if [ $hotplug = 1 ] && [ "$arch" = arm64 ]; then
		ctl=$sockdir/ctl$i
		mkdir -p "$ctl"
		hotplug_dev "qdev$j" "$spec"
		# shellcheck disable=SC2207
		guest_devs+=($(share $((i + 10)) "$ctl" "vtctl$i"))
		echo "qdev$j" > "$ctl/host.hotplug"
		params+=("vt.ctl$i=9p")
		i=$((i + 1))
	else
		guest_devs+=(-device "$spec")
	fi
	j=$((j + 1))
done
n_ctl=$i
[ $hotplug = 1 ] && [ "$arch" = arm64 ] && guest_devs+=(-qmp "unix:$sockdir/qmp.sock,server=on,wait=off")

if [ $backend_control = 1 ] || [ $hotplug = 1 ]; then
	host_requests &
	pids+=($!)
fi

# The guest's console: to console.log; with --console also on this
# terminal, which is the guest's input (exec: a pipe's left side reads
# the terminal), the run's time limit an hour.
if [ $console = 1 ]; then
	params+=("vt.console=1")
	timeout=3600
	guest_console() { tee "$out/console.log"; }
else
	exec < /dev/null
	guest_console() { cat > "$out/console.log"; }
fi
# --dts: the default DT plus this run's nodes.
if [ -n "$dts" ]; then
	socks=()
	for ((k = 0; k < ${#devs[@]}; k++)); do
		socks+=("$sockdir/dev$k.sock")
	done
	if ! bash "$repo/tools/testing/scripts/mkguestdtb.sh" "$repo" "$build" "$arch" \
		"$dts" "$out/guest" "${socks[@]}" 2> "$out/dtc.log"; then
		cat "$out/dtc.log" >&2
		echo "$name: 0 passed, 1 failed, 0 skipped (--dts: the DT does not build)"
		exit 1
	fi
	dtb=$out/guest.dtb
fi
start=$(date +%s.%N)
case "$arch" in
uml)
	kernel=${kernel:-$build/$kvariant/linux}
	dtb=${dtb:-$build/dt/uml.dtb}
	# Read-only hostfs root; the guest mounts tmpfs wherever it writes.
	# setsid: UML's helper processes share the group, ended together.
	timeout -k 5 "$timeout" setsid "$kernel" mem=384M dtb="$dtb" \
		root=/dev/root rootfstype=hostfs rootflags=/ ro \
		init="$repo/tools/testing/e2e/guest-init" uml_dir="$sockdir" \
		con0=fd:0,fd:1 con=null \
		vt.root="$repo" vt.script="${script#"$repo"/}" \
		vt.modules="$build/$kvariant-mods" "${params[@]}" \
		"${guest_devs[@]}" 2>&1 | guest_console
	rc=${PIPESTATUS[0]}
	;;
arm64)
	dtb=${dtb:-$build/dt/arm64-virt.dtb}
	# shellcheck source=lib/qemu-machine.sh
	. "$repo/tools/testing/e2e/lib/qemu-machine.sh"
	if [ -n "$debian" ]; then
		# Debian's kernel and initrd, the image's root on virtio-blk
		# (PCI), read-only (snapshot); our DT (its SCMI node) as
		# with our kernels.
		timeout -k 5 "$timeout" "$qemu" "${QEMU_MACHINE_ARGS[@]}" \
			-global virtio-mmio.force-legacy=false \
			-kernel "$(cat "$debian.kernel")" -initrd "$(cat "$debian.initrd")" -dtb "$dtb" \
			-drive "file=$debian,if=none,id=vtroot,format=raw,snapshot=on" \
			-device virtio-blk-pci,drive=vtroot \
			-append "console=ttyAMA0 panic=-1 ${VT_APPEND:-} root=/dev/vda ro init=/sbin/vt-init vt.root=$repo vt.script=${script#"$repo"/} ${params[*]}" \
			"${guest_devs[@]}" 2>&1 | guest_console
		rc=${PIPESTATUS[0]}
	else
		kernel=${kernel:-$build/$kvariant/arch/arm64/boot/Image}
		rootdir=${rootdir:-$build/arm64-root}
		if ! cmp -s "$repo/tools/testing/e2e/guest-init" "$rootdir/sbin/vt-init"; then
			echo "run-guest: $rootdir/sbin/vt-init is not the current guest-init: make arm64-root" >&2
			exit 2
		fi
		# Root: Debian arm64 packages (mkarm64root.sh) over 9p,
		# read-only; the host's root as a second read-only share,
		# mounted by guest-init at /run/host like UML's hostfs (see
		# share() for suspend).
		timeout -k 5 "$timeout" "$qemu" "${QEMU_MACHINE_ARGS[@]}" \
			-global virtio-mmio.force-legacy=false \
			-kernel "$kernel" -dtb "$dtb" \
			$(share 1 "$rootdir" vtroot ro) $(share 2 / vthost ro) \
			-append "console=ttyAMA0 panic=-1 ${VT_APPEND:-} root=vtroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=512000 ro init=/sbin/vt-init vt.host=9p vt.root=$repo vt.script=${script#"$repo"/} vt.modules=$build/$kvariant-mods ${params[*]}" \
			"${guest_devs[@]}" 2>&1 | guest_console
		rc=${PIPESTATUS[0]}
	fi
	;;
x86_64)
	# shellcheck source=lib/qemu-machine.sh
	. "$repo/tools/testing/e2e/lib/qemu-machine.sh"
	if [ -z "$debian" ]; then
		# Our kernel (build/x86_64): the host's root over 9p,
		# read-only, as root and again at /run/host (guest-init hides
		# /tmp, where the repository may be, under tmpfs).
		kernel=${kernel:-$build/$kvariant/arch/x86/boot/bzImage}
		# shellcheck disable=SC2046
		timeout -k 5 "$timeout" "$qemu" "${QEMU_X86_64_ARGS[@]}" \
			-kernel "$kernel" $(share 1 / vtroot ro) $(share 2 / vthost ro) \
			-append "console=ttyS0 panic=-1 ${VT_APPEND:-} root=vtroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=512000 ro init=$repo/tools/testing/e2e/guest-init vt.host=9p vt.root=$repo vt.script=${script#"$repo"/} vt.modules=$build/$kvariant-mods ${params[*]}" \
			"${guest_devs[@]}" 2>&1 | guest_console
	else
		timeout -k 5 "$timeout" "$qemu" "${QEMU_X86_64_ARGS[@]}" \
			-kernel "$(cat "$debian.kernel")" -initrd "$(cat "$debian.initrd")" \
			-drive "file=$debian,if=virtio,format=raw,snapshot=on" \
			-append "console=ttyS0 panic=-1 ${VT_APPEND:-} root=/dev/vda ro init=/sbin/vt-init vt.root=$repo vt.script=${script#"$repo"/} ${params[*]}" \
			"${guest_devs[@]}" 2>&1 | guest_console
	fi
	rc=${PIPESTATUS[0]}
	;;
*) echo "run-guest: unknown arch $arch" >&2; exit 2 ;;
esac
end=$(date +%s.%N)
cleanup

# between MARK: the lines strictly between VT-BEGIN-MARK and VT-END-MARK;
# a block whose end never came (the guest died or timed out) runs to the
# end of the console log, every line of it kept.
between() {
	tr -d '\r' < "$out/console.log" |
		awk -v b="VT-BEGIN-$1" -v e="VT-END-$1" '$0 == e { f = 0 } f; $0 == b { f = 1 }'
}
between TAP > "$out/tap.txt"
between DMESG > "$out/dmesg.txt"
between KMEMLEAK > "$out/kmemleak.txt"

# Harness checks on top of the script's own tests.
{
	grep -v '^VT-SCRIPT-EXIT' "$out/tap.txt"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "not ok - $name: guest finished within ${timeout}s"
	elif ! grep -q '^VT-SCRIPT-EXIT' "$out/tap.txt"; then
		echo "not ok - $name: guest ran the script to its end (rc $rc)"
	fi
	plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out/tap.txt" | head -1)
	ran=$(grep -cE '^(not )?ok ' "$out/tap.txt")
	if [ "${plan:-x}" != "$ran" ]; then
		echo "not ok - $name: the script's plan (${plan:-none}) matches the $ran tests it ran"
	fi
	if [ -s "$out/kmemleak.txt" ]; then
		echo "not ok - $name: kmemleak reports no leaks"
		grep -E '^unreferenced|^    \[<' "$out/kmemleak.txt" | head -12 | sed 's/^/#   /'
	fi
	# Lockdep and atomic-sleep reports say WARNING:/BUG:, KFENCE's BUG:,
	# debug objects ODEBUG (after a WARNING:), list corruption WARNING:.
	reports='WARNING:|BUG:|Oops|Kernel panic|kmemleak: [0-9]+ new suspected|UBSAN|KASAN|KFENCE|ODEBUG|possible recursive locking|circular locking|inconsistent lock state'
	# --allow-lockdep: the known report's own lines left out.
	lockdep_filter() {
		awk -v acq="${allow_lockdep%%:*}" -v held="${allow_lockdep#*:}" '
		function flush() { for (i = 1; i <= n; i++) print buf[i]; n = 0 }
		/WARNING: possible circular locking dependency detected/ { flush(); inrep = 1 }
		inrep {
			buf[++n] = $0
			if (prev ~ /is trying to acquire lock:/ && $0 ~ acq) a = 1
			if (prev ~ /but task is already holding lock:/ && $0 ~ held) h = 1
			prev = $0
			if ($0 ~ /stack backtrace:/ || n > 200) {
				if (a && h) { n = 0; allowed++ } else flush()
				inrep = 0; a = 0; h = 0
			}
			next
		}
		{ print }
		END { flush(); if (allowed) print "VT-ALLOWED-LOCKDEP " allowed > "/dev/stderr" }' "$1"
	}
	if [ -n "$allow_lockdep" ]; then
		found=$(for f in "$out/dmesg.txt" "$out/console.log"; do
			lockdep_filter "$f" 2> "$out/lockdep-allowed"
		done | grep -hE "$reports")
		n_allowed=$(sed -n 's/^VT-ALLOWED-LOCKDEP //p' "$out/lockdep-allowed")
		[ -n "$n_allowed" ] && echo "# a lockdep report allowed (--allow-lockdep '$allow_lockdep'): lockdep checked nothing after it"
	else
		found=$(grep -hE "$reports" "$out/dmesg.txt" "$out/console.log")
	fi
	if [ -n "$allow_report" ] && [ -n "$found" ]; then
		allowed=$(echo "$found" | grep -cE "$allow_report")
		[ "$allowed" -gt 0 ] && echo "# $allowed report line(s) allowed (--allow-report '$allow_report')"
		found=$(echo "$found" | grep -vE "$allow_report")
	fi
	if [ -n "$found" ]; then
		echo "not ok - $name: kernel log free of warnings, oopses and leaks"
		echo "$found" | head -5 | sed 's/^/#   /'
	fi
} > "$out/result.tap"

script_exit=$(sed -n 's/^VT-SCRIPT-EXIT //p' "$out/tap.txt")
# --expect-report: the report must be there, in the log the harness checks.
report_found=0
if [ -n "$expect_report" ] &&
	grep -qE "$expect_report" "$out/dmesg.txt" "$out/console.log" "$out/kmemleak.txt"; then
	report_found=1
fi
awk -v name="$name" -v secs="$(echo "$end - $start" | bc)" -v expect_fail=$expect_fail \
	-v expect_report="$expect_report" -v report_found=$report_found \
	-v expect_timeout=$expect_timeout -v timed_out=$([ "$rc" = 124 ] || [ "$rc" = 137 ] && echo 1 || echo 0) \
	-v script_exit="${script_exit:-none}" '
/^ok / {
	n++
	if ($0 ~ /# SKIP/) { skipped++; sk = sk "\n  skipped: " $0 } else passed++
	next
}
/^not ok [0-9]/ { script_failed++ }
/^not ok -/ { harness_failed++ }
/^not ok / { n++; failed++; fl = fl "\n  failed: " $0; next }
END {
	if (expect_fail) {
		# A deliberately failing script: it must have run to its end, with
		# a non-zero exit, and its own failing checks reported as failures.
		if (script_failed > 0 && !harness_failed && script_exit != "none" && script_exit != 0) {
			print "  ok: the harness reported " script_failed " deliberate failure(s) as failures"
			passed = 1; failed = 0
		}
		else { print "  the harness missed a deliberate failure"; passed = 0; failed = 1 }
		skipped = 0
	}
	if (expect_timeout) {
		if (timed_out && script_failed > 0) {
			print "  ok: the guest timed out and its last check, a deliberate failure, was counted"
			passed = 1; failed = 0
		}
		else { print "  the harness lost the last check of a guest that timed out (timed out " timed_out ", script failures " script_failed+0 ")"; passed = 0; failed = 1 }
		skipped = 0; sk = ""; fl = ""
	}
	if (expect_report != "") {
		# A deliberately broken kernel: the script passes its own checks, the
		# harness must fail the run on the report of the kernel.
		if (!script_failed && harness_failed > 0 && report_found) {
			print "  ok: the harness failed the run on the report /" expect_report "/"
			passed = 1; failed = 0
		}
		else { print "  the harness missed the report /" expect_report "/ (script failures " script_failed+0 ", harness failures " harness_failed+0 ", report in log " report_found ")"; passed = 0; failed = 1 }
		skipped = 0; sk = ""; fl = ""
	}
	if (sk fl != "")
		printf "%s\n", substr(sk fl, 2) > "/dev/stderr"
	printf "%s: %d passed, %d failed, %d skipped (%.1f s)\n", name, passed, failed, skipped, secs
	exit failed > 0 ? 1 : 0
}' "$out/result.tap" 2>&1
