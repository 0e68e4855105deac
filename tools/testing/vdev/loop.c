// SPDX-License-Identifier: GPL-2.0
/*
 * Single-threaded event loop for the vdev backend.
 *
 * Watches are level triggered. When a callback adds or removes a watch,
 * the rest of the current epoll batch is dropped: the events in it may
 * belong to a watch that has gone or now watches another fd, and any that
 * are still valid are reported again by the next epoll_wait().
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define LOOP_MAX_EVENTS	16

static uint64_t loop_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/**
 * loop_init() - set up an empty event loop
 * @l: loop to initialise
 *
 * Return: 0 or a negative errno.
 */
int loop_init(struct loop *l)
{
	memset(l, 0, sizeof(*l));
	l->sigfd = -1;
	l->sig_watch.fd = -1;
	vlist_init(&l->timers);
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -errno;
	return 0;
}

/**
 * loop_fini() - release the loop's own file descriptors
 * @l: loop set up by loop_init()
 *
 * Watches and timers owned by others must have been removed already.
 */
void loop_fini(struct loop *l)
{
	loop_watch_del(l, &l->sig_watch);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->epfd >= 0)
		close(l->epfd);
	l->sigfd = -1;
	l->epfd = -1;
}

static void loop_signal(struct loop_watch *w, uint32_t events)
{
	struct loop *l = vlist_entry(w, struct loop, sig_watch);
	struct signalfd_siginfo si;

	if (read(l->sigfd, &si, sizeof(si)) != sizeof(si))
		return;
	log_info("caught signal %u, shutting down", si.ssi_signo);
	loop_stop(l);
}

/**
 * loop_catch_signals() - make SIGINT and SIGTERM stop the loop
 * @l: the loop
 *
 * The signals are blocked and read through a signalfd, so loop_run()
 * returns normally and the caller can clean up.
 *
 * Return: 0 or a negative errno.
 */
int loop_catch_signals(struct loop *l)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	l->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0)
		return -errno;
	return loop_watch_add(l, &l->sig_watch, l->sigfd, loop_signal);
}

/**
 * loop_watch_add() - watch @fd for input
 * @l: the loop
 * @w: watch to register; must not be registered yet
 * @fd: file descriptor to watch
 * @fn: callback
 *
 * Return: 0 or a negative errno.
 */
int loop_watch_add(struct loop *l, struct loop_watch *w, int fd,
		   void (*fn)(struct loop_watch *w, uint32_t events))
{
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.ptr = w,
	};

	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	w->fd = fd;
	w->fn = fn;
	l->watch_changes++;
	return 0;
}

/**
 * loop_watch_del() - stop watching; a no-op for an unregistered watch
 * @l: the loop
 * @w: the watch
 *
 * Call it before closing the watched fd.
 */
void loop_watch_del(struct loop *l, struct loop_watch *w)
{
	if (w->fd < 0)
		return;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
	l->watch_changes++;
}

/**
 * loop_timer_init() - prepare a disarmed timer
 * @t: timer
 * @fn: callback run when it expires
 */
void loop_timer_init(struct loop_timer *t, void (*fn)(struct loop_timer *t))
{
	vlist_init(&t->node);
	t->expires_ns = 0;
	t->fn = fn;
}

/**
 * loop_timer_arm() - (re)arm @t to expire @ms milliseconds from now
 * @l: the loop
 * @t: timer set up by loop_timer_init()
 * @ms: delay; 0 runs the timer at the next loop iteration
 *
 * Timers with the same expiry run in the order they were armed.
 */
void loop_timer_arm(struct loop *l, struct loop_timer *t, unsigned int ms)
{
	struct vlist *pos;

	vlist_del(&t->node);
	t->expires_ns = loop_now_ns() + (uint64_t)ms * 1000000ull;
	for (pos = l->timers.next; pos != &l->timers; pos = pos->next) {
		struct loop_timer *o = vlist_entry(pos, struct loop_timer, node);

		if (o->expires_ns > t->expires_ns)
			break;
	}
	vlist_add_before(&t->node, pos);
}

/**
 * loop_timer_cancel() - disarm @t; a no-op if it is not armed
 * @t: timer
 */
void loop_timer_cancel(struct loop_timer *t)
{
	vlist_del(&t->node);
}

static int loop_timeout(struct loop *l, int timeout_ms)
{
	struct loop_timer *first;
	uint64_t now, left_ms;

	if (vlist_empty(&l->timers))
		return timeout_ms;
	first = vlist_entry(l->timers.next, struct loop_timer, node);
	now = loop_now_ns();
	if (first->expires_ns <= now)
		return 0;
	left_ms = (first->expires_ns - now + 999999) / 1000000;
	if (timeout_ms >= 0 && (uint64_t)timeout_ms < left_ms)
		return timeout_ms;
	return left_ms > 60000 ? 60000 : (int)left_ms;
}

static void loop_run_timers(struct loop *l)
{
	uint64_t now = loop_now_ns();

	while (!vlist_empty(&l->timers)) {
		struct loop_timer *t = vlist_entry(l->timers.next,
						   struct loop_timer, node);

		if (t->expires_ns > now)
			break;
		vlist_del(&t->node);
		t->fn(t);
	}
}

/**
 * loop_iterate() - wait once for events and run what is ready
 * @l: the loop
 * @timeout_ms: longest wait, -1 for no limit besides armed timers
 *
 * Return: number of fd events handled, or a negative errno.
 */
int loop_iterate(struct loop *l, int timeout_ms)
{
	struct epoll_event ev[LOOP_MAX_EVENTS];
	unsigned int changes;
	int i, n;

	n = epoll_wait(l->epfd, ev, LOOP_MAX_EVENTS, loop_timeout(l, timeout_ms));
	if (n < 0) {
		if (errno != EINTR)
			return -errno;
		n = 0;
	}
	changes = l->watch_changes;
	for (i = 0; i < n && changes == l->watch_changes; i++) {
		struct loop_watch *w = ev[i].data.ptr;

		w->fn(w, ev[i].events);
	}
	loop_run_timers(l);
	return i;
}

/**
 * loop_run() - run until loop_stop() is called
 * @l: the loop
 *
 * Return: 0, or a negative errno if epoll failed.
 */
int loop_run(struct loop *l)
{
	int ret;

	while (!l->stop) {
		ret = loop_iterate(l, -1);
		if (ret < 0) {
			log_err("epoll: %s", strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/**
 * loop_stop() - make loop_run() return after the current iteration
 * @l: the loop
 */
void loop_stop(struct loop *l)
{
	l->stop = true;
}
