// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the virtio SCMI transport's message state machine.
 *
 * A fake virtio SCMI device takes the place of the platform and a fake SCMI
 * core receives what the transport delivers; the test decides when each
 * reply comes back, in which order, how long it is, and whether it comes at
 * all. Built into the virtio_scmi module, so it reaches its internals.
 */

#include <kunit/test.h>
#include <linux/virtio_config.h>
#include <linux/virtio_fake.h>
#include <linux/virtio_ids.h>
#include <uapi/linux/virtio_scmi.h>

#include "virtio_scmi.h"

#define TEST_RING	8	/* cmdq entries: 4 messages */
#define MAX_SEEN	16

/**
 * struct scmi_fake - the fake SCMI core and what it saw
 * @vf: the fake virtio device
 * @cinfo: the command channel
 * @ecinfo: the event channel
 * @lock: protects what follows
 * @num_seen: deliveries so far
 * @seen_hdr: header of each delivery
 * @seen_status: status word of each delivery (responses)
 * @seen_len: used length of each delivery
 * @seen_chan: channel of each delivery
 */
struct scmi_fake {
	struct virtio_fake *vf;
	struct scmi_chan_info cinfo;
	struct scmi_chan_info ecinfo;
	spinlock_t lock;	/* see above */
	unsigned int num_seen;
	u32 seen_hdr[MAX_SEEN];
	s32 seen_status[MAX_SEEN];
	unsigned int seen_len[MAX_SEEN];
	struct scmi_chan_info *seen_chan[MAX_SEEN];
};

static struct scmi_fake *the_fake;

static void fake_rx_callback(struct scmi_chan_info *cinfo, u32 hdr, void *priv)
{
	struct vscmi_msg *msg = priv;
	struct scmi_fake *f = the_fake;
	unsigned long flags;

	spin_lock_irqsave(&f->lock, flags);
	if (f->num_seen < MAX_SEEN) {
		f->seen_hdr[f->num_seen] = hdr;
		f->seen_status[f->num_seen] = msg->used_len >= 8 ?
			(s32)le32_to_cpu(msg->resp->data[0]) : 0;
		f->seen_len[f->num_seen] = msg->used_len;
		f->seen_chan[f->num_seen] = cinfo;
	}
	f->num_seen++;
	spin_unlock_irqrestore(&f->lock, flags);
}

static void fake_bad_message(struct scmi_chan_info *cinfo, u32 hdr,
			     enum scmi_bad_msg err)
{
}

static void fake_tx_prepare(struct scmi_msg_payld *payld, struct scmi_xfer *xfer)
{
	struct vscmi_pdu *pdu = (struct vscmi_pdu *)payld;

	pdu->header = cpu_to_le32(pack_scmi_header(&xfer->hdr));
	memcpy(pdu->data, xfer->tx.buf, xfer->tx.len);
}

static size_t fake_command_size(struct scmi_xfer *xfer)
{
	return sizeof(__le32) + xfer->tx.len;
}

static const struct scmi_message_operations fake_msg_ops = {
	.tx_prepare = fake_tx_prepare,
	.command_size = fake_command_size,
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

/* A virtio SCMI device bound to our driver, its queues bound to channels. */
static struct scmi_fake *fake_new(struct kunit *test)
{
	struct scmi_fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct vscmi_dev *vsdev;

	KUNIT_ASSERT_NOT_NULL(test, f);
	spin_lock_init(&f->lock);
	saved_core = vscmi_core;
	vscmi_core = &fake_core_ops;
	the_fake = f;
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, fake_core_restore, NULL),
			0);

	f->vf = virtio_fake_create(test, VIRTIO_ID_SCMI,
				   BIT_ULL(VIRTIO_SCMI_F_P2A_CHANNELS),
				   VIRTIO_SCMI_VQ_MAX_CNT, TEST_RING);
	KUNIT_ASSERT_NOT_NULL(test, f->vf);
	KUNIT_ASSERT_EQ(test, virtio_fake_register(f->vf), 0);
	KUNIT_ASSERT_TRUE(test, virtio_fake_bound(f->vf));
	/* Ready before anything is sent. */
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
				VIRTIO_CONFIG_S_DRIVER_OK);
	vsdev = virtio_fake_vdev(f->vf)->priv;
	KUNIT_ASSERT_EQ(test, vsdev->cmdq.num_msgs, TEST_RING / 2);
	KUNIT_ASSERT_EQ(test, vscmi_queue_bind(&vsdev->cmdq, &f->cinfo), 0);
	KUNIT_ASSERT_EQ(test, vscmi_queue_bind(&vsdev->eventq, &f->ecinfo), 0);
	/* One channel per queue. */
	KUNIT_EXPECT_EQ(test, vscmi_queue_bind(&vsdev->cmdq, &f->ecinfo), -EBUSY);
	return f;
}

static struct vscmi_queue *fake_cmdq(struct scmi_fake *f)
{
	return &((struct vscmi_dev *)virtio_fake_vdev(f->vf)->priv)->cmdq;
}

static unsigned int free_msgs(struct vscmi_queue *q)
{
	struct vscmi_msg *msg;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&q->lock, flags);
	list_for_each_entry(msg, &q->free, node)
		n++;
	spin_unlock_irqrestore(&q->lock, flags);
	return n;
}

static void xfer_init(struct scmi_xfer *xfer, u16 seq, bool polled)
{
	static u8 payload[4] = { 1, 2, 3, 4 };

	memset(xfer, 0, sizeof(*xfer));
	xfer->hdr.id = 7;
	xfer->hdr.protocol_id = 0x15;
	xfer->hdr.type = MSG_TYPE_COMMAND;
	xfer->hdr.seq = seq;
	xfer->hdr.poll_completion = polled;
	xfer->tx.buf = payload;
	xfer->tx.len = sizeof(payload);
}

/* The device answers @req with @hdr, @status and @extra payload bytes. */
static void answer(struct scmi_fake *f, struct virtio_fake_req *req, u32 hdr,
		   s32 status, unsigned int extra, u32 used_len)
{
	__le32 resp[8] = { cpu_to_le32(hdr), cpu_to_le32(status), 0x11, 0x22 };
	size_t len = 8 + extra;

	virtio_fake_complete(f->vf, req, resp, len, used_len ?: len);
}

static u32 req_header(struct virtio_fake_req *req)
{
	return le32_to_cpu(*(__le32 *)req->out);
}

static void vscmi_test_roundtrip(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *req;
	struct scmi_xfer xfer;

	xfer_init(&xfer, 5, false);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &xfer), 0);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2 - 1);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_NOT_NULL(test, req);
	KUNIT_EXPECT_EQ(test, req->out_len, 8);
	KUNIT_EXPECT_EQ(test, req_header(req), pack_scmi_header(&xfer.hdr));
	/* Room for the largest response, whatever the command expects. */
	KUNIT_EXPECT_EQ(test, req->in_cap, VSCMI_PDU_SIZE);

	answer(f, req, pack_scmi_header(&xfer.hdr), 0, 8, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[0], pack_scmi_header(&xfer.hdr));
	KUNIT_EXPECT_EQ(test, f->seen_len[0], 16);
	KUNIT_EXPECT_PTR_EQ(test, f->seen_chan[0], &f->cinfo);
	vscmi_cmdq_txdone(q, &xfer);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2);
}

/* Malformed replies complete their own command with PROTOCOL_ERROR. */
static void vscmi_test_bad_replies(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *req;
	struct scmi_xfer xfer;
	u32 hdr;

	xfer_init(&xfer, 9, false);
	hdr = pack_scmi_header(&xfer.hdr);
	/* Too short, too long, and with another command's header. */
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &xfer), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	answer(f, req, hdr, 0, 0, 4);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &xfer), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	answer(f, req, hdr, 0, 0, VSCMI_PDU_SIZE + 1);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &xfer), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	answer(f, req, hdr + 1, 0, 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);

	KUNIT_ASSERT_EQ(test, f->num_seen, 3);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[0], hdr);
	KUNIT_EXPECT_EQ(test, f->seen_status[0], SCMI_ERR_PROTOCOL);
	KUNIT_EXPECT_EQ(test, f->seen_status[1], SCMI_ERR_PROTOCOL);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[2], hdr);
	KUNIT_EXPECT_EQ(test, f->seen_status[2], SCMI_ERR_PROTOCOL);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2);
}

/*
 * A timed-out command keeps its buffer until the device returns it; the
 * late reply never reaches the core, where its token may be in use again.
 */
static void vscmi_test_timeout_late_reply(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *late, *req;
	struct scmi_xfer xfer, next[4];
	unsigned int i;

	xfer_init(&xfer, 3, false);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &xfer), 0);
	late = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_NOT_NULL(test, late);
	vscmi_cmdq_txdone(q, &xfer);		/* the core timed out */
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2 - 1);

	/* The same token again, and the pool runs dry: no reuse. */
	for (i = 0; i < 3; i++) {
		xfer_init(&next[i], 3, false);
		KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &next[i]), 0);
	}
	xfer_init(&next[3], 4, false);
	KUNIT_EXPECT_EQ(test, vscmi_cmdq_send(q, &next[3]), -EBUSY);

	answer(f, late, pack_scmi_header(&xfer.hdr), 0, 4, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(q), 1);

	/* The newer transfer with the same token still gets its reply. */
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_NOT_NULL(test, req);
	answer(f, req, req_header(req), 0, 4, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, vscmi_cmdq_send(q, &next[3]), 0);
	for (i = 0; i < 2; i++)
		virtio_fake_forget(virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX));
}

/* Pollers: each finds its own reply, whoever took it from the ring. */
static void vscmi_test_pollers(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *ra, *rb, *rc;
	struct scmi_xfer a, b, c;

	xfer_init(&a, 1, true);
	xfer_init(&b, 2, true);
	xfer_init(&c, 3, false);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &a), 0);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &b), 0);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &c), 0);
	ra = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	rb = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	rc = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_NOT_NULL(test, rc);

	KUNIT_EXPECT_FALSE(test, vscmi_cmdq_poll(q, &a));
	/* B's and C's replies come first; A's poller takes them both. */
	answer(f, rb, pack_scmi_header(&b.hdr), 0, 0, 0);
	answer(f, rc, pack_scmi_header(&c.hdr), 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, vscmi_cmdq_poll(q, &a));
	/* C is nobody's poll: it went to the core right away. */
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[0], pack_scmi_header(&c.hdr));
	/* B's poller finds its reply already taken for it. */
	KUNIT_EXPECT_TRUE(test, vscmi_cmdq_poll(q, &b));
	vscmi_cmdq_txdone(q, &b);

	/* A's reply arrives by interrupt: left for its poller. */
	answer(f, ra, pack_scmi_header(&a.hdr), 0, 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_TRUE(test, vscmi_cmdq_poll(q, &a));
	vscmi_cmdq_txdone(q, &a);
	vscmi_cmdq_txdone(q, &c);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2);
}

/* A poll that timed out: the late reply frees the buffer, quietly. */
static void vscmi_test_poll_timeout(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *req;
	struct scmi_xfer a;

	xfer_init(&a, 1, true);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &a), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_FALSE(test, vscmi_cmdq_poll(q, &a));
	vscmi_cmdq_txdone(q, &a);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2 - 1);
	answer(f, req, pack_scmi_header(&a.hdr), 0, 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2);
}

/* Send an event of @len bytes with header @hdr on the eventq. */
static void event(struct kunit *test, struct scmi_fake *f, u32 hdr, u32 len)
{
	__le32 buf[4] = { cpu_to_le32(hdr), 0, 0x55, 0x66 };
	struct virtio_fake_req *req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_RX);

	KUNIT_ASSERT_NOT_NULL(test, req);
	KUNIT_EXPECT_EQ(test, req->out_len, 0);
	KUNIT_EXPECT_EQ(test, req->in_cap, VSCMI_PDU_SIZE);
	virtio_fake_complete(f->vf, req, buf, sizeof(buf), len);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_RX);
}

/*
 * Events go to the event channel and their buffers straight back to the
 * device; a delayed response overtaking its response reaches the core
 * as it came (the core sorts it out), and so does the response after it.
 */
static void vscmi_test_eventq(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct scmi_msg_hdr nhdr = { .id = 1, .protocol_id = 0x15,
				     .type = MSG_TYPE_NOTIFICATION };
	struct virtio_fake_req *req;
	struct scmi_msg_hdr dhdr;
	struct scmi_xfer xfer;
	unsigned int kicks, i;

	kicks = virtio_fake_kicks(f->vf, VIRTIO_SCMI_VQ_RX);
	/* More events than buffers: they are recycled. */
	for (i = 0; i < 2 * TEST_RING; i++)
		event(test, f, pack_scmi_header(&nhdr), 16);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2 * TEST_RING);
	KUNIT_EXPECT_PTR_EQ(test, f->seen_chan[0], &f->ecinfo);
	KUNIT_EXPECT_EQ(test, f->seen_len[1], 16);
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
	event(test, f, pack_scmi_header(&dhdr), 4);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2 * TEST_RING);

	f->num_seen = 0;
	xfer_init(&xfer, 6, false);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &xfer), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	dhdr = xfer.hdr;
	dhdr.type = MSG_TYPE_DELAYED_RESP;
	event(test, f, pack_scmi_header(&dhdr), 12);
	answer(f, req, pack_scmi_header(&xfer.hdr), 0, 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_EQ(test, f->num_seen, 2);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[0], pack_scmi_header(&dhdr));
	KUNIT_EXPECT_PTR_EQ(test, f->seen_chan[0], &f->ecinfo);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[1], pack_scmi_header(&xfer.hdr));
	KUNIT_EXPECT_PTR_EQ(test, f->seen_chan[1], &f->cinfo);
	vscmi_cmdq_txdone(q, &xfer);
}

/* Removal with commands in flight: they fail now, with COMMS_ERROR. */
static void vscmi_test_remove_in_flight(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *req;
	struct scmi_xfer a, b;

	xfer_init(&a, 1, false);
	xfer_init(&b, 2, true);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &a), 0);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &b), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_NOT_NULL(test, req);

	virtio_fake_unregister(f->vf);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen_hdr[0], pack_scmi_header(&a.hdr));
	KUNIT_EXPECT_EQ(test, f->seen_status[0], SCMI_ERR_COMMS);
	/* A device answering after its removal changes nothing. */
	answer(f, req, pack_scmi_header(&a.hdr), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, f->num_seen, 1);
}

/* Channels come and go; the messages the device holds stay its own. */
static void vscmi_test_unbind_in_flight(struct kunit *test)
{
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_fake_req *req;
	struct scmi_xfer a;

	xfer_init(&a, 1, false);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &a), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	vscmi_queue_unbind(q);
	KUNIT_EXPECT_EQ(test, vscmi_cmdq_send(q, &a), -ENODEV);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2 - 1);
	KUNIT_ASSERT_EQ(test, vscmi_queue_bind(q, &f->cinfo), 0);
	answer(f, req, pack_scmi_header(&a.hdr), 0, 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	/* The old channel's reply does not reach the new one. */
	KUNIT_EXPECT_EQ(test, f->num_seen, 0);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2);
}

/*
 * Freeze with a command in flight fails it at once; after restore the
 * device is ready before the first command and the eventq is posted again.
 */
static void vscmi_test_freeze_restore(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	struct scmi_fake *f = fake_new(test);
	struct vscmi_queue *q = fake_cmdq(f);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct virtio_fake_req *req;
	struct scmi_xfer a;

	xfer_init(&a, 1, false);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &a), 0);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_ASSERT_EQ(test, f->num_seen, 1);
	KUNIT_EXPECT_EQ(test, f->seen_status[0], SCMI_ERR_COMMS);
	KUNIT_EXPECT_EQ(test, vscmi_cmdq_send(q, &a), -ENODEV);
	KUNIT_EXPECT_EQ(test, free_msgs(q), TEST_RING / 2);

	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
				VIRTIO_CONFIG_S_DRIVER_OK);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_RX);
	KUNIT_EXPECT_NOT_NULL(test, req);
	if (req)
		virtio_fake_forget(req);
	KUNIT_ASSERT_EQ(test, vscmi_cmdq_send(q, &a), 0);
	req = virtio_fake_pop(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_ASSERT_NOT_NULL(test, req);
	answer(f, req, pack_scmi_header(&a.hdr), 0, 0, 0);
	virtio_fake_interrupt(f->vf, VIRTIO_SCMI_VQ_TX);
	KUNIT_EXPECT_EQ(test, f->num_seen, 2);
	KUNIT_EXPECT_EQ(test, f->seen_status[1], 0);
	vscmi_cmdq_txdone(q, &a);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

static struct kunit_case vscmi_test_cases[] = {
	KUNIT_CASE(vscmi_test_roundtrip),
	KUNIT_CASE(vscmi_test_bad_replies),
	KUNIT_CASE(vscmi_test_timeout_late_reply),
	KUNIT_CASE(vscmi_test_pollers),
	KUNIT_CASE(vscmi_test_poll_timeout),
	KUNIT_CASE(vscmi_test_eventq),
	KUNIT_CASE(vscmi_test_remove_in_flight),
	KUNIT_CASE(vscmi_test_unbind_in_flight),
	KUNIT_CASE(vscmi_test_freeze_restore),
	{}
};

static struct kunit_suite vscmi_test_suite = {
	.name = "virtio_scmi",
	.test_cases = vscmi_test_cases,
};

kunit_test_suite(vscmi_test_suite);
