// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc messaging.
 *
 * Every request is a reference-counted message: the sender holds one
 * reference, the device another from the moment the buffers are queued
 * until they come back in the used ring or are detached after a reset. A
 * sender that gives up (timeout, signal) drops only its own reference, so a
 * late reply lands in memory that is still allocated and frees it.
 * Replies are checked before anything in them is used: the length and the
 * status; other fields are read only from a successful reply, reserved
 * fields and unknown flag bits never (VIRTIO 1.4, 5.23.6).
 */

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait_bit.h>

#include "virtio_rtc_internal.h"

unsigned int viortc_timeout_ms = 10000;

static int viortc_timeout_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, VIORTC_TIMEOUT_MIN_MS,
				     VIORTC_TIMEOUT_MAX_MS);
}

static const struct kernel_param_ops viortc_timeout_ops = {
	.set = viortc_timeout_set,
	.get = param_get_uint,
};

module_param_cb(timeout_ms, &viortc_timeout_ops, &viortc_timeout_ms, 0644);
MODULE_PARM_DESC(timeout_ms,
		 "How long to wait for any device reply, in ms (1 to 600000)");

/*
 * Clock reads (READ, READ_CROSS) first busy-poll the used ring for this
 * long before they sleep until the interrupt: the reply of a device that
 * answers at once is taken without an interrupt and a wake-up, which
 * shortens the window PTP_SYS_OFFSET_EXTENDED brackets the read with.
 */
unsigned int viortc_poll_us = 50;

static int viortc_poll_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, VIORTC_POLL_MAX_US);
}

static const struct kernel_param_ops viortc_poll_ops = {
	.set = viortc_poll_set,
	.get = param_get_uint,
};

module_param_cb(poll_us, &viortc_poll_ops, &viortc_poll_us, 0644);
MODULE_PARM_DESC(poll_us,
		 "How long a clock read polls for its reply before it waits for the interrupt, in us (0: never polls; at most 1000)");

#if IS_ENABLED(CONFIG_VIRTIO_RTC_KUNIT_TEST)
/* Messages allocated and not yet freed, for the leak checks of KUnit. */
atomic_t viortc_live_msgs = ATOMIC_INIT(0);

static void viortc_count_msgs(int n)
{
	atomic_add(n, &viortc_live_msgs);
}
#else
static void viortc_count_msgs(int n)
{
}
#endif

/* msg->flags: the message counts in viortc->in_flight */
#define VIORTC_MSG_COUNTED	0

/**
 * struct viortc_msg - one request and the buffer for its reply
 * @ref: the sender's reference, plus one while the device owns the buffers
 * @flags: VIORTC_MSG_COUNTED while the device holds the message and its
 *	sender waits for it
 * @done: completed when the device gave the buffers back or was reset
 * @err: 0, or -ENODEV when the buffers came back unused after a reset
 * @used_len: the length the device reported in the used ring
 * @stamp: system time taken as the reply was taken from the used ring, for
 *	senders that asked for one (@stamp.clockid set)
 * @want_stamp: take @stamp
 * @type: the request's msg_type, for messages
 * @req_len: bytes of @req sent
 * @resp_len: bytes of @resp offered, also the length of a successful reply
 * @req: the request
 * @resp: the reply; in its own cache line, as only the device writes it
 */
struct viortc_msg {
	struct kref ref;
	unsigned long flags;
	struct completion done;
	int err;
	unsigned int used_len;
	struct ptp_system_timestamp stamp;
	bool want_stamp;
	u16 type;
	unsigned int req_len;
	unsigned int resp_len;
	union virtio_rtc_req_requestq req;
	union virtio_rtc_resp_requestq resp ____cacheline_aligned;
};

static struct viortc_msg *viortc_msg_new(u16 type, unsigned int req_len,
					 unsigned int resp_len)
{
	struct viortc_msg *msg = kzalloc(sizeof(*msg), GFP_KERNEL);

	if (!msg)
		return NULL;
	viortc_count_msgs(1);
	kref_init(&msg->ref);
	init_completion(&msg->done);
	msg->type = type;
	msg->req_len = req_len;
	msg->resp_len = resp_len;
	/* Every request starts with struct virtio_rtc_req_head. */
	msg->req.cfg.head.msg_type = cpu_to_le16(type);
	return msg;
}

static void viortc_msg_free(struct kref *ref)
{
	kfree(container_of(ref, struct viortc_msg, ref));
	viortc_count_msgs(-1);
}

static void viortc_msg_put(struct viortc_msg *msg)
{
	kref_put(&msg->ref, viortc_msg_free);
}

/* The device is done with @msg: wake the sender, drop the device's ref. */
static void viortc_msg_returned(struct viortc_msg *msg, unsigned int len,
				int err)
{
	if (msg->want_stamp)
		ptp_read_system_postts(&msg->stamp);
	msg->used_len = len;
	msg->err = err;
	complete(&msg->done);
	viortc_msg_put(msg);
}

/*
 * @msg no longer counts as in flight: the device gave it back or its
 * sender gave up on it, whichever comes first.
 */
static void viortc_msg_uncount(struct viortc_dev *viortc,
			       struct viortc_msg *msg)
{
	if (test_and_clear_bit(VIORTC_MSG_COUNTED, &msg->flags) &&
	    atomic_dec_and_test(&viortc->in_flight))
		wake_up_var(&viortc->in_flight);
}

/* As viortc_msg_returned(), and the device holds one request less. */
static void viortc_msg_back(struct viortc_dev *viortc, struct viortc_msg *msg,
			    unsigned int len, int err)
{
	viortc_msg_uncount(viortc, msg);
	viortc_msg_returned(msg, len, err);
}

/**
 * viortc_requestq_done() - requestq callback: hand replies to their senders
 * @vq: the requestq
 *
 * Also called by a polling sender, with @viortc->state_lock held for
 * reading and the device live.
 */
void viortc_requestq_done(struct virtqueue *vq)
{
	struct viortc_dev *viortc = vq->vdev->priv;
	struct viortc_msg *msg;
	unsigned long flags;
	unsigned int len;

	for (;;) {
		spin_lock_irqsave(&viortc->lock, flags);
		msg = virtqueue_get_buf(vq, &len);
		spin_unlock_irqrestore(&viortc->lock, flags);
		if (!msg)
			break;
		viortc_msg_back(viortc, msg, len, 0);
	}
}

/*
 * Busy-poll the used ring for @msg's reply, at most @poll_us. Any reply
 * found is handed to its sender as the callback would. The read side of
 * @viortc->state_lock keeps the virtqueue alive; a sender never polls
 * while stop or remove holds it, they wait at most @poll_us for it.
 */
static void viortc_poll(struct viortc_dev *viortc, struct viortc_msg *msg,
			unsigned int poll_us)
{
	u64 end;

	if (!down_read_trylock(&viortc->state_lock))
		return;
	if (viortc->state != VIORTC_LIVE)
		goto out;
	end = ktime_get_ns() + (u64)poll_us * NSEC_PER_USEC;
	for (;;) {
		viortc_requestq_done(viortc->requestq);
		if (completion_done(&msg->done) || need_resched() ||
		    ktime_get_ns() > end)
			break;
		cpu_relax();
	}
out:
	up_read(&viortc->state_lock);
}

/**
 * viortc_requestq_drain() - return every message after a device reset
 * @viortc: the device, reset, with no callbacks running
 *
 * Replies that arrived are delivered; buffers the device never used come
 * back with -ENODEV. Called with @viortc->state_lock held for writing.
 */
void viortc_requestq_drain(struct viortc_dev *viortc)
{
	struct virtqueue *vq = viortc->requestq;
	struct viortc_msg *msg;
	unsigned long flags;
	unsigned int len;

	spin_lock_irqsave(&viortc->lock, flags);
	while ((msg = virtqueue_get_buf(vq, &len)))
		viortc_msg_back(viortc, msg, len, 0);
	while ((msg = virtqueue_detach_unused_buf(vq)))
		viortc_msg_back(viortc, msg, 0, -ENODEV);
	spin_unlock_irqrestore(&viortc->lock, flags);
}

/*
 * Make @msg available to the device and notify it. On success the device
 * holds a reference; on error (the device may still hold @msg when the
 * notification failed) the sender need not wait.
 */
static int viortc_queue(struct viortc_dev *viortc, struct viortc_msg *msg,
			struct ptp_system_timestamp *sts)
{
	struct scatterlist req_sg, resp_sg, *sgs[] = { &req_sg, &resp_sg };
	unsigned long flags;
	bool notify;
	int ret;

	sg_init_one(&req_sg, &msg->req, msg->req_len);
	sg_init_one(&resp_sg, &msg->resp, msg->resp_len);

	down_read(&viortc->state_lock);
	if (viortc->state != VIORTC_LIVE) {
		ret = viortc->state == VIORTC_ASLEEP ? -EBUSY : -ENODEV;
		up_read(&viortc->state_lock);
		return ret;
	}
	kref_get(&msg->ref);
	set_bit(VIORTC_MSG_COUNTED, &msg->flags);
	atomic_inc(&viortc->in_flight);
	spin_lock_irqsave(&viortc->lock, flags);
	/*
	 * The device may read its clock as soon as the request is in the
	 * avail ring (a polling device, or one still busy with another
	 * request): the pre stamp must come first.
	 */
	ptp_read_system_prets(sts);
	ret = virtqueue_add_sgs(viortc->requestq, sgs, 1, 1, msg, GFP_ATOMIC);
	notify = !ret && virtqueue_kick_prepare(viortc->requestq);
	spin_unlock_irqrestore(&viortc->lock, flags);
	if (ret) {
		viortc_msg_uncount(viortc, msg);
		viortc_msg_put(msg);
		up_read(&viortc->state_lock);
		/* A full ring means the device sits on earlier requests. */
		return ret == -ENOSPC ? -EBUSY : ret;
	}
	if (notify && !virtqueue_notify(viortc->requestq)) {
		/* The virtqueue is broken: stop (or remove) reclaims @msg. */
		viortc_msg_uncount(viortc, msg);
		up_read(&viortc->state_lock);
		dev_warn_ratelimited(&viortc->vdev->dev,
				     "request 0x%04x: cannot notify the device\n",
				     msg->type);
		return -EIO;
	}
	up_read(&viortc->state_lock);
	return 0;
}

static int viortc_status_errno(struct viortc_dev *viortc,
			       struct viortc_msg *msg, u8 status)
{
	switch (status) {
	case VIRTIO_RTC_S_OK:
		return 0;
	case VIRTIO_RTC_S_EOPNOTSUPP:
		return -EOPNOTSUPP;
	case VIRTIO_RTC_S_ENODEV:
		return -ENODEV;
	case VIRTIO_RTC_S_EINVAL:
		return -EINVAL;
	case VIRTIO_RTC_S_EIO:
		return -EIO;
	default:
		dev_warn_ratelimited(&viortc->vdev->dev,
				     "request 0x%04x: unknown status %u\n",
				     msg->type, status);
		return -EPROTO;
	}
}

/*
 * Is the reply in @msg long enough for what we read, and did the device
 * succeed? Only the status is read from a failed reply.
 */
static int viortc_check_reply(struct viortc_dev *viortc, struct viortc_msg *msg)
{
	const struct virtio_rtc_resp_head *head = &msg->resp.cfg.head;
	struct device *dev = &viortc->vdev->dev;
	int ret;

	if (msg->used_len < sizeof(head->status) ||
	    msg->used_len > msg->resp_len) {
		dev_warn_ratelimited(dev,
				     "request 0x%04x: reply of %u bytes, buffer of %u\n",
				     msg->type, msg->used_len, msg->resp_len);
		return -EPROTO;
	}
	ret = viortc_status_errno(viortc, msg, head->status);
	if (ret)
		return ret;
	if (msg->used_len != msg->resp_len) {
		dev_warn_ratelimited(dev,
				     "request 0x%04x: reply of %u bytes, expected %u\n",
				     msg->type, msg->used_len, msg->resp_len);
		return -EPROTO;
	}
	return 0;
}

/*
 * Send @msg and wait for its reply. On success the reply in @msg has been
 * checked and may be read; the caller drops its reference either way.
 */
static int viortc_xfer(struct viortc_dev *viortc, struct viortc_msg *msg,
		       struct ptp_system_timestamp *sts)
{
	unsigned int timeout_ms, poll_us;
	long left;
	int ret;

	if (sts) {
		msg->want_stamp = true;
		msg->stamp.clockid = sts->clockid;
	}
	ret = viortc_queue(viortc, msg, sts);
	if (ret)
		return ret;

	poll_us = READ_ONCE(viortc_poll_us);
	if (poll_us && (msg->type == VIRTIO_RTC_REQ_READ ||
			msg->type == VIRTIO_RTC_REQ_READ_CROSS))
		viortc_poll(viortc, msg, poll_us);
	timeout_ms = READ_ONCE(viortc_timeout_ms);
	left = wait_for_completion_interruptible_timeout(&msg->done,
							 msecs_to_jiffies(timeout_ms));
	if (left <= 0) {
		/* A late reply frees @msg; freeze no longer waits for it. */
		viortc_msg_uncount(viortc, msg);
		if (left < 0)
			return left;
		dev_warn_ratelimited(&viortc->vdev->dev,
				     "request 0x%04x: no reply within %u ms\n",
				     msg->type, timeout_ms);
		return -ETIMEDOUT;
	}
	if (msg->err)
		return msg->err;
	ret = viortc_check_reply(viortc, msg);
	if (!ret && sts)
		sts->post_ts = msg->stamp.post_ts;
	return ret;
}

/**
 * viortc_read() - read a clock
 * @viortc: the device
 * @clock_id: the clock
 * @reading: the clock's time in ns
 * @sts: if not NULL, system time stamps taken right before the request is
 *	made available to the device and right as the reply is taken from
 *	the used ring
 *
 * Return: 0 or a negative errno.
 */
int viortc_read(struct viortc_dev *viortc, u16 clock_id, u64 *reading,
		struct ptp_system_timestamp *sts)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_READ,
					      sizeof(struct virtio_rtc_req_read),
					      sizeof(struct virtio_rtc_resp_read));
	int ret;

	if (!msg)
		return -ENOMEM;
	msg->req.read.clock_id = cpu_to_le16(clock_id);
	ret = viortc_xfer(viortc, msg, sts);
	if (!ret)
		*reading = le64_to_cpu(msg->resp.read.clock_reading);
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_read_cross() - read a clock with the matching hardware counter value
 * @viortc: the device
 * @clock_id: the clock
 * @hw_counter: VIRTIO_RTC_COUNTER_*
 * @reading: the clock's time in ns
 * @cycles: the counter value at the instant of @reading
 *
 * Return: 0 or a negative errno.
 */
int viortc_read_cross(struct viortc_dev *viortc, u16 clock_id, u8 hw_counter,
		      u64 *reading, u64 *cycles)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_READ_CROSS,
					      sizeof(struct virtio_rtc_req_read_cross),
					      sizeof(struct virtio_rtc_resp_read_cross));
	int ret;

	if (!msg)
		return -ENOMEM;
	msg->req.read_cross.clock_id = cpu_to_le16(clock_id);
	msg->req.read_cross.hw_counter = hw_counter;
	ret = viortc_xfer(viortc, msg, NULL);
	if (!ret) {
		*reading = le64_to_cpu(msg->resp.read_cross.clock_reading);
		*cycles = le64_to_cpu(msg->resp.read_cross.counter_cycles);
	}
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_cfg() - ask the device for its configuration
 * @viortc: the device
 * @num_clocks: the number of clocks
 *
 * Return: 0 or a negative errno.
 */
int viortc_cfg(struct viortc_dev *viortc, u16 *num_clocks)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_CFG,
					      sizeof(struct virtio_rtc_req_cfg),
					      sizeof(struct virtio_rtc_resp_cfg));
	struct virtio_rtc_resp_cfg *resp;
	int ret;

	if (!msg)
		return -ENOMEM;
	resp = &msg->resp.cfg;
	ret = viortc_xfer(viortc, msg, NULL);
	if (!ret)
		*num_clocks = le16_to_cpu(resp->num_clocks);
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_clock_cap() - ask the device about one clock
 * @viortc: the device
 * @clock_id: the clock
 * @type: VIRTIO_RTC_CLOCK_*
 * @smearing: VIRTIO_RTC_SMEAR_*
 * @flags: VIRTIO_RTC_FLAG_ALARM_CAP or 0; other bits are not interpreted
 *
 * Return: 0 or a negative errno.
 */
int viortc_clock_cap(struct viortc_dev *viortc, u16 clock_id, u8 *type,
		     u8 *smearing, u8 *flags)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_CLOCK_CAP,
					      sizeof(struct virtio_rtc_req_clock_cap),
					      sizeof(struct virtio_rtc_resp_clock_cap));
	struct virtio_rtc_resp_clock_cap *resp;
	int ret;

	if (!msg)
		return -ENOMEM;
	resp = &msg->resp.clock_cap;
	msg->req.clock_cap.clock_id = cpu_to_le16(clock_id);
	ret = viortc_xfer(viortc, msg, NULL);
	if (!ret) {
		*type = resp->type;
		*smearing = resp->leap_second_smearing;
		*flags = resp->flags & VIRTIO_RTC_FLAG_ALARM_CAP;
	}
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_cross_cap() - ask whether a clock can be cross-timestamped
 * @viortc: the device
 * @clock_id: the clock
 * @hw_counter: VIRTIO_RTC_COUNTER_*
 * @supported: READ_CROSS works for this clock and counter
 *
 * Return: 0 or a negative errno.
 */
int viortc_cross_cap(struct viortc_dev *viortc, u16 clock_id, u8 hw_counter,
		     bool *supported)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_CROSS_CAP,
					      sizeof(struct virtio_rtc_req_cross_cap),
					      sizeof(struct virtio_rtc_resp_cross_cap));
	struct virtio_rtc_resp_cross_cap *resp;
	int ret;

	if (!msg)
		return -ENOMEM;
	resp = &msg->resp.cross_cap;
	msg->req.cross_cap.clock_id = cpu_to_le16(clock_id);
	msg->req.cross_cap.hw_counter = hw_counter;
	ret = viortc_xfer(viortc, msg, NULL);
	if (!ret)
		*supported = resp->flags & VIRTIO_RTC_FLAG_CROSS_CAP;
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_read_alarm() - read a clock's alarm
 * @viortc: the device
 * @clock_id: the clock
 * @alarm_time: the alarm time in ns
 * @enabled: whether the alarm is enabled
 *
 * Return: 0 or a negative errno.
 */
int viortc_read_alarm(struct viortc_dev *viortc, u16 clock_id, u64 *alarm_time,
		      bool *enabled)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_READ_ALARM,
					      sizeof(struct virtio_rtc_req_read_alarm),
					      sizeof(struct virtio_rtc_resp_read_alarm));
	struct virtio_rtc_resp_read_alarm *resp;
	int ret;

	if (!msg)
		return -ENOMEM;
	resp = &msg->resp.read_alarm;
	msg->req.read_alarm.clock_id = cpu_to_le16(clock_id);
	ret = viortc_xfer(viortc, msg, NULL);
	if (!ret) {
		*alarm_time = le64_to_cpu(resp->alarm_time);
		*enabled = resp->flags & VIRTIO_RTC_FLAG_ALARM_ENABLED;
	}
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_set_alarm() - set a clock's alarm time and enable or disable it
 * @viortc: the device
 * @clock_id: the clock
 * @alarm_time: the alarm time in ns
 * @enabled: enable the alarm
 *
 * Return: 0 or a negative errno.
 */
int viortc_set_alarm(struct viortc_dev *viortc, u16 clock_id, u64 alarm_time,
		     bool enabled)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_SET_ALARM,
					      sizeof(struct virtio_rtc_req_set_alarm),
					      sizeof(struct virtio_rtc_resp_set_alarm));
	int ret;

	if (!msg)
		return -ENOMEM;
	msg->req.set_alarm.alarm_time = cpu_to_le64(alarm_time);
	msg->req.set_alarm.clock_id = cpu_to_le16(clock_id);
	msg->req.set_alarm.flags = enabled ? VIRTIO_RTC_FLAG_ALARM_ENABLED : 0;
	ret = viortc_xfer(viortc, msg, NULL);
	viortc_msg_put(msg);
	return ret;
}

/**
 * viortc_set_alarm_enabled() - enable or disable a clock's alarm
 * @viortc: the device
 * @clock_id: the clock
 * @enabled: enable the alarm
 *
 * Return: 0 or a negative errno.
 */
int viortc_set_alarm_enabled(struct viortc_dev *viortc, u16 clock_id,
			     bool enabled)
{
	struct viortc_msg *msg = viortc_msg_new(VIRTIO_RTC_REQ_SET_ALARM_ENABLED,
					      sizeof(struct virtio_rtc_req_set_alarm_enabled),
					      sizeof(struct virtio_rtc_resp_set_alarm_enabled));
	int ret;

	if (!msg)
		return -ENOMEM;
	msg->req.set_alarm_enabled.clock_id = cpu_to_le16(clock_id);
	msg->req.set_alarm_enabled.flags =
		enabled ? VIRTIO_RTC_FLAG_ALARM_ENABLED : 0;
	ret = viortc_xfer(viortc, msg, NULL);
	viortc_msg_put(msg);
	return ret;
}
