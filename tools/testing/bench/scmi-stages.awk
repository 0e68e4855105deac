# SPDX-License-Identifier: GPL-2.0
# scmi-stages.awk: split SCMI round trips into stages from a trace (the
# tracefs "trace" file) with the events scmi:scmi_xfer_begin,
# scmi:scmi_xfer_response_wait, scmi:scmi_rx_done, scmi:scmi_xfer_end,
# irq:irq_handler_entry, sched:sched_wakeup and sched:sched_switch, taken
# while one task (-v comm=NAME) sent commands back to back. Per transfer:
#   send     xfer_begin -> response_wait: the core and the transport queue
#            the command and notify the device
#   device   response_wait -> the interrupt that delivers the reply (the
#            last irq_handler_entry before rx_done): the back-end, and the
#            notification's way to the guest
#   irq      that interrupt -> rx_done: the transport's callback reaches
#            the SCMI core
#   wakeup   rx_done -> the caller runs again (sched_switch to it; 0 when
#            it never slept)
#   finish   -> xfer_end: the core completes the transfer
#   user     xfer_end -> the next xfer_begin: back to user space and down
#            again (syscall, sysfs/hwmon or raw mode, the protocol code)
# A reply the sender found itself in send_message (virtio_scmi's poll_us)
# comes with no interrupt: such a transfer counts as "spun", its stages
# are spun_send (xfer_begin -> response_wait, the reply delivered) and
# spun_finish; the medians of the stages above are over the others.
# Prints "stage_NAME_med_ns=N" and "stage_NAME_p90_ns=N" lines, and
# "stage_transfers=N", "stage_spun=N".
function ns(ts) {
	# "12345.678901:" -> ns
	sub(/:$/, "", ts)
	split(ts, p, ".")
	return p[1] * 1000000000 + substr(p[2] "000000000", 1, 9)
}
function tid(line) {
	return match(line, /transfer_id=[0-9A-Fa-f]+/) ? substr(line, RSTART + 12, RLENGTH - 12) : ""
}
function add(stage, v) {
	n[stage]++
	val[stage, n[stage]] = v
}
function pct(stage, q,   i, j, t, m, a) {
	m = n[stage]
	for (i = 1; i <= m; i++)
		a[i] = val[stage, i]
	for (i = 2; i <= m; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	i = int(m * q / 100 + 0.5)
	if (i < 1)
		i = 1
	return a[i]
}
/^#/ { next }
{
	ts = ""
	for (f = 1; f <= NF; f++)
		if ($f ~ /^[0-9]+\.[0-9]+:$/) {
			ts = ns($f)
			ev = $(f + 1)
			break
		}
	if (ts == "")
		next
	task = $1
}
ev == "scmi_xfer_begin:" && index(task, comm "-") == 1 {
	if (end_ts != "" && !pending)
		user_gap = ts - end_ts
	else
		user_gap = ""
	cur = tid($0)
	b = ts; w = ""; irq = ""; r = ""; sw = ""
	pending = 1
	next
}
!pending { next }
ev == "scmi_xfer_response_wait:" && tid($0) == cur { w = ts; next }
ev == "irq_handler_entry:" && w != "" && r == "" { irq = ts; next }
ev == "scmi_rx_done:" && tid($0) == cur && r == "" { r = ts; next }
ev == "sched_switch:" && r != "" && sw == "" && index($0, "next_comm=" comm " ") { sw = ts; next }
ev == "scmi_xfer_end:" && tid($0) == cur {
	pending = 0
	end_ts = ts
	if (w == "" || r == "")
		next
	done++
	add("total", ts - b)
	if (user_gap != "")
		add("user", user_gap)
	if (irq == "") {
		# Delivered in send_message, by the sender watching the ring.
		spun++
		add("spun_send", w - b)
		add("spun_finish", ts - w)
		next
	}
	add("send", w - b)
	add("device", irq - w)
	add("irq", r - irq)
	if (sw == "" || sw < r)
		sw = r
	add("wakeup", sw - r)
	add("finish", ts - sw)
}
END {
	print "stage_transfers=" done + 0
	print "stage_spun=" spun + 0
	split("send device irq wakeup finish total user spun_send spun_finish", st, " ")
	for (k = 1; k <= 9; k++) {
		s = st[k]
		if (!n[s])
			continue
		print "stage_" s "_med_ns=" pct(s, 50)
		print "stage_" s "_p90_ns=" pct(s, 90)
	}
}
