#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkconfig.sh SRCTREE OUTDIR ARCH [CROSS_COMPILE] -- FRAGMENT...
#
# Generate OUTDIR/.config from allnoconfig plus the fragments with the
# kernel's merge_config.sh, then fail loudly if any requested option did not
# make it into .config. Does nothing when the fragments are unchanged since
# the last successful run (keeps incremental builds incremental).
set -euo pipefail
src=$1 out=$2 arch=$3 cross=${4:-}
shift 4
[ "${1:-}" = -- ] && shift
mkdir -p "$out"
out=$(cd "$out" && pwd)

stamp="$out/.vt-fragments"
want=$(cat "$@")
if [ -f "$out/.config" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi
rm -f "$stamp"

merged="$out/.vt-merged.config"
cat "$@" > "$merged"
(cd "$src" && ARCH=$arch CROSS_COMPILE=$cross \
	scripts/kconfig/merge_config.sh -n -O "$out" "$merged" > "$out/.vt-merge.log" 2>&1) || {
	cat "$out/.vt-merge.log" >&2
	echo "mkconfig: merge_config.sh failed" >&2
	exit 1
}

# Every option the fragments request must be in the final .config with the
# value of its last mention (later fragments override earlier ones).
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		sym=${line%%=*}
		val=${line#*=}
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		val=n
		;;
	*) continue ;;
	esac
	got=$(grep -E "^$sym=" "$out/.config" | head -1 | cut -d= -f2- || true)
	[ -n "$got" ] || got=n
	if [ "$got" != "$val" ]; then
		echo "mkconfig: $sym requested $val, .config has $got" >&2
		bad=1
	fi
done < <(tac "$merged" | awk '
	/^CONFIG_[A-Za-z0-9_]+=/ { s = $0; sub(/=.*/, "", s) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ { s = $2 }
	s != "" && !(s in seen) { seen[s] = 1; print }
	{ s = "" }')
if [ $bad != 0 ]; then
	echo "mkconfig: $out/.config is missing requested options (see above)" >&2
	exit 1
fi
printf '%s' "$want" > "$stamp"
