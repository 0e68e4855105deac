// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Power domain management protocol (0x11), version 3.0.
 *
 * Domains are on (state 0) or off (state 0x40000000, the generic "off,
 * context lost" the Linux genpd driver uses); other states are refused.
 * State changes are synchronous. POWER_STATE_CHANGED goes out on every
 * change, from the agent or the control channel, when the agent enabled
 * it. The change-requested notification is not implemented.
 */
#include <endian.h>
#include <string.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_POWER_VERSION		0x30000

#define POWER_DOMAIN_ATTRIBUTES		0x3
#define POWER_STATE_SET			0x4
#define POWER_STATE_GET			0x5
#define POWER_STATE_NOTIFY		0x6
#define POWER_DOMAIN_NAME_GET		0x8

#define POWER_STATE_CHANGED		0x0

#define STATE_SET_ASYNC			BIT(0)

static struct scmi_power *power_get(struct scmi_platform *p, uint32_t id)
{
	return id < p->num_powers ? &p->powers[id] : NULL;
}

/**
 * scmi_power_by_name() - look up a power domain
 * @p: platform
 * @name: domain name
 *
 * Return: the domain, or NULL.
 */
struct scmi_power *scmi_power_by_name(struct scmi_platform *p,
				      const char *name)
{
	unsigned int i;

	for (i = 0; i < p->num_powers; i++)
		if (!strcmp(p->powers[i].cfg.name, name))
			return &p->powers[i];
	return NULL;
}

/**
 * scmi_powers_reset() - every domain back to its configured state
 * @p: platform
 */
void scmi_powers_reset(struct scmi_platform *p)
{
	unsigned int i;

	for (i = 0; i < p->num_powers; i++) {
		p->powers[i].state = p->powers[i].cfg.state;
		p->powers[i].notify = false;
	}
}

/**
 * scmi_power_apply() - change the state of a power domain
 * @p: platform
 * @d: domain
 * @state: SCMI_POWER_ON or SCMI_POWER_OFF
 * @agent: who asked, for the notification
 *
 * Return: SCMI_SUCCESS, or SCMI_INVALID_PARAMETERS for another state.
 */
int32_t scmi_power_apply(struct scmi_platform *p, struct scmi_power *d,
			 uint32_t state, uint32_t agent)
{
	uint32_t payload[3];

	if (state != SCMI_POWER_ON && state != SCMI_POWER_OFF)
		return SCMI_INVALID_PARAMETERS;
	if (d->state == state)
		return SCMI_SUCCESS;
	d->state = state;
	if (d->notify) {
		payload[0] = htole32(agent);
		payload[1] = htole32(d - p->powers);
		payload[2] = htole32(state);
		scmi_notify(p, SCMI_EV_POWER_STATE, SCMI_PROTOCOL_POWER,
			    POWER_STATE_CHANGED, payload, sizeof(payload));
	}
	return SCMI_SUCCESS;
}

static bool power_present(const struct scmi_platform *p)
{
	return p->num_powers > 0;
}

static int32_t power_protocol_attributes(struct scmi_platform *p,
					 struct scmi_xfer *x)
{
	scmi_put_le32(x, p->num_powers);
	scmi_put_le32(x, 0);	/* no statistics shared memory */
	scmi_put_le32(x, 0);
	scmi_put_le32(x, 0);
	return SCMI_SUCCESS;
}

static int32_t power_domain_attributes(struct scmi_platform *p,
				       struct scmi_xfer *x)
{
	struct scmi_power *d = power_get(p, scmi_get_le32(x, 0));
	uint32_t flags = BIT(29);	/* synchronous state changes */

	if (!d)
		return SCMI_NOT_FOUND;
	if (d->cfg.notify && p->p2a)
		flags |= BIT(31);
	if (scmi_ext_name(d->cfg.name))
		flags |= BIT(27);
	scmi_put_le32(x, flags);
	scmi_put_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static int32_t power_state_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t flags = scmi_get_le32(x, 0);
	struct scmi_power *d = power_get(p, scmi_get_le32(x, 4));

	if (!d)
		return SCMI_NOT_FOUND;
	if (flags & ~STATE_SET_ASYNC)
		return SCMI_INVALID_PARAMETERS;
	if (flags & STATE_SET_ASYNC)
		return SCMI_NOT_SUPPORTED;
	if (d->cfg.deny)
		return SCMI_DENIED;
	return scmi_power_apply(p, d, scmi_get_le32(x, 8), SCMI_AGENT_OSPM);
}

static int32_t power_state_get(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_power *d = power_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, d->state);
	return SCMI_SUCCESS;
}

static int32_t power_state_notify(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	struct scmi_power *d = power_get(p, scmi_get_le32(x, 0));
	uint32_t ctl = scmi_get_le32(x, 4);

	if (!d)
		return SCMI_NOT_FOUND;
	if (ctl & ~1u)
		return SCMI_INVALID_PARAMETERS;
	if (!d->cfg.notify)
		return SCMI_NOT_SUPPORTED;
	d->notify = ctl & 1;
	return SCMI_SUCCESS;
}

static int32_t power_name(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_power *d = power_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_ext_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static const struct scmi_handler power_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { power_protocol_attributes, 0 },
	[POWER_DOMAIN_ATTRIBUTES] = { power_domain_attributes, 4 },
	[POWER_STATE_SET] = { power_state_set, 12 },
	[POWER_STATE_GET] = { power_state_get, 4 },
	[POWER_STATE_NOTIFY] = { power_state_notify, 8, true },
	[POWER_DOMAIN_NAME_GET] = { power_name, 4 },
};

const struct scmi_protocol scmi_power_protocol = {
	.id = SCMI_PROTOCOL_POWER,
	.name = "power",
	.version = SCMI_POWER_VERSION,
	.handlers = power_handlers,
	.num_handlers = ARRAY_SIZE(power_handlers),
	.present = power_present,
};
