// SPDX-License-Identifier: GPL-2.0
/*
 * eventfd-rtt: the floor under a vhost-user request. Two processes ping-pong
 * through two eventfds (the way a guest's kick and the backend's call
 * travel), each blocked in read(); the parent times every round trip.
 *
 *	eventfd-rtt [ROUNDS]	prints rounds=, median_ns=, p99_ns=, min_ns=
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20000, warm = 1000, i;
	int kick = eventfd(0, 0), call = eventfd(0, 0);
	uint64_t one = 1, v;
	int64_t *rtt, t0;
	pid_t pid;

	if (kick < 0 || call < 0 || rounds < 1) {
		perror("eventfd");
		return 1;
	}
	rtt = calloc(rounds, sizeof(*rtt));
	if (!rtt)
		return 1;
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		/* The "backend": wait for a kick, answer with a call. */
		for (i = 0; i < rounds + warm; i++) {
			if (read(kick, &v, sizeof(v)) != sizeof(v) ||
			    write(call, &one, sizeof(one)) != sizeof(one))
				_exit(1);
		}
		_exit(0);
	}
	for (i = 0; i < rounds + warm; i++) {
		t0 = now_ns();
		if (write(kick, &one, sizeof(one)) != sizeof(one) ||
		    read(call, &v, sizeof(v)) != sizeof(v)) {
			perror("ping-pong");
			return 1;
		}
		if (i >= warm)
			rtt[i - warm] = now_ns() - t0;
	}
	waitpid(pid, NULL, 0);
	qsort(rtt, rounds, sizeof(*rtt), cmp);
	printf("rounds=%ld\nmin_ns=%lld\nmedian_ns=%lld\np99_ns=%lld\n", rounds,
	       (long long)rtt[0], (long long)rtt[rounds / 2],
	       (long long)rtt[(rounds * 99 + 99) / 100 - 1]);
	return 0;
}
