// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: the command queue, and the SCMI core's operations
 * on it.
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
 * Its delayed response, which the eventq carries, is delivered only while
 * the SCMI core can still take it: 6.12's core checks xfer->async_done
 * under the transfer's lock, then completes it after dropping the lock,
 * while do_xfer_with_response() clears it unlocked once do_xfer() failed
 * or its wait timed out. A delayed response racing that oopsed the guest
 * in complete(NULL) (reply fuzzer, arm64, two vCPUs). So the delivery of
 * a delayed response and mark_txdone exclude each other: after a failed
 * command's mark_txdone, nothing more for its token reaches the core;
 * after a successful one, only until VSCMI_DRESP_MS later.
 *
 * A transfer's message is found by the transfer on the queue's list of
 * sent messages, under the queue's lock: xfer->priv belongs to the SCMI
 * core, which stores there the message it was last handed (an eventq
 * message when a delayed response overtook its response).
 *
 * Message buffers live as long as the virtio device, not as long as the
 * SCMI instance using them: the device may own a buffer after its SCMI
 * channel is gone, and only a reset of the device takes it back.
 */

#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "virtio_scmi.h"

/*
 * A sender of a command whose reply it does not poll for itself watches
 * the used ring this long after the notification: a reply found is
 * delivered to the SCMI core before it waits, without an interrupt and a
 * wake-up. Transfers the core polls (atomic ones) are left to it. Off by
 * default: on a one-CPU guest (UML, make bench-scmi) 50 us cut the
 * transfer itself to 0.64x the in-tree transport's but cost 5-18 % of
 * the hwmon reads per second and raised their p99.
 */
unsigned int vscmi_poll_us;

static int vscmi_poll_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, VSCMI_POLL_MAX_US);
}

static const struct kernel_param_ops vscmi_poll_ops = {
	.set = vscmi_poll_set,
	.get = param_get_uint,
};

module_param_cb(poll_us, &vscmi_poll_ops, &vscmi_poll_us, 0644);
MODULE_PARM_DESC(poll_us,
		 "How long a sender watches for its reply before the SCMI core waits for the interrupt, in us (0: never; at most 1000)");

/**
 * vscmi_cmdq_alloc() - allocate the cmdq's messages
 * @cq: the cmdq, without messages
 * @num_msgs: how many messages
 *
 * Return: 0 or -ENOMEM.
 */
int vscmi_cmdq_alloc(struct vscmi_cmdq *cq, unsigned int num_msgs)
{
	unsigned int i;

	BUILD_BUG_ON(VSCMI_NUM_TOKENS != MSG_TOKEN_MAX);
	INIT_LIST_HEAD(&cq->free);
	INIT_LIST_HEAD(&cq->sent);
	cq->dr_deadline = kcalloc(VSCMI_NUM_TOKENS, sizeof(*cq->dr_deadline),
				  GFP_KERNEL);
	cq->cmds = kcalloc(num_msgs, sizeof(*cq->cmds), GFP_KERNEL);
	if (!cq->cmds || !cq->dr_deadline) {
		vscmi_cmdq_free(cq);
		return -ENOMEM;
	}
	cq->q.num_msgs = num_msgs;
	for (i = 0; i < num_msgs; i++) {
		struct vscmi_cmd *cmd = &cq->cmds[i];

		cmd->req = kzalloc(VSCMI_PDU_SIZE, GFP_KERNEL);
		cmd->resp = kzalloc(VSCMI_PDU_SIZE, GFP_KERNEL);
		if (!cmd->req || !cmd->resp) {
			vscmi_cmdq_free(cq);
			return -ENOMEM;
		}
		INIT_LIST_HEAD(&cmd->sent_node);
		list_add_tail(&cmd->node, &cq->free);
	}
	return 0;
}

/**
 * vscmi_cmdq_free() - free the cmdq's messages
 * @cq: the cmdq; its virtqueue is gone or the device is reset
 */
void vscmi_cmdq_free(struct vscmi_cmdq *cq)
{
	unsigned int i;

	for (i = 0; cq->cmds && i < cq->q.num_msgs; i++) {
		kfree(cq->cmds[i].req);
		kfree(cq->cmds[i].resp);
	}
	kfree(cq->cmds);
	cq->cmds = NULL;
	cq->q.num_msgs = 0;
	kfree(cq->dr_deadline);
	cq->dr_deadline = NULL;
}

/* The transfer of @cmd is over: forget it. Called with the lock held. */
static void vscmi_cmd_forget(struct vscmi_cmd *cmd)
{
	list_del_init(&cmd->sent_node);
	cmd->xfer = NULL;
	cmd->polled = false;
}

/* Back to the pool. Called with the lock held. */
static void vscmi_cmd_release(struct vscmi_cmdq *cq, struct vscmi_cmd *cmd)
{
	vscmi_cmd_forget(cmd);
	cmd->state = VSCMI_CMD_FREE;
	list_add(&cmd->node, &cq->free);
}

/* The message of @xfer, or NULL. Called with the lock held. */
static struct vscmi_cmd *vscmi_cmd_of(struct vscmi_cmdq *cq,
				      const struct scmi_xfer *xfer)
{
	struct vscmi_cmd *cmd;

	list_for_each_entry(cmd, &cq->sent, sent_node)
		if (cmd->xfer == xfer)
			return cmd;
	return NULL;
}

/* The cmdq of a channel still bound, or NULL. */
static struct vscmi_cmdq *vscmi_cmdq_of(struct scmi_chan_info *cinfo)
{
	struct vscmi_dev *vsdev = vscmi_dev_of_chan(cinfo);

	return vsdev && !cinfo->is_p2a ? &vsdev->cmdq : NULL;
}

/*
 * The device gave @cmd back with @len bytes. Check the reply and decide who
 * gets it: return true when the caller must deliver it to the channel (and
 * then release it), false when it was released or left for its poller.
 * Called with the lock held.
 */
static bool vscmi_cmd_returned(struct vscmi_cmdq *cq, struct vscmi_cmd *cmd,
			       unsigned int len)
{
	struct device *dev = &cq->q.vdev->dev;
	u32 header = 0;

	if (cmd->state != VSCMI_CMD_QUEUED) {
		dev_warn_ratelimited(dev, "device returned a buffer twice\n");
		return false;
	}
	cmd->used_len = len;
	cmd->error = 0;
	if (len >= sizeof(__le32))
		header = vscmi_core->msg->read_header(cmd->resp);
	if (len < 2 * sizeof(__le32) || len > VSCMI_PDU_SIZE ||
	    header != cmd->header) {
		dev_warn_ratelimited(dev,
				     "bad response to command 0x%08x: %u bytes, header 0x%08x\n",
				     cmd->header, len, header);
		if (cmd->xfer && cq->q.cinfo)
			vscmi_core->bad_message_trace(cq->q.cinfo, cmd->header,
						      MSG_INVALID);
		cmd->error = SCMI_ERR_PROTOCOL;
	}
	/* Pairs with the acquire in vscmi_poll_done(). */
	smp_store_release(&cmd->state, VSCMI_CMD_RETURNED);

	if (cmd->polled && cmd->xfer)
		return false;
	if (!cmd->xfer || !cq->q.cinfo) {
		dev_dbg(dev, "dropped a late response to command 0x%08x\n",
			cmd->header);
		vscmi_cmd_release(cq, cmd);
		return false;
	}
	return true;
}

/*
 * Drop the queue lock taken with @flags, then hand the messages on
 * @deliver to the channel and back to the pool, holding a user reference
 * so the channel stays bound meanwhile.
 */
static void vscmi_cmdq_unlock_deliver(struct vscmi_cmdq *cq,
				      struct list_head *deliver,
				      unsigned long flags)
	__releases(&cq->q.lock)
{
	struct scmi_chan_info *cinfo = cq->q.cinfo;
	struct vscmi_cmd *cmd, *tmp;

	if (list_empty(deliver)) {
		spin_unlock_irqrestore(&cq->q.lock, flags);
		return;
	}
	atomic_inc(&cq->q.users);
	spin_unlock_irqrestore(&cq->q.lock, flags);
	list_for_each_entry_safe(cmd, tmp, deliver, node) {
		list_del(&cmd->node);
		vscmi_core->rx_callback(cinfo, cmd->header, cmd);
		spin_lock_irqsave(&cq->q.lock, flags);
		vscmi_cmd_release(cq, cmd);
		spin_unlock_irqrestore(&cq->q.lock, flags);
	}
	vscmi_queue_put_user(&cq->q);
}

/*
 * Take every returned message from the used ring onto @deliver: those
 * nobody polls for. Called with the lock held, the queue live.
 */
static void vscmi_cmdq_harvest(struct vscmi_cmdq *cq, struct list_head *deliver)
{
	struct vscmi_cmd *cmd;
	unsigned int len;

	while ((cmd = virtqueue_get_buf(cq->q.vq, &len)))
		if (vscmi_cmd_returned(cq, cmd, len))
			list_add_tail(&cmd->node, deliver);
}

/**
 * vscmi_cmdq_done() - the cmdq virtqueue callback
 * @vq: the cmdq
 *
 * The device is asked not to interrupt while replies are taken and
 * delivered: replies that come back meanwhile are delivered by this
 * callback, without an interrupt of their own (several callers' replies
 * per interrupt).
 */
void vscmi_cmdq_done(struct virtqueue *vq)
{
	struct vscmi_dev *vsdev = vq->vdev->priv;
	struct vscmi_cmdq *cq = &vsdev->cmdq;
	LIST_HEAD(deliver);
	unsigned long flags;
	bool more;

	do {
		spin_lock_irqsave(&cq->q.lock, flags);
		if (!cq->q.live) {
			spin_unlock_irqrestore(&cq->q.lock, flags);
			return;
		}
		virtqueue_disable_cb(cq->q.vq);
		vscmi_cmdq_harvest(cq, &deliver);
		vscmi_cmdq_unlock_deliver(cq, &deliver, flags);

		/* A stopped queue stays quiet: its virtqueue goes away. */
		spin_lock_irqsave(&cq->q.lock, flags);
		more = cq->q.live && !virtqueue_enable_cb(cq->q.vq);
		spin_unlock_irqrestore(&cq->q.lock, flags);
	} while (more);
}

/**
 * vscmi_cmdq_prepare() - the cmdq's virtqueue exists, the device is not
 *	ready yet
 * @cq: the cmdq
 * @vq: its virtqueue
 */
void vscmi_cmdq_prepare(struct vscmi_cmdq *cq, struct virtqueue *vq)
{
	unsigned long flags;

	spin_lock_irqsave(&cq->q.lock, flags);
	cq->q.vq = vq;
	spin_unlock_irqrestore(&cq->q.lock, flags);
}

/*
 * Watch the used ring for the reply to @cmd, sent for @xfer, for at most
 * @poll_us; replies found are delivered as the callback delivers them.
 * Stops once @cmd no longer waits for the device for @xfer: delivered
 * (the SCMI core's completion is done), given up, or failed by a reset.
 * The caller is a user of the queue, so it is not halted meanwhile.
 */
static void vscmi_cmdq_spin(struct vscmi_cmdq *cq, struct vscmi_cmd *cmd,
			    struct scmi_xfer *xfer, unsigned int poll_us)
{
	u64 end = ktime_get_ns() + (u64)poll_us * NSEC_PER_USEC;
	LIST_HEAD(deliver);
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&cq->q.lock, flags);
		if (!cq->q.live || !cq->q.cinfo || cmd->xfer != xfer ||
		    cmd->state != VSCMI_CMD_QUEUED) {
			spin_unlock_irqrestore(&cq->q.lock, flags);
			return;
		}
		vscmi_cmdq_harvest(cq, &deliver);
		vscmi_cmdq_unlock_deliver(cq, &deliver, flags);
		if (need_resched() || ktime_get_ns() > end)
			return;
		cpu_relax();
	}
}

/*
 * The SCMI core is done with @xfer (@ret: its result): after an error it
 * takes no delayed response for it, else one only until VSCMI_DRESP_MS
 * from now. Returns once no delivery of one is in progress.
 */
static void vscmi_dresp_settle(struct vscmi_cmdq *cq,
			       const struct scmi_xfer *xfer, int ret)
{
	u16 token = xfer->hdr.seq;
	unsigned long flags;

	if (token >= VSCMI_NUM_TOKENS)
		return;
	spin_lock_irqsave(&cq->dr_lock, flags);
	if (ret) {
		clear_bit(token, cq->awaited);
	} else {
		cq->dr_deadline[token] = jiffies +
					 msecs_to_jiffies(VSCMI_DRESP_MS);
		set_bit(token, cq->replied);
	}
	spin_unlock_irqrestore(&cq->dr_lock, flags);
}

/**
 * vscmi_send_message() - the SCMI core's send_message: queue a command
 * @cinfo: the channel sending it
 * @xfer: the transfer
 *
 * A sender the SCMI core does not make poll watches for the reply for up
 * to poll_us: a reply found is delivered to the core from here, before it
 * waits, as an early interrupt would.
 *
 * Return: 0, -ENODEV when the device or the channel is gone, -EBUSY when
 * every message is with the device, -EIO when the device cannot be
 * notified, or an error from the virtqueue.
 */
int vscmi_send_message(struct scmi_chan_info *cinfo, struct scmi_xfer *xfer)
{
	struct scatterlist req_sg, resp_sg, *sgs[] = { &req_sg, &resp_sg };
	struct vscmi_cmdq *cq = vscmi_cmdq_of(cinfo);
	unsigned int poll_us;
	struct vscmi_cmd *cmd;
	unsigned long flags;
	bool notify;
	int ret;

	if (!cq)
		return -ENODEV;
	spin_lock_irqsave(&cq->q.lock, flags);
	if (!cq->q.live || cq->q.cinfo != cinfo) {
		spin_unlock_irqrestore(&cq->q.lock, flags);
		return -ENODEV;
	}
	cmd = list_first_entry_or_null(&cq->free, struct vscmi_cmd, node);
	if (!cmd) {
		spin_unlock_irqrestore(&cq->q.lock, flags);
		dev_warn_ratelimited(&cq->q.vdev->dev,
				     "all %u command buffers are with the device\n",
				     cq->q.num_msgs);
		return -EBUSY;
	}
	list_del_init(&cmd->node);

	vscmi_core->msg->tx_prepare(cmd->req, xfer);
	cmd->header = vscmi_core->msg->read_header(cmd->req);
	cmd->xfer = xfer;
	list_add_tail(&cmd->sent_node, &cq->sent);
	cmd->polled = xfer->hdr.poll_completion;
	cmd->state = VSCMI_CMD_QUEUED;
	/* A response never has to be cut short for lack of room. */
	sg_init_one(&req_sg, cmd->req, vscmi_core->msg->command_size(xfer));
	sg_init_one(&resp_sg, cmd->resp, VSCMI_PDU_SIZE);
	ret = virtqueue_add_sgs(cq->q.vq, sgs, 1, 1, cmd, GFP_ATOMIC);
	if (ret) {
		vscmi_cmd_release(cq, cmd);
		spin_unlock_irqrestore(&cq->q.lock, flags);
		dev_warn_ratelimited(&cq->q.vdev->dev,
				     "cannot queue a command: %d\n", ret);
		return ret;
	}
	/* The eventq now expects this command's delayed response. */
	WRITE_ONCE(cq->started, true);
	clear_bit(MSG_XTRACT_TOKEN(cmd->header), cq->replied);
	set_bit(MSG_XTRACT_TOKEN(cmd->header), cq->awaited);
	notify = virtqueue_kick_prepare(cq->q.vq);
	/* Keep the virtqueue alive until it is notified. */
	atomic_inc(&cq->q.users);
	spin_unlock_irqrestore(&cq->q.lock, flags);

	ret = 0;
	if (notify && !virtqueue_notify(cq->q.vq)) {
		/*
		 * The virtqueue is broken. The device may still own the
		 * buffers: the message waits for the reset, its transfer is
		 * over now (the SCMI core calls no mark_txdone after this).
		 */
		dev_err_ratelimited(&cq->q.vdev->dev,
				    "cannot notify the cmdq\n");
		spin_lock_irqsave(&cq->q.lock, flags);
		if (cmd->xfer == xfer)
			vscmi_cmd_forget(cmd);
		spin_unlock_irqrestore(&cq->q.lock, flags);
		vscmi_dresp_settle(cq, xfer, -EIO);
		ret = -EIO;
	}
	/* Still a user of the queue: it is not halted meanwhile. */
	poll_us = READ_ONCE(vscmi_poll_us);
	if (!ret && poll_us && !xfer->hdr.poll_completion)
		vscmi_cmdq_spin(cq, cmd, xfer, poll_us);
	vscmi_queue_put_user(&cq->q);
	return ret;
}

/**
 * vscmi_poll_done() - the SCMI core's poll_done: has the reply to a polled
 *	transfer come back?
 * @cinfo: the channel
 * @xfer: the transfer
 *
 * Return: true when it has, or when there is nothing left to wait for (the
 * transfer has no message any more: vscmi_fetch_response() then fails it).
 */
bool vscmi_poll_done(struct scmi_chan_info *cinfo, struct scmi_xfer *xfer)
{
	struct vscmi_cmdq *cq = vscmi_cmdq_of(cinfo);
	struct vscmi_cmd *cmd;
	LIST_HEAD(deliver);
	unsigned long flags;
	bool done;

	if (!cq)
		return true;
	spin_lock_irqsave(&cq->q.lock, flags);
	cmd = vscmi_cmd_of(cq, xfer);
	if (!cmd) {
		spin_unlock_irqrestore(&cq->q.lock, flags);
		return true;
	}
	/*
	 * Pairs with the release in vscmi_cmd_returned() and the abort: the
	 * reply the poller then fetches is the one published.
	 */
	done = smp_load_acquire(&cmd->state) == VSCMI_CMD_RETURNED;
	if (!done && cq->q.live) {
		vscmi_cmdq_harvest(cq, &deliver);
		/* Acquire: as above. */
		done = smp_load_acquire(&cmd->state) == VSCMI_CMD_RETURNED;
	}
	vscmi_cmdq_unlock_deliver(cq, &deliver, flags);
	return done;
}

/**
 * vscmi_fetch_response() - the SCMI core's fetch_response: copy a reply
 *	into its transfer
 * @cinfo: the channel: the cmdq's for a response, the eventq's for a
 *	delayed response
 * @xfer: the transfer
 *
 * A transfer without a returned message (its channel or device went away)
 * gets COMMS_ERROR and no payload.
 */
void vscmi_fetch_response(struct scmi_chan_info *cinfo, struct scmi_xfer *xfer)
{
	struct vscmi_dev *vsdev = vscmi_dev_of_chan(cinfo);
	struct vscmi_cmdq *cq;
	struct vscmi_cmd *cmd;
	unsigned long flags;
	int error = SCMI_ERR_COMMS;

	if (vsdev && cinfo->is_p2a) {
		vscmi_fetch_delayed(&vsdev->eventq, xfer);
		return;
	}
	if (vsdev) {
		cq = &vsdev->cmdq;
		spin_lock_irqsave(&cq->q.lock, flags);
		cmd = vscmi_cmd_of(cq, xfer);
		if (cmd && cmd->state == VSCMI_CMD_RETURNED) {
			error = cmd->error;
			if (!error)
				vscmi_core->msg->fetch_response(cmd->resp,
								cmd->used_len,
								xfer);
		}
		spin_unlock_irqrestore(&cq->q.lock, flags);
	}
	if (error) {
		xfer->hdr.status = error;
		xfer->rx.len = 0;
	}
}

/**
 * vscmi_mark_txdone() - the SCMI core's mark_txdone: it is done with a
 *	transfer
 * @cinfo: the channel
 * @ret: the transfer's result
 * @xfer: the transfer
 *
 * A polled reply goes back to the pool. A message the device still holds,
 * or one being delivered, forgets the transfer: a reply still to come is
 * dropped. A delayed response being delivered for it is finished first
 * (see the top of this file).
 */
void vscmi_mark_txdone(struct scmi_chan_info *cinfo, int ret,
		       struct scmi_xfer *xfer)
{
	struct vscmi_cmdq *cq = vscmi_cmdq_of(cinfo);
	struct vscmi_cmd *cmd;
	unsigned long flags;

	if (!cq)
		return;
	spin_lock_irqsave(&cq->q.lock, flags);
	cmd = vscmi_cmd_of(cq, xfer);
	if (cmd) {
		if (cmd->state == VSCMI_CMD_RETURNED && cmd->polled)
			vscmi_cmd_release(cq, cmd);
		else
			vscmi_cmd_forget(cmd);
	}
	spin_unlock_irqrestore(&cq->q.lock, flags);
	vscmi_dresp_settle(cq, xfer, ret);
}

/**
 * vscmi_cmdq_reset_tokens() - no command sent, no delayed response owed
 * @cq: the cmdq, with its lock held; no delayed response being delivered
 */
void vscmi_cmdq_reset_tokens(struct vscmi_cmdq *cq)
{
	WRITE_ONCE(cq->started, false);
	bitmap_zero(cq->awaited, VSCMI_NUM_TOKENS);
	bitmap_zero(cq->replied, VSCMI_NUM_TOKENS);
}

/**
 * vscmi_deliver_dresp() - hand a delayed response to the SCMI core, if it
 *	can still take it
 * @cq: the cmdq its command went on
 * @cinfo: the eventq's channel
 * @header: its header
 * @msg: the eventq message carrying it
 *
 * At most one per command; see the top of this file for when.
 */
void vscmi_deliver_dresp(struct vscmi_cmdq *cq, struct scmi_chan_info *cinfo,
			 u32 header, void *msg)
{
	unsigned int token = MSG_XTRACT_TOKEN(header);
	unsigned long flags;
	bool wanted;

	spin_lock_irqsave(&cq->dr_lock, flags);
	wanted = test_bit(token, cq->awaited) &&
		 !(test_bit(token, cq->replied) &&
		   time_after(jiffies, cq->dr_deadline[token]));
	if (wanted) {
		clear_bit(token, cq->awaited);
		vscmi_core->rx_callback(cinfo, header, msg);
	}
	spin_unlock_irqrestore(&cq->dr_lock, flags);
	if (!wanted)
		dev_dbg(&cq->q.vdev->dev,
			"dropped a delayed response nobody waits for (0x%08x)\n",
			header);
}

/**
 * vscmi_cmdq_orphan() - the transfers of the cmdq's former channel are over
 * @cq: the cmdq; its channel unbound, deliveries to it finished
 *
 * A reply the device still owes goes nowhere, and polled replies nobody
 * will collect go back to the pool (a poller left over finds no message
 * and fails at once). The next channel starts with no token sent.
 */
void vscmi_cmdq_orphan(struct vscmi_cmdq *cq)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&cq->q.lock, flags);
	for (i = 0; i < cq->q.num_msgs; i++) {
		struct vscmi_cmd *cmd = &cq->cmds[i];

		if (cmd->state == VSCMI_CMD_RETURNED)
			vscmi_cmd_release(cq, cmd);
		else
			vscmi_cmd_forget(cmd);
	}
	vscmi_cmdq_reset_tokens(cq);
	spin_unlock_irqrestore(&cq->q.lock, flags);
}

/**
 * vscmi_cmdq_abort() - fail the commands a reset device will never answer
 * @cq: the cmdq; the device is reset and the queue no longer live
 *
 * Their senders get a COMMS_ERROR response now instead of a timeout later;
 * a poller finds its failed message until its mark_txdone.
 */
void vscmi_cmdq_abort(struct vscmi_cmdq *cq)
{
	struct vscmi_cmd *cmd;
	LIST_HEAD(deliver);
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&cq->q.lock, flags);
	for (i = 0; i < cq->q.num_msgs; i++) {
		cmd = &cq->cmds[i];
		if (cmd->state != VSCMI_CMD_QUEUED)
			continue;
		if (!cmd->xfer || !cq->q.cinfo) {
			vscmi_cmd_release(cq, cmd);
			continue;
		}
		cmd->error = SCMI_ERR_COMMS;
		/* Publish the failure; pairs with the poller's acquire. */
		smp_store_release(&cmd->state, VSCMI_CMD_RETURNED);
		if (!cmd->polled)
			list_add_tail(&cmd->node, &deliver);
	}
	vscmi_cmdq_unlock_deliver(cq, &deliver, flags);
}

/**
 * vscmi_cmdq_reclaim() - take every message back after a device reset
 * @cq: the cmdq; halted, the device reset, no callback running, its
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
void vscmi_cmdq_reclaim(struct vscmi_cmdq *cq)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&cq->q.lock, flags);
	while (cq->q.vq && virtqueue_detach_unused_buf(cq->q.vq))
		;
	INIT_LIST_HEAD(&cq->free);
	for (i = 0; i < cq->q.num_msgs; i++) {
		struct vscmi_cmd *cmd = &cq->cmds[i];

		if (cmd->state == VSCMI_CMD_RETURNED && cmd->polled &&
		    cmd->xfer)
			continue;
		vscmi_cmd_forget(cmd);
		cmd->state = VSCMI_CMD_FREE;
		list_add_tail(&cmd->node, &cq->free);
	}
	cq->q.vq = NULL;
	spin_unlock_irqrestore(&cq->q.lock, flags);
}
