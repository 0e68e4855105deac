// SPDX-License-Identifier: GPL-2.0
/*
 * Request timing for benchmarks, see timing.h. The times are taken on the
 * back-end's only thread: the kick when its event loop hands over the kick
 * fd, the notification right after the call fd was written.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "timing.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/**
 * vdev_timing_enable() - start recording
 * @t: zeroed timing state
 *
 * Return: 0 or -ENOMEM.
 */
int vdev_timing_enable(struct vdev_timing *t)
{
	t->handle = calloc(VDEV_TIMING_MAX, sizeof(*t->handle));
	t->turn = calloc(VDEV_TIMING_MAX, sizeof(*t->turn));
	if (!t->handle || !t->turn) {
		vdev_timing_fini(t);
		return -ENOMEM;
	}
	t->on = true;
	return 0;
}

static void record(uint32_t *v, size_t *n, uint64_t ns)
{
	if (*n < VDEV_TIMING_MAX)
		v[(*n)++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

/*
 * An event that ends the interval begun at *@since (if one was begun):
 * record it in @v, and begin the next interval at *@next.
 */
static void step(struct vdev_timing *t, uint64_t *since, uint32_t *v,
		 size_t *n, uint64_t *next)
{
	uint64_t now;

	if (!t->on)
		return;
	now = mono_ns();
	if (*since)
		record(v, n, now - *since);
	*since = 0;
	*next = now;
}

/**
 * vdev_timing_kick() - the request queue was kicked
 * @t: timing state
 */
void vdev_timing_kick(struct vdev_timing *t)
{
	t->kicks++;
	step(t, &t->signal_ns, t->turn, &t->n_turn, &t->kick_ns);
}

/**
 * vdev_timing_signal() - the guest was notified of replies on the request
 *	queue
 * @t: timing state
 */
void vdev_timing_signal(struct vdev_timing *t)
{
	t->signals++;
	step(t, &t->kick_ns, t->handle, &t->n_handle, &t->signal_ns);
}

/**
 * vdev_timing_reply() - a reply was put on the request queue's used ring
 * @t: timing state
 */
void vdev_timing_reply(struct vdev_timing *t)
{
	t->replies++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void report_one(FILE *f, const char *what, uint32_t *v, size_t n)
{
	if (!n) {
		fprintf(f, "vdev: timing %s n=0\n", what);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_u32);
	fprintf(f, "vdev: timing %s n=%zu median_ns=%u p99_ns=%u min_ns=%u\n", what,
		n, v[n / 2], v[n * 99 / 100], v[0]);
}

/**
 * vdev_timing_report() - print the medians and 99th percentiles, and the
 *	counts
 * @t: timing state (its samples get sorted)
 * @f: where to
 */
void vdev_timing_report(struct vdev_timing *t, FILE *f)
{
	if (!t->on)
		return;
	/* backend: kick to notification; guest: notification to next kick */
	report_one(f, "backend", t->handle, t->n_handle);
	report_one(f, "guest", t->turn, t->n_turn);
	fprintf(f, "vdev: timing counts kicks=%llu signals=%llu replies=%llu\n",
		(unsigned long long)t->kicks, (unsigned long long)t->signals,
		(unsigned long long)t->replies);
}

/**
 * vdev_timing_reset() - drop the samples taken so far
 * @t: timing state
 */
void vdev_timing_reset(struct vdev_timing *t)
{
	t->n_handle = 0;
	t->n_turn = 0;
	t->kicks = 0;
	t->signals = 0;
	t->replies = 0;
	t->kick_ns = 0;
	t->signal_ns = 0;
}

/**
 * vdev_timing_fini() - free the samples
 * @t: timing state
 */
void vdev_timing_fini(struct vdev_timing *t)
{
	free(t->handle);
	free(t->turn);
	t->handle = NULL;
	t->turn = NULL;
	t->on = false;
}
