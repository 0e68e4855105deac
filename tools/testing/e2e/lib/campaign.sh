# SPDX-License-Identifier: GPL-2.0
# Helpers of the long campaigns (stress.sh, fuzz.sh), sourced after
# $repo and $build are set.

# have REQ: the build a requirement names is there (uml, arm64,
# arm64-builtin; sid: Debian unstable's QEMU for virtio-rtc on arm64).
have() {
	case "$1" in
	uml) [ -x "$build/uml/linux" ] ;;
	arm64) [ -f "$build/arm64/arch/arm64/boot/Image" ] && [ -d "$build/arm64-root" ] ;;
	arm64-builtin) [ -f "$build/arm64-builtin/arch/arm64/boot/Image" ] && [ -d "$build/arm64-root" ] ;;
	sid) [ -x "$build/qemu-sid" ] ;;
	*) return 1 ;;
	esac
}

# tools ARCH: vtclock and scmi-tool for the guests (host or arm64; cheap,
# rebuilt only when their sources changed).
tools() {
	bash "$repo/tools/testing/scripts/build-rtc-tools.sh" "$repo" "$build" "$1" > /dev/null 2>&1 &&
		sh "$repo/tools/testing/e2e/scmi/build.sh" "$build" "$1" > /dev/null 2>&1
}

# guest_copy SCRIPT DIR: the guests run a copy of SCRIPT in DIR (the shell
# reads a script as it goes: an edit during a long campaign must not
# change a running guest; the guest finds scripts under the repository,
# so only when DIR is). Prints the script to run.
guest_copy() {
	case "$2" in
	"$repo"/*) cp "$1" "$2/guest-$(basename "$1")" && echo "$2/guest-$(basename "$1")" ;;
	*) echo "$1" ;;
	esac
}
