/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio SCMI transport: state shared by its files.
 *
 * One struct vscmi_dev per virtio SCMI device. Its cmdq carries commands and
 * their responses in the same buffers; its eventq, when the device offers
 * VIRTIO_SCMI_F_P2A_CHANNELS, carries notifications and delayed responses.
 * A device serves one SCMI core instance, for its DT node.
 */

#ifndef _VIRTIO_SCMI_H_
#define _VIRTIO_SCMI_H_

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/virtio.h>

#include "../common.h"

/* Payload bytes of the largest message; the PDU adds header and status. */
#define VSCMI_MAX_MSG_SIZE	128
#define VSCMI_PDU_SIZE		(VSCMI_MAX_MSG_SIZE + SCMI_MSG_MAX_PROT_OVERHEAD)

/* Tokens a header can carry (MSG_TOKEN_MAX, as a constant expression). */
#define VSCMI_NUM_TOKENS	1024

/* How every SCMI message looks on the virtqueues. */
struct vscmi_pdu {
	__le32 header;
	__le32 data[];
};

/**
 * enum vscmi_msg_state - where a cmdq message is
 * @VSCMI_MSG_FREE: on the free list
 * @VSCMI_MSG_QUEUED: its buffers belong to the device
 * @VSCMI_MSG_RETURNED: back from the device (or failed by a reset): being
 *	delivered, or waiting for its poller's mark_txdone
 */
enum vscmi_msg_state {
	VSCMI_MSG_FREE,
	VSCMI_MSG_QUEUED,
	VSCMI_MSG_RETURNED,
};

/**
 * struct vscmi_msg - a message buffer pair on a virtqueue
 * @node: on the free list, or on a list of messages to deliver
 * @sent_node: on the queue's @sent list while @xfer is set
 * @state: see &enum vscmi_msg_state (cmdq only); written under the queue's
 *	lock with smp_store_release() once @used_len and @resp are final
 * @xfer: the transfer it carries; NULL once that transfer is over (timed
 *	out, or its channel went away) so a late reply goes nowhere
 * @header: the header of the command sent (cmdq only)
 * @polled: the sender polls for the reply instead of waiting for it
 * @used_len: the length the device reported
 * @req: the command (cmdq only)
 * @resp: the response, notification or delayed response
 *
 * @state, @xfer, @polled, @node and @sent_node are protected by the
 * queue's lock. The transport finds a transfer's message by @xfer on the
 * queue's @sent list, never through xfer->priv: the SCMI core stores there
 * whatever message it was last handed, eventq messages included.
 */
struct vscmi_msg {
	struct list_head node;
	struct list_head sent_node;
	enum vscmi_msg_state state;
	struct scmi_xfer *xfer;
	u32 header;
	bool polled;
	unsigned int used_len;
	struct vscmi_pdu *req;
	struct vscmi_pdu *resp;
};

/**
 * struct vscmi_queue - one virtqueue and its messages
 * @vdev: the device
 * @vq: the virtqueue
 * @lock: protects @live, @cinfo, @free, @sent, the messages' state and
 *	every virtqueue operation on @vq (add, get, kick_prepare)
 * @live: the virtqueue exists and the device is ready (DRIVER_OK)
 * @cinfo: the SCMI channel bound to this queue, or NULL
 * @users: senders notifying and callbacks or pollers working outside
 *	@lock; the queue is not torn down and @cinfo not released while it is
 *	non-zero. Taken only under @lock while @live (or @cinfo) is set.
 * @commands: the queue carries commands (the cmdq)
 * @free: free messages (cmdq)
 * @sent: messages whose transfer is not over (cmdq)
 * @tokens: tokens of the commands sent since @cinfo was bound (cmdq): the
 *	eventq delivers a delayed response only for one of these, and
 *	nothing at all before the first (the SCMI instance is not ready)
 * @msgs: all messages
 * @num_msgs: number of @msgs
 */
struct vscmi_queue {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	spinlock_t lock;	/* see above */
	bool live;
	struct scmi_chan_info *cinfo;
	atomic_t users;
	bool commands;
	struct list_head free;
	struct list_head sent;
	DECLARE_BITMAP(tokens, VSCMI_NUM_TOKENS);
	struct vscmi_msg *msgs;
	unsigned int num_msgs;
};

/* The transfer of @msg is over: forget it. Called with the queue's lock held. */
static inline void vscmi_msg_forget(struct vscmi_msg *msg)
{
	list_del_init(&msg->sent_node);
	msg->xfer = NULL;
	msg->polled = false;
}

/**
 * struct vscmi_dev - one virtio SCMI device
 * @vdev: the virtio device
 * @scmi: its SCMI core instance, or NULL (set in probe, gone in remove)
 * @desc: the transport descriptor of @scmi
 * @cmdq: commands and responses
 * @eventq: notifications and delayed responses (used only with @has_eventq)
 * @has_eventq: VIRTIO_SCMI_F_P2A_CHANNELS was negotiated
 */
struct vscmi_dev {
	struct virtio_device *vdev;
	struct platform_device *scmi;
	struct scmi_desc *desc;
	struct vscmi_queue cmdq;
	struct vscmi_queue eventq;
	bool has_eventq;
};

/* Set by the SCMI core when an instance binds: its operations for us. */
extern struct scmi_transport_core_operations *vscmi_core;

/* virtio_scmi_queue.c */
void vscmi_queue_init(struct vscmi_queue *q, struct virtio_device *vdev,
		      bool commands);
int vscmi_queue_alloc(struct vscmi_queue *q, unsigned int num_msgs);
void vscmi_queue_free(struct vscmi_queue *q);
int vscmi_queue_bind(struct vscmi_queue *q, struct scmi_chan_info *cinfo);
void vscmi_queue_unbind(struct vscmi_queue *q);
bool vscmi_queue_get_user(struct vscmi_queue *q);
void vscmi_queue_put_user(struct vscmi_queue *q);
void vscmi_queue_halt(struct vscmi_queue *q);
void vscmi_queue_reclaim(struct vscmi_queue *q);

/* virtio_scmi_cmdq.c */
void vscmi_cmdq_prepare(struct vscmi_queue *q, struct virtqueue *vq);
void vscmi_cmdq_start(struct vscmi_queue *q);
void vscmi_cmdq_done(struct virtqueue *vq);
int vscmi_cmdq_send(struct vscmi_queue *q, struct scmi_chan_info *cinfo,
		    struct scmi_xfer *xfer);
bool vscmi_cmdq_poll(struct vscmi_queue *q, struct scmi_xfer *xfer);
void vscmi_cmdq_fetch(struct vscmi_queue *q, struct scmi_xfer *xfer);
void vscmi_cmdq_txdone(struct vscmi_queue *q, struct scmi_xfer *xfer);
void vscmi_cmdq_abort(struct vscmi_queue *q);

/* virtio_scmi_eventq.c */
int vscmi_eventq_prepare(struct vscmi_queue *q, struct virtqueue *vq);
int vscmi_eventq_start(struct vscmi_queue *q);
void vscmi_eventq_done(struct virtqueue *vq);

/* virtio_scmi_ops.c */
extern const struct scmi_desc vscmi_desc_template;

#endif /* _VIRTIO_SCMI_H_ */
