// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rtc requestq: one request and its response buffer per chain.
 *
 * The status is chosen in this order:
 *   writable part shorter than a status: no answer, used length 0
 *   (status fault: the configured status)
 *   readable part shorter than the request header: EINVAL
 *   unknown msg_type: EOPNOTSUPP
 *   readable part shorter than the request, or writable part shorter than
 *	the response: EINVAL
 *   then the message's own checks (ENODEV for a bad clock_id, ...)
 * A response with a status other than OK is the 8-byte header alone, as
 * other devices answer; a successful one is exactly the response struct.
 * Reserved fields are zero; extra buffer space is left alone.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../log.h"
#include "../util.h"
#include "rtc.h"

/**
 * struct rtc_counter - a hardware counter the driver may name
 * @id: VIRTIO_RTC_COUNTER_*
 * @read: read a clock and the counter value the driver would see at the
 *	same instant; NULL if this host cannot pair them
 *
 * A vhost-user back-end does not see the guest's view of the counter
 * (CNTVCT_EL0 minus the guest's offset, the TSC with its offset and
 * scaling), so no counter has a reader yet: CROSS_CAP says "no" and
 * READ_CROSS is refused, but both know the counters by name.
 */
struct rtc_counter {
	uint8_t id;
	int (*read)(const struct rtc_clock *c, uint64_t *reading,
		    uint64_t *cycles);
};

static const struct rtc_counter rtc_counters[] = {
	{ VIRTIO_RTC_COUNTER_ARM_VCT, NULL },
	{ VIRTIO_RTC_COUNTER_X86_TSC, NULL },
};

static const struct rtc_counter *rtc_counter_get(uint8_t id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rtc_counters); i++)
		if (rtc_counters[i].id == id)
			return &rtc_counters[i];
	return NULL;
}

static uint8_t do_read(struct vdev *dev,
		       const union virtio_rtc_req_requestq *req,
		       union virtio_rtc_resp_requestq *resp)
{
	struct rtc_clock *c = rtc_clock_get(vdev_priv(dev),
					    le16toh(req->read.clock_id));

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	resp->read.clock_reading = htole64(rtc_clock_read(c));
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_read_cross(struct vdev *dev,
			     const union virtio_rtc_req_requestq *req,
			     union virtio_rtc_resp_requestq *resp)
{
	struct rtc_clock *c = rtc_clock_get(vdev_priv(dev),
					    le16toh(req->read_cross.clock_id));
	const struct rtc_counter *cnt;
	uint64_t reading, cycles;

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	cnt = rtc_counter_get(req->read_cross.hw_counter);
	if (!cnt || !cnt->read)
		return VIRTIO_RTC_S_EOPNOTSUPP;
	if (cnt->read(c, &reading, &cycles))
		return VIRTIO_RTC_S_EIO;
	resp->read_cross.clock_reading = htole64(reading);
	resp->read_cross.counter_cycles = htole64(cycles);
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_cfg(struct vdev *dev,
		      const union virtio_rtc_req_requestq *req,
		      union virtio_rtc_resp_requestq *resp)
{
	struct rtc_dev *r = vdev_priv(dev);

	resp->cfg.num_clocks = htole16(r->num_clocks);
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_clock_cap(struct vdev *dev,
			    const union virtio_rtc_req_requestq *req,
			    union virtio_rtc_resp_requestq *resp)
{
	struct rtc_clock *c = rtc_clock_get(vdev_priv(dev),
					    le16toh(req->clock_cap.clock_id));

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	resp->clock_cap.type = c->type;
	resp->clock_cap.leap_second_smearing = c->smearing;
	if (c->alarm_cap && vdev_has_feature(dev, VIRTIO_RTC_F_ALARM))
		resp->clock_cap.flags = VIRTIO_RTC_FLAG_ALARM_CAP;
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_cross_cap(struct vdev *dev,
			    const union virtio_rtc_req_requestq *req,
			    union virtio_rtc_resp_requestq *resp)
{
	struct rtc_clock *c = rtc_clock_get(vdev_priv(dev),
					    le16toh(req->cross_cap.clock_id));
	const struct rtc_counter *cnt;

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	cnt = rtc_counter_get(req->cross_cap.hw_counter);
	if (!cnt)
		return VIRTIO_RTC_S_EOPNOTSUPP;
	if (cnt->read)
		resp->cross_cap.flags = VIRTIO_RTC_FLAG_CROSS_CAP;
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_read_alarm(struct vdev *dev,
			     const union virtio_rtc_req_requestq *req,
			     union virtio_rtc_resp_requestq *resp)
{
	uint16_t id = le16toh(req->read_alarm.clock_id);
	struct rtc_clock *c = rtc_alarm_clock(dev, id);

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	resp->read_alarm.alarm_time = htole64(c->alarm_time);
	if (c->alarm_enabled)
		resp->read_alarm.flags = VIRTIO_RTC_FLAG_ALARM_ENABLED;
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_set_alarm(struct vdev *dev,
			    const union virtio_rtc_req_requestq *req,
			    union virtio_rtc_resp_requestq *resp)
{
	const struct virtio_rtc_req_set_alarm *sa = &req->set_alarm;
	struct rtc_clock *c = rtc_alarm_clock(dev, le16toh(sa->clock_id));

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	if (sa->flags & ~VIRTIO_RTC_FLAG_ALARM_ENABLED)
		return VIRTIO_RTC_S_EINVAL;
	rtc_alarm_set(dev, c, le64toh(sa->alarm_time),
		      sa->flags & VIRTIO_RTC_FLAG_ALARM_ENABLED);
	return VIRTIO_RTC_S_OK;
}

static uint8_t do_set_alarm_enabled(struct vdev *dev,
				    const union virtio_rtc_req_requestq *req,
				    union virtio_rtc_resp_requestq *resp)
{
	const struct virtio_rtc_req_set_alarm_enabled *se =
		&req->set_alarm_enabled;
	struct rtc_clock *c = rtc_alarm_clock(dev, le16toh(se->clock_id));

	if (!c)
		return VIRTIO_RTC_S_ENODEV;
	if (se->flags & ~VIRTIO_RTC_FLAG_ALARM_ENABLED)
		return VIRTIO_RTC_S_EINVAL;
	rtc_alarm_enable(dev, c, se->flags & VIRTIO_RTC_FLAG_ALARM_ENABLED);
	return VIRTIO_RTC_S_OK;
}

/**
 * struct rtc_req_type - a requestq message
 * @msg_type: VIRTIO_RTC_REQ_*
 * @name: name in logs and statistics
 * @req_size: size of the request
 * @resp_size: size of a successful response
 * @handle: carry the request out and fill the response fields past the
 *	header (zeroed before); returns the status
 */
struct rtc_req_type {
	uint16_t msg_type;
	const char *name;
	size_t req_size;
	size_t resp_size;
	uint8_t (*handle)(struct vdev *dev,
			  const union virtio_rtc_req_requestq *req,
			  union virtio_rtc_resp_requestq *resp);
};

#define RTC_REQ(type, name, fn)						\
	{ VIRTIO_RTC_REQ_##type, #name,					\
	  sizeof(struct virtio_rtc_req_##name),				\
	  sizeof(struct virtio_rtc_resp_##name), fn }

/* The order of these is the order of rtc_stats.requests. */
static const struct rtc_req_type rtc_req_types[RTC_REQ_OTHER] = {
	RTC_REQ(READ, read, do_read),
	RTC_REQ(READ_CROSS, read_cross, do_read_cross),
	RTC_REQ(CFG, cfg, do_cfg),
	RTC_REQ(CLOCK_CAP, clock_cap, do_clock_cap),
	RTC_REQ(CROSS_CAP, cross_cap, do_cross_cap),
	RTC_REQ(READ_ALARM, read_alarm, do_read_alarm),
	RTC_REQ(SET_ALARM, set_alarm, do_set_alarm),
	RTC_REQ(SET_ALARM_ENABLED, set_alarm_enabled, do_set_alarm_enabled),
};

static bool fault_hit(struct rtc_fault *f, bool known, uint16_t type)
{
	unsigned int n;

	if (!f->active || (!f->any_type && (!known || f->type != type)))
		return false;
	n = f->seen++;
	if (n < f->after)
		return false;
	return !f->count || n - f->after < f->count;
}

/**
 * rtc_request() - answer one requestq chain
 * @dev: device
 * @elem: the chain; it is pushed before this returns
 *
 * Alarm notifications that the request caused follow its response.
 */
void rtc_request(struct vdev *dev, struct vdev_elem *elem)
{
	struct rtc_dev *r = vdev_priv(dev);
	const struct rtc_req_type *t = NULL;
	size_t rd = elem->v.rd_len, wr = elem->v.wr_len, len;
	uint16_t type = 0;
	unsigned int i;
	union virtio_rtc_resp_requestq resp;
	union virtio_rtc_req_requestq req;
	uint8_t status;

	if (wr < sizeof(struct virtio_rtc_resp_head)) {
		log_err("rtc: request with %zu writable bytes: no room for a status",
			wr);
		r->stats.unanswered++;
		vdev_push(dev, elem, 0);
		return;
	}
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	virtq_elem_read(&elem->v, 0, &req, rd < sizeof(req) ? rd : sizeof(req));
	if (rd >= sizeof(struct virtio_rtc_req_head)) {
		type = le16toh(req.read.head.msg_type);
		for (i = 0; i < ARRAY_SIZE(rtc_req_types) && !t; i++)
			if (rtc_req_types[i].msg_type == type)
				t = &rtc_req_types[i];
	}
	r->stats.requests[t ? t - rtc_req_types : RTC_REQ_OTHER]++;

	if (fault_hit(&r->fault, rd >= sizeof(req.read.head), type)) {
		status = r->fault.status;
		t = NULL;
	} else if (rd < sizeof(struct virtio_rtc_req_head)) {
		status = VIRTIO_RTC_S_EINVAL;
	} else if (!t) {
		status = VIRTIO_RTC_S_EOPNOTSUPP;
	} else if (rd < t->req_size || wr < t->resp_size) {
		status = VIRTIO_RTC_S_EINVAL;
	} else {
		status = t->handle(dev, &req, &resp);
	}
	if (status != VIRTIO_RTC_S_OK)
		r->stats.errors++;
	len = status == VIRTIO_RTC_S_OK && t ? t->resp_size :
	      sizeof(struct virtio_rtc_resp_head);
	if (status != VIRTIO_RTC_S_OK)
		memset(&resp, 0, sizeof(resp));
	resp.read.head.status = status;
	log_dbg("rtc: %s (0x%04x, %zu/%zu bytes): status %u, %zu bytes",
		t ? t->name : "?", type, rd, wr, status, len);
	virtq_elem_write(&elem->v, 0, &resp, len);
	vdev_push(dev, elem, len);
	rtc_alarm_deliver(dev);
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *val)
{
	char *end;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	*val = strtoul(s, &end, 0);
	return errno || *end || *val > max ? -EINVAL : 0;
}

/**
 * rtc_fault_parse() - set the status fault from a fault spec
 * @f: status fault, replaced on success
 * @spec: "off", or status=N[,type=T][,after=N][,count=N]
 *
 * Return: 0, or -EINVAL for a bad @spec (then @f is unchanged).
 */
int rtc_fault_parse(struct rtc_fault *f, const char *spec)
{
	char *copy, *item, *save = NULL, *val;
	struct rtc_fault n = { .any_type = true };
	bool have_status = false;
	unsigned long v;
	int ret = 0;

	if (!strcmp(spec, "off")) {
		memset(f, 0, sizeof(*f));
		return 0;
	}
	copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save)) {
		val = strchr(item, '=');
		if (val)
			*val++ = '\0';
		if (!strcmp(item, "status") && !parse_ulong(val, 0xff, &v)) {
			n.status = v;
			have_status = true;
		} else if (!strcmp(item, "type") &&
			   !parse_ulong(val, 0xffff, &v)) {
			n.type = v;
			n.any_type = false;
		} else if (!strcmp(item, "after") &&
			   !parse_ulong(val, UINT32_MAX, &v)) {
			n.after = v;
		} else if (!strcmp(item, "count") &&
			   !parse_ulong(val, UINT32_MAX, &v)) {
			n.count = v;
		} else {
			ret = -EINVAL;
		}
	}
	free(copy);
	if (ret || !have_status)
		return -EINVAL;
	n.active = true;
	*f = n;
	return 0;
}

/**
 * rtc_request_stats() - print the request counters
 * @r: device
 * @out: output, one "req_NAME=N" line per message type
 */
void rtc_request_stats(const struct rtc_dev *r, FILE *out)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rtc_req_types); i++)
		fprintf(out, "req_%s=%llu\n", rtc_req_types[i].name,
			(unsigned long long)r->stats.requests[i]);
	fprintf(out, "req_other=%llu\nreq_errors=%llu\nreq_unanswered=%llu\n",
		(unsigned long long)r->stats.requests[RTC_REQ_OTHER],
		(unsigned long long)r->stats.errors,
		(unsigned long long)r->stats.unanswered);
}
