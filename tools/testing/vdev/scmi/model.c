// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-scmi device (id 32) for the vdev backend.
 *
 * Queue 0 (cmdq) carries commands: a readable le32 header plus payload,
 * then a writable buffer for the response in the same chain. Queue 1
 * (eventq, with VIRTIO_SCMI_F_P2A_CHANNELS) gets writable buffers from the
 * agent; they are held for notifications and delayed responses (see
 * events.c), and the core drops them when the queue stops.
 *
 * The platform is described by a configuration file (--config, format in
 * scmi/platform.conf); without one the built-in copy of platform.conf is
 * used. Control commands are in ctl.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../device.h"
#include "../log.h"
#include "../models.h"
#include "../util.h"
#include "scmi.h"

#define VIRTIO_ID_SCMI			32

/* Smallest eventq buffer kept: room for a header and a status. */
#define SCMI_MIN_EVENT_BUF		8
/* Largest configuration file read. */
#define SCMI_MAX_CONFIG			BIT(20)

enum {
	SCMI_OPT_VENDOR = VDEV_OPT_MODEL_BASE,
	SCMI_OPT_SUB_VENDOR,
	SCMI_OPT_IMPL_VERSION,
	SCMI_OPT_CONFIG,
};

static const struct option scmi_options[] = {
	{ "vendor", required_argument, NULL, SCMI_OPT_VENDOR },
	{ "sub-vendor", required_argument, NULL, SCMI_OPT_SUB_VENDOR },
	{ "impl-version", required_argument, NULL, SCMI_OPT_IMPL_VERSION },
	{ "config", required_argument, NULL, SCMI_OPT_CONFIG },
	{ NULL, 0, NULL, 0 },
};

static int read_text(const char *path, char **text)
{
	size_t len = 0;
	ssize_t n;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(SCMI_MAX_CONFIG + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	do {
		n = read(fd, buf + len, SCMI_MAX_CONFIG + 1 - len);
		if (n > 0)
			len += n;
	} while ((n > 0 && len <= SCMI_MAX_CONFIG) || (n < 0 && errno == EINTR));
	close(fd);
	if (n < 0 || len > SCMI_MAX_CONFIG) {
		free(buf);
		return n < 0 ? -errno : -EFBIG;
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
}

static int scmi_load_file(struct scmi_platform *p, const char *path)
{
	char err[320], *text = NULL;
	int ret;

	ret = read_text(path, &text);
	if (ret) {
		log_err("scmi: %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = scmi_platform_load(p, text, path, err, sizeof(err));
	free(text);
	if (ret == -EINVAL)
		log_err("scmi: %s", err);
	return ret;
}

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
		p->impl_version_set = true;
		return 0;
	case SCMI_OPT_CONFIG:
		return scmi_load_file(p, arg);
	}
	return -EINVAL;
}

static int scmi_init(struct vdev *dev)
{
	return scmi_platform_init(vdev_priv(dev), dev);
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
	struct scmi_platform *p = vdev_priv(dev);
	struct vdev_elem *elem;
	bool held = false;

	p->p2a = vdev_has_feature(dev, VIRTIO_SCMI_F_P2A_CHANNELS);
	while ((elem = vdev_pop(dev, q))) {
		if (q == SCMI_CMDQ) {
			scmi_command(dev, elem);
		} else if (elem->v.wr_len < SCMI_MIN_EVENT_BUF ||
			   elem->v.rd_len) {
			log_err("scmi: eventq buffers must be writable only, %d bytes at least",
				SCMI_MIN_EVENT_BUF);
			vdev_push(dev, elem, 0);
		} else {
			vdev_hold(dev, elem);
			held = true;
		}
	}
	if (held)
		scmi_events_flush(p);
}

static void scmi_reset(struct vdev *dev)
{
	scmi_platform_reset(vdev_priv(dev));
}

static const char scmi_help[] =
	"  --config FILE         platform description (format: see\n"
	"        tools/testing/vdev/scmi/platform.conf, the built-in default)\n"
	"  --vendor NAME         DISCOVER_VENDOR string (default \"vdev\")\n"
	"  --sub-vendor NAME     DISCOVER_SUB_VENDOR string (default \"\")\n"
	"  --impl-version N      DISCOVER_IMPLEMENTATION_VERSION (default 0x10000)\n"
	"  --fault status=S[,protocol=P][,msg=M][,after=N][,count=N]  answer\n"
	"        commands (of protocol P, message M) with status S (a name such\n"
	"        as NOT_SUPPORTED, or a number), header and status only\n"
	"  control commands: sensor NAME [VALUE...], sensors, clock NAME\n"
	"        [RATE|on|off], perf NAME [level L|limits MAX MIN], power NAME\n"
	"        [on|off], system STATE [forceful] [timeout=MS], stats,\n"
	"        notify-stats, fault SPEC\n";

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
	.control = scmi_control,
	.fuzz = &scmi_fuzz_ops,
};
