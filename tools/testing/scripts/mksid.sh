#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mksid.sh REPO BUILD: Debian unstable's QEMU for the arm64 virtio-rtc runs
# and the x86_64 guests.
#
# QEMU 10.0 (bookworm-backports) has no virtio-rtc device; unstable's QEMU
# (11.x) has vhost-user-rtc(-pci) and its own virtio-rtc-pci. debootstrap
# makes a minimal unstable chroot, BUILD/sid-root, with qemu-system-arm and
# qemu-system-x86 in it, and dt-schema and yamllint for dt-checks.sh
# (bookworm's dt-schema is older than Linux 6.12 needs); BUILD/qemu-sid
# (aarch64) and BUILD/qemu-sid-x86_64 start those QEMUs with the chroot's
# own dynamic loader,
# libraries, modules and firmware, so it runs on the host's paths: the
# sockets, kernel, DTB and 9p shares need no bind mounts.
#
# Made once; remade when this script changes or VT_SID_REFRESH=1. Fails
# (and the runs that need it are reported as skipped) when the chroot
# cannot be made or its QEMU lacks the devices.
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
root=$build/sid-root
wrapper=$build/qemu-sid
mirror=${VT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
stamp=$(sha1sum < "$0" | cut -c1-16)

if [ "$(cat "$root/.vt-stamp" 2>/dev/null)" != "$stamp" ] || [ "${VT_SID_REFRESH:-0}" = 1 ]; then
	echo "  SID     build/sid-root (Debian unstable + qemu-system-arm)"
	rm -f "$wrapper"
	tmp=$build/sid-root.tmp
	rm -rf "$tmp"
	# debootstrap fetches with wget and checks signatures, not apt's
	# Valid-Until, so an archive snapshot works as well as a live mirror.
	if ! debootstrap --variant=minbase --include=qemu-system-arm,qemu-system-x86,dt-schema,yamllint \
		unstable "$tmp" "$mirror" > "$build/sid-root.log" 2>&1; then
		tail -20 "$build/sid-root.log" >&2
		echo "mksid: debootstrap of Debian unstable failed; see build/sid-root.log" >&2
		exit 1
	fi
	rm -f "$tmp"/var/cache/apt/archives/*.deb
	echo "$stamp" > "$tmp/.vt-stamp"
	rm -rf "$root"
	mv "$tmp" "$root"
fi

# wrapper FILE SYSTEM: FILE runs the chroot's qemu-system-SYSTEM; made only
# if that QEMU starts and has the virtio-rtc PCI devices.
multi=x86_64-linux-gnu
loader=$root/usr/lib64/ld-linux-x86-64.so.2
[ -x "$loader" ] || loader=$root/lib64/ld-linux-x86-64.so.2
wrapper() {
	local file=$1 sys=$2 ver devs d
	rm -f "$file"
	cat > "$file.tmp" <<EOF
#!/bin/sh
# Debian unstable's qemu-system-$sys from $root (made by mksid.sh).
QEMU_MODULE_DIR=$root/usr/lib/$multi/qemu
export QEMU_MODULE_DIR
exec "$loader" --library-path "$root/usr/lib/$multi:$root/lib/$multi" \\
	"$root/usr/bin/qemu-system-$sys" -L "$root/usr/share/qemu" -L "$root/usr/share/seabios" "\$@"
EOF
	chmod +x "$file.tmp"
	if ! ver=$("$file.tmp" --version | head -1); then
		echo "mksid: the chroot's qemu-system-$sys does not start" >&2
		return 1
	fi
	devs=$("$file.tmp" -device help 2>&1)
	for d in vhost-user-rtc-pci virtio-rtc-pci ${3:-}; do
		if ! echo "$devs" | grep -q "name \"$d\""; then
			echo "mksid: $ver ($sys) has no $d device" >&2
			return 1
		fi
	done
	mv "$file.tmp" "$file"
	echo "  SID     ${file#"$build"/}: $ver"
}
# (virtio-mmio's vhost-user-rtc matters on arm64 only.)
wrapper "$wrapper" aarch64 vhost-user-rtc || exit 1
# The x86_64 one only serves make e2e-debian: without it the arm64 runs go on.
wrapper "$build/qemu-sid-x86_64" x86_64 || echo "mksid: no x86_64 QEMU; make e2e-debian cannot run" >&2
