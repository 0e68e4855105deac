// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the virtio SCMI transport.
 *
 * A fake virtio SCMI device takes the place of the platform; a fake SCMI
 * core drives the transport only through its scmi_transport_ops, as 6.12's
 * drivers/firmware/arm_scmi/driver.c does: channels set up and freed with
 * transfers in flight, send_message, poll_done, mark_txdone, and an
 * rx_callback that finds the transfer by token, stores the message in
 * xfer->priv (smp_store_mb) and then calls fetch_response or
 * fetch_notification. The test decides when each reply comes back, in
 * which order, how long it is, whether it comes at all, and from which
 * context (thread, hardirq on this CPU or on another one).
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/unaligned.h>
#include <linux/virtio_config.h>
#include <linux/virtio_fake.h>
#include <linux/virtio_ids.h>
#include <uapi/linux/virtio_scmi.h>

#include "virtio_scmi.h"

#define TEST_RING	8	/* cmdq entries: 4 messages */
#define TEST_MSGS	(TEST_RING / 2)
#define MAX_SEEN	32
#define STRESS_MS	1000
/*
 * Freeze/restore cycles a storm test must reach to count. Under TCG a
 * cross-CPU cycle took 70 ms in one run and 400 ms in another (its
 * irq_work_sync() waits for a gap in the storm).
 */
#define MIN_CYCLES	20

/**
 * struct fake_seen - one delivery to the fake core
 * @hdr: the header the transport passed
 * @chan: the channel
 * @known: the token named a pending transfer (or it was a notification)
 * @status: the status fetched into the transfer
 * @rx_len: the payload length fetched
 * @rx0: the first payload word fetched
 * @irq_wanted: the cmdq asked the device for interrupts meanwhile
 */
struct fake_seen {
	u32 hdr;
	struct scmi_chan_info *chan;
	bool known;
	bool irq_wanted;
	s32 status;
	size_t rx_len;
	u32 rx0;
};

/**
 * struct txfer - a transfer with its buffers
 * @x: the transfer
 * @tx: its command payload
 * @rx: room for its reply
 */
struct txfer {
	struct scmi_xfer x;
	u8 tx[4];
	u8 rx[VSCMI_MAX_MSG_SIZE];
};

/**
 * struct scmi_fake - the fake SCMI core and what it saw
 * @vf: the fake virtio device
 * @np: the SCMI instance's DT node ("virtio,device20")
 * @compat: its compatible property
 * @proto: a protocol node under it (no channels of its own)
 * @trans: the instance's platform data: its transport supplier
 * @dev: the SCMI instance's device, for chan_setup
 * @cinfo: the command channel
 * @ecinfo: the event channel
 * @ops: the transport's operations
 * @lock: protects @pending, @num_seen and @seen
 * @pending: transfers by token, as the core's pending table
 * @num_seen: deliveries so far
 * @seen: the first MAX_SEEN deliveries
 * @rx_delay_us: busy-wait in every rx_callback (stress tests)
 * @on_rx: called at the end of every rx_callback, or NULL
 * @on_rx_req: a command @on_rx may answer
 * @on_rx_data: anything else @on_rx needs
 */
struct scmi_fake {
	struct virtio_fake *vf;
	struct device_node np;
	struct property compat;
	struct device_node proto;
	struct scmi_transport trans;
	struct device dev;
	struct scmi_chan_info cinfo;
	struct scmi_chan_info ecinfo;
	const struct scmi_transport_ops *ops;
	spinlock_t lock;	/* see above */
	struct scmi_xfer *pending[VSCMI_NUM_TOKENS];
	unsigned int num_seen;
	struct fake_seen seen[MAX_SEEN];
	unsigned int rx_delay_us;
	void (*on_rx)(struct scmi_fake *f);
	struct virtio_fake_req *on_rx_req;
	void *on_rx_data;
};

static struct scmi_fake *the_fake;

/* What 6.12's scmi_rx_callback() does with a message, minus the tracing. */
static void fake_rx_callback(struct scmi_chan_info *cinfo, u32 hdr, void *priv)
{
	struct scmi_fake *f = the_fake;
	struct fake_seen s = { .hdr = hdr, .chan = cinfo };
	struct scmi_xfer *xfer, nx = {};
	u8 nbuf[VSCMI_MAX_MSG_SIZE];
	unsigned long flags;

	if (f->rx_delay_us)
		udelay(f->rx_delay_us);
	if (MSG_XTRACT_TYPE(hdr) == MSG_TYPE_NOTIFICATION) {
		xfer = &nx;
		xfer->rx.buf = nbuf;
		unpack_scmi_header(hdr, &xfer->hdr);
		/* As the core: priv is visible before fetch_notification. */
		smp_store_mb(xfer->priv, priv);
		f->ops->fetch_notification(cinfo, VSCMI_MAX_MSG_SIZE, xfer);
	} else {
		spin_lock_irqsave(&f->lock, flags);
		xfer = f->pending[MSG_XTRACT_TOKEN(hdr)];
		spin_unlock_irqrestore(&f->lock, flags);
		if (xfer) {
			if (MSG_XTRACT_TYPE(hdr) == MSG_TYPE_DELAYED_RESP)
				xfer->rx.len = VSCMI_MAX_MSG_SIZE;
			/* As the core: priv is visible before fetch_response. */
			smp_store_mb(xfer->priv, priv);
			f->ops->fetch_response(cinfo, xfer);
		}
	}
	if (xfer) {
		s.known = true;
		s.status = (s32)xfer->hdr.status;
		s.rx_len = xfer->rx.len;
		if (xfer->rx.len >= 4)
			s.rx0 = get_unaligned_le32(xfer->rx.buf);
	}
	s.irq_wanted = virtio_fake_wants_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	spin_lock_irqsave(&f->lock, flags);
	if (f->num_seen < MAX_SEEN)
		f->seen[f->num_seen] = s;
	f->num_seen++;
	spin_unlock_irqrestore(&f->lock, flags);
	if (f->on_rx)
		f->on_rx(f);
}

static void fake_bad_message(struct scmi_chan_info *cinfo, u32 hdr,
			     enum scmi_bad_msg err)
{
}

/*
 * The wire format, as 6.12's msg.c has it (written anew here; the core's
 * struct scmi_msg_payld is private to msg.c): a header word, then the
 * payload (for a response: the status, then the data).
 */
static void fake_tx_prepare(struct scmi_msg_payld *payld, struct scmi_xfer *xfer)
{
	__le32 *w = (__le32 *)payld;

	w[0] = cpu_to_le32(pack_scmi_header(&xfer->hdr));
	memcpy(&w[1], xfer->tx.buf, xfer->tx.len);
}

static size_t fake_command_size(struct scmi_xfer *xfer)
{
	return sizeof(__le32) + xfer->tx.len;
}

static u32 fake_read_header(struct scmi_msg_payld *payld)
{
	return le32_to_cpu(*(__le32 *)payld);
}

static void fake_fetch_response(struct scmi_msg_payld *payld, size_t len,
				struct scmi_xfer *xfer)
{
	__le32 *w = (__le32 *)payld;

	xfer->hdr.status = le32_to_cpu(w[1]);
	xfer->rx.len = min(xfer->rx.len, len >= 8 ? len - 8 : 0);
	memcpy(xfer->rx.buf, &w[2], xfer->rx.len);
}

static void fake_fetch_notification(struct scmi_msg_payld *payld, size_t len,
				    size_t max_len, struct scmi_xfer *xfer)
{
	__le32 *w = (__le32 *)payld;

	xfer->rx.len = min(max_len, len >= 4 ? len - 4 : 0);
	memcpy(xfer->rx.buf, &w[1], xfer->rx.len);
}

static const struct scmi_message_operations fake_msg_ops = {
	.tx_prepare = fake_tx_prepare,
	.command_size = fake_command_size,
	.read_header = fake_read_header,
	.fetch_response = fake_fetch_response,
	.fetch_notification = fake_fetch_notification,
};

static struct scmi_transport_core_operations fake_core_ops = {
	.bad_message_trace = fake_bad_message,
	.rx_callback = fake_rx_callback,
	.msg = &fake_msg_ops,
};

static struct scmi_transport_core_operations *saved_core;

static void fake_core_restore(void *unused)
{
	vscmi_core = saved_core;
	the_fake = NULL;
}

/* The fake core, and a fake device with @features and @ring entries. */
static struct scmi_fake *fake_device(struct kunit *test, u64 features,
				     unsigned int ring)
{
	struct scmi_fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	spin_lock_init(&f->lock);
	f->compat.name = "compatible";
	f->compat.value = "virtio,device20";
	f->compat.length = sizeof("virtio,device20");
	f->np.properties = &f->compat;
	f->proto.parent = &f->np;
	f->dev.of_node = &f->np;
	f->dev.platform_data = &f->trans;
	/* As the core's scmi_chan_setup(): channel 1 is P2A. */
	f->ecinfo.is_p2a = true;
	f->ops = vscmi_desc_template.ops;
	if (vscmi_core != &fake_core_ops)
		saved_core = vscmi_core;
	vscmi_core = &fake_core_ops;
	the_fake = f;
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, fake_core_restore, NULL),
			0);
	f->vf = virtio_fake_create(test, VIRTIO_ID_SCMI, features,
				   VIRTIO_SCMI_VQ_MAX_CNT, ring);
	KUNIT_ASSERT_NOT_NULL(test, f->vf);
	return f;
}

static struct vscmi_dev *fake_vsdev(struct scmi_fake *f)
{
	return virtio_fake_vdev(f->vf)->priv;
}

/* Register the device, tie it to the node and set the channels up. */
static void fake_bind(struct kunit *test, struct scmi_fake *f, bool eventq)
{
	KUNIT_ASSERT_EQ(test, virtio_fake_register(f->vf), 0);
	KUNIT_ASSERT_TRUE(test, virtio_fake_bound(f->vf));
	/* Ready before anything is sent. */
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
				VIRTIO_CONFIG_S_DRIVER_OK);
	/* No transport supplier: no channel. */
	f->trans.supplier = NULL;
	KUNIT_EXPECT_EQ(test, f->ops->chan_setup(&f->cinfo, &f->dev, true),
			-ENODEV);
	f->trans.supplier = &virtio_fake_vdev(f->vf)->dev;

	/* The instance's node has the channels, its protocol nodes none. */
	KUNIT_ASSERT_TRUE(test, f->ops->chan_available(&f->np, 0));
	KUNIT_EXPECT_TRUE(test, f->ops->chan_available(&f->np, 1));
	KUNIT_EXPECT_FALSE(test, f->ops->chan_available(&f->proto, 0));
	KUNIT_EXPECT_FALSE(test, f->ops->chan_available(&f->proto, 1));
	KUNIT_ASSERT_EQ(test, f->ops->chan_setup(&f->cinfo, &f->dev, true), 0);
	KUNIT_EXPECT_FALSE(test, f->cinfo.no_completion_irq);
	KUNIT_EXPECT_EQ(test, f->ops->get_max_msg(&f->cinfo), TEST_MSGS);
	if (eventq)
		KUNIT_ASSERT_EQ(test,
				f->ops->chan_setup(&f->ecinfo, &f->dev, false),
				0);
	else
		KUNIT_EXPECT_EQ(test,
				f->ops->chan_setup(&f->ecinfo, &f->dev, false),
				-ENODEV);
}

static struct scmi_fake *fake_new(struct kunit *test)
{
	struct scmi_fake *f;

	f = fake_device(test, BIT_ULL(VIRTIO_SCMI_F_P2A_CHANNELS), TEST_RING);
	fake_bind(test, f, true);
	return f;
}

/* What the core's scmi_cleanup_channels() does: free every channel. */
static void fake_chan_free(struct scmi_fake *f)
{
	f->ops->chan_free(0, &f->cinfo, NULL);
	/* Protocols sharing the channel: freed again, harmlessly. */
	f->ops->chan_free(0x15, &f->cinfo, NULL);
	f->ops->chan_free(0, &f->ecinfo, NULL);
}

static void xfer_init(struct txfer *t, u16 seq, bool polled)
{
	memset(t, 0, sizeof(*t));
	t->x.hdr.id = 7;
	t->x.hdr.protocol_id = 0x15;
	t->x.hdr.type = MSG_TYPE_COMMAND;
	t->x.hdr.seq = seq;
	t->x.hdr.poll_completion = polled;
	t->tx[0] = seq;
	t->tx[1] = 0xa5;
	t->tx[2] = 0x5a;
	t->tx[3] = 0xff;
	t->x.tx.buf = t->tx;
	t->x.tx.len = sizeof(t->tx);
	t->x.rx.buf = t->rx;
	t->x.rx.len = sizeof(t->rx);
}

/* Transfers that live as long as the test (too large for the stack). */
static struct txfer *txfers(struct kunit *test, unsigned int n)
{
	struct txfer *t = kunit_kcalloc(test, n, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	return t;
}

/*
 * Run @fn in a thread on another CPU than this one, and keep the test
 * thread here: the two run side by side. stop_beside() undoes it.
 */
static struct task_struct *start_beside(struct kunit *test,
					int (*fn)(void *data), void *data,
					const char *name)
{
	struct task_struct *thread;
	int this_cpu = get_cpu();

	put_cpu();
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current,
						   cpumask_of(this_cpu)), 0);
	thread = kthread_create(fn, data, "%s", name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(thread));
	kthread_bind(thread, cpumask_any_but(cpu_online_mask, this_cpu));
	get_task_struct(thread);
	wake_up_process(thread);
	return thread;
}

static void stop_beside(struct task_struct *thread)
{
	kthread_stop(thread);
	put_task_struct(thread);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static u32 hdr_of(struct txfer *t)
{
	return pack_scmi_header(&t->x.hdr);
}

/* The core's do_xfer up to send_message: the token now names @t. */
static int send(struct scmi_fake *f, struct txfer *t)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&f->lock, flags);
	f->pending[t->x.hdr.seq] = &t->x;
	spin_unlock_irqrestore(&f->lock, flags);
	ret = f->ops->send_message(&f->cinfo, &t->x);
	if (ret) {
		spin_lock_irqsave(&f->lock, flags);
		f->pending[t->x.hdr.seq] = NULL;
		spin_unlock_irqrestore(&f->lock, flags);
	}
	return ret;
}

/* The core's end of do_xfer, then xfer_put: the token is free again. */
static void txdone(struct scmi_fake *f, struct txfer *t, int ret)
{
	unsigned long flags;

	f->ops->mark_txdone(&f->cinfo, ret, &t->x);
	spin_lock_irqsave(&f->lock, flags);
	if (f->pending[t->x.hdr.seq] == &t->x)
		f->pending[t->x.hdr.seq] = NULL;
	spin_unlock_irqrestore(&f->lock, flags);
}

/*
 * The device takes the next command and checks every field of it against
 * what @t asked for.
 */
static struct virtio_fake_req *take_cmd(struct kunit *test,
					struct scmi_fake *f, struct txfer *t)
{
	struct virtio_fake_req *req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	const __le32 *out;

	KUNIT_ASSERT_NOT_NULL(test, req);
	out = req->out;
	KUNIT_EXPECT_EQ(test, req->out_len, sizeof(__le32) + t->x.tx.len);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(out[0]), hdr_of(t));
	KUNIT_EXPECT_EQ(test, MSG_XTRACT_ID(le32_to_cpu(out[0])), t->x.hdr.id);
	KUNIT_EXPECT_EQ(test, MSG_XTRACT_PROT_ID(le32_to_cpu(out[0])),
			t->x.hdr.protocol_id);
	KUNIT_EXPECT_EQ(test, MSG_XTRACT_TYPE(le32_to_cpu(out[0])),
			MSG_TYPE_COMMAND);
	KUNIT_EXPECT_EQ(test, MSG_XTRACT_TOKEN(le32_to_cpu(out[0])),
			t->x.hdr.seq);
	if (req->out_len == sizeof(__le32) + t->x.tx.len)
		KUNIT_EXPECT_MEMEQ(test, (u8 *)req->out + 4, t->tx,
				   t->x.tx.len);
	/* Room for the largest response, whatever the command expects. */
	KUNIT_EXPECT_EQ(test, req->in_cap, VSCMI_PDU_SIZE);
	return req;
}

/* The device answers @req with @hdr, @status, a payload word, 4 bytes more. */
static void answer(struct scmi_fake *f, struct virtio_fake_req *req, u32 hdr,
		   s32 status, u32 used_len)
{
	__le32 resp[4] = { cpu_to_le32(hdr), cpu_to_le32(status),
			   cpu_to_le32(0x11223344), cpu_to_le32(0x55) };

	virtio_fake_complete(f->vf, req, resp, sizeof(resp),
			     used_len ?: sizeof(resp));
}

static unsigned int free_msgs(struct vscmi_cmdq *cq)
{
	struct vscmi_cmd *cmd;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&cq->q.lock, flags);
	list_for_each_entry(cmd, &cq->free, node)
		n++;
	spin_unlock_irqrestore(&cq->q.lock, flags);
	return n;
}

static struct vscmi_cmdq *fake_cmdq(struct scmi_fake *f)
{
	return &fake_vsdev(f)->cmdq;
}

/* Every status a platform may answer reaches the transfer as sent. */
static void vscmi_test_roundtrip(struct kunit *test)
{
	static const s32 statuses[] = {
		SCMI_SUCCESS, SCMI_ERR_SUPPORT, SCMI_ERR_PARAMS,
		SCMI_ERR_ACCESS, SCMI_ERR_ENTRY, SCMI_ERR_RANGE, SCMI_ERR_BUSY,
		SCMI_ERR_COMMS, SCMI_ERR_GENERIC, SCMI_ERR_HARDWARE,
		SCMI_ERR_PROTOCOL,
	};
	struct scmi_fake *f = fake_new(test);
	struct virtio_fake_req *req;
	struct txfer t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		xfer_init(&t, 5 + i, false);
		KUNIT_ASSERT_EQ(test, send(f, &t), 0);
		KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS - 1);
		req = take_cmd(test, f, &t);
		answer(f, req, hdr_of(&t), statuses[i], 0);
		virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
		KUNIT_ASSERT_EQ(test, f->num_seen, i + 1);
		KUNIT_EXPECT_EQ(test, f->seen[i].hdr, hdr_of(&t));
		KUNIT_EXPECT_TRUE(test, f->seen[i].known);
		KUNIT_EXPECT_EQ(test, f->seen[i].status, statuses[i]);
		KUNIT_EXPECT_EQ(test, f->seen[i].rx_len, 8);
		KUNIT_EXPECT_EQ(test, f->seen[i].rx0, 0x11223344);
		KUNIT_EXPECT_PTR_EQ(test, f->seen[i].chan, &f->cinfo);
		txdone(f, &t, 0);
		KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
	}
}

/* A device that answers every command in its notification, silently. */
static void answer_on_kick(struct virtio_fake *vf, unsigned int queue,
			   void *ctx)
{
	struct scmi_fake *f = ctx;
	struct virtio_fake_req *req;

	if (queue != VIRTIO_SCMI_VQ_TX)
		return;
	while ((req = virtio_fake_pop(vf, queue)))
		answer(f, req, le32_to_cpu(*(__le32 *)req->out), SCMI_SUCCESS,
		       0);
}

/*
 * A sender the core does not make poll watches the used ring for poll_us
 * after its notification: a device that answers at once without an
 * interrupt has its reply delivered before send_message returns. With
 * poll_us=0, or for a transfer the core polls itself, nothing is delivered
 * until the interrupt or the core's poll; a device that does not answer
 * costs the sender at most poll_us.
 */
static void vscmi_test_sender_spins(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct txfer *t = txfers(test, 3);
	ktime_t t0;

	virtio_fake_on_kick(f->vf, answer_on_kick, f);
	vscmi_poll_us = VSCMI_POLL_MAX_US;
	xfer_init(&t[0], 3, false);
	KUNIT_ASSERT_EQ(test, send(f, &t[0]), 0);
	KUNIT_EXPECT_EQ_MSG(test, f->num_seen, 1,
			    "the reply was not delivered in send_message");
	/* (Without the sender's watch, the interrupt delivers it.) */
	if (!f->num_seen)
		virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen[0].hdr, hdr_of(&t[0]));
	KUNIT_EXPECT_EQ(test, f->seen[0].status, SCMI_SUCCESS);
	KUNIT_EXPECT_EQ(test, f->seen[0].rx0, 0x11223344);
	txdone(f, &t[0], 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);

	/* The core polls: the reply waits for its poll_done. */
	xfer_init(&t[1], 4, true);
	KUNIT_ASSERT_EQ(test, send(f, &t[1]), 0);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_TRUE(test, f->ops->poll_done(&f->cinfo, &t[1].x));
	f->ops->fetch_response(&f->cinfo, &t[1].x);
	KUNIT_EXPECT_EQ(test, t[1].x.hdr.status, SCMI_SUCCESS);
	txdone(f, &t[1], 0);

	/* Polling off: only the interrupt delivers. */
	vscmi_poll_us = 0;
	xfer_init(&t[2], 5, false);
	KUNIT_ASSERT_EQ(test, send(f, &t[2]), 0);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2);
	txdone(f, &t[2], 0);

	/* A silent device: send_message returns after about poll_us. */
	virtio_fake_on_kick(f->vf, NULL, NULL);
	vscmi_poll_us = VSCMI_POLL_MAX_US;
	xfer_init(&t[0], 6, false);
	t0 = ktime_get();
	KUNIT_ASSERT_EQ(test, send(f, &t[0]), 0);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(ktime_get(), t0), 100);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2);
	answer(f, take_cmd(test, f, &t[0]), hdr_of(&t[0]), SCMI_SUCCESS, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 3);
	txdone(f, &t[0], 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
}

static void answer_saved(struct scmi_fake *f)
{
	struct virtio_fake_req *req = f->on_rx_req;

	if (!req)
		return;
	f->on_rx_req = NULL;
	answer(f, req, le32_to_cpu(*(__le32 *)req->out), SCMI_SUCCESS, 0);
}

/*
 * One interrupt, several replies: while the callback takes and delivers
 * replies, the device is asked not to interrupt, and a reply that comes
 * back meanwhile is delivered by the same callback. Afterwards the
 * device may interrupt again.
 */
static void vscmi_test_replies_per_interrupt(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct txfer *t = txfers(test, 2);
	struct virtio_fake_req *req;

	xfer_init(&t[0], 8, false);
	xfer_init(&t[1], 9, false);
	KUNIT_ASSERT_EQ(test, send(f, &t[0]), 0);
	KUNIT_ASSERT_EQ(test, send(f, &t[1]), 0);
	req = take_cmd(test, f, &t[0]);
	f->on_rx_req = take_cmd(test, f, &t[1]);
	KUNIT_EXPECT_TRUE(test, virtio_fake_wants_interrupt(f->vf,
							    VIRTIO_SCMI_VQ_TX));
	/* The second reply comes back while the first is delivered. */
	f->on_rx = answer_saved;
	answer(f, req, hdr_of(&t[0]), SCMI_SUCCESS, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	f->on_rx = NULL;
	KUNIT_EXPECT_NULL(test, f->on_rx_req);
	KUNIT_ASSERT_EQ_MSG(test, f->num_seen, 2,
			    "the reply completed during a delivery waits for another interrupt");
	KUNIT_EXPECT_EQ(test, f->seen[0].hdr, hdr_of(&t[0]));
	KUNIT_EXPECT_EQ(test, f->seen[1].hdr, hdr_of(&t[1]));
	KUNIT_EXPECT_FALSE_MSG(test, f->seen[0].irq_wanted,
			       "interrupts were on while the callback delivered");
	KUNIT_EXPECT_FALSE(test, f->seen[1].irq_wanted);
	KUNIT_EXPECT_TRUE(test, virtio_fake_wants_interrupt(f->vf,
							    VIRTIO_SCMI_VQ_TX));
	txdone(f, &t[0], 0);
	txdone(f, &t[1], 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);

	/* Still one interrupt per reply when they come apart. */
	xfer_init(&t[0], 10, false);
	KUNIT_ASSERT_EQ(test, send(f, &t[0]), 0);
	answer(f, take_cmd(test, f, &t[0]), hdr_of(&t[0]), SCMI_SUCCESS, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 3);
	txdone(f, &t[0], 0);
}

/* Malformed replies complete their own command with PROTOCOL_ERROR. */
static void vscmi_test_bad_replies(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct virtio_fake_req *req;
	struct txfer *t = txfers(test, 3);
	unsigned int i;

	/* Too short, too long, and with another command's header. */
	for (i = 0; i < 3; i++) {
		xfer_init(&t[i], 9 + i, false);
		KUNIT_ASSERT_EQ(test, send(f, &t[i]), 0);
		req = take_cmd(test, f, &t[i]);
		answer(f, req, hdr_of(&t[i]) + (i == 2), 0,
		       i == 0 ? 4 : i == 1 ? VSCMI_PDU_SIZE + 1 : 0);
	}
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);

	KUNIT_ASSERT_EQ(test, f->num_seen, 3);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, f->seen[i].hdr, hdr_of(&t[i]));
		KUNIT_EXPECT_EQ(test, f->seen[i].status, SCMI_ERR_PROTOCOL);
		KUNIT_EXPECT_EQ(test, f->seen[i].rx_len, 0);
		txdone(f, &t[i], 0);
	}
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
}

/*
 * A timed-out command keeps its buffer until the device returns it; the
 * late reply never reaches the core, where its token may be in use again.
 */
static void vscmi_test_timeout_late_reply(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct txfer *next = txfers(test, 5), *t = &next[4];
	struct virtio_fake_req *late, *req;
	unsigned int i;

	xfer_init(t, 3, false);
	KUNIT_ASSERT_EQ(test, send(f, t), 0);
	late = take_cmd(test, f, t);
	txdone(f, t, -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS - 1);

	/* The same token again, and the pool runs dry: no reuse. */
	for (i = 0; i < 3; i++) {
		xfer_init(&next[i], 3 + 4 * i, false);
		KUNIT_ASSERT_EQ(test, send(f, &next[i]), 0);
	}
	xfer_init(&next[3], 4, false);
	KUNIT_EXPECT_EQ(test, send(f, &next[3]), -EBUSY);

	answer(f, late, hdr_of(t), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), 1);

	/* The newer transfer with the same token still gets its reply. */
	req = take_cmd(test, f, &next[0]);
	answer(f, req, hdr_of(&next[0]), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	txdone(f, &next[0], 0);
	KUNIT_EXPECT_EQ(test, send(f, &next[3]), 0);
	/* The rest are never answered: their senders time out. */
	for (i = 1; i < 4; i++) {
		txdone(f, &next[i], -ETIMEDOUT);
		virtio_fake_forget(virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX));
	}
}

/* Pollers: each finds its own reply, whoever took it from the ring. */
static void vscmi_test_pollers(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	const struct scmi_transport_ops *ops = f->ops;
	struct virtio_fake_req *ra, *rb, *rc;
	struct txfer a, b, c;

	xfer_init(&a, 1, true);
	xfer_init(&b, 2, true);
	xfer_init(&c, 3, false);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	KUNIT_ASSERT_EQ(test, send(f, &b), 0);
	KUNIT_ASSERT_EQ(test, send(f, &c), 0);
	ra = take_cmd(test, f, &a);
	rb = take_cmd(test, f, &b);
	rc = take_cmd(test, f, &c);

	KUNIT_EXPECT_FALSE(test, ops->poll_done(&f->cinfo, &a.x));
	/* B's and C's replies come first; A's poller takes them both. */
	answer(f, rb, hdr_of(&b), SCMI_ERR_BUSY, 0);
	answer(f, rc, hdr_of(&c), 0, 0);
	KUNIT_EXPECT_FALSE(test, ops->poll_done(&f->cinfo, &a.x));
	/* C is nobody's poll: it went to the core right away. */
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen[0].hdr, hdr_of(&c));
	txdone(f, &c, 0);
	/* B's poller finds its reply already taken for it. */
	KUNIT_EXPECT_TRUE(test, ops->poll_done(&f->cinfo, &b.x));
	ops->fetch_response(&f->cinfo, &b.x);
	KUNIT_EXPECT_EQ(test, (s32)b.x.hdr.status, SCMI_ERR_BUSY);
	KUNIT_EXPECT_EQ(test, b.x.rx.len, 8);
	txdone(f, &b, 0);

	/* A's reply arrives by interrupt: left for its poller. */
	answer(f, ra, hdr_of(&a), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_TRUE(test, ops->poll_done(&f->cinfo, &a.x));
	ops->fetch_response(&f->cinfo, &a.x);
	KUNIT_EXPECT_EQ(test, (s32)a.x.hdr.status, SCMI_SUCCESS);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(a.rx), 0x11223344);
	txdone(f, &a, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
}

/* A poll that timed out: the late reply frees the buffer, quietly. */
static void vscmi_test_poll_timeout(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct virtio_fake_req *req;
	struct txfer a;

	xfer_init(&a, 1, true);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	req = take_cmd(test, f, &a);
	KUNIT_EXPECT_FALSE(test, f->ops->poll_done(&f->cinfo, &a.x));
	txdone(f, &a, -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS - 1);
	answer(f, req, hdr_of(&a), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
}

/* The device sends an event of @len bytes with header @hdr on the eventq. */
static void event(struct kunit *test, struct scmi_fake *f, u32 hdr, u32 len)
{
	__le32 buf[4] = { cpu_to_le32(hdr), 0, cpu_to_le32(0x55),
			  cpu_to_le32(0x66) };
	struct virtio_fake_req *req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_RX);

	KUNIT_ASSERT_NOT_NULL(test, req);
	KUNIT_EXPECT_EQ(test, req->out_len, 0);
	KUNIT_EXPECT_EQ(test, req->in_cap, VSCMI_PDU_SIZE);
	virtio_fake_complete(f->vf, req, buf, sizeof(buf), len);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_RX);
}

/* Send one command and have it answered: the SCMI instance is up. */
static void first_command(struct kunit *test, struct scmi_fake *f)
{
	struct virtio_fake_req *req;
	struct txfer t;

	xfer_init(&t, 0, false);
	KUNIT_ASSERT_EQ(test, send(f, &t), 0);
	req = take_cmd(test, f, &t);
	answer(f, req, hdr_of(&t), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	txdone(f, &t, 0);
	f->num_seen = 0;
}

/*
 * Events go to the event channel and their buffers straight back to the
 * device; malformed ones are dropped, their buffers recycled too.
 */
static void vscmi_test_eventq(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct scmi_msg_hdr nhdr = { .id = 1, .protocol_id = 0x15,
				     .type = MSG_TYPE_NOTIFICATION };
	struct scmi_msg_hdr dhdr;
	unsigned int kicks, i;

	first_command(test, f);
	kicks = virtio_fake_kicks(f->vf, VIRTIO_SCMI_VQ_RX);
	/* More events than buffers: they are recycled. */
	for (i = 0; i < 2 * TEST_RING; i++)
		event(test, f, pack_scmi_header(&nhdr), 16);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2 * TEST_RING);
	KUNIT_EXPECT_PTR_EQ(test, f->seen[0].chan, &f->ecinfo);
	/* The payload after the header, bounded by the used length. */
	KUNIT_EXPECT_EQ(test, f->seen[1].rx_len, 12);
	KUNIT_EXPECT_EQ(test, f->seen[1].rx0, 0);
	KUNIT_EXPECT_GE(test, virtio_fake_kicks(f->vf, VIRTIO_SCMI_VQ_RX),
			kicks + 2 * TEST_RING);
	/*
	 * Dropped, the buffer still recycled: too short for a header, a
	 * command reply, a delayed response without its status.
	 */
	event(test, f, pack_scmi_header(&nhdr), 2);
	event(test, f, 0x5415, 16);
	dhdr = nhdr;
	dhdr.type = MSG_TYPE_DELAYED_RESP;
	dhdr.seq = 0;
	event(test, f, pack_scmi_header(&dhdr), 4);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2 * TEST_RING);
	event(test, f, pack_scmi_header(&nhdr), 4);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2 * TEST_RING + 1);
}

/*
 * A delayed response overtaking its response: the core stores the eventq
 * message in xfer->priv and completes the transfer; its mark_txdone must
 * still tie off the cmdq message, so the late response is dropped.
 */
static void vscmi_test_dresp_before_resp(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct virtio_fake_req *req;
	struct scmi_msg_hdr dhdr;
	struct txfer t, u;

	first_command(test, f);
	xfer_init(&t, 6, false);
	KUNIT_ASSERT_EQ(test, send(f, &t), 0);
	req = take_cmd(test, f, &t);
	dhdr = t.x.hdr;
	dhdr.type = MSG_TYPE_DELAYED_RESP;
	event(test, f, pack_scmi_header(&dhdr), 12);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_PTR_EQ(test, f->seen[0].chan, &f->ecinfo);
	KUNIT_EXPECT_TRUE(test, f->seen[0].known);
	KUNIT_EXPECT_EQ(test, f->seen[0].rx_len, 4);
	/* The core's waiter was completed by the delayed response. */
	txdone(f, &t, 0);
	/* The token is in use again when the response finally comes. */
	xfer_init(&u, 6, false);
	KUNIT_ASSERT_EQ(test, send(f, &u), 0);
	answer(f, req, hdr_of(&t), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ_MSG(test, f->num_seen, 1,
			    "the late response reached the core");
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS - 1);
	req = take_cmd(test, f, &u);
	answer(f, req, hdr_of(&u), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2);
	txdone(f, &u, 0);

	/* The usual order: response, then delayed response. */
	xfer_init(&t, 7, false);
	KUNIT_ASSERT_EQ(test, send(f, &t), 0);
	req = take_cmd(test, f, &t);
	answer(f, req, hdr_of(&t), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	txdone(f, &t, 0);
	dhdr = t.x.hdr;
	dhdr.type = MSG_TYPE_DELAYED_RESP;
	/* The core keeps the transfer for its delayed response. */
	f->pending[7] = &t.x;
	event(test, f, pack_scmi_header(&dhdr), 16);
	KUNIT_ASSERT_EQ(test, f->num_seen, 4);
	KUNIT_EXPECT_PTR_EQ(test, f->seen[3].chan, &f->ecinfo);
	KUNIT_EXPECT_EQ(test, f->seen[3].rx_len, 8);
	KUNIT_EXPECT_EQ(test, f->seen[3].rx0, 0x55);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
}

/* The device answers @t (@status), then the core ends it with @ret. */
static void answer_and_end(struct kunit *test, struct scmi_fake *f,
			   struct txfer *t, s32 status, int ret)
{
	struct virtio_fake_req *req;

	KUNIT_ASSERT_EQ(test, send(f, t), 0);
	req = take_cmd(test, f, t);
	answer(f, req, hdr_of(t), status, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	txdone(f, t, ret);
	/* The core keeps the transfer until do_xfer_with_response() ends. */
	f->pending[t->x.hdr.seq] = &t->x;
}

/* The device sends the delayed response of @t. */
static void dresp(struct kunit *test, struct scmi_fake *f, struct txfer *t)
{
	struct scmi_msg_hdr dhdr = t->x.hdr;

	dhdr.type = MSG_TYPE_DELAYED_RESP;
	event(test, f, pack_scmi_header(&dhdr), 12);
}

/*
 * The SCMI core stops waiting for a delayed response without telling the
 * transport: at once when the command failed, SCMI_MAX_RESPONSE_TIMEOUT
 * after mark_txdone otherwise. A delayed response after that must not
 * reach it (6.12's core can then complete a NULL xfer->async_done), nor a
 * second one for the same command.
 */
static void vscmi_test_dresp_after_txdone(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct txfer *t = txfers(test, 3);

	first_command(test, f);
	xfer_init(&t[0], 9, false);
	answer_and_end(test, f, &t[0], SCMI_ERR_SUPPORT, -EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen[0].status, SCMI_ERR_SUPPORT);
	dresp(test, f, &t[0]);
	KUNIT_EXPECT_EQ_MSG(test, f->num_seen, 1,
			    "a failed command's delayed response reached the core");

	xfer_init(&t[1], 10, false);
	answer_and_end(test, f, &t[1], 0, 0);
	dresp(test, f, &t[1]);
	KUNIT_ASSERT_EQ(test, f->num_seen, 3);
	KUNIT_EXPECT_PTR_EQ(test, f->seen[2].chan, &f->ecinfo);
	KUNIT_EXPECT_EQ(test, f->seen[2].rx_len, 4);
	dresp(test, f, &t[1]);
	KUNIT_EXPECT_EQ_MSG(test, f->num_seen, 3,
			    "a second delayed response reached the core");

	xfer_init(&t[2], 11, false);
	answer_and_end(test, f, &t[2], 0, 0);
	msleep(VSCMI_DRESP_MS + 20);
	dresp(test, f, &t[2]);
	KUNIT_EXPECT_EQ_MSG(test, f->num_seen, 4,
			    "a delayed response reached the core %u ms after mark_txdone",
			    VSCMI_DRESP_MS + 20);
	memset(f->pending, 0, sizeof(f->pending));
}

/**
 * struct dresp_race - a delayed response delivered while the command ends
 * @f: the fake
 * @t: the command
 * @in_rx: the delivery has reached the core
 * @rx_end: when the delivery left the core
 * @txdone_end: when mark_txdone returned
 */
struct dresp_race {
	struct scmi_fake *f;
	struct txfer *t;
	atomic_t in_rx;
	ktime_t rx_end;
	ktime_t txdone_end;
};

/* The core, slow to complete the delayed response (20 ms). */
static void slow_dresp_rx(struct scmi_fake *f)
{
	struct dresp_race *r = f->on_rx_data;

	atomic_set(&r->in_rx, 1);
	mdelay(20);
	r->rx_end = ktime_get();
}

/* The command's waiter on another CPU: it timed out meanwhile. */
static int dresp_race_thread(void *data)
{
	struct dresp_race *r = data;
	unsigned long end = jiffies + 5 * HZ;

	while (!atomic_read(&r->in_rx) && time_before(jiffies, end))
		cpu_relax();
	r->f->ops->mark_txdone(&r->f->cinfo, -ETIMEDOUT, &r->t->x);
	r->txdone_end = ktime_get();
	return 0;
}

/*
 * mark_txdone waits for a delivery of the command's delayed response in
 * progress: the core clears xfer->async_done right after it.
 */
static void vscmi_test_txdone_waits_for_dresp(struct kunit *test)
{
	struct scmi_fake *f;
	struct task_struct *thread;
	struct dresp_race *r;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second CPU");
	f = fake_new(test);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->f = f;
	r->t = txfers(test, 1);
	first_command(test, f);
	xfer_init(r->t, 12, false);
	KUNIT_ASSERT_EQ(test, send(f, r->t), 0);
	virtio_fake_forget(take_cmd(test, f, r->t));

	thread = start_beside(test, dresp_race_thread, r, "vscmi-txdone");
	f->on_rx_data = r;
	f->on_rx = slow_dresp_rx;
	dresp(test, f, r->t);
	f->on_rx = NULL;
	stop_beside(thread);
	KUNIT_ASSERT_EQ(test, atomic_read(&r->in_rx), 1);
	KUNIT_EXPECT_FALSE_MSG(test, ktime_before(r->txdone_end, r->rx_end),
			       "mark_txdone returned %lld us before the delivery ended",
			       ktime_us_delta(r->rx_end, r->txdone_end));
	f->pending[12] = NULL;
}

/*
 * Transfers in flight across the SCMI instance's removal: every operation
 * on a freed channel copes, a poller fails at once, and replies never reach
 * the freed channel.
 */
static void vscmi_test_ops_after_chan_free(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	const struct scmi_transport_ops *ops = f->ops;
	struct virtio_fake_req *ra, *rb;
	struct txfer a, b, c;

	xfer_init(&a, 1, true);
	xfer_init(&b, 2, false);
	xfer_init(&c, 3, false);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	KUNIT_ASSERT_EQ(test, send(f, &b), 0);
	ra = take_cmd(test, f, &a);
	rb = take_cmd(test, f, &b);

	fake_chan_free(f);
	KUNIT_EXPECT_NULL(test, f->cinfo.transport_info);
	KUNIT_EXPECT_EQ(test, ops->send_message(&f->cinfo, &c.x), -ENODEV);
	KUNIT_EXPECT_TRUE(test, ops->poll_done(&f->cinfo, &a.x));
	ops->fetch_response(&f->cinfo, &a.x);
	KUNIT_EXPECT_EQ(test, (s32)a.x.hdr.status, SCMI_ERR_COMMS);
	KUNIT_EXPECT_EQ(test, a.x.rx.len, 0);
	ops->mark_txdone(&f->cinfo, 0, &a.x);
	ops->mark_txdone(&f->cinfo, -ETIMEDOUT, &b.x);
	KUNIT_EXPECT_EQ(test, ops->get_max_msg(&f->cinfo), 0);
	ops->fetch_notification(&f->ecinfo, VSCMI_MAX_MSG_SIZE, &c.x);
	KUNIT_EXPECT_EQ(test, c.x.rx.len, 0);

	answer(f, ra, hdr_of(&a), 0, 0);
	answer(f, rb, hdr_of(&b), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
	virtio_fake_unregister(f->vf);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
}

/* Removal with commands in flight: they fail now, with COMMS_ERROR. */
static void vscmi_test_remove_in_flight(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct virtio_fake_req *req;
	struct txfer a, b;

	xfer_init(&a, 1, false);
	xfer_init(&b, 2, true);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	KUNIT_ASSERT_EQ(test, send(f, &b), 0);
	req = take_cmd(test, f, &a);

	virtio_fake_unregister(f->vf);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen[0].hdr, hdr_of(&a));
	KUNIT_EXPECT_EQ(test, f->seen[0].status, SCMI_ERR_COMMS);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	/* A device answering after its removal changes nothing. */
	answer(f, req, hdr_of(&a), 0, 0);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
}

/* Channels come and go; the messages the device holds stay its own. */
static void vscmi_test_unbind_in_flight(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct virtio_fake_req *req;
	struct txfer a;

	xfer_init(&a, 1, false);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	req = take_cmd(test, f, &a);
	fake_chan_free(f);
	KUNIT_EXPECT_EQ(test, send(f, &a), -ENODEV);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS - 1);
	KUNIT_ASSERT_EQ(test, f->ops->chan_setup(&f->cinfo, &f->dev, true), 0);
	answer(f, req, hdr_of(&a), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	/* The old channel's reply does not reach the new one. */
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
}

/*
 * Events the SCMI instance bound now cannot expect are dropped: anything
 * before its first command (its transfer tables may not exist yet), and a
 * delayed response owed to a previous instance.
 */
static void vscmi_test_stale_events(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct scmi_msg_hdr nhdr = { .id = 1, .protocol_id = 0x15,
				     .type = MSG_TYPE_NOTIFICATION };
	struct scmi_msg_hdr dhdr = { .id = 7, .protocol_id = 0x15,
				     .type = MSG_TYPE_DELAYED_RESP, .seq = 9 };
	struct virtio_fake_req *req;
	struct txfer t;

	/* Bound, nothing sent yet. */
	event(test, f, pack_scmi_header(&nhdr), 8);
	event(test, f, pack_scmi_header(&dhdr), 8);
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);

	/* An instance sends token 9; it is owed a delayed response. */
	xfer_init(&t, 9, false);
	KUNIT_ASSERT_EQ(test, send(f, &t), 0);
	req = take_cmd(test, f, &t);
	answer(f, req, hdr_of(&t), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	txdone(f, &t, 0);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	/* That instance goes away; a new one binds. */
	fake_chan_free(f);
	event(test, f, pack_scmi_header(&dhdr), 8);
	KUNIT_ASSERT_EQ(test, f->ops->chan_setup(&f->cinfo, &f->dev, true), 0);
	KUNIT_ASSERT_EQ(test, f->ops->chan_setup(&f->ecinfo, &f->dev, false),
			0);
	event(test, f, pack_scmi_header(&dhdr), 8);
	event(test, f, pack_scmi_header(&nhdr), 8);
	KUNIT_EXPECT_EQ_MSG(test, f->num_seen, 1,
			    "an event reached an instance not expecting it");
	/* The new instance sends token 3: still not owed token 9's. */
	xfer_init(&t, 3, false);
	f->pending[9] = &t.x;	/* the core would look it up by token */
	KUNIT_ASSERT_EQ(test, send(f, &t), 0);
	event(test, f, pack_scmi_header(&dhdr), 8);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	f->pending[9] = NULL;
	/* Notifications flow once the instance talks to the platform. */
	event(test, f, pack_scmi_header(&nhdr), 8);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2);
	req = take_cmd(test, f, &t);
	answer(f, req, hdr_of(&t), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	txdone(f, &t, 0);
}

/* A device without VIRTIO_SCMI_F_P2A_CHANNELS: a cmdq, no eventq. */
static void vscmi_test_no_eventq(struct kunit *test)
{
	struct scmi_fake *f = fake_device(test, 0, TEST_RING);
	struct virtio_fake_req *req;
	struct txfer a, b;

	fake_bind(test, f, false);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 1);
	xfer_init(&a, 1, false);
	xfer_init(&b, 2, true);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	req = take_cmd(test, f, &a);
	answer(f, req, hdr_of(&a), SCMI_ERR_RANGE, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen[0].status, SCMI_ERR_RANGE);
	txdone(f, &a, 0);
	KUNIT_ASSERT_EQ(test, send(f, &b), 0);
	req = take_cmd(test, f, &b);
	answer(f, req, hdr_of(&b), 0, 0);
	KUNIT_EXPECT_TRUE(test, f->ops->poll_done(&f->cinfo, &b.x));
	txdone(f, &b, 0);
#ifdef CONFIG_PM_SLEEP
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(virtio_fake_vdev(f->vf)), 0);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(virtio_fake_vdev(f->vf)),
			0);
#endif
	fake_chan_free(f);
	virtio_fake_unregister(f->vf);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
}

/*
 * Freeze with a command in flight fails it at once; after restore the
 * device is ready before the first command and the eventq is posted again.
 */
static void vscmi_test_freeze_restore(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	struct scmi_fake *f = fake_new(test);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct virtio_fake_req *req;
	struct txfer a;

	xfer_init(&a, 1, false);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen[0].status, SCMI_ERR_COMMS);
	txdone(f, &a, 0);
	KUNIT_EXPECT_EQ(test, send(f, &a), -ENODEV);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);

	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
				VIRTIO_CONFIG_S_DRIVER_OK);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_RX);
	KUNIT_EXPECT_NOT_NULL(test, req);
	if (req)
		virtio_fake_forget(req);
	KUNIT_ASSERT_EQ(test, send(f, &a), 0);
	req = take_cmd(test, f, &a);
	answer(f, req, hdr_of(&a), 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2);
	KUNIT_EXPECT_EQ(test, f->seen[1].status, 0);
	txdone(f, &a, 0);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

/*
 * An atomic poller across freeze: it sees its command fail (COMMS_ERROR) at
 * once, and after restore never another command's reply.
 */
static void vscmi_test_freeze_poller(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	struct scmi_fake *f = fake_new(test);
	const struct scmi_transport_ops *ops = f->ops;
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct virtio_fake_req *req;
	struct txfer *b = txfers(test, TEST_MSGS + 1), *a = &b[TEST_MSGS];
	unsigned int i, sent = 0;

	xfer_init(a, 1, true);
	KUNIT_ASSERT_EQ(test, send(f, a), 0);
	KUNIT_EXPECT_FALSE(test, ops->poll_done(&f->cinfo, &a->x));
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_TRUE_MSG(test, ops->poll_done(&f->cinfo, &a->x),
			      "the poller waits for a reset device");

	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	/* Other commands take every message they can, and are answered. */
	for (i = 0; i < TEST_MSGS; i++) {
		xfer_init(&b[i], 2 + i, false);
		if (send(f, &b[i]))
			break;
		req = take_cmd(test, f, &b[i]);
		answer(f, req, hdr_of(&b[i]), SCMI_ERR_BUSY, 0);
		sent++;
	}
	KUNIT_EXPECT_EQ(test, sent, TEST_MSGS - 1);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);

	KUNIT_EXPECT_TRUE(test, ops->poll_done(&f->cinfo, &a->x));
	ops->fetch_response(&f->cinfo, &a->x);
	KUNIT_EXPECT_EQ(test, (s32)a->x.hdr.status, SCMI_ERR_COMMS);
	KUNIT_EXPECT_EQ(test, a->x.rx.len, 0);
	txdone(f, a, 0);
	for (i = 0; i < sent; i++)
		txdone(f, &b[i], 0);
	KUNIT_EXPECT_EQ(test, free_msgs(fake_cmdq(f)), TEST_MSGS);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

/**
 * struct sender - sends commands from a hard hrtimer or a thread
 * @f: the fake
 * @timer: fires every few microseconds
 * @t: the transfers it cycles through
 * @n: sends attempted
 * @stop: the thread stops
 */
struct sender {
	struct scmi_fake *f;
	struct hrtimer timer;
	struct txfer t[2 * TEST_MSGS];
	unsigned int n;
	bool stop;
};

static void sender_one(struct sender *s, unsigned int base)
{
	struct txfer *t = &s->t[base + s->n % TEST_MSGS];

	/* Replies never come; a freeze fails the commands. */
	xfer_init(t, base + s->n % TEST_MSGS, false);
	if (!s->f->ops->send_message(&s->f->cinfo, &t->x))
		s->f->ops->mark_txdone(&s->f->cinfo, -ETIMEDOUT, &t->x);
	s->n++;
}

static enum hrtimer_restart sender_timer(struct hrtimer *timer)
{
	struct sender *s = container_of(timer, struct sender, timer);

	sender_one(s, 0);
	hrtimer_forward_now(timer, ns_to_ktime(7 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static int sender_thread(void *data)
{
	struct sender *s = data;

	while (!READ_ONCE(s->stop)) {
		sender_one(s, TEST_MSGS);
		/* Kernels without preemption: let the test in if it came here. */
		cond_resched();
	}
	return 0;
}

static void free_queue_requests(struct scmi_fake *f, unsigned int queue)
{
	struct virtio_fake_req *req;

	while ((req = virtio_fake_pop(f->vf, queue)))
		virtio_fake_forget(req);
}

/*
 * Senders in hardirq context (and on another CPU) while the device is
 * frozen and restored: none notifies before DRIVER_OK or after the reset
 * (the fake device fails the test if one does).
 */
static void vscmi_test_restore_ready_first(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	struct scmi_fake *f = fake_new(test);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct task_struct *thread = NULL;
	unsigned long end = jiffies + msecs_to_jiffies(STRESS_MS);
	struct sender *s;
	unsigned int cycles = 0;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->f = f;
	/* The sender has a CPU of its own: this thread stays off it. */
	if (num_online_cpus() > 1)
		thread = start_beside(test, sender_thread, s, "vscmi-sender");
	hrtimer_init(&s->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	s->timer.function = sender_timer;
	hrtimer_start(&s->timer, ns_to_ktime(NSEC_PER_USEC),
		      HRTIMER_MODE_REL_HARD);
	while (time_before(jiffies, end)) {
		if (virtio_device_freeze(vdev) || virtio_device_restore(vdev))
			break;
		cycles++;
	}
	hrtimer_cancel(&s->timer);
	if (thread) {
		WRITE_ONCE(s->stop, true);
		stop_beside(thread);
	}
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
				VIRTIO_CONFIG_S_DRIVER_OK);
	kunit_info(test, "%u freeze/restore cycles, %u sends%s\n", cycles,
		   s->n, thread ? " (and a sender on another CPU)" : "");
	KUNIT_EXPECT_GT(test, cycles, 10);
	free_queue_requests(f, VIRTIO_SCMI_VQ_TX);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

#ifdef CONFIG_PM_SLEEP
/**
 * struct irq_storm - raises the device's interrupts from another CPU
 * @f: the fake
 * @cpu: where
 * @stop: stop raising
 * @raised: interrupts raised
 */
struct irq_storm {
	struct scmi_fake *f;
	int cpu;
	bool stop;
	unsigned int raised;
};

static int irq_storm_thread(void *data)
{
	struct irq_storm *st = data;

	while (!READ_ONCE(st->stop)) {
		virtio_fake_interrupt_async(st->f->vf, VIRTIO_SCMI_VQ_RX,
					    st->cpu);
		virtio_fake_interrupt_async(st->f->vf, VIRTIO_SCMI_VQ_TX,
					    st->cpu);
		st->raised++;
		udelay(2);
		cond_resched();
	}
	return 0;
}

/*
 * The device uses the buffers it has: events (at most a ring's worth: a
 * storm's callbacks on the other CPU give each one back as soon as it is
 * used, and popping until the ring is empty could go on for seconds),
 * replies to commands.
 */
static void device_answers_all(struct scmi_fake *f)
{
	struct scmi_msg_hdr nhdr = { .id = 1, .protocol_id = 0x15,
				     .type = MSG_TYPE_NOTIFICATION };
	__le32 buf[4] = { cpu_to_le32(pack_scmi_header(&nhdr)), 0, 0, 0 };
	struct virtio_fake_req *req;
	unsigned int n;

	for (n = 0; n < TEST_RING; n++) {
		req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_RX);
		if (!req)
			break;
		virtio_fake_complete(f->vf, req, buf, sizeof(buf), 8);
	}
	while ((req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX))) {
		__le32 resp[2] = { *(__le32 *)req->out, 0 };

		virtio_fake_complete(f->vf, req, resp, sizeof(resp), 8);
	}
}

/*
 * Callbacks in hardirq context, from a timer on this CPU and (@cross) from
 * the other CPU, while commands go out and the device is frozen, restored
 * and removed: the device sees no buffer added nor notification after its
 * reset (its rules are checked at cleanup), and nothing touches freed
 * memory (KASAN).
 */
static void stop_vs_callbacks(struct kunit *test, bool cross)
{
	struct scmi_fake *f = fake_new(test);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	unsigned long end = jiffies + msecs_to_jiffies(STRESS_MS);
	unsigned long hard_end = jiffies + 30 * msecs_to_jiffies(STRESS_MS);
	struct task_struct *thread = NULL;
	struct irq_storm *st;
	unsigned int cycles = 0, i;
	struct txfer t;
	int this_cpu, err = 0;

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	st->f = f;
	f->rx_delay_us = 3;
	first_command(test, f);
	if (cross) {
		/* The storm has a CPU of its own: this thread stays off it. */
		this_cpu = get_cpu();
		put_cpu();
		KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current,
							   cpumask_of(this_cpu)), 0);
		st->cpu = cpumask_any_but(cpu_online_mask, this_cpu);
		thread = kthread_create(irq_storm_thread, st, "vscmi-irqs");
		KUNIT_ASSERT_FALSE(test, IS_ERR(thread));
		kthread_bind(thread, st->cpu);
		get_task_struct(thread);
		wake_up_process(thread);
	}
	/*
	 * A cross-CPU storm slows each cycle down under TCG: past STRESS_MS
	 * the loop goes on until MIN_CYCLES, for at most thirty times as
	 * long.
	 */
	while (time_before(jiffies, end) ||
	       (cycles < MIN_CYCLES && time_before(jiffies, hard_end))) {
		for (i = 0; i < 3; i++) {
			xfer_init(&t, i, false);
			if (!send(f, &t))
				txdone(f, &t, -ETIMEDOUT);
		}
		device_answers_all(f);
		virtio_fake_interrupt_after(f->vf, VIRTIO_SCMI_VQ_RX,
					    (cycles % 7) * NSEC_PER_USEC);
		virtio_fake_interrupt_after(f->vf, VIRTIO_SCMI_VQ_TX,
					    (cycles % 5) * NSEC_PER_USEC);
		err = virtio_device_freeze(vdev);
		if (!err)
			err = virtio_device_restore(vdev);
		if (err)
			break;
		cycles++;
	}
	if (cross)
		set_cpus_allowed_ptr(current, cpu_possible_mask);
	device_answers_all(f);
	virtio_fake_interrupt_async(f->vf, VIRTIO_SCMI_VQ_RX, st->cpu);
	fake_chan_free(f);
	virtio_fake_unregister(f->vf);
	if (thread) {
		WRITE_ONCE(st->stop, true);
		kthread_stop(thread);
		put_task_struct(thread);
	}
	/* Nothing of the storm may outlive the test's device. */
	virtio_synchronize_cbs(vdev);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "freeze or restore failed after %u cycles",
			    cycles);
	KUNIT_EXPECT_GE(test, cycles, MIN_CYCLES);
	kunit_info(test, "%u cycles, %u cross-CPU interrupt pairs\n", cycles,
		   st->raised);
}
#endif /* CONFIG_PM_SLEEP */

static void vscmi_test_stop_vs_timer_callbacks(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	stop_vs_callbacks(test, false);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

static void vscmi_test_stop_vs_cross_cpu_callbacks(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	stop_vs_callbacks(test, true);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

/**
 * struct poll_device - a device on another CPU answering every command
 * @f: the fake
 * @stop: stop answering
 * @answered: commands answered
 */
struct poll_device {
	struct scmi_fake *f;
	bool stop;
	unsigned int answered;
};

/* The reply to a command tells its token: status and payload differ. */
static s32 status_for(u16 token)
{
	return token % 3 ? -(s32)(token % 10) : SCMI_SUCCESS;
}

static void poll_device_answer(struct poll_device *pd,
			       struct virtio_fake_req *req)
{
	u32 hdr = le32_to_cpu(*(__le32 *)req->out);
	u16 token = MSG_XTRACT_TOKEN(hdr);
	__le32 resp[5] = { cpu_to_le32(hdr), cpu_to_le32(status_for(token)),
			   cpu_to_le32(0xab00 + token), cpu_to_le32(token),
			   cpu_to_le32(token) };
	u32 len = 8 + 4 * (1 + token % 3);

	virtio_fake_complete(pd->f->vf, req, resp, len, len);
}

static int poll_device_thread(void *data)
{
	struct poll_device *pd = data;
	struct virtio_fake_req *req;

	while (!READ_ONCE(pd->stop)) {
		req = virtio_fake_pop(pd->f->vf, VIRTIO_SCMI_VQ_TX);
		if (!req) {
			cond_resched();
			cpu_relax();
			continue;
		}
		poll_device_answer(pd, req);
		pd->answered++;
		if (pd->answered % 2)
			virtio_fake_interrupt(pd->f->vf, VIRTIO_SCMI_VQ_TX);
	}
	return 0;
}

/*
 * Pollers on this CPU, the device and its interrupts on the other: every
 * poller reads exactly its own reply (status, length, payload), never a
 * stale or another command's.
 */
static void vscmi_test_poll_cross_cpu(struct kunit *test)
{
	struct scmi_fake *f;
	const struct scmi_transport_ops *ops;
	unsigned long end = jiffies + msecs_to_jiffies(STRESS_MS);
	struct task_struct *thread;
	struct poll_device *pd;
	unsigned int n = 0, bad = 0;
	struct txfer *t;
	u16 token;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	f = fake_new(test);
	ops = f->ops;
	pd = kunit_kzalloc(test, sizeof(*pd), GFP_KERNEL);
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pd);
	KUNIT_ASSERT_NOT_NULL(test, t);
	pd->f = f;
	/* The poller stays here, the device never runs here. */
	thread = start_beside(test, poll_device_thread, pd, "vscmi-dev");

	while (time_before(jiffies, end) && !bad) {
		unsigned long timeout = jiffies + HZ;
		u32 want_len;
		int ret;

		token = n % 64;
		xfer_init(t, token, true);
		ret = send(f, t);
		if (ret) {
			kunit_err(test, "token %u: send_message %d\n", token, ret);
			bad++;
			break;
		}
		while (!ops->poll_done(&f->cinfo, &t->x)) {
			if (!time_before(jiffies, timeout)) {
				kunit_err(test, "token %u: no reply in 1 s\n",
					  token);
				bad++;
				break;
			}
			cpu_relax();
		}
		ops->fetch_response(&f->cinfo, &t->x);
		want_len = 4 * (1 + token % 3);
		if ((s32)t->x.hdr.status != status_for(token) ||
		    t->x.rx.len != want_len ||
		    get_unaligned_le32(t->rx) != 0xab00 + token) {
			kunit_err(test, "token %u: status %d len %zu word 0x%x\n",
				  token, (s32)t->x.hdr.status, t->x.rx.len,
				  get_unaligned_le32(t->rx));
			bad++;
		}
		txdone(f, t, 0);
		n++;
	}
	WRITE_ONCE(pd->stop, true);
	stop_beside(thread);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_GT(test, n, 10);
	kunit_info(test, "%u polled commands\n", n);
}

/* Errors at every step of probe: no virtqueue left, the device unbound. */
static void vscmi_test_probe_faults(struct kunit *test)
{
	static const struct {
		enum virtio_fake_fault fault;
		unsigned int ring;
		const char *what;
	} cases[] = {
		{ VIRTIO_FAKE_FAIL_FIND_VQS, TEST_RING, "find_vqs fails" },
		{ VIRTIO_FAKE_FAIL_NOTIFY, TEST_RING, "eventq notify fails" },
		{ VIRTIO_FAKE_NUM_FAULTS, 1, "cmdq ring too small" },
	};
	struct scmi_fake *f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f = fake_device(test, BIT_ULL(VIRTIO_SCMI_F_P2A_CHANNELS),
				cases[i].ring);
		if (cases[i].fault != VIRTIO_FAKE_NUM_FAULTS)
			virtio_fake_fail(f->vf, cases[i].fault, 1);
		KUNIT_ASSERT_EQ(test, virtio_fake_register(f->vf), 0);
		KUNIT_EXPECT_FALSE_MSG(test, virtio_fake_bound(f->vf), "%s",
				       cases[i].what);
		KUNIT_EXPECT_EQ_MSG(test, virtio_fake_num_vqs(f->vf), 0, "%s",
				    cases[i].what);
		virtio_fake_unregister(f->vf);
	}
}

/*
 * Errors at every step of restore: restore fails clearly, channels get
 * -ENODEV, remove afterwards leaves nothing behind; a later restore works.
 */
static void vscmi_test_restore_faults(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	static const enum virtio_fake_fault faults[] = {
		VIRTIO_FAKE_FAIL_FIND_VQS, VIRTIO_FAKE_FAIL_NOTIFY,
	};
	struct scmi_fake *f;
	struct virtio_device *vdev;
	struct virtio_fake_req *req;
	unsigned int i;
	struct txfer a;

	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		f = fake_new(test);
		vdev = virtio_fake_vdev(f->vf);
		xfer_init(&a, 1, true);
		KUNIT_ASSERT_EQ(test, send(f, &a), 0);
		KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
		virtio_fake_fail(f->vf, faults[i], 1);
		KUNIT_EXPECT_LT(test, virtio_device_restore(vdev), 0);
		KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
		/* The poller failed at the freeze; its channel is dead. */
		KUNIT_EXPECT_TRUE(test, f->ops->poll_done(&f->cinfo, &a.x));
		f->ops->fetch_response(&f->cinfo, &a.x);
		KUNIT_EXPECT_EQ(test, (s32)a.x.hdr.status, SCMI_ERR_COMMS);
		txdone(f, &a, 0);
		KUNIT_EXPECT_EQ(test, send(f, &a), -ENODEV);
		if (i == 0) {
			/* Another try works. */
			KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
			KUNIT_ASSERT_EQ(test, send(f, &a), 0);
			req = take_cmd(test, f, &a);
			answer(f, req, hdr_of(&a), 0, 0);
			KUNIT_EXPECT_TRUE(test,
					  f->ops->poll_done(&f->cinfo, &a.x));
			txdone(f, &a, 0);
		}
		fake_chan_free(f);
		virtio_fake_unregister(f->vf);
		KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
		KUNIT_EXPECT_EQ(test, f->num_seen, 0);
		kunit_release_action(test, fake_core_restore, NULL);
	}
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

/**
 * struct late_probe - registers a device from a thread
 * @vf: the device
 * @done: registration (and so its probe) returned
 */
struct late_probe {
	struct virtio_fake *vf;
	struct completion done;
};

static int late_probe_thread(void *data)
{
	struct late_probe *lp = data;

	virtio_fake_register(lp->vf);
	complete(&lp->done);
	return 0;
}

/*
 * Device A has its own DT node and gets, in its probe, a real SCMI
 * instance, whose probe waits for A's answer to its first command.
 * Meanwhile device B, without a node, probes without waiting for it.
 */
static void vscmi_test_probe_unlocked(struct kunit *test)
{
	__le32 resp[2] = { 0, cpu_to_le32(SCMI_ERR_SUPPORT) };
	struct scmi_fake *f = fake_device(test, 0, TEST_RING);
	struct virtio_fake *a = f->vf, *b;
	struct virtio_fake_req *req;
	struct task_struct *thread;
	struct late_probe *lp, *lpa;
	bool quick;

	if (!IS_ENABLED(CONFIG_ARM_SCMI_PROTOCOL))
		kunit_skip(test, "needs the SCMI core");
	/* Instances talk to the real SCMI core. */
	vscmi_core = saved_core;
	lp = kunit_kzalloc(test, sizeof(*lp), GFP_KERNEL);
	lpa = kunit_kzalloc(test, sizeof(*lpa), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, lp);
	KUNIT_ASSERT_NOT_NULL(test, lpa);
	b = virtio_fake_create(test, VIRTIO_ID_SCMI, 0, VIRTIO_SCMI_VQ_MAX_CNT,
			       TEST_RING);
	KUNIT_ASSERT_NOT_NULL(test, b);
	/* A's node: referenced for the whole test, never released. */
	of_node_init(&f->np);
	f->np.full_name = "scmi";
	virtio_fake_vdev(a)->dev.of_node = &f->np;
	lpa->vf = a;
	init_completion(&lpa->done);
	thread = kthread_run(late_probe_thread, lpa, "vscmi-probe-a");
	KUNIT_ASSERT_FALSE(test, IS_ERR(thread));
	req = virtio_fake_wait(a, VIRTIO_SCMI_VQ_TX, 5000);
	KUNIT_ASSERT_NOT_NULL_MSG(test, req, "no SCMI instance on device A");

	lp->vf = b;
	init_completion(&lp->done);
	thread = kthread_run(late_probe_thread, lp, "vscmi-probe-b");
	KUNIT_ASSERT_FALSE(test, IS_ERR(thread));
	quick = wait_for_completion_timeout(&lp->done, msecs_to_jiffies(2000));

	/* The platform refuses: the instance's probe, then A's, end. */
	resp[0] = *(__le32 *)req->out;
	virtio_fake_complete(a, req, resp, sizeof(resp), sizeof(resp));
	virtio_fake_interrupt(a, VIRTIO_SCMI_VQ_TX);
	if (!quick)
		wait_for_completion(&lp->done);
	KUNIT_EXPECT_TRUE_MSG(test, quick,
			      "a probe waited for another device's SCMI instance");
	KUNIT_EXPECT_TRUE(test, virtio_fake_bound(b));
	wait_for_completion(&lpa->done);
	KUNIT_EXPECT_TRUE(test, virtio_fake_bound(a));
	virtio_fake_unregister(a);
	virtio_fake_unregister(b);
}

static struct kunit_case vscmi_test_cases[] = {
	KUNIT_CASE(vscmi_test_roundtrip),
	KUNIT_CASE(vscmi_test_sender_spins),
	KUNIT_CASE(vscmi_test_replies_per_interrupt),
	KUNIT_CASE(vscmi_test_bad_replies),
	KUNIT_CASE(vscmi_test_timeout_late_reply),
	KUNIT_CASE(vscmi_test_pollers),
	KUNIT_CASE(vscmi_test_poll_timeout),
	KUNIT_CASE(vscmi_test_eventq),
	KUNIT_CASE(vscmi_test_dresp_before_resp),
	KUNIT_CASE_SLOW(vscmi_test_dresp_after_txdone),
	KUNIT_CASE(vscmi_test_txdone_waits_for_dresp),
	KUNIT_CASE(vscmi_test_stale_events),
	KUNIT_CASE(vscmi_test_no_eventq),
	KUNIT_CASE(vscmi_test_remove_in_flight),
	KUNIT_CASE(vscmi_test_unbind_in_flight),
	KUNIT_CASE(vscmi_test_ops_after_chan_free),
	KUNIT_CASE(vscmi_test_freeze_restore),
	KUNIT_CASE(vscmi_test_freeze_poller),
	KUNIT_CASE(vscmi_test_probe_faults),
	KUNIT_CASE(vscmi_test_restore_faults),
	KUNIT_CASE_SLOW(vscmi_test_restore_ready_first),
	KUNIT_CASE_SLOW(vscmi_test_stop_vs_timer_callbacks),
	KUNIT_CASE_SLOW(vscmi_test_stop_vs_cross_cpu_callbacks),
	KUNIT_CASE_SLOW(vscmi_test_poll_cross_cpu),
	KUNIT_CASE(vscmi_test_probe_unlocked),
	{}
};

static unsigned int saved_poll_us;

/* The other tests decide when replies arrive: no sender polls. */
static int vscmi_test_init(struct kunit *test)
{
	saved_poll_us = vscmi_poll_us;
	vscmi_poll_us = 0;
	return 0;
}

static void vscmi_test_exit(struct kunit *test)
{
	vscmi_poll_us = saved_poll_us;
}

static struct kunit_suite vscmi_test_suite = {
	.name = "virtio_scmi",
	.init = vscmi_test_init,
	.exit = vscmi_test_exit,
	.test_cases = vscmi_test_cases,
};

kunit_test_suite(vscmi_test_suite);
