#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# show.sh uml|arm64: `make run`. Boots the guest with the reference devices
# and prints what the guest sees, readable at a glance.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=$1
case "$arch" in
uml) devs=(--dev "scmi" --dev "rtc") ;;
arm64) devs=(--dev "scmi@pci") ;;
esac
"$here/run-guest.sh" --arch "$arch" --name show --script "$here/show/report.sh" \
	--timeout 120 "${devs[@]}" > /dev/null 2>&1
out=$here/../../../build/runs/$arch-show
sed -n 's/^# \{0,1\}//p' "$out/tap.txt"
if ! grep -q '^ok 1 - report printed' "$out/tap.txt"; then
	echo "make run: the guest did not finish its report; console log: $out/console.log" >&2
	tail -20 "$out/console.log" >&2
	exit 1
fi
