#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# suite.sh uml|arm64: every end-to-end run for one architecture.
# Last line: "e2e-ARCH: N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=$1
run="$here/run-guest.sh --arch $arch"
t=$here/tests
pass=0 fail=0 skip=0

tally() {
	local line
	line=$(tail -1 "$1")
	cat "$1"
	set -- $(echo "$line" | grep -oE '[0-9]+ (passed|failed|skipped)' | cut -d' ' -f1)
	if [ $# -ne 3 ]; then
		fail=$((fail + 1))
		return
	fi
	pass=$((pass + $1)) fail=$((fail + $2)) skip=$((skip + $3))
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The harness proof: the in-tree 6.12 SCMI virtio transport probes against
# our backend's Base responder. Random strings per run: nothing can pass by
# accident or from a stale run.
proof() {
	local name=$1 dev=$2
	local vendor=vt$RANDOM sub=sub$RANDOM impl=$((RANDOM * 7 + 1))
	$run --name "$name" --script "$t/harness-proof.sh" \
		--dev "$dev:--vendor $vendor --sub-vendor $sub --impl-version $impl" \
		--param scmi_vendor="$vendor" --param scmi_sub_vendor="$sub" \
		--param scmi_impl="$(printf '0x%x' "$impl")" > "$log" 2>&1
	tally "$log"
}

case "$arch" in
uml)
	proof harness-proof scmi
	$run --name harness-catches-failure --expect-fail \
		--script "$t/harness-catches-failure.sh" > "$log" 2>&1
	tally "$log"
	;;
arm64)
	proof harness-proof-pci scmi@pci
	proof harness-proof-mmio scmi@mmio
	$run --name harness-catches-failure --expect-fail \
		--script "$t/harness-catches-failure.sh" > "$log" 2>&1
	tally "$log"
	;;
*) echo "suite.sh: unknown arch $arch" >&2; exit 2 ;;
esac
echo "e2e-$arch: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
