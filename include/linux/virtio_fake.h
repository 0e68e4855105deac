/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake virtio device for KUnit tests of virtio drivers.
 *
 * The test owns the device side: it takes the chains the driver made
 * available, answers them (in order, out of order, late, short, twice or
 * never) and raises the virtqueue callback when it wants, so every state of
 * a driver's message handling can be reached without timing luck.
 */

#ifndef _LINUX_VIRTIO_FAKE_H
#define _LINUX_VIRTIO_FAKE_H

#include <linux/types.h>

struct kunit;
struct virtio_device;
struct virtio_fake;

/**
 * enum virtio_fake_fault - transport operations a test can make fail
 * @VIRTIO_FAKE_FAIL_FIND_VQS: find_vqs() returns -ENOMEM
 * @VIRTIO_FAKE_FAIL_NOTIFY: a notification fails (the virtqueue breaks)
 * @VIRTIO_FAKE_NUM_FAULTS: number of faults
 */
enum virtio_fake_fault {
	VIRTIO_FAKE_FAIL_FIND_VQS,
	VIRTIO_FAKE_FAIL_NOTIFY,
	VIRTIO_FAKE_NUM_FAULTS,
};

/**
 * struct virtio_fake_req - a chain the driver made available
 * @queue: the virtqueue it came from
 * @out: the driver-readable bytes, copied
 * @out_len: number of bytes in @out
 * @in_cap: size of the device-writable part
 *
 * Owned by the test after virtio_fake_pop() until it is given back with
 * virtio_fake_complete() or virtio_fake_forget().
 */
struct virtio_fake_req {
	unsigned int queue;
	void *out;
	size_t out_len;
	size_t in_cap;
};

/**
 * typedef virtio_fake_kick_fn - called when the driver notifies a queue
 * @vf: the fake device
 * @queue: the queue
 * @ctx: the test's context
 *
 * Runs in the context of the driver's notification (any context: no
 * sleeping); it may pop, complete and raise interrupts.
 */
typedef void (*virtio_fake_kick_fn)(struct virtio_fake *vf, unsigned int queue,
				    void *ctx);

struct virtio_fake *virtio_fake_create(struct kunit *test, u32 device_id,
				       u64 features, unsigned int num_queues,
				       unsigned int ring_size);
int virtio_fake_register(struct virtio_fake *vf);
void virtio_fake_unregister(struct virtio_fake *vf);
struct virtio_device *virtio_fake_vdev(struct virtio_fake *vf);
u8 virtio_fake_status(struct virtio_fake *vf);
bool virtio_fake_bound(struct virtio_fake *vf);
void virtio_fake_on_kick(struct virtio_fake *vf, virtio_fake_kick_fn fn,
			 void *ctx);

struct virtio_fake_req *virtio_fake_pop(struct virtio_fake *vf,
					unsigned int queue);
struct virtio_fake_req *virtio_fake_wait(struct virtio_fake *vf,
					 unsigned int queue,
					 unsigned int timeout_ms);
void virtio_fake_complete(struct virtio_fake *vf, struct virtio_fake_req *req,
			  const void *data, size_t len, u32 used_len);
void virtio_fake_forget(struct virtio_fake_req *req);
void virtio_fake_interrupt(struct virtio_fake *vf, unsigned int queue);
bool virtio_fake_interrupt_async(struct virtio_fake *vf, unsigned int queue,
				 int cpu);
void virtio_fake_interrupt_after(struct virtio_fake *vf, unsigned int queue,
				 u64 delay_ns);
void virtio_fake_fail(struct virtio_fake *vf, enum virtio_fake_fault fault,
		      unsigned int nth);
unsigned int virtio_fake_num_vqs(struct virtio_fake *vf);
unsigned int virtio_fake_kicks(struct virtio_fake *vf, unsigned int queue);
bool virtio_fake_wants_interrupt(struct virtio_fake *vf, unsigned int queue);

#endif /* _LINUX_VIRTIO_FAKE_H */
