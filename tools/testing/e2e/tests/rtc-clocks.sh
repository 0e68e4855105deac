# SPDX-License-Identifier: GPL-2.0
# Devices with other clock sets (--param case=...):
#
# mixed: backend --clock utc-maybe-smeared --clock 0xf5
#	--clock utc-smeared:smearing=1 --clock utc-smeared:smearing=2:alarm
#	--clock tai:offset=37000000000
#   one PHC per clock with type and variant in its name; the RTC is the
#   first UTC_SMEARED clock (clock 2, which has no alarm); /dev/ptp_virtio
#   falls back to the UTC_MAYBE_SMEARED clock; the TAI clock reads the
#   device's offset.
# smeared: backend --clock utc-smeared:smearing=2 --clock utc-smeared
#	--clock utc-smeared:smearing=1 --clock monotonic (only smeared UTC
#	clocks, as rust-vmm's vhost-device-rtc has): /dev/ptp_virtio is the
#	noon-to-noon one, whatever the order.
# two: two devices, the default one and --clock utc --clock utc-smeared:alarm
#   each has its own PHCs and RTC; an alarm reaches only its own device;
#   unbinding one leaves the other working.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

drv=/sys/bus/virtio/drivers/virtio_rtc

# phc_minus PHC1 PHC2: PHC1 - PHC2 in seconds, read back to back.
phc_minus() {
	_a=$("$VTCLOCK" read "$1" | kv phc)
	_b=$("$VTCLOCK" read "$2" | kv phc)
	_c=$("$VTCLOCK" read "$1" | kv phc)
	# (a + c) / 2 is PHC1 at about the time of b.
	[ -n "$_a" ] && [ -n "$_b" ] && [ -n "$_c" ] &&
		echo "$_a $_b $_c" | awk '{ printf "%.3f", ($1 + $3) / 2 - $2 }'
}

# udev_links: the repository's rule applied to every PHC.
udev_links() {
	mkdir -p /run/udev/rules.d
	cp "$VT_ROOT/tools/virtio/virtio_rtc/70-virtio-rtc.rules" /run/udev/rules.d/
	for p in /sys/class/ptp/ptp*; do
		udevadm test --action=add "$p" > /dev/null 2>&1
	done
}

mixed() {
	tap_run "modprobe virtio_rtc" rtc_modprobe
	tap_run "the device is bound" wait_for 5 rtc_bound
	ptp_names | sed 's/^/# /'
	tap_is "$(ptp_count)" 5 "five PHCs for five clocks"
	for n in "4/variant 0" "245/variant 0" "3/variant 1" "3/variant 2" "1/variant 0"; do
		tap_is "$(ptp_names | grep -c "	Virtio PTP type $n\$")" 1 "one PHC named 'Virtio PTP type $n'"
	done
	rtcs=$(rtc_class_devs)
	tap_is "$(echo "$rtcs" | grep -c .)" 1 "one RTC for two UTC_SMEARED clocks"
	rtc=$(echo "$rtcs" | head -1)
	r0=$("$VTCLOCK" rtc-read "$rtc" | kv rtc)
	vt_ctl 0 "step 2 +500s" > /dev/null
	r1=$("$VTCLOCK" rtc-read "$rtc" | kv rtc)
	vt_ctl 0 "step 2 -500s" > /dev/null
	d=$(( ${r1:-0} - ${r0:-0} ))
	[ $d -ge 500 ] && [ $d -le 502 ]
	tap_ok $? "the RTC is clock 2, the first UTC_SMEARED clock (follows its step: $d s)"
	out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --no-wait 2>&1 | grep '^E[A-Z]*:')
	tap_is "$out" "EINVAL: RTC_ALM_SET: Invalid argument" "clock 2 has no alarm, so the RTC has none (clock 3's alarm is not used)"

	udev_links
	tap_is "$(readlink /dev/ptp_virtio)" "$(basename "$(ptp_dev "Virtio PTP type 4/variant 0" || echo /none)")" \
		"without a UTC clock, /dev/ptp_virtio is the UTC_MAYBE_SMEARED clock"
	s=$(readlink /dev/ptp_virtio_smeared)
	case "/dev/$s" in
	"$(ptp_dev "Virtio PTP type 3/variant 1")"|"$(ptp_dev "Virtio PTP type 3/variant 2")") r=0 ;;
	*) r=1 ;;
	esac
	tap_ok $r "/dev/ptp_virtio_smeared is one of the smeared clocks ($s)"

	# TAI clock with a 37 s offset on top of the host's CLOCK_TAI; the
	# backend reads both clocks in one go for the expected difference.
	exp=$(vt_ctl 0 "read 4" "read 0" | awk 'NR == 1 { a = $1 } NR == 2 { printf "%.3f", (a - $1) / 1e9 }')
	got=$(phc_minus "$(ptp_dev "Virtio PTP type 1/variant 0")" "$(ptp_dev "Virtio PTP type 4/variant 0")")
	tap_diag "TAI - UTC_MAYBE_SMEARED: device $exp s, PHCs $got s"
	# Two PHC reads one after the other: a loaded host (guests run two at
	# a time) puts tens of ms between them; 37 s is what matters.
	[ -n "$got" ] && [ -n "$exp" ] && between "$(echo "$got - $exp" | bc)" -0.25 0.25
	tap_ok $? "the TAI PHC reads the device's offset clock ($got s ahead)"
	got=$(phc_minus "$(ptp_dev "Virtio PTP type 245/variant 0")" "$(ptp_dev "Virtio PTP type 4/variant 0")")
	between "$got" -0.25 0.25
	tap_ok $? "the implementation-specific clock 0xf5 reads like UTC ($got s)"

	tap_skip "a device with 0 clocks, or with invalid clock types" \
		"vdev cannot describe one (--clock rejects them); KUnit viortc_test_zero_clocks and viortc_test_bad_clocks cover the driver"
	tap_run "unbind" sh -c "echo $(basename "$(rtc_vdev)") > $drv/unbind"
}

two() {
	tap_run "modprobe virtio_rtc" rtc_modprobe
	devs=$(for d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$d/device")" = 0x0011 ] && basename "$d"; done)
	tap_is "$(echo "$devs" | wc -w)" 2 "two virtio RTC devices"
	bound() {
		for _d in $devs; do
			[ -e "$drv/$_d" ] || return 1
		done
	}
	tap_run "both are bound" wait_for 5 bound
	tap_is "$(ptp_count)" 6 "six PHCs (4 + 2)"
	# Which device is which: backend 1 has two clocks.
	for d in $devs; do
		n=$(ls "/sys/bus/virtio/devices/$d/ptp" 2>/dev/null | wc -w)
		[ "$n" = 4 ] && d0=$d
		[ "$n" = 2 ] && d1=$d
	done
	[ -n "${d0:-}" ] && [ -n "${d1:-}" ]
	tap_ok $? "device 0 is ${d0:-?} (4 PHCs), device 1 is ${d1:-?} (2 PHCs)"
	rtcs=$(rtc_class_devs)
	tap_is "$(echo "$rtcs" | grep -c .)" 2 "two RTCs, one per device"
	rtc1=
	for r in $rtcs; do
		case "$(readlink -f "/sys/class/rtc/$(basename "$r")/device")" in
		*/"$d1") rtc1=$r ;;
		esac
	done

	# An alarm on device 1's RTC is device 1's.
	s0=$(vt_stat 0 notif_sent)
	s1=$(vt_stat 1 notif_sent)
	out=$("$VTCLOCK" rtc-alarm "$rtc1" --in 2 --timeout 4)
	tap_ok $? "an alarm on $rtc1 (device 1) fires"
	tap_is "$(( $(vt_stat 0 notif_sent) - s0 ))/$(( $(vt_stat 1 notif_sent) - s1 ))" 0/1 "device 1 sent the notification, device 0 none"

	# Unbind device 0: device 1 is untouched.
	p1=$(ls -d /sys/bus/virtio/devices/"${d1:-none}"/ptp/ptp* 2>/dev/null | head -1 | sed 's|.*/|/dev/|')
	exec 3< "${p1:-/dev/null}"
	tap_run "unbind device 0" sh -c "echo $d0 > $drv/unbind"
	tap_is "$(ptp_count)" 2 "device 1's two PHCs remain"
	"$VTCLOCK" read -f 3 > /dev/null && "$VTCLOCK" rtc-read "$rtc1" > /dev/null
	tap_ok $? "device 1's PHC and RTC still read"
	exec 3<&-
	tap_run "bind device 0 again" sh -c "echo $d0 > $drv/bind"
	tap_is "$(ptp_count)" 6 "six PHCs again"
	tap_run "unbind both" sh -c "echo $d0 > $drv/unbind && echo $d1 > $drv/unbind"
}

# Only smeared UTC clocks: chrony still gets /dev/ptp_virtio.
smeared() {
	tap_run "modprobe virtio_rtc" rtc_modprobe
	udev_links
	tap_is "$(readlink /dev/ptp_virtio)" "$(basename "$(ptp_dev "Virtio PTP type 3/variant 1" || echo /none)")" \
		"only smeared clocks: /dev/ptp_virtio is the noon-to-noon UTC_SMEARED clock"
	tap_is "$(readlink /dev/ptp_virtio_monotonic)" "$(basename "$(ptp_dev "Virtio PTP type 2/variant 0" || echo /none)")" \
		"/dev/ptp_virtio_monotonic"
	"$VTCLOCK" read /dev/ptp_virtio > /dev/null
	tap_ok $? "/dev/ptp_virtio reads"
}

case "${VT_CASE:-}" in
mixed) mixed ;;
smeared) smeared ;;
two) two ;;
*) tap_ok 1 "rtc-clocks.sh: --param case=mixed|smeared|two" ;;
esac
tap_done
