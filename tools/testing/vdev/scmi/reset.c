// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Reset domain management protocol (0x16), version 3.0.
 *
 * RESET flags: bit 0 autonomous reset, bit 1 explicit assert (0 with bit 0
 * clear: deassert), bit 2 asynchronous (autonomous resets only). The only
 * reset state is the architectural cold reset 0; other architectural
 * states are invalid, implementation defined ones (bit 31) unsupported.
 * An asynchronous reset completes after the configured delay with a
 * RESET_COMPLETE {domain_id} delayed response. RESET_ISSUED goes out for
 * every autonomous reset and every assert when the agent enabled it.
 */
#include <endian.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_RESET_VERSION		0x30000

#define RESET_DOMAIN_ATTRIBUTES		0x3
#define RESET_RESET			0x4
#define RESET_NOTIFY			0x5
#define RESET_DOMAIN_NAME_GET		0x6

#define RESET_ISSUED			0x0

#define RESET_AUTONOMOUS		BIT(0)
#define RESET_ASSERT			BIT(1)
#define RESET_ASYNC			BIT(2)
#define RESET_STATE_IMPL		BIT(31)

static struct scmi_reset *reset_get(struct scmi_platform *p, uint32_t id)
{
	return id < p->num_resets ? &p->resets[id] : NULL;
}

/**
 * scmi_resets_reset() - every domain back to its configured state
 * @p: platform
 */
void scmi_resets_reset(struct scmi_platform *p)
{
	unsigned int i;

	for (i = 0; i < p->num_resets; i++) {
		p->resets[i].asserted = p->resets[i].cfg.asserted;
		p->resets[i].count = 0;
		p->resets[i].notify = false;
	}
}

static void reset_issued(struct scmi_platform *p, struct scmi_reset *d,
			 uint32_t state)
{
	uint32_t payload[3];

	if (!d->notify)
		return;
	payload[0] = htole32(SCMI_AGENT_OSPM);
	payload[1] = htole32(d - p->resets);
	payload[2] = htole32(state);
	scmi_notify(p, SCMI_EV_RESET_ISSUED, SCMI_PROTOCOL_RESET, RESET_ISSUED,
		    payload, sizeof(payload));
}

static bool reset_present(const struct scmi_platform *p)
{
	return p->num_resets > 0;
}

static int32_t reset_protocol_attributes(struct scmi_platform *p,
					 struct scmi_xfer *x)
{
	scmi_put_le32(x, p->num_resets);
	return SCMI_SUCCESS;
}

static int32_t reset_domain_attributes(struct scmi_platform *p,
				       struct scmi_xfer *x)
{
	struct scmi_reset *d = reset_get(p, scmi_get_le32(x, 0));
	uint32_t attr = 0;

	if (!d)
		return SCMI_NOT_FOUND;
	if (d->cfg.async && p->p2a)
		attr |= BIT(31);
	if (d->cfg.notify && p->p2a)
		attr |= BIT(30);
	if (scmi_ext_name(d->cfg.name))
		attr |= BIT(29);
	scmi_put_le32(x, attr);
	scmi_put_le32(x, d->cfg.latency_us);
	scmi_put_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static int32_t reset_done(struct scmi_platform *p, struct scmi_async *a,
			  struct scmi_xfer *dx)
{
	struct scmi_reset *d = reset_get(p, a->arg[0]);

	if (!d)
		return SCMI_NOT_FOUND;
	d->count++;
	d->asserted = false;
	reset_issued(p, d, a->arg[1]);
	scmi_put_le32(dx, a->arg[0]);
	return SCMI_SUCCESS;
}

static int32_t reset_reset(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t id = scmi_get_le32(x, 0), flags = scmi_get_le32(x, 4);
	uint32_t state = scmi_get_le32(x, 8);
	struct scmi_reset *d = reset_get(p, id);
	struct scmi_async *a;

	if (!d)
		return SCMI_NOT_FOUND;
	if ((flags & ~(RESET_AUTONOMOUS | RESET_ASSERT | RESET_ASYNC)) ||
	    ((flags & RESET_AUTONOMOUS) && (flags & RESET_ASSERT)) ||
	    ((flags & RESET_ASYNC) && !(flags & RESET_AUTONOMOUS)))
		return SCMI_INVALID_PARAMETERS;
	if (state & RESET_STATE_IMPL)
		return SCMI_NOT_SUPPORTED;
	if (state)
		return SCMI_INVALID_PARAMETERS;
	if (d->cfg.deny)
		return SCMI_DENIED;
	if (flags & RESET_ASYNC) {
		if (!d->cfg.async || !p->p2a)
			return SCMI_NOT_SUPPORTED;
		if (p->other_async >= SCMI_MAX_OTHER_ASYNC)
			return SCMI_BUSY;
		a = scmi_async_start(p, x, &p->other_async, reset_done);
		if (!a)
			return SCMI_GENERIC_ERROR;
		a->arg[0] = id;
		a->arg[1] = state;
		return SCMI_SUCCESS;
	}
	if (flags & RESET_AUTONOMOUS) {
		d->count++;
		d->asserted = false;
		reset_issued(p, d, state);
	} else if (flags & RESET_ASSERT) {
		if (!d->asserted)
			reset_issued(p, d, state);
		d->asserted = true;
	} else {
		d->asserted = false;
	}
	return SCMI_SUCCESS;
}

static int32_t reset_notify(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_reset *d = reset_get(p, scmi_get_le32(x, 0));
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

static int32_t reset_name(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_reset *d = reset_get(p, scmi_get_le32(x, 0));

	if (!d)
		return SCMI_NOT_FOUND;
	scmi_put_ext_name(x, d->cfg.name);
	return SCMI_SUCCESS;
}

static const struct scmi_handler reset_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { reset_protocol_attributes, 0 },
	[RESET_DOMAIN_ATTRIBUTES] = { reset_domain_attributes, 4 },
	[RESET_RESET] = { reset_reset, 12 },
	[RESET_NOTIFY] = { reset_notify, 8, true },
	[RESET_DOMAIN_NAME_GET] = { reset_name, 4 },
};

const struct scmi_protocol scmi_reset_protocol = {
	.id = SCMI_PROTOCOL_RESET,
	.name = "reset",
	.version = SCMI_RESET_VERSION,
	.handlers = reset_handlers,
	.num_handlers = ARRAY_SIZE(reset_handlers),
	.present = reset_present,
};
