// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Voltage domain management protocol (0x17), version 2.0.
 *
 * Domains have a list of levels or a {lowest, highest, step} segment, in
 * microvolts. VOLTAGE_DESCRIBE_LEVELS replies hold as many levels as fit
 * the agent's buffer; a segment always comes as one triplet. The domain
 * configuration is the architectural mode 0 (off) or 7 (on); reserved
 * modes are invalid and implementation defined ones (8-15) unsupported.
 * A level must be one of the described ones: outside them it is out of
 * range, between them invalid. An asynchronous level change completes
 * after the configured delay with a VOLTAGE_LEVEL_SET_COMPLETE
 * {domain_id, level} delayed response.
 */
#include <endian.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_VOLTAGE_VERSION		0x20000

#define VOLTAGE_DOMAIN_ATTRIBUTES	0x3
#define VOLTAGE_DESCRIBE_LEVELS		0x4
#define VOLTAGE_CONFIG_SET		0x5
#define VOLTAGE_CONFIG_GET		0x6
#define VOLTAGE_LEVEL_SET		0x7
#define VOLTAGE_LEVEL_GET		0x8
#define VOLTAGE_DOMAIN_NAME_GET		0x9

#define VOLTAGE_MODE_OFF		0x0
#define VOLTAGE_MODE_ON			0x7
#define VOLTAGE_MODE_IMPL		0x8

#define LEVEL_SET_ASYNC			BIT(0)

static struct scmi_voltage *voltage_get(struct scmi_platform *p, uint32_t id)
{
	return id < p->num_voltages ? &p->voltages[id] : NULL;
}

/**
 * scmi_voltages_reset() - every domain back to its configured state
 * @p: platform
 */
void scmi_voltages_reset(struct scmi_platform *p)
{
	unsigned int i;

	for (i = 0; i < p->num_voltages; i++) {
		struct scmi_voltage *d = &p->voltages[i];

		d->level = d->cfg.level;
		d->config = d->cfg.enabled ? VOLTAGE_MODE_ON : VOLTAGE_MODE_OFF;
	}
}

/* SCMI_SUCCESS if @uv is a level of @d. */
static int32_t level_check(const struct scmi_voltage_cfg *c, int32_t uv)
{
	int32_t max = c->segmented ? c->levels[1] : c->levels[c->num_levels - 1];
	unsigned int i;

	if (uv < c->levels[0] || uv > max)
		return SCMI_OUT_OF_RANGE;
	if (c->segmented)
		return ((int64_t)uv - c->levels[0]) % c->levels[2] ?
		       SCMI_INVALID_PARAMETERS : SCMI_SUCCESS;
	for (i = 0; i < c->num_levels; i++)
		if (c->levels[i] == uv)
			return SCMI_SUCCESS;
	return SCMI_INVALID_PARAMETERS;
}

static bool voltage_present(const struct scmi_platform *p)
{
	return p->num_voltages > 0;
}

static int32_t voltage_protocol_attributes(struct scmi_platform *p,
					   struct scmi_xfer *x)
{
	scmi_put_le32(x, p->num_voltages);
	return SCMI_SUCCESS;
}

static int32_t voltage_domain_attributes(struct scmi_platform *p,
					 struct scmi_xfer *x)
{
	struct scmi_voltage *d = voltage_get(p, scmi_get_le32(x, 0));
	uint32_t attr = 0;

	if (!d)
		return SCMI_NOT_FOUND;
	if (d->cfg.async && p->p2a)
		attr |= BIT(31);
	if (scmi_ext_name(d->cfg.name))
		attr |= BIT(30);
	scmi_put_le32(x, attr);
	scmi_put_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static int32_t voltage_describe_levels(struct scmi_platform *p,
				       struct scmi_xfer *x)
{
	struct scmi_voltage *d = voltage_get(p, scmi_get_le32(x, 0));
	uint32_t idx = scmi_get_le32(x, 4), n, i, num;
	size_t room = scmi_room(x) > 4 ? (scmi_room(x) - 4) / 4 : 0;

	if (!d)
		return SCMI_NOT_FOUND;
	num = d->cfg.num_levels;
	if (idx >= num || (d->cfg.segmented && idx))
		return SCMI_OUT_OF_RANGE;
	n = num - idx;
	if (n > room)
		n = room;
	if (!n || (d->cfg.segmented && n < 3))
		return SCMI_COMMS_ERROR;
	scmi_put_le32(x, n | (d->cfg.segmented ? BIT(12) : 0) |
		      (num - idx - n) << 16);
	for (i = idx; i < idx + n; i++)
		scmi_put_le32(x, (uint32_t)d->cfg.levels[i]);
	return SCMI_SUCCESS;
}

static int32_t voltage_config_set(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	struct scmi_voltage *d = voltage_get(p, scmi_get_le32(x, 0));
	uint32_t mode = scmi_get_le32(x, 4);

	if (!d)
		return SCMI_NOT_FOUND;
	if (mode > 0xf || (mode != VOLTAGE_MODE_OFF &&
			   mode != VOLTAGE_MODE_ON && mode < VOLTAGE_MODE_IMPL))
		return SCMI_INVALID_PARAMETERS;
	if (mode >= VOLTAGE_MODE_IMPL)
		return SCMI_NOT_SUPPORTED;
	d->config = mode;
	return SCMI_SUCCESS;
}

static int32_t voltage_config_get(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	struct scmi_voltage *d = voltage_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, d->config);
	return SCMI_SUCCESS;
}

static int32_t voltage_set_done(struct scmi_platform *p, struct scmi_async *a,
				struct scmi_xfer *dx)
{
	struct scmi_voltage *d = voltage_get(p, a->arg[0]);

	if (!d)
		return SCMI_NOT_FOUND;
	d->level = (int32_t)a->arg[1];
	scmi_put_le32(dx, a->arg[0]);
	scmi_put_le32(dx, (uint32_t)d->level);
	return SCMI_SUCCESS;
}

static int32_t voltage_level_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t id = scmi_get_le32(x, 0), flags = scmi_get_le32(x, 4);
	int32_t uv = (int32_t)scmi_get_le32(x, 8), ret;
	struct scmi_voltage *d = voltage_get(p, id);
	struct scmi_async *a;

	if (!d)
		return SCMI_NOT_FOUND;
	if (flags & ~LEVEL_SET_ASYNC)
		return SCMI_INVALID_PARAMETERS;
	ret = level_check(&d->cfg, uv);
	if (ret)
		return ret;
	if (!(flags & LEVEL_SET_ASYNC)) {
		d->level = uv;
		return SCMI_SUCCESS;
	}
	if (!d->cfg.async || !p->p2a)
		return SCMI_NOT_SUPPORTED;
	if (p->other_async >= SCMI_MAX_OTHER_ASYNC)
		return SCMI_BUSY;
	a = scmi_async_start(p, x, &p->other_async, voltage_set_done);
	if (!a)
		return SCMI_GENERIC_ERROR;
	a->arg[0] = id;
	a->arg[1] = (uint32_t)uv;
	return SCMI_SUCCESS;
}

static int32_t voltage_level_get(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_voltage *d = voltage_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, (uint32_t)d->level);
	return SCMI_SUCCESS;
}

static int32_t voltage_name(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_voltage *d = voltage_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_ext_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static const struct scmi_handler voltage_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { voltage_protocol_attributes, 0 },
	[VOLTAGE_DOMAIN_ATTRIBUTES] = { voltage_domain_attributes, 4 },
	[VOLTAGE_DESCRIBE_LEVELS] = { voltage_describe_levels, 8 },
	[VOLTAGE_CONFIG_SET] = { voltage_config_set, 8 },
	[VOLTAGE_CONFIG_GET] = { voltage_config_get, 4 },
	[VOLTAGE_LEVEL_SET] = { voltage_level_set, 12 },
	[VOLTAGE_LEVEL_GET] = { voltage_level_get, 4 },
	[VOLTAGE_DOMAIN_NAME_GET] = { voltage_name, 4 },
};

const struct scmi_protocol scmi_voltage_protocol = {
	.id = SCMI_PROTOCOL_VOLTAGE,
	.name = "voltage",
	.version = SCMI_VOLTAGE_VERSION,
	.handlers = voltage_handlers,
	.num_handlers = ARRAY_SIZE(voltage_handlers),
	.present = voltage_present,
};
