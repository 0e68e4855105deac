// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-scmi device (id 32) for the vdev backend.
 *
 * Queue 0 (cmdq) carries commands: a readable le32 header plus payload,
 * then a writable buffer for the response in the same chain. Queue 1
 * (eventq) gets writable buffers from the agent; they are held for
 * notifications and delayed responses, and the core drops them when the
 * queue stops.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../device.h"
#include "../log.h"
#include "../models.h"
#include "../util.h"
#include "scmi.h"

#define VIRTIO_ID_SCMI			32
#define VIRTIO_SCMI_F_P2A_CHANNELS	0

#define SCMI_CMDQ	0
#define SCMI_EVENTQ	1

enum {
	SCMI_OPT_VENDOR = VDEV_OPT_MODEL_BASE,
	SCMI_OPT_SUB_VENDOR,
	SCMI_OPT_IMPL_VERSION,
};

static const struct option scmi_options[] = {
	{ "vendor", required_argument, NULL, SCMI_OPT_VENDOR },
	{ "sub-vendor", required_argument, NULL, SCMI_OPT_SUB_VENDOR },
	{ "impl-version", required_argument, NULL, SCMI_OPT_IMPL_VERSION },
	{ NULL, 0, NULL, 0 },
};

static int scmi_parse_option(struct vdev *dev, int opt, const char *arg)
{
	struct scmi_platform *p = vdev_priv(dev);
	unsigned long v;
	char *end;

	switch (opt) {
	case SCMI_OPT_VENDOR:
	case SCMI_OPT_SUB_VENDOR:
		if (strlen(arg) >= SCMI_SHORT_NAME_MAX) {
			log_err("scmi: vendor names have at most %d characters",
				SCMI_SHORT_NAME_MAX - 1);
			return -EINVAL;
		}
		if (opt == SCMI_OPT_VENDOR)
			p->vendor = arg;
		else
			p->sub_vendor = arg;
		return 0;
	case SCMI_OPT_IMPL_VERSION:
		errno = 0;
		v = strtoul(arg, &end, 0);
		if (errno || *end || !*arg || v > UINT32_MAX)
			return -EINVAL;
		p->impl_version = v;
		return 0;
	}
	return -EINVAL;
}

static int scmi_init(struct vdev *dev)
{
	scmi_platform_init(vdev_priv(dev));
	return 0;
}

static void scmi_command(struct vdev *dev, struct vdev_elem *elem)
{
	uint8_t req[4 + SCMI_MAX_PAYLOAD], resp[8 + SCMI_MAX_PAYLOAD];
	size_t rd = elem->v.rd_len, wr = elem->v.wr_len, len;

	virtq_elem_read(&elem->v, 0, req, rd < sizeof(req) ? rd : sizeof(req));
	len = scmi_handle(vdev_priv(dev), req, rd, resp,
			  wr < sizeof(resp) ? wr : sizeof(resp));
	virtq_elem_write(&elem->v, 0, resp, len);
	vdev_push(dev, elem, len);
}

static void scmi_kick(struct vdev *dev, unsigned int q)
{
	struct vdev_elem *elem;

	while ((elem = vdev_pop(dev, q))) {
		if (q == SCMI_CMDQ) {
			scmi_command(dev, elem);
		} else if (!elem->v.wr_len || elem->v.rd_len) {
			log_err("scmi: eventq buffer must be writable only");
			vdev_push(dev, elem, 0);
		} else {
			vdev_hold(dev, elem);
		}
	}
}

static void scmi_reset(struct vdev *dev)
{
	scmi_platform_reset(vdev_priv(dev));
}

static const char scmi_help[] =
	"  --vendor NAME         DISCOVER_VENDOR string (default \"vdev\")\n"
	"  --sub-vendor NAME     DISCOVER_SUB_VENDOR string (default \"\")\n"
	"  --impl-version N      DISCOVER_IMPLEMENTATION_VERSION (default 0x10000)\n";

const struct vdev_model scmi_model = {
	.name = "scmi",
	.device_id = VIRTIO_ID_SCMI,
	.features = BIT_ULL(VIRTIO_F_VERSION_1) |
		    BIT_ULL(VIRTIO_SCMI_F_P2A_CHANNELS),
	.num_queues = 2,
	.priv_size = sizeof(struct scmi_platform),
	.options = scmi_options,
	.help = scmi_help,
	.parse_option = scmi_parse_option,
	.init = scmi_init,
	.kick = scmi_kick,
	.reset = scmi_reset,
};
