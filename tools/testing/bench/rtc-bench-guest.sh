# SPDX-License-Identifier: GPL-2.0
# Guest half of rtc-bench.sh (not a test): PHC read windows and chrony's
# offsets with the driver's two read paths, the polled one (poll_us) and
# the interrupt one (poll_us=0), side by side in one boot. Every window
# goes to the host as "# win MODE NS" lines, the rest as
# "# bench MODE_KEY=VALUE" lines.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"

SAMPLES=${VT_SAMPLES:-5000}
ROUNDS=${VT_ROUNDS:-10}
CHRONY_SECS=${VT_CHRONY_SECS:-60}
SETTLE_SECS=${VT_SETTLE_SECS:-20}
POLL_US=${VT_POLL_US:-50}
# The order of the chrony phases (rtc-bench.sh alternates it across boots:
# chrony's first phase starts from a fresh chronyd, the second does too,
# but a host that settles over the boot favours the later one).
CHRONY_ORDER=$(echo "${VT_CHRONY_ORDER:-poll,irq}" | tr ',' ' ')
P=/sys/module/virtio_rtc/parameters/poll_us

tap_run "modprobe virtio_rtc" rtc_modprobe
tap_run "device bound" wait_for 5 rtc_bound
utc=$(ptp_dev "Virtio PTP type 0/variant 0")
ln -sf "$(basename "$utc")" /dev/ptp_virtio
tap_ok $? "the UTC PHC is there ($utc)"

mode() {
	case $1 in
	poll) echo "$POLL_US" > "$P" ;;
	irq) echo 0 > "$P" ;;
	esac
}
tap_run "poll_us can be set ($POLL_US, then 0)" sh -c "echo $POLL_US > $P && echo 0 > $P"
echo "# bench poll_us=$POLL_US"

# The two paths alternate in ROUNDS rounds, so that a host busy for a
# while weighs on both alike; the first round of each is a warm-up.
per=$((SAMPLES / ROUNDS))
bad=0
for m in irq poll; do
	mode $m
	"$VTCLOCK" ext "$utc" -n 200 > /dev/null || bad=1
done
r=0
while [ $r -lt "$ROUNDS" ]; do
	for m in irq poll; do
		mode $m
		"$VTCLOCK" ext "$utc" -n "$per" -a | sed -n "s/^w=/# win $m /p" || bad=1
	done
	r=$((r + 1))
done
tap_is $bad 0 "$ROUNDS rounds of $per PTP_SYS_OFFSET_EXTENDED samples with each path"

# The back-end's and the guest's shares of a round trip with each path
# (vdev --timing): kick to notification, notification to the next kick.
for m in irq poll; do
	mode $m
	vt_ctl 0 timing > /dev/null
	"$VTCLOCK" ext "$utc" -n 2000 > /dev/null
	vt_ctl 0 timing | sed -n "s/^vdev: timing \([a-z]*\) n=[0-9]* median_ns=\([0-9]*\) p99_ns=\([0-9]*\).*/# bench ${m}_\1_med_ns=\2\n# bench ${m}_\1_p99_ns=\3/p"
done

mkdir -p -m 700 /run/chrony
cat > /run/chrony/chrony.conf <<EOC
include $VT_ROOT/tools/virtio/virtio_rtc/chrony-virtio-rtc.conf
cmdport 0
bindcmdaddress /run/chrony/chronyd.sock
pidfile /run/chrony/chronyd.pid
EOC
# chrony with each path: SETTLE_SECS to lock on, then its last offset
# (chronyc tracking) once a second for CHRONY_SECS: RMS and largest.
echo "# bench chrony_order=$(echo $CHRONY_ORDER | tr ' ' ,)"
for m in $CHRONY_ORDER; do
	mode $m
	chronyd -f /run/chrony/chrony.conf -u root -L 0 -l /run/chrony/chronyd.log
	sleep "$SETTLE_SECS"
	i=0
	: > /tmp/offsets
	while [ $i -lt "$CHRONY_SECS" ]; do
		chronyc -h /run/chrony/chronyd.sock -c tracking | cut -d, -f2,6 >> /tmp/offsets
		sleep 1
		i=$((i + 1))
	done
	grep -q '^PHCV,' /tmp/offsets
	tap_ok $? "chrony synchronised to PHCV with the $m path"
	awk -F, -v m=$m '$1 == "PHCV" { n++; o = $2 * 1e9; s += o * o; if (o < 0) o = -o; if (o > mx) mx = o }
		END { printf "# bench %s_chrony_n=%d\n# bench %s_chrony_rms_ns=%d\n# bench %s_chrony_max_ns=%d\n",
			m, n, m, n ? sqrt(s / n) : 0, m, mx }' /tmp/offsets
	kill "$(cat /run/chrony/chronyd.pid)"
	wait_for 5 sh -c '! [ -e /run/chrony/chronyd.pid ]'
done
echo "# bench chrony_secs=$CHRONY_SECS"
tap_done
