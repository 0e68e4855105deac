#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kconfig-matrix.sh REPO BUILD pairs|full: our options as y and m against
# the options they depend on, each as y, m or n, on x86_64 (native
# compiler; COMPILE_TEST lets the SCMI core build there). For every
# combination requested, Kconfig decides what it allows (olddefconfig);
# each distinct allowed configuration must configure, build and link
# (vmlinux and modules). "pairs" covers every pair of values of every two
# options (a quicker look, by hand); "full" every combination (make
# kconfig-matrix).
# Requests that Kconfig settles on an already built configuration are
# listed, not built again. Last line: "kconfig: N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd) mode=${3:-pairs}
src=$build/linux out=$build/kconfig-matrix
mkdir -p "$out"
log=$out/log
: > "$log"

# The dimensions: option and the values asked for. VIRTIO follows from the
# transports (it is selected by them).
dims='VIRTIO_PCI=y,m VIRTIO_MMIO=y,m PTP_1588_CLOCK=y,m,n RTC_CLASS=y,n KUNIT=y,m,n ARM_SCMI_PROTOCOL=y,m SUSPEND=y,n VIRTIO_RTC=y,m VIRTIO_SCMI=y,m'
# What decides a build: the values Kconfig settles on.
watch='VIRTIO VIRTIO_PCI VIRTIO_MMIO PTP_1588_CLOCK RTC_CLASS KUNIT ARM_SCMI_PROTOCOL PM_SLEEP VIRTIO_RTC VIRTIO_RTC_PTP VIRTIO_RTC_CLASS VIRTIO_RTC_KUNIT_TEST VIRTIO_SCMI VIRTIO_SCMI_ATOMIC VIRTIO_SCMI_KUNIT_TEST VIRTIO_FAKE'

combos=$(python3 - "$mode" $dims <<'PY'
import itertools, sys
mode, dims = sys.argv[1], [d.split('=') for d in sys.argv[2:]]
names = [n for n, _ in dims]
vals = [v.split(',') for _, v in dims]
allc = list(itertools.product(*vals))
if mode == 'full':
    chosen = allc
else:
    # Greedy covering array: every value pair of every two options.
    need = {(i, a, j, b) for i, j in itertools.combinations(range(len(vals)), 2)
            for a in vals[i] for b in vals[j]}
    chosen = []
    while need:
        best = max(allc, key=lambda c: sum((i, c[i], j, c[j]) in need
                   for i, j in itertools.combinations(range(len(c)), 2)))
        chosen.append(best)
        need -= {(i, best[i], j, best[j]) for i, j in itertools.combinations(range(len(best)), 2)}
for c in chosen:
    print(' '.join(f'{n}={v}' for n, v in zip(names, c)))
PY
)

# ccache (build/ccache): most objects are the same preprocessed source in
# every configuration, so only what our options touch is compiled again.
cc=gcc
if command -v ccache > /dev/null; then
	cc="ccache gcc"
	export CCACHE_DIR=$build/ccache CCACHE_MAXSIZE=5G
fi

pass=0 fail=0 skip=0
declare -A seen
n=0
# KCONFIG_ONLY="N ...": only those combinations (numbers as printed).
while read -r combo; do
	n=$((n + 1))
	if [ -n "${KCONFIG_ONLY:-}" ] && [[ " $KCONFIG_ONLY " != *" $n "* ]]; then
		continue
	fi
	frag=$out/frag.config
	{
		printf 'CONFIG_%s\n' 64BIT=y PCI=y VIRTIO_MENU=y MODULES=y MODULE_UNLOAD=y \
			COMPILE_TEST=y OF=y NET=y POSIX_TIMERS=y VIRTIO_SCMI_ATOMIC=y \
			VIRTIO_RTC_KUNIT_TEST=y VIRTIO_SCMI_KUNIT_TEST=y
		echo '# CONFIG_ARM_SCMI_TRANSPORT_VIRTIO is not set'
		for kv in $combo; do
			case "$kv" in
			*=n) echo "# CONFIG_${kv%=n} is not set" ;;
			*) echo "CONFIG_$kv" ;;
			esac
		done
	} > "$frag"
	if ! (cd "$src" && scripts/kconfig/merge_config.sh -n -O "$out" "$frag" > "$out/merge.log" 2>&1); then
		echo "not ok $n - configure: $combo"
		fail=$((fail + 1))
		continue
	fi
	key=
	for s in $watch; do
		v=$(sed -n "s/^CONFIG_$s=//p" "$out/.config")
		key="$key $s=${v:-n}"
	done
	if [ -n "${seen[$key]:-}" ]; then
		echo "# $n: $combo: Kconfig settles on the configuration of ${seen[$key]}"
		continue
	fi
	seen[$key]="($combo)"
	t0=$(date +%s)
	if make -s -C "$src" O="$out" CC="$cc" -j"$(nproc)" vmlinux modules >> "$log" 2>&1; then
		echo "ok $n - builds and links ($(( $(date +%s) - t0 )) s):$key"
		pass=$((pass + 1))
	else
		echo "not ok $n - builds and links:$key"
		grep -E 'error|undefined' "$log" | tail -5 | sed 's/^/#   /'
		fail=$((fail + 1))
	fi
done <<< "$combos"
echo "kconfig: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
