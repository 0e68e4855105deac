// SPDX-License-Identifier: GPL-2.0
/*
 * Reply fuzzer, SCMI side: the fields of SCMI messages and made-up
 * platform-to-agent messages (see ../fuzz_reply.h).
 *
 * A cmdq reply is a header, a status and a payload; on the eventq a
 * delayed response looks the same and a notification is a header and a
 * payload. Header bits 28-31 are reserved.
 *
 * Made-up events: notifications of every kind the platform sends (with
 * random domains, ids and values, whether the agent asked for them or
 * not), notifications of unknown protocols and messages, and delayed
 * responses to tokens that may wait for nothing. SYSTEM_POWER_STATE
 * notifications are never made up: Linux would shut down or reboot.
 */
#include <endian.h>

#include "../fuzz_reply.h"
#include "../util.h"
#include "scmi.h"

#define HDR_RESERVED_SHIFT	28

static const int32_t fz_status[] = {
	SCMI_SUCCESS, SCMI_NOT_SUPPORTED, SCMI_INVALID_PARAMETERS,
	SCMI_DENIED, SCMI_NOT_FOUND, SCMI_OUT_OF_RANGE, SCMI_BUSY,
	SCMI_COMMS_ERROR, SCMI_GENERIC_ERROR, SCMI_HARDWARE_ERROR,
	SCMI_PROTOCOL_ERROR, -11, -128, 1, 0x7fffffff, INT32_MIN,
};

static const uint8_t fz_protocols[] = {
	0x00, 0x01, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x80, 0xff,
};

static const uint8_t fz_msg_ids[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	0x0b, 0x0c, 0x10, 0x11, 0x7f, 0xff,
};

/**
 * struct fz_event - a notification that can be made up
 * @proto: protocol id
 * @msg: message id
 * @words: payload words (the first two: agent id and domain or id)
 */
struct fz_event {
	uint8_t proto;
	uint8_t msg;
	uint8_t words;
};

static const struct fz_event fz_events[] = {
	{ SCMI_PROTOCOL_BASE, 0x0, 4 },		/* BASE_ERROR_EVENT */
	{ SCMI_PROTOCOL_POWER, 0x0, 3 },	/* POWER_STATE_CHANGED */
	{ SCMI_PROTOCOL_PERF, 0x0, 4 },		/* PERFORMANCE_LIMITS_CHANGED */
	{ SCMI_PROTOCOL_PERF, 0x1, 3 },		/* PERFORMANCE_LEVEL_CHANGED */
	{ SCMI_PROTOCOL_CLOCK, 0x0, 4 },	/* CLOCK_RATE_CHANGED */
	{ SCMI_PROTOCOL_CLOCK, 0x1, 4 },	/* CLOCK_RATE_CHANGE_REQUESTED */
	{ SCMI_PROTOCOL_SENSOR, 0x0, 3 },	/* SENSOR_TRIP_POINT_EVENT */
	{ SCMI_PROTOCOL_SENSOR, 0x1, 6 },	/* SENSOR_UPDATE */
	{ SCMI_PROTOCOL_RESET, 0x0, 3 },	/* RESET_ISSUED */
	{ SCMI_PROTOCOL_SENSOR, 0x7, 3 },	/* no such notification */
	{ 0x80, 0x1, 2 },			/* no such protocol */
};

static uint32_t peek32(const struct vdev_elem *elem, size_t off)
{
	uint32_t v = 0;

	virtq_elem_peek(&elem->v, off, &v, sizeof(v));
	return le32toh(v);
}

static void poke32(const struct vdev_elem *elem, size_t off, uint32_t val)
{
	uint32_t v = htole32(val);

	virtq_elem_write(&elem->v, off, &v, sizeof(v));
}

/* An entry of @table other than @cur (all entries differ). */
static uint32_t other8(struct vdev_fuzz_rng *r, const uint8_t *table,
		       unsigned int n, uint32_t cur)
{
	unsigned int i = vdev_fuzz_below(r, n);

	return table[i] != cur ? table[i] : table[(i + 1) % n];
}

static void scmi_fz_describe(struct vdev *dev, const struct vdev_elem *elem,
			     uint32_t len, struct vdev_fuzz_msg *m)
{
	bool status = elem->queue == SCMI_CMDQ;

	if (!status && len >= 4 &&
	    SCMI_HDR_TYPE(peek32(elem, 0)) == SCMI_TYPE_DELAYED)
		status = true;
	m->hdr = status ? 8 : 4;
	m->kinds = 0;
	if (len < 4)
		return;
	m->kinds = BIT(VDEV_FZ_PROTOCOL) | BIT(VDEV_FZ_MSG_ID) |
		   BIT(VDEV_FZ_MSG_TYPE) | BIT(VDEV_FZ_TOKEN) |
		   BIT(VDEV_FZ_RESERVED);
	if (status && len >= 8)
		m->kinds |= BIT(VDEV_FZ_STATUS);
}

static int64_t scmi_fz_mutate(struct vdev *dev, const struct vdev_elem *elem,
			      uint32_t len, enum vdev_fuzz_kind kind,
			      struct vdev_fuzz_rng *r)
{
	uint32_t hdr = peek32(elem, 0), v;
	unsigned int i;
	int32_t st;

	switch (kind) {
	case VDEV_FZ_STATUS:
		i = vdev_fuzz_below(r, ARRAY_SIZE(fz_status));
		st = fz_status[i];
		if ((uint32_t)st == peek32(elem, 4))
			st = fz_status[(i + 1) % ARRAY_SIZE(fz_status)];
		poke32(elem, 4, (uint32_t)st);
		return st;
	case VDEV_FZ_PROTOCOL:
		v = other8(r, fz_protocols, ARRAY_SIZE(fz_protocols),
			   SCMI_HDR_PROTOCOL(hdr));
		hdr = (hdr & ~(0xffu << 10)) | v << 10;
		break;
	case VDEV_FZ_MSG_ID:
		if (vdev_fuzz_below(r, 4))
			v = other8(r, fz_msg_ids, ARRAY_SIZE(fz_msg_ids),
				   SCMI_HDR_ID(hdr));
		else
			v = (SCMI_HDR_ID(hdr) + 1 + vdev_fuzz_below(r, 255)) &
			    0xff;
		hdr = (hdr & ~0xffu) | v;
		break;
	case VDEV_FZ_MSG_TYPE:
		v = (SCMI_HDR_TYPE(hdr) + 1 + vdev_fuzz_below(r, 3)) & 3;
		hdr = (hdr & ~(3u << 8)) | v << 8;
		break;
	case VDEV_FZ_TOKEN:
		/* Near tokens are likely to be in flight. */
		v = vdev_fuzz_below(r, 2) ? 1 + vdev_fuzz_below(r, 4) :
		    1 + vdev_fuzz_below(r, 0x3ff);
		if (vdev_fuzz_below(r, 2))
			v = 0x400 - v;
		v = (SCMI_HDR_TOKEN(hdr) + v) & 0x3ff;
		hdr = (hdr & ~(0x3ffu << 18)) | v << 18;
		break;
	default:
		v = 1 + vdev_fuzz_below(r, 15);
		hdr = (hdr & ~(0xfu << HDR_RESERVED_SHIFT)) |
		      v << HDR_RESERVED_SHIFT;
		break;
	}
	poke32(elem, 0, hdr);
	return v;
}

static uint32_t fz_value(struct vdev_fuzz_rng *r)
{
	switch (vdev_fuzz_below(r, 4)) {
	case 0:
		return vdev_fuzz_below(r, 8);
	case 1:
		return 0xffffffff - vdev_fuzz_below(r, 2);
	default:
		return vdev_fuzz_u64(r);
	}
}

static uint32_t scmi_fz_event(struct vdev *dev, const struct vdev_elem *elem,
			      struct vdev_fuzz_rng *r)
{
	uint32_t buf[2 + 8], n, i;
	uint64_t wr = elem->v.wr_len;
	uint8_t proto, msg;

	if (vdev_fuzz_below(r, 4)) {
		const struct fz_event *e =
			&fz_events[vdev_fuzz_below(r, ARRAY_SIZE(fz_events))];

		buf[0] = SCMI_HDR(e->proto, e->msg, SCMI_TYPE_NOTIFICATION, 0);
		buf[1] = vdev_fuzz_below(r, 2) ? SCMI_AGENT_PLATFORM :
			 fz_value(r);
		n = 1 + e->words;
	} else {
		/* A delayed response, likely to a token not in flight. */
		proto = fz_protocols[vdev_fuzz_below(r, ARRAY_SIZE(fz_protocols))];
		msg = fz_msg_ids[vdev_fuzz_below(r, ARRAY_SIZE(fz_msg_ids))];
		buf[0] = SCMI_HDR(proto, msg, SCMI_TYPE_DELAYED,
				  vdev_fuzz_below(r, 0x400));
		buf[1] = (uint32_t)fz_status[vdev_fuzz_below(r, 4)];
		n = 2 + vdev_fuzz_below(r, 5);
	}
	for (i = 2; i < n; i++)
		buf[i] = fz_value(r);
	for (i = 0; i < n; i++)
		buf[i] = htole32(buf[i]);
	n *= sizeof(uint32_t);
	if (n > wr)
		n = wr;
	virtq_elem_write(&elem->v, 0, buf, n);
	return n;
}

const struct vdev_fuzz_ops scmi_fuzz_ops = {
	.event_queue = SCMI_EVENTQ,
	.kinds = BIT(VDEV_FZ_STATUS) | BIT(VDEV_FZ_PROTOCOL) |
		 BIT(VDEV_FZ_MSG_ID) | BIT(VDEV_FZ_MSG_TYPE) |
		 BIT(VDEV_FZ_TOKEN) | BIT(VDEV_FZ_RESERVED),
	.describe = scmi_fz_describe,
	.mutate = scmi_fz_mutate,
	.event = scmi_fz_event,
};
