// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rtc device tests through the real rings: requests on requestq as
 * a driver sends them, well-formed or not, and alarm notifications on
 * alarmq for each kind of expiration, with and without posted buffers.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/virtio_rtc.h>

#include "../control.h"
#include "../models.h"
#include "../rtc/rtc.h"
#include "../util.h"
#include "guest.h"
#include "tap.h"
#include "tests.h"
#include "tfront.h"

#define REQQ		0
#define ALARMQ		1
#define RING		64

/* Clock ids of the default clocks. */
#define C_UTC		0
#define C_TAI		1
#define C_MONO		2
#define C_SMEARED	3	/* the one with an alarm */

#define NS_PER_S	1000000000ull
#define NS_PER_MS	1000000ull

/* Bytes of the writable buffer that are checked; pre-filled with 0xee. */
#define RESP_MAX	64

/**
 * struct resp - what came back for one request
 * @used: used length
 * @b: the first RESP_MAX bytes of the writable buffer
 */
struct resp {
	uint32_t used;
	uint8_t b[RESP_MAX];
};

/* Guest address of each alarmq buffer, by descriptor head. */
static uint64_t alarm_buf[RING];

static void put64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static bool zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static bool start(struct tdev *t, const char *const *opts)
{
	const struct option *o;

	memset(alarm_buf, 0, sizeof(alarm_buf));
	if (tf_init(&t->tf, &rtc_model))
		return false;
	/* NAME, VALUE pairs; VALUE is NULL for options without one. */
	for (; opts && opts[0]; opts += 2) {
		for (o = rtc_model.options; o->name; o++)
			if (!strcmp(o->name, opts[0]))
				break;
		if (!o->name ||
		    rtc_model.parse_option(&t->tf.dev, o->val, opts[1]))
			return false;
	}
	return !tdev_start(t, RING);
}

/*
 * Send @rlen request bytes with a @wr-byte writable buffer (no readable or
 * writable descriptor when 0); false if the chain did not come back.
 */
static bool xfer(struct tdev *t, const void *req, size_t rlen, size_t wr,
		 struct resp *r)
{
	size_t cap = wr > RESP_MAX ? wr : RESP_MAX;
	uint64_t rq = tguest_alloc(&t->g, rlen + 1, 8);
	uint64_t rs = tguest_alloc(&t->g, cap, 8);
	struct tseg segs[2];
	unsigned int n = 0;
	uint32_t id;

	memcpy(tguest_ptr(&t->g, rq), req, rlen);
	memset(tguest_ptr(&t->g, rs), 0xee, cap);
	if (rlen)
		segs[n++] = (struct tseg){ rq, rlen, false };
	if (wr)
		segs[n++] = (struct tseg){ rs, wr, true };
	tring_add(&t->ring[REQQ], segs, n);
	tdev_kick(t, REQQ);
	memset(r, 0, sizeof(*r));
	if (!tring_used(&t->ring[REQQ], &id, &r->used))
		return false;
	memcpy(r->b, tguest_ptr(&t->g, rs), RESP_MAX);
	return true;
}

/* A 16-byte request: head, le16 clock id at 8, a byte at 10. */
static bool req16(struct tdev *t, uint16_t type, uint16_t clock, uint8_t b10,
		  size_t wr, struct resp *r)
{
	uint8_t q[16] = { 0 };

	put_le16(q, type);
	put_le16(q + 8, clock);
	q[10] = b10;
	return xfer(t, q, sizeof(q), wr, r);
}

/* An error answer: status @st, header only, nothing written past it. */
static bool is_err(const struct resp *r, uint8_t st)
{
	return r->used == 8 && r->b[0] == st && zero(r->b + 1, 7) &&
	       r->b[8] == 0xee;
}

/* A success answer of @len bytes, nothing written past it. */
static bool is_ok(const struct resp *r, uint32_t len)
{
	return r->used == len && r->b[0] == VIRTIO_RTC_S_OK &&
	       zero(r->b + 1, 7) && r->b[len] == 0xee;
}

static uint64_t clock_now(struct tdev *t, uint16_t clock)
{
	struct resp r;

	T_ASSERT(req16(t, VIRTIO_RTC_REQ_READ, clock, 0, 16, &r));
	T_ASSERT(is_ok(&r, 16));
	return get_le64(r.b + 8);
}

static uint8_t set_alarm(struct tdev *t, uint16_t clock, uint64_t time,
			 uint8_t flags)
{
	uint8_t q[24] = { 0 };
	struct resp r;

	put_le16(q, VIRTIO_RTC_REQ_SET_ALARM);
	put64(q + 8, time);
	put_le16(q + 16, clock);
	q[18] = flags;
	T_ASSERT(xfer(t, q, sizeof(q), 8, &r));
	T_EXPECT(r.used == 8 && zero(r.b + 1, 7));
	return r.b[0];
}

static uint8_t set_enabled(struct tdev *t, uint16_t clock, uint8_t flags)
{
	struct resp r;

	T_ASSERT(req16(t, VIRTIO_RTC_REQ_SET_ALARM_ENABLED, clock, flags, 8,
		       &r));
	T_EXPECT(r.used == 8 && zero(r.b + 1, 7));
	return r.b[0];
}

static uint8_t read_alarm(struct tdev *t, uint16_t clock, uint64_t *time,
			  uint8_t *flags)
{
	struct resp r;

	T_ASSERT(req16(t, VIRTIO_RTC_REQ_READ_ALARM, clock, 0, 32, &r));
	if (r.b[0] == VIRTIO_RTC_S_OK) {
		T_EXPECT(is_ok(&r, 24) && zero(r.b + 17, 7));
		*time = get_le64(r.b + 8);
		*flags = r.b[16];
	}
	return r.b[0];
}

/* Post @n alarmq buffers of @len bytes. */
static void post_alarm_len(struct tdev *t, unsigned int n, uint32_t len)
{
	struct tseg seg;
	uint16_t head;

	while (n--) {
		seg = (struct tseg){ tguest_alloc(&t->g, 32, 8), len, true };
		memset(tguest_ptr(&t->g, seg.gpa), 0xee, 32);
		head = tring_add(&t->ring[ALARMQ], &seg, 1);
		alarm_buf[head % RING] = seg.gpa;
	}
	tdev_kick(t, ALARMQ);
}

static void post_alarm(struct tdev *t, unsigned int n)
{
	post_alarm_len(t, n, 16);
}

/* Consume the notifications sent so far; each must be for @clock. */
static int notifs(struct tdev *t, uint16_t clock)
{
	uint32_t id, len;
	uint8_t *p;
	int n = 0;

	while (tring_used(&t->ring[ALARMQ], &id, &len)) {
		p = tguest_ptr(&t->g, alarm_buf[id % RING]);
		T_EXPECT(len == 16);
		T_EXPECT(get_le16(p) == VIRTIO_RTC_NOTIF_ALARM);
		T_EXPECT(get_le16(p + 8) == clock);
		T_EXPECT(zero(p + 2, 6) && zero(p + 10, 6) && p[16] == 0xee);
		n++;
	}
	return n;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* Run the back-end for @ms; stop early once @stop notifications came. */
static int wait_notifs(struct tdev *t, uint16_t clock, unsigned int ms,
		       int stop)
{
	uint64_t end = now_ms() + ms;
	int n = 0;

	while (now_ms() < end && (stop <= 0 || n < stop)) {
		loop_iterate(&t->tf.loop, 10);
		n += notifs(t, clock);
	}
	return n;
}

static char ctl_out[4096];

static int ctl(struct tdev *t, const char *cmd)
{
	FILE *f = fmemopen(ctl_out, sizeof(ctl_out), "w");
	int ret;

	T_ASSERT(f);
	ret = vdev_control_exec(&t->tf.dev, cmd, f);
	fclose(f);
	return ret;
}

static struct rtc_dev *rtc(struct tdev *t)
{
	return vdev_priv(&t->tf.dev);
}

static bool reset_device(struct tdev *t)
{
	return !tf_ack(&t->tf, VHOST_USER_RESET_DEVICE, NULL, 0, NULL, 0) &&
	       !tdev_queue(t, REQQ, RING) && !tdev_queue(t, ALARMQ, RING);
}

static bool enable_queue(struct tdev *t, unsigned int q, bool on)
{
	struct vhost_user_vring_state st = { q, on };

	return !tf_ack(&t->tf, VHOST_USER_SET_VRING_ENABLE, &st, sizeof(st),
		       NULL, 0);
}

static void test_layout(void)
{
	/* The uapi header against the byte offsets of the specification. */
	T_EXPECT(sizeof(struct virtio_rtc_req_head) == 8);
	T_EXPECT(sizeof(struct virtio_rtc_resp_head) == 8);
	T_EXPECT(sizeof(struct virtio_rtc_req_read) == 16);
	T_EXPECT(sizeof(struct virtio_rtc_resp_read) == 16);
	T_EXPECT(sizeof(struct virtio_rtc_resp_read_cross) == 24);
	T_EXPECT(sizeof(struct virtio_rtc_req_cfg) == 8);
	T_EXPECT(sizeof(struct virtio_rtc_resp_cfg) == 16);
	T_EXPECT(offsetof(struct virtio_rtc_resp_clock_cap, flags) == 10);
	T_EXPECT(offsetof(struct virtio_rtc_req_cross_cap, hw_counter) == 10);
	T_EXPECT(sizeof(struct virtio_rtc_resp_cross_cap) == 16);
	T_EXPECT(offsetof(struct virtio_rtc_resp_read_alarm, flags) == 16);
	T_EXPECT(sizeof(struct virtio_rtc_resp_read_alarm) == 24);
	T_EXPECT(offsetof(struct virtio_rtc_req_set_alarm, clock_id) == 16);
	T_EXPECT(offsetof(struct virtio_rtc_req_set_alarm, flags) == 18);
	T_EXPECT(sizeof(struct virtio_rtc_req_set_alarm) == 24);
	T_EXPECT(offsetof(struct virtio_rtc_req_set_alarm_enabled,
			  flags) == 10);
	T_EXPECT(sizeof(struct virtio_rtc_resp_set_alarm_enabled) == 8);
	T_EXPECT(sizeof(struct virtio_rtc_notif_alarm) == 16);
	T_EXPECT(rtc_model.device_id == 17 && rtc_model.num_queues == 2);
}

static void test_cfg_and_caps(void)
{
	static const uint8_t types[] = {
		VIRTIO_RTC_CLOCK_UTC, VIRTIO_RTC_CLOCK_TAI,
		VIRTIO_RTC_CLOCK_MONOTONIC, VIRTIO_RTC_CLOCK_UTC_SMEARED,
	};
	uint8_t q[8] = { 0 };
	struct resp r;
	unsigned int i;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_EXPECT(vdev_has_feature(&t.tf.dev, VIRTIO_F_VERSION_1));
	T_EXPECT(vdev_has_feature(&t.tf.dev, VIRTIO_RTC_F_ALARM));
	put_le16(q, VIRTIO_RTC_REQ_CFG);
	T_ASSERT(xfer(&t, q, sizeof(q), 16, &r));
	T_EXPECT(is_ok(&r, 16) && get_le16(r.b + 8) == 4 && zero(r.b + 10, 6));
	/* Extra space on both sides is ignored. */
	T_ASSERT(xfer(&t, q, 8, 48, &r));
	T_EXPECT(is_ok(&r, 16) && get_le16(r.b + 8) == 4);
	for (i = 0; i < 4; i++) {
		T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, i, 0, 16, &r));
		T_EXPECT(is_ok(&r, 16) && r.b[8] == types[i] && r.b[9] == 0);
		T_EXPECT(r.b[10] == (i == C_SMEARED ?
				     VIRTIO_RTC_FLAG_ALARM_CAP : 0));
		T_EXPECT(zero(r.b + 11, 5));
	}
	tdev_fini(&t);
}

static void test_read(void)
{
	uint64_t a, b, host;
	struct timespec ts;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	clock_gettime(CLOCK_REALTIME, &ts);
	host = ts.tv_sec * NS_PER_S + ts.tv_nsec;
	a = clock_now(&t, C_UTC);
	T_EXPECT(a >= host && a - host < NS_PER_S);
	a = clock_now(&t, C_SMEARED);
	T_EXPECT(a >= host && a - host < NS_PER_S);
	clock_gettime(CLOCK_TAI, &ts);
	host = ts.tv_sec * NS_PER_S + ts.tv_nsec;
	a = clock_now(&t, C_TAI);
	T_EXPECT(a >= host && a - host < NS_PER_S);
	a = clock_now(&t, C_MONO);
	b = clock_now(&t, C_MONO);
	T_EXPECT(a > 0 && b >= a);
	tdev_fini(&t);
}

static void test_cross(void)
{
	static const uint8_t bad[] = { 2, 0x7f, 0xf0, 0xfe, 0xff };
	struct resp r;
	unsigned int i;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	/* Known counters: no pairing on this host. */
	for (i = VIRTIO_RTC_COUNTER_ARM_VCT; i <= VIRTIO_RTC_COUNTER_X86_TSC;
	     i++) {
		T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CROSS_CAP, C_UTC, i, 16, &r));
		T_EXPECT(is_ok(&r, 16) && r.b[8] == 0 && zero(r.b + 9, 7));
		T_ASSERT(req16(&t, VIRTIO_RTC_REQ_READ_CROSS, C_UTC, i, 24,
			       &r));
		T_EXPECT(is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP));
	}
	for (i = 0; i < sizeof(bad); i++) {
		T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CROSS_CAP, C_TAI, bad[i], 16,
			       &r));
		T_EXPECT(is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP));
		T_ASSERT(req16(&t, VIRTIO_RTC_REQ_READ_CROSS, C_TAI, bad[i], 24,
			       &r));
		T_EXPECT(is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP));
	}
	/* The clock is checked first. */
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CROSS_CAP, 4, 0xff, 16, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_ENODEV));
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_READ_CROSS, 4, 0, 24, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_ENODEV));
	tdev_fini(&t);
}

static void test_bad_clock(void)
{
	static const uint16_t types[] = {
		VIRTIO_RTC_REQ_READ, VIRTIO_RTC_REQ_CLOCK_CAP,
		VIRTIO_RTC_REQ_READ_ALARM, VIRTIO_RTC_REQ_SET_ALARM_ENABLED,
	};
	static const uint16_t ids[] = { 4, 5, 0x100, 0xffff };
	unsigned int i, j;
	struct resp r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		for (j = 0; j < ARRAY_SIZE(ids); j++) {
			T_ASSERT(req16(&t, types[i], ids[j], 0, 24, &r));
			T_EXPECT(is_err(&r, VIRTIO_RTC_S_ENODEV));
		}
	}
	T_EXPECT(set_alarm(&t, 4, 0, 1) == VIRTIO_RTC_S_ENODEV);
	tdev_fini(&t);
}

static void test_sizes(void)
{
	static const struct {
		uint16_t type;
		size_t req, resp;
	} m[] = {
		{ VIRTIO_RTC_REQ_READ, 16, 16 },
		{ VIRTIO_RTC_REQ_READ_CROSS, 16, 24 },
		{ VIRTIO_RTC_REQ_CFG, 8, 16 },
		{ VIRTIO_RTC_REQ_CLOCK_CAP, 16, 16 },
		{ VIRTIO_RTC_REQ_CROSS_CAP, 16, 16 },
		{ VIRTIO_RTC_REQ_READ_ALARM, 16, 24 },
		{ VIRTIO_RTC_REQ_SET_ALARM, 24, 8 },
		{ VIRTIO_RTC_REQ_SET_ALARM_ENABLED, 16, 8 },
	};
	uint8_t q[32] = { 0 };
	unsigned int i;
	struct resp r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	for (i = 0; i < ARRAY_SIZE(m); i++) {
		/* Clock 3 has an alarm; the counter byte is ARM_VCT. */
		memset(q, 0, sizeof(q));
		put_le16(q, m[i].type);
		put_le16(q + (m[i].type == VIRTIO_RTC_REQ_SET_ALARM ? 16 : 8),
			 C_SMEARED);
		/* Request one byte short. */
		T_ASSERT(xfer(&t, q, m[i].req - 1, 32, &r));
		T_EXPECT(is_err(&r, VIRTIO_RTC_S_EINVAL));
		/* Response buffer one byte short, but room for a status. */
		if (m[i].resp > 8) {
			T_ASSERT(xfer(&t, q, m[i].req, m[i].resp - 1, &r));
			T_EXPECT(is_err(&r, VIRTIO_RTC_S_EINVAL));
			T_ASSERT(xfer(&t, q, m[i].req, 8, &r));
			T_EXPECT(is_err(&r, VIRTIO_RTC_S_EINVAL));
		}
		/* No room for a status: nothing written, used length 0. */
		T_ASSERT(xfer(&t, q, m[i].req, 7, &r));
		T_EXPECT(r.used == 0 && r.b[0] == 0xee);
		T_ASSERT(xfer(&t, q, m[i].req, 0, &r));
		T_EXPECT(r.used == 0);
		/* Exact and oversized buffers: exactly the response. */
		T_ASSERT(xfer(&t, q, m[i].req, m[i].resp, &r));
		T_EXPECT(m[i].type == VIRTIO_RTC_REQ_READ_CROSS ?
			 is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP) :
			 r.used == m[i].resp && r.b[0] == 0);
		T_ASSERT(xfer(&t, q, sizeof(q), 4096, &r));
		T_EXPECT(m[i].type == VIRTIO_RTC_REQ_READ_CROSS ?
			 is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP) :
			 is_ok(&r, m[i].resp));
	}
	/* No complete header, or no readable part at all. */
	T_ASSERT(xfer(&t, q, 7, 16, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_EINVAL));
	T_ASSERT(xfer(&t, q, 0, 16, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_EINVAL));
	T_EXPECT(rtc(&t)->stats.unanswered == 16);
	tdev_fini(&t);
}

static void test_unknown_type(void)
{
	static const uint16_t types[] = {
		0, 3, 0x0fff, 0x1006, VIRTIO_RTC_NOTIF_ALARM, 0xffff,
	};
	uint8_t q[24] = { 0 };
	unsigned int i;
	struct resp r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		put_le16(q, types[i]);
		T_ASSERT(xfer(&t, q, sizeof(q), 24, &r));
		T_EXPECT(is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP));
		/* Even with only the header. */
		T_ASSERT(xfer(&t, q, 8, 8, &r));
		T_EXPECT(r.used == 8 && r.b[0] == VIRTIO_RTC_S_EOPNOTSUPP);
	}
	T_EXPECT(rtc(&t)->stats.requests[RTC_REQ_OTHER] == 12);
	tdev_fini(&t);
}

static void test_split_chain(void)
{
	uint64_t rq = 0, rs = 0;
	uint8_t *p, *w;
	uint32_t id, len;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	rq = tguest_alloc(&t.g, 24, 8);
	rs = tguest_alloc(&t.g, 32, 8);
	p = tguest_ptr(&t.g, rq);
	w = tguest_ptr(&t.g, rs);
	put_le16(p, VIRTIO_RTC_REQ_READ_ALARM);
	put_le16(p + 8, C_SMEARED);
	memset(w, 0xee, 32);
	tring_add(&t.ring[REQQ], (struct tseg[]){
		  { rq, 3, false }, { rq + 3, 13, false },
		  { rs, 5, true }, { rs + 5, 27, true } }, 4);
	tdev_kick(&t, REQQ);
	T_ASSERT(tring_used(&t.ring[REQQ], &id, &len));
	T_EXPECT(len == 24 && w[0] == 0 && zero(w + 1, 23) && w[24] == 0xee);
	tdev_fini(&t);
}

static void test_alarm_requests(void)
{
	uint64_t time, now;
	uint8_t flags;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == 0 && flags == 0);
	now = clock_now(&t, C_SMEARED);
	T_EXPECT(set_alarm(&t, C_SMEARED, now + 3600 * NS_PER_S, 1) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == now + 3600 * NS_PER_S && flags == 1);
	T_EXPECT(set_enabled(&t, C_SMEARED, 0) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == now + 3600 * NS_PER_S && flags == 0);
	T_EXPECT(set_enabled(&t, C_SMEARED, 1) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0 && flags == 1);
	/* Far future, no overflow. */
	T_EXPECT(set_alarm(&t, C_SMEARED, UINT64_MAX, 1) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == UINT64_MAX && flags == 1);
	/* Undefined flag bits. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 0, 3) == VIRTIO_RTC_S_EINVAL);
	T_EXPECT(set_enabled(&t, C_SMEARED, 0x80) == VIRTIO_RTC_S_EINVAL);
	/* Clocks without an alarm. */
	T_EXPECT(read_alarm(&t, C_UTC, &time, &flags) == VIRTIO_RTC_S_ENODEV);
	T_EXPECT(set_alarm(&t, C_TAI, 1, 1) == VIRTIO_RTC_S_ENODEV);
	T_EXPECT(set_enabled(&t, C_MONO, 1) == VIRTIO_RTC_S_ENODEV);
	tdev_fini(&t);
}

static void test_no_alarm_feature(void)
{
	static const char *const opts[] = { "no-alarm", NULL, NULL };
	uint64_t time, f;
	uint32_t id, len;
	uint8_t flags;
	struct resp r;
	struct tdev t;

	T_ASSERT(start(&t, opts));
	T_EXPECT(!(t.tf.dev.offered_features & BIT_ULL(VIRTIO_RTC_F_ALARM)));
	T_EXPECT(!vdev_has_feature(&t.tf.dev, VIRTIO_RTC_F_ALARM));
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, C_SMEARED, 0, 16, &r));
	T_EXPECT(is_ok(&r, 16) && r.b[10] == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) ==
		 VIRTIO_RTC_S_ENODEV);
	T_EXPECT(set_alarm(&t, C_SMEARED, 0, 1) == VIRTIO_RTC_S_ENODEV);
	T_EXPECT(set_enabled(&t, C_SMEARED, 1) == VIRTIO_RTC_S_ENODEV);
	tdev_fini(&t);

	/* Offered but not negotiated. */
	T_ASSERT(start(&t, NULL));
	f = t.tf.dev.features & ~BIT_ULL(VIRTIO_RTC_F_ALARM);
	T_ASSERT(tf_ack(&t.tf, VHOST_USER_SET_FEATURES, &f, sizeof(f), NULL,
			0) == 0);
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, C_SMEARED, 0, 16, &r));
	T_EXPECT(is_ok(&r, 16) && r.b[10] == 0);
	T_EXPECT(set_alarm(&t, C_SMEARED, 0, 1) == VIRTIO_RTC_S_ENODEV);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) ==
		 VIRTIO_RTC_S_ENODEV);
	/* There is no alarmq: its buffers come back unused. */
	post_alarm(&t, 1);
	T_EXPECT(tring_used(&t.ring[ALARMQ], &id, &len) && len == 0);
	tdev_fini(&t);
}

static void test_expire_by_time(void)
{
	uint64_t at, time;
	uint8_t flags;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	post_alarm(&t, 4);
	at = clock_now(&t, C_SMEARED) + 50 * NS_PER_MS;
	T_EXPECT(set_alarm(&t, C_SMEARED, at, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	T_EXPECT(wait_notifs(&t, C_SMEARED, 3000, 1) == 1);
	/* Reads after the notification do not precede the alarm time. */
	T_EXPECT(clock_now(&t, C_SMEARED) >= at);
	T_EXPECT(tdev_called(&t, ALARMQ));
	/* Exactly one, and the alarm stays enabled. */
	T_EXPECT(wait_notifs(&t, C_SMEARED, 150, 0) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == at && flags == 1);
	T_EXPECT(rtc(&t)->stats.notif_sent == 1 &&
		 rtc(&t)->stats.notif_deferred == 0 &&
		 rtc(&t)->stats.expired == 1);
	tdev_fini(&t);
}

static void test_expire_on_set(void)
{
	uint64_t now;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	post_alarm(&t, 8);
	/* Times in the past, down to 0: at once, no underflow. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 0, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	now = clock_now(&t, C_SMEARED);
	T_EXPECT(set_alarm(&t, C_SMEARED, now, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	/* Disabled: nothing. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 0) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	/* Nothing more later either. */
	T_EXPECT(wait_notifs(&t, C_SMEARED, 100, 0) == 0);
	T_EXPECT(rtc(&t)->stats.notif_sent == 3);
	tdev_fini(&t);
}

static void test_expire_on_enable(void)
{
	uint64_t now;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	post_alarm(&t, 8);
	now = clock_now(&t, C_SMEARED);
	T_EXPECT(set_alarm(&t, C_SMEARED, now - NS_PER_S, 0) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	T_EXPECT(set_enabled(&t, C_SMEARED, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	/* Enabling again is another expiration. */
	T_EXPECT(set_enabled(&t, C_SMEARED, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(set_enabled(&t, C_SMEARED, 0) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	/* A future alarm enabled: not yet. */
	T_EXPECT(set_alarm(&t, C_SMEARED, now + 3600 * NS_PER_S, 0) == 0);
	T_EXPECT(set_enabled(&t, C_SMEARED, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	tdev_fini(&t);
}

static void test_expire_on_reset(void)
{
	static const char *const opts[] = { "no-retain-alarm", NULL, NULL };
	uint64_t time, now;
	uint8_t flags;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	/* Expired with no buffer: pending, then obsolete at the reset. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 5, 1) == 0);
	T_EXPECT(rtc(&t)->num_pending == 1);
	T_ASSERT(reset_device(&t));
	post_alarm(&t, 4);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(wait_notifs(&t, C_SMEARED, 100, 0) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == 5 && flags == 1);
	T_EXPECT(rtc(&t)->stats.notif_sent == 1 &&
		 rtc(&t)->stats.notif_dropped == 1 &&
		 rtc(&t)->stats.expired == 2);
	/* Retained but not reached, or disabled: nothing. */
	now = clock_now(&t, C_SMEARED);
	T_EXPECT(set_alarm(&t, C_SMEARED, now + 3600 * NS_PER_S, 1) == 0);
	T_ASSERT(reset_device(&t));
	post_alarm(&t, 4);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == now + 3600 * NS_PER_S && flags == 1);
	T_EXPECT(set_alarm(&t, C_SMEARED, 5, 0) == 0);
	T_ASSERT(reset_device(&t));
	post_alarm(&t, 4);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	tdev_fini(&t);

	/* Not retained: cleared, no notification. */
	T_ASSERT(start(&t, opts));
	T_EXPECT(set_alarm(&t, C_SMEARED, 5, 1) == 0);
	T_ASSERT(reset_device(&t));
	post_alarm(&t, 4);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	T_EXPECT(read_alarm(&t, C_SMEARED, &time, &flags) == 0);
	T_EXPECT(time == 0 && flags == 0);
	tdev_fini(&t);
}

static void test_deferred(void)
{
	uint32_t id, len;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 1) == 0);
	T_EXPECT(rtc(&t)->num_pending == 1);
	T_EXPECT(wait_notifs(&t, C_SMEARED, 50, 0) == 0);
	post_alarm(&t, 2);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(tdev_called(&t, ALARMQ));
	T_EXPECT(rtc(&t)->stats.notif_deferred == 1 &&
		 rtc(&t)->stats.notif_sent == 1 && !rtc(&t)->num_pending);

	/* Queue not live: deferred; the held buffer comes back with it. */
	T_ASSERT(enable_queue(&t, ALARMQ, false));
	T_EXPECT(set_alarm(&t, C_SMEARED, 2, 1) == 0);
	T_EXPECT(rtc(&t)->num_pending == 1 &&
		 rtc(&t)->stats.notif_deferred == 2);
	T_EXPECT(!tring_used(&t.ring[ALARMQ], &id, &len));
	T_ASSERT(enable_queue(&t, ALARMQ, true));
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(wait_notifs(&t, C_SMEARED, 50, 0) == 0);
	tdev_fini(&t);
}

static void test_obsolete(void)
{
	uint64_t now;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	/* Disabled before a buffer came: dropped. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 1) == 0);
	T_EXPECT(set_enabled(&t, C_SMEARED, 0) == 0);
	post_alarm(&t, 4);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	T_EXPECT(rtc(&t)->stats.notif_dropped == 1);
	tdev_fini(&t);

	T_ASSERT(start(&t, NULL));
	/* SET_ALARM disabling it: dropped too. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 1) == 0);
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 0) == 0);
	/* A new time in the future: dropped. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 2, 1) == 0);
	now = clock_now(&t, C_SMEARED);
	T_EXPECT(set_alarm(&t, C_SMEARED, now + 3600 * NS_PER_S, 1) == 0);
	/* Expiring again replaces the pending one: still one. */
	T_EXPECT(set_alarm(&t, C_SMEARED, 3, 1) == 0);
	T_EXPECT(set_enabled(&t, C_SMEARED, 1) == 0);
	T_EXPECT(rtc(&t)->num_pending == 1);
	post_alarm(&t, 4);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(rtc(&t)->stats.notif_dropped == 3 &&
		 rtc(&t)->stats.notif_sent == 1);
	tdev_fini(&t);
}

static void test_step(void)
{
	uint64_t now, at;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	post_alarm(&t, 8);
	now = clock_now(&t, C_SMEARED);
	at = now + 100 * NS_PER_S;
	T_EXPECT(set_alarm(&t, C_SMEARED, at, 1) == 0);
	/* Forward past the alarm time: one notification. */
	T_EXPECT(ctl(&t, "step 3 +101s") == 0);
	T_EXPECT(!strcmp(ctl_out, "offset=101000000000\n"));
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	T_EXPECT(clock_now(&t, C_SMEARED) >= at);
	/* Further forward: no new event. */
	T_EXPECT(ctl(&t, "step 3 1000000") == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	/* Back before it and forward again: a new event. */
	T_EXPECT(ctl(&t, "step 3 -10s") == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	T_EXPECT(ctl(&t, "step 3 +10000ms") == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	/* Back before it while one is pending: dropped. */
	T_ASSERT(enable_queue(&t, ALARMQ, false));
	T_EXPECT(ctl(&t, "step 3 -10s") == 0);
	T_EXPECT(ctl(&t, "step 3 +10s") == 0);
	T_EXPECT(rtc(&t)->num_pending == 1);
	T_EXPECT(ctl(&t, "step 3 -10s") == 0);
	T_EXPECT(rtc(&t)->num_pending == 0 &&
		 rtc(&t)->stats.notif_dropped == 1);
	T_ASSERT(enable_queue(&t, ALARMQ, true));
	T_EXPECT(notifs(&t, C_SMEARED) == 0);
	/* Other clocks step without alarms; MONOTONIC only forward. */
	T_EXPECT(ctl(&t, "step 0 -5us") == 0);
	T_EXPECT(ctl(&t, "step 2 +5") == 0);
	T_EXPECT(ctl(&t, "step 2 -5") == -EINVAL);
	T_EXPECT(ctl(&t, "step 4 +5") == -ENODEV);
	T_EXPECT(ctl(&t, "step 0 +5x") == -EINVAL);
	T_EXPECT(ctl(&t, "step 0") == -EINVAL);
	T_EXPECT(ctl(&t, "step 0 +9223372036854775807s") == -ERANGE);
	tdev_fini(&t);
}

static void test_control(void)
{
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_EXPECT(ctl(&t, "alarm 3") == 0);
	T_EXPECT(!strcmp(ctl_out, "time=0\nenabled=0\npending=0\n"));
	T_EXPECT(set_alarm(&t, C_SMEARED, 7, 1) == 0);
	T_EXPECT(ctl(&t, "alarm 3") == 0);
	T_EXPECT(!strcmp(ctl_out, "time=7\nenabled=1\npending=1\n"));
	T_EXPECT(ctl(&t, "alarm 0") == -ENODEV);
	T_EXPECT(ctl(&t, "alarm 9") == -ENODEV);
	T_EXPECT(ctl(&t, "read 1") == 0 && ctl_out[0] >= '1');
	T_EXPECT(ctl(&t, "read 4") == -ENODEV);
	T_EXPECT(ctl(&t, "clocks") == 0);
	T_EXPECT(strstr(ctl_out, "3 type=3(utc-smeared) smearing=0 alarm=1"));
	T_EXPECT(ctl(&t, "stats") == 0);
	T_EXPECT(strstr(ctl_out, "req_set_alarm=1\n"));
	T_EXPECT(strstr(ctl_out, "req_read=0\n"));
	T_EXPECT(strstr(ctl_out, "\nalarm_expired=1\nnotif_sent=0\n"
			 "notif_deferred=1\nnotif_dropped=0\nnotif_pending=1\n"));
	T_EXPECT(ctl(&t, "stats x") == -EINVAL);
	T_EXPECT(ctl(&t, "nonsense") == -ENOENT);
	T_EXPECT(ctl(&t, "statsx") == -ENOENT);
	tdev_fini(&t);
}

static void test_clock_options(void)
{
	static const char *const opts[] = {
		"clock", "utc",
		"clock", "tai:offset=-2000000000",
		"clock", "utc-smeared:smearing=1:alarm",
		"clock", "0xf3:offset=5",
		"clock", "utc-maybe-smeared:alarm",
		"clock", "2",
		NULL,
	};
	static const char *const bad[] = {
		"", "bogus", "5", "0xef", "0x100", "utc:smearing=1",
		"utc-smeared:smearing=3", "utc-smeared:smearing=0x100",
		"utc:alarm=1", "utc:offset=", "utc:offset=1x", "tai:foo",
		"utc-smeared:smearing",
	};
	static const char *const no_alarm_clock[] = {
		"clock", "utc", NULL,
	};
	struct timespec ts;
	uint64_t host, v;
	uint8_t q[8] = { 0 };
	struct resp r;
	unsigned int i;
	struct tdev t;

	T_ASSERT(start(&t, opts));
	put_le16(q, VIRTIO_RTC_REQ_CFG);
	T_ASSERT(xfer(&t, q, 8, 16, &r));
	T_EXPECT(is_ok(&r, 16) && get_le16(r.b + 8) == 6);
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, 2, 0, 16, &r));
	T_EXPECT(r.b[8] == VIRTIO_RTC_CLOCK_UTC_SMEARED && r.b[9] == 1 &&
		 r.b[10] == VIRTIO_RTC_FLAG_ALARM_CAP);
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, 3, 0, 16, &r));
	T_EXPECT(r.b[8] == 0xf3 && r.b[9] == 0 && r.b[10] == 0);
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, 4, 0, 16, &r));
	T_EXPECT(r.b[8] == VIRTIO_RTC_CLOCK_UTC_MAYBE_SMEARED &&
		 r.b[10] == VIRTIO_RTC_FLAG_ALARM_CAP);
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_CLOCK_CAP, 5, 0, 16, &r));
	T_EXPECT(r.b[8] == VIRTIO_RTC_CLOCK_MONOTONIC);
	clock_gettime(CLOCK_TAI, &ts);
	host = ts.tv_sec * NS_PER_S + ts.tv_nsec;
	v = clock_now(&t, 1) + 2 * NS_PER_S;
	T_EXPECT(v >= host && v - host < NS_PER_S);
	/* Two alarm clocks, each with its own alarm. */
	post_alarm(&t, 4);
	T_EXPECT(set_alarm(&t, 4, 1, 1) == 0);
	T_EXPECT(notifs(&t, 4) == 1);
	T_EXPECT(set_alarm(&t, 2, 1, 1) == 0);
	T_EXPECT(notifs(&t, 2) == 1);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		T_EXPECT(rtc_model.parse_option(&t.tf.dev,
						rtc_model.options[0].val,
						bad[i]) == -EINVAL);
	for (i = 6; i < RTC_MAX_CLOCKS; i++)
		T_EXPECT(rtc_model.parse_option(&t.tf.dev,
						rtc_model.options[0].val,
						"tai") == 0);
	T_EXPECT(rtc_model.parse_option(&t.tf.dev, rtc_model.options[0].val,
					"tai") == -ENOSPC);
	tdev_fini(&t);

	/* No clock with an alarm: VIRTIO_RTC_F_ALARM is not offered. */
	T_ASSERT(start(&t, no_alarm_clock));
	T_EXPECT(!vdev_has_feature(&t.tf.dev, VIRTIO_RTC_F_ALARM));
	tdev_fini(&t);
}

static void test_alarmq_buffers(void)
{
	uint32_t id, len;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	/* Too small, or readable: given back unused. */
	post_alarm_len(&t, 1, 15);
	T_EXPECT(tring_used(&t.ring[ALARMQ], &id, &len) && len == 0);
	tring_add(&t.ring[ALARMQ], (struct tseg[]){
		  { tguest_alloc(&t.g, 16, 8), 16, false } }, 1);
	tdev_kick(&t, ALARMQ);
	T_EXPECT(tring_used(&t.ring[ALARMQ], &id, &len) && len == 0);
	/* Larger ones are fine; the notification is 16 bytes. */
	post_alarm_len(&t, 1, 32);
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 1) == 0);
	T_EXPECT(notifs(&t, C_SMEARED) == 1);
	tdev_fini(&t);
}

static void test_status_fault(void)
{
	uint8_t q[8] = { 0 };
	struct resp r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	put_le16(q, VIRTIO_RTC_REQ_CFG);
	T_EXPECT(ctl(&t, "fault status=5,type=0x1000,after=1,count=2") == 0);
	T_ASSERT(xfer(&t, q, 8, 16, &r));
	T_EXPECT(is_ok(&r, 16));
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_READ, C_UTC, 0, 16, &r));
	T_EXPECT(is_ok(&r, 16));
	T_ASSERT(xfer(&t, q, 8, 16, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_EIO));
	T_ASSERT(xfer(&t, q, 8, 16, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_EIO));
	T_ASSERT(xfer(&t, q, 8, 16, &r));
	T_EXPECT(is_ok(&r, 16));
	/* Every type; a SET_ALARM answered so is not carried out. */
	T_EXPECT(ctl(&t, "fault status=0x42") == 0);
	T_EXPECT(set_alarm(&t, C_SMEARED, 1, 1) == 0x42);
	T_EXPECT(ctl(&t, "fault off") == 0);
	T_EXPECT(!rtc(&t)->fault.active);
	T_EXPECT(ctl(&t, "alarm 3") == 0 && strstr(ctl_out, "enabled=0"));
	/* Core faults and the model's are separate. */
	T_EXPECT(ctl(&t, "fault status=2,type=1") == 0);
	T_EXPECT(ctl(&t, "fault used-len=3,queue=1") == 0);
	T_EXPECT(rtc(&t)->fault.active);
	T_ASSERT(req16(&t, VIRTIO_RTC_REQ_READ, C_UTC, 0, 16, &r));
	T_EXPECT(is_err(&r, VIRTIO_RTC_S_EOPNOTSUPP));
	T_EXPECT(ctl(&t, "fault status=256") == -EINVAL);
	T_EXPECT(ctl(&t, "fault type=1") == -EINVAL);
	T_EXPECT(ctl(&t, "fault status=1,bogus") == -EINVAL);
	T_EXPECT(ctl(&t, "fault off") == 0);
	T_EXPECT(!rtc(&t)->fault.active && t.tf.dev.fault.len_mode == 0);
	/* The command line path adds to the core settings. */
	T_EXPECT(vdev_control_fault(&t.tf.dev, "status=3", false, stderr) == 0);
	T_EXPECT(rtc(&t)->fault.active && rtc(&t)->fault.status == 3);
	tdev_fini(&t);
}

/*
 * --timing: every READ is one kick and one notification; "timing" reports
 * the samples since the last "timing" (back-end: one per request; guest:
 * one per request after the first) and starts afresh.
 */
static void test_timing(void)
{
	struct tdev t;
	int i;

	T_ASSERT(start(&t, NULL));
	T_EXPECT(ctl(&t, "timing") == -EINVAL);
	T_ASSERT(!vdev_timing_enable(&t.tf.dev.timing));
	T_EXPECT(ctl(&t, "timing x") == -EINVAL);
	for (i = 0; i < 3; i++)
		clock_now(&t, C_UTC);
	T_EXPECT(!ctl(&t, "timing"));
	T_EXPECT(strstr(ctl_out, "vdev: timing backend n=3 median_ns="));
	T_EXPECT(strstr(ctl_out, "vdev: timing guest n=2 median_ns="));
	T_EXPECT(strstr(ctl_out, "vdev: timing counts kicks=3 signals=3 replies=3\n"));
	T_EXPECT(!ctl(&t, "timing"));
	T_EXPECT(strstr(ctl_out, "vdev: timing backend n=0\n"));
	T_EXPECT(strstr(ctl_out, "vdev: timing guest n=0\n"));
	clock_now(&t, C_UTC);
	T_EXPECT(!ctl(&t, "timing"));
	T_EXPECT(strstr(ctl_out, "vdev: timing backend n=1 "));
	T_EXPECT(strstr(ctl_out, "vdev: timing guest n=0\n"));
	T_EXPECT(strstr(ctl_out, "vdev: timing counts kicks=1 signals=1 replies=1\n"));
	tdev_fini(&t);
}

/**
 * rtc_tests() - run the virtio-rtc device test cases
 */
void rtc_tests(void)
{
	tap_run("rtc: wire layout of the uapi header", test_layout);
	tap_run("rtc: CFG and CLOCK_CAP of the default clocks",
		test_cfg_and_caps);
	tap_run("rtc: READ of UTC, TAI, MONOTONIC, UTC_SMEARED", test_read);
	tap_run("rtc: CROSS_CAP and READ_CROSS, known and unknown counters",
		test_cross);
	tap_run("rtc: bad clock ids give ENODEV", test_bad_clock);
	tap_run("rtc: short requests, short and tiny response buffers",
		test_sizes);
	tap_run("rtc: unknown msg_type gives EOPNOTSUPP", test_unknown_type);
	tap_run("rtc: request and response split over descriptors",
		test_split_chain);
	tap_run("rtc: READ_ALARM, SET_ALARM, SET_ALARM_ENABLED",
		test_alarm_requests);
	tap_run("rtc: alarms without VIRTIO_RTC_F_ALARM give ENODEV",
		test_no_alarm_feature);
	tap_run("rtc: alarm expires when the clock reaches it (a)",
		test_expire_by_time);
	tap_run("rtc: SET_ALARM with a past time expires at once (b)",
		test_expire_on_set);
	tap_run("rtc: enabling a reached alarm expires it (c)",
		test_expire_on_enable);
	tap_run("rtc: reset with a retained reached alarm (d)",
		test_expire_on_reset);
	tap_run("rtc: notification deferred until a buffer is posted",
		test_deferred);
	tap_run("rtc: obsolete pending notifications are dropped",
		test_obsolete);
	tap_run("rtc: clock steps through the control hook", test_step);
	tap_run("rtc: alarm, read, clocks, stats control commands",
		test_control);
	tap_run("rtc: --clock options", test_clock_options);
	tap_run("rtc: alarmq buffers that cannot take a notification",
		test_alarmq_buffers);
	tap_run("rtc: status fault", test_status_fault);
	tap_run("rtc: --timing and the timing control command", test_timing);
}
