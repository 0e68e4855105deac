// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: the operations the SCMI core calls.
 *
 * Channel 0 of an SCMI instance is the cmdq, channel 1 the eventq. There
 * are no per-protocol channels: protocols share them.
 */

#include <linux/of.h>

#include "virtio_scmi.h"

static struct vscmi_queue *vscmi_queue_of(struct vscmi_dev *vsdev, int idx)
{
	if (idx == 0)
		return &vsdev->cmdq;
	if (idx == 1 && vsdev->has_eventq)
		return &vsdev->eventq;
	return NULL;
}

/*
 * The instance's own node has both channels (chan_setup says whether the
 * device has an eventq); protocol nodes have none of their own, they share
 * those.
 */
static bool vscmi_chan_available(struct device_node *np, int idx)
{
	return of_device_is_compatible(np, "virtio,device20") ||
	       of_device_is_compatible(np, "arm,scmi-virtio");
}

/* The device serving an SCMI instance: its transport supplier. */
static struct vscmi_dev *vscmi_dev_of(struct device *scmi)
{
	const struct scmi_transport *trans = dev_get_platdata(scmi);

	return trans && trans->supplier ?
	       dev_to_virtio(trans->supplier)->priv : NULL;
}

static int vscmi_chan_setup(struct scmi_chan_info *cinfo, struct device *dev,
			    bool tx)
{
	struct vscmi_dev *vsdev = vscmi_dev_of(dev);
	struct vscmi_queue *q;

	if (!vsdev)
		return -ENODEV;
	q = vscmi_queue_of(vsdev, tx ? 0 : 1);
	if (!q)
		return -ENODEV;
	/* A command's reply is always an interrupt (or a poll) away. */
	cinfo->no_completion_irq = false;
	return vscmi_queue_bind(q, cinfo);
}

static int vscmi_chan_free(int id, void *p, void *data)
{
	struct scmi_chan_info *cinfo = p;
	struct vscmi_queue *q = READ_ONCE(cinfo->transport_info);

	/* Protocols sharing the channel are freed one by one: once is enough. */
	if (q && READ_ONCE(q->cinfo) == cinfo)
		vscmi_queue_unbind(q);
	WRITE_ONCE(cinfo->transport_info, NULL);
	return 0;
}

/*
 * Every operation below copes with a freed channel (transport_info NULL):
 * transfers still in flight when the SCMI instance goes away fail quietly.
 */
static struct vscmi_queue *vscmi_queue_of_chan(struct scmi_chan_info *cinfo)
{
	return READ_ONCE(cinfo->transport_info);
}

static unsigned int vscmi_get_max_msg(struct scmi_chan_info *cinfo)
{
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);

	return q ? q->num_msgs : 0;
}

static int vscmi_send_message(struct scmi_chan_info *cinfo,
			      struct scmi_xfer *xfer)
{
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);

	if (!q || !q->commands)
		return -ENODEV;
	return vscmi_cmdq_send(q, cinfo, xfer);
}

static void vscmi_mark_txdone(struct scmi_chan_info *cinfo, int ret,
			      struct scmi_xfer *xfer)
{
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);

	if (q && q->commands)
		vscmi_cmdq_txdone(q, xfer);
}

/*
 * An eventq message the SCMI core hands back (through xfer->priv, right
 * after our rx_callback gave it): check it is one of @q's.
 */
static struct vscmi_msg *vscmi_event_of(struct vscmi_queue *q,
					struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg = READ_ONCE(xfer->priv);

	if (!q || q->commands || !msg || msg < q->msgs ||
	    msg >= q->msgs + q->num_msgs)
		return NULL;
	return msg;
}

static void vscmi_fetch_response(struct scmi_chan_info *cinfo,
				 struct scmi_xfer *xfer)
{
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);
	struct vscmi_msg *msg;

	if (q && q->commands) {
		vscmi_cmdq_fetch(q, xfer);
		return;
	}
	/* A delayed response. */
	msg = vscmi_event_of(q, xfer);
	if (msg) {
		vscmi_core->msg->fetch_response((struct scmi_msg_payld *)msg->resp,
						msg->used_len, xfer);
	} else {
		xfer->hdr.status = SCMI_ERR_COMMS;
		xfer->rx.len = 0;
	}
}

static void vscmi_fetch_notification(struct scmi_chan_info *cinfo,
				     size_t max_len, struct scmi_xfer *xfer)
{
	struct vscmi_msg *msg = vscmi_event_of(vscmi_queue_of_chan(cinfo),
					       xfer);

	if (msg)
		vscmi_core->msg->fetch_notification((struct scmi_msg_payld *)msg->resp,
						    msg->used_len, max_len,
						    xfer);
	else
		xfer->rx.len = 0;
}

static bool vscmi_poll_done(struct scmi_chan_info *cinfo,
			    struct scmi_xfer *xfer)
{
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);

	/* Nothing to wait for: fetch_response reports COMMS_ERROR. */
	if (!q || !q->commands)
		return true;
	return vscmi_cmdq_poll(q, xfer);
}

static const struct scmi_transport_ops vscmi_ops = {
	.chan_available = vscmi_chan_available,
	.chan_setup = vscmi_chan_setup,
	.chan_free = vscmi_chan_free,
	.get_max_msg = vscmi_get_max_msg,
	.send_message = vscmi_send_message,
	.mark_txdone = vscmi_mark_txdone,
	.fetch_response = vscmi_fetch_response,
	.fetch_notification = vscmi_fetch_notification,
	.poll_done = vscmi_poll_done,
};

/*
 * Each SCMI instance gets a copy: the core writes the DT's
 * arm,max-rx-timeout-ms into it.
 */
const struct scmi_desc vscmi_desc_template = {
	.ops = &vscmi_ops,
	/* Virtio devices are not real-time; DT can shorten this. */
	.max_rx_timeout_ms = 60000,
	.max_msg_size = VSCMI_MAX_MSG_SIZE,
	.atomic_enabled = IS_ENABLED(CONFIG_VIRTIO_SCMI_ATOMIC),
};
