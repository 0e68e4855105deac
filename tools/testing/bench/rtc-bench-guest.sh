# SPDX-License-Identifier: GPL-2.0
# Guest half of rtc-bench.sh (not a test): PHC read windows and chrony's
# offset, printed as "# bench KEY=VALUE" lines for the host half.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

SAMPLES=${VT_SAMPLES:-5000}
CHRONY_SECS=${VT_CHRONY_SECS:-20}

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "device bound" wait_for 5 rtc_bound
utc=$(ptp_dev "Virtio PTP type 0/variant 0")
ln -sf "$(basename "$utc")" /dev/ptp_virtio

# Warm up, then the samples (25 per ioctl, back to back).
"$VTCLOCK" ext "$utc" -n 200 > /dev/null
out=$("$VTCLOCK" ext "$utc" -n "$SAMPLES")
tap_ok $? "$SAMPLES PTP_SYS_OFFSET_EXTENDED samples"
echo "$out" | sed 's/^/# bench ext_/'
out=$("$VTCLOCK" ext "$utc" -n "$SAMPLES" -c raw)
echo "$out" | grep window | sed 's/^/# bench raw_/'

mkdir -p -m 700 /run/chrony
cat > /run/chrony/chrony.conf <<EOC
include $VT_ROOT/tools/virtio/virtio_rtc/chrony-virtio-rtc.conf
cmdport 0
bindcmdaddress /run/chrony/chronyd.sock
pidfile /run/chrony/chronyd.pid
EOC
tap_run "chronyd starts" chronyd -f /run/chrony/chrony.conf -u root -L 0 -l /run/chrony/chronyd.log
sleep "$CHRONY_SECS"
tr=$(chronyc -h /run/chrony/chronyd.sock -c tracking)
ss=$(chronyc -h /run/chrony/chronyd.sock -c sourcestats)
[ "$(echo "$tr" | cut -d, -f2)" = PHCV ]
tap_ok $? "chrony synchronised to PHCV"
echo "$tr" | awk -F, '{ printf "# bench chrony_rms_offset_ns=%d\n# bench chrony_last_offset_ns=%d\n# bench chrony_system_time_ns=%d\n", $7 * 1e9, $6 * 1e9, $5 * 1e9 }'
echo "$ss" | awk -F, '$1 == "PHCV" { printf "# bench chrony_samples=%d\n# bench chrony_stddev_ns=%d\n", $2, $8 * 1e9 }'
echo "# bench chrony_secs=$CHRONY_SECS"
out=$("$VTCLOCK" ext "$utc" -n 500)
echo "$out" | grep offset_med | sed 's/^/# bench synced_/'
kill "$(cat /run/chrony/chronyd.pid)"
tap_done
