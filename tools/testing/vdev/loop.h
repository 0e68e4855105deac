/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Single-threaded event loop: file descriptor watches on epoll, one-shot
 * timers kept in a sorted list, and SIGINT/SIGTERM through a signalfd.
 */
#ifndef VDEV_LOOP_H
#define VDEV_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "list.h"

/**
 * struct loop_watch - a file descriptor watched for input
 * @fd: the watched fd, -1 while not registered
 * @fn: called with the epoll events when @fd is ready
 *
 * Embed it in a longer-lived object. A watch may be removed or re-added by
 * any callback, including its own; events still pending for a removed watch
 * are dropped.
 */
struct loop_watch {
	int fd;
	void (*fn)(struct loop_watch *w, uint32_t events);
};

/**
 * struct loop_timer - a one-shot timer
 * @node: link in loop->timers while armed
 * @expires_ns: expiry time on CLOCK_MONOTONIC
 * @fn: called once when the timer expires
 */
struct loop_timer {
	struct vlist node;
	uint64_t expires_ns;
	void (*fn)(struct loop_timer *t);
};

/**
 * struct loop - the event loop
 * @epfd: epoll instance
 * @sigfd: signalfd for SIGINT/SIGTERM, or -1
 * @sig_watch: watch on @sigfd
 * @timers: armed timers, sorted by expiry, earliest first
 * @watch_changes: bumped on every watch change, so that loop_iterate() can
 *	drop the rest of a batch that may hold stale events
 * @stop: set by loop_stop(); loop_run() returns at the next iteration
 *
 * Everything runs on one thread; callbacks may arm and cancel timers and
 * add and remove watches freely.
 */
struct loop {
	int epfd;
	int sigfd;
	struct loop_watch sig_watch;
	struct vlist timers;
	unsigned int watch_changes;
	bool stop;
};

int loop_init(struct loop *l);
void loop_fini(struct loop *l);
int loop_catch_signals(struct loop *l);

int loop_watch_add(struct loop *l, struct loop_watch *w, int fd,
		   void (*fn)(struct loop_watch *w, uint32_t events));
void loop_watch_del(struct loop *l, struct loop_watch *w);

void loop_timer_init(struct loop_timer *t, void (*fn)(struct loop_timer *t));
void loop_timer_arm(struct loop *l, struct loop_timer *t, unsigned int ms);
void loop_timer_cancel(struct loop_timer *t);

int loop_iterate(struct loop *l, int timeout_ms);
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif /* VDEV_LOOP_H */
