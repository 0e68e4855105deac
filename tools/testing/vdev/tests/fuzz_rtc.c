// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: virtio-rtc requests and what every answer must look like.
 *
 * Every request type of the uapi header is sent with clock ids around the
 * configured clocks, boundary and random flags, counters and alarm times
 * (some just ahead of the clock, so that alarms expire into alarmq), then
 * types, reserved bytes and lengths are mutated. The answer rules are the
 * ones at the top of rtc/request.c.
 */
#include <endian.h>
#include <stddef.h>
#include <string.h>

#include <linux/virtio_rtc.h>

#include "../models.h"
#include "../rtc/rtc.h"
#include "../util.h"
#include "fuzz.h"

#define RTC_TYPE(t, name)						\
	{ VIRTIO_RTC_REQ_##t, sizeof(struct virtio_rtc_req_##name),	\
	  sizeof(struct virtio_rtc_resp_##name) }

static const struct fz_rtc_type {
	uint16_t type;
	size_t req;
	size_t resp;
} fz_rtc_types[] = {
	RTC_TYPE(READ, read),
	RTC_TYPE(READ_CROSS, read_cross),
	RTC_TYPE(CFG, cfg),
	RTC_TYPE(CLOCK_CAP, clock_cap),
	RTC_TYPE(CROSS_CAP, cross_cap),
	RTC_TYPE(READ_ALARM, read_alarm),
	RTC_TYPE(SET_ALARM, set_alarm),
	RTC_TYPE(SET_ALARM_ENABLED, set_alarm_enabled),
};

static struct rtc_dev *rtc(struct fz *f)
{
	return vdev_priv(&f->t.tf.dev);
}

static const struct fz_rtc_type *find_type(uint16_t type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fz_rtc_types); i++)
		if (fz_rtc_types[i].type == type)
			return &fz_rtc_types[i];
	return NULL;
}

static uint16_t pick_clock(struct fz *f, struct fz_rng *r)
{
	if (fz_chance(r, 1, 8))
		return fz_value32(r);
	return fz_below(r, rtc(f)->num_clocks + 2);
}

/* An alarm time: soon on that clock, now, the past, or extremes. */
static uint64_t pick_alarm(struct fz *f, struct fz_rng *r, uint16_t id)
{
	struct rtc_clock *c = rtc_clock_get(rtc(f), id);
	uint64_t now = c ? rtc_clock_read(c) : 0;

	switch (fz_below(r, 6)) {
	case 0:
		return now + fz_below(r, 3000000);
	case 1:
		return now - fz_below(r, 1000000000);
	case 2:
		return 0;
	case 3:
		return UINT64_MAX - fz_below(r, 2);
	case 4:
		return fz_u64(r);
	default:
		return now + 1000000000ull * (1 + fz_below(r, 100));
	}
}

static uint8_t pick_flags(struct fz_rng *r)
{
	return fz_chance(r, 1, 8) ? fz_u64(r) : fz_below(r, 2);
}

static uint8_t pick_counter(struct fz_rng *r)
{
	static const uint8_t c[] = {
		VIRTIO_RTC_COUNTER_ARM_VCT, VIRTIO_RTC_COUNTER_X86_TSC,
		VIRTIO_RTC_COUNTER_INVALID, 2,
	};

	return fz_chance(r, 1, 8) ? fz_u64(r) : c[fz_below(r, ARRAY_SIZE(c))];
}

static void fill(struct fz *f, struct fz_rng *r, uint16_t type,
		 union virtio_rtc_req_requestq *u)
{
	uint16_t id = pick_clock(f, r);

	memset(u, 0, sizeof(*u));
	u->read.head.msg_type = htole16(type);
	switch (type) {
	case VIRTIO_RTC_REQ_READ_CROSS:
	case VIRTIO_RTC_REQ_CROSS_CAP:
		u->read_cross.clock_id = htole16(id);
		u->read_cross.hw_counter = pick_counter(r);
		break;
	case VIRTIO_RTC_REQ_SET_ALARM:
		u->set_alarm.clock_id = htole16(id);
		u->set_alarm.alarm_time = htole64(pick_alarm(f, r, id));
		u->set_alarm.flags = pick_flags(r);
		break;
	case VIRTIO_RTC_REQ_SET_ALARM_ENABLED:
		u->set_alarm_enabled.clock_id = htole16(id);
		u->set_alarm_enabled.flags = pick_flags(r);
		break;
	case VIRTIO_RTC_REQ_CFG:
		break;
	default:
		/* READ, CLOCK_CAP, READ_ALARM: the id right after the head. */
		u->read.clock_id = htole16(id);
		break;
	}
}

/* Change the type, reserved bytes or lengths of a well-formed request. */
static void mutate(struct fz_rng *r, struct fz_req *q, uint16_t *type,
		   size_t *resp)
{
	switch (fz_below(r, 6)) {
	case 0:
		*type = fz_chance(r, 1, 2) ? fz_u64(r) :
			(uint16_t)(*type + 1 - fz_below(r, 3));
		break;
	case 1:
		q->len = fz_below(r, q->len);
		break;
	case 2:
		q->len += 1 + fz_below(r, 40);
		break;
	case 3:
		*resp = fz_below(r, *resp);
		break;
	default:
		/* Reserved bytes and fields. */
		fz_flip_bytes(r, q, 2);
		break;
	}
}

static void rtc_gen(struct fz *f, struct fz_rng *r, struct fz_req *q)
{
	const struct fz_rtc_type *t;
	union virtio_rtc_req_requestq u;
	uint16_t type;
	size_t resp, i;

	if (fz_chance(r, 1, 8)) {
		fz_random_req(r, q, 16);
		return;
	}
	t = &fz_rtc_types[fz_below(r, ARRAY_SIZE(fz_rtc_types))];
	fill(f, r, t->type, &u);
	memcpy(q->b, &u, sizeof(u));
	q->len = t->req;
	resp = t->resp;
	type = t->type;
	q->kind = FZ_R_VALID;
	if (fz_chance(r, 1, 3)) {
		q->kind = FZ_R_MUTATED;
		mutate(r, q, &type, &resp);
		type = htole16(type);
		memcpy(q->b, &type, 2);
		for (i = sizeof(u); i < q->len; i++)
			q->b[i] = fz_u64(r);
	}
	q->wr = fz_reply_room(r, resp);
}

/* The status rtc/request.c must give before running the request. */
static int early_status(const struct fz_chain *ch, size_t *ok_len)
{
	const struct fz_rtc_type *t;
	uint16_t type;

	if (ch->rd_len < sizeof(struct virtio_rtc_req_head))
		return VIRTIO_RTC_S_EINVAL;
	memcpy(&type, ch->rq, 2);
	t = find_type(le16toh(type));
	if (!t)
		return VIRTIO_RTC_S_EOPNOTSUPP;
	*ok_len = t->resp;
	if (ch->rd_len < t->req || ch->wr_len < t->resp)
		return VIRTIO_RTC_S_EINVAL;
	return -1;
}

static bool zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static const char *rtc_check(struct fz *f, const struct fz_chain *ch,
			     const uint8_t *rs, uint32_t used)
{
	size_t ok_len = 0;
	int early;

	if (ch->wr_len < sizeof(struct virtio_rtc_resp_head))
		return used ? "answer without room for a status" : NULL;
	if (used < sizeof(struct virtio_rtc_resp_head) || used > ch->wr_len)
		return "used length not between 8 and the reply room";
	if (!ch->check_reply)
		return NULL;
	if (rs[0] != VIRTIO_RTC_S_OK && rs[0] != VIRTIO_RTC_S_EOPNOTSUPP &&
	    rs[0] != VIRTIO_RTC_S_ENODEV && rs[0] != VIRTIO_RTC_S_EINVAL &&
	    rs[0] != VIRTIO_RTC_S_EIO)
		return "undefined status";
	if (!zero(rs + 1, 7))
		return "reserved bytes of the head not zero";
	if (rs[0])
		f->stats.status_err++;
	else
		f->stats.status_ok++;
	early = early_status(ch, &ok_len);
	if (early >= 0 && rs[0] != early)
		return "wrong status for a bad type or length";
	if (rs[0] != VIRTIO_RTC_S_OK &&
	    used != sizeof(struct virtio_rtc_resp_head))
		return "error answer longer than the head";
	if (rs[0] == VIRTIO_RTC_S_OK && used != ok_len)
		return "answer length is not the response size";
	return NULL;
}

static const char *rtc_check_event(struct fz *f, const struct fz_chain *ch,
				   const uint8_t *rs, uint32_t used)
{
	if (ch->rd_len || ch->wr_len < fz_rtc.event_min)
		return used ? "unusable alarmq buffer used" : NULL;
	if (used != sizeof(struct virtio_rtc_notif_alarm))
		return "alarm notification of the wrong length";
	return NULL;
}

static uint64_t rtc_served(struct fz *f)
{
	const struct rtc_stats *s = &rtc(f)->stats;
	uint64_t n = s->unanswered;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->requests); i++)
		n += s->requests[i];
	return n;
}

const struct fz_model fz_rtc = {
	.name = "rtc",
	.model = &rtc_model,
	.gen = rtc_gen,
	.check = rtc_check,
	.check_event = rtc_check_event,
	.served = rtc_served,
	.event_min = sizeof(union virtio_rtc_notif_alarmq),
};
