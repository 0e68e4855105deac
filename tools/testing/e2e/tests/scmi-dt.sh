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
#   case=ambiguous  two devices without nodes of their own, one legacy
#                 arm,scmi-virtio node: no instance, the reason in the log.
#   case=nonode   one device, no DT node at all: no instance, the reason
#                 in the log.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

DRV=/sys/bus/virtio/drivers/virtio-scmi
DT=/sys/firmware/devicetree/base

# instances: "NODE=VENDOR" per SCMI instance, sorted.
instances() {
	for _d in /sys/bus/platform/devices/arm-scmi.*; do
		[ -f "$_d/vendor_id" ] || continue
		_n=$(readlink -f "$_d/of_node")
		echo "${_n#"$(readlink -f $DT)"/}=$(cat "$_d/vendor_id")"
	done | sort
}
# (A kernel parameter holds no space, and node names hold commas
# (virtio@1f,0): the pairs are separated by semicolons.)
expected() {
	echo "$VT_EXPECT" | tr ';' '\n' | sort
}
n_expected() {
	expected | wc -l
}
all_up() {
	[ "$(instances | wc -l)" = "$(n_expected)" ]
}
# check WHEN: the instances are those expected.
check() {
	wait_for 20 all_up
	tap_is "$(instances | tr '\n' ' ')" "$(expected | tr '\n' ' ')" "$1: each SCMI instance reaches its own node's platform"
}
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
gone() {
	[ "$(instances | wc -l)" = "$1" ]
}

case "${VT_CASE:-map}" in
map)
	tap_run "modprobe $SCMI_TRANSPORT" modprobe "$SCMI_TRANSPORT"
	V=$(vdevs | tr '\n' ' ')
	tap_is "$(echo $V | wc -w)" "$(n_expected)" "one virtio SCMI device per expected node ($V)"
	check "probe"
	# Both platforms' clocks, by name.
	for c in cpu_clk second_cpu_clk; do
		[ -e "/sys/kernel/debug/clk/$c" ]
		tap_ok $? "clock $c of its platform is registered"
	done
	set -- $V
	for v in "$@"; do
		tap_run "unbind $v" unbind "$v"
		wait_for 10 gone $(($# - 1))
		tap_ok $? "unbind $v: its instance is gone, the other stays"
		tap_run "bind $v" bind "$v"
		check "unbind/bind of $v"
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
	check "bound again in the order $r"
	if [ -e "/sys/module/$SCMI_TRANSPORT/initstate" ]; then
		tap_run "rmmod $SCMI_TRANSPORT" rmmod "$SCMI_TRANSPORT"
		tap_run "modprobe $SCMI_TRANSPORT" modprobe "$SCMI_TRANSPORT"
		check "module reload"
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
	tap_is "$(instances | wc -l)" 0 "no SCMI instance"
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
