#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkguestdtb.sh REPO BUILD ARCH FRAGMENT OUT [SOCKET...]: a guest DT made of
# the default DT of ARCH (uml: tools/testing/e2e/dts/uml.dts; arm64:
# build/dt/arm64-virt.dts, see mkdtbs.sh) and FRAGMENT, whose @SOCKn@ become
# the n-th SOCKET; OUT.dts and OUT.dtb are written. Used by run-guest.sh
# --dts and by dt-checks.sh.
set -euo pipefail
repo=$1 build=$2 arch=$3 fragment=$4 out=$5
shift 5
case "$arch" in
uml) base=$repo/tools/testing/e2e/dts/uml.dts ;;
arm64) base=$build/dt/arm64-virt.dts ;;
*) echo "mkguestdtb: unknown arch $arch" >&2; exit 2 ;;
esac
subst=(-e '')
n=0
for sock in "$@"; do
	subst+=(-e "s|@SOCK$n@|$sock|g")
	n=$((n + 1))
done
{
	echo "/include/ \"$base\""
	sed "${subst[@]}" "$fragment"
} > "$out.dts"
dtc -q -i "$repo/tools/testing/e2e/dts" -I dts -O dtb -o "$out.dtb" "$out.dts"
