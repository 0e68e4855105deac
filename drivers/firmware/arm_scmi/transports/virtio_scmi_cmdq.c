// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: the command queue.
 *
 * A command and its response travel in one message: a device-readable
 * buffer with the command, a device-writable one as large as any response.
 * A message belongs to the device from the moment it is queued until it
 * comes back in the used ring; it is never reused before that, whatever
 * the sender's timeout said. Replies are taken from the used ring by the
 * virtqueue callback or by pollers, whichever comes first: a poller that
 * takes another caller's reply delivers it to that caller.
 *
 * A transfer whose sender gave up (mark_txdone after a timeout) is
 * forgotten by its message, so a late reply is dropped here and never
 * reaches the SCMI core, where its token may already name a newer transfer.
 */

#include <linux/scatterlist.h>
#include <linux/wait_bit.h>

#include "virtio_scmi.h"

static void vscmi_put_user(struct vscmi_queue *q)
{
	if (atomic_dec_and_test(&q->users))
		wake_up_var(&q->users);
}

/* Back to the pool. Called with the lock held. */
static void vscmi_msg_release(struct vscmi_queue *q, struct vscmi_msg *msg)
{
	msg->state = VSCMI_MSG_FREE;
	msg->xfer = NULL;
	msg->polled = false;
	list_add(&msg->node, &q->free);
}

/* Turn the message's response into "PROTOCOL_ERROR" for the command sent. */
static void vscmi_msg_fail(struct vscmi_msg *msg, int scmi_status)
{
	msg->resp->header = cpu_to_le32(msg->header);
	msg->resp->data[0] = cpu_to_le32(scmi_status);
	msg->used_len = 2 * sizeof(__le32);
}

/*
 * The device gave @msg back with @len bytes. Check the reply and decide who
 * gets it: return true when the caller must deliver it to the channel (and
 * then release it), false when it was released or left for its poller.
 * Called with the lock held.
 */
static bool vscmi_msg_returned(struct vscmi_queue *q, struct vscmi_msg *msg,
			       unsigned int len)
{
	struct device *dev = &q->vdev->dev;
	u32 header;

	if (msg->state != VSCMI_MSG_QUEUED) {
		dev_warn_ratelimited(dev, "device returned a buffer twice\n");
		return false;
	}
	msg->state = VSCMI_MSG_RETURNED;
	msg->used_len = len;
	header = le32_to_cpu(msg->resp->header);
	if (len < 2 * sizeof(__le32) || len > VSCMI_PDU_SIZE ||
	    header != msg->header) {
		dev_warn_ratelimited(dev,
				     "bad response to command 0x%08x: %u bytes, header 0x%08x\n",
				     msg->header, len,
				     len >= sizeof(__le32) ? header : 0);
		if (msg->xfer && q->cinfo)
			vscmi_core->bad_message_trace(q->cinfo, msg->header,
						      MSG_INVALID);
		vscmi_msg_fail(msg, SCMI_ERR_PROTOCOL);
	}

	if (msg->polled)
		return false;
	if (!msg->xfer || !q->cinfo) {
		dev_dbg(dev, "dropped a late response to command 0x%08x\n",
			msg->header);
		vscmi_msg_release(q, msg);
		return false;
	}
	return true;
}

/*
 * Hand returned messages to their channel, then back to the pool. The
 * caller took a user reference for this; it is dropped here.
 */
static void vscmi_cmdq_deliver(struct vscmi_queue *q,
			       struct scmi_chan_info *cinfo,
			       struct list_head *deliver)
{
	struct vscmi_msg *msg, *tmp;
	unsigned long flags;

	list_for_each_entry_safe(msg, tmp, deliver, node) {
		list_del(&msg->node);
		vscmi_core->rx_callback(cinfo, msg->header, msg);
		spin_lock_irqsave(&q->lock, flags);
		vscmi_msg_release(q, msg);
		spin_unlock_irqrestore(&q->lock, flags);
	}
	vscmi_put_user(q);
}

/*
 * Take every returned message from the used ring; deliver those nobody
 * polls for. Any context.
 */
static void vscmi_cmdq_harvest(struct vscmi_queue *q)
{
	struct scmi_chan_info *cinfo = NULL;
	struct vscmi_msg *msg;
	LIST_HEAD(deliver);
	unsigned long flags;
	unsigned int len;

	spin_lock_irqsave(&q->lock, flags);
	if (!q->live) {
		spin_unlock_irqrestore(&q->lock, flags);
		return;
	}
	while ((msg = virtqueue_get_buf(q->vq, &len)))
		if (vscmi_msg_returned(q, msg, len))
			list_add_tail(&msg->node, &deliver);
	if (!list_empty(&deliver)) {
		cinfo = q->cinfo;
		atomic_inc(&q->users);
	}
	spin_unlock_irqrestore(&q->lock, flags);
	if (cinfo)
		vscmi_cmdq_deliver(q, cinfo, &deliver);
}

/**
 * vscmi_cmdq_done() - the cmdq virtqueue callback
 * @vq: the cmdq
 */
void vscmi_cmdq_done(struct virtqueue *vq)
{
	struct vscmi_dev *vsdev = vq->vdev->priv;

	vscmi_cmdq_harvest(&vsdev->cmdq);
}

/**
 * vscmi_cmdq_start() - the cmdq's virtqueue exists: accept commands
 * @q: the queue
 * @vq: its virtqueue
 */
void vscmi_cmdq_start(struct vscmi_queue *q, struct virtqueue *vq)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->vq = vq;
	q->live = true;
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * vscmi_cmdq_send() - queue a command
 * @q: the cmdq
 * @xfer: the transfer
 *
 * Return: 0, -ENODEV when the device is gone, -EBUSY when every message is
 * with the device, or an error from the virtqueue.
 */
int vscmi_cmdq_send(struct vscmi_queue *q, struct scmi_xfer *xfer)
{
	struct scatterlist req_sg, resp_sg, *sgs[] = { &req_sg, &resp_sg };
	struct vscmi_msg *msg;
	unsigned long flags;
	bool notify;
	int ret;

	spin_lock_irqsave(&q->lock, flags);
	if (!q->live || !q->cinfo) {
		spin_unlock_irqrestore(&q->lock, flags);
		return -ENODEV;
	}
	msg = list_first_entry_or_null(&q->free, struct vscmi_msg, node);
	if (!msg) {
		spin_unlock_irqrestore(&q->lock, flags);
		dev_warn_ratelimited(&q->vdev->dev,
				     "all %u command buffers are with the device\n",
				     q->num_msgs);
		return -EBUSY;
	}
	list_del_init(&msg->node);

	vscmi_core->msg->tx_prepare((struct scmi_msg_payld *)msg->req, xfer);
	msg->header = le32_to_cpu(msg->req->header);
	msg->xfer = xfer;
	msg->polled = xfer->hdr.poll_completion;
	msg->state = VSCMI_MSG_QUEUED;
	/* A response never has to be cut short for lack of room. */
	sg_init_one(&req_sg, msg->req,
		    vscmi_core->msg->command_size(xfer));
	sg_init_one(&resp_sg, msg->resp, VSCMI_PDU_SIZE);
	xfer->priv = msg;
	ret = virtqueue_add_sgs(q->vq, sgs, 1, 1, msg, GFP_ATOMIC);
	if (ret) {
		xfer->priv = NULL;
		vscmi_msg_release(q, msg);
		spin_unlock_irqrestore(&q->lock, flags);
		dev_warn_ratelimited(&q->vdev->dev,
				     "cannot queue a command: %d\n", ret);
		return ret;
	}
	notify = virtqueue_kick_prepare(q->vq);
	/* Keep the virtqueue alive until it is notified. */
	atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);

	if (notify)
		virtqueue_notify(q->vq);
	vscmi_put_user(q);
	return 0;
}

/**
 * vscmi_cmdq_poll() - has the reply to a polled transfer come back?
 * @q: the cmdq
 * @xfer: the transfer
 *
 * Return: true when it has (or when there is nothing to wait for).
 */
bool vscmi_cmdq_poll(struct vscmi_queue *q, struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg = xfer->priv;

	if (!msg)
		return true;
	if (READ_ONCE(msg->state) != VSCMI_MSG_RETURNED)
		vscmi_cmdq_harvest(q);
	return READ_ONCE(msg->state) == VSCMI_MSG_RETURNED;
}

/**
 * vscmi_cmdq_txdone() - the SCMI core is done with a transfer
 * @q: the cmdq
 * @xfer: the transfer
 *
 * A polled reply goes back to the pool. A message the device still holds
 * forgets the transfer: its reply will be dropped when it comes.
 */
void vscmi_cmdq_txdone(struct vscmi_queue *q, struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg = xfer->priv;
	unsigned long flags;

	if (!msg)
		return;
	spin_lock_irqsave(&q->lock, flags);
	if (msg->xfer == xfer) {
		if (msg->state == VSCMI_MSG_QUEUED) {
			msg->xfer = NULL;
			msg->polled = false;
		} else if (msg->state == VSCMI_MSG_RETURNED && msg->polled) {
			vscmi_msg_release(q, msg);
		}
	}
	spin_unlock_irqrestore(&q->lock, flags);
	xfer->priv = NULL;
}

/**
 * vscmi_cmdq_abort() - fail the commands a reset device will never answer
 * @q: the cmdq; the device is reset and the queue no longer live
 *
 * Their senders get a COMMS_ERROR response now instead of a timeout later.
 */
void vscmi_cmdq_abort(struct vscmi_queue *q)
{
	struct scmi_chan_info *cinfo;
	struct vscmi_msg *msg;
	LIST_HEAD(deliver);
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&q->lock, flags);
	cinfo = q->cinfo;
	for (i = 0; i < q->num_msgs; i++) {
		msg = &q->msgs[i];
		if (msg->state != VSCMI_MSG_QUEUED)
			continue;
		if (!msg->xfer || !cinfo) {
			vscmi_msg_release(q, msg);
			continue;
		}
		vscmi_msg_fail(msg, SCMI_ERR_COMMS);
		msg->state = VSCMI_MSG_RETURNED;
		if (!msg->polled)
			list_add_tail(&msg->node, &deliver);
	}
	if (!list_empty(&deliver))
		atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);
	if (!list_empty(&deliver))
		vscmi_cmdq_deliver(q, cinfo, &deliver);
}
