// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Clock management protocol (0x14), version 3.0.
 *
 * Clocks have a list of rates or a {lowest, highest, step} range. Layouts
 * as the Linux 6.12 agent reads them (drivers/firmware/arm_scmi/clock.c):
 * CLOCK_ATTRIBUTES is {attributes, name[16], enable_latency}; rates are
 * two words, low first; DESCRIBE_RATES replies hold as many rates as fit
 * the agent's buffer, and a range always comes as one triplet.
 *
 * CLOCK_RATE_SET rounds down unless told to round up or to the nearest
 * rate; a rate that cannot be rounded in that direction is refused. With
 * the async flag the change happens after the configured delay and, unless
 * the agent asked to ignore it, a CLOCK_RATE_SET_COMPLETE {clock_id, rate}
 * delayed response follows. Rate changes (from the agent or the control
 * channel) send CLOCK_RATE_CHANGED; requests from the agent first send
 * CLOCK_RATE_CHANGE_REQUESTED, each when the agent enabled it. The
 * version 3 CLOCK_CONFIG_SET and CLOCK_CONFIG_GET carry no OEM settings
 * here; parent clocks are not modelled.
 */
#include <endian.h>
#include <string.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_CLOCK_VERSION		0x30000

#define CLOCK_ATTRIBUTES		0x3
#define CLOCK_DESCRIBE_RATES		0x4
#define CLOCK_RATE_SET			0x5
#define CLOCK_RATE_GET			0x6
#define CLOCK_CONFIG_SET		0x7
#define CLOCK_NAME_GET			0x8
#define CLOCK_RATE_NOTIFY		0x9
#define CLOCK_RATE_CHANGE_REQUESTED_NOTIFY	0xa
#define CLOCK_CONFIG_GET		0xb
#define CLOCK_GET_PERMISSIONS		0xf

#define CLOCK_RATE_CHANGED		0x0
#define CLOCK_RATE_CHANGE_REQUESTED	0x1

#define SET_ASYNC			BIT(0)
#define SET_IGNORE_RESP			BIT(1)
#define SET_ROUND_UP			BIT(2)
#define SET_ROUND_AUTO			BIT(3)

#define CONFIG_STATE_MASK		0x3u
#define CONFIG_OEM_TYPE(a)		(((a) >> 16) & 0xffu)
#define CONFIG_RESERVED			0xff00fffcu

#define PERM_STATE			BIT(31)
#define PERM_RATE			BIT(29)

static struct scmi_clock *clock_get(struct scmi_platform *p, uint32_t id)
{
	return id < p->num_clocks ? &p->clocks[id] : NULL;
}

/**
 * scmi_clock_by_name() - look up a clock
 * @p: platform
 * @name: clock name
 *
 * Return: the clock, or NULL.
 */
struct scmi_clock *scmi_clock_by_name(struct scmi_platform *p,
				      const char *name)
{
	unsigned int i;

	for (i = 0; i < p->num_clocks; i++)
		if (!strcmp(p->clocks[i].cfg.name, name))
			return &p->clocks[i];
	return NULL;
}

/**
 * scmi_clocks_reset() - every clock back to its configured state
 * @p: platform
 */
void scmi_clocks_reset(struct scmi_platform *p)
{
	unsigned int i;

	for (i = 0; i < p->num_clocks; i++) {
		struct scmi_clock *c = &p->clocks[i];

		c->rate = c->cfg.rate;
		c->enabled = c->cfg.enabled;
		c->notify_rate = false;
		c->notify_req = false;
	}
}

static void clock_notify(struct scmi_platform *p, struct scmi_clock *c,
			 enum scmi_event ev, uint8_t msg, uint32_t agent,
			 uint64_t rate)
{
	uint32_t payload[4];

	payload[0] = htole32(agent);
	payload[1] = htole32(c - p->clocks);
	payload[2] = htole32((uint32_t)rate);
	payload[3] = htole32((uint32_t)(rate >> 32));
	scmi_notify(p, ev, SCMI_PROTOCOL_CLOCK, msg, payload, sizeof(payload));
}

/**
 * scmi_clock_apply() - change the rate of a clock
 * @p: platform
 * @c: clock
 * @rate: new rate, a supported one
 * @agent: who asked, for the notification
 *
 * Return: SCMI_SUCCESS.
 */
int32_t scmi_clock_apply(struct scmi_platform *p, struct scmi_clock *c,
			 uint64_t rate, uint32_t agent)
{
	if (c->rate == rate)
		return SCMI_SUCCESS;
	c->rate = rate;
	if (c->notify_rate)
		clock_notify(p, c, SCMI_EV_CLOCK_RATE, CLOCK_RATE_CHANGED,
			     agent, rate);
	return SCMI_SUCCESS;
}

/*
 * The supported rate to use for a request of @rate, rounding down (@mode
 * 0), up (1) or to the nearest (2). Returns false if there is none.
 */
static bool clock_round(const struct scmi_clock_cfg *cfg, uint64_t rate,
			int mode, uint64_t *out)
{
	uint64_t lo = 0, hi = 0;
	bool have_lo = false, have_hi = false;
	unsigned int i;

	if (cfg->range) {
		uint64_t min = cfg->rates[0], max = cfg->rates[1];
		uint64_t step = cfg->rates[2];

		if (rate <= max) {
			hi = rate <= min ? min :
			     min + (rate - min + step - 1) / step * step;
			have_hi = true;
		}
		if (rate >= min) {
			lo = rate >= max ? max :
			     min + (rate - min) / step * step;
			have_lo = true;
		}
	} else {
		for (i = 0; i < cfg->num_rates; i++) {
			if (cfg->rates[i] <= rate) {
				lo = cfg->rates[i];
				have_lo = true;
			}
			if (cfg->rates[i] >= rate && !have_hi) {
				hi = cfg->rates[i];
				have_hi = true;
			}
		}
	}
	if (mode == 0 && !have_lo)
		return false;
	if (mode == 1 && !have_hi)
		return false;
	if (mode == 0 || (mode == 2 && have_lo &&
			  (!have_hi || rate - lo <= hi - rate)))
		*out = lo;
	else
		*out = hi;
	return true;
}

static bool clock_present(const struct scmi_platform *p)
{
	return p->num_clocks > 0;
}

static int32_t clock_protocol_attributes(struct scmi_platform *p,
					 struct scmi_xfer *x)
{
	uint32_t max_async = p->p2a ? p->cfg.clock_max_async : 0;

	scmi_put_le32(x, p->num_clocks | max_async << 16);
	return SCMI_SUCCESS;
}

static int32_t clock_attributes(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));
	uint32_t attr = BIT(1);		/* CLOCK_GET_PERMISSIONS works */

	if (!c)
		return SCMI_NOT_FOUND;
	if (c->cfg.notify && p->p2a)
		attr |= BIT(31) | BIT(30);
	if (scmi_ext_name(c->cfg.name))
		attr |= BIT(29);
	if (c->enabled)
		attr |= BIT(0);
	scmi_put_le32(x, attr);
	scmi_put_name(x, c->cfg.name);
	scmi_put_le32(x, c->cfg.latency_us);
	return SCMI_SUCCESS;
}

static int32_t clock_describe_rates(struct scmi_platform *p,
				    struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));
	uint32_t idx = scmi_get_le32(x, 4), n, i, num;
	size_t room = scmi_room(x) > 4 ? (scmi_room(x) - 4) / 8 : 0;

	if (!c)
		return SCMI_NOT_FOUND;
	num = c->cfg.num_rates;
	if (idx >= num || (c->cfg.range && idx))
		return SCMI_OUT_OF_RANGE;
	n = num - idx;
	if (n > room)
		n = room;
	if (!n || (c->cfg.range && n < 3))
		return SCMI_COMMS_ERROR;
	scmi_put_le32(x, n | (c->cfg.range ? BIT(12) : 0) |
		      (num - idx - n) << 16);
	for (i = idx; i < idx + n; i++)
		scmi_put_le64(x, c->cfg.rates[i]);
	return SCMI_SUCCESS;
}

static int32_t clock_set_done(struct scmi_platform *p, struct scmi_async *a,
			      struct scmi_xfer *dx)
{
	struct scmi_clock *c = clock_get(p, a->arg[0]);

	if (!c)
		return SCMI_NOT_FOUND;
	scmi_clock_apply(p, c, a->arg64, SCMI_AGENT_OSPM);
	scmi_put_le32(dx, a->arg[0]);
	scmi_put_le64(dx, c->rate);
	return SCMI_SUCCESS;
}

static int32_t clock_rate_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t flags = scmi_get_le32(x, 0), id = scmi_get_le32(x, 4);
	uint64_t req = scmi_get_le64(x, 8), rate;
	struct scmi_clock *c = clock_get(p, id);
	struct scmi_async *a;
	int mode;

	if (!c)
		return SCMI_NOT_FOUND;
	if (flags & ~(SET_ASYNC | SET_IGNORE_RESP | SET_ROUND_UP |
		      SET_ROUND_AUTO))
		return SCMI_INVALID_PARAMETERS;
	if ((flags & SET_ASYNC) && (!p->p2a || !p->cfg.clock_max_async))
		return SCMI_INVALID_PARAMETERS;
	if (c->cfg.deny_rate)
		return SCMI_DENIED;
	mode = flags & SET_ROUND_AUTO ? 2 : flags & SET_ROUND_UP ? 1 : 0;
	if (!clock_round(&c->cfg, req, mode, &rate))
		return SCMI_INVALID_PARAMETERS;
	if ((flags & SET_ASYNC) && p->clock_async >= p->cfg.clock_max_async)
		return SCMI_BUSY;
	if (c->notify_req)
		clock_notify(p, c, SCMI_EV_CLOCK_RATE_REQ,
			     CLOCK_RATE_CHANGE_REQUESTED, SCMI_AGENT_OSPM, req);
	if (!(flags & SET_ASYNC))
		return scmi_clock_apply(p, c, rate, SCMI_AGENT_OSPM);
	a = scmi_async_start(p, x, &p->clock_async, clock_set_done);
	if (!a)
		return SCMI_GENERIC_ERROR;
	a->arg[0] = id;
	a->arg64 = rate;
	a->respond = !(flags & SET_IGNORE_RESP);
	return SCMI_SUCCESS;
}

static int32_t clock_rate_get(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));

	if (!c)
		return SCMI_NOT_FOUND;
	scmi_put_le64(x, c->rate);
	return SCMI_SUCCESS;
}

static int32_t clock_config_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));
	uint32_t attr = scmi_get_le32(x, 4);
	uint32_t state = attr & CONFIG_STATE_MASK;

	if (!c)
		return SCMI_NOT_FOUND;
	/* No OEM configuration types: state 3 (unchanged) makes no sense. */
	if ((attr & CONFIG_RESERVED) || CONFIG_OEM_TYPE(attr) || state > 1)
		return SCMI_INVALID_PARAMETERS;
	if (c->cfg.deny_state)
		return SCMI_DENIED;
	c->enabled = state;
	return SCMI_SUCCESS;
}

static int32_t clock_name(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));

	if (!c)
		return SCMI_NOT_FOUND;
	scmi_put_ext_name(x, c->cfg.name);
	return SCMI_SUCCESS;
}

static int32_t clock_notify_req(struct scmi_platform *p, struct scmi_xfer *x,
				bool requested)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));
	uint32_t ctl = scmi_get_le32(x, 4);

	if (!c)
		return SCMI_NOT_FOUND;
	if (ctl & ~1u)
		return SCMI_INVALID_PARAMETERS;
	if (!c->cfg.notify)
		return SCMI_NOT_SUPPORTED;
	if (requested)
		c->notify_req = ctl & 1;
	else
		c->notify_rate = ctl & 1;
	return SCMI_SUCCESS;
}

static int32_t clock_rate_notify(struct scmi_platform *p, struct scmi_xfer *x)
{
	return clock_notify_req(p, x, false);
}

static int32_t clock_req_notify(struct scmi_platform *p, struct scmi_xfer *x)
{
	return clock_notify_req(p, x, true);
}

static int32_t clock_config_get(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));
	uint32_t flags = scmi_get_le32(x, 4);

	if (!c)
		return SCMI_NOT_FOUND;
	if (flags)	/* reserved bits, or an OEM type there is none of */
		return SCMI_INVALID_PARAMETERS;
	scmi_put_le32(x, 0);
	scmi_put_le32(x, c->enabled);
	scmi_put_le32(x, 0);
	return SCMI_SUCCESS;
}

static int32_t clock_permissions(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_clock *c = clock_get(p, scmi_get_le32(x, 0));

	if (!c)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, (c->cfg.deny_state ? 0 : PERM_STATE) |
		      (c->cfg.deny_rate ? 0 : PERM_RATE));
	return SCMI_SUCCESS;
}

static const struct scmi_handler clock_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { clock_protocol_attributes, 0 },
	[CLOCK_ATTRIBUTES] = { clock_attributes, 4 },
	[CLOCK_DESCRIBE_RATES] = { clock_describe_rates, 8 },
	[CLOCK_RATE_SET] = { clock_rate_set, 16 },
	[CLOCK_RATE_GET] = { clock_rate_get, 4 },
	[CLOCK_CONFIG_SET] = { clock_config_set, 8 },
	[CLOCK_NAME_GET] = { clock_name, 4 },
	[CLOCK_RATE_NOTIFY] = { clock_rate_notify, 8, true },
	[CLOCK_RATE_CHANGE_REQUESTED_NOTIFY] = { clock_req_notify, 8, true },
	[CLOCK_CONFIG_GET] = { clock_config_get, 8 },
	[CLOCK_GET_PERMISSIONS] = { clock_permissions, 4 },
};

const struct scmi_protocol scmi_clock_protocol = {
	.id = SCMI_PROTOCOL_CLOCK,
	.name = "clock",
	.version = SCMI_CLOCK_VERSION,
	.handlers = clock_handlers,
	.num_handlers = ARRAY_SIZE(clock_handlers),
	.present = clock_present,
};
