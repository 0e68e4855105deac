# SPDX-License-Identifier: GPL-2.0
# Run with --expect-report RE: loads tools/testing/e2e/bugs/vt_bugs.ko with
# bug=$VT_BUG; the script's own check passes, the harness must fail the run
# on the report the test kernel's debug options make.
. "$VT_ROOT/tools/testing/e2e/lib/tap.sh"

tap_run "insmod vt_bugs.ko bug=$VT_BUG" insmod "$VT_TOOLS/vt_bugs.ko" "bug=$VT_BUG"
# kmemleak only reports objects older than 5 s.
[ "$VT_BUG" = leak ] && sleep 6
tap_done
