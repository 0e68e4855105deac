/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vdev core internals shared by the protocol code (vhost_user.c), the queue
 * runtime (device.c), main.c and the tests. Device models use device.h.
 */
#ifndef VDEV_VDEV_H
#define VDEV_VDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "device.h"
#include "fault.h"
#include "fuzz_reply.h"
#include "list.h"
#include "loop.h"
#include "mem.h"
#include "timing.h"
#include "virtq.h"

/**
 * struct vdev_queue - one virtqueue: front-end configuration and runtime
 * @dev: owning device
 * @index: queue index
 * @num: ring size from SET_VRING_NUM, 0 if not set
 * @desc_addr: descriptor table address (front-end virtual address)
 * @avail_addr: available ring address
 * @used_addr: used ring address
 * @addr_set: SET_VRING_ADDR was received
 * @base: available index to start from; updated when the queue stops
 * @kick_fd: kick eventfd, or -1
 * @call_fd: call eventfd or pipe, or -1
 * @err_fd: error eventfd, or -1
 * @started: a kick fd was set and no GET_VRING_BASE stopped the ring since
 * @enabled: SET_VRING_ENABLE state
 * @active: the ring is mapped and handed to the model
 * @broken_reported: a broken ring was logged and signalled once
 * @notify_pending: elements were pushed since the last notification
 * @vq: the mapped ring, valid while @active
 * @kick_watch: event loop watch on @kick_fd
 * @inflight: popped elements not returned yet (struct vdev_elem::node)
 * @held: elements parked by the model, oldest first (::hold_node)
 */
struct vdev_queue {
	struct vdev *dev;
	unsigned int index;
	unsigned int num;
	uint64_t desc_addr;
	uint64_t avail_addr;
	uint64_t used_addr;
	bool addr_set;
	uint16_t base;
	int kick_fd;
	int call_fd;
	int err_fd;
	bool started;
	bool enabled;
	bool active;
	bool broken_reported;
	bool notify_pending;
	struct virtq vq;
	struct loop_watch kick_watch;
	struct vlist inflight;
	struct vlist held;
};

/**
 * struct vdev - a device instance: the model plus core state
 * @model: the device model
 * @priv: the model's private state (model->priv_size bytes)
 * @loop: event loop everything runs on
 * @mem: guest memory table
 * @queues: model->num_queues queues
 * @offered_features: feature bits offered to the front-end (the model's,
 *	plus what the command line and the protocol layer add)
 * @features: feature bits acked with SET_FEATURES
 * @auto_enable: SET_FEATURES came without VHOST_USER_F_PROTOCOL_FEATURES,
 *	so rings count as enabled without SET_VRING_ENABLE
 * @fault: fault injection settings
 * @fuzz: reply fuzzer settings and state
 * @depth: nesting of model callbacks; notifications are sent when it
 *	drops back to 0
 * @timing: request timing for benchmarks (--timing)
 */
struct vdev {
	const struct vdev_model *model;
	void *priv;
	struct loop *loop;
	struct vdev_mem mem;
	struct vdev_queue *queues;
	uint64_t offered_features;
	uint64_t features;
	bool auto_enable;
	struct vdev_fault fault;
	struct vdev_fuzz fuzz;
	unsigned int depth;
	struct vdev_timing timing;
};

int vdev_init(struct vdev *dev, const struct vdev_model *model,
	      struct loop *loop);
void vdev_fini(struct vdev *dev);
struct vdev_queue *vdev_queue(struct vdev *dev, uint32_t index);

void vdev_queue_update(struct vdev_queue *q);
void vdev_queue_deactivate(struct vdev_queue *q);
void vdev_queue_stop(struct vdev_queue *q);
int vdev_queue_set_kick(struct vdev_queue *q, int fd);
void vdev_queue_set_call(struct vdev_queue *q, int fd);
void vdev_queue_set_err(struct vdev_queue *q, int fd);
void vdev_queues_suspend(struct vdev *dev);
void vdev_queues_resume(struct vdev *dev);

void vdev_set_features(struct vdev *dev, uint64_t features, bool auto_enable);
void vdev_get_config(struct vdev *dev, uint32_t off, void *buf, uint32_t len);
void vdev_reset(struct vdev *dev);
int vdev_model_control(struct vdev *dev, const char *cmd, FILE *out);
void vdev_disconnect(struct vdev *dev);
unsigned int vdev_fuzz_release(struct vdev *dev);
unsigned int vdev_fuzz_withheld(const struct vdev *dev);
int vdev_ring_features(struct vdev *dev, const char *list);

#define VDEV_RING_FEATURES_HELP \
	"  --ring-features LIST  offer ring features: [+|-]indirect, [+|-]event-idx,\n" \
	"        [+|-]ring-reset, comma-separated (default: none of them)\n"

#endif /* VDEV_VDEV_H */
