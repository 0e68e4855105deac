/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Request timing for benchmarks (--timing): for queue 0 (the request queue
 * of both models), how long the back-end takes from a kick to the reply's
 * notification, and how long the guest takes from that notification to
 * its next kick. With one guest caller sending requests back to back, the
 * second is the guest's whole share of a round trip: interrupt, wake-up,
 * return to user space, the next call down to the driver and its kick.
 * With several callers, the counts of kicks, notifications and replies
 * say how many of each a request costs.
 */
#ifndef VDEV_TIMING_H
#define VDEV_TIMING_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/**
 * struct vdev_timing - samples of one device's request queue
 * @on: --timing was given
 * @kick_ns: CLOCK_MONOTONIC when the kick being served was seen, or 0
 * @signal_ns: when the last reply was notified, or 0
 * @handle: back-end times, kick to notification (ns)
 * @turn: guest times, notification to the next kick (ns)
 * @n_handle: number of @handle samples
 * @n_turn: number of @turn samples
 * @kicks: kicks of the request queue seen
 * @signals: notifications of the request queue's replies sent
 * @replies: replies put on the request queue's used ring
 */
struct vdev_timing {
	bool on;
	uint64_t kick_ns;
	uint64_t signal_ns;
	uint32_t *handle;
	uint32_t *turn;
	size_t n_handle;
	size_t n_turn;
	uint64_t kicks;
	uint64_t signals;
	uint64_t replies;
};

/* Samples kept per kind; later ones are not recorded. */
#define VDEV_TIMING_MAX	(1024u * 1024u)

int vdev_timing_enable(struct vdev_timing *t);
void vdev_timing_kick(struct vdev_timing *t);
void vdev_timing_signal(struct vdev_timing *t);
void vdev_timing_reply(struct vdev_timing *t);
void vdev_timing_report(struct vdev_timing *t, FILE *f);
void vdev_timing_reset(struct vdev_timing *t);
void vdev_timing_fini(struct vdev_timing *t);

#endif /* VDEV_TIMING_H */
