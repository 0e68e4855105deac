# SPDX-License-Identifier: GPL-2.0
# Run with --expect-fail: proves that a failing guest check and a script that
# dies half-way are reported as failures, not passes.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"

tap_ok 0 "a check that passes"
tap_is "$(cat /proc/sys/kernel/ostype)" "NotLinux" "a check that must fail"
tap_done
