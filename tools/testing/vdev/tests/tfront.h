/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test front-end: drives the back-end's protocol handler in-process over
 * a socketpair, one message at a time, by pumping the event loop.
 */
#ifndef VDEV_TESTS_TFRONT_H
#define VDEV_TESTS_TFRONT_H

#include <stdbool.h>
#include <stdint.h>

#include "../loop.h"
#include "../vdev.h"
#include "../vhost_user.h"
#include "guest.h"

/**
 * struct tfront - back-end under test plus our end of its socket
 * @loop: the back-end's event loop
 * @dev: the device
 * @srv: the vhost-user server
 * @sock: our end of the connection, -1 if none
 */
struct tfront {
	struct loop loop;
	struct vdev dev;
	struct vu_server srv;
	int sock;
};

/* Most fds tf_send() passes: more than the back-end accepts. */
#define TF_MAX_FDS	16

int tf_init(struct tfront *tf, const struct vdev_model *model);
int tf_connect_pair(struct tfront *tf);
void tf_fini(struct tfront *tf);
void tf_pump(struct tfront *tf);
int tf_send(struct tfront *tf, uint32_t req, uint32_t flags,
	    const void *payload, uint32_t size, const int *fds,
	    unsigned int nfds);
int tf_recv(struct tfront *tf, uint32_t req, void *payload, size_t max);
int64_t tf_ack(struct tfront *tf, uint32_t req, const void *payload,
	       uint32_t size, const int *fds, unsigned int nfds);
int tf_get_u64(struct tfront *tf, uint32_t req, uint64_t *val);
bool tf_quiet(struct tfront *tf);
int tf_open_fds(void);

#define TDEV_MAX_QUEUES	2

/**
 * struct tdev - a front-end with guest memory and running rings
 * @tf: protocol front-end
 * @g: guest memory
 * @ring: driver side of each queue
 * @kick: our copy of each queue's kick eventfd
 * @call: our copy of each queue's call eventfd (non-blocking)
 * @nq: number of queues set up
 */
struct tdev {
	struct tfront tf;
	struct tguest g;
	struct tring ring[TDEV_MAX_QUEUES];
	int kick[TDEV_MAX_QUEUES];
	int call[TDEV_MAX_QUEUES];
	unsigned int nq;
};

int tdev_start(struct tdev *t, unsigned int num);
int tdev_queue(struct tdev *t, unsigned int q, unsigned int num);
void tdev_fini(struct tdev *t);
void tdev_kick(struct tdev *t, unsigned int q);
bool tdev_called(struct tdev *t, unsigned int q);

#endif /* VDEV_TESTS_TFRONT_H */
