// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: the event queue.
 *
 * Every eventq buffer is posted, device-writable and PDU sized, for as long
 * as the queue lives. A notification or delayed response the device writes
 * into one is handed to the SCMI core, which copies what it needs before
 * the callback returns, and the buffer goes straight back to the device.
 *
 * Only what the SCMI instance bound now can expect reaches it: nothing
 * before its first command (its transfer tables may not exist yet, and no
 * notification can be subscribed without a command), and a delayed
 * response only for a token it has sent. A delayed response a previous
 * instance was owed is dropped.
 */

#include <linux/scatterlist.h>

#include "virtio_scmi.h"

/* Give @msg (back) to the device. Called with the lock held. */
static int vscmi_eventq_post(struct vscmi_queue *q, struct vscmi_msg *msg)
{
	struct scatterlist sg;

	sg_init_one(&sg, msg->resp, VSCMI_PDU_SIZE);
	return virtqueue_add_inbuf(q->vq, &sg, 1, msg, GFP_ATOMIC);
}

/*
 * Only notifications and delayed responses belong on the eventq; a delayed
 * response carries a status after its header.
 */
static bool vscmi_event_ok(const struct vscmi_msg *msg, unsigned int len)
{
	if (len < sizeof(msg->resp->header) || len > VSCMI_PDU_SIZE)
		return false;
	switch (MSG_XTRACT_TYPE(le32_to_cpu(msg->resp->header))) {
	case MSG_TYPE_NOTIFICATION:
		return true;
	case MSG_TYPE_DELAYED_RESP:
		return len >= 2 * sizeof(__le32);
	default:
		return false;
	}
}

/* Is the SCMI instance on @cmdq waiting for an event with @header? */
static bool vscmi_event_expected(const struct vscmi_queue *cmdq, u32 header)
{
	if (MSG_XTRACT_TYPE(header) == MSG_TYPE_DELAYED_RESP)
		return test_bit(MSG_XTRACT_TOKEN(header), cmdq->tokens);
	return !bitmap_empty(cmdq->tokens, VSCMI_NUM_TOKENS);
}

/**
 * vscmi_eventq_prepare() - post every eventq buffer
 * @q: the eventq
 * @vq: its virtqueue; the device is not ready yet
 *
 * Return: 0 or an error from the virtqueue.
 */
int vscmi_eventq_prepare(struct vscmi_queue *q, struct virtqueue *vq)
{
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	spin_lock_irqsave(&q->lock, flags);
	q->vq = vq;
	for (i = 0; i < q->num_msgs && !ret; i++)
		ret = vscmi_eventq_post(q, &q->msgs[i]);
	spin_unlock_irqrestore(&q->lock, flags);
	return ret;
}

/*
 * Deliver what the device wrote and post the buffers again. The caller
 * holds a user reference: the queue stays live until it is dropped, and
 * the virtqueue is not reset under the notification.
 */
static void vscmi_eventq_process(struct vscmi_queue *q)
{
	struct vscmi_dev *vsdev = q->vdev->priv;
	struct scmi_chan_info *cinfo;
	struct device *dev = &q->vdev->dev;
	struct vscmi_msg *msg;
	unsigned long flags;
	bool notify = false;
	unsigned int len;
	u32 header;
	bool ok;

	for (;;) {
		spin_lock_irqsave(&q->lock, flags);
		msg = q->live ? virtqueue_get_buf(q->vq, &len) : NULL;
		/* Stays bound until the caller's user reference is dropped. */
		cinfo = q->cinfo;
		spin_unlock_irqrestore(&q->lock, flags);
		if (!msg)
			break;

		ok = vscmi_event_ok(msg, len);
		header = len >= sizeof(msg->resp->header) ?
			 le32_to_cpu(msg->resp->header) : 0;
		if (!ok) {
			dev_warn_ratelimited(dev,
					     "dropped a malformed event (%u bytes, header 0x%08x)\n",
					     len, header);
		} else if (!cinfo || !vscmi_event_expected(&vsdev->cmdq, header)) {
			dev_dbg(dev, "dropped an unexpected event 0x%08x\n",
				header);
		} else {
			msg->used_len = len;
			vscmi_core->rx_callback(cinfo, header, msg);
		}

		/* Once the queue is halted, the reset takes the buffer back. */
		spin_lock_irqsave(&q->lock, flags);
		if (q->live) {
			if (vscmi_eventq_post(q, msg))
				dev_warn_ratelimited(dev,
						     "cannot repost an eventq buffer\n");
			else
				notify |= virtqueue_kick_prepare(q->vq);
		}
		spin_unlock_irqrestore(&q->lock, flags);
	}
	if (notify && !virtqueue_notify(q->vq))
		dev_err_ratelimited(dev, "cannot notify the eventq\n");
}

/**
 * vscmi_eventq_start() - the device is ready (DRIVER_OK): tell it about
 *	the buffers, take what it already wrote
 * @q: the eventq, prepared
 *
 * Return: 0, or -EIO when the device cannot be notified.
 */
int vscmi_eventq_start(struct vscmi_queue *q)
{
	unsigned long flags;
	bool notify;
	int ret = 0;

	spin_lock_irqsave(&q->lock, flags);
	q->live = true;
	notify = virtqueue_kick_prepare(q->vq);
	atomic_inc(&q->users);
	spin_unlock_irqrestore(&q->lock, flags);
	if (notify && !virtqueue_notify(q->vq))
		ret = -EIO;
	else
		vscmi_eventq_process(q);
	vscmi_queue_put_user(q);
	return ret;
}

/**
 * vscmi_eventq_done() - the eventq virtqueue callback
 * @vq: the eventq
 */
void vscmi_eventq_done(struct virtqueue *vq)
{
	struct vscmi_dev *vsdev = vq->vdev->priv;
	struct vscmi_queue *q = &vsdev->eventq;

	if (!vscmi_queue_get_user(q))
		return;
	vscmi_eventq_process(q);
	vscmi_queue_put_user(q);
}
