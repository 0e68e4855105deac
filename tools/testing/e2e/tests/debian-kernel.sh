# SPDX-License-Identifier: GPL-2.0
# A Debian kernel, unmodified, with our modules as the DKMS package built
# them in the guest's root (run-guest.sh --debian, mkdebimage.sh): what a
# user of Debian's 6.12 gets after `apt install ./virtio-scmi-rtc-dkms_*.deb`.
# Devices: our vhost-user RTC device (--dev rtc) and QEMU's own
# virtio-rtc-pci (--qdev).
#   - the kernel is Debian's; udev loads virtio_rtc, DKMS's build, for both
#     devices; the package's udev rule makes /dev/ptp_virtio;
#   - the PHC checks of rtc-ptp.sh on /dev/ptp_virtio (reads, SYS_OFFSET,
#     EXTENDED on every clock, PRECISE refused: the driver asks for TSC
#     cross-timestamps, which neither device offers a TCG guest,
#     read-only clock);
#   - the RTC class device: time, an alarm that fires;
#   - chrony with the package's example configuration synchronises to
#     /dev/ptp_virtio;
#   - the device going away under a reader (unbind: ENODEV, then it comes
#     back), and a module reload;
#   - with a virtio SCMI device (arm64, --dev scmi with the test platform,
#     tools/testing/e2e/scmi/test.conf): udev loads DKMS's virtio_scmi,
#     Debian's built-in SCMI core finds the platform through it, Debian's
#     SCMI clock driver lists the platform's clocks at their rates, and a
#     reload of virtio_scmi takes the instance away and brings it back.
#     Which SCMI drivers Debian's configuration lacks is printed.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"
# The SCMI test platform's config (conf_items, conf_key, hz).
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

k=$(uname -r)
case "$k" in
*+deb* | *+bpo*) r=0 ;;
*) r=1 ;;
esac
tap_ok $r "the kernel is Debian's own ($k)"
tap_diag "$(grep -m1 -o 'PREEMPT[^ ]*\|SMP' /proc/version | head -1); cmdline: $(cat /proc/cmdline | cut -c1-120)"

# udev as on the user's system: the package's rule in /usr/lib/udev/rules.d.
/lib/systemd/systemd-udevd --daemon > /tmp/udevd.log 2>&1
tap_run "systemd-udevd started" wait_for 10 test -S /run/udev/control
udevadm trigger --action=add
udevadm settle -t 60
# dkms_module MOD: udev loaded MOD (by its modalias) and it is DKMS's build.
dkms_module() {
	tap_run "udev loaded $1 for its devices (modalias)" wait_for 30 test -d "/sys/module/$1"
	m=$(modinfo -n "$1" 2>&1)
	case "$m" in
	*/updates/dkms/"$1".ko*) r=0 ;;
	*) r=1 ;;
	esac
	tap_ok $r "$1 is DKMS's build ($m)"
}
dkms_module virtio_rtc
tap_diag "taint: $(cat /proc/sys/kernel/tainted); $(modinfo -F vermagic virtio_rtc); signer: $(modinfo -F signer virtio_rtc)"
n=0
for d in /sys/bus/virtio/devices/*; do
	[ "$(cat "$d/device")" = 0x0011 ] || continue
	[ "$(basename "$(readlink -f "$d/driver")")" = virtio_rtc ] && n=$((n + 1))
done
tap_is "$n" 2 "both virtio RTC devices (ours, QEMU's virtio-rtc-pci) are bound to virtio_rtc"
tap_diag "PTP clocks: $(ptp_names | tr '\t\n' ': ')"
[ -e /usr/lib/udev/rules.d/70-virtio-rtc.rules ] && [ -c /dev/ptp_virtio ]
tap_ok $? "the package's udev rule made /dev/ptp_virtio ($(readlink /dev/ptp_virtio))"

rtc_utc_phc_checks

# The RTC class device of the clock with alarms.
rtc=$(rtc_class_devs | head -1)
[ -n "$rtc" ]
tap_ok $? "an RTC class device for the device's alarm clock (${rtc:-none}: $(cat /sys/class/rtc/"${rtc#/dev/}"/name 2>/dev/null))"
out=$("$VTCLOCK" rtc-read "$rtc" 2>&1)
tap_ok $? "RTC_RD_TIME on $rtc"
out=$("$VTCLOCK" rtc-alarm "$rtc" --in 2 --timeout 6 2>&1)
rc=$?
echo "$out" | grep -E '^(alarm|fired_at|rtc_after|E[A-Z]+)' | sed 's/^/# /'
tap_ok $rc "an alarm 2 s ahead fires (RTC_ALM_SET + RTC_AIE_ON)"

# chrony, configured as README.Debian says: the package's example.
ex=/usr/share/doc/virtio-scmi-rtc-dkms/examples/chrony-virtio-rtc.conf
# (chronyd wants its socket directory private to it.)
mkdir -p -m 0750 /run/chrony
{
	grep -v '^#' "$ex"
	echo "pidfile /run/chrony/chronyd.pid"
	echo "bindcmdaddress /run/chrony/chronyd.sock"
} > /tmp/chrony.conf
# -d: in the foreground, its log on stderr.
chronyd -d -u root -f /tmp/chrony.conf > /tmp/chronyd.log 2>&1 &
chronyd_pid=$!
tap_run "chronyd runs with the package's example configuration" wait_for 10 test -S /run/chrony/chronyd.sock
synced() {
	chronyc -n sources 2>/dev/null | grep -q '^#\* PHCV'
}
wait_for 60 synced
tap_ok $? "chrony selected the PHC refclock (/dev/ptp_virtio) as its source"
diag_file /tmp/chronyd.log
chronyc -n sources 2>&1 | sed 's/^/# /'
chronyc -n tracking 2>&1 | grep -E 'Reference|System time|RMS offset' | sed 's/^/# /'
kill "$chronyd_pid" 2>/dev/null
wait "$chronyd_pid" 2>/dev/null

# The device goes away under a reader, then comes back.
# (The virtio device whose clock /dev/ptp_virtio is.)
phc=$(readlink -f /dev/ptp_virtio)
v=$(readlink -f "/sys/class/ptp/${phc##*/}/device")
reads_across "$phc" sh -c 'echo "$1" > /sys/bus/virtio/drivers/virtio_rtc/unbind' - "${v##*/}"
tap_ok $? "unbind under a reader: reads worked, then ENODEV, never again on that descriptor ($(tr '\n' ' ' < /tmp/loop.out))"
echo "${v##*/}" > /sys/bus/virtio/drivers/virtio_rtc/bind
tap_run "bound again: /dev/ptp_virtio is back" wait_for 10 test -c /dev/ptp_virtio
tap_run "rmmod virtio_rtc" rmmod virtio_rtc
tap_run "modprobe virtio_rtc (DKMS's)" modprobe virtio_rtc
tap_run "both devices bound again" wait_for 10 sh -c '[ "$(ls /sys/bus/virtio/drivers/virtio_rtc | grep -c virtio)" = 2 ]'
# udev makes the link again for the new PHC, in its own time.
udevadm settle -t 30
tap_run "the package's udev rule made /dev/ptp_virtio again" \
	wait_for 10 test -c /dev/ptp_virtio
"$VTCLOCK" read /dev/ptp_virtio 3 > /tmp/read.out 2>&1
tap_ok $? "the PHC reads after the reload"
diag_file /tmp/read.out

scmi_checks() {
	local name rate want n=0 cfg
	dkms_module virtio_scmi
	tap_run "Debian's built-in SCMI core probed an instance over it" wait_for 30 sh -c \
		'ls -d /sys/bus/platform/devices/arm-scmi.* > /dev/null 2>&1'
	dmesg | grep -iE 'scmi' | grep -iE 'protocol v|vendor|version' | head -3 | sed 's/^/# /'
	dmesg | grep -q "vt-e2e:scmi-tests"
	tap_ok $? "the SCMI core read the platform's vendor (vt-e2e:scmi-tests)"
	tap_diag "SCMI protocol devices: $(ls /sys/bus/scmi/devices 2>/dev/null | tr '\n' ' ')"
	# What Debian's configuration has of the SCMI drivers.
	cfg=/boot/config-$k
	tap_diag "Debian's config: $(grep -hE 'CONFIG_(SENSORS_ARM_SCMI|IIO_SCMI|ARM_SCMI_CPUFREQ|COMMON_CLK_SCMI|RESET_SCMI|ARM_SCMI_POWER_DOMAIN|ARM_SCMI_PERF_DOMAIN|REGULATOR_ARM_SCMI|ARM_SCMI_POWERCAP|ARM_SCMI_RAW_MODE_SUPPORT)[= ]' "$cfg" 2>/dev/null | sed 's/^# //; s/ is not set/=n/' | tr '\n' ' ')"
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	conf_items clock > /tmp/clocks
	tap_run "Debian's clk-scmi registered the platform's clocks" wait_for 10 sh -c \
		"grep -q '^ *$(head -1 /tmp/clocks | cut -d' ' -f1) ' /sys/kernel/debug/clk/clk_summary"
	while read -r name line; do
		want=$(conf_key "$name $line" rate)
		[ -n "$want" ] || continue
		want=$(hz "$want")
		rate=$(awk -v c="$name" '$1 == c { print $5 }' /sys/kernel/debug/clk/clk_summary)
		[ "$rate" = "$want" ] && n=$((n + 1)) || echo "# $name: $rate Hz, the platform says $want"
	done < /tmp/clocks
	tap_is "$n" "$(grep -c 'rate=' /tmp/clocks)" "every clock of the platform with a set rate runs at it in clk_summary"
	tap_run "rmmod virtio_scmi: the SCMI instance and its clocks go" sh -c \
		'rmmod virtio_scmi && ! ls -d /sys/bus/platform/devices/arm-scmi.* > /dev/null 2>&1'
	tap_run "modprobe virtio_scmi: they come back" wait_for 30 sh -c \
		"modprobe virtio_scmi 2>/dev/null; grep -q '^ *$(head -1 /tmp/clocks | cut -d' ' -f1) ' /sys/kernel/debug/clk/clk_summary"
}
scmi_dev=0
for d in /sys/bus/virtio/devices/*; do
	[ "$(cat "$d/device")" = 0x0020 ] && scmi_dev=1
done
[ $scmi_dev = 1 ] && scmi_checks
udevadm control --exit 2>/dev/null
tap_done
