// SPDX-License-Identifier: GPL-2.0
/*
 * Reply fuzzer, virtio-rtc side: the fields of requestq responses and
 * alarmq notifications, and made-up alarm notifications (see
 * ../fuzz_reply.h).
 *
 * A response starts with the status byte and 7 reserved bytes; some
 * responses have flags with reserved bits and reserved bytes of their own,
 * found from the msg_type of the request. A notification starts with
 * msg_type and 6 reserved bytes, then the clock id and 6 reserved bytes.
 * Made-up alarms name a clock with an alarm, a clock without one, or no
 * clock at all.
 */
#include <endian.h>
#include <stddef.h>

#include "../fuzz_reply.h"
#include "../util.h"
#include "rtc.h"

#define HEAD_SIZE	sizeof(struct virtio_rtc_resp_head)
#define NOTIF_CLOCK	offsetof(struct virtio_rtc_notif_alarm, clock_id)

static const uint8_t fz_status[] = {
	VIRTIO_RTC_S_OK, VIRTIO_RTC_S_EOPNOTSUPP, VIRTIO_RTC_S_ENODEV,
	VIRTIO_RTC_S_EINVAL, VIRTIO_RTC_S_EIO, 1, 6, 0x7f, 0x80, 0xff,
};

static const uint16_t fz_msg_types[] = {
	0x0000, VIRTIO_RTC_REQ_READ, VIRTIO_RTC_REQ_CFG,
	VIRTIO_RTC_REQ_SET_ALARM_ENABLED, 0x1fff, VIRTIO_RTC_NOTIF_ALARM,
	VIRTIO_RTC_NOTIF_ALARM + 1, 0x2fff, 0x8000, 0xffff,
};

/**
 * struct fz_field - reserved bytes, or a flags byte, of a message
 * @off: offset
 * @end: end of the reserved bytes; 0 for a flags byte
 * @valid: bits defined in a flags byte
 */
struct fz_field {
	uint8_t off;
	uint8_t end;
	uint8_t valid;
};

/* Every reserved array ends its struct. */
#define RESV(type, field)	{ offsetof(type, field), sizeof(type), 0 }
#define FLAGS(type, field, mask) { offsetof(type, field), 0, mask }

/**
 * struct fz_layout - the reserved fields of one response
 * @msg_type: msg_type of the request
 * @fields: its reserved bytes and flags after the head
 * @num: entries in @fields
 */
struct fz_layout {
	uint16_t msg_type;
	struct fz_field fields[2];
	unsigned int num;
};

static const struct fz_layout fz_layouts[] = {
	{ VIRTIO_RTC_REQ_CFG,
	  { RESV(struct virtio_rtc_resp_cfg, reserved) }, 1 },
	{ VIRTIO_RTC_REQ_CLOCK_CAP,
	  { FLAGS(struct virtio_rtc_resp_clock_cap, flags,
		  VIRTIO_RTC_FLAG_ALARM_CAP),
	    RESV(struct virtio_rtc_resp_clock_cap, reserved) }, 2 },
	{ VIRTIO_RTC_REQ_CROSS_CAP,
	  { FLAGS(struct virtio_rtc_resp_cross_cap, flags,
		  VIRTIO_RTC_FLAG_CROSS_CAP),
	    RESV(struct virtio_rtc_resp_cross_cap, reserved) }, 2 },
	{ VIRTIO_RTC_REQ_READ_ALARM,
	  { FLAGS(struct virtio_rtc_resp_read_alarm, flags,
		  VIRTIO_RTC_FLAG_ALARM_ENABLED),
	    RESV(struct virtio_rtc_resp_read_alarm, reserved) }, 2 },
};

static const struct fz_field fz_resp_head =
	RESV(struct virtio_rtc_resp_head, reserved);
static const struct fz_field fz_notif_fields[] = {
	RESV(struct virtio_rtc_notif_head, reserved),
	RESV(struct virtio_rtc_notif_alarm, reserved),
};

static uint16_t peek16(const struct vdev_elem *elem, size_t off)
{
	uint16_t v = 0;

	virtq_elem_peek(&elem->v, off, &v, sizeof(v));
	return le16toh(v);
}

static void poke16(const struct vdev_elem *elem, size_t off, uint16_t val)
{
	uint16_t v = htole16(val);

	virtq_elem_write(&elem->v, off, &v, sizeof(v));
}

static void rtc_fz_describe(struct vdev *dev, const struct vdev_elem *elem,
			    uint32_t len, struct vdev_fuzz_msg *m)
{
	m->hdr = HEAD_SIZE;
	m->kinds = 0;
	if (elem->queue == RTC_REQUESTQ) {
		if (len >= 1)
			m->kinds |= BIT(VDEV_FZ_STATUS);
		if (len >= 2)
			m->kinds |= BIT(VDEV_FZ_RESERVED);
		return;
	}
	if (len >= 2)
		m->kinds |= BIT(VDEV_FZ_MSG_TYPE);
	if (len >= 3)
		m->kinds |= BIT(VDEV_FZ_RESERVED);
	if (len >= NOTIF_CLOCK + 2)
		m->kinds |= BIT(VDEV_FZ_CLOCK_ID);
}

/*
 * The reserved fields of @elem's message, cut to its first @len bytes,
 * into @out (room for 3). Returns how many.
 */
static unsigned int reserved_fields(const struct vdev_elem *elem,
				    uint32_t len, struct fz_field *out)
{
	const struct fz_field *f = fz_notif_fields;
	unsigned int i, n = 0, num = ARRAY_SIZE(fz_notif_fields);
	struct fz_field all[3];
	uint16_t type = 0;

	if (elem->queue == RTC_REQUESTQ) {
		all[n++] = fz_resp_head;
		num = 0;
		virtq_elem_read(&elem->v, 0, &type, sizeof(type));
		type = le16toh(type);
		for (i = 0; i < ARRAY_SIZE(fz_layouts); i++) {
			if (fz_layouts[i].msg_type == type) {
				f = fz_layouts[i].fields;
				num = fz_layouts[i].num;
			}
		}
	}
	for (i = 0; i < num; i++)
		all[n++] = f[i];
	num = n;
	for (i = 0, n = 0; i < num; i++) {
		if (all[i].off >= len)
			continue;
		out[n] = all[i];
		if (!out[n].end)
			out[n].end = out[n].off + 1;
		if (out[n].end > len)
			out[n].end = len;
		n++;
	}
	return n;
}

/* Set a reserved byte, or a flag that is not defined. */
static int64_t set_reserved(const struct vdev_elem *elem, uint32_t len,
			    struct vdev_fuzz_rng *r)
{
	struct fz_field fields[3], *f;
	unsigned int n = reserved_fields(elem, len, fields), bit;
	uint8_t v = 0;
	size_t off;

	if (!n)
		return -1;
	f = &fields[vdev_fuzz_below(r, n)];
	off = f->off + vdev_fuzz_below(r, f->end - f->off);
	virtq_elem_peek(&elem->v, off, &v, 1);
	if (f->valid) {
		do
			bit = vdev_fuzz_below(r, 8);
		while (f->valid & BIT(bit));
		v |= BIT(bit);
	} else {
		v = 1 + vdev_fuzz_below(r, 255);
	}
	virtq_elem_write(&elem->v, off, &v, 1);
	return (int64_t)off << 8 | v;
}

static int64_t rtc_fz_mutate(struct vdev *dev, const struct vdev_elem *elem,
			     uint32_t len, enum vdev_fuzz_kind kind,
			     struct vdev_fuzz_rng *r)
{
	struct rtc_dev *rd = vdev_priv(dev);
	uint16_t cur, v;
	uint8_t st;
	unsigned int i;

	switch (kind) {
	case VDEV_FZ_STATUS:
		i = vdev_fuzz_below(r, ARRAY_SIZE(fz_status));
		virtq_elem_peek(&elem->v, 0, &st, 1);
		if (fz_status[i] == st)
			i = (i + 1) % ARRAY_SIZE(fz_status);
		virtq_elem_write(&elem->v, 0, &fz_status[i], 1);
		return fz_status[i];
	case VDEV_FZ_MSG_TYPE:
		cur = peek16(elem, 0);
		i = vdev_fuzz_below(r, ARRAY_SIZE(fz_msg_types));
		v = fz_msg_types[i] != cur ? fz_msg_types[i] :
		    fz_msg_types[(i + 1) % ARRAY_SIZE(fz_msg_types)];
		poke16(elem, 0, v);
		return v;
	case VDEV_FZ_CLOCK_ID:
		cur = peek16(elem, NOTIF_CLOCK);
		switch (vdev_fuzz_below(r, 4)) {
		case 0:		/* another clock */
			v = rd->num_clocks > 1 ? (cur + 1) % rd->num_clocks :
			    rd->num_clocks;
			break;
		case 1:		/* the first id past the clocks */
			v = rd->num_clocks;
			break;
		case 2:
			v = 0xffff - vdev_fuzz_below(r, 2);
			break;
		default:
			v = vdev_fuzz_u64(r);
			break;
		}
		if (v == cur)
			v = cur ^ 0x8000;
		poke16(elem, NOTIF_CLOCK, v);
		return v;
	default:
		return set_reserved(elem, len, r);
	}
}

static uint32_t rtc_fz_event(struct vdev *dev, const struct vdev_elem *elem,
			     struct vdev_fuzz_rng *r)
{
	struct rtc_dev *rd = vdev_priv(dev);
	struct virtio_rtc_notif_alarm n = { 0 };
	unsigned int i, start, id = rd->num_clocks;
	unsigned int choice = vdev_fuzz_below(r, 8);
	uint32_t len = sizeof(n);

	if (choice < 6 && rd->num_clocks) {
		/* A clock with an alarm, if there is one. */
		start = vdev_fuzz_below(r, rd->num_clocks);
		for (i = 0; i < rd->num_clocks; i++) {
			id = (start + i) % rd->num_clocks;
			if (rd->clocks[id].alarm_cap)
				break;
		}
	} else if (choice == 6 && rd->num_clocks) {
		id = vdev_fuzz_below(r, rd->num_clocks);
	} else {
		id = rd->num_clocks + vdev_fuzz_below(r, 0x10000 -
						     rd->num_clocks);
	}
	n.head.msg_type = htole16(VIRTIO_RTC_NOTIF_ALARM);
	n.clock_id = htole16(id);
	if (len > elem->v.wr_len)
		len = elem->v.wr_len;
	virtq_elem_write(&elem->v, 0, &n, len);
	return len;
}

const struct vdev_fuzz_ops rtc_fuzz_ops = {
	.event_queue = RTC_ALARMQ,
	.kinds = BIT(VDEV_FZ_STATUS) | BIT(VDEV_FZ_MSG_TYPE) |
		 BIT(VDEV_FZ_CLOCK_ID) | BIT(VDEV_FZ_RESERVED),
	.describe = rtc_fz_describe,
	.mutate = rtc_fz_mutate,
	.event = rtc_fz_event,
};
