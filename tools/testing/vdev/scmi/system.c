// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI System power management protocol (0x12), version 2.0.
 *
 * The platform asks the agent to shut down, reset or suspend with
 * SYSTEM_POWER_STATE_NOTIFIER {agent_id, flags, system_state, timeout}
 * (sent from the control channel, see ctl.c), which the Linux agent acts
 * on (drivers/firmware/arm_scmi/scmi_power_control.c). The agent's own
 * SYSTEM_POWER_STATE_SET requests are checked and recorded only: this
 * platform does not power anything off.
 */
#include <endian.h>
#include <errno.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_SYSTEM_VERSION		0x20000

#define SYSTEM_POWER_STATE_SET		0x3
#define SYSTEM_POWER_STATE_NOTIFY	0x5

#define SYSTEM_POWER_STATE_NOTIFIER	0x0

#define SYS_SHUTDOWN			0
#define SYS_COLD_RESET			1
#define SYS_WARM_RESET			2
#define SYS_POWER_UP			3
#define SYS_SUSPEND			4
#define SYS_VENDOR			BIT(31)

#define SET_GRACEFUL			BIT(0)

/**
 * scmi_system_reset() - forget notification requests and requests
 * @p: platform
 */
void scmi_system_reset(struct scmi_platform *p)
{
	p->system_notify = false;
	p->system_state = UINT32_MAX;
	p->system_requests = 0;
}

/**
 * scmi_system_notify() - ask the agent to change the system power state
 * @p: platform
 * @state: SCMI system state (0 shutdown, 1 cold reset, 2 warm reset,
 *	4 suspend, ...)
 * @graceful: a graceful request (else forceful)
 * @timeout_ms: time the agent has for a graceful request
 *
 * Return: 1 if sent, 0 if the agent did not ask for it, -ENOENT without
 * the system power protocol.
 */
int scmi_system_notify(struct scmi_platform *p, uint32_t state,
		       bool graceful, uint32_t timeout_ms)
{
	uint32_t payload[4];

	if (!p->system)
		return -ENOENT;
	if (!p->system_notify)
		return 0;
	payload[0] = htole32(SCMI_AGENT_PLATFORM);
	payload[1] = htole32(graceful ? 1 : 0);
	payload[2] = htole32(state);
	payload[3] = htole32(timeout_ms);
	scmi_notify(p, SCMI_EV_SYSTEM_POWER, SCMI_PROTOCOL_SYSTEM,
		    SYSTEM_POWER_STATE_NOTIFIER, payload, sizeof(payload));
	return 1;
}

static bool system_present(const struct scmi_platform *p)
{
	return p->system;
}

static int32_t system_attributes(struct scmi_platform *p, struct scmi_xfer *x)
{
	scmi_put_le32(x, (p->system_cfg.warm_reset ? BIT(31) : 0) |
		      (p->system_cfg.suspend ? BIT(30) : 0));
	return SCMI_SUCCESS;
}

static int32_t system_state_set(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t flags = scmi_get_le32(x, 0), state = scmi_get_le32(x, 4);

	if (flags & ~SET_GRACEFUL)
		return SCMI_INVALID_PARAMETERS;
	if (state & SYS_VENDOR)
		return SCMI_NOT_SUPPORTED;
	if (state > SYS_SUSPEND || state == SYS_POWER_UP)
		return SCMI_INVALID_PARAMETERS;
	if ((state == SYS_WARM_RESET && !p->system_cfg.warm_reset) ||
	    (state == SYS_SUSPEND && !p->system_cfg.suspend))
		return SCMI_NOT_SUPPORTED;
	p->system_state = state;
	p->system_requests++;
	return SCMI_SUCCESS;
}

static int32_t system_state_notify(struct scmi_platform *p,
				   struct scmi_xfer *x)
{
	uint32_t ctl = scmi_get_le32(x, 0);

	if (ctl & ~1u)
		return SCMI_INVALID_PARAMETERS;
	p->system_notify = ctl & 1;
	return SCMI_SUCCESS;
}

static const struct scmi_handler system_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { system_attributes, 0 },
	[SYSTEM_POWER_STATE_SET] = { system_state_set, 8 },
	[SYSTEM_POWER_STATE_NOTIFY] = { system_state_notify, 4, true },
};

const struct scmi_protocol scmi_system_protocol = {
	.id = SCMI_PROTOCOL_SYSTEM,
	.name = "system",
	.version = SCMI_SYSTEM_VERSION,
	.handlers = system_handlers,
	.num_handlers = ARRAY_SIZE(system_handlers),
	.present = system_present,
};
