/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio SCMI transport: state shared by its files.
 *
 * One struct vscmi_dev per virtio SCMI device. Its cmdq carries commands and
 * their responses in the same buffers; its eventq, when the device offers
 * VIRTIO_SCMI_F_P2A_CHANNELS, carries notifications and delayed responses.
 * A device serves one SCMI core instance, for its DT node.
 *
 * Messages are in the SCMI core's wire format (struct scmi_msg_payld, which
 * only its msg.c reads and writes); the transport reads their headers
 * through the core's read_header.
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

/* The largest poll_us: how long a sender may watch for its reply. */
#define VSCMI_POLL_MAX_US	1000

/* Tokens a header can carry (MSG_TOKEN_MAX, as a constant expression). */
#define VSCMI_NUM_TOKENS	1024

/**
 * struct vscmi_queue - what the cmdq and the eventq have in common
 * @vdev: the device
 * @vq: the virtqueue
 * @lock: protects @live, @cinfo, the state of the queue's messages and
 *	every virtqueue operation on @vq (add, get, kick_prepare, detach)
 * @live: the virtqueue exists and the device is ready (DRIVER_OK)
 * @cinfo: the SCMI channel bound to this queue, or NULL
 * @users: senders notifying, and callbacks or pollers delivering, outside
 *	@lock. The queue is not halted, nor @cinfo released, while it is
 *	non-zero: a virtqueue_notify() must not race del_vqs, nor a delivery
 *	the SCMI core freeing the channel. Taken only under @lock while @live.
 * @num_msgs: number of messages
 */
struct vscmi_queue {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	spinlock_t lock;	/* see above */
	bool live;
	struct scmi_chan_info *cinfo;
	atomic_t users;
	unsigned int num_msgs;
};

/**
 * enum vscmi_cmd_state - where a command message is
 * @VSCMI_CMD_FREE: on the free list
 * @VSCMI_CMD_QUEUED: its buffers belong to the device
 * @VSCMI_CMD_RETURNED: back from the device (or failed by a reset): being
 *	delivered, or waiting for its poller's mark_txdone
 */
enum vscmi_cmd_state {
	VSCMI_CMD_FREE,
	VSCMI_CMD_QUEUED,
	VSCMI_CMD_RETURNED,
};

/**
 * struct vscmi_cmd - a command and its response
 * @node: on the free list, or on a list of messages to deliver
 * @sent_node: on the cmdq's @sent list while @xfer is set
 * @state: see &enum vscmi_cmd_state; written with smp_store_release() once
 *	@used_len and @error are final
 * @xfer: the transfer it carries; NULL once that transfer is over (timed
 *	out, or its channel went away) so a late reply goes nowhere
 * @header: the header of the command sent
 * @polled: the sender polls for the reply instead of waiting for it
 * @error: 0, or the SCMI status the transfer gets instead of @resp (the
 *	reply was malformed, or the device was reset before replying)
 * @used_len: the length the device reported
 * @req: the command
 * @resp: the response
 *
 * Everything but @req and @resp is protected by the cmdq's lock. The
 * transport finds a transfer's message by @xfer on the @sent list, never
 * through xfer->priv: the SCMI core stores there whatever message it was
 * last handed, eventq messages included.
 */
struct vscmi_cmd {
	struct list_head node;
	struct list_head sent_node;
	enum vscmi_cmd_state state;
	struct scmi_xfer *xfer;
	u32 header;
	bool polled;
	int error;
	unsigned int used_len;
	struct scmi_msg_payld *req;
	struct scmi_msg_payld *resp;
};

/*
 * How long after its mark_txdone a command's delayed response may still
 * reach the SCMI core: the core stops waiting SCMI_MAX_RESPONSE_TIMEOUT
 * after it and clears xfer->async_done without telling the transport,
 * racing a delivery that already passed its check of async_done. A
 * quarter of the timeout is left for the delivery to end.
 */
#define VSCMI_DRESP_MS		(SCMI_MAX_RESPONSE_TIMEOUT * 3 / 4)

/**
 * struct vscmi_cmdq - the command queue
 * @q: the queue; its lock protects @free, @sent, @started and the state of
 *	the messages
 * @free: free messages
 * @sent: messages whose transfer is not over
 * @started: a command was sent since @q.cinfo was bound: the eventq
 *	delivers nothing before (the SCMI instance is not ready)
 * @dr_lock: held around the delivery of a delayed response and by
 *	mark_txdone, so that the SCMI core is done with such a delivery
 *	before it learns that the transfer is over; protects @awaited,
 *	@replied and @dr_deadline (send_message and a new channel set bits
 *	atomically without it: no delivery for their token can be owed then)
 * @awaited: tokens whose delayed response the SCMI core may still take:
 *	set when the command is sent, cleared when the delayed response is
 *	delivered or the command fails (mark_txdone with an error, or the
 *	device cannot be notified)
 * @replied: tokens whose command succeeded (mark_txdone without error):
 *	their delayed response is delivered only until @dr_deadline
 * @dr_deadline: per token, the jiffies of mark_txdone plus VSCMI_DRESP_MS
 * @cmds: all messages
 */
struct vscmi_cmdq {
	struct vscmi_queue q;
	struct list_head free;
	struct list_head sent;
	bool started;
	spinlock_t dr_lock;	/* see above */
	DECLARE_BITMAP(awaited, VSCMI_NUM_TOKENS);
	DECLARE_BITMAP(replied, VSCMI_NUM_TOKENS);
	unsigned long *dr_deadline;
	struct vscmi_cmd *cmds;
};

/**
 * struct vscmi_event - an eventq buffer
 * @buf: a notification or delayed response, written by the device
 * @used_len: the length the device reported
 */
struct vscmi_event {
	struct scmi_msg_payld *buf;
	unsigned int used_len;
};

/**
 * struct vscmi_eventq - the event queue
 * @q: the queue
 * @events: its buffers, all posted while the queue is live
 */
struct vscmi_eventq {
	struct vscmi_queue q;
	struct vscmi_event *events;
};

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
	struct vscmi_cmdq cmdq;
	struct vscmi_eventq eventq;
	bool has_eventq;
};

/* Set by the SCMI core when an instance binds: its operations for us. */
extern struct scmi_transport_core_operations *vscmi_core;

/* virtio_scmi_main.c: the operations the SCMI core calls; both queues */
extern const struct scmi_desc vscmi_desc_template;
void vscmi_queue_put_user(struct vscmi_queue *q);
struct vscmi_dev *vscmi_dev_of_chan(struct scmi_chan_info *cinfo);

/* virtio_scmi_cmdq.c */
extern unsigned int vscmi_poll_us;
int vscmi_cmdq_alloc(struct vscmi_cmdq *cq, unsigned int num_msgs);
void vscmi_cmdq_free(struct vscmi_cmdq *cq);
void vscmi_cmdq_prepare(struct vscmi_cmdq *cq, struct virtqueue *vq);
void vscmi_cmdq_done(struct virtqueue *vq);
void vscmi_cmdq_orphan(struct vscmi_cmdq *cq);
void vscmi_cmdq_abort(struct vscmi_cmdq *cq);
void vscmi_cmdq_reclaim(struct vscmi_cmdq *cq);
int vscmi_send_message(struct scmi_chan_info *cinfo, struct scmi_xfer *xfer);
bool vscmi_poll_done(struct scmi_chan_info *cinfo, struct scmi_xfer *xfer);
void vscmi_fetch_response(struct scmi_chan_info *cinfo, struct scmi_xfer *xfer);
void vscmi_mark_txdone(struct scmi_chan_info *cinfo, int ret,
		       struct scmi_xfer *xfer);
void vscmi_cmdq_reset_tokens(struct vscmi_cmdq *cq);
void vscmi_deliver_dresp(struct vscmi_cmdq *cq, struct scmi_chan_info *cinfo,
			 u32 header, void *msg);

/* virtio_scmi_eventq.c */
int vscmi_eventq_alloc(struct vscmi_eventq *eq, unsigned int num_msgs);
void vscmi_eventq_free(struct vscmi_eventq *eq);
int vscmi_eventq_prepare(struct vscmi_eventq *eq, struct virtqueue *vq);
int vscmi_eventq_start(struct vscmi_eventq *eq);
void vscmi_eventq_done(struct virtqueue *vq);
void vscmi_eventq_reclaim(struct vscmi_eventq *eq);
void vscmi_fetch_delayed(struct vscmi_eventq *eq, struct scmi_xfer *xfer);
void vscmi_fetch_notification(struct scmi_chan_info *cinfo, size_t max_len,
			      struct scmi_xfer *xfer);

#endif /* _VIRTIO_SCMI_H_ */
