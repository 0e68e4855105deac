// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Performance domain management protocol (0x13), version 3.0.
 *
 * A domain has up to SCMI_MAX_LEVELS levels {perf, power, latency}, a
 * current level and limits. Layouts as the Linux 6.12 agent reads them
 * (drivers/firmware/arm_scmi/perf.c): PERFORMANCE_DESCRIBE_LEVELS replies
 * are {le16 returned, le16 remaining} and 12-byte levels, as many as fit
 * the agent's buffer. Fast channels and statistics are not offered.
 *
 * Levels must be one of the described ones and within the limits. New
 * limits must lie within the described levels with at least one level
 * between them; a limit of 0 leaves that limit alone. The current level
 * is clamped into new limits. PERFORMANCE_LIMITS_CHANGED and
 * PERFORMANCE_LEVEL_CHANGED go out on every change, from the agent or the
 * control channel, when the agent enabled them.
 */
#include <endian.h>
#include <string.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_PERF_VERSION		0x30000

#define PERF_DOMAIN_ATTRIBUTES		0x3
#define PERF_DESCRIBE_LEVELS		0x4
#define PERF_LIMITS_SET			0x5
#define PERF_LIMITS_GET			0x6
#define PERF_LEVEL_SET			0x7
#define PERF_LEVEL_GET			0x8
#define PERF_NOTIFY_LIMITS		0x9
#define PERF_NOTIFY_LEVEL		0xa
#define PERF_DOMAIN_NAME_GET		0xc

#define PERF_LIMITS_CHANGED		0x0
#define PERF_LEVEL_CHANGED		0x1

#define PERF_LEVEL_SIZE			12

static struct scmi_perf *perf_get(struct scmi_platform *p, uint32_t id)
{
	return id < p->num_perfs ? &p->perfs[id] : NULL;
}

/**
 * scmi_perf_by_name() - look up a performance domain
 * @p: platform
 * @name: domain name
 *
 * Return: the domain, or NULL.
 */
struct scmi_perf *scmi_perf_by_name(struct scmi_platform *p,
				    const char *name)
{
	unsigned int i;

	for (i = 0; i < p->num_perfs; i++)
		if (!strcmp(p->perfs[i].cfg.name, name))
			return &p->perfs[i];
	return NULL;
}

/**
 * scmi_perfs_reset() - every domain back to its configured state
 * @p: platform
 */
void scmi_perfs_reset(struct scmi_platform *p)
{
	unsigned int i;

	for (i = 0; i < p->num_perfs; i++) {
		struct scmi_perf *d = &p->perfs[i];

		d->level = d->cfg.level;
		d->max = d->cfg.max;
		d->min = d->cfg.min;
		d->notify_limits = false;
		d->notify_level = false;
	}
}

static bool is_level(const struct scmi_perf *d, uint32_t level)
{
	unsigned int i;

	for (i = 0; i < d->cfg.num_levels; i++)
		if (d->cfg.levels[i].perf == level)
			return true;
	return false;
}

static void level_notify(struct scmi_platform *p, struct scmi_perf *d,
			 uint32_t agent)
{
	uint32_t payload[3];

	if (!d->notify_level)
		return;
	payload[0] = htole32(agent);
	payload[1] = htole32(d - p->perfs);
	payload[2] = htole32(d->level);
	scmi_notify(p, SCMI_EV_PERF_LEVEL, SCMI_PROTOCOL_PERF,
		    PERF_LEVEL_CHANGED, payload, sizeof(payload));
}

/**
 * scmi_perf_level() - set the performance level of a domain
 * @p: platform
 * @d: domain
 * @level: a described level within the limits
 * @agent: who asked, for the notification
 *
 * Return: SCMI_SUCCESS, or SCMI_OUT_OF_RANGE for another level.
 */
int32_t scmi_perf_level(struct scmi_platform *p, struct scmi_perf *d,
			uint32_t level, uint32_t agent)
{
	if (!is_level(d, level) || level < d->min || level > d->max)
		return SCMI_OUT_OF_RANGE;
	if (d->level == level)
		return SCMI_SUCCESS;
	d->level = level;
	level_notify(p, d, agent);
	return SCMI_SUCCESS;
}

/**
 * scmi_perf_limits() - set the limits of a domain
 * @p: platform
 * @d: domain
 * @max: new upper limit, 0 to keep it
 * @min: new lower limit, 0 to keep it
 * @agent: who asked, for the notifications
 *
 * Return: SCMI_SUCCESS, SCMI_OUT_OF_RANGE for limits outside the levels
 * or without a level between them, SCMI_INVALID_PARAMETERS for min > max.
 */
int32_t scmi_perf_limits(struct scmi_platform *p, struct scmi_perf *d,
			 uint32_t max, uint32_t min, uint32_t agent)
{
	const struct scmi_perf_level_cfg *lv = d->cfg.levels;
	unsigned int i, n = d->cfg.num_levels;
	uint32_t level = d->level, payload[4];
	bool any = false;

	if (!max && !min)
		return SCMI_OUT_OF_RANGE;
	max = max ? max : d->max;
	min = min ? min : d->min;
	if (max < lv[0].perf || max > lv[n - 1].perf ||
	    min < lv[0].perf || min > lv[n - 1].perf)
		return SCMI_OUT_OF_RANGE;
	if (min > max)
		return SCMI_INVALID_PARAMETERS;
	for (i = 0; i < n; i++)
		if (lv[i].perf >= min && lv[i].perf <= max)
			any = true;
	if (!any)
		return SCMI_OUT_OF_RANGE;
	/* Clamp: the highest allowed level, or the lowest. */
	if (level > max) {
		for (i = 0; i < n; i++)
			if (lv[i].perf >= min && lv[i].perf <= max)
				level = lv[i].perf;
	} else if (level < min) {
		for (i = n; i-- > 0;)
			if (lv[i].perf >= min && lv[i].perf <= max)
				level = lv[i].perf;
	}
	if (d->max != max || d->min != min) {
		d->max = max;
		d->min = min;
		if (d->notify_limits) {
			payload[0] = htole32(agent);
			payload[1] = htole32(d - p->perfs);
			payload[2] = htole32(max);
			payload[3] = htole32(min);
			scmi_notify(p, SCMI_EV_PERF_LIMITS, SCMI_PROTOCOL_PERF,
				    PERF_LIMITS_CHANGED, payload,
				    sizeof(payload));
		}
	}
	if (level != d->level) {
		d->level = level;
		level_notify(p, d, agent);
	}
	return SCMI_SUCCESS;
}

static bool perf_present(const struct scmi_platform *p)
{
	return p->num_perfs > 0;
}

static int32_t perf_protocol_attributes(struct scmi_platform *p,
					struct scmi_xfer *x)
{
	uint32_t flags = p->cfg.perf_power == 1 ? BIT(0) :
			 p->cfg.perf_power == 2 ? BIT(1) : 0;

	scmi_put_le32(x, p->num_perfs | flags << 16);
	scmi_put_le32(x, 0);	/* no statistics shared memory */
	scmi_put_le32(x, 0);
	scmi_put_le32(x, 0);
	return SCMI_SUCCESS;
}

static int32_t perf_domain_attributes(struct scmi_platform *p,
				      struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));
	uint32_t flags = 0;

	if (!d)
		return SCMI_NOT_FOUND;
	if (d->cfg.set_limits)
		flags |= BIT(31);
	if (d->cfg.set_level)
		flags |= BIT(30);
	if (d->cfg.notify && p->p2a)
		flags |= BIT(29) | BIT(28);
	if (scmi_ext_name(d->cfg.name))
		flags |= BIT(26);
	scmi_put_le32(x, flags);
	scmi_put_le32(x, d->cfg.rate_limit_us);
	scmi_put_le32(x, d->cfg.sustained_khz);
	scmi_put_le32(x, d->cfg.sustained_perf);
	scmi_put_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static int32_t perf_describe_levels(struct scmi_platform *p,
				    struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));
	uint32_t idx = scmi_get_le32(x, 4), n, i, num;
	size_t room = scmi_room(x) > 4 ?
		      (scmi_room(x) - 4) / PERF_LEVEL_SIZE : 0;

	if (!d)
		return SCMI_NOT_FOUND;
	num = d->cfg.num_levels;
	if (idx >= num)
		return SCMI_OUT_OF_RANGE;
	n = num - idx;
	if (n > room)
		n = room;
	if (!n)
		return SCMI_COMMS_ERROR;
	scmi_put_le32(x, n | (num - idx - n) << 16);
	for (i = idx; i < idx + n; i++) {
		scmi_put_le32(x, d->cfg.levels[i].perf);
		scmi_put_le32(x, d->cfg.levels[i].power);
		scmi_put_le32(x, d->cfg.levels[i].latency_us);
	}
	return SCMI_SUCCESS;
}

static int32_t perf_limits_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	if (!d->cfg.set_limits)
		return SCMI_DENIED;
	return scmi_perf_limits(p, d, scmi_get_le32(x, 4),
				scmi_get_le32(x, 8), SCMI_AGENT_OSPM);
}

static int32_t perf_limits_get(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, d->max);
	scmi_put_le32(x, d->min);
	return SCMI_SUCCESS;
}

static int32_t perf_level_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	if (!d->cfg.set_level)
		return SCMI_DENIED;
	return scmi_perf_level(p, d, scmi_get_le32(x, 4), SCMI_AGENT_OSPM);
}

static int32_t perf_level_get(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, d->level);
	return SCMI_SUCCESS;
}

static int32_t perf_notify(struct scmi_platform *p, struct scmi_xfer *x,
			   bool limits)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));
	uint32_t ctl = scmi_get_le32(x, 4);

	if (!d)
		return SCMI_NOT_FOUND;
	if (ctl & ~1u)
		return SCMI_INVALID_PARAMETERS;
	if (!d->cfg.notify)
		return SCMI_NOT_SUPPORTED;
	if (limits)
		d->notify_limits = ctl & 1;
	else
		d->notify_level = ctl & 1;
	return SCMI_SUCCESS;
}

static int32_t perf_notify_limits(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	return perf_notify(p, x, true);
}

static int32_t perf_notify_level(struct scmi_platform *p, struct scmi_xfer *x)
{
	return perf_notify(p, x, false);
}

static int32_t perf_name(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_perf *d = perf_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_ext_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static const struct scmi_handler perf_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { perf_protocol_attributes, 0 },
	[PERF_DOMAIN_ATTRIBUTES] = { perf_domain_attributes, 4 },
	[PERF_DESCRIBE_LEVELS] = { perf_describe_levels, 8 },
	[PERF_LIMITS_SET] = { perf_limits_set, 12 },
	[PERF_LIMITS_GET] = { perf_limits_get, 4 },
	[PERF_LEVEL_SET] = { perf_level_set, 8 },
	[PERF_LEVEL_GET] = { perf_level_get, 4 },
	[PERF_NOTIFY_LIMITS] = { perf_notify_limits, 8, true },
	[PERF_NOTIFY_LEVEL] = { perf_notify_level, 8, true },
	[PERF_DOMAIN_NAME_GET] = { perf_name, 4 },
};

const struct scmi_protocol scmi_perf_protocol = {
	.id = SCMI_PROTOCOL_PERF,
	.name = "perf",
	.version = SCMI_PERF_VERSION,
	.handlers = perf_handlers,
	.num_handlers = ARRAY_SIZE(perf_handlers),
	.present = perf_present,
};
