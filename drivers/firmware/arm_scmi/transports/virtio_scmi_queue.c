// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: message pools and the binding of a virtqueue to an
 * SCMI channel.
 *
 * Message buffers live as long as the virtio device, not as long as the
 * SCMI instance using them: the device may own a buffer after its SCMI
 * channel is gone, and only a reset of the device takes it back.
 */

#include <linux/slab.h>
#include <linux/wait_bit.h>

#include "virtio_scmi.h"

/**
 * vscmi_queue_init() - set up a queue without messages
 * @q: the queue, zeroed
 * @vdev: the device
 * @commands: the queue carries commands (cmdq)
 */
void vscmi_queue_init(struct vscmi_queue *q, struct virtio_device *vdev,
		      bool commands)
{
	q->vdev = vdev;
	q->commands = commands;
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->free);
	INIT_LIST_HEAD(&q->sent);
}

/**
 * vscmi_queue_alloc() - allocate a queue's messages
 * @q: the queue, initialized, without messages
 * @num_msgs: how many messages
 *
 * Return: 0 or -ENOMEM.
 */
int vscmi_queue_alloc(struct vscmi_queue *q, unsigned int num_msgs)
{
	bool with_req = q->commands;
	unsigned int i;

	q->msgs = kcalloc(num_msgs, sizeof(*q->msgs), GFP_KERNEL);
	if (!q->msgs)
		return -ENOMEM;
	q->num_msgs = num_msgs;
	for (i = 0; i < num_msgs; i++) {
		struct vscmi_msg *msg = &q->msgs[i];

		msg->resp = kzalloc(VSCMI_PDU_SIZE, GFP_KERNEL);
		if (with_req)
			msg->req = kzalloc(VSCMI_PDU_SIZE, GFP_KERNEL);
		if (!msg->resp || (with_req && !msg->req)) {
			vscmi_queue_free(q);
			return -ENOMEM;
		}
		INIT_LIST_HEAD(&msg->sent_node);
		list_add_tail(&msg->node, &q->free);
	}
	return 0;
}

/**
 * vscmi_queue_free() - free a queue's messages
 * @q: the queue; its virtqueue is gone or the device is reset
 */
void vscmi_queue_free(struct vscmi_queue *q)
{
	unsigned int i;

	for (i = 0; q->msgs && i < q->num_msgs; i++) {
		kfree(q->msgs[i].req);
		kfree(q->msgs[i].resp);
	}
	kfree(q->msgs);
	q->msgs = NULL;
	q->num_msgs = 0;
	INIT_LIST_HEAD(&q->free);
	INIT_LIST_HEAD(&q->sent);
}

/**
 * vscmi_queue_bind() - attach an SCMI channel to a queue
 * @q: the queue
 * @cinfo: the channel
 *
 * Return: 0, -ENODEV when the device is not ready, or -EBUSY when another
 * channel has the queue.
 */
int vscmi_queue_bind(struct vscmi_queue *q, struct scmi_chan_info *cinfo)
{
	unsigned long flags;
	int ret = 0;

	BUILD_BUG_ON(VSCMI_NUM_TOKENS != MSG_TOKEN_MAX);
	spin_lock_irqsave(&q->lock, flags);
	if (!q->live)
		ret = -ENODEV;
	else if (q->cinfo)
		ret = -EBUSY;
	else
		q->cinfo = cinfo;
	/* A new SCMI instance has sent nothing yet. */
	if (!ret)
		bitmap_zero(q->tokens, VSCMI_NUM_TOKENS);
	spin_unlock_irqrestore(&q->lock, flags);
	if (!ret)
		WRITE_ONCE(cinfo->transport_info, q);
	return ret;
}

/**
 * vscmi_queue_get_user() - use a live queue outside its lock
 * @q: the queue
 *
 * Return: true when @q is live; the caller then owes a
 * vscmi_queue_put_user(), and the queue stays set up until it is made.
 */
bool vscmi_queue_get_user(struct vscmi_queue *q)
{
	unsigned long flags;
	bool live;

	spin_lock_irqsave(&q->lock, flags);
	live = q->live;
	if (live)
		atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);
	return live;
}

/**
 * vscmi_queue_put_user() - done using a queue outside its lock
 * @q: the queue
 */
void vscmi_queue_put_user(struct vscmi_queue *q)
{
	if (atomic_dec_and_test(&q->users))
		wake_up_var(&q->users);
}

/* Wait until nobody uses the queue outside its lock any more. */
static void vscmi_queue_quiesce(struct vscmi_queue *q)
{
	wait_var_event(&q->users, !atomic_read(&q->users));
}

/*
 * The transfers of an SCMI channel that goes away are over: a reply the
 * device still owes goes nowhere. Called with the lock held.
 */
static void vscmi_queue_orphan_all(struct vscmi_queue *q)
{
	unsigned int i;

	for (i = 0; i < q->num_msgs; i++) {
		struct vscmi_msg *msg = &q->msgs[i];

		vscmi_msg_forget(msg);
		/*
		 * Polled replies nobody will collect go back to the pool: a
		 * poller left over finds no message and fails at once.
		 */
		if (msg->state == VSCMI_MSG_RETURNED) {
			msg->state = VSCMI_MSG_FREE;
			list_add(&msg->node, &q->free);
		}
	}
}

/**
 * vscmi_queue_unbind() - detach the SCMI channel from a queue
 * @q: the queue
 *
 * Waits for deliveries to the channel in progress; none start afterwards.
 */
void vscmi_queue_unbind(struct vscmi_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->cinfo = NULL;
	spin_unlock_irqrestore(&q->lock, flags);
	vscmi_queue_quiesce(q);
	spin_lock_irqsave(&q->lock, flags);
	if (q->commands) {
		vscmi_queue_orphan_all(q);
		bitmap_zero(q->tokens, VSCMI_NUM_TOKENS);
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * vscmi_queue_halt() - stop new users of a queue
 * @q: the queue
 *
 * Nothing is sent, and nothing received is delivered, once this returns.
 * The device must be reset before its messages are reclaimed.
 */
void vscmi_queue_halt(struct vscmi_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->live = false;
	spin_unlock_irqrestore(&q->lock, flags);
	vscmi_queue_quiesce(q);
}

/**
 * vscmi_queue_reclaim() - take every message back after a device reset
 * @q: the queue; halted, the device reset, no callback running, its
 *	virtqueue not deleted yet
 *
 * Every buffer the virtqueue still holds, used or not, is detached from
 * it first: the virtio core frees a buffer's indirect descriptor table
 * only when the buffer comes back, so a command in flight at a reset
 * would leak its table on a device offering VIRTIO_RING_F_INDIRECT_DESC.
 *
 * A failed command whose sender polls stays with its sender until its
 * mark_txdone, so the poller reads its own COMMS_ERROR and never a
 * message reused for another command.
 */
void vscmi_queue_reclaim(struct vscmi_queue *q)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&q->lock, flags);
	while (q->vq && virtqueue_detach_unused_buf(q->vq))
		;
	INIT_LIST_HEAD(&q->free);
	for (i = 0; i < q->num_msgs; i++) {
		struct vscmi_msg *msg = &q->msgs[i];

		if (msg->state == VSCMI_MSG_RETURNED && msg->polled &&
		    msg->xfer)
			continue;
		vscmi_msg_forget(msg);
		msg->state = VSCMI_MSG_FREE;
		list_add_tail(&msg->node, &q->free);
	}
	q->vq = NULL;
	spin_unlock_irqrestore(&q->lock, flags);
}
