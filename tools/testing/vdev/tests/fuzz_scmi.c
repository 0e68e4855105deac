// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: SCMI commands and what every answer must look like.
 *
 * Messages come from the protocols' own handler tables, so every message
 * the model implements is sent (plus the three every protocol has), with
 * the payload length the handler wants, resource ids near the configured
 * counts and boundary values elsewhere; then headers, lengths and bytes
 * are mutated. Whatever the command, the answer is the echoed header and
 * a defined status, with a payload only on success (core.c).
 */
#include <endian.h>
#include <string.h>

#include "../models.h"
#include "../scmi/scmi.h"
#include "../util.h"
#include "fuzz.h"

static const struct scmi_protocol *const fz_protocols[] = {
	&scmi_base_protocol, &scmi_power_protocol, &scmi_system_protocol,
	&scmi_perf_protocol, &scmi_clock_protocol, &scmi_sensor_protocol,
	&scmi_reset_protocol, &scmi_voltage_protocol,
};

static struct scmi_platform *platform(struct fz *f)
{
	return vdev_priv(&f->t.tf.dev);
}

/* A message id of @p and the payload length it needs. */
static uint32_t pick_msg(struct fz_rng *r, const struct scmi_protocol *p,
			 size_t *len)
{
	uint32_t ids[64], n = 0, i, id;

	for (i = 0; i < p->num_handlers && n < ARRAY_SIZE(ids) - 3; i++)
		if (p->handlers[i].fn)
			ids[n++] = i;
	ids[n++] = SCMI_MSG_PROTOCOL_VERSION;
	ids[n++] = SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES;
	ids[n++] = SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION;
	id = ids[fz_below(r, n)];
	if (id == SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES ||
	    id == SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION)
		*len = 4;
	else
		*len = id < p->num_handlers ? p->handlers[id].req_len : 0;
	return id;
}

/* Payload words: an id first (domain, sensor, clock...), then anything. */
static void fill_payload(struct fz_rng *r, uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		uint32_t v = i && fz_chance(r, 3, 4) ? fz_value32(r) :
			     fz_below(r, 12);

		v = htole32(v);
		memcpy(b + i, &v, 4);
	}
	for (; i < len; i++)
		b[i] = fz_u64(r);
}

/* Change the header or the length of a well-formed command. */
static void mutate(struct fz_rng *r, uint32_t *proto, uint32_t *msg,
		   uint32_t *type, size_t *len)
{
	switch (fz_below(r, 7)) {
	case 0:
		*proto = fz_below(r, 256);
		break;
	case 1:
		*msg = fz_below(r, 256);
		break;
	case 2:
		*type = 1 + fz_below(r, 3);
		break;
	case 3:
		*len = *len ? fz_below(r, *len) : 0;
		break;
	case 4:
		*len += 1 + fz_below(r, 64);
		break;
	case 5:
		*len = SCMI_MAX_PAYLOAD - 4 + fz_below(r, 12);
		break;
	default:
		break;	/* payload bytes only */
	}
}

static void scmi_gen(struct fz *f, struct fz_rng *r, struct fz_req *q)
{
	const struct scmi_protocol *p;
	uint32_t proto, msg, type = 0, hdr;
	size_t len;

	if (fz_chance(r, 1, 8)) {
		fz_random_req(r, q, 136);
		return;
	}
	p = fz_protocols[fz_below(r, ARRAY_SIZE(fz_protocols))];
	proto = p->id;
	msg = pick_msg(r, p, &len);
	q->kind = FZ_R_VALID;
	if (fz_chance(r, 1, 3)) {
		q->kind = FZ_R_MUTATED;
		mutate(r, &proto, &msg, &type, &len);
	}
	if (len > FZ_REQ_MAX - 4)
		len = FZ_REQ_MAX - 4;
	hdr = htole32(SCMI_HDR(proto, msg, type, fz_below(r, 1024)));
	memcpy(q->b, &hdr, 4);
	fill_payload(r, q->b + 4, len);
	q->len = 4 + len;
	if (q->kind == FZ_R_MUTATED && fz_chance(r, 1, 2))
		fz_flip_bytes(r, q, 4);
	q->wr = fz_reply_room(r, 136);
}

/* The status core.c must give before any handler runs, or 1 if none. */
static int32_t early_status(struct fz *f, uint32_t hdr, uint64_t payload)
{
	if (payload > SCMI_MAX_PAYLOAD ||
	    SCMI_HDR_TYPE(hdr) != SCMI_TYPE_COMMAND)
		return SCMI_PROTOCOL_ERROR;
	if (!scmi_protocol_find(platform(f), SCMI_HDR_PROTOCOL(hdr)))
		return SCMI_NOT_SUPPORTED;
	return 1;
}

static const char *scmi_check(struct fz *f, const struct fz_chain *ch,
			      const uint8_t *rs, uint32_t used)
{
	uint64_t room = ch->wr_len < 8 + SCMI_MAX_PAYLOAD ? ch->wr_len :
			8 + SCMI_MAX_PAYLOAD;
	uint32_t hdr;
	int32_t status, early;

	if (ch->rd_len < 4 || room < 8)
		return used ? "answer without a header or room for a status" :
			      NULL;
	if (used < 8 || used > room)
		return "used length not between 8 and the reply room";
	if (!ch->check_reply)
		return NULL;
	hdr = get_le32(ch->rq);
	status = (int32_t)get_le32(rs + 4);
	if (get_le32(rs) != (hdr & SCMI_HDR_ECHO_MASK))
		return "header not echoed";
	if (status > 0 || status <= -SCMI_NUM_STATUS)
		return "undefined status";
	if (status)
		f->stats.status_err++;
	else
		f->stats.status_ok++;
	if (status && used != 8)
		return "error answer with a payload";
	early = early_status(f, hdr, ch->rd_len - 4);
	if (early <= 0 && status != early)
		return "wrong status for a bad header or length";
	return NULL;
}

static const char *scmi_check_event(struct fz *f, const struct fz_chain *ch,
				    const uint8_t *rs, uint32_t used)
{
	if (ch->rd_len || ch->wr_len < fz_scmi.event_min)
		return used ? "unusable event buffer used" : NULL;
	if (used < 4 || used > ch->wr_len)
		return "event length not between 4 and the buffer size";
	return NULL;
}

static uint64_t scmi_served(struct fz *f)
{
	const struct scmi_stats *s = &platform(f)->stats;
	uint64_t n = s->unanswered;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->commands); i++)
		n += s->commands[i];
	return n;
}

const struct fz_model fz_scmi = {
	.name = "scmi",
	.model = &scmi_model,
	.gen = scmi_gen,
	.check = scmi_check,
	.check_event = scmi_check_event,
	.served = scmi_served,
	.event_min = 8,
};
