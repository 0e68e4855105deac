# SPDX-License-Identifier: GPL-2.0
# The vhost-user backends die in mid-traffic (SIGKILL from the host) and
# are started again: a virtio-rtc device (backend 0) and a virtio SCMI
# device (backend 1), each with users in flight (vtclock hammer on a PHC,
# scmi-tool reads of an hwmon sensor on two threads).
#
# Every user call returns (success or an errno) within the driver's
# timeout plus the margin; the guest stays up; then, by front end:
# - UML (virtio_uml): the broken connection unregisters the device, our
#   drivers' remove runs; after the restart the device stays cleanly dead
#   (virtio_uml's device parameter cannot be set at run time): no virtio
#   device of either kind, no PHC, no SCMI instance, both modules unload
#   and load again.
# - QEMU with --reconnect-ms (param reconnect=1): QEMU reconnects to the
#   new backend; the devices serve calls again (directly, or after an
#   unbind and bind of the virtio device, reported as such). QEMU 11's
#   vhost-user-rtc-pci does not start with a reconnecting chardev
#   ("Failed to set msg fds", vhost_backend_init: Protocol error), so no
#   run uses this yet.
# - QEMU without it (reconnect=0): the devices stay, every call fails
#   with an errno within its bound, before and after the restart; unbind
#   ends in time.
# The RTC offers no alarm (--no-alarm): the alarmtimer would pin
# virtio_rtc for good. The runner checks the kernel log and kmemleak at
# the end; on UML, 6.12's virtio_uml WARNs when its backend dies (EOF on
# a call pipe in vu_interrupt(), failed vhost-user messages in
# vu_del_vqs()): suite.sh allows exactly those (run-guest --allow-report).
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/tests/rtc-lib.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

RECONNECT=${VT_RECONNECT:-0}
MARGIN=${VT_MARGIN:-5}
case "$(uname -m)" in
aarch64) FRONT=qemu tarch=arm64 ;;
*) FRONT=uml tarch=host ;;
esac
# vtclock and scmi-tool built for this guest (params tools, scmi_tools).
VTCLOCK=${VT_TOOLS:-$VT_ROOT/build/rtc-tools/$tarch}/vtclock
SCMI_TOOL=$(host_path "${VT_SCMI_TOOLS:-$VT_ROOT/build/scmi-tools/$tarch}")/scmi-tool
[ "$FRONT" = uml ] && RECONNECT=0

tap_run "modprobe virtio_rtc timeout_ms=1000" rtc_modprobe timeout_ms=1000
scmi_load
tap_run "a virtio PHC appears" wait_for 10 sh -c 'grep -qs "Virtio PTP" /sys/class/ptp/ptp*/clock_name'
PHC=/dev/$(basename "$(dirname "$(grep -l 'Virtio PTP' /sys/class/ptp/ptp*/clock_name | head -1)")")
HW=$(hwmon_input cpu_temp)
RTC_VDEV=$(basename "$(rtc_vdev)")
SCMI_VDEV=$(scmi_virtio)
SCMI_DRV=$(scmi_virtio_driver)
SCMI_MS=$(scmi_timeout_ms)
RB=$((1 + MARGIN))
SB=$(((SCMI_MS + 999) / 1000 + MARGIN))
tap_diag "PHC $PHC, hwmon $HW, devices $RTC_VDEV (virtio_rtc) and $SCMI_VDEV ($SCMI_DRV); bounds ${RB} s (virtio-rtc), ${SB} s (SCMI); front end $FRONT, reconnect $RECONNECT"
# (PHC nodes are reopened only 2 s after they appear: see vtclock hammer.)
sleep 2
tap_run "before: a PHC read" "$VTCLOCK" read "$PHC" 1
tap_run "before: an hwmon read" cat "$HW"

# load SECS: the users for SECS seconds, in the background.
load() {
	"$VTCLOCK" hammer "$PHC" "$1" $((RB * 1000)) > /tmp/crash.rtc 2>&1 &
	rtc_pid=$!
	"$SCMI_TOOL" read -n 100000000 -w "$1"000 -j 2 "$HW" > /tmp/crash.scmi 2>&1 &
	scmi_pid=$!
}

# users_end WHAT LIMIT_S: the users end by LIMIT_S after they were told
# to stop, every call within its bound.
users_end() {
	_t0=$(date +%s)
	wait_for "$2" sh -c "! kill -0 $rtc_pid 2>/dev/null && ! kill -0 $scmi_pid 2>/dev/null"
	tap_ok $? "$1: the users end"
	kill -KILL $rtc_pid $scmi_pid 2>/dev/null
	wait $rtc_pid $scmi_pid 2>/dev/null
	tap_diag "$1: vtclock hammer: $(tr '\n' ' ' < /tmp/crash.rtc)"
	tap_diag "$1: scmi-tool read: $(tr '\n' ' ' < /tmp/crash.scmi)"
	_over=$(kv over < /tmp/crash.rtc)
	tap_is "${_over:-none}" 0 "$1: no PHC call over ${RB} s"
	_max=$(tr ' ' '\n' < /tmp/crash.scmi | kv max_us)
	_max=${_max%.*}
	[ -n "$_max" ] && [ "$_max" -le $((SB * 1000000)) ]
	tap_ok $? "$1: no hwmon read over ${SB} s (slowest ${_max:-?} us)"
}

load 8
sleep 3
t_kill=$(date +%s)
tap_run "SIGKILL backend 0 (virtio-rtc) in mid-traffic" vt_host 0 kill
tap_run "SIGKILL backend 1 (SCMI) in mid-traffic" vt_host 1 kill
users_end "backends killed" $((8 + SB + 10))
_ok=$(kv ok < /tmp/crash.rtc)
tap_ok "$([ "${_ok:-0}" -gt 0 ]; echo $?)" "backends killed: the PHC users read before the kill (${_ok:-0} calls)"

if [ "$FRONT" = uml ]; then
	# The broken vhost-user connection unregisters the virtio device.
	tap_run "UML: the virtio-rtc device goes away" wait_for 20 sh -c "! test -e /sys/bus/virtio/devices/$RTC_VDEV"
	tap_run "UML: the SCMI device goes away" wait_for 20 sh -c "! test -e /sys/bus/virtio/devices/$SCMI_VDEV"
	tap_run "UML: its PHCs and SCMI instance go with it" wait_for 20 sh -c '
		! grep -qs "Virtio PTP" /sys/class/ptp/ptp*/clock_name && ! ls -d /sys/bus/platform/devices/arm-scmi.* > /dev/null 2>&1'
fi
took=$(($(date +%s) - t_kill))
tap_diag "after the kill: ${took} s"

tap_run "start backend 0 again" vt_host 0 start
tap_run "start backend 1 again" vt_host 1 start

case "$FRONT:$RECONNECT" in
uml:*)
	sleep 3
	tap_run "UML: no virtio-rtc device comes back (stays cleanly dead)" sh -c '! grep -qs 0x0011 /sys/bus/virtio/devices/*/device'
	tap_run "UML: no SCMI device comes back" sh -c '! grep -qs 0x0020 /sys/bus/virtio/devices/*/device'
	tap_run "UML: virtio_rtc unloads" rmmod virtio_rtc
	tap_run "UML: $SCMI_TRANSPORT unloads" rmmod "$SCMI_TRANSPORT"
	tap_run "UML: virtio_rtc loads again (no device)" rtc_modprobe
	tap_run "UML: $SCMI_TRANSPORT loads again (no device)" modprobe "$SCMI_TRANSPORT"
	;;
qemu:1)
	# QEMU reconnects on its own; if the drivers' queues do not come
	# back as they were, a rebind gives a fresh device.
	how=directly
	if ! wait_for 30 "$VTCLOCK" read "$PHC" 1; then
		how="after unbind/bind"
		echo "$RTC_VDEV" > /sys/bus/virtio/drivers/virtio_rtc/unbind
		echo "$RTC_VDEV" > /sys/bus/virtio/drivers/virtio_rtc/bind
		sleep 3
		PHC=/dev/$(basename "$(dirname "$(grep -l 'Virtio PTP' /sys/class/ptp/ptp*/clock_name | head -1)")")
	fi
	tap_run "QEMU reconnected: a PHC read succeeds ($how)" wait_for 30 "$VTCLOCK" read "$PHC" 1
	how=directly
	if ! wait_for 30 cat "$HW"; then
		how="after unbind/bind"
		echo "$SCMI_VDEV" > "/sys/bus/virtio/drivers/$SCMI_DRV/unbind"
		echo "$SCMI_VDEV" > "/sys/bus/virtio/drivers/$SCMI_DRV/bind"
		wait_for 30 scmi_hwmon
		HW=$(hwmon_input cpu_temp)
	fi
	tap_run "QEMU reconnected: an hwmon read succeeds ($how)" wait_for 30 cat "$HW"
	load 5
	users_end "after the restart" $((5 + SB + 10))
	;;
qemu:0)
	load 5
	users_end "without reconnection" $((5 + SB + 10))
	_ok=$(kv ok < /tmp/crash.rtc)
	tap_is "${_ok:-0}" 0 "without reconnection: the device stays dead (no PHC call succeeds)"
	t0=$(date +%s)
	tap_run "without reconnection: unbind virtio_rtc" sh -c "echo $RTC_VDEV > /sys/bus/virtio/drivers/virtio_rtc/unbind"
	tap_run "without reconnection: unbind $SCMI_DRV" sh -c "echo $SCMI_VDEV > /sys/bus/virtio/drivers/$SCMI_DRV/unbind"
	dt=$(($(date +%s) - t0))
	tap_ok "$([ "$dt" -le $((2 * SB)) ]; echo $?)" "without reconnection: the unbinds end in time (${dt} s)"
	;;
esac
tap_done
