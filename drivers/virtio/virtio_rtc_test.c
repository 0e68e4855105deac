// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of virtio_rtc against a fake virtio RTC device.
 *
 * The device side is scripted here. It checks every field of every request
 * the driver sends, answers from the notification hook (raising the
 * virtqueue callback in process context, in hardirq context on this or
 * another CPU, or from a timer), from a thread that polls the ring on
 * another CPU, or parks requests so the test decides when (and if) they
 * are answered. Built into the virtio_rtc module, so the tests reach the
 * driver's internal interfaces.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/pm_wakeup.h>
#include <linux/rtc.h>
#include <linux/sched.h>
#include <linux/suspend.h>
#include <linux/unaligned.h>
#include <linux/virtio_config.h>
#include <linux/virtio_fake.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>

#if IS_ENABLED(CONFIG_VIRTIO_RTC_ARM)
#include <clocksource/arm_arch_timer.h>
#endif
#if IS_ENABLED(CONFIG_VIRTIO_RTC_X86)
#include <asm/pvclock.h>
#include <asm/tsc.h>
#endif

/* struct ptp_clock, to do what the PHC ioctl path does around an op. */
#if IS_ENABLED(CONFIG_VIRTIO_RTC_PTP) && __has_include("../ptp/ptp_private.h")
#include "../ptp/ptp_private.h"
#define FAKE_PHC_USER	1
#endif

#include "virtio_rtc_internal.h"

#define FAKE_MAX_CLOCKS	4
#define FAKE_MAX_HELD	8
#define FAKE_READING	1700000000123456789ULL	/* 2023-11-14 22:13:20 UTC */
#define FAKE_CYCLES	0x123456789aULL
#define FAKE_JUNK	0xa5
#define FAKE_USED_ZERO	U32_MAX	/* used_len: report 0 bytes */

/**
 * enum fake_irq - how the fake device raises the virtqueue callback
 * @FAKE_IRQ_SYNC: from the notification hook, in the sender's context
 * @FAKE_IRQ_HARD: in hardirq context on this CPU (irq_work)
 * @FAKE_IRQ_OTHER_CPU: in hardirq context on another CPU, concurrently
 *	with the driver (this CPU when there is no other one)
 * @FAKE_IRQ_TIMER: from a hard hrtimer, a little later
 * @FAKE_IRQ_NONE: never: only a driver that polls the used ring sees replies
 */
enum fake_irq {
	FAKE_IRQ_SYNC,
	FAKE_IRQ_HARD,
	FAKE_IRQ_OTHER_CPU,
	FAKE_IRQ_TIMER,
	FAKE_IRQ_NONE,
};

/**
 * struct rtc_fake - the scripted device
 * @vf: the fake virtio device
 * @test: the test
 * @lock: protects @held, @num_held, @bad, @bad_msg, @alarm_time,
 *	@alarm_enabled and @requests
 * @num_clocks: CFG answer
 * @type: CLOCK_CAP types
 * @smearing: CLOCK_CAP smearing variants
 * @cap_flags: CLOCK_CAP flags
 * @reading: READ answer
 * @read_now: answer READ with ktime_get_real_ns() at the time of the answer
 * @read_at: if set, answer READ with the reading it points to (taken when
 *	the request was published, see struct publish_probe)
 * @status_type: request type to answer with @status (0: none)
 * @status: the status for @status_type
 * @used_len: used length for @status_type replies (0: the reply's size,
 *	FAKE_USED_ZERO: 0)
 * @junk_type: request type whose reply gets every reserved byte and every
 *	undefined flag bit set
 * @cross: the device pairs readings with the Arm virtual counter
 * @hold: park requests instead of answering them
 * @poll: a polling thread answers requests, the notification hook not
 * @irq: how the callback is raised, see &enum fake_irq
 * @alarm_on_kick: clock whose alarm is notified as soon as the alarmq is
 *	filled, or -1
 * @held: parked requests
 * @num_held: number of @held
 * @ready_at_first: DRIVER_OK was set when the first request arrived
 * @requests: number of requests seen
 * @alarm_time: the alarm times the driver set
 * @alarm_enabled: whether the alarms are enabled
 * @bad: number of malformed requests
 * @bad_msg: what the first one was
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
	bool read_now;
	const u64 *read_at;
	u16 status_type;
	u8 status;
	u32 used_len;
	u16 junk_type;
	bool cross;
	bool hold;
	bool poll;
	enum fake_irq irq;
	int alarm_on_kick;
	struct virtio_fake_req *held[FAKE_MAX_HELD];
	unsigned int num_held;
	bool ready_at_first;
	unsigned int requests;
	u64 alarm_time[FAKE_MAX_CLOCKS];
	bool alarm_enabled[FAKE_MAX_CLOCKS];
	unsigned int bad;
	char bad_msg[128];
};

/*
 * Every request type: its request and response sizes and where its fields
 * are in the request (0: the type has none). The byte field is hw_counter
 * in the cross requests, flags in the alarm setters; the reserved bytes run
 * from rsvd_off to the request's end.
 */
enum fake_byte { FB_NONE, FB_COUNTER, FB_FLAGS };

#define FAKE_REQ(name) sizeof(struct virtio_rtc_req_##name)
#define FAKE_RESP(name) sizeof(struct virtio_rtc_resp_##name)
#define FAKE_OFF(name, field) offsetof(struct virtio_rtc_req_##name, field)

static const struct fake_msg {
	u16 type;
	u16 req_len;
	u16 resp_len;
	u8 clock_off;
	u8 byte_off;
	u8 byte_kind;
	bool alarm;
	u8 rsvd_off;
} fake_msgs[] = {
	{ VIRTIO_RTC_REQ_READ, FAKE_REQ(read), FAKE_RESP(read),
	  FAKE_OFF(read, clock_id), 0, FB_NONE, false,
	  FAKE_OFF(read, reserved) },
	{ VIRTIO_RTC_REQ_READ_CROSS, FAKE_REQ(read_cross),
	  FAKE_RESP(read_cross), FAKE_OFF(read_cross, clock_id),
	  FAKE_OFF(read_cross, hw_counter), FB_COUNTER, false,
	  FAKE_OFF(read_cross, reserved) },
	{ VIRTIO_RTC_REQ_CFG, FAKE_REQ(cfg), FAKE_RESP(cfg), 0, 0, FB_NONE,
	  false, FAKE_REQ(cfg) },
	{ VIRTIO_RTC_REQ_CLOCK_CAP, FAKE_REQ(clock_cap), FAKE_RESP(clock_cap),
	  FAKE_OFF(clock_cap, clock_id), 0, FB_NONE, false,
	  FAKE_OFF(clock_cap, reserved) },
	{ VIRTIO_RTC_REQ_CROSS_CAP, FAKE_REQ(cross_cap), FAKE_RESP(cross_cap),
	  FAKE_OFF(cross_cap, clock_id), FAKE_OFF(cross_cap, hw_counter),
	  FB_COUNTER, false, FAKE_OFF(cross_cap, reserved) },
	{ VIRTIO_RTC_REQ_READ_ALARM, FAKE_REQ(read_alarm),
	  FAKE_RESP(read_alarm), FAKE_OFF(read_alarm, clock_id), 0, FB_NONE,
	  true, FAKE_OFF(read_alarm, reserved) },
	{ VIRTIO_RTC_REQ_SET_ALARM, FAKE_REQ(set_alarm), FAKE_RESP(set_alarm),
	  FAKE_OFF(set_alarm, clock_id), FAKE_OFF(set_alarm, flags),
	  FB_FLAGS, true, FAKE_OFF(set_alarm, reserved) },
	{ VIRTIO_RTC_REQ_SET_ALARM_ENABLED, FAKE_REQ(set_alarm_enabled),
	  FAKE_RESP(set_alarm_enabled), FAKE_OFF(set_alarm_enabled, clock_id),
	  FAKE_OFF(set_alarm_enabled, flags), FB_FLAGS, true,
	  FAKE_OFF(set_alarm_enabled, reserved) },
};

/* Record a request the specification does not allow. */
static __printf(2, 3) void fake_bad(struct rtc_fake *f, const char *fmt, ...)
{
	unsigned long flags;
	va_list args;

	spin_lock_irqsave(&f->lock, flags);
	if (!f->bad++) {
		va_start(args, fmt);
		vsnprintf(f->bad_msg, sizeof(f->bad_msg), fmt, args);
		va_end(args);
	}
	spin_unlock_irqrestore(&f->lock, flags);
}

static bool fake_zero(struct rtc_fake *f, u16 type, const u8 *p, size_t len)
{
	if (!memchr_inv(p, 0, len))
		return true;
	fake_bad(f, "request 0x%04x: reserved bytes set", type);
	return false;
}

static bool fake_clock_ok(struct rtc_fake *f, u16 type, u16 id)
{
	if (id < f->num_clocks)
		return true;
	fake_bad(f, "request 0x%04x: clock %u of %u", type, id, f->num_clocks);
	return false;
}

static bool fake_counter_ok(struct rtc_fake *f, u16 type, u8 hw_counter)
{
	if (hw_counter == VIRTIO_RTC_COUNTER_ARM_VCT ||
	    hw_counter == VIRTIO_RTC_COUNTER_X86_TSC)
		return true;
	fake_bad(f, "request 0x%04x: hw_counter %u", type, hw_counter);
	return false;
}

static bool fake_alarm_ok(struct rtc_fake *f, u16 type, u8 flags)
{
	bool ok = true;

	if (!virtio_has_feature(virtio_fake_vdev(f->vf), VIRTIO_RTC_F_ALARM)) {
		fake_bad(f, "request 0x%04x without VIRTIO_RTC_F_ALARM", type);
		ok = false;
	}
	if (flags & ~VIRTIO_RTC_FLAG_ALARM_ENABLED) {
		fake_bad(f, "request 0x%04x: flags 0x%x", type, flags);
		ok = false;
	}
	return ok;
}

/*
 * Copy the request in @req to @rq, reading no more than the driver sent,
 * and check every field. Return whether it is well formed.
 */
static bool fake_check(struct rtc_fake *f, const struct virtio_fake_req *req,
		       union virtio_rtc_req_requestq *rq)
{
	const struct fake_msg *m;
	const u8 *bytes = (const u8 *)rq;
	u16 type;
	bool ok;
	int i;

	memset(rq, 0, sizeof(*rq));
	memcpy(rq, req->out, min(req->out_len, sizeof(*rq)));
	if (req->out_len < sizeof(rq->cfg.head)) {
		fake_bad(f, "request of %zu bytes", req->out_len);
		return false;
	}
	type = le16_to_cpu(rq->cfg.head.msg_type);
	for (i = 0; i < ARRAY_SIZE(fake_msgs); i++)
		if (fake_msgs[i].type == type)
			break;
	if (i == ARRAY_SIZE(fake_msgs)) {
		fake_bad(f, "unknown request type 0x%04x", type);
		return false;
	}
	m = &fake_msgs[i];
	ok = req->out_len == m->req_len && req->in_cap == m->resp_len;
	if (!ok)
		fake_bad(f, "request 0x%04x: %zu bytes, %zu for the reply",
			 type, req->out_len, req->in_cap);
	ok &= fake_zero(f, type, rq->cfg.head.reserved,
			sizeof(rq->cfg.head.reserved));
	if (m->clock_off)
		ok &= fake_clock_ok(f, type,
				    get_unaligned_le16(bytes + m->clock_off));
	if (m->byte_kind == FB_COUNTER)
		ok &= fake_counter_ok(f, type, bytes[m->byte_off]);
	if (m->alarm)
		ok &= fake_alarm_ok(f, type, m->byte_kind == FB_FLAGS ?
				    bytes[m->byte_off] : 0);
	ok &= fake_zero(f, type, bytes + m->rsvd_off, m->req_len - m->rsvd_off);
	return ok;
}

#if VIORTC_HAVE_XTS
/* The counter the architecture's cross-timestamps pair with, read now. */
static u64 fake_read_counter(void)
{
#if IS_ENABLED(CONFIG_VIRTIO_RTC_ARM)
	return arch_timer_read_counter();
#else
	return rdtsc_ordered();
#endif
}

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
		c0 = fake_read_counter();
		t = ktime_get_real_ns();
		c1 = fake_read_counter();
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
#else
static void fake_pair_counter(struct virtio_rtc_resp_read_cross *rc)
{
}
#endif

/* Set every reserved byte and undefined flag bit of a reply. */
static void fake_junk(u16 type, union virtio_rtc_resp_requestq *resp)
{
	memset(resp->cfg.head.reserved, FAKE_JUNK,
	       sizeof(resp->cfg.head.reserved));
	switch (type) {
	case VIRTIO_RTC_REQ_CFG:
		memset(resp->cfg.reserved, FAKE_JUNK, sizeof(resp->cfg.reserved));
		break;
	case VIRTIO_RTC_REQ_CLOCK_CAP:
		resp->clock_cap.flags |= (u8)~VIRTIO_RTC_FLAG_ALARM_CAP;
		memset(resp->clock_cap.reserved, FAKE_JUNK,
		       sizeof(resp->clock_cap.reserved));
		break;
	case VIRTIO_RTC_REQ_CROSS_CAP:
		resp->cross_cap.flags |= (u8)~VIRTIO_RTC_FLAG_CROSS_CAP;
		memset(resp->cross_cap.reserved, FAKE_JUNK,
		       sizeof(resp->cross_cap.reserved));
		break;
	case VIRTIO_RTC_REQ_READ_ALARM:
		resp->read_alarm.flags |= (u8)~VIRTIO_RTC_FLAG_ALARM_ENABLED;
		memset(resp->read_alarm.reserved, FAKE_JUNK,
		       sizeof(resp->read_alarm.reserved));
		break;
	}
}

/* Build the reply to @rq in @resp, as a conforming device; return its length. */
static size_t fake_reply(struct rtc_fake *f,
			 const union virtio_rtc_req_requestq *rq, bool valid,
			 union virtio_rtc_resp_requestq *resp)
{
	u16 type = le16_to_cpu(rq->cfg.head.msg_type);
	bool error = type == f->status_type && f->status != VIRTIO_RTC_S_OK;
	unsigned long flags;
	size_t len;
	u16 id;

	memset(resp, 0, sizeof(*resp));
	if (!valid) {
		resp->cfg.head.status = VIRTIO_RTC_S_EINVAL;
		return sizeof(resp->cfg.head);
	}
	spin_lock_irqsave(&f->lock, flags);
	switch (type) {
	case VIRTIO_RTC_REQ_CFG:
		resp->cfg.num_clocks = cpu_to_le16(f->num_clocks);
		len = sizeof(resp->cfg);
		break;
	case VIRTIO_RTC_REQ_CLOCK_CAP:
		id = le16_to_cpu(rq->clock_cap.clock_id);
		resp->clock_cap.type = f->type[id];
		resp->clock_cap.leap_second_smearing = f->smearing[id];
		resp->clock_cap.flags = f->cap_flags[id];
		len = sizeof(resp->clock_cap);
		break;
	case VIRTIO_RTC_REQ_CROSS_CAP:
		if (f->cross)
			resp->cross_cap.flags = VIRTIO_RTC_FLAG_CROSS_CAP;
		len = sizeof(resp->cross_cap);
		break;
	case VIRTIO_RTC_REQ_READ_CROSS:
		if (f->cross) {
			/* A device that sees the guest's counter. */
			fake_pair_counter(&resp->read_cross);
		} else {
			resp->read_cross.clock_reading = cpu_to_le64(f->reading);
			resp->read_cross.counter_cycles = cpu_to_le64(FAKE_CYCLES);
		}
		len = sizeof(resp->read_cross);
		break;
	case VIRTIO_RTC_REQ_READ:
		resp->read.clock_reading =
			cpu_to_le64(f->read_at ? READ_ONCE(*f->read_at) :
				    f->read_now ? ktime_get_real_ns() :
				    f->reading);
		len = sizeof(resp->read);
		break;
	case VIRTIO_RTC_REQ_READ_ALARM:
		id = le16_to_cpu(rq->read_alarm.clock_id);
		resp->read_alarm.alarm_time = cpu_to_le64(f->alarm_time[id]);
		if (f->alarm_enabled[id])
			resp->read_alarm.flags = VIRTIO_RTC_FLAG_ALARM_ENABLED;
		len = sizeof(resp->read_alarm);
		break;
	case VIRTIO_RTC_REQ_SET_ALARM:
		id = le16_to_cpu(rq->set_alarm.clock_id);
		if (!error) {
			f->alarm_time[id] = le64_to_cpu(rq->set_alarm.alarm_time);
			f->alarm_enabled[id] = rq->set_alarm.flags &
					       VIRTIO_RTC_FLAG_ALARM_ENABLED;
		}
		len = sizeof(resp->set_alarm);
		break;
	case VIRTIO_RTC_REQ_SET_ALARM_ENABLED:
		id = le16_to_cpu(rq->set_alarm_enabled.clock_id);
		if (!error)
			f->alarm_enabled[id] = rq->set_alarm_enabled.flags &
					       VIRTIO_RTC_FLAG_ALARM_ENABLED;
		len = sizeof(resp->set_alarm_enabled);
		break;
	default:
		resp->cfg.head.status = VIRTIO_RTC_S_EOPNOTSUPP;
		len = sizeof(resp->cfg.head);
		break;
	}
	spin_unlock_irqrestore(&f->lock, flags);
	if (type == f->junk_type)
		fake_junk(type, resp);
	if (type == f->status_type) {
		resp->cfg.head.status = f->status;
		if (f->used_len)
			len = f->used_len == FAKE_USED_ZERO ? 0 : f->used_len;
	}
	return len;
}

static void fake_answer(struct rtc_fake *f, struct virtio_fake_req *req)
{
	union virtio_rtc_req_requestq rq;
	union virtio_rtc_resp_requestq resp;
	bool valid = fake_check(f, req, &rq);
	size_t len = fake_reply(f, &rq, valid, &resp);

	virtio_fake_complete(f->vf, req, &resp, min(len, sizeof(resp)), len);
}

static int fake_other_cpu(void)
{
	unsigned int cpu = cpumask_any_but(cpu_online_mask,
					   raw_smp_processor_id());

	return cpu < nr_cpu_ids ? cpu : -1;
}

/* Raise the callback of @queue the way the test asked. */
static void fake_irq(struct rtc_fake *f, unsigned int queue)
{
	int cpu;

	switch (READ_ONCE(f->irq)) {
	case FAKE_IRQ_SYNC:
		virtio_fake_interrupt(f->vf, queue);
		break;
	case FAKE_IRQ_HARD:
		virtio_fake_interrupt_async(f->vf, queue, -1);
		break;
	case FAKE_IRQ_OTHER_CPU:
		cpu = fake_other_cpu();
		if (cpu < 0 || !virtio_fake_interrupt_async(f->vf, queue, cpu))
			virtio_fake_interrupt_async(f->vf, queue, -1);
		break;
	case FAKE_IRQ_TIMER:
		virtio_fake_interrupt_after(f->vf, queue, 20 * NSEC_PER_USEC);
		break;
	case FAKE_IRQ_NONE:
		break;
	}
}

/* Complete one alarmq buffer with a notification for @clock. */
static bool fake_alarm_complete(struct rtc_fake *f, u16 clock, bool junk)
{
	struct virtio_rtc_notif_alarm n = {
		.head.msg_type = cpu_to_le16(VIRTIO_RTC_NOTIF_ALARM),
		.clock_id = cpu_to_le16(clock),
	};
	struct virtio_fake_req *req = virtio_fake_pop(f->vf, VIORTC_ALARMQ);

	if (!req)
		return false;
	if (req->out_len || req->in_cap < sizeof(n))
		fake_bad(f, "alarmq buffer: %zu bytes out, %zu in",
			 req->out_len, req->in_cap);
	if (junk) {
		memset(n.head.reserved, FAKE_JUNK, sizeof(n.head.reserved));
		memset(n.reserved, FAKE_JUNK, sizeof(n.reserved));
	}
	virtio_fake_complete(f->vf, req, &n, sizeof(n), sizeof(n));
	return true;
}

static void fake_kick(struct virtio_fake *vf, unsigned int queue, void *ctx)
{
	struct rtc_fake *f = ctx;
	struct virtio_fake_req *req;
	unsigned long flags;
	bool answered = false;

	if (queue == VIORTC_ALARMQ) {
		if (f->alarm_on_kick >= 0 &&
		    fake_alarm_complete(f, f->alarm_on_kick, false)) {
			f->alarm_on_kick = -1;
			fake_irq(f, queue);
		}
		return;
	}
	if (READ_ONCE(f->poll))
		return;
	while ((req = virtio_fake_pop(vf, queue))) {
		spin_lock_irqsave(&f->lock, flags);
		if (!f->requests++)
			f->ready_at_first = virtio_fake_status(vf) &
					    VIRTIO_CONFIG_S_DRIVER_OK;
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
		fake_irq(f, queue);
}

/* Answer (or, after a reset, drop) the parked requests. */
static void fake_release_held(struct rtc_fake *f)
{
	unsigned long flags;
	unsigned int i, n;
	struct virtio_fake_req *held[FAKE_MAX_HELD];

	spin_lock_irqsave(&f->lock, flags);
	f->hold = false;
	n = f->num_held;
	memcpy(held, f->held, sizeof(held));
	f->num_held = 0;
	spin_unlock_irqrestore(&f->lock, flags);
	for (i = 0; i < n; i++)
		fake_answer(f, held[i]);
	if (n)
		fake_irq(f, VIORTC_REQUESTQ);
}

static void fake_check_clean(void *data)
{
	struct rtc_fake *f = data;

	KUNIT_EXPECT_EQ_MSG(f->test, f->bad, 0,
			    "the driver sent malformed requests: %s",
			    f->bad_msg);
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
	f->alarm_on_kick = -1;
	f->vf = virtio_fake_create(test, VIRTIO_ID_CLOCK, features,
				   VIORTC_MAX_VQS, 16);
	KUNIT_ASSERT_NOT_NULL(test, f->vf);
	virtio_fake_on_kick(f->vf, fake_kick, f);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_check_clean,
							f), 0);
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

/* Send one alarm notification for @clock on the alarmq. */
static void fake_notify_alarm(struct kunit *test, struct rtc_fake *f, u16 clock)
{
	KUNIT_ASSERT_TRUE(test, fake_alarm_complete(f, clock, false));
	fake_irq(f, VIORTC_ALARMQ);
}

static unsigned int saved_timeout, saved_poll_us;

static int viortc_test_init(struct kunit *test)
{
	saved_timeout = viortc_timeout_ms;
	viortc_timeout_ms = 100;
	saved_poll_us = viortc_poll_us;
	return 0;
}

static void viortc_test_exit(struct kunit *test)
{
	viortc_timeout_ms = saved_timeout;
	viortc_poll_us = saved_poll_us;
#ifdef CONFIG_SUSPEND
	pm_suspend_target_state = PM_SUSPEND_ON;
#endif
#if defined(CONFIG_PM_SLEEP) && !defined(MODULE)
	/* The hard wakeup events of alarm notifications abort no suspend. */
	pm_wakeup_clear(0);
#endif
}

/* Pretend the system enters @state (PM_SUSPEND_ON: hibernation). */
static void __maybe_unused fake_target_state(struct kunit *test,
					     suspend_state_t state)
{
#ifdef CONFIG_SUSPEND
	pm_suspend_target_state = state;
#else
	if (state != PM_SUSPEND_ON)
		kunit_skip(test, "needs CONFIG_SUSPEND");
#endif
}

static void kunit_skip_one_cpu(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs 2 CPUs (arm64 KUnit runs with -smp 2)");
}

/* Elapsed time since @t0 in ms. */
static u64 ms_since(ktime_t t0)
{
	return ktime_ms_delta(ktime_get(), t0);
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
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
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
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
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

/*
 * Each discovery request failing (every error status, an unknown one, a
 * reply too short for what is read) makes probe fail cleanly: no
 * virtqueue, no message left, FAILED set. CROSS_CAP failing only costs
 * PTP_SYS_OFFSET_PRECISE.
 */
static void viortc_test_discovery_errors(struct kunit *test)
{
	static const u16 types[] = { VIRTIO_RTC_REQ_CFG,
				     VIRTIO_RTC_REQ_CLOCK_CAP,
				     VIRTIO_RTC_REQ_CROSS_CAP };
	static const struct {
		u8 status;
		u32 used_len;
	} cases[] = {
		{ VIRTIO_RTC_S_EOPNOTSUPP, 8 },
		{ VIRTIO_RTC_S_ENODEV, 8 },
		{ VIRTIO_RTC_S_EINVAL, 8 },
		{ VIRTIO_RTC_S_EIO, 8 },
		{ 1, 8 },
		{ 0xff, 16 },
		{ VIRTIO_RTC_S_OK, 12 },	/* short */
		{ VIRTIO_RTC_S_OK, 4 },
	};
	unsigned int i, j;

	for (j = 0; j < ARRAY_SIZE(types); j++) {
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
			bool bound;

			f->cross = VIORTC_HAVE_XTS;
			f->status_type = types[j];
			f->status = cases[i].status;
			f->used_len = cases[i].used_len;
			KUNIT_ASSERT_EQ(test, virtio_fake_register(f->vf), 0);
			bound = virtio_fake_bound(f->vf);
			if (types[j] == VIRTIO_RTC_REQ_CROSS_CAP) {
				KUNIT_EXPECT_TRUE_MSG(test, bound,
						      "type 0x%04x case %u", types[j], i);
				if (bound && IS_ENABLED(CONFIG_VIRTIO_RTC_PTP))
					KUNIT_EXPECT_NULL(test, fake_viortc(f)->clocks[0]
								.ptp->info.getcrosststamp);
			} else {
				KUNIT_EXPECT_FALSE_MSG(test, bound,
						       "type 0x%04x case %u bound", types[j], i);
				KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
						  VIRTIO_CONFIG_S_FAILED);
				KUNIT_EXPECT_EQ_MSG(test, virtio_fake_num_vqs(f->vf), 0,
						    "type 0x%04x case %u", types[j], i);
			}
			virtio_fake_unregister(f->vf);
			KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
		}
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

/*
 * The driver interprets neither reserved fields nor flag bits the spec
 * does not define (VIRTIO 1.4: the driver MUST NOT), in replies and in
 * alarm notifications: a future device may set them.
 */
static void viortc_test_reserved_ignored(struct kunit *test)
{
	struct virtio_rtc_notif_alarm n = {
		.head.msg_type = cpu_to_le16(VIRTIO_RTC_NOTIF_ALARM),
		.clock_id = cpu_to_le16(2),
	};
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc;
	bool enabled, supported;
	u64 ns, t;
	u16 id = 0;

	/* Future flag bits in CLOCK_CAP: only ALARM_CAP counts. */
	f->junk_type = VIRTIO_RTC_REQ_CLOCK_CAP;
	viortc = fake_probe(f, true);
	KUNIT_EXPECT_FALSE(test, viortc->clocks[0].alarm);
	KUNIT_EXPECT_TRUE(test, viortc->clocks[2].alarm);
	KUNIT_EXPECT_TRUE(test, viortc->clocks[0].valid);

	f->junk_type = VIRTIO_RTC_REQ_READ;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_EQ(test, ns, FAKE_READING);
	/* An error reply with junk after the status is that error. */
	f->status_type = VIRTIO_RTC_REQ_READ;
	f->status = VIRTIO_RTC_S_EIO;
	f->used_len = 8;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -EIO);
	f->status_type = 0;

	f->junk_type = VIRTIO_RTC_REQ_CFG;
	KUNIT_EXPECT_EQ(test, viortc_cfg(viortc, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 3);

	f->junk_type = VIRTIO_RTC_REQ_CROSS_CAP;
	KUNIT_EXPECT_EQ(test, viortc_cross_cap(viortc, 0, VIRTIO_RTC_COUNTER_ARM_VCT,
					       &supported), 0);
	KUNIT_EXPECT_FALSE(test, supported);

	f->junk_type = VIRTIO_RTC_REQ_READ_ALARM;
	f->alarm_time[2] = 5;
	KUNIT_EXPECT_EQ(test, viortc_read_alarm(viortc, 2, &t, &enabled), 0);
	KUNIT_EXPECT_FALSE(test, enabled);
	KUNIT_EXPECT_EQ(test, t, 5);
	f->alarm_enabled[2] = true;
	KUNIT_EXPECT_EQ(test, viortc_read_alarm(viortc, 2, &t, &enabled), 0);
	KUNIT_EXPECT_TRUE(test, enabled);

	f->junk_type = VIRTIO_RTC_REQ_SET_ALARM;
	KUNIT_EXPECT_EQ(test, viortc_set_alarm(viortc, 2, 9, false), 0);

	/* Alarm notifications with reserved bytes set count. */
	memset(n.head.reserved, FAKE_JUNK, sizeof(n.head.reserved));
	memset(n.reserved, FAKE_JUNK, sizeof(n.reserved));
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n), &id), 0);
	KUNIT_EXPECT_EQ(test, id, 2);
}

static void viortc_test_read(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	u64 ns = 0;

	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_EQ(test, ns, FAKE_READING);
}

/* Every status maps to its errno; only a reply too short to read fails. */
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
		{ VIRTIO_RTC_S_EIO, 1, -EIO },		/* the status is all we read */
		{ 1, 8, -EPROTO },
		{ 0xff, 8, -EPROTO },
		{ VIRTIO_RTC_S_OK, 8, -EPROTO },	/* OK, but short */
		{ VIRTIO_RTC_S_OK, 7, -EPROTO },
		{ VIRTIO_RTC_S_OK, 0, -EPROTO },	/* not even a status */
		{ VIRTIO_RTC_S_EIO, 0, -EPROTO },
		{ VIRTIO_RTC_S_OK, 24, -EPROTO },	/* longer than the buffer */
	};
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	unsigned int i;
	u64 ns;

	f->status_type = VIRTIO_RTC_REQ_READ;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f->status = cases[i].status;
		/* used_len 0 means "the natural size" to the fake device. */
		f->used_len = cases[i].used_len ?: FAKE_USED_ZERO;
		KUNIT_EXPECT_EQ_MSG(test, viortc_read(viortc, 0, &ns, NULL),
				    cases[i].err, "case %u", i);
	}
	f->status_type = 0;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
}

/* Send one request of @type through the driver's interface; check it. */
static int fake_request(struct kunit *test, struct rtc_fake *f,
			struct viortc_dev *viortc, u16 type)
{
	bool enabled = false, supported = true;
	u64 ns = 0, cycles = 0;
	u8 t, s, flags;
	u16 num = 0;
	int ret;

	switch (type) {
	case VIRTIO_RTC_REQ_READ:
		ret = viortc_read(viortc, 1, &ns, NULL);
		if (!ret)
			KUNIT_EXPECT_EQ(test, ns, FAKE_READING);
		return ret;
	case VIRTIO_RTC_REQ_READ_CROSS:
		ret = viortc_read_cross(viortc, 0, VIRTIO_RTC_COUNTER_ARM_VCT,
					&ns, &cycles);
		if (!ret) {
			KUNIT_EXPECT_EQ(test, ns, FAKE_READING);
			KUNIT_EXPECT_EQ(test, cycles, FAKE_CYCLES);
		}
		return ret;
	case VIRTIO_RTC_REQ_CFG:
		ret = viortc_cfg(viortc, &num);
		if (!ret)
			KUNIT_EXPECT_EQ(test, num, 3);
		return ret;
	case VIRTIO_RTC_REQ_CLOCK_CAP:
		ret = viortc_clock_cap(viortc, 2, &t, &s, &flags);
		if (!ret) {
			KUNIT_EXPECT_EQ(test, t, VIRTIO_RTC_CLOCK_UTC_SMEARED);
			KUNIT_EXPECT_EQ(test, s, VIRTIO_RTC_SMEAR_NOON_LINEAR);
			KUNIT_EXPECT_EQ(test, flags, VIRTIO_RTC_FLAG_ALARM_CAP);
		}
		return ret;
	case VIRTIO_RTC_REQ_CROSS_CAP:
		ret = viortc_cross_cap(viortc, 1, VIRTIO_RTC_COUNTER_X86_TSC,
				       &supported);
		if (!ret)
			KUNIT_EXPECT_FALSE(test, supported);
		return ret;
	case VIRTIO_RTC_REQ_READ_ALARM:
		f->alarm_time[2] = 777;
		f->alarm_enabled[2] = true;
		ret = viortc_read_alarm(viortc, 2, &ns, &enabled);
		if (!ret) {
			KUNIT_EXPECT_EQ(test, ns, 777);
			KUNIT_EXPECT_TRUE(test, enabled);
		}
		return ret;
	case VIRTIO_RTC_REQ_SET_ALARM:
		f->alarm_time[2] = 0;
		f->alarm_enabled[2] = false;
		ret = viortc_set_alarm(viortc, 2, 888, true);
		KUNIT_EXPECT_EQ(test, f->alarm_time[2], ret ? 0 : 888);
		KUNIT_EXPECT_EQ(test, f->alarm_enabled[2], !ret);
		return ret;
	case VIRTIO_RTC_REQ_SET_ALARM_ENABLED:
		f->alarm_enabled[2] = true;
		ret = viortc_set_alarm_enabled(viortc, 2, false);
		KUNIT_EXPECT_EQ(test, f->alarm_enabled[2], !!ret);
		return ret;
	}
	return -EINVAL;
}

/* Every request type, answered successfully and with every error status. */
static void viortc_test_every_request(struct kunit *test)
{
	static const struct {
		u8 status;
		int err;
	} cases[] = {
		{ VIRTIO_RTC_S_OK, 0 },
		{ VIRTIO_RTC_S_EOPNOTSUPP, -EOPNOTSUPP },
		{ VIRTIO_RTC_S_ENODEV, -ENODEV },
		{ VIRTIO_RTC_S_EINVAL, -EINVAL },
		{ VIRTIO_RTC_S_EIO, -EIO },
		{ 1, -EPROTO },
		{ 0x80, -EPROTO },
	};
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	unsigned int i, j;

	for (j = 0; j < ARRAY_SIZE(fake_msgs); j++) {
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			f->status_type = fake_msgs[j].type;
			f->status = cases[i].status;
			/* Error replies carry the header only, as real devices. */
			f->used_len = 0;
			if (cases[i].status)
				f->used_len = 8;
			KUNIT_EXPECT_EQ_MSG(test,
					    fake_request(test, f, viortc, fake_msgs[j].type),
					    cases[i].err, "request 0x%04x, status %u",
					    fake_msgs[j].type, cases[i].status);
		}
	}
	f->status_type = 0;
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
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

	f->reading = 42;
	fake_release_held(f);
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

	viortc_timeout_ms = 5000;
	f->hold = true;
	read_job_start(test, &job, viortc, 0);
	wait_held(test, f, 1);
	virtio_fake_unregister(f->vf);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&job.done, HZ));
	KUNIT_EXPECT_EQ(test, job.ret, -ENODEV);
	/* The device answering after removal changes nothing. */
	fake_release_held(f);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

#ifdef FAKE_PHC_USER
/*
 * A PHC user: what the PTP ioctl and clock_gettime() paths do around an
 * operation (posix-clock.c): hold the clock's rwsem for reading, give up
 * once the clock is a zombie. Holds a reference on the clock's device so
 * that it may run past the removal of the driver.
 */
struct phc_user {
	struct ptp_clock *clock;
	bool loop;
	bool stop;
	int ret;
	unsigned int reads;
	struct completion done;
};

static int phc_user_fn(void *data)
{
	struct phc_user *u = data;
	struct posix_clock *pc = &u->clock->clock;
	struct ptp_system_timestamp sts = { .clockid = CLOCK_REALTIME };
	struct timespec64 ts;

	do {
		down_read(&pc->rwsem);
		if (pc->zombie) {
			up_read(&pc->rwsem);
			break;
		}
		u->ret = u->clock->info->gettimex64(u->clock->info, &ts, &sts);
		up_read(&pc->rwsem);
		u->reads++;
		if (u->ret && u->ret != -ENODEV && u->ret != -EBUSY)
			break;
		cond_resched();
	} while (u->loop && !READ_ONCE(u->stop));
	put_device(&u->clock->dev);
	complete(&u->done);
	return 0;
}

static void phc_user_start(struct kunit *test, struct phc_user *u,
			   struct viortc_ptp *ptp, bool loop, int cpu)
{
	struct task_struct *t;

	memset(u, 0, sizeof(*u));
	u->clock = ptp->clock;
	u->loop = loop;
	init_completion(&u->done);
	get_device(&u->clock->dev);
	t = kthread_create(phc_user_fn, u, "viortc-phc");
	if (IS_ERR(t))
		put_device(&u->clock->dev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	if (cpu >= 0)
		kthread_bind(t, cpu);
	wake_up_process(t);
}
#endif

/*
 * Remove with a PHC operation blocked on a silent device: the request
 * fails at once, so unregistering the PHC does not wait for the timeout.
 */
static void viortc_test_remove_blocked_phc(struct kunit *test)
{
#ifdef FAKE_PHC_USER
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	struct phc_user u;
	ktime_t t0;
	u64 ms;

	viortc_timeout_ms = 3000;
	f->hold = true;
	phc_user_start(test, &u, viortc->clocks[0].ptp, false, -1);
	wait_held(test, f, 1);
	t0 = ktime_get();
	virtio_fake_unregister(f->vf);
	ms = ms_since(t0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&u.done, 5 * HZ));
	KUNIT_EXPECT_LT_MSG(test, ms, 1000, "remove took %llu ms", ms);
	KUNIT_EXPECT_EQ(test, u.ret, -ENODEV);
	fake_release_held(f);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
#else
	kunit_skip(test, "needs CONFIG_VIRTIO_RTC_PTP and drivers/ptp/ptp_private.h");
#endif
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
	n.head.msg_type = cpu_to_le16(VIRTIO_RTC_REQ_READ);
	KUNIT_EXPECT_EQ(test, viortc_parse_alarm(&n, sizeof(n), &id), -EPROTO);
}

/* Arm the RTC's alarm 10 s after the device's time. */
static struct rtc_device *fake_rtc_armed(struct kunit *test, struct rtc_fake *f,
					 struct viortc_dev *viortc)
{
	struct rtc_wkalrm alrm = { .enabled = 1 };
	struct rtc_device *rtc;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_CLASS is off");
	KUNIT_ASSERT_NOT_NULL(test, viortc->class);
	rtc = viortc->class->rtc;
	rtc_time64_to_tm(div_u64(f->reading, NSEC_PER_SEC) + 10, &alrm.time);
	KUNIT_ASSERT_EQ(test, rtc_set_alarm(rtc, &alrm), 0);
	flush_work(&rtc->irqwork);
	KUNIT_ASSERT_FALSE(test, rtc->irq_data & RTC_AF);
	KUNIT_ASSERT_TRUE(test, f->alarm_enabled[2]);
	return rtc;
}

static void viortc_test_alarm_notification(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct rtc_device *rtc = fake_rtc_armed(test, f, viortc);
	unsigned int kicks;

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
	fake_notify_alarm(test, f, 200);
}

/*
 * An alarm notified while probe still discovers the clocks (the alarmq is
 * live first) reaches the RTC once it exists, in process or hardirq
 * context.
 */
static void viortc_test_alarm_during_probe(struct kunit *test)
{
	static const enum fake_irq modes[] = { FAKE_IRQ_SYNC, FAKE_IRQ_HARD };
	struct wakeup_source *ws __maybe_unused;
	struct rtc_device *rtc;
	unsigned int i;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_CLASS is off");
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
		struct viortc_dev *viortc;

		f->irq = modes[i];
		f->alarm_on_kick = 2;
		viortc = fake_probe(f, true);
		KUNIT_EXPECT_EQ(test, f->alarm_on_kick, -1);
		rtc = viortc->class->rtc;
		/* A hardirq callback may come after probe: wait for it. */
		virtio_synchronize_cbs(virtio_fake_vdev(f->vf));
		flush_work(&rtc->irqwork);
#ifdef CONFIG_PM_SLEEP
		ws = virtio_fake_vdev(f->vf)->dev.power.wakeup;
		KUNIT_ASSERT_NOT_NULL(test, ws);
		/* rtc_update_irq() reported the event on the device. */
		KUNIT_EXPECT_GT_MSG(test, ws->event_count, 0, "mode %u", i);
#endif
		KUNIT_EXPECT_FALSE(test, test_bit(2, viortc->alarms_pending));
		virtio_fake_unregister(f->vf);
	}
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
 * An alarm time past 2262 (s64 nanoseconds) but within the RTC's range
 * reaches the device exactly. The RTC core clamps its timer queue to
 * KTIME_MAX, so call the driver's operation as the core would.
 */
static void viortc_test_alarm_year_2400(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct rtc_wkalrm alrm = { .enabled = 1 };
	struct rtc_time tm = { .tm_year = 2400 - 1900, .tm_mday = 1 };
	struct rtc_device *rtc;
	time64_t secs;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_CLASS is off");
	rtc = viortc->class->rtc;
	secs = rtc_tm_to_time64(&tm);
	KUNIT_ASSERT_GT(test, (u64)secs, div_u64(S64_MAX, NSEC_PER_SEC));
	KUNIT_ASSERT_LE(test, secs, rtc->range_max);
	alrm.time = tm;
	KUNIT_ASSERT_EQ(test, rtc->ops->set_alarm(rtc->dev.parent, &alrm), 0);
	KUNIT_EXPECT_EQ(test, f->alarm_time[2], (u64)secs * NSEC_PER_SEC);
	KUNIT_EXPECT_TRUE(test, f->alarm_enabled[2]);
}

/* timeout_ms only takes values that let a device answer. */
/* The module parameter whose value lives at @arg, or NULL. */
static const struct kernel_param *param_of(const void *arg)
{
	const struct kernel_param *kp, *end;

#ifdef MODULE
	kp = THIS_MODULE->kp;
	end = kp + THIS_MODULE->num_kp;
#else
	kp = __start___param;
	end = __stop___param;
#endif
	for (; kp < end; kp++)
		if (kp->arg == arg)
			return kp;
	return NULL;
}

/* Set @kp to @val as a write to its sysfs file does. */
static int param_set(const struct kernel_param *kp, const char *val)
{
	int ret;

	kernel_param_lock(kp->mod);
	ret = kp->ops->set(val, kp);
	kernel_param_unlock(kp->mod);
	return ret;
}

static void viortc_test_timeout_param(struct kunit *test)
{
	static const char * const bad[] = { "0", "600001", "-1", "4294967296",
					    "ten" };
	const struct kernel_param *kp = param_of(&viortc_timeout_ms);
	unsigned int i, old;

	KUNIT_ASSERT_NOT_NULL_MSG(test, kp, "no timeout_ms parameter");
	old = viortc_timeout_ms;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_LT_MSG(test, param_set(kp, bad[i]), 0,
				    "timeout_ms=%s", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, viortc_timeout_ms, old,
				    "timeout_ms=%s", bad[i]);
		viortc_timeout_ms = old;
	}
	KUNIT_EXPECT_EQ(test, param_set(kp, "250"), 0);
	KUNIT_EXPECT_EQ(test, viortc_timeout_ms, 250);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Freeze for hibernation (or an alarm that cannot wake the system) fails
 * the requests the device holds and resets it; restore readies the
 * device before the first request and fills the alarmq again.
 */
static void viortc_test_freeze_restore(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct virtio_fake_req *req;
	struct read_job job;
	ktime_t t0;
	u64 ns;

	viortc_timeout_ms = 5000;
	f->hold = true;
	read_job_start(test, &job, viortc, 0);
	wait_held(test, f, 1);
	t0 = ktime_get();
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&job.done, HZ));
	KUNIT_EXPECT_LT(test, ms_since(t0), 400);
	KUNIT_EXPECT_EQ(test, job.ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_DOWN);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -ENODEV);
	fake_release_held(f);

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
}

/* Probe, arm the RTC alarm, and make the RTC a wakeup source. */
static struct rtc_device *fake_wake_setup(struct kunit *test, struct rtc_fake **fp,
					  struct viortc_dev **viortcp)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct rtc_device *rtc = fake_rtc_armed(test, f, viortc);

	KUNIT_ASSERT_TRUE(test, device_may_wakeup(&vdev->dev));
	KUNIT_ASSERT_NOT_NULL(test, vdev->dev.power.wakeup);
	*fp = f;
	*viortcp = viortc;
	return rtc;
}

/*
 * Suspend-to-idle with the alarm armed: the device runs on, requests
 * fail at once (virtio-pci disables the device after freeze: it could not
 * answer), an alarm notified meanwhile is a wakeup event and reaches the
 * RTC core only after restore, when the time can be read.
 */
static void viortc_test_sleep_alarm(struct kunit *test)
{
	struct virtio_device *vdev;
	struct rtc_device *rtc;
	struct rtc_fake *f;
	struct viortc_dev *viortc;
	struct wakeup_source *ws;
	unsigned int requests, kicks;
	unsigned long events;
	ktime_t t0;
	u64 ns;

	rtc = fake_wake_setup(test, &f, &viortc);
	vdev = virtio_fake_vdev(f->vf);
	ws = vdev->dev.power.wakeup;
	fake_target_state(test, PM_SUSPEND_TO_IDLE);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_ASLEEP);
	KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) & VIRTIO_CONFIG_S_DRIVER_OK);

	requests = f->requests;
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -EBUSY);
	KUNIT_EXPECT_LT(test, ms_since(t0), 50);
	KUNIT_EXPECT_EQ(test, f->requests, requests);

	events = ws->event_count;
	kicks = virtio_fake_kicks(f->vf, VIORTC_ALARMQ);
	f->reading += 20 * NSEC_PER_SEC;
	fake_notify_alarm(test, f, 2);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_GT(test, ws->event_count, events);
	KUNIT_EXPECT_TRUE(test, pm_wakeup_pending());
	KUNIT_EXPECT_FALSE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_TRUE(test, test_bit(2, viortc->alarms_pending));
	/* Restore resets the device: the buffer is not given back. */
	KUNIT_EXPECT_EQ(test, virtio_fake_kicks(f->vf, VIORTC_ALARMQ), kicks);

	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_LIVE);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_FALSE(test, test_bit(2, viortc->alarms_pending));
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc->in_flight), 0);
}

/*
 * Hibernation (and suspend-to-RAM) freeze with a wake-capable, armed
 * alarm: full stop, as for any freeze. So is suspend-to-idle without an
 * armed alarm.
 */
static void viortc_test_hibernate_stops(struct kunit *test)
{
	struct virtio_device *vdev;
	struct rtc_device *rtc;
	struct rtc_fake *f;
	struct viortc_dev *viortc;
	ktime_t t0;

	rtc = fake_wake_setup(test, &f, &viortc);
	vdev = virtio_fake_vdev(f->vf);

	fake_target_state(test, PM_SUSPEND_ON);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_DOWN);
	KUNIT_EXPECT_FALSE(test, virtio_fake_status(f->vf) & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);

	fake_target_state(test, PM_SUSPEND_MEM);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_DOWN);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);

	fake_target_state(test, PM_SUSPEND_TO_IDLE);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_ASLEEP);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);

	KUNIT_ASSERT_EQ(test, rtc_alarm_irq_enable(rtc, 0), 0);
	KUNIT_ASSERT_FALSE(test, f->alarm_enabled[2]);
	t0 = ktime_get();
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_DOWN);
	KUNIT_EXPECT_LT(test, ms_since(t0), 400);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_LIVE);
}

/*
 * A request whose sender gave up (timeout) and that the device never
 * answers does not hold back a suspend-to-idle freeze.
 */
static void viortc_test_abandoned_request_freeze(struct kunit *test)
{
	struct virtio_device *vdev;
	struct rtc_fake *f;
	struct viortc_dev *viortc;
	ktime_t t0;
	u64 ns;

	fake_wake_setup(test, &f, &viortc);
	vdev = virtio_fake_vdev(f->vf);
	f->hold = true;
	KUNIT_ASSERT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -ETIMEDOUT);
	fake_target_state(test, PM_SUSPEND_TO_IDLE);
	t0 = ktime_get();
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_EXPECT_LT(test, ms_since(t0), 400);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_ASLEEP);
	/* The device answers it while the system sleeps: freed. */
	fake_release_held(f);
	virtio_synchronize_cbs(vdev);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
}

/*
 * An alarm notified while the system is on its way to sleep, before the
 * driver's freeze, must abort the suspend: a hard wakeup event.
 */
static void viortc_test_wake_before_freeze(struct kunit *test)
{
#ifdef MODULE
	kunit_skip(test, "pm_wakeup_clear() is not exported");
#else
	struct rtc_device *rtc;
	struct rtc_fake *f;
	struct viortc_dev *viortc;

	rtc = fake_wake_setup(test, &f, &viortc);
	pm_wakeup_clear(0);
	KUNIT_ASSERT_FALSE(test, pm_wakeup_pending());
	f->reading += 20 * NSEC_PER_SEC;
	fake_notify_alarm(test, f, 2);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_TRUE(test, pm_wakeup_pending());
	pm_wakeup_clear(0);
#endif
}

/*
 * The RTC core's alarm work keeps the device's wakeup source active until
 * it reads the time. When that read fails, because a freeze stops the
 * device under it (@failed_early false) or because the device answered
 * EIO long before the freeze (true), the freeze must relax the source (no
 * later suspend could begin otherwise) and keep the alarm for restore.
 */
static void irqwork_then_freeze(struct kunit *test, bool failed_early)
{
	struct virtio_device *vdev;
	struct rtc_device *rtc;
	struct rtc_fake *f;
	struct viortc_dev *viortc;
	struct wakeup_source *ws;

	rtc = fake_wake_setup(test, &f, &viortc);
	vdev = virtio_fake_vdev(f->vf);
	ws = vdev->dev.power.wakeup;
	viortc_timeout_ms = 5000;
	f->reading += 20 * NSEC_PER_SEC;
	if (failed_early) {
		f->status_type = VIRTIO_RTC_REQ_READ;
		f->status = VIRTIO_RTC_S_EIO;
	} else {
		f->hold = true;
	}
	fake_notify_alarm(test, f, 2);
	if (failed_early) {
		flush_work(&rtc->irqwork);
		f->status_type = 0;
	} else {
		/* The work reads the time: the device sits on the request. */
		wait_held(test, f, 1);
	}
	KUNIT_EXPECT_TRUE(test, ws->active);
	fake_target_state(test, PM_SUSPEND_ON);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_FALSE(test, ws->active);
	KUNIT_EXPECT_FALSE(test, rtc->irq_data & RTC_AF);
	fake_release_held(f);

	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_FALSE(test, ws->active);
}

static void viortc_test_irqwork_freeze(struct kunit *test)
{
	irqwork_then_freeze(test, false);
}

static void viortc_test_irqwork_failed_freeze(struct kunit *test)
{
	irqwork_then_freeze(test, true);
}

/*
 * An alarm notification the device put in the used ring just before a
 * freeze reset it is delivered after restore, not dropped.
 */
static void viortc_test_used_alarm_at_reset(struct kunit *test)
{
	struct virtio_device *vdev;
	struct rtc_device *rtc;
	struct rtc_fake *f;
	struct viortc_dev *viortc;

	rtc = fake_wake_setup(test, &f, &viortc);
	vdev = virtio_fake_vdev(f->vf);
	f->reading += 20 * NSEC_PER_SEC;
	/* Used, but the interrupt has not been taken yet. */
	KUNIT_ASSERT_TRUE(test, fake_alarm_complete(f, 2, true));
	fake_target_state(test, PM_SUSPEND_ON);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	KUNIT_EXPECT_FALSE(test, test_bit(2, viortc->alarms_pending));
}

/*
 * The transport's reset does not wait for callbacks already raised: one
 * may run right after the virtio core reset the device for restore. It
 * must neither give buffers back to nor notify the reset device, and its
 * notification must still arrive.
 */
static struct virtio_config_ops reset_then_cb_ops;
static const struct virtio_config_ops *reset_then_cb_orig;
static struct rtc_fake *reset_then_cb_fake;

static void reset_then_cb(struct virtio_device *vdev)
{
	struct rtc_fake *f = READ_ONCE(reset_then_cb_fake);

	reset_then_cb_orig->reset(vdev);
	if (f) {
		WRITE_ONCE(reset_then_cb_fake, NULL);
		virtio_fake_interrupt(f->vf, VIORTC_ALARMQ);
	}
}

static void viortc_test_restore_late_callback(struct kunit *test)
{
	struct virtio_device *vdev;
	struct rtc_device *rtc;
	struct rtc_fake *f;
	struct viortc_dev *viortc;

	rtc = fake_wake_setup(test, &f, &viortc);
	vdev = virtio_fake_vdev(f->vf);
	fake_target_state(test, PM_SUSPEND_TO_IDLE);
	KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
	KUNIT_ASSERT_EQ(test, viortc->state, VIORTC_ASLEEP);
	f->reading += 20 * NSEC_PER_SEC;
	KUNIT_ASSERT_TRUE(test, fake_alarm_complete(f, 2, false));

	reset_then_cb_orig = vdev->config;
	reset_then_cb_ops = *vdev->config;
	reset_then_cb_ops.reset = reset_then_cb;
	vdev->config = &reset_then_cb_ops;
	WRITE_ONCE(reset_then_cb_fake, f);
	KUNIT_EXPECT_EQ(test, virtio_device_restore(vdev), 0);
	vdev->config = reset_then_cb_orig;
	KUNIT_EXPECT_NULL(test, READ_ONCE(reset_then_cb_fake));
	WRITE_ONCE(reset_then_cb_fake, NULL);
	flush_work(&rtc->irqwork);
	KUNIT_EXPECT_TRUE(test, rtc->irq_data & RTC_AF);
	/* The fake device's cleanup reports buffers added after a reset. */
}

/*
 * Restore failing at each step (no virtqueues, the alarmq notification
 * failing) leaves no virtqueue and a reset device; a later restore or
 * unbind works.
 */
static void viortc_test_restore_errors(struct kunit *test)
{
	static const enum virtio_fake_fault faults[] = {
		VIRTIO_FAKE_FAIL_FIND_VQS, VIRTIO_FAKE_FAIL_NOTIFY,
	};
	unsigned int i;
	u64 ns;

	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
		struct viortc_dev *viortc = fake_probe(f, true);
		struct virtio_device *vdev = virtio_fake_vdev(f->vf);

		KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
		virtio_fake_fail(f->vf, faults[i], 1);
		KUNIT_EXPECT_NE(test, virtio_device_restore(vdev), 0);
		KUNIT_EXPECT_EQ_MSG(test, virtio_fake_num_vqs(f->vf), 0,
				    "fault %u", faults[i]);
		KUNIT_EXPECT_FALSE(test, virtio_fake_status(f->vf) &
				   VIRTIO_CONFIG_S_DRIVER_OK);
		KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -ENODEV);
		/* Once the fault is gone, restore works again. */
		KUNIT_EXPECT_EQ(test, virtio_device_restore(vdev), 0);
		KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), 0);
		/* Fail again, and unbind the failed device. */
		KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
		virtio_fake_fail(f->vf, faults[i], 1);
		KUNIT_EXPECT_NE(test, virtio_device_restore(vdev), 0);
		virtio_fake_unregister(f->vf);
		KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}
#else
static void viortc_test_needs_pm_sleep(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_PM_SLEEP");
}

#define viortc_test_freeze_restore		viortc_test_needs_pm_sleep
#define viortc_test_sleep_alarm			viortc_test_needs_pm_sleep
#define viortc_test_hibernate_stops		viortc_test_needs_pm_sleep
#define viortc_test_abandoned_request_freeze	viortc_test_needs_pm_sleep
#define viortc_test_wake_before_freeze		viortc_test_needs_pm_sleep
#define viortc_test_irqwork_freeze		viortc_test_needs_pm_sleep
#define viortc_test_irqwork_failed_freeze	viortc_test_needs_pm_sleep
#define viortc_test_used_alarm_at_reset		viortc_test_needs_pm_sleep
#define viortc_test_restore_late_callback	viortc_test_needs_pm_sleep
#define viortc_test_restore_errors		viortc_test_needs_pm_sleep
#endif

/*
 * Probe failing at each transport step (no virtqueues; each notification,
 * the alarmq's and each request's) fails cleanly and at once, or binds
 * when the fault comes after probe; unbind leaves nothing behind.
 */
static void viortc_test_probe_faults(struct kunit *test)
{
	unsigned int nth, bound = 0;
	ktime_t t0;

	for (nth = 0; nth <= 8; nth++) {
		struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));

		viortc_timeout_ms = 2000;
		if (!nth)
			virtio_fake_fail(f->vf, VIRTIO_FAKE_FAIL_FIND_VQS, 1);
		else
			virtio_fake_fail(f->vf, VIRTIO_FAKE_FAIL_NOTIFY, nth);
		t0 = ktime_get();
		KUNIT_ASSERT_EQ(test, virtio_fake_register(f->vf), 0);
		KUNIT_EXPECT_LT_MSG(test, ms_since(t0), 1000, "notify %u", nth);
		if (virtio_fake_bound(f->vf)) {
			bound++;
		} else {
			KUNIT_EXPECT_EQ_MSG(test, virtio_fake_num_vqs(f->vf), 0,
					    "notify %u", nth);
			KUNIT_EXPECT_TRUE(test, virtio_fake_status(f->vf) &
					  VIRTIO_CONFIG_S_FAILED);
		}
		virtio_fake_unregister(f->vf);
		KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
	}
	/* Probe sends 1 + 1 + 3 (+ CROSS_CAPs) notifications. */
	KUNIT_EXPECT_GE(test, bound, 1);
	KUNIT_EXPECT_LE(test, bound, 4);
}

/*
 * A device that polls the requestq from another CPU and reads its clock
 * the moment a request becomes visible in the avail ring, before it even
 * takes the request, then answers with that reading; with @no_irq it
 * never raises the callback.
 */
struct fake_poller {
	struct rtc_fake *f;
	const struct vring *vring;
	struct task_struct *task;
	struct completion polling;
	unsigned int answered;
	bool no_irq;
};

static int fake_poller_fn(void *data)
{
	struct fake_poller *p = data;
	struct rtc_fake *f = p->f;
	union virtio_rtc_req_requestq rq;
	union virtio_rtc_resp_requestq resp;
	struct virtio_fake_req *req;
	u16 idx, seen = READ_ONCE(p->vring->avail->idx);
	u64 now;
	bool valid;

	complete(&p->polling);
	while (!kthread_should_stop()) {
		idx = READ_ONCE(p->vring->avail->idx);
		if (idx == seen) {
			cpu_relax();
			if (need_resched())
				cond_resched();
			continue;
		}
		seen = idx;
		while ((req = virtio_fake_pop(f->vf, VIORTC_REQUESTQ))) {
			/*
			 * Read the clock for each request once it is popped:
			 * the sender, polling the used ring, may publish its
			 * next request while this loop still runs.
			 */
			now = ktime_get_real_ns();
			valid = fake_check(f, req, &rq);
			fake_reply(f, &rq, valid, &resp);
			resp.read.clock_reading = cpu_to_le64(now);
			virtio_fake_complete(f->vf, req, &resp, sizeof(resp.read),
					     sizeof(resp.read));
			p->answered++;
		}
		if (!p->no_irq)
			virtio_fake_interrupt_async(f->vf, VIORTC_REQUESTQ, -1);
	}
	return 0;
}

/*
 * PTP_SYS_OFFSET_EXTENDED: the system time stamps must bracket the
 * device's reading, even when the device reads as soon as the request is
 * visible and answers from another CPU.
 */
static void viortc_test_ptp_bracket(struct kunit *test)
{
	struct rtc_fake *f;
	struct viortc_dev *viortc;
	struct viortc_ptp *ptp;
	struct fake_poller p = {};
	unsigned int n, early = 0, late = 0, errors = 0;
	s64 worst_early = 0, worst_late = 0;
	int this_cpu, cpu;
	ktime_t t0;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_PTP))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_PTP is off");
	kunit_skip_one_cpu(test);
	f = fake_new(test, 0);
	viortc = fake_probe(f, true);
	ptp = viortc->clocks[0].ptp;
	KUNIT_ASSERT_NOT_NULL(test, ptp);

	this_cpu = get_cpu();
	put_cpu();
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(this_cpu)), 0);
	cpu = cpumask_any_but(cpu_online_mask, this_cpu);
	WRITE_ONCE(f->poll, true);
	p.f = f;
	p.vring = virtqueue_get_vring(viortc->requestq);
	init_completion(&p.polling);
	p.task = kthread_create(fake_poller_fn, &p, "viortc-poll");
	KUNIT_ASSERT_FALSE(test, IS_ERR(p.task));
	kthread_bind(p.task, cpu);
	wake_up_process(p.task);
	wait_for_completion(&p.polling);

	t0 = ktime_get();
	for (n = 0; n < 5000 && ms_since(t0) < 1500; n++) {
		struct ptp_system_timestamp sts = { .clockid = CLOCK_REALTIME };
		struct timespec64 ts;
		s64 pre, post, dev;

		if (ptp->info.gettimex64(&ptp->info, &ts, &sts)) {
			errors++;
			continue;
		}
		pre = timespec64_to_ns(&sts.pre_ts);
		post = timespec64_to_ns(&sts.post_ts);
		dev = timespec64_to_ns(&ts);
		if (dev < pre) {
			early++;
			worst_early = max(worst_early, pre - dev);
		}
		if (dev > post) {
			late++;
			worst_late = max(worst_late, dev - post);
		}
	}
	kthread_stop(p.task);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	kunit_info(test, "%u reads, %u answered by the poller\n", n, p.answered);
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_GE(test, n, 100);
	KUNIT_EXPECT_EQ_MSG(test, early, 0,
			    "device read before the pre stamp %u times (worst %lld ns)",
			    early, worst_early);
	KUNIT_EXPECT_EQ_MSG(test, late, 0,
			    "device read after the post stamp %u times (worst %lld ns)",
			    late, worst_late);
}

/*
 * Clock reads poll the used ring before they wait for the interrupt: a
 * device that answers at once but never interrupts is read within the
 * poll budget; with poll_us=0, or for any other request, the same device
 * leaves the sender to its timeout.
 */
static void viortc_test_read_polled(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct ptp_system_timestamp sts = { .clockid = CLOCK_MONOTONIC };
	u64 ns = 0, cycles, alarm;
	bool enabled;
	unsigned int i;
	ktime_t t0;

	WRITE_ONCE(f->irq, FAKE_IRQ_NONE);
	viortc_poll_us = VIORTC_POLL_MAX_US;
	t0 = ktime_get();
	for (i = 0; i < 100; i++) {
		ns = 0;
		KUNIT_ASSERT_EQ(test, viortc_read(viortc, 0, &ns, &sts), 0);
		KUNIT_EXPECT_EQ(test, ns, FAKE_READING);
		KUNIT_EXPECT_LE(test, timespec64_to_ns(&sts.pre_ts),
				timespec64_to_ns(&sts.post_ts));
	}
	KUNIT_EXPECT_EQ(test, viortc_read_cross(viortc, 0, 0, &ns, &cycles), 0);
	KUNIT_EXPECT_EQ(test, cycles, FAKE_CYCLES);
	/*
	 * No read waited for its timeout (100 ms; without the interrupt it
	 * would have failed): all of them took less than a few timeouts
	 * even on a loaded TCG host, where 100 polled reads took 109 and
	 * 143 ms in two of four runs.
	 */
	KUNIT_EXPECT_LT(test, ms_since(t0), 500);

	/* Only reads poll. */
	KUNIT_EXPECT_EQ(test, viortc_read_alarm(viortc, 2, &alarm, &enabled),
			-ETIMEDOUT);
	/* Polling off: the interrupt never comes. */
	viortc_poll_us = 0;
	KUNIT_EXPECT_EQ(test, viortc_read(viortc, 0, &ns, NULL), -ETIMEDOUT);
	/* The late replies are taken by the next callback and freed. */
	WRITE_ONCE(f->irq, FAKE_IRQ_SYNC);
	virtio_fake_interrupt(f->vf, VIORTC_REQUESTQ);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc->in_flight), 0);
	virtio_fake_unregister(f->vf);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

/*
 * The same with a device that answers from another CPU a moment after the
 * request appears (SMP): the read is taken by the sender's own polling,
 * and the poll_us parameter keeps to its bounds.
 */
static void viortc_test_read_polled_smp(struct kunit *test)
{
	static const char * const bad[] = { "1001", "-1", "x" };
	const struct kernel_param *kp;
	struct fake_poller p = {};
	struct rtc_fake *f;
	struct viortc_dev *viortc;
	unsigned int i, ok = 0, timeouts = 0;
	u64 ns;
	int ret, this_cpu;

	kunit_skip_one_cpu(test);
	f = fake_new(test, 0);
	viortc = fake_probe(f, true);
	this_cpu = get_cpu();
	put_cpu();
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(this_cpu)), 0);
	WRITE_ONCE(f->poll, true);
	p.f = f;
	p.no_irq = true;
	p.vring = virtqueue_get_vring(viortc->requestq);
	init_completion(&p.polling);
	p.task = kthread_create(fake_poller_fn, &p, "viortc-poll");
	KUNIT_ASSERT_FALSE(test, IS_ERR(p.task));
	kthread_bind(p.task, cpumask_any_but(cpu_online_mask, this_cpu));
	wake_up_process(p.task);
	wait_for_completion(&p.polling);
	viortc_poll_us = VIORTC_POLL_MAX_US;
	for (i = 0; i < 200; i++) {
		ret = viortc_read(viortc, 0, &ns, NULL);
		if (!ret)
			ok++;
		else if (ret == -ETIMEDOUT)
			timeouts++;
	}
	kthread_stop(p.task);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	kunit_info(test, "%u of 200 reads polled, %u timed out\n", ok, timeouts);
	/*
	 * Without polling none would succeed. Under TCG the device's vCPU
	 * is now and then descheduled past the 1 ms budget (13 of 200 in
	 * one arm64 run).
	 */
	KUNIT_EXPECT_GE(test, ok, 150);
	virtio_fake_interrupt(f->vf, VIORTC_REQUESTQ);

	kp = param_of(&viortc_poll_us);
	KUNIT_ASSERT_NOT_NULL_MSG(test, kp, "no poll_us parameter");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_LT_MSG(test, param_set(kp, bad[i]), 0,
				    "poll_us=%s", bad[i]);
	KUNIT_EXPECT_EQ(test, param_set(kp, "0"), 0);
	KUNIT_EXPECT_EQ(test, viortc_poll_us, 0);
}

#if IS_ENABLED(CONFIG_KRETPROBES)
/**
 * struct publish_probe - a device that reads its clock the instant a
 *	request becomes visible to it
 * @krp: return probe on virtqueue_add_sgs()
 * @vq: the requestq
 * @at: CLOCK_REALTIME when the last request was added to @vq
 * @hits: requests seen
 *
 * The instant virtqueue_add_sgs() returns, the request is in the avail
 * ring: a polling device could read its clock then. The probe does it,
 * on the sender's own CPU, so the test needs no race to win.
 */
struct publish_probe {
	struct kretprobe krp;
	struct virtqueue *vq;
	u64 at;
	unsigned int hits;
};

static int publish_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(unsigned long *)ri->data = regs_get_kernel_argument(regs, 0);
	return 0;
}

static int publish_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct publish_probe *pp = container_of(get_kretprobe(ri),
						struct publish_probe, krp);

	if (*(unsigned long *)ri->data == (unsigned long)pp->vq &&
	    !regs_return_value(regs)) {
		WRITE_ONCE(pp->at, ktime_get_real_ns());
		pp->hits++;
	}
	return 0;
}
#endif

/*
 * The same rule, deterministically: the device's reading is taken when
 * virtqueue_add_sgs() returns. A pre stamp taken after that instant is
 * later than the reading on every read.
 */
static void viortc_test_ptp_bracket_at_publish(struct kunit *test)
{
#if IS_ENABLED(CONFIG_KRETPROBES)
	unsigned int n, early = 0, late = 0, errors = 0;
	struct viortc_dev *viortc;
	struct publish_probe *pp;
	struct viortc_ptp *ptp;
	struct rtc_fake *f;

	if (!IS_ENABLED(CONFIG_VIRTIO_RTC_PTP))
		kunit_skip(test, "CONFIG_VIRTIO_RTC_PTP is off");
	f = fake_new(test, 0);
	viortc = fake_probe(f, true);
	ptp = viortc->clocks[0].ptp;
	KUNIT_ASSERT_NOT_NULL(test, ptp);
	pp = kunit_kzalloc(test, sizeof(*pp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pp);
	pp->vq = viortc->requestq;
	pp->krp.kp.symbol_name = "virtqueue_add_sgs";
	pp->krp.entry_handler = publish_entry;
	pp->krp.handler = publish_return;
	pp->krp.data_size = sizeof(unsigned long);
	pp->krp.maxactive = 8;
	KUNIT_ASSERT_EQ(test, register_kretprobe(&pp->krp), 0);
	f->read_at = &pp->at;

	for (n = 0; n < 200; n++) {
		struct ptp_system_timestamp sts = { .clockid = CLOCK_REALTIME };
		struct timespec64 ts;
		s64 dev;

		if (ptp->info.gettimex64(&ptp->info, &ts, &sts)) {
			errors++;
			continue;
		}
		dev = timespec64_to_ns(&ts);
		early += dev < timespec64_to_ns(&sts.pre_ts);
		late += dev > timespec64_to_ns(&sts.post_ts);
	}
	unregister_kretprobe(&pp->krp);
	f->read_at = NULL;
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_GE(test, pp->hits, n);
	KUNIT_EXPECT_EQ_MSG(test, early, 0,
			    "the pre stamp came after the request was published (%u of %u reads)",
			    early, n);
	KUNIT_EXPECT_EQ(test, late, 0);
#else
	kunit_skip(test, "needs CONFIG_KRETPROBES");
#endif
}

/* Readers that run until told to stop; any error but @allowed counts. */
struct stress_reader {
	struct viortc_dev *viortc;
	bool stop;
	int allowed;
	unsigned int ok;
	unsigned int bad;
	int last_bad;
	struct completion done;
};

static int stress_reader_fn(void *data)
{
	struct stress_reader *r = data;
	u64 ns;
	int ret;

	while (!READ_ONCE(r->stop)) {
		ret = viortc_read(r->viortc, 0, &ns, NULL);
		if (!ret && ns == FAKE_READING) {
			r->ok++;
		} else if (ret != r->allowed && ret != -EBUSY) {
			r->bad++;
			r->last_bad = ret ?: -EILSEQ;
		}
		cond_resched();
	}
	complete(&r->done);
	return 0;
}

static void stress_readers_start(struct kunit *test, struct stress_reader *r,
				 unsigned int n, struct viortc_dev *viortc,
				 int allowed)
{
	struct task_struct *t;
	unsigned int i;

	for (i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].viortc = viortc;
		r[i].allowed = allowed;
		init_completion(&r[i].done);
		t = kthread_run(stress_reader_fn, &r[i], "viortc-rd%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
}

static void stress_readers_stop(struct kunit *test, struct stress_reader *r,
				unsigned int n, const char *what)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		WRITE_ONCE(r[i].stop, true);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&r[i].done,
								    5 * HZ));
		KUNIT_EXPECT_EQ_MSG(test, r[i].bad, 0, "%s: reader %u got %d",
				    what, i, r[i].last_bad);
	}
}

/*
 * Replies whose callback comes in hardirq context, on this CPU, on the
 * other one (while the senders run there too), or from a timer.
 */
static void viortc_test_stress_hardirq(struct kunit *test)
{
	static const enum fake_irq modes[] = { FAKE_IRQ_HARD, FAKE_IRQ_TIMER,
					       FAKE_IRQ_OTHER_CPU };
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc = fake_probe(f, true);
	struct stress_reader r[3];
	unsigned int i, ok;

	viortc_timeout_ms = 2000;
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		WRITE_ONCE(f->irq, modes[i]);
		stress_readers_start(test, r, ARRAY_SIZE(r), viortc, 0);
		msleep(400);
		stress_readers_stop(test, r, ARRAY_SIZE(r), "hardirq");
		ok = r[0].ok + r[1].ok + r[2].ok;
		KUNIT_EXPECT_GT_MSG(test, ok, 10, "mode %u", modes[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc->in_flight), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Freeze and restore in a loop while readers send, replies and alarm
 * notifications come in hardirq context on the other CPU: every request
 * completes or fails with -ENODEV/-EBUSY, nothing leaks, and the driver
 * keeps the virtio rules (no buffer added or notification after a reset).
 */
struct alarm_storm {
	struct rtc_fake *f;
	bool stop;
	unsigned int sent;
	struct completion done;
};

static int alarm_storm_fn(void *data)
{
	struct alarm_storm *s = data;

	while (!READ_ONCE(s->stop)) {
		if (fake_alarm_complete(s->f, 2, false)) {
			s->sent++;
			fake_irq(s->f, VIORTC_ALARMQ);
		}
		usleep_range(50, 200);
	}
	complete(&s->done);
	return 0;
}

static void viortc_test_stress_freeze(struct kunit *test)
{
	struct rtc_fake *f = fake_new(test, BIT_ULL(VIRTIO_RTC_F_ALARM));
	struct viortc_dev *viortc = fake_probe(f, true);
	struct virtio_device *vdev = virtio_fake_vdev(f->vf);
	struct alarm_storm storm = { .f = f };
	struct stress_reader r[2];
	struct task_struct *t;
	unsigned int cycles = 0;
	ktime_t t0;

	kunit_skip_one_cpu(test);
	/* Armed: every other freeze lets the device run on (asleep). */
	fake_rtc_armed(test, f, viortc);
	viortc_timeout_ms = 2000;
	WRITE_ONCE(f->irq, FAKE_IRQ_OTHER_CPU);
	init_completion(&storm.done);
	t = kthread_run(alarm_storm_fn, &storm, "viortc-alarms");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	stress_readers_start(test, r, ARRAY_SIZE(r), viortc, -ENODEV);
	t0 = ktime_get();
	while (ms_since(t0) < 1500) {
		fake_target_state(test, cycles & 1 ? PM_SUSPEND_TO_IDLE :
				  PM_SUSPEND_ON);
		KUNIT_ASSERT_EQ(test, virtio_device_freeze(vdev), 0);
		usleep_range(200, 1000);
		KUNIT_ASSERT_EQ(test, virtio_device_restore(vdev), 0);
		usleep_range(200, 1000);
		cycles++;
	}
	stress_readers_stop(test, r, ARRAY_SIZE(r), "freeze");
	WRITE_ONCE(storm.stop, true);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&storm.done, 5 * HZ));
	virtio_synchronize_cbs(vdev);
	/* The RTC core's work may still ask the device for the time. */
	flush_work(&viortc->class->rtc->irqwork);
	kunit_info(test, "%u freeze/restore cycles, %u alarms, %u reads\n",
		   cycles, storm.sent, r[0].ok + r[1].ok);
	KUNIT_EXPECT_GT(test, cycles, 5);
	KUNIT_EXPECT_EQ(test, viortc->state, VIORTC_LIVE);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc->in_flight), 0);
	virtio_fake_unregister(f->vf);
	KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
}
#else
#define viortc_test_stress_freeze	viortc_test_needs_pm_sleep
#endif

/*
 * Remove while PHC users read and replies come in hardirq context on the
 * other CPU: every read completes or fails with -ENODEV, remove does not
 * wait for timeouts, nothing leaks.
 */
static void viortc_test_stress_remove(struct kunit *test)
{
#ifdef FAKE_PHC_USER
	unsigned int round, reads = 0;
	ktime_t t0 = ktime_get();
	u64 ms;

	kunit_skip_one_cpu(test);
	for (round = 0; round < 40 && ms_since(t0) < 1500; round++) {
		struct rtc_fake *f = fake_new(test, 0);
		struct viortc_dev *viortc = fake_probe(f, true);
		struct phc_user u[2];
		ktime_t t1;

		viortc_timeout_ms = 2000;
		WRITE_ONCE(f->irq, round & 1 ? FAKE_IRQ_OTHER_CPU : FAKE_IRQ_TIMER);
		phc_user_start(test, &u[0], viortc->clocks[0].ptp, true, -1);
		phc_user_start(test, &u[1], viortc->clocks[1].ptp, true, -1);
		usleep_range(500, 3000);
		t1 = ktime_get();
		virtio_fake_unregister(f->vf);
		ms = ms_since(t1);
		KUNIT_EXPECT_LT_MSG(test, ms, 1000, "remove took %llu ms", ms);
		KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&u[0].done, 5 * HZ));
		KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&u[1].done, 5 * HZ));
		KUNIT_EXPECT_TRUE(test, !u[0].ret || u[0].ret == -ENODEV);
		KUNIT_EXPECT_TRUE(test, !u[1].ret || u[1].ret == -ENODEV);
		reads += u[0].reads + u[1].reads;
		KUNIT_EXPECT_EQ(test, virtio_fake_num_vqs(f->vf), 0);
	}
	kunit_info(test, "%u removals, %u reads\n", round, reads);
	KUNIT_EXPECT_EQ(test, atomic_read(&viortc_live_msgs), 0);
#else
	kunit_skip(test, "needs CONFIG_VIRTIO_RTC_PTP and drivers/ptp/ptp_private.h");
#endif
}

/*
 * PTP_SYS_OFFSET_PRECISE: the device pairs UTC with the architecture's
 * counter (Arm: CNTVCT; x86: the TSC), the driver and the timekeeping core
 * turn the counter value into system time, and both must name the same
 * instant.
 */
static void viortc_test_crosststamp(struct kunit *test)
{
#if VIORTC_HAVE_XTS
	struct system_device_crosststamp xts = {};
	struct system_time_snapshot snap;
	struct rtc_fake *f = fake_new(test, 0);
	struct viortc_dev *viortc;
	struct viortc_ptp *ptp;
	s64 diff;

	ktime_get_snapshot(&snap);
	if (IS_ENABLED(CONFIG_VIRTIO_RTC_ARM) && snap.cs_id != CSID_ARM_ARCH_COUNTER)
		kunit_skip(test, "the clocksource is not the Arm arch counter");
	if (IS_ENABLED(CONFIG_VIRTIO_RTC_X86) && snap.cs_id != CSID_X86_TSC &&
	    snap.cs_id != CSID_X86_KVM_CLK)
		kunit_skip(test, "the clocksource is neither tsc nor kvm-clock");
	f->cross = true;
	viortc = fake_probe(f, true);
	ptp = viortc->clocks[0].ptp;
	KUNIT_ASSERT_NOT_NULL(test, ptp);
	KUNIT_EXPECT_EQ(test, ptp->hw_counter,
			IS_ENABLED(CONFIG_VIRTIO_RTC_ARM) ? VIRTIO_RTC_COUNTER_ARM_VCT :
			VIRTIO_RTC_COUNTER_X86_TSC);
	KUNIT_ASSERT_NOT_NULL(test, ptp->info.getcrosststamp);
	KUNIT_ASSERT_EQ(test, ptp->info.getcrosststamp(&ptp->info, &xts), 0);
	diff = ktime_to_ns(ktime_sub(xts.device, xts.sys_realtime));
	kunit_info(test, "clocksource %d: device - system realtime at the paired counter value: %lld ns\n",
		   snap.cs_id, diff);
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
	kunit_skip(test, "needs CONFIG_VIRTIO_RTC_ARM or CONFIG_VIRTIO_RTC_X86");
#endif
}

/*
 * Which clocksources a paired counter value can become: the counter's own
 * (Arm: arch_timer; x86: tsc, and kvm-clock on a stable TSC), no other.
 */
static void viortc_test_xts_clocksources(struct kunit *test)
{
#if VIORTC_HAVE_XTS
	struct system_counterval_t scv;
	enum clocksource_ids own, cs;
	u32 seq;

	own = IS_ENABLED(CONFIG_VIRTIO_RTC_ARM) ? CSID_ARM_ARCH_COUNTER : CSID_X86_TSC;
	for (cs = CSID_GENERIC; cs < CSID_MAX; cs++) {
		int ret = viortc_xts_prepare(cs, &seq);

		if (cs == own) {
			KUNIT_EXPECT_EQ(test, ret, 0);
			KUNIT_EXPECT_EQ(test, viortc_xts_convert(cs, seq, 12345, &scv), 0);
			KUNIT_EXPECT_EQ(test, scv.cycles, 12345);
			KUNIT_EXPECT_EQ(test, scv.cs_id, own);
			KUNIT_EXPECT_FALSE(test, scv.use_nsecs);
		} else if (IS_ENABLED(CONFIG_VIRTIO_RTC_X86) && cs == CSID_X86_KVM_CLK) {
			/* Only with a stable kvm-clock page (see viortc_test_pvclock). */
			KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -EOPNOTSUPP);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, ret, -EOPNOTSUPP, "clocksource %d", cs);
		}
	}
#else
	kunit_skip(test, "needs CONFIG_VIRTIO_RTC_ARM or CONFIG_VIRTIO_RTC_X86");
#endif
}

/*
 * kvm-clock: a TSC value through the pvclock parameters, with a page made
 * here (a TCG guest has no kvm-clock). The expected values are computed
 * with 128-bit arithmetic, not with the kernel's pvclock helpers.
 */
static void viortc_test_pvclock(struct kunit *test)
{
#if IS_ENABLED(CONFIG_VIRTIO_RTC_X86) && IS_ENABLED(CONFIG_KVM_GUEST)
	static const struct {
		u32 mul;
		s8 shift;
	} scales[] = {
		{ 0x55555555, 0 },	/* 3 GHz */
		{ 0x80000000, 1 },	/* 1 GHz */
		{ 0xa2c2aaab, -1 },	/* about 3.1 GHz, shifted right */
		{ 0xffffffff, 2 },	/* 250 MHz */
	};
	struct pvclock_vcpu_time_info *pvti;
	u64 ns, delta, want;
	unsigned int i;
	u32 seq;

	pvti = kunit_kzalloc(test, sizeof(*pvti), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pvti);
	KUNIT_EXPECT_EQ(test, viortc_pvclock_prepare(NULL, &seq), -EOPNOTSUPP);

	pvti->version = 4;
	pvti->tsc_timestamp = 0x1234567890ULL;
	pvti->system_time = 5 * NSEC_PER_SEC;
	pvti->flags = 0;
	/* Per-vCPU parameters that may differ: refused. */
	KUNIT_EXPECT_EQ(test, viortc_pvclock_prepare(pvti, &seq), -EOPNOTSUPP);
	pvti->flags = PVCLOCK_TSC_STABLE_BIT;

	for (i = 0; i < ARRAY_SIZE(scales); i++) {
		pvti->tsc_to_system_mul = scales[i].mul;
		pvti->tsc_shift = scales[i].shift;
		KUNIT_ASSERT_EQ(test, viortc_pvclock_prepare(pvti, &seq), 0);
		KUNIT_EXPECT_EQ(test, seq, 4);
		delta = 3000000000ULL + i;
		KUNIT_ASSERT_EQ(test, viortc_pvclock_convert(pvti, seq,
							     pvti->tsc_timestamp + delta,
							     &ns), 0);
		if (scales[i].shift < 0)
			delta >>= -scales[i].shift;
		else
			delta <<= scales[i].shift;
		want = pvti->system_time +
		       (u64)(((u128)delta * scales[i].mul) >> 32);
		KUNIT_EXPECT_EQ_MSG(test, ns, want, "scale %u", i);
	}

	/* The hypervisor updated the page while the request was out. */
	KUNIT_ASSERT_EQ(test, viortc_pvclock_prepare(pvti, &seq), 0);
	pvti->version += 2;
	pvti->system_time += 1000;
	KUNIT_EXPECT_EQ(test, viortc_pvclock_convert(pvti, seq,
						     pvti->tsc_timestamp, &ns),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, ns, pvti->system_time);

	/* ...or was updating it when the request was sent. */
	pvti->version++;
	KUNIT_ASSERT_EQ(test, viortc_pvclock_prepare(pvti, &seq), 0);
	pvti->version++;
	KUNIT_EXPECT_EQ(test, viortc_pvclock_convert(pvti, seq,
						     pvti->tsc_timestamp, &ns),
			-EAGAIN);
	KUNIT_ASSERT_EQ(test, viortc_pvclock_prepare(pvti, &seq), 0);
	KUNIT_EXPECT_EQ(test, viortc_pvclock_convert(pvti, seq,
						     pvti->tsc_timestamp, &ns), 0);
#else
	kunit_skip(test, "needs CONFIG_VIRTIO_RTC_X86 and CONFIG_KVM_GUEST");
#endif
}

static struct kunit_case viortc_test_cases[] = {
	KUNIT_CASE(viortc_test_probe),
	KUNIT_CASE(viortc_test_no_alarm_feature),
	KUNIT_CASE(viortc_test_zero_clocks),
	KUNIT_CASE(viortc_test_bad_clocks),
	KUNIT_CASE(viortc_test_discovery_errors),
	KUNIT_CASE(viortc_test_probe_faults),
	KUNIT_CASE(viortc_test_reserved_ignored),
	KUNIT_CASE(viortc_test_read),
	KUNIT_CASE(viortc_test_read_status),
	KUNIT_CASE(viortc_test_read_polled),
	KUNIT_CASE(viortc_test_read_polled_smp),
	KUNIT_CASE(viortc_test_every_request),
	KUNIT_CASE(viortc_test_timeout_late_reply),
	KUNIT_CASE(viortc_test_timeout_param),
	KUNIT_CASE(viortc_test_out_of_order),
	KUNIT_CASE(viortc_test_remove_in_flight),
	KUNIT_CASE(viortc_test_remove_blocked_phc),
	KUNIT_CASE(viortc_test_parse_alarm),
	KUNIT_CASE(viortc_test_alarm_notification),
	KUNIT_CASE(viortc_test_alarm_during_probe),
	KUNIT_CASE(viortc_test_rtc_time),
	KUNIT_CASE(viortc_test_alarm_year_2400),
	KUNIT_CASE(viortc_test_freeze_restore),
	KUNIT_CASE(viortc_test_sleep_alarm),
	KUNIT_CASE(viortc_test_hibernate_stops),
	KUNIT_CASE(viortc_test_abandoned_request_freeze),
	KUNIT_CASE(viortc_test_wake_before_freeze),
	KUNIT_CASE(viortc_test_irqwork_freeze),
	KUNIT_CASE(viortc_test_irqwork_failed_freeze),
	KUNIT_CASE(viortc_test_used_alarm_at_reset),
	KUNIT_CASE(viortc_test_restore_late_callback),
	KUNIT_CASE(viortc_test_restore_errors),
	KUNIT_CASE(viortc_test_ptp_bracket),
	KUNIT_CASE(viortc_test_ptp_bracket_at_publish),
	KUNIT_CASE(viortc_test_stress_hardirq),
	KUNIT_CASE(viortc_test_stress_freeze),
	KUNIT_CASE(viortc_test_stress_remove),
	KUNIT_CASE(viortc_test_crosststamp),
	KUNIT_CASE(viortc_test_xts_clocksources),
	KUNIT_CASE(viortc_test_pvclock),
	{}
};

static struct kunit_suite viortc_test_suite = {
	.name = "virtio_rtc",
	.init = viortc_test_init,
	.exit = viortc_test_exit,
	.test_cases = viortc_test_cases,
};

kunit_test_suite(viortc_test_suite);
