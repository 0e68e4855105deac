// SPDX-License-Identifier: GPL-2.0
/*
 * vdev-tests: host unit tests of the vdev back-end, TAP output.
 *
 * The back-end's own log is silenced; set VDEV_TEST_LOG=1 (errors) or
 * VDEV_TEST_LOG=2 (every message) to see it on stderr.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "../log.h"
#include "tap.h"
#include "tests.h"

int main(void)
{
	const char *lvl = getenv("VDEV_TEST_LOG");

	signal(SIGPIPE, SIG_IGN);
	vlog_set_level(lvl ? atoi(lvl) - 1 : VLOG_NONE);
	printf("TAP version 13\n");
	virtq_tests();
	vhost_user_tests();
	model_tests();
	scmi_tests();
	rtc_tests();
	control_tests();
	fuzz_tests();
	fuzz_reply_tests();
	return tap_finish();
}
