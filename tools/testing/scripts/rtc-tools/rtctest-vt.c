// SPDX-License-Identifier: GPL-2.0
/*
 * rtctest-vt: the 6.12 kselftest rtctest (tools/testing/selftests/rtc/
 * rtctest.c, compiled in unchanged) with a main() that takes the RTC device
 * and the kselftest harness filters together:
 *
 *	rtctest-vt [-d /dev/rtcN] [-t TEST]... [-l] [other harness options]
 *
 * The upstream main() accepts either one device argument or harness
 * options, not both, so a single subtest cannot be run against a chosen
 * RTC. Everything else, the tests and their checks, is rtctest's.
 */
#define main rtctest_main
#include "rtc/rtctest.c"
#undef main

int main(int argc, char **argv)
{
	int i;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		rtc_file = argv[2];
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-l") || !strcmp(argv[i], "-h"))
			return test_harness_run(argc, argv);
	if (access(rtc_file, R_OK))
		ksft_exit_skip("[SKIP]: Cannot access rtc file %s - Exiting\n",
			       rtc_file);
	return test_harness_run(argc, argv);
}
