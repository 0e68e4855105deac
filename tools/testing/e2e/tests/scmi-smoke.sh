. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
tap_run "modprobe virtio_scmi" modprobe virtio_scmi
scmi_dev() {
	for d in /sys/bus/platform/devices/arm-scmi.*; do
		[ -f "$d/vendor_id" ] && echo "$d" && return 0
	done
	return 1
}
tap_run "SCMI core probed" wait_for 5 scmi_dev
dev=$(scmi_dev)
tap_is "$(cat $dev/vendor_id)" "$VT_SCMI_VENDOR" vendor
dmesg | grep -i scmi | sed 's/^/# /'
tap_run "rmmod virtio_scmi" rmmod virtio_scmi
tap_run "modprobe again" modprobe virtio_scmi
tap_run "SCMI core probed again" wait_for 5 scmi_dev
tap_is "$(cat $(scmi_dev)/vendor_id)" "$VT_SCMI_VENDOR" "vendor again"
tap_done
