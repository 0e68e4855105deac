# SPDX-License-Identifier: GPL-2.0
# Which SCMI platform each SCMI instance reaches when several virtio SCMI
# devices exist, as the device tree says (virtio,device20 nodes) and never
# by probe order.
#
#   case=map      expect=NODE=VENDOR;...: every SCMI instance is for one of
#                 these nodes (paths under /sys/firmware/devicetree/base)
#                 and reaches the platform of that vendor; each node has one
#                 instance. Then again after unbind/bind of each device in
#                 both orders, both devices unbound and bound in the other
#                 order, and a reload of the transport module.
#                 deferred=NODE: the transport device of NODE (a path under
#                 /sys/firmware/devicetree/base) takes a clock of the other
#                 platform (dts/*-deferred.dtsi). 6.12's virtio core gives
#                 a virtio device an of_node but no fwnode, so fw_devlink
#                 makes NODE's transport device a consumer of the other
#                 device's transport device: its probe is deferred until
#                 that one is bound, and its virtio device comes last,
#                 against the DT's order. Then the supplier's transport is
#                 unbound (the consumer goes with it) and bound again (the
#                 consumer probes again after it); each time every instance
#                 must still reach its own node's platform.
#   case=ambiguous  two devices without nodes of their own, one legacy
#                 arm,scmi-virtio node: no instance, the reason in the log.
#   case=nonode   one device, no DT node at all: no instance, the reason
#                 in the log.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

DRV=/sys/bus/virtio/drivers/virtio-scmi

vdevs() {
	for _d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$_d/device" 2>/dev/null)" = 0x0020 ] && echo "${_d##*/}"
	done
}
unbind() {
	echo "$1" > "$DRV/unbind"
}
bind() {
	echo "$1" > "$DRV/bind"
}
# deferred_dev: the platform device of the node VT_DEFERRED.
deferred_dev() {
	_want=$(readlink -f "/sys/firmware/devicetree/base/$VT_DEFERRED")
	for _d in /sys/bus/platform/devices/*; do
		[ "$(readlink -f "$_d/of_node" 2>/dev/null)" = "$_want" ] && echo "${_d##*/}" && return 0
	done
	return 1
}
n_vdevs() {
	[ "$(vdevs | wc -l)" = "$1" ]
}
gone() {
	[ "$(scmi_instances | wc -l)" = "$1" ]
}

case "${VT_CASE:-map}" in
map)
	if [ -n "${VT_DEFERRED:-}" ]; then
		pdev=$(deferred_dev)
		tap_ok $? "the transport device of $VT_DEFERRED is ${pdev:-not found}"
		P=/sys/bus/platform/devices/$pdev
		sup=$(ls -d "$P"/supplier:* 2>/dev/null | head -1)
		[ -n "$sup" ] && sup=$(readlink -f "$sup/supplier")
		[ -d "$sup" ] || sup=
		[ -n "$sup" ]
		tap_ok $? "fw_devlink: $pdev is a consumer of ${sup:-nothing}"
		# Its virtio device registered last: the highest index.
		last=$(vdevs | sed 's/virtio//' | sort -n | tail -1)
		case "$(readlink -f "/sys/bus/virtio/devices/virtio$last")" in
		*/"$pdev"/*) r=0 ;;
		*) r=1 ;;
		esac
		tap_ok $r "its probe was deferred: its virtio device (virtio$last) came after the supplier's"
	fi
	tap_run "modprobe $SCMI_TRANSPORT" modprobe "$SCMI_TRANSPORT"
	wait_for 20 n_vdevs "$(scmi_expected | wc -l)"
	V=$(vdevs | tr '\n' ' ')
	tap_is "$(echo $V | wc -w)" "$(scmi_expected | wc -l)" "one virtio SCMI device per expected node ($V)"
	scmi_map_check 20 "probe: "
	# Both platforms' clocks, by name.
	for c in cpu_clk second_cpu_clk; do
		[ -e "/sys/kernel/debug/clk/$c" ]
		tap_ok $? "clock $c of its platform is registered"
	done
	if [ -n "${VT_DEFERRED:-}" ] && [ -n "$sup" ]; then
		# The supplier's transport unbound: the consumer's goes with it
		# (fw_devlink's managed link); bound again, both come back.
		sdrv=$(readlink -f "$sup/driver")
		tap_run "unbind ${sup##*/} from ${sdrv##*/}" sh -c 'echo "$1" > "$2/unbind"' - "${sup##*/}" "$sdrv"
		wait_for 10 gone 0
		tap_ok $? "unbind ${sup##*/}: both instances are gone (the consumer's transport is unbound with it)"
		tap_run "bind ${sup##*/}" sh -c 'echo "$1" > "$2/bind"' - "${sup##*/}" "$sdrv"
		wait_for 20 n_vdevs "$(scmi_expected | wc -l)"
		scmi_map_check 20 "bind of ${sup##*/}: the consumer probes again after it: "
		V=$(vdevs | tr '\n' ' ')
	fi
	set -- $V
	for v in "$@"; do
		tap_run "unbind $v" unbind "$v"
		wait_for 10 gone $(($# - 1))
		tap_ok $? "unbind $v: its instance is gone, the other stays"
		tap_run "bind $v" bind "$v"
		scmi_map_check 20 "unbind/bind of $v: "
	done
	# Both down, then up in the opposite order of their names.
	for v in "$@"; do unbind "$v"; done
	wait_for 10 gone 0
	tap_ok $? "every device unbound: no instance"
	r=
	for v in "$@"; do r="$v $r"; done
	for v in $r; do
		tap_run "bind $v" bind "$v"
		sleep 1
	done
	scmi_map_check 20 "bound again in the order $r: "
	if [ -e "/sys/module/$SCMI_TRANSPORT/initstate" ]; then
		tap_run "rmmod $SCMI_TRANSPORT" rmmod "$SCMI_TRANSPORT"
		tap_run "modprobe $SCMI_TRANSPORT" modprobe "$SCMI_TRANSPORT"
		scmi_map_check 20 "module reload: "
	fi
	;;
ambiguous | nonode)
	tap_run "modprobe $SCMI_TRANSPORT" modprobe "$SCMI_TRANSPORT"
	V=$(vdevs | tr '\n' ' ')
	sleep 3
	bound=0
	for v in $V; do
		[ -e "/sys/bus/virtio/devices/$v/driver" ] && bound=$((bound + 1))
	done
	tap_is "$bound" "$(echo $V | wc -w)" "every virtio SCMI device is bound ($V)"
	tap_is "$(scmi_instances | wc -l)" 0 "no SCMI instance"
	if [ "$VT_CASE" = ambiguous ]; then
		re='ambiguous, no SCMI instance'
	else
		re='no DT node for this device'
	fi
	n=$(dmesg | grep -c "$re")
	tap_is "$n" "$(echo $V | wc -w)" "the kernel log says why, once per device: $re"
	;;
esac
tap_done
