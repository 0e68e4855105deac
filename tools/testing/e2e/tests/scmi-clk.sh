# SPDX-License-Identifier: GPL-2.0
# SCMI clocks in the common clock framework over a virtio SCMI transport
# (--param transport=): names, rates and rate ranges match the test
# platform; rate changes made by the platform, by synchronous and by
# asynchronous CLOCK_RATE_SET (through SCMI raw mode, the only way to set a
# rate from user space without a consumer) are what CLOCK_RATE_GET, the
# clock framework and the backend all report; refused and invalid requests
# change nothing.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"
. "$VT_ROOT/tools/testing/e2e/scmi/lib.sh"

CLOCK=0x14
RATE_SET=0x5
RATE_GET=0x6

tap_run "scmi-tool is built" test -x "$SCMI_TOOL"
# Clocks the machine has without SCMI (arm64 virt: the DT's fixed apb-pclk).
clocks_before=$(awk 'NR > 3 && NF > 5' /sys/kernel/debug/clk/clk_summary 2>/dev/null | wc -l)
scmi_load

summary_rate() {
	awk -v c="$1" '$1 == c { print $5 }' /sys/kernel/debug/clk/clk_summary
}
backend_rate() {
	vt_ctl 0 "clock $1" | sed -n 's/.* rate=\([0-9]*\) .*/\1/p'
}
first=$(conf_items clock | head -1 | cut -d' ' -f1)
tap_run "the clock framework has the SCMI clocks" wait_for 5 sh -c \
	"grep -q '^ *$first ' /sys/kernel/debug/clk/clk_summary"

# clock_id NAME
clock_id() {
	conf_items clock | awk -v n="$1" '$1 == n { print NR - 1 }'
}

conf_items clock > /tmp/clocks
n=0
while read -r name rest; do
	n=$((n + 1))
	line="$name $rest"
	rates=$(conf_key "$line" rates)
	case "$rates" in
	range:*)
		set -- $(echo "$rates" | tr ':' ' ')
		min=$(hz "$2") max=$(hz "$3") dflt=$min
		;;
	*)
		set -- $(echo "$rates" | tr ',' ' ')
		min=$(hz "$1") dflt=$min
		eval "max=\$(hz \"\${$#}\")"
		;;
	esac
	rate=$(conf_key "$line" rate)
	rate=$(hz "${rate:-$dflt}")
	tap_is "$(summary_rate "$name")" "$rate" "clk_summary: $name runs at $rate Hz"
	tap_is "$(cat "/sys/kernel/debug/clk/$name/clk_min_rate" 2>&1)-$(cat "/sys/kernel/debug/clk/$name/clk_max_rate" 2>&1)" \
		"$min-$max" "$name rate range $min-$max Hz"
done < /tmp/clocks
tap_is "$(($(awk 'NR > 3 && NF > 5' /sys/kernel/debug/clk/clk_summary | wc -l) - clocks_before))" "$n" \
	"clk_summary lists exactly the $n clocks of the platform besides the $clocks_before the machine has"

# The platform changes a rate: the clock framework reads it (the SCMI
# clocks are CLK_GET_RATE_NOCACHE).
vt_ctl 0 "clock cpu_clk 1200M" > /dev/null
tap_is "$(summary_rate cpu_clk)" 1200000000 "a rate the platform set shows in clk_summary"

# check_rate NAME RATE WHAT: every view agrees on the rate.
check_rate() {
	tap_is "$(raw_reply $CLOCK $RATE_GET "$(clock_id "$1")")" "$(status SUCCESS) $(le64 "$2")" \
		"$3: CLOCK_RATE_GET of $1 returns $2"
	tap_is "$(backend_rate "$1")" "$2" "$3: the backend runs $1 at $2"
	tap_is "$(summary_rate "$1")" "$2" "$3: clk_summary shows $1 at $2"
	tap_is "$(cat "/sys/kernel/debug/clk/$1/clk_rate")" "$2" "$3: clk_rate of $1 is $2"
}

# set_rate [-a] NAME RATE: CLOCK_RATE_SET, exact rate (flags 0 or async).
set_rate() {
	_flags=0
	[ "$1" = -a ] && _flags=1 && _a=-a && shift
	raw_reply ${_a:-} $CLOCK $RATE_SET $_flags "$(clock_id "$1")" $(le64 "$2")
	_a=
}

tap_is "$(set_rate cpu_clk 400000000)" "$(status SUCCESS)" "CLOCK_RATE_SET cpu_clk 400 MHz succeeds"
check_rate cpu_clk 400000000 "sync set"
tap_is "$(set_rate bus_clk 650000000)" "$(status SUCCESS)" "CLOCK_RATE_SET bus_clk 650 MHz (a step of its range)"
check_rate bus_clk 650000000 "sync set"
tap_is "$(set_rate ddr_pll 4800000000)" "$(status SUCCESS)" "CLOCK_RATE_SET ddr_pll 4.8 GHz (more than 32 bits)"
check_rate ddr_pll 4800000000 "64-bit rate"

# Asynchronous: a response at once, the rate with the delayed response.
out=$(set_rate -a bus_clk 300000000)
tap_is "$(echo "$out" | head -1)" "$(status SUCCESS)" "async CLOCK_RATE_SET bus_clk 300 MHz is accepted"
tap_is "$(echo "$out" | sed -n 2p)" "$(status SUCCESS) 0x00000001 $(le64 300000000)" \
	"its delayed response names clock 1 and 300 MHz"
check_rate bus_clk 300000000 "async set"
tap_is "$(backend_stat async_pending)" 0 "no async rate change left pending"

# Requests the platform refuses change nothing.
tap_is "$(set_rate ref_clk 48000000)" "$(status DENIED)" "ref_clk may not be changed: DENIED"
check_rate ref_clk 24000000 "denied"
out=$(set_rate cpu_clk 123456)
tap_ok "$([ -n "$out" ] && [ "$out" != "$(status SUCCESS)" ]; echo $?)" "a rate cpu_clk does not have fails ($out)"
check_rate cpu_clk 400000000 "refused"
tap_is "$(raw_reply $CLOCK $RATE_GET 99)" "$(status NOT_FOUND)" "CLOCK_RATE_GET of an unknown clock: NOT_FOUND"

scmi_unload
tap_done
