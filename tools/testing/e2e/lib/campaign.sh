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

# campaign_start DIR SCRIPT: results go to $out (DIR, made) and $summary
# (emptied); the guests run a copy of SCRIPT, $script (the shell reads a
# script as it goes: an edit during a long campaign must not change a
# running guest; the guest finds scripts under the repository, so only
# when DIR is); the counts start at 0.
campaign_start() {
	out=$1
	mkdir -p "$out"
	case "$out" in
	"$repo"/*) cp "$2" "$out/guest-$(basename "$2")" && script=$out/guest-$(basename "$2") ;;
	*) script=$2 ;;
	esac
	summary=$out/summary.txt
	: > "$summary"
	pass=0 fail=0 skip=0
}

# count_run LINE: a run's "NAME: N passed, N failed, N skipped" line
# counts as one passed run (nothing failed) or one failed run in $pass,
# $fail.
count_run() {
	# shellcheck disable=SC2046
	set -- $(echo "$1" | grep -oE '[0-9]+ (passed|failed|skipped)' | cut -d' ' -f1)
	if [ $# -eq 3 ] && [ "$2" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}
