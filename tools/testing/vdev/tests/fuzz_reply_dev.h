/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device under the reply fuzzer, for its tests: either model through the
 * test front-end, a fixed cycle of well-formed requests, event buffers
 * kept topped up, guard bytes around every buffer, and checks of the
 * replies for the phases without mutations.
 */
#ifndef VDEV_TESTS_FUZZ_REPLY_DEV_H
#define VDEV_TESTS_FUZZ_REPLY_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "../device.h"
#include "tfront.h"

#define RD_RING		64
/* Bytes of pattern before and after every buffer. */
#define RD_GUARD	32
#define RD_REQ		64
/* Reply room, as the Linux SCMI agent gives (and more than rtc needs). */
#define RD_RESP		136
/* Event buffers the device is given before each request. */
#define RD_EVENTS	6

/**
 * struct rdev - a device under test
 * @t: front-end with rings
 * @scmi: the SCMI model, else virtio-rtc
 * @req: request buffer of each request queue descriptor pair (by head / 2)
 * @resp: reply buffer of each pair
 * @ev: event buffer of each event queue descriptor
 * @ev_size: size of the event buffers
 * @sent: requests sent
 * @replies: used entries taken from the request queue
 * @events: used entries taken from the event queue
 * @bad: replies or events that failed rd_drain()'s checks
 */
struct rdev {
	struct tdev t;
	bool scmi;
	uint64_t req[RD_RING / 2];
	uint64_t resp[RD_RING / 2];
	uint64_t ev[RD_RING];
	uint32_t ev_size;
	unsigned int sent;
	unsigned int replies;
	unsigned int events;
	unsigned int bad;
};

int rd_start(struct rdev *rd, const struct vdev_model *model,
	     const char *ring_features);
void rd_fini(struct rdev *rd);
struct vdev *rd_dev(struct rdev *rd);
int rd_fuzz(struct rdev *rd, const char *args);
unsigned int rd_held(struct rdev *rd);
void rd_top_up(struct rdev *rd);
uint16_t rd_request(struct rdev *rd);
unsigned int rd_drain(struct rdev *rd, bool check);
void rd_run(struct rdev *rd, unsigned int n, bool check);
void rd_wait(struct rdev *rd, unsigned int ms);
bool rd_guards_ok(struct rdev *rd);
bool rd_reset_queue(struct rdev *rd, unsigned int q);
bool rd_reset(struct rdev *rd, int how);

/* rd_reset() styles, as front-ends reset a device. */
enum {
	RD_RESET_DISABLE,	/* SET_VRING_ENABLE 0, new rings (virtio_uml) */
	RD_RESET_STOP,		/* GET_VRING_BASE, new rings (QEMU) */
	RD_RESET_DEVICE,	/* RESET_DEVICE, new rings */
	RD_RESET_NUM
};

#endif /* VDEV_TESTS_FUZZ_REPLY_DEV_H */
