// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: the event queue.
 *
 * Every eventq buffer is posted, device-writable and PDU sized, for as long
 * as the queue lives. A notification or delayed response the device writes
 * into one is handed to the SCMI core, which copies what it needs before
 * the callback returns, and the buffer goes straight back to the device.
 */

#include <linux/scatterlist.h>
#include <linux/wait_bit.h>

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

/**
 * vscmi_eventq_start() - post every eventq buffer
 * @q: the eventq
 * @vq: its virtqueue
 *
 * The device is notified once it is ready, by the caller.
 *
 * Return: 0 or an error from the virtqueue.
 */
int vscmi_eventq_start(struct vscmi_queue *q, struct virtqueue *vq)
{
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	spin_lock_irqsave(&q->lock, flags);
	q->vq = vq;
	for (i = 0; i < q->num_msgs && !ret; i++)
		ret = vscmi_eventq_post(q, &q->msgs[i]);
	q->live = !ret;
	spin_unlock_irqrestore(&q->lock, flags);
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
	struct scmi_chan_info *cinfo;
	struct vscmi_msg *msg;
	unsigned long flags;
	bool notify = false;
	unsigned int len;
	bool ok;

	for (;;) {
		spin_lock_irqsave(&q->lock, flags);
		msg = q->live ? virtqueue_get_buf(vq, &len) : NULL;
		if (!msg) {
			spin_unlock_irqrestore(&q->lock, flags);
			break;
		}
		ok = vscmi_event_ok(msg, len);
		cinfo = q->cinfo;
		if (cinfo && ok)
			atomic_inc(&q->users);
		spin_unlock_irqrestore(&q->lock, flags);

		if (!ok) {
			dev_warn_ratelimited(&vq->vdev->dev,
					     "dropped a malformed event (%u bytes, header 0x%08x)\n",
					     len, len >= sizeof(msg->resp->header) ?
					     le32_to_cpu(msg->resp->header) : 0);
		} else if (cinfo) {
			msg->used_len = len;
			vscmi_core->rx_callback(cinfo,
						le32_to_cpu(msg->resp->header),
						msg);
			if (atomic_dec_and_test(&q->users))
				wake_up_var(&q->users);
		}

		spin_lock_irqsave(&q->lock, flags);
		if (vscmi_eventq_post(q, msg))
			dev_warn_ratelimited(&vq->vdev->dev,
					     "cannot repost an eventq buffer\n");
		else
			notify |= virtqueue_kick_prepare(vq);
		spin_unlock_irqrestore(&q->lock, flags);
	}
	if (notify)
		virtqueue_notify(vq);
}
