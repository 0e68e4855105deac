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
 *
 * A transfer's message is found by the transfer on the queue's list of
 * sent messages, under the queue's lock: xfer->priv belongs to the SCMI
 * core, which stores there the message it was last handed (an eventq
 * message when a delayed response overtook its response).
 */

#include <linux/scatterlist.h>

#include "virtio_scmi.h"

/* Back to the pool. Called with the lock held. */
static void vscmi_msg_release(struct vscmi_queue *q, struct vscmi_msg *msg)
{
	vscmi_msg_forget(msg);
	msg->state = VSCMI_MSG_FREE;
	list_add(&msg->node, &q->free);
}

/* The message of @xfer, or NULL. Called with the lock held. */
static struct vscmi_msg *vscmi_msg_of(struct vscmi_queue *q,
				      const struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg;

	list_for_each_entry(msg, &q->sent, sent_node)
		if (msg->xfer == xfer)
			return msg;
	return NULL;
}

/*
 * Turn the message's response into @scmi_status for the command sent, and
 * publish it: a poller reading the state with acquire sees the new reply.
 * Called with the lock held.
 */
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
	/* Pairs with the acquire in vscmi_cmdq_poll(). */
	smp_store_release(&msg->state, VSCMI_MSG_RETURNED);

	if (msg->polled && msg->xfer)
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
 * caller holds a user reference, so @cinfo stays bound meanwhile.
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
}

/*
 * Drop the queue lock taken with @flags, then deliver what was harvested
 * under it, holding a user reference so the channel stays bound.
 */
static void vscmi_cmdq_unlock_deliver(struct vscmi_queue *q,
				      struct list_head *deliver,
				      unsigned long flags)
	__releases(&q->lock)
{
	struct scmi_chan_info *cinfo = q->cinfo;
	bool any = !list_empty(deliver);

	if (any)
		atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);
	if (any) {
		vscmi_cmdq_deliver(q, cinfo, deliver);
		vscmi_queue_put_user(q);
	}
}

/*
 * Take every returned message from the used ring onto @deliver: those
 * nobody polls for. Called with the lock held, the queue live.
 */
static void vscmi_cmdq_harvest(struct vscmi_queue *q, struct list_head *deliver)
{
	struct vscmi_msg *msg;
	unsigned int len;

	while ((msg = virtqueue_get_buf(q->vq, &len)))
		if (vscmi_msg_returned(q, msg, len))
			list_add_tail(&msg->node, deliver);
}

/**
 * vscmi_cmdq_done() - the cmdq virtqueue callback
 * @vq: the cmdq
 */
void vscmi_cmdq_done(struct virtqueue *vq)
{
	struct vscmi_dev *vsdev = vq->vdev->priv;
	struct vscmi_queue *q = &vsdev->cmdq;
	LIST_HEAD(deliver);
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	if (!q->live) {
		spin_unlock_irqrestore(&q->lock, flags);
		return;
	}
	vscmi_cmdq_harvest(q, &deliver);
	vscmi_cmdq_unlock_deliver(q, &deliver, flags);
}

/**
 * vscmi_cmdq_prepare() - the cmdq's virtqueue exists, the device is not
 *	ready yet
 * @q: the queue
 * @vq: its virtqueue
 */
void vscmi_cmdq_prepare(struct vscmi_queue *q, struct virtqueue *vq)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->vq = vq;
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * vscmi_cmdq_start() - the device is ready (DRIVER_OK): accept commands
 * @q: the queue
 */
void vscmi_cmdq_start(struct vscmi_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->live = true;
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * vscmi_cmdq_send() - queue a command
 * @q: the cmdq
 * @cinfo: the channel sending it
 * @xfer: the transfer
 *
 * Return: 0, -ENODEV when the device or the channel is gone, -EBUSY when
 * every message is with the device, -EIO when the device cannot be
 * notified, or an error from the virtqueue.
 */
int vscmi_cmdq_send(struct vscmi_queue *q, struct scmi_chan_info *cinfo,
		    struct scmi_xfer *xfer)
{
	struct scatterlist req_sg, resp_sg, *sgs[] = { &req_sg, &resp_sg };
	struct vscmi_msg *msg;
	unsigned long flags;
	bool notify;
	int ret;

	spin_lock_irqsave(&q->lock, flags);
	if (!q->live || q->cinfo != cinfo) {
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
	list_add_tail(&msg->sent_node, &q->sent);
	msg->polled = xfer->hdr.poll_completion;
	msg->state = VSCMI_MSG_QUEUED;
	/* A response never has to be cut short for lack of room. */
	sg_init_one(&req_sg, msg->req,
		    vscmi_core->msg->command_size(xfer));
	sg_init_one(&resp_sg, msg->resp, VSCMI_PDU_SIZE);
	ret = virtqueue_add_sgs(q->vq, sgs, 1, 1, msg, GFP_ATOMIC);
	if (ret) {
		vscmi_msg_release(q, msg);
		spin_unlock_irqrestore(&q->lock, flags);
		dev_warn_ratelimited(&q->vdev->dev,
				     "cannot queue a command: %d\n", ret);
		return ret;
	}
	/* The eventq now expects this command's delayed response. */
	set_bit(MSG_XTRACT_TOKEN(msg->header), q->tokens);
	notify = virtqueue_kick_prepare(q->vq);
	/* Keep the virtqueue alive until it is notified. */
	atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);

	ret = 0;
	if (notify && !virtqueue_notify(q->vq)) {
		/*
		 * The virtqueue is broken. The device may still own the
		 * buffers: the message waits for the reset, its transfer is
		 * over now (the SCMI core calls no mark_txdone after this).
		 */
		dev_err_ratelimited(&q->vdev->dev,
				    "cannot notify the cmdq\n");
		spin_lock_irqsave(&q->lock, flags);
		if (msg->xfer == xfer)
			vscmi_msg_forget(msg);
		spin_unlock_irqrestore(&q->lock, flags);
		ret = -EIO;
	}
	vscmi_queue_put_user(q);
	return ret;
}

/**
 * vscmi_cmdq_poll() - has the reply to a polled transfer come back?
 * @q: the cmdq
 * @xfer: the transfer
 *
 * Return: true when it has, or when there is nothing left to wait for (the
 * transfer has no message any more: vscmi_cmdq_fetch() then fails it).
 */
bool vscmi_cmdq_poll(struct vscmi_queue *q, struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg;
	LIST_HEAD(deliver);
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&q->lock, flags);
	msg = vscmi_msg_of(q, xfer);
	if (!msg) {
		spin_unlock_irqrestore(&q->lock, flags);
		return true;
	}
	/*
	 * Pairs with the release in vscmi_msg_returned() and the abort: the
	 * reply the poller then fetches is the one published.
	 */
	done = smp_load_acquire(&msg->state) == VSCMI_MSG_RETURNED;
	if (!done && q->live) {
		vscmi_cmdq_harvest(q, &deliver);
		/* Acquire: as above. */
		done = smp_load_acquire(&msg->state) == VSCMI_MSG_RETURNED;
	}
	vscmi_cmdq_unlock_deliver(q, &deliver, flags);
	return done;
}

/**
 * vscmi_cmdq_fetch() - copy a command's reply into its transfer
 * @q: the cmdq
 * @xfer: the transfer
 *
 * A transfer without a returned message (its channel or device went away)
 * gets COMMS_ERROR and no payload.
 */
void vscmi_cmdq_fetch(struct vscmi_queue *q, struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	msg = vscmi_msg_of(q, xfer);
	if (msg && msg->state == VSCMI_MSG_RETURNED) {
		vscmi_core->msg->fetch_response((struct scmi_msg_payld *)msg->resp,
						msg->used_len, xfer);
	} else {
		xfer->hdr.status = SCMI_ERR_COMMS;
		xfer->rx.len = 0;
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * vscmi_cmdq_txdone() - the SCMI core is done with a transfer
 * @q: the cmdq
 * @xfer: the transfer
 *
 * A polled reply goes back to the pool. A message the device still holds,
 * or one being delivered, forgets the transfer: a reply still to come is
 * dropped.
 */
void vscmi_cmdq_txdone(struct vscmi_queue *q, struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	msg = vscmi_msg_of(q, xfer);
	if (msg) {
		if (msg->state == VSCMI_MSG_RETURNED && msg->polled)
			vscmi_msg_release(q, msg);
		else
			vscmi_msg_forget(msg);
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * vscmi_cmdq_abort() - fail the commands a reset device will never answer
 * @q: the cmdq; the device is reset and the queue no longer live
 *
 * Their senders get a COMMS_ERROR response now instead of a timeout later;
 * a poller finds its failed message until its mark_txdone.
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
		/* Publish the failure; pairs with the poller's acquire. */
		smp_store_release(&msg->state, VSCMI_MSG_RETURNED);
		if (!msg->polled)
			list_add_tail(&msg->node, &deliver);
	}
	if (!list_empty(&deliver))
		atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);
	if (!list_empty(&deliver)) {
		vscmi_cmdq_deliver(q, cinfo, &deliver);
		vscmi_queue_put_user(q);
	}
}
