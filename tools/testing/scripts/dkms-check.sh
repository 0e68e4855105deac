#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms-check.sh REPO BUILD SUITE ARCH: install the DKMS package
# (build/deb, make deb) into BUILD/debroot-SUITE-ARCH (mkdebroot.sh) with
# apt, as a user does, and check what DKMS made of it for Debian's kernel:
#   - apt install ./...deb builds and installs virtio_rtc for the kernel
#     whose headers are installed (its vermagic), and says why virtio_scmi
#     is or is not built (amd64: no SCMI core);
#   - the udev rule and the chrony example are where Debian looks;
#   - a kernel upgrade rebuilds: the kernel's postinst.d hook, run as a
#     kernel package runs it, builds the modules again;
#   - no shadowing: for a 6.16 kernel (virtio_rtc in tree) DKMS builds
#     nothing, and for a 6.12 kernel configured with its own virtio_rtc
#     ours is left out;
#   - apt remove takes the modules away.
# Prints "dkms: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) suite=$3 arch=$4
root=$build/debroot-$suite-$arch
out=$build/dkms-check/$suite-$arch
pass=0 fail=0 skip=0
rm -rf "$out"
mkdir -p "$out"

result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		echo "ok - $2"
	else
		fail=$((fail + 1))
		echo "not ok - $2"
		[ -n "${3:-}" ] && [ -s "$3" ] && tail -15 "$3" | sed 's/^/#   /'
	fi
}
finish() {
	umount "$root/proc" 2>/dev/null
	echo "dkms: $pass passed, $fail failed, $skip skipped"
	[ $fail = 0 ]
	exit
}
in_root() {
	chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

deb=$(ls -t "$build"/deb/virtio-scmi-rtc-dkms_*_all.deb 2>/dev/null | head -1)
if [ ! -d "$root" ] || [ -z "$deb" ]; then
	result 1 "the Debian root ($root) and the package (make deb)"
	finish
fi
version=$(dpkg-deb -f "$deb" Version)
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null' EXIT
kver=$(ls "$root/lib/modules" | sort -V | tail -1)
echo "# Debian $suite $arch, kernel $kver, package $version"

# A fresh start: the package from an earlier run removed.
in_root dpkg --purge virtio-scmi-rtc-dkms > /dev/null 2>&1
cp "$deb" "$root/tmp/"
in_root apt-get install -y "/tmp/${deb##*/}" > "$out/install.log" 2>&1
result $? "apt install ./${deb##*/}" "$out/install.log"

# DKMS's build log: per kernel since DKMS 3.1 (trixie), else the one of
# the last build (bookworm's 3.0).
# (The root's machine, not the host's: arm64 roots run under qemu-user.)
case $arch in
arm64) march=aarch64 ;;
*) march=x86_64 ;;
esac
log=/var/lib/dkms/virtio-scmi-rtc/$version/$kver/$march/log/make.log
[ -e "$root$log" ] || log=/var/lib/dkms/virtio-scmi-rtc/$version/build/make.log
ko() {
	find "$root/lib/modules/$kver/updates/dkms" -name "$1.ko*" 2>/dev/null | head -1
}
m=$(ko virtio_rtc)
[ -n "$m" ]
result $? "DKMS installed virtio_rtc for $kver (${m#"$root"})" "$out/install.log"
if [ -n "$m" ]; then
	vm=$(in_root modinfo -F vermagic "${m#"$root"}")
	case "$vm" in
	"$kver "*) result 0 "virtio_rtc's vermagic is the kernel's ($vm)" ;;
	*) result 1 "virtio_rtc's vermagic is the kernel's ($vm)" ;;
	esac
	dep=$(in_root modprobe -S "$kver" --show-depends virtio_rtc 2>&1)
	case "$dep" in
	*/updates/dkms/virtio_rtc.ko*) r=0 ;;
	*) r=1 ;;
	esac
	result $r "depmod indexed it: modprobe virtio_rtc loads ours ($dep)"
fi
if grep -q '^CONFIG_ARM_SCMI_PROTOCOL=[ym]' "$root/usr/src/linux-headers-$kver/.config"; then
	# virtio_scmi needs the core's private headers, which only Debian's
	# linux-source package has: without it, DKMS says so and what to
	# do; the user does it (as the message says) and gets virtio_scmi.
	series=$(echo "$kver" | cut -d. -f1-2)
	if [ ! -e "$root/usr/src/linux-source-$series.tar.xz" ]; then
		todo="dkms build --force virtio-scmi-rtc/$version -k $kver && dkms install --force virtio-scmi-rtc/$version -k $kver"
		[ -z "$(ko virtio_scmi)" ] && grep -q "apt install linux-source-$series), then: $todo" \
			"$root$log" "$out/install.log"
		result $? "no linux-source-$series: no virtio_scmi, and DKMS's output or build log says what to do" "$out/install.log"
		{ in_root apt-get install -y --no-install-recommends "linux-source-$series" &&
			in_root sh -c "$todo"; } > "$out/scmi.log" 2>&1
		result $? "apt install linux-source-$series; $todo" "$out/scmi.log"
	fi
	[ -n "$(ko virtio_scmi)" ]
	result $? "the kernel has the SCMI core: DKMS installed virtio_scmi" "$out/install.log"
else
	# (DKMS 3.1+ keeps PRE_BUILD's output in make.log; 3.0 prints it.)
	[ -z "$(ko virtio_scmi)" ] && grep -q "no SCMI core (CONFIG_ARM_SCMI_PROTOCOL): no virtio_scmi" \
		"$root$log" "$out/install.log"
	result $? "no SCMI core in $kver: no virtio_scmi, and DKMS's output or build log says why"
fi
in_root dkms status -m virtio-scmi-rtc -v "$version" -k "$kver" 2>/dev/null > "$out/status"
# "installed" alone: DKMS appends what is wrong, e.g. "installed (Built
# modules are missing in the kernel modules folder)".
grep -qE ': installed$' "$out/status"
result $? "dkms status: $(tr '\n' ' ' < "$out/status")"
grep -iE "warning|error" "$root$log" > "$out/warnings"
[ ! -s "$out/warnings" ]
result $? "the modules build without a warning" "$out/warnings"
[ -e "$root/usr/lib/udev/rules.d/70-virtio-rtc.rules" ] &&
	[ -e "$root/usr/share/doc/virtio-scmi-rtc-dkms/examples/chrony-virtio-rtc.conf" ]
result $? "the udev rule and the chrony example are installed"

# A kernel upgrade: the kernel package's postinst runs /etc/kernel/postinst.d/
# (dkms's hook among them) with the new version; here, the same version
# after the module was taken away.
in_root dkms unbuild -m virtio-scmi-rtc -v "$version" -k "$kver" > "$out/unbuild.log" 2>&1 ||
	in_root dkms remove -m virtio-scmi-rtc -v "$version" -k "$kver" > "$out/unbuild.log" 2>&1
[ -z "$(ko virtio_rtc)" ]
result $? "dkms unbuild took virtio_rtc away" "$out/unbuild.log"
in_root /etc/kernel/postinst.d/dkms "$kver" "/boot/vmlinuz-$kver" > "$out/hook.log" 2>&1
[ -n "$(ko virtio_rtc)" ]
result $? "the kernel's postinst.d/dkms hook rebuilt virtio_rtc" "$out/hook.log"

# No shadowing. A 6.16 kernel (virtio_rtc in tree): not compatible.
hdr=/usr/src/linux-headers-$kver
in_root dkms build -m virtio-scmi-rtc -v "$version" -k 6.16.1-vt-test --kernelsourcedir "$hdr" > "$out/616.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -qi "BUILD_EXCLUSIVE\|not compatible\|exclusive" "$out/616.log"
result $? "a 6.16 kernel: DKMS builds nothing (exit $rc: $(grep -i 'exclusive\|compatible' "$out/616.log" | head -1))" "$out/616.log"
# A 6.12 kernel with its own virtio_rtc: ours is left out.
fake=$root/usr/src/linux-headers-$kver-vt-ownrtc
rm -rf "$fake"
cp -a "$root$hdr" "$fake"
echo "CONFIG_VIRTIO_RTC=m" >> "$fake/.config"
in_root bash "/usr/src/virtio-scmi-rtc-$version/dkms-modules.sh" "${fake#"$root"}" > "$out/ownrtc.mods" 2> "$out/ownrtc.log"
! grep -qw virtio_rtc "$out/ownrtc.mods" && grep -q "has its own virtio_rtc" "$out/ownrtc.log"
result $? "a kernel with its own virtio_rtc: ours is left out ($(cat "$out/ownrtc.log" | head -1))" "$out/ownrtc.log"
rm -rf "$fake"

in_root apt-get remove -y virtio-scmi-rtc-dkms > "$out/remove.log" 2>&1
[ $? = 0 ] && [ -z "$(ko virtio_rtc)" ]
result $? "apt remove takes the modules away" "$out/remove.log"
finish
