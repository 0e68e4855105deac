// SPDX-License-Identifier: GPL-2.0
/*
 * A device under the reply fuzzer, for its tests (see fuzz_reply_dev.h).
 *
 * Requests cycle through a few well-formed messages of the model: SCMI
 * Base and Clock queries and a command of a protocol the platform lacks;
 * virtio-rtc CFG, CLOCK_CAP, READ, READ_ALARM, CROSS_CAP and a SET_ALARM
 * in the past, which sends an alarm notification at once. Each is checked,
 * when asked, against the reply a correct device gives.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/virtio_rtc.h>

#include "../models.h"
#include "../rtc/rtc.h"
#include "../scmi/scmi.h"
#include "../vdev.h"
#include "fuzz_reply_dev.h"
#include "../util.h"

#define GUARD_BYTE	0xa5
#define FILL_BYTE	0xee
#define KINDS		6
#define ALARM_CLOCK	3	/* the default clock with an alarm */

/* A reply as it must be, by request kind: used length and status. */
struct expect {
	uint32_t len;
	int32_t status;
};

static const struct expect scmi_expect[KINDS] = {
	{ 12, SCMI_SUCCESS },		/* Base PROTOCOL_VERSION */
	{ 12, SCMI_SUCCESS },		/* Base PROTOCOL_ATTRIBUTES */
	{ 24, SCMI_SUCCESS },		/* Base DISCOVER_VENDOR */
	{ 8, SCMI_NOT_SUPPORTED },	/* protocol 0x99 */
	{ 12, SCMI_SUCCESS },		/* Clock PROTOCOL_VERSION */
	{ 12, SCMI_SUCCESS },		/* Clock PROTOCOL_ATTRIBUTES */
};

static const struct expect rtc_expect[KINDS] = {
	{ sizeof(struct virtio_rtc_resp_cfg), VIRTIO_RTC_S_OK },
	{ sizeof(struct virtio_rtc_resp_clock_cap), VIRTIO_RTC_S_OK },
	{ sizeof(struct virtio_rtc_resp_read), VIRTIO_RTC_S_OK },
	{ sizeof(struct virtio_rtc_resp_read_alarm), VIRTIO_RTC_S_OK },
	{ sizeof(struct virtio_rtc_resp_cross_cap), VIRTIO_RTC_S_OK },
	{ sizeof(struct virtio_rtc_resp_set_alarm), VIRTIO_RTC_S_OK },
};

/* Guest memory with guard bytes around it. */
static uint64_t alloc_guarded(struct rdev *rd, size_t len)
{
	uint64_t gpa = tguest_alloc(&rd->t.g, len + 2 * RD_GUARD, 8);

	memset(tguest_ptr(&rd->t.g, gpa), GUARD_BYTE, len + 2 * RD_GUARD);
	return gpa + RD_GUARD;
}

static bool guarded_ok(struct rdev *rd, uint64_t gpa, size_t len)
{
	const uint8_t *p = tguest_ptr(&rd->t.g, gpa - RD_GUARD);
	unsigned int i;

	for (i = 0; i < RD_GUARD; i++)
		if (p[i] != GUARD_BYTE || p[RD_GUARD + len + i] != GUARD_BYTE)
			return false;
	return true;
}

/**
 * rd_start() - a device with its rings running and the fuzzer off
 * @rd: test device
 * @model: scmi_model or rtc_model
 * @ring_features: --ring-features list, or NULL
 *
 * Return: 0, or -1 if a step failed (then call rd_fini() anyway).
 */
int rd_start(struct rdev *rd, const struct vdev_model *model,
	     const char *ring_features)
{
	unsigned int i;

	memset(rd, 0, sizeof(*rd));
	rd->t.g.fd = -1;
	memset(rd->t.kick, -1, sizeof(rd->t.kick));
	memset(rd->t.call, -1, sizeof(rd->t.call));
	rd->scmi = model == &scmi_model;
	rd->ev_size = rd->scmi ? 64 : sizeof(union virtio_rtc_notif_alarmq);
	if (tf_init(&rd->t.tf, model))
		return -1;
	if (ring_features && vdev_ring_features(rd_dev(rd), ring_features))
		return -1;
	if (tdev_start(&rd->t, RD_RING))
		return -1;
	for (i = 0; i < RD_RING / 2; i++) {
		rd->req[i] = alloc_guarded(rd, RD_REQ);
		rd->resp[i] = alloc_guarded(rd, RD_RESP);
	}
	for (i = 0; i < RD_RING; i++)
		rd->ev[i] = alloc_guarded(rd, rd->ev_size);
	return 0;
}

/**
 * rd_fini() - disconnect and free everything
 * @rd: test device
 */
void rd_fini(struct rdev *rd)
{
	tdev_fini(&rd->t);
}

/**
 * rd_dev() - the device inside
 * @rd: test device
 *
 * Return: the device.
 */
struct vdev *rd_dev(struct rdev *rd)
{
	return &rd->t.tf.dev;
}

/**
 * rd_fuzz() - run a "fuzz" control command, output dropped
 * @rd: test device
 * @args: its words
 *
 * Return: the command's result.
 */
int rd_fuzz(struct rdev *rd, const char *args)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int ret;

	if (!out)
		return -1;
	ret = vdev_fuzz_control(rd_dev(rd), args, out);
	fclose(out);
	free(text);
	return ret;
}

/**
 * rd_held() - event buffers the device holds now
 * @rd: test device
 *
 * Return: their number.
 */
unsigned int rd_held(struct rdev *rd)
{
	struct vdev_queue *q = vdev_queue(rd_dev(rd), 1);
	unsigned int n = 0;
	struct vlist *pos;

	for (pos = q->held.next; pos != &q->held; pos = pos->next)
		n++;
	return n;
}

/**
 * rd_top_up() - give the device event buffers up to RD_EVENTS held
 * @rd: test device
 */
void rd_top_up(struct rdev *rd)
{
	struct tring *r = &rd->t.ring[1];
	unsigned int n = rd_held(rd);
	struct tseg seg = { 0, rd->ev_size, true };

	if (n >= RD_EVENTS)
		return;
	for (; n < RD_EVENTS; n++) {
		seg.gpa = rd->ev[r->next_desc % RD_RING];
		memset(tguest_ptr(&rd->t.g, seg.gpa), FILL_BYTE, rd->ev_size);
		tring_add(r, &seg, 1);
	}
	tdev_kick(&rd->t, 1);
}

/* Request number @n into @b; returns its length. */
static size_t build(bool scmi, unsigned int n, uint8_t *b)
{
	static const uint8_t scmi_msgs[KINDS][2] = {
		{ SCMI_PROTOCOL_BASE, 0x0 }, { SCMI_PROTOCOL_BASE, 0x1 },
		{ SCMI_PROTOCOL_BASE, 0x3 }, { 0x99, 0x0 },
		{ SCMI_PROTOCOL_CLOCK, 0x0 }, { SCMI_PROTOCOL_CLOCK, 0x1 },
	};
	static const uint16_t rtc_types[KINDS] = {
		VIRTIO_RTC_REQ_CFG, VIRTIO_RTC_REQ_CLOCK_CAP,
		VIRTIO_RTC_REQ_READ, VIRTIO_RTC_REQ_READ_ALARM,
		VIRTIO_RTC_REQ_CROSS_CAP, VIRTIO_RTC_REQ_SET_ALARM,
	};
	unsigned int k = n % KINDS;
	uint32_t hdr;

	memset(b, 0, RD_REQ);
	if (scmi) {
		hdr = htole32(SCMI_HDR(scmi_msgs[k][0], scmi_msgs[k][1],
				       SCMI_TYPE_COMMAND, n & 0x3ff));
		memcpy(b, &hdr, sizeof(hdr));
		return sizeof(hdr);
	}
	put_le16(b, rtc_types[k]);
	switch (rtc_types[k]) {
	case VIRTIO_RTC_REQ_CFG:
		return sizeof(struct virtio_rtc_req_cfg);
	case VIRTIO_RTC_REQ_SET_ALARM:
		/* alarm_time 0, long past: it expires at once */
		put_le16(b + offsetof(struct virtio_rtc_req_set_alarm, clock_id),
			 ALARM_CLOCK);
		b[offsetof(struct virtio_rtc_req_set_alarm, flags)] =
			VIRTIO_RTC_FLAG_ALARM_ENABLED;
		return sizeof(struct virtio_rtc_req_set_alarm);
	default:
		/* clock_id at offset 8 in all the others */
		put_le16(b + 8, k == 3 ? ALARM_CLOCK : (n / KINDS) % 4);
		return 16;
	}
}

/**
 * rd_request() - send the next request of the cycle and let it run
 * @rd: test device
 *
 * Return: its head.
 */
uint16_t rd_request(struct rdev *rd)
{
	struct tring *r = &rd->t.ring[0];
	unsigned int slot = (r->next_desc % RD_RING) / 2;
	uint8_t *rq = tguest_ptr(&rd->t.g, rd->req[slot]);
	uint8_t buf[RD_REQ];
	size_t len = build(rd->scmi, rd->sent, buf);
	struct tseg segs[2] = {
		{ rd->req[slot], len, false }, { rd->resp[slot], RD_RESP, true },
	};
	uint16_t head;

	memcpy(rq, buf, RD_REQ);
	memset(tguest_ptr(&rd->t.g, rd->resp[slot]), FILL_BYTE, RD_RESP);
	head = tring_add(r, segs, 2);
	tdev_kick(&rd->t, 0);
	rd->sent++;
	/* The device never writes what it reads. */
	if (memcmp(rq, buf, RD_REQ))
		rd->bad++;
	return head;
}

static bool reply_ok(struct rdev *rd, uint32_t id, uint32_t used)
{
	const uint8_t *rq, *rs;
	const struct expect *e;
	unsigned int k;

	if (id >= RD_RING || id % 2)
		return false;
	rq = tguest_ptr(&rd->t.g, rd->req[id / 2]);
	rs = tguest_ptr(&rd->t.g, rd->resp[id / 2]);
	if (rd->scmi) {
		for (k = 0; k < KINDS; k++) {
			uint8_t b[RD_REQ];

			build(true, k, b);
			if (SCMI_HDR_PROTOCOL(get_le32(b)) ==
			    SCMI_HDR_PROTOCOL(get_le32(rq)) &&
			    SCMI_HDR_ID(get_le32(b)) == SCMI_HDR_ID(get_le32(rq)))
				break;
		}
		e = &scmi_expect[k % KINDS];
		return used == e->len && get_le32(rs) == get_le32(rq) &&
		       (int32_t)get_le32(rs + 4) == e->status;
	}
	for (k = 0; k < KINDS; k++) {
		uint8_t b[RD_REQ];

		build(false, k, b);
		if (get_le16(b) == get_le16(rq))
			break;
	}
	e = &rtc_expect[k % KINDS];
	for (k = 1; k < sizeof(struct virtio_rtc_resp_head); k++)
		if (rs[k])
			return false;
	return used == e->len && rs[0] == e->status;
}

static bool event_ok(struct rdev *rd, uint32_t id, uint32_t used)
{
	struct rtc_dev *r = vdev_priv(rd_dev(rd));
	const uint8_t *ev;
	uint16_t clock;
	unsigned int i;

	if (id >= RD_RING || used > rd->ev_size)
		return false;
	ev = tguest_ptr(&rd->t.g, rd->ev[id]);
	if (rd->scmi)
		return used >= 4 && SCMI_HDR_TYPE(get_le32(ev)) >= 2;
	clock = get_le16(ev + offsetof(struct virtio_rtc_notif_alarm, clock_id));
	for (i = 2; i < used; i++)
		if (i != 8 && i != 9 && ev[i])
			return false;
	return used == sizeof(struct virtio_rtc_notif_alarm) &&
	       get_le16(ev) == VIRTIO_RTC_NOTIF_ALARM &&
	       clock < r->num_clocks && r->clocks[clock].alarm_cap;
}

/**
 * rd_drain() - take every used entry of both queues
 * @rd: test device
 * @check: count entries that are not what a correct device sends in
 *	@rd->bad
 *
 * An index that jumped further than two rings is followed at once.
 *
 * Return: entries taken.
 */
unsigned int rd_drain(struct rdev *rd, bool check)
{
	unsigned int q, n = 0;
	uint32_t id, len;

	for (q = 0; q < 2; q++) {
		struct tring *r = &rd->t.ring[q];
		uint16_t idx = le16toh(__atomic_load_n(&r->used->idx,
						       __ATOMIC_ACQUIRE));

		tdev_called(&rd->t, q);
		if ((uint16_t)(idx - r->last_used) > 2 * RD_RING) {
			r->last_used = idx;
			rd->bad += check;
			continue;
		}
		while (tring_used(r, &id, &len)) {
			n++;
			if (q == 0)
				rd->replies++;
			else
				rd->events++;
			if (check && !(q ? event_ok(rd, id, len) :
				       reply_ok(rd, id, len)))
				rd->bad++;
		}
	}
	return n;
}

/**
 * rd_run() - @n rounds of: event buffers, one request, drain
 * @rd: test device
 * @n: rounds
 * @check: check every entry (see rd_drain())
 */
void rd_run(struct rdev *rd, unsigned int n, bool check)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		rd_top_up(rd);
		rd_request(rd);
		rd_drain(rd, check);
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/**
 * rd_wait() - run the device's event loop for @ms milliseconds
 * @rd: test device
 * @ms: time
 */
void rd_wait(struct rdev *rd, unsigned int ms)
{
	uint64_t end = now_ms() + ms, now;

	while ((now = now_ms()) < end)
		loop_iterate(&rd->t.tf.loop, end - now);
	tf_pump(&rd->t.tf);
}

/**
 * rd_guards_ok() - nothing was written around any buffer
 * @rd: test device
 *
 * Return: true if every guard byte is intact.
 */
bool rd_guards_ok(struct rdev *rd)
{
	unsigned int i;

	for (i = 0; i < RD_RING / 2; i++)
		if (!guarded_ok(rd, rd->req[i], RD_REQ) ||
		    !guarded_ok(rd, rd->resp[i], RD_RESP))
			return false;
	for (i = 0; i < RD_RING; i++)
		if (!guarded_ok(rd, rd->ev[i], rd->ev_size))
			return false;
	return true;
}

static bool stop_queue(struct rdev *rd, unsigned int q)
{
	struct vhost_user_vring_state st = { q, 0 };

	if (tf_send(&rd->t.tf, VHOST_USER_GET_VRING_BASE, VHOST_USER_VERSION,
		    &st, sizeof(st), NULL, 0))
		return false;
	return tf_recv(&rd->t.tf, VHOST_USER_GET_VRING_BASE, &st,
		       sizeof(st)) == sizeof(st) && st.index == q;
}

/**
 * rd_reset_queue() - reset queue @q alone: stop it, then a new ring
 * @rd: test device
 * @q: queue
 *
 * What a front-end does for VIRTIO_F_RING_RESET.
 *
 * Return: true if every message was acked.
 */
bool rd_reset_queue(struct rdev *rd, unsigned int q)
{
	return stop_queue(rd, q) && !tdev_queue(&rd->t, q, RD_RING);
}

/**
 * rd_reset() - reset the device as a front-end does, then new rings
 * @rd: test device
 * @how: RD_RESET_*
 *
 * Return: true if every message was acked.
 */
bool rd_reset(struct rdev *rd, int how)
{
	struct vhost_user_vring_state st = { 0, 0 };
	struct tfront *tf = &rd->t.tf;
	unsigned int q;

	for (q = 0; q < 2; q++) {
		st.index = q;
		if (how == RD_RESET_DISABLE &&
		    tf_ack(tf, VHOST_USER_SET_VRING_ENABLE, &st, sizeof(st),
			   NULL, 0))
			return false;
		if (how == RD_RESET_STOP && !stop_queue(rd, q))
			return false;
	}
	if (how == RD_RESET_STOP &&
	    tf_ack(tf, VHOST_USER_RESET_OWNER, NULL, 0, NULL, 0))
		return false;
	if (how == RD_RESET_DEVICE &&
	    tf_ack(tf, VHOST_USER_RESET_DEVICE, NULL, 0, NULL, 0))
		return false;
	return !tdev_queue(&rd->t, 0, RD_RING) &&
	       !tdev_queue(&rd->t, 1, RD_RING);
}
