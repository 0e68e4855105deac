// SPDX-License-Identifier: GPL-2.0
/*
 * vdev-fuzz: the driver-side fuzzer on its own, for long runs (make fuzz).
 *
 *   vdev-fuzz [--model scmi|rtc|all] [--seed N] [--iters N] [--first N]
 *
 * One TAP test case per model; the counters come as diagnostics, and the
 * last line is "N passed, N failed". Without --seed the seed comes from
 * the clock; it is printed either way, and so is a replay command line
 * for any failure, hang or crash.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../log.h"
#include "fuzz.h"
#include "tap.h"

static uint64_t seed, first, iters = 1000000;
static const struct fz_model *model;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run_model(void)
{
	double t0 = now_s();
	struct fz f;
	bool ok;

	T_ASSERT(!fz_init(&f, model, seed));
	printf("# fuzz %s: seed %#llx, iterations %llu from %llu\n",
	       model->name, (unsigned long long)seed,
	       (unsigned long long)iters, (unsigned long long)first);
	fflush(stdout);
	ok = fz_run(&f, first, iters);
	fz_print_stats(&f, now_s() - t0);
	T_EXPECT(ok);
	fz_fini(&f);
}

static void print_help(const char *prog)
{
	fprintf(stderr,
		"Usage: %s [--model scmi|rtc|all] [--seed N] [--iters N] [--first N]\n",
		prog);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "iters", required_argument, NULL, 'n' },
		{ "first", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *which = "all";
	const char *lvl = getenv("VDEV_TEST_LOG");
	bool have_seed = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			which = optarg;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'n':
			iters = strtoull(optarg, NULL, 0);
			break;
		case 'f':
			first = strtoull(optarg, NULL, 0);
			break;
		default:
			print_help(argv[0]);
		}
	}
	if (strcmp(which, "all") && strcmp(which, "scmi") &&
	    strcmp(which, "rtc"))
		print_help(argv[0]);
	if (!have_seed)
		seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull;
	signal(SIGPIPE, SIG_IGN);
	vlog_set_level(lvl ? atoi(lvl) - 1 : VLOG_NONE);
	fz_watch_install();
	printf("TAP version 13\n");
	if (strcmp(which, "rtc")) {
		model = &fz_scmi;
		tap_run("fuzz: scmi, random chains and commands", run_model);
	}
	if (strcmp(which, "scmi")) {
		model = &fz_rtc;
		tap_run("fuzz: rtc, random chains and requests", run_model);
	}
	return tap_finish();
}
