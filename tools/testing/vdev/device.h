/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface between the vdev core and a device model.
 *
 * A model describes a virtio device (id, feature bits, queues, options) in
 * a struct vdev_model and reacts to queue events. The core does the
 * vhost-user protocol, maps guest memory, validates descriptor chains and
 * applies fault injection; a model only sees well-formed chains.
 *
 * Rules for models:
 * - Every element taken with vdev_pop() must eventually be given back with
 *   vdev_push(), or parked with vdev_hold().
 * - After queue_stop() (or reset()) returns, every element of that queue
 *   is gone: the core frees held and in-flight elements itself, so the
 *   model must drop its pointers to them and cancel timers that use them.
 */
#ifndef VDEV_DEVICE_H
#define VDEV_DEVICE_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "list.h"
#include "loop.h"
#include "virtq.h"

#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_RING_RESET		40

/* struct option::val of model options starts here; the core uses less. */
#define VDEV_OPT_MODEL_BASE		0x200

struct vdev;
struct vdev_fuzz_ops;

/**
 * struct vdev_elem - a descriptor chain handed to a model
 * @v: the chain: readable and writable segments, lengths
 * @queue: index of the queue it came from
 * @dev: core-private, device it belongs to
 * @node: core-private, link in the queue's in-flight list
 * @hold_node: core-private, link in the queue's held list
 * @delay: core-private, deferred push for fault injection
 * @delay_len: core-private, used length of the deferred push
 * @withheld: core-private, delayed or dropped by the reply fuzzer
 *
 * Read the request with virtq_elem_read(&elem->v, ...) and write the reply
 * with virtq_elem_write(&elem->v, ...).
 */
struct vdev_elem {
	struct virtq_elem v;
	unsigned int queue;
	struct vdev *dev;
	struct vlist node;
	struct vlist hold_node;
	struct loop_timer delay;
	uint32_t delay_len;
	bool withheld;
};

/**
 * struct vdev_timer - a one-shot timer for a model
 * @lt: the loop timer
 * @dev: device it belongs to
 * @fn: model callback; notifications for pushes it makes are batched
 */
struct vdev_timer {
	struct loop_timer lt;
	struct vdev *dev;
	void (*fn)(struct vdev_timer *t);
};

/**
 * struct vdev_model - a virtio device model
 * @name: name for --device
 * @device_id: virtio device id
 * @features: device feature bits offered, including VIRTIO_F_VERSION_1
 * @num_queues: number of virtqueues
 * @priv_size: bytes of zeroed private state, see vdev_priv()
 * @config_size: bytes of device configuration space (0: none)
 * @options: model options for getopt_long(), NULL-terminated, with
 *	val >= VDEV_OPT_MODEL_BASE; may be NULL
 * @help: help text for @options
 * @parse_option: handle one of @options; return 0 or a negative errno
 * @init: set up the private state with defaults, before option parsing;
 *	return 0 or a negative errno; optional
 * @queue_start: queue @q is ready (mapped, started, enabled); optional
 * @queue_stop: queue @q stops; drop every element of it; optional
 * @kick: the driver made buffers available on queue @q
 * @reset: the device is reset or the front-end went away, after every
 *	queue was stopped; optional
 * @get_config: fill @len bytes of config space from @off; optional (zeros)
 * @set_config: driver write to config space; optional (refused)
 * @control: run one control-channel command @cmd (a line such as
 *	"step 0 +1000"), writing output lines to @out; return 0, -ENOENT for
 *	a command the model does not know, or another negative errno;
 *	optional. "fault SPEC" and "fault off" come here for fault settings
 *	the core does not know (see control.h).
 * @fuzz: what the reply fuzzer needs to know of the protocol (see
 *	fuzz_reply.h); NULL: only the generic mutations
 */
struct vdev_model {
	const char *name;
	uint32_t device_id;
	uint64_t features;
	unsigned int num_queues;
	size_t priv_size;
	uint32_t config_size;
	const struct option *options;
	const char *help;
	int (*parse_option)(struct vdev *dev, int opt, const char *arg);
	int (*init)(struct vdev *dev);
	void (*queue_start)(struct vdev *dev, unsigned int q);
	void (*queue_stop)(struct vdev *dev, unsigned int q);
	void (*kick)(struct vdev *dev, unsigned int q);
	void (*reset)(struct vdev *dev);
	void (*get_config)(struct vdev *dev, uint32_t off, void *buf,
			   uint32_t len);
	int (*set_config)(struct vdev *dev, uint32_t off, const void *buf,
			  uint32_t len);
	int (*control)(struct vdev *dev, const char *cmd, FILE *out);
	const struct vdev_fuzz_ops *fuzz;
};

void *vdev_priv(struct vdev *dev);
bool vdev_has_feature(const struct vdev *dev, unsigned int bit);
void vdev_offer_feature(struct vdev *dev, unsigned int bit, bool offer);

struct vdev_elem *vdev_pop(struct vdev *dev, unsigned int q);
void vdev_push(struct vdev *dev, struct vdev_elem *elem, uint32_t len);
void vdev_hold(struct vdev *dev, struct vdev_elem *elem);
struct vdev_elem *vdev_unhold(struct vdev *dev, unsigned int q);

void vdev_timer_init(struct vdev *dev, struct vdev_timer *t,
		     void (*fn)(struct vdev_timer *t));
void vdev_timer_arm(struct vdev_timer *t, unsigned int ms);
void vdev_timer_cancel(struct vdev_timer *t);

#endif /* VDEV_DEVICE_H */
