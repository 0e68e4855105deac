// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: the event queue.
 *
 * Every eventq buffer is posted, device-writable and PDU sized, for as long
 * as the queue lives. A notification or delayed response the device writes
 * into one is handed to the SCMI core, which copies what it needs (through
 * fetch_notification or fetch_response) before its rx_callback returns, and
 * the buffer goes straight back to the device.
 *
 * Only what the SCMI instance bound now can expect reaches it: nothing
 * before its first command (its transfer tables may not exist yet, and no
 * notification can be subscribed without a command), and a delayed
 * response only while the instance can still take it (see the cmdq's
 * file). A delayed response a previous instance was owed is dropped.
 */

#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "virtio_scmi.h"

/**
 * vscmi_eventq_alloc() - allocate the eventq's buffers
 * @eq: the eventq, without buffers
 * @num_msgs: how many buffers
 *
 * Return: 0 or -ENOMEM.
 */
int vscmi_eventq_alloc(struct vscmi_eventq *eq, unsigned int num_msgs)
{
	unsigned int i;

	eq->events = kcalloc(num_msgs, sizeof(*eq->events), GFP_KERNEL);
	if (!eq->events)
		return -ENOMEM;
	eq->q.num_msgs = num_msgs;
	for (i = 0; i < num_msgs; i++) {
		eq->events[i].buf = kzalloc(VSCMI_PDU_SIZE, GFP_KERNEL);
		if (!eq->events[i].buf) {
			vscmi_eventq_free(eq);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * vscmi_eventq_free() - free the eventq's buffers
 * @eq: the eventq; its virtqueue is gone or the device is reset
 */
void vscmi_eventq_free(struct vscmi_eventq *eq)
{
	unsigned int i;

	for (i = 0; eq->events && i < eq->q.num_msgs; i++)
		kfree(eq->events[i].buf);
	kfree(eq->events);
	eq->events = NULL;
	eq->q.num_msgs = 0;
}

/* Give @ev (back) to the device. Called with the lock held. */
static int vscmi_eventq_post(struct vscmi_eventq *eq, struct vscmi_event *ev)
{
	struct scatterlist sg;

	sg_init_one(&sg, ev->buf, VSCMI_PDU_SIZE);
	return virtqueue_add_inbuf(eq->q.vq, &sg, 1, ev, GFP_ATOMIC);
}

/*
 * Only notifications and delayed responses belong on the eventq; a delayed
 * response carries a status after its header.
 */
static bool vscmi_event_ok(u32 header, unsigned int len)
{
	if (len < sizeof(__le32) || len > VSCMI_PDU_SIZE)
		return false;
	switch (MSG_XTRACT_TYPE(header)) {
	case MSG_TYPE_NOTIFICATION:
		return true;
	case MSG_TYPE_DELAYED_RESP:
		return len >= 2 * sizeof(__le32);
	default:
		return false;
	}
}

/**
 * vscmi_eventq_prepare() - post every eventq buffer
 * @eq: the eventq
 * @vq: its virtqueue; the device is not ready yet
 *
 * Return: 0 or an error from the virtqueue.
 */
int vscmi_eventq_prepare(struct vscmi_eventq *eq, struct virtqueue *vq)
{
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	spin_lock_irqsave(&eq->q.lock, flags);
	eq->q.vq = vq;
	for (i = 0; i < eq->q.num_msgs && !ret; i++)
		ret = vscmi_eventq_post(eq, &eq->events[i]);
	spin_unlock_irqrestore(&eq->q.lock, flags);
	return ret;
}

/*
 * Deliver what the device wrote and post the buffers again. The caller
 * holds a user reference: the queue stays live until it is dropped, and
 * the virtqueue is not reset under the notification.
 */
static void vscmi_eventq_process(struct vscmi_eventq *eq)
{
	struct vscmi_dev *vsdev = eq->q.vdev->priv;
	struct device *dev = &eq->q.vdev->dev;
	struct scmi_chan_info *cinfo;
	struct vscmi_event *ev;
	unsigned long flags;
	bool notify = false;
	unsigned int len;
	u32 header;

	for (;;) {
		spin_lock_irqsave(&eq->q.lock, flags);
		ev = eq->q.live ? virtqueue_get_buf(eq->q.vq, &len) : NULL;
		/* Stays bound until the caller's user reference is dropped. */
		cinfo = eq->q.cinfo;
		spin_unlock_irqrestore(&eq->q.lock, flags);
		if (!ev)
			break;

		header = len >= sizeof(__le32) ?
			 vscmi_core->msg->read_header(ev->buf) : 0;
		if (!vscmi_event_ok(header, len)) {
			dev_warn_ratelimited(dev,
					     "dropped a malformed event (%u bytes, header 0x%08x)\n",
					     len, header);
		} else if (!cinfo || !READ_ONCE(vsdev->cmdq.started)) {
			dev_dbg(dev, "dropped an unexpected event 0x%08x\n",
				header);
		} else if (MSG_XTRACT_TYPE(header) == MSG_TYPE_DELAYED_RESP) {
			ev->used_len = len;
			vscmi_deliver_dresp(&vsdev->cmdq, cinfo, header, ev);
		} else {
			ev->used_len = len;
			vscmi_core->rx_callback(cinfo, header, ev);
		}

		/* Once the queue is halted, the reset takes the buffer back. */
		spin_lock_irqsave(&eq->q.lock, flags);
		if (eq->q.live) {
			if (vscmi_eventq_post(eq, ev))
				dev_warn_ratelimited(dev,
						     "cannot repost an eventq buffer\n");
			else
				notify |= virtqueue_kick_prepare(eq->q.vq);
		}
		spin_unlock_irqrestore(&eq->q.lock, flags);
	}
	if (notify && !virtqueue_notify(eq->q.vq))
		dev_err_ratelimited(dev, "cannot notify the eventq\n");
}

/**
 * vscmi_eventq_start() - the device is ready (DRIVER_OK): tell it about
 *	the buffers, take what it already wrote
 * @eq: the eventq, prepared
 *
 * Return: 0, or -EIO when the device cannot be notified.
 */
int vscmi_eventq_start(struct vscmi_eventq *eq)
{
	unsigned long flags;
	bool notify;
	int ret = 0;

	spin_lock_irqsave(&eq->q.lock, flags);
	eq->q.live = true;
	notify = virtqueue_kick_prepare(eq->q.vq);
	atomic_inc(&eq->q.users);
	spin_unlock_irqrestore(&eq->q.lock, flags);
	if (notify && !virtqueue_notify(eq->q.vq))
		ret = -EIO;
	else
		vscmi_eventq_process(eq);
	vscmi_queue_put_user(&eq->q);
	return ret;
}

/**
 * vscmi_eventq_done() - the eventq virtqueue callback
 * @vq: the eventq
 */
void vscmi_eventq_done(struct virtqueue *vq)
{
	struct vscmi_dev *vsdev = vq->vdev->priv;
	struct vscmi_eventq *eq = &vsdev->eventq;
	unsigned long flags;
	bool live;

	spin_lock_irqsave(&eq->q.lock, flags);
	live = eq->q.live;
	if (live)
		atomic_inc(&eq->q.users);
	spin_unlock_irqrestore(&eq->q.lock, flags);
	if (!live)
		return;
	vscmi_eventq_process(eq);
	vscmi_queue_put_user(&eq->q);
}

/**
 * vscmi_eventq_reclaim() - take every buffer back after a device reset
 * @eq: the eventq; halted, the device reset, no callback running, its
 *	virtqueue not deleted yet
 */
void vscmi_eventq_reclaim(struct vscmi_eventq *eq)
{
	unsigned long flags;

	spin_lock_irqsave(&eq->q.lock, flags);
	while (eq->q.vq && virtqueue_detach_unused_buf(eq->q.vq))
		;
	eq->q.vq = NULL;
	spin_unlock_irqrestore(&eq->q.lock, flags);
}

/*
 * The eventq buffer the SCMI core hands back (through xfer->priv, from
 * within our rx_callback): check it is one of @eq's.
 */
static struct vscmi_event *vscmi_event_of(struct vscmi_eventq *eq,
					  struct scmi_xfer *xfer)
{
	struct vscmi_event *ev = READ_ONCE(xfer->priv);

	if (!eq->events || !ev || ev < eq->events ||
	    ev >= eq->events + eq->q.num_msgs)
		return NULL;
	return ev;
}

/**
 * vscmi_fetch_delayed() - copy a delayed response into its transfer
 * @eq: the eventq that carried it
 * @xfer: the transfer
 */
void vscmi_fetch_delayed(struct vscmi_eventq *eq, struct scmi_xfer *xfer)
{
	struct vscmi_event *ev = vscmi_event_of(eq, xfer);

	if (ev) {
		vscmi_core->msg->fetch_response(ev->buf, ev->used_len, xfer);
	} else {
		xfer->hdr.status = SCMI_ERR_COMMS;
		xfer->rx.len = 0;
	}
}

/**
 * vscmi_fetch_notification() - the SCMI core's fetch_notification
 * @cinfo: the eventq's channel
 * @max_len: room in @xfer
 * @xfer: the notification's transfer
 */
void vscmi_fetch_notification(struct scmi_chan_info *cinfo, size_t max_len,
			      struct scmi_xfer *xfer)
{
	struct vscmi_dev *vsdev = vscmi_dev_of_chan(cinfo);
	struct vscmi_event *ev = NULL;

	if (vsdev && cinfo->is_p2a)
		ev = vscmi_event_of(&vsdev->eventq, xfer);
	if (ev)
		vscmi_core->msg->fetch_notification(ev->buf, ev->used_len,
						    max_len, xfer);
	else
		xfer->rx.len = 0;
}
