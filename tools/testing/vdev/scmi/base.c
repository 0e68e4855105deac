// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Base protocol (0x10), version 2.0.
 *
 * One agent (the OSPM, agent id 1) talks to the platform (agent id 0).
 * Layouts as the Linux 6.12 agent reads them (drivers/firmware/arm_scmi/
 * base.c): names are 16-byte NUL-padded strings, the protocol list is a
 * le32 count followed by one byte per protocol padded to 4 bytes, as many
 * as fit the agent's buffer. The permission messages (0x9-0xb) are for
 * trusted agents and not implemented.
 *
 * With NOTIFY_ERRORS on, a command the platform cannot answer at all (its
 * reply buffer cannot hold a header and a status) is reported with a
 * BASE_ERROR_EVENT carrying its header.
 */
#include "../util.h"
#include "scmi.h"

#define SCMI_BASE_VERSION		0x20000

#define BASE_DISCOVER_VENDOR		0x3
#define BASE_DISCOVER_SUB_VENDOR	0x4
#define BASE_DISCOVER_IMPL_VERSION	0x5
#define BASE_DISCOVER_LIST_PROTOCOLS	0x6
#define BASE_DISCOVER_AGENT		0x7
#define BASE_NOTIFY_ERRORS		0x8

#define BASE_ERROR_EVENT		0x0

#define BASE_NUM_AGENTS			1
#define BASE_AGENT_SELF			0xffffffffu

#define BASE_NOTIFY_ERRORS_ENABLE	0x1u

static int32_t base_attributes(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t nprot = scmi_protocol_list(p, NULL, 0);

	scmi_put_le32(x, (nprot & 0xff) | (BASE_NUM_AGENTS << 8));
	return SCMI_SUCCESS;
}

static int32_t base_vendor(struct scmi_platform *p, struct scmi_xfer *x)
{
	scmi_put_name(x, scmi_vendor(p));
	return SCMI_SUCCESS;
}

static int32_t base_sub_vendor(struct scmi_platform *p, struct scmi_xfer *x)
{
	scmi_put_name(x, scmi_sub_vendor(p));
	return SCMI_SUCCESS;
}

static int32_t base_impl_version(struct scmi_platform *p, struct scmi_xfer *x)
{
	scmi_put_le32(x, scmi_impl_version(p));
	return SCMI_SUCCESS;
}

static int32_t base_list_protocols(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint8_t ids[256 + 3] = { 0 };	/* + padding to a whole word */
	uint32_t skip = scmi_get_le32(x, 0);
	unsigned int total = scmi_protocol_list(p, ids, 256);
	size_t room, n;

	if (skip > total)
		return SCMI_INVALID_PARAMETERS;
	/* As many as fit after the count, in whole words. */
	room = x->resp_max > 4 ? (x->resp_max - 4) & ~(size_t)3 : 0;
	n = total - skip;
	if (n > room)
		n = room;
	scmi_put_le32(x, n);
	scmi_put(x, ids + skip, (n + 3) & ~(size_t)3);
	return SCMI_SUCCESS;
}

static int32_t base_discover_agent(struct scmi_platform *p,
				   struct scmi_xfer *x)
{
	uint32_t id = scmi_get_le32(x, 0);

	if (id == BASE_AGENT_SELF)
		id = SCMI_AGENT_OSPM;
	if (id > BASE_NUM_AGENTS)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, id);
	scmi_put_name(x, id == SCMI_AGENT_PLATFORM ? "platform" : p->cfg.agent);
	return SCMI_SUCCESS;
}

static int32_t base_notify_errors(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	uint32_t ctl = scmi_get_le32(x, 0);

	if (ctl & ~BASE_NOTIFY_ERRORS_ENABLE)
		return SCMI_INVALID_PARAMETERS;
	p->error_notify = ctl & BASE_NOTIFY_ERRORS_ENABLE;
	return SCMI_SUCCESS;
}

/**
 * scmi_base_error() - report a command that got no answer
 * @p: platform
 * @hdr: its header
 *
 * Sends a non-fatal BASE_ERROR_EVENT with one report if the agent asked
 * for error notifications.
 */
void scmi_base_error(struct scmi_platform *p, uint32_t hdr)
{
	uint32_t payload[4];

	if (!p->error_notify)
		return;
	payload[0] = htole32(SCMI_AGENT_OSPM);
	payload[1] = htole32(1);	/* not fatal, one report */
	payload[2] = htole32(hdr);
	payload[3] = 0;
	scmi_notify(p, SCMI_EV_BASE_ERROR, SCMI_PROTOCOL_BASE,
		    BASE_ERROR_EVENT, payload, sizeof(payload));
}

static const struct scmi_handler base_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { base_attributes, 0 },
	[BASE_DISCOVER_VENDOR] = { base_vendor, 0 },
	[BASE_DISCOVER_SUB_VENDOR] = { base_sub_vendor, 0 },
	[BASE_DISCOVER_IMPL_VERSION] = { base_impl_version, 0 },
	[BASE_DISCOVER_LIST_PROTOCOLS] = { base_list_protocols, 4 },
	[BASE_DISCOVER_AGENT] = { base_discover_agent, 4 },
	[BASE_NOTIFY_ERRORS] = { base_notify_errors, 4, true },
};

const struct scmi_protocol scmi_base_protocol = {
	.id = SCMI_PROTOCOL_BASE,
	.name = "base",
	.version = SCMI_BASE_VERSION,
	.handlers = base_handlers,
	.num_handlers = ARRAY_SIZE(base_handlers),
};
