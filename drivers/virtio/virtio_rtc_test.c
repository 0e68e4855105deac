// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of virtio_rtc against a fake virtio RTC device.
 *
 * The device side is scripted here: it answers discovery and reads from the
 * notification hook, or parks requests so the test decides when (and if)
 * they are answered. Built into the virtio_rtc module, so the tests reach
 * the driver's internal interfaces.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/rtc.h>
#include <linux/virtio_config.h>
#include <linux/virtio_fake.h>
#include <linux/virtio_ids.h>

#if IS_ENABLED(CONFIG_VIRTIO_RTC_ARM)
#include <clocksource/arm_arch_timer.h>
#endif

#include "virtio_rtc_internal.h"

#define FAKE_MAX_CLOCKS	4
#define FAKE_MAX_HELD	8
#define FAKE_READING	1700000000123456789ULL	/* 2023-11-14 22:13:20 UTC */

/**
 * struct rtc_fake - the scripted device
 * @vf: the fake virtio device
 * @test: the test
 * @lock: protects @held and @num_held
 * @num_clocks: CFG answer
 * @type: CLOCK_CAP types
 * @smearing: CLOCK_CAP smearing variants
 * @cap_flags: CLOCK_CAP flags
 * @reading: READ answer
 * @status_type: request type to answer with @status (0: none)
 * @status: the status for @status_type
 * @used_len: used length for @status_type replies (0: the reply's size)
 * @garbage_type: request type whose reply gets a reserved byte set
 * @cross: pair READ_CROSS replies with the Arm virtual counter
 * @hold: park requests instead of answering them
 * @held: parked requests
 * @num_held: number of @held
 * @ready_at_first: DRIVER_OK was set when the first request arrived
 * @requests: number of requests seen
 */
struct rtc_fake {
	struct virtio_fake *vf;
	struct kunit *test;
	spinlock_t lock;	/* see above */
	u16 num_clocks;
	u8 type[FAKE_MAX_CLOCKS];
	u8 smearing[FAKE_MAX_CLOCKS];
	u8 cap_flags[FAKE_MAX_CLOCKS];
	u64 reading;
	u16 status_type;
	u8 status;
	u32 used_len;
	u16 garbage_type;
	bool cross;
	bool hold;
	struct virtio_fake_req *held[FAKE_MAX_HELD];
	unsigned int num_held;
	bool ready_at_first;
	unsigned int requests;
};

#if IS_ENABLED(CONFIG_VIRTIO_RTC_ARM)
/*
 * The counter value and the UTC reading must name one instant: read UTC
 * between two counter reads with interrupts off, keep the tightest of a
 * few tries (a vCPU the host stalls mid-way shows as a wide bracket) and
 * pair its midpoint.
 */
static void fake_pair_counter(struct virtio_rtc_resp_read_cross *rc)
{
	u64 c0, c1, t, best = U64_MAX, cycles = 0, utc = 0;
	unsigned long flags;
	int i;

	for (i = 0; i < 8; i++) {
		local_irq_save(flags);
		c0 = arch_timer_read_counter();
		t = ktime_get_real_ns();
		c1 = arch_timer_read_counter();
		local_irq_restore(flags);
		if (c1 - c0 < best) {
			best = c1 - c0;
			cycles = c0 + best / 2;
			utc = t;
		}
	}
	rc->counter_cycles = cpu_to_le64(cycles);
	rc->clock_reading = cpu_to_le64(utc);
}
#endif

/* Build the reply to @req in @resp; return its length. */
static size_t fake_reply(struct rtc_fake *f, const struct virtio_fake_req *req,
			 union virtio_rtc_resp_requestq *resp)
{
	const union virtio_rtc_req_requestq *rq = req->out;
	u16 type = le16_to_cpu(rq->cfg.head.msg_type);
	u16 id = le16_to_cpu(rq->read.clock_id);
	size_t len;

	memset(resp, 0, sizeof(*resp));
	switch (type) {
	case VIRTIO_RTC_REQ_CFG:
		resp->cfg.num_clocks = cpu_to_le16(f->num_clocks);
		len = sizeof(resp->cfg);
		break;
	case VIRTIO_RTC_REQ_CLOCK_CAP:
		if (id >= f->num_clocks || id >= FAKE_MAX_CLOCKS) {
			resp->cfg.head.status = VIRTIO_RTC_S_ENODEV;
			return sizeof(resp->cfg.head);
		}
		resp->clock_cap.type = f->type[id];
		resp->clock_cap.leap_second_smearing = f->smearing[id];
		resp->clock_cap.flags = f->cap_flags[id];
		len = sizeof(resp->clock_cap);
		break;
	case VIRTIO_RTC_REQ_CROSS_CAP:
		if (f->cross && rq->cross_cap.hw_counter == VIRTIO_RTC_COUNTER_ARM_VCT)
			resp->cross_cap.flags = VIRTIO_RTC_FLAG_CROSS_CAP;
		len = sizeof(resp->cross_cap);
		break;
#if IS_ENABLED(CONFIG_VIRTIO_RTC_ARM)
	case VIRTIO_RTC_REQ_READ_CROSS:
		if (!f->cross ||
		    rq->read_cross.hw_counter != VIRTIO_RTC_COUNTER_ARM_VCT) {
			resp->cfg.head.status = VIRTIO_RTC_S_EOPNOTSUPP;
			return sizeof(resp->cfg.head);
		}
		/* A device that sees the guest's counter: pair it with UTC. */
		fake_pair_counter(&resp->read_cross);
		len = sizeof(resp->read_cross);
		break;
#endif
	case VIRTIO_RTC_REQ_READ:
		resp->read.clock_reading = cpu_to_le64(f->reading);
		len = sizeof(resp->read);
		break;
	case VIRTIO_RTC_REQ_SET_ALARM:
	case VIRTIO_RTC_REQ_SET_ALARM_ENABLED:
		len = sizeof(resp->set_alarm);
		break;
	default:
		resp->cfg.head.status = VIRTIO_RTC_S_EOPNOTSUPP;
		return sizeof(resp->cfg.head);
	}
	if (type == f->garbage_type)
		resp->cfg.head.reserved[3] = 0x5a;
	if (type == f->status_type) {
		resp->cfg.head.status = f->status;
		if (f->used_len)
			len = f->used_len;
	}
	return len;
}

static void fake_answer(struct rtc_fake *f, struct virtio_fake_req *req)
{
	union virtio_rtc_resp_requestq resp;
	size_t len = fake_reply(f, req, &resp);

	virtio_fake_complete(f->vf, req, &resp, min(len, sizeof(resp)), len);
}

static void fake_kick(struct virtio_fake *vf, unsigned int queue, void *ctx)
{
	struct rtc_fake *f = ctx;
	struct virtio_fake_req *req;
	unsigned long flags;
	bool answered = false;

	if (queue != VIORTC_REQUESTQ)
		return;
	while ((req = virtio_fake_pop(vf, queue))) {
		if (!f->requests++)
			f->ready_at_first = virtio_fake_status(vf) &
					    VIRTIO_CONFIG_S_DRIVER_OK;
		spin_lock_irqsave(&f->lock, flags);
		if (f->hold && f->num_held < FAKE_MAX_HELD) {
			f->held[f->num_held++] = req;
			req = NULL;
		}
		spin_unlock_irqrestore(&f->lock, flags);
		if (req) {
			fake_answer(f, req);
			answered = true;
		}
	}
	if (answered)
		virtio_fake_interrupt(vf, queue);
}

static struct rtc_fake *fake_new(struct kunit *test, u64 features)
{
	struct rtc_fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	spin_lock_init(&f->lock);
	f->num_clocks = 3;
	f->type[0] = VIRTIO_RTC_CLOCK_UTC;
	f->type[1] = VIRTIO_RTC_CLOCK_TAI;
	f->type[2] = VIRTIO_RTC_CLOCK_UTC_SMEARED;
	f->smearing[2] = VIRTIO_RTC_SMEAR_NOON_LINEAR;
	f->cap_flags[2] = VIRTIO_RTC_FLAG_ALARM_CAP;
	f->reading = FAKE_READING;
	f->vf = virtio_fake_create(test, VIRTIO_ID_CLOCK, features,
				   VIORTC_MAX_VQS, 16);
	KUNIT_ASSERT_NOT_NULL(test, f->vf);
	virtio_fake_on_kick(f->vf, fake_kick, f);
	return f;
}

static struct viortc_dev *fake_viortc(struct rtc_fake *f)
{
	return virtio_fake_vdev(f->vf)->priv;
}

/* Register the device and expect the driver to bind (or not). */
static struct viortc_dev *fake_probe(struct rtc_fake *f, bool expect_bound)
{
	KUNIT_ASSERT_EQ(f->test, virtio_fake_register(f->vf), 0);
	KUNIT_ASSERT_EQ(f->test, virtio_fake_bound(f->vf), expect_bound);
	return expect_bound ? fake_viortc(f) : NULL;
}

static unsigned int saved_timeout;

static int viortc_test_init(struct kunit *test)
{
	saved_timeout = viortc_timeout_ms;
	viortc_timeout_ms = 100;
	return 0;
}

static void viortc_test_exit(struct kunit *test)
{
	viortc_timeout_ms = saved_timeout;
}

static void viortc_test_probe(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);

	KUNIT_EXPECT_TRUE(test, f->ready_at_first);
	KUNIT_ASSERT_EQ(test, viortc->num_clocks, 3);
	KUNIT_EXPECT_TRUE(test, viortc->clocks[0].valid);
	KUNIT_EXPECT_TRUE(test, viortc->clocks[2].valid);
	KUNIT_EXPECT_FALSE(test, viortc->clocks[0].alarm);
	KUNIT_EXPECT_TRUE(test, viortc->clocks[2].alarm);
	KUNIT_EXPECT_NOT_NULL(test, viortc->alarmq);
	if (IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS)) {
		KUNIT_ASSERT_NOT_NULL(test, viortc->class);
		KUNIT_EXPECT_EQ(test, viortc->class->clock_id, 2);
	}
	if (IS_ENABLED(CONFIG_VIRTIO_RTC_PTP)) {
		KUNIT_ASSERT_NOT_NULL(test, viortc->clocks[0].ptp);
		KUNIT_EXPECT_STREQ(test, viortc->clocks[0].ptp->info.name,
				   "Virtio PTP type 0/variant 0");
		KUNIT_EXPECT_STREQ(test, viortc->clocks[2].ptp->info.name,
				   "Virtio PTP type 3/variant 1");
	}
	virtio_fake_unregister(f->vf);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

static void viortc_test_no_alarm_feature(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);

	/* ALARM_CAP means nothing without VIRTIO_RTC_F_ALARM. */
	KUNIT_EXPECT_NULL(test, viortc->alarmq);
	KUNIT_EXPECT_FALSE(test, viortc->clocks[2].alarm);
	if (IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS)) {
		KUNIT_ASSERT_NOT_NULL(test, viortc->class);
		KUNIT_EXPECT_FALSE(test, test_bit(RTC_FEATURE_ALARM,
						  viortc->class->rtc->features));
		KUNIT_EXPECT_FALSE(test, test_bit(RTC_FEATURE_UPDATE_INTERRUPT,
						  viortc->class->rtc->features));
	}
}

static void viortc_test_zero_clocks(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);

	f->num_clocks = 0;
	fake_probe(f, false);
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) & VIRTIO_CONFIG_S_FAILED);
}

static void viortc_test_bad_clocks(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc;

	f->type[0] = 0x17;				/* unknown type */
	f->smearing[1] = VIRTIO_RTC_SMEAR_UTC_SLS;	/* TAI may not smear */
	f->type[2] = 0xf3;				/* implementation specific */
	viortc = fake_probe(f, true);
	KUNIT_EXPECT_FALSE(test, viortc->clocks[0].valid);
	KUNIT_EXPECT_FALSE(test, viortc->clocks[1].valid);
	KUNIT_EXPECT_TRUE(test, viortc->clocks[2].valid);
	KUNIT_EXPECT_NULL(test, viortc->clocks[0].ptp);
	KUNIT_EXPECT_NULL(test, viortc->class);
}

/* Malformed discovery answers make probe fail, cleanly. */
static void viortc_test_malformed_discovery(struct kunit *test)
{
	static const struct {
		u16 type;
		u8 status;
		u32 used_len;
		bool garbage;
		u8 flags;
	} cases[] = {
		{ VIRTIO_RTC_REQ_CFG, VIRTIO_RTC_S_EIO, 8 },
		{ VIRTIO_RTC_REQ_CFG, VIRTIO_RTC_S_OK, 12 },
		{ VIRTIO_RTC_REQ_CFG, VIRTIO_RTC_S_OK, 4 },
		{ VIRTIO_RTC_REQ_CLOCK_CAP, VIRTIO_RTC_S_OK, 0, true },
		{ VIRTIO_RTC_REQ_CLOCK_CAP, VIRTIO_RTC_S_OK, 0, false, 0x80 },
		{ VIRTIO_RTC_REQ_CLOCK_CAP, 9, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct rtc_fake *f = fake_new(test, 0);

		f->status_type = cases[i].type;
		f->status = cases[i].status;
		f->used_len = cases[i].used_len;
		if (cases[i].garbage)
			f->garbage_type = cases[i].type;
		f->cap_flags[0] = cases[i].flags;
		KUNIT_ASSERT_EQ(test, virtio_fake_register(f->vf), 0);
		KUNIT_EXPECT_FALSE_MSG(test, virtio_fake_bound(f->vf),
				       "case %u bound", i);
		virtio_fake_unregister(f->vf);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

static void viortc_test_read(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	u64 ns = 0;

	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_EQ(test, ns, FAKE_READING);
}

/* Every status maps to its errno; error replies may be header-only. */
static void viortc_test_read_status(struct kunit *test)
{
	static const struct {
		u8 status;
		u32 used_len;
		int err;
	} cases[] = {
		{ VIRTIO_RTC_S_EOPNOTSUPP, 8, -EOPNOTSUPP },
		{ VIRTIO_RTC_S_ENODEV, 8, -ENODEV },
		{ VIRTIO_RTC_S_EINVAL, 16, -EINVAL },
		{ VIRTIO_RTC_S_EIO, 8, -EIO },
		{ 1, 8, -EPROTO },
		{ 0xff, 8, -EPROTO },
		{ VIRTIO_RTC_S_OK, 8, -EPROTO },	/* OK, but short */
		{ VIRTIO_RTC_S_OK, 7, -EPROTO },	/* not even a header */
		{ VIRTIO_RTC_S_OK, 0, -EPROTO },
		{ VIRTIO_RTC_S_OK, 24, -EPROTO },	/* longer than the buffer */
	};
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	unsigned int i;
	u64 ns;

	f->status_type = VIRTIO_RTC_REQ_READ;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f->status = cases[i].status;
		f->used_len = cases[i].used_len;
		/* used_len 0 means "the natural size" to the fake device. */
		if (!cases[i].used_len)
			f->used_len = 1;
		KUNIT_EXPECT_EQ_MSG(test, viortc_read(viortc, 0, &ns, NULL),
				    cases[i].err, "case %u", i);
	}
	f->status_type = 0;
	f->garbage_type = VIRTIO_RTC_REQ_READ;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -EPROTO);
	f->garbage_type = 0;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
}

/* A reply after the timeout frees the message and is not mistaken. */
static void viortc_test_timeout_late_reply(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	u64 ns = 0;

	f->hold = true;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -ETIMEDOUT);
	KUNIT_ASSERT_EQ(test, f->num_held, 1);
	/* The device still owns the buffers: the message is alive. */
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 1);

	f->hold = false;
	f->reading = 42;
	fake_answer(f, f->held[0]);
	f->num_held = 0;
	virtio_fake_interrupt(f->vf, VIORTC_REQUESTQ);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);

	f->reading = 43;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_EQ(test, ns, 43);
}

/* Replies in another order than the requests reach the right senders. */
struct read_job {
	struct viortc_dev *viortc;
	u16 clock;
	u64 ns;
	int ret;
	struct completion done;
};

static int read_job_fn(void *data)
{
	struct read_job *job = data;

	job->ret = viortc_read(job->viortc, job->clock, &job->ns, NULL);
	complete(&job->done);
	return 0;
}

static void read_job_start(struct kunit *test, struct read_job *job,
			   struct viortc_dev *viortc, u16 clock)
{
	struct task_struct *t;

	job->viortc = viortc;
	job->clock = clock;
	init_completion(&job->done);
	t = kthread_run(read_job_fn, job, "viortc-test-%u", clock);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
}

static void wait_held(struct kunit *test, struct rtc_fake *f, unsigned int n)
{
	unsigned int ms;

	for (ms = 0; ms < 2000 && READ_ONCE(f->num_held) < n; ms++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_EQ(test, READ_ONCE(f->num_held), n);
}

static void viortc_test_out_of_order(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	struct read_job a, b;

	viortc_timeout_ms = 5000;
	f->hold = true;
	read_job_start(test, &a, viortc, 0);
	wait_held(test, f, 1);
	read_job_start(test, &b, viortc, 1);
	wait_held(test, f, 2);

	f->reading = 2000;
	fake_answer(f, f->held[1]);
	virtio_fake_interrupt(f->vf, VIORTC_REQUESTQ);
	wait_for_completion(&b.done);
	f->reading = 1000;
	fake_answer(f, f->held[0]);
	virtio_fake_interrupt(f->vf, VIORTC_REQUESTQ);
	wait_for_completion(&a.done);
	f->num_held = 0;

	KUNIT_EXPECT_EQ(test, a.ret, 0);
	KUNIT_EXPECT_EQ(test, a.ns, 1000);
	KUNIT_EXPECT_EQ(test, b.ret, 0);
	KUNIT_EXPECT_EQ(test, b.ns, 2000);
}

/* Removing the device fails requests in flight; nothing leaks. */
static void viortc_test_remove_in_flight(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	struct read_job job;
	unsigned int i;

	viortc_timeout_ms = 5000;
	f->hold = true;
	read_job_start(test, &job, viortc, 0);
	wait_held(test, f, 1);
	virtio_fake_unregister(f->vf);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&job.done, HZ));
	KUNIT_EXPECT_EQ(test, job.ret, -ENODEV);
	/* The device answering after removal changes nothing. */
	for (i = 0; i < f->num_held; i++)
		fake_answer(f, f->held[i]);
	f->num_held = 0;
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

static void viortc_test_parse_alarm(struct kunit *test)
{
	struct virtio_rtc_notif_alarm n = {
		.head.msg_type = cpu_to_le16(VIRTIO_RTC_NOTIF_ALARM),
		.clock_id = cpu_to_le16(2),
	};
	u16 id = 0;

	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n), &id), 0);
	KUNIT_EXPECT_EQ(test, id, 2);
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n) - 1, &id), -EPROTO);
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, 0, &id), -EPROTO);
	n.reserved[5] = 1;
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n), &id), -EPROTO);
	n.reserved[5] = 0;
	n.head.reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n), &id), -EPROTO);
	n.head.reserved[0] = 0;
	n.head.msg_type = cpu_to_le16(VIRTIO_RTC_REQ_READ);
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n), &id), -EPROTO);
}

/* Send one alarm notification for @clock on the alarmq. */
static void fake_notify_alarm(struct kunit *test, struct rtc_fake *f, u16 clock)
{
	struct virtio_rtc_notif_alarm n = {
		.head.msg_type = cpu_to_le16(VIRTIO_RTC_NOTIF_ALARM),
		.clock_id = cpu_to_le16(clock),
	};
	struct virtio_fake_req *req = virtio_fake_pop(f->vf, VIORTC_ALARMQ);

	KUNIT_ASSERT_NOT_NULL(test, req);
	KUNIT_EXPECT_GE(test, req->in_cap, sizeof(n));
	virtio_fake_complete(f->vf, req, &n, sizeof(n), sizeof(n));
	virtio_fake_interrupt(f->vf, VIORTC_ALARMQ);
}

static void viortc_test_alarm_notification(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct rtc_wkalrm alrm = { .enabled = 1 };
	struct rtc_device *rtc;
	unsigned int kicks;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_CLASS is off");
	rtc = viortc->class->rtc;
	rtc_time64_to_tm(div_u64(FAKE_READING, NSEC_PER_SEC) + 10, &alrm.time);
	KUNIT_ASSERT_EQ(test, rtc_set_alarm(rtc, &alrm), 0);
	flush_work(&rtc->irqwork);
	KUNIT_ASSERT_FALSE(test, rtc->irq_data & RTC_AF);

	/* Time passes on the device, which says so: the RTC alarm fires. */
	f->reading += 20 * NSEC_PER_SEC;
	kicks = virtio_fake_kicks(f->vf, VIORTC_ALARMQ);
	fake_notify_alarm(test, f, 2);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	/* The buffer went back to the device at once. */
	KUNIT_EXPECT_GT(test, virtio_fake_kicks(f->vf, VIORTC_ALARMQ), kicks);

	/* Notifications for clocks without an alarm are dropped. */
	fake_notify_alarm(test, f, 0);
	fake_notify_alarm(test, f, 9);
}

static void viortc_test_rtc_time(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct rtc_wkalrm alrm = { .enabled = 1 };
	struct rtc_time tm;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_CLASS is off");
	KUNIT_ASSERT_EQ(test, rtc_read_time(viortc->class->rtc, &tm), 0);
	KUNIT_EXPECT_EQ(test, rtc_tm_to_time64(&tm), 1700000000);

	/* The last second the device's ns alarm time can hold... */
	rtc_time64_to_tm(div_u64(U64_MAX, NSEC_PER_SEC), &alrm.time);
	KUNIT_EXPECT_EQ(test, rtc_set_alarm(viortc->class->rtc, &alrm), 0);
	/* ... and one past it. */
	rtc_time64_to_tm(div_u64(U64_MAX, NSEC_PER_SEC) + 1, &alrm.time);
	KUNIT_EXPECT_EQ(test, rtc_set_alarm(viortc->class->rtc, &alrm), -ERANGE);

	f->reading = U64_MAX;
	KUNIT_ASSERT_EQ(test, rtc_read_time(viortc->class->rtc, &tm), 0);
	KUNIT_EXPECT_EQ(test, rtc_tm_to_time64(&tm),
			(time64_t)div_u64(U64_MAX, NSEC_PER_SEC));
}

/*
 * Freeze fails requests the device does not answer (here: it holds them
 * past the wait for a wake-capable sleep); restore readies the device
 * first.
 */
static void viortc_test_freeze_restore(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct virtio_fake_req *req;
	struct read_job job;
	u64 ns;

	viortc_timeout_ms = 5000;
	f->hold = true;
	read_job_start(test, &job, viortc, 0);
	wait_held(test, f, 1);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&job.done, HZ));
	KUNIT_EXPECT_EQ(test, job.ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -ENODEV);
	f->num_held = 0;

	f->hold = false;
	f->requests = 0;
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_TRUE(test, f->ready_at_first);
	/* The alarmq is full again. */
	req = virtio_fake_pop(f->vf, VIORTC_ALARMQ);
	KUNIT_EXPECT_NOT_NULL(test, req);
	if (req)
		virtio_fake_forget(req);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

/*
 * Freeze with an alarm that may wake the system: the device runs on and
 * still answers; an alarm it notifies meanwhile is a wakeup event and
 * reaches the RTC core only after restore, when the time can be read.
 */
static void viortc_test_sleep_alarm(struct kunit *test)
{
#ifdef CONFIG_PM_SLEEP
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct rtc_wkalrm alrm = { .enabled = 1 };
	struct wakeup_source *ws;
	unsigned long events;
	struct rtc_device *rtc;
	u64 ns;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_CLASS is off");
	rtc = viortc->class->rtc;
	ws = vdev->dev.power.wakeup;
	KUNIT_ASSERT_TRUE(test, device_may_wakeup(&vdev->dev));
	KUNIT_ASSERT_NOT_NULL(test, ws);
	rtc_time64_to_tm(div_u64(FAKE_READING, NSEC_PER_SEC) + 10, &alrm.time);
	KUNIT_ASSERT_EQ(test, rtc_set_alarm(rtc, &alrm), 0);
	flush_work(&rtc->irqwork);
	KUNIT_ASSERT_FALSE(test, rtc->irq_data & RTC_AF);

	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_ASLEEP);
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);

	events = ws->event_count;
	f->reading += 20 * NSEC_PER_SEC;
	fake_notify_alarm(test, f, 2);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_GT(test, ws->event_count, events);
	KUNIT_EXPECT_FALSE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_TRUE(test, test_bit(2, viortc->alarms_pending));

	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_LIVE);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_FALSE(test, test_bit(2, viortc->alarms_pending));
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc->in_flight), 0);
#else
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
#endif
}

/*
 * PTP_SYS_OFFSET_PRECISE on Arm: the device pairs UTC with CNTVCT, the
 * timekeeping core turns the counter value into system time, and both
 * must name the same instant.
 */
static void viortc_test_arm_crosststamp(struct kunit *test)
{
#if IS_ENABLED(CONFIG_VIRTIO_RTC_ARM)
	struct system_device_crosststamp xts = {};
	struct system_time_snapshot snap;
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc;
	struct viortc_ptp *ptp;
	s64 diff;

	ktime_get_snapshot(&snap);
	if (snap.cs_id != CSID_ARM_ARCH_COUNTER)
		kunit_skip(test, "the clocksource is not the Arm arch counter");
	f->cross = true;
	viortc = fake_probe(f, true);
	ptp = viortc->clocks[0].ptp;
	KUNIT_ASSERT_NOT_NULL(test, ptp);
	KUNIT_ASSERT_NOT_NULL(test, ptp->info.getcrosststamp);
	KUNIT_ASSERT_EQ(test, ptp->info.getcrosststamp(&ptp->info, &xts), 0);
	diff = ktime_to_ns(ktime_sub(xts.device, xts.sys_realtime));
	kunit_info(test, "device - system realtime at the paired counter value: %lld ns\n",
		   diff);
	KUNIT_EXPECT_LT(test, abs(diff), 100 * NSEC_PER_USEC);
	KUNIT_EXPECT_LT(test, abs(ktime_to_ns(ktime_sub(xts.sys_realtime,
							ktime_get_real()))),
			NSEC_PER_SEC);

	/* Without device support there is no PRECISE, only EXTENDED. */
	virtio_fake_unregister(f->vf);
	f = fake_new(test, 0);
	viortc = fake_probe(f, true);
	KUNIT_EXPECT_NULL(test, viortc->clocks[0].ptp->info.getcrosststamp);
#else
	kunit_skip(test, "needs CONFIG_VIRTIO_RTC_ARM (an Arm Generic Timer)");
#endif
}

static struct kunit_case viortc_test_cases[] = {
	KUNIT_CASE(viortc_test_probe),
	KUNIT_CASE(viortc_test_no_alarm_feature),
	KUNIT_CASE(viortc_test_zero_clocks),
	KUNIT_CASE(viortc_test_bad_clocks),
	KUNIT_CASE(viortc_test_malformed_discovery),
	KUNIT_CASE(viortc_test_read),
	KUNIT_CASE(viortc_test_read_status),
	KUNIT_CASE(viortc_test_timeout_late_reply),
	KUNIT_CASE(viortc_test_out_of_order),
	KUNIT_CASE(viortc_test_remove_in_flight),
	KUNIT_CASE(viortc_test_parse_alarm),
	KUNIT_CASE(viortc_test_alarm_notification),
	KUNIT_CASE(viortc_test_rtc_time),
	KUNIT_CASE(viortc_test_freeze_restore),
	KUNIT_CASE(viortc_test_sleep_alarm),
	KUNIT_CASE(viortc_test_arm_crosststamp),
	{}
};

static struct kunit_suite viortc_test_suite = {
	.name = "virtio_rtc",
	.init = viortc_test_init,
	.exit = viortc_test_exit,
	.test_cases = viortc_test_cases,
};

kunit_test_suite(viortc_test_suite);
