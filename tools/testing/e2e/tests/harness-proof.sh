# SPDX-License-Identifier: GPL-2.0
# Harness proof: the in-tree 6.12 SCMI virtio transport probes against our
# backend's SCMI Base responder, and the Base discovery answers reach the
# SCMI core unchanged. Expected values come from the runner (vt.* params).
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"

scmi_virtio_bound() {
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$d/device" 2>/dev/null)" = 0x0020 ] || continue
		[ "$(basename "$(readlink -f "$d/driver")")" = scmi-virtio ] && return 0
	done
	return 1
}

# The in-tree transport is a module of the test kernels.
tap_run "modprobe scmi_transport_virtio" modprobe scmi_transport_virtio
tap_run "virtio device 0x0020 is bound to scmi-virtio" wait_for 5 scmi_virtio_bound
scmi_dev() {
	for d in /sys/bus/platform/devices/arm-scmi.*; do
		[ -f "$d/vendor_id" ] && echo "$d" && return 0
	done
	return 1
}
tap_run "SCMI core probed over the virtio transport" wait_for 5 scmi_dev
dev=$(scmi_dev)
tap_is "$(cat "$dev/vendor_id" 2>&1)" "$VT_SCMI_VENDOR" "Base DISCOVER_VENDOR reaches the agent"
tap_is "$(cat "$dev/sub_vendor_id" 2>&1)" "$VT_SCMI_SUB_VENDOR" "Base DISCOVER_SUB_VENDOR reaches the agent"
tap_is "$(cat "$dev/firmware_version" 2>&1)" "$VT_SCMI_IMPL" "Base DISCOVER_IMPLEMENTATION_VERSION reaches the agent"
tap_is "$(cat "$dev/protocol_version" 2>&1)" "2.0" "Base PROTOCOL_VERSION is 2.0"
tap_run "kernel log names the virtio transport" sh -c 'dmesg | grep -q "Using scmi_virtio_transport"'
tap_done
