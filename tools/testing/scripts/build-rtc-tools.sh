#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-rtc-tools.sh REPO BUILD [host|arm64|all]: the user-space programs the
# virtio-rtc tests run in the guest, built against the 6.12 UAPI headers of
# build/linux:
#   testptp   tools/testing/selftests/ptp/testptp.c
#   rtctest   tools/testing/selftests/rtc/rtctest.c (kselftest harness)
#   rtctest-vt  the same tests with a main() that takes the device and the
#             harness's test filters together (rtc-tools/rtctest-vt.c)
#   vtclock   tools/testing/scripts/rtc-tools/vtclock.c (our probes)
# host: for the machine we run on (UML guests run host binaries), in
# BUILD/rtc-tools/host. arm64: static, with aarch64-linux-gnu-gcc, in
# BUILD/rtc-tools/arm64 (for arm64 guests). Rebuilds only what is older
# than its sources.
set -euo pipefail
repo=$1 build=$2 what=${3:-host}
src=$build/linux
sel=$src/tools/testing/selftests
out=$build/rtc-tools

[ -f "$sel/ptp/testptp.c" ] || { echo "build-rtc-tools: $src is not prepared (make prepare)" >&2; exit 1; }

# newer OUT IN...: true when OUT is missing or older than an input.
newer() {
	local o=$1 i
	shift
	[ -e "$o" ] || return 0
	for i in "$@"; do
		[ "$i" -nt "$o" ] && return 0
	done
	return 1
}

# headers KARCH: installed UAPI headers of the prepared tree.
headers() {
	local karch=$1 dir=$out/hdr-$1
	if newer "$dir/.stamp" "$src/include/uapi/linux/ptp_clock.h" "$src/include/uapi/linux/rtc.h"; then
		echo "  HDRS    $karch UAPI headers (rtc-tools/hdr-$karch)" >&2
		rm -rf "$dir"
		make -s -C "$src" O="$dir/obj" ARCH="$karch" INSTALL_HDR_PATH="$dir" headers_install >&2
		rm -rf "$dir/obj"
		touch "$dir/.stamp"
	fi
	echo "$dir/include"
}

# tools DIR CC KARCH [LDFLAGS...]
tools() {
	local dir=$1 cc=$2 karch=$3 inc
	shift 3
	inc=$(headers "$karch" | tail -1)
	mkdir -p "$dir"
	if newer "$dir/testptp" "$sel/ptp/testptp.c" "$inc/../.stamp"; then
		echo "  CC      $dir/testptp"
		"$cc" -O2 -Wall -isystem "$inc" "$@" -o "$dir/testptp" "$sel/ptp/testptp.c" -lrt -lm
	fi
	if newer "$dir/rtctest" "$sel/rtc/rtctest.c" "$sel/kselftest_harness.h" "$inc/../.stamp"; then
		echo "  CC      $dir/rtctest"
		"$cc" -O2 -Wall -isystem "$inc" -I "$sel" "$@" -o "$dir/rtctest" "$sel/rtc/rtctest.c" \
			-lrt -lpthread -lm
	fi
	if newer "$dir/rtctest-vt" "$sel/rtc/rtctest.c" "$sel/kselftest_harness.h" \
		"$repo/tools/testing/scripts/rtc-tools/rtctest-vt.c" "$inc/../.stamp"; then
		echo "  CC      $dir/rtctest-vt"
		"$cc" -O2 -Wall -isystem "$inc" -I "$sel" "$@" -o "$dir/rtctest-vt" \
			"$repo/tools/testing/scripts/rtc-tools/rtctest-vt.c" -lrt -lpthread -lm
	fi
	if newer "$dir/vtclock" "$repo/tools/testing/scripts/rtc-tools/vtclock.c" "$inc/../.stamp"; then
		echo "  CC      $dir/vtclock"
		"$cc" -O2 -Wall -Wextra -Wno-unused-parameter -isystem "$inc" "$@" -o "$dir/vtclock" \
			"$repo/tools/testing/scripts/rtc-tools/vtclock.c"
	fi
}

case "$(uname -m)" in
x86_64) host_karch=x86 ;;
aarch64) host_karch=arm64 ;;
*) host_karch=$(uname -m) ;;
esac

case "$what" in
host) tools "$out/host" gcc "$host_karch" ;;
arm64) tools "$out/arm64" aarch64-linux-gnu-gcc arm64 -static ;;
all)
	tools "$out/host" gcc "$host_karch"
	tools "$out/arm64" aarch64-linux-gnu-gcc arm64 -static
	;;
*) echo "usage: build-rtc-tools.sh REPO BUILD [host|arm64|all]" >&2; exit 2 ;;
esac
