// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rtc device (id 17) for the vdev backend.
 *
 * Queue 0 (requestq) carries requests: a readable request and a writable
 * response buffer in one chain, answered at once. Queue 1 (alarmq) gets
 * writable buffers from the driver when VIRTIO_RTC_F_ALARM is negotiated;
 * they are held for alarm notifications.
 *
 * Control commands (see ../control.h):
 *	clocks			list the clocks
 *	read ID			print a clock reading in ns
 *	step ID [+-]N[UNIT]	make a clock jump by N ns (UNIT: ns us ms s)
 *	alarm ID		print the alarm: time, enabled, pending
 *	stats			print the request and notification counters
 *	fault SPEC		status fault, see rtc_fault_parse(); "off"
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../log.h"
#include "../models.h"
#include "../util.h"
#include "rtc.h"

enum {
	RTC_OPT_CLOCK = VDEV_OPT_MODEL_BASE,
	RTC_OPT_NO_ALARM,
	RTC_OPT_NO_RETAIN,
};

static const struct option rtc_options[] = {
	{ "clock", required_argument, NULL, RTC_OPT_CLOCK },
	{ "no-alarm", no_argument, NULL, RTC_OPT_NO_ALARM },
	{ "no-retain-alarm", no_argument, NULL, RTC_OPT_NO_RETAIN },
	{ NULL, 0, NULL, 0 },
};

/* Offer VIRTIO_RTC_F_ALARM only if some clock can have an alarm. */
static void rtc_update_features(struct vdev *dev)
{
	struct rtc_dev *r = vdev_priv(dev);
	bool alarm = false;
	unsigned int i;

	for (i = 0; i < r->num_clocks; i++)
		alarm |= r->clocks[i].alarm_cap;
	vdev_offer_feature(dev, VIRTIO_RTC_F_ALARM, alarm && !r->no_alarm);
}

static int rtc_parse_option(struct vdev *dev, int opt, const char *arg)
{
	struct rtc_dev *r = vdev_priv(dev);
	int ret = 0;

	switch (opt) {
	case RTC_OPT_CLOCK:
		ret = rtc_clock_add(r, arg);
		if (ret == -ENOSPC)
			log_err("rtc: at most %d clocks", RTC_MAX_CLOCKS);
		break;
	case RTC_OPT_NO_ALARM:
		r->no_alarm = true;
		break;
	case RTC_OPT_NO_RETAIN:
		r->no_retain = true;
		break;
	default:
		return -EINVAL;
	}
	rtc_update_features(dev);
	return ret;
}

static int rtc_init(struct vdev *dev)
{
	rtc_clocks_default(vdev_priv(dev));
	rtc_alarm_init(dev);
	return 0;
}

static void rtc_kick(struct vdev *dev, unsigned int q)
{
	struct vdev_elem *elem;

	while ((elem = vdev_pop(dev, q))) {
		if (q == RTC_REQUESTQ)
			rtc_request(dev, elem);
		else
			rtc_alarm_buffer(dev, elem);
	}
	if (q == RTC_ALARMQ)
		rtc_alarm_deliver(dev);
}

static void rtc_reset(struct vdev *dev)
{
	rtc_alarm_reset(dev);
}

/* Parse a clock id argument; the rest of @s is left in @rest. */
static struct rtc_clock *arg_clock(struct rtc_dev *r, const char *s,
				   char **rest)
{
	unsigned long id;

	errno = 0;
	id = strtoul(s, rest, 0);
	if (errno || *rest == s || (**rest && **rest != ' '))
		return NULL;
	return rtc_clock_get(r, id);
}

/* [+-]N with an optional unit: ns (default), us, ms, s. */
static int parse_delta(const char *s, int64_t *ns)
{
	static const struct {
		const char *unit;
		int64_t mult;
	} units[] = {
		{ "", 1 }, { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 },
	};
	unsigned int i;
	long long v;
	char *end;

	while (*s == ' ')
		s++;
	if (!*s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(units); i++)
		if (!strcmp(end, units[i].unit))
			return __builtin_mul_overflow(v, units[i].mult, ns) ?
			       -ERANGE : 0;
	return -EINVAL;
}

static int cmd_step(struct vdev *dev, const char *args, FILE *out)
{
	struct rtc_dev *r = vdev_priv(dev);
	struct rtc_clock *c;
	int64_t delta;
	char *rest;
	int ret;

	c = arg_clock(r, args, &rest);
	if (!c)
		return -ENODEV;
	ret = parse_delta(rest, &delta);
	if (!ret)
		ret = rtc_clock_step(c, delta);
	if (ret)
		return ret;
	fprintf(out, "offset=%lld\n", (long long)c->offset);
	rtc_alarm_update(dev);
	rtc_alarm_deliver(dev);
	return 0;
}

static int cmd_read(struct vdev *dev, const char *args, FILE *out)
{
	struct rtc_clock *c;
	char *rest;

	c = arg_clock(vdev_priv(dev), args, &rest);
	if (!c || *rest)
		return -ENODEV;
	fprintf(out, "%llu\n", (unsigned long long)rtc_clock_read(c));
	return 0;
}

static int cmd_alarm(struct vdev *dev, const char *args, FILE *out)
{
	struct rtc_clock *c;
	char *rest;

	c = arg_clock(vdev_priv(dev), args, &rest);
	if (!c || *rest || !c->alarm_cap)
		return -ENODEV;
	fprintf(out, "time=%llu\nenabled=%d\npending=%d\n",
		(unsigned long long)c->alarm_time, c->alarm_enabled,
		c->pending);
	return 0;
}

static int cmd_clocks(struct vdev *dev, const char *args, FILE *out)
{
	struct rtc_dev *r = vdev_priv(dev);
	unsigned int i;

	if (*args)
		return -EINVAL;
	for (i = 0; i < r->num_clocks; i++) {
		struct rtc_clock *c = &r->clocks[i];

		fprintf(out, "%u type=%u(%s) smearing=%u alarm=%d offset=%lld\n",
			i, c->type, rtc_clock_type_name(c->type), c->smearing,
			c->alarm_cap, (long long)c->offset);
	}
	return 0;
}

static int cmd_stats(struct vdev *dev, const char *args, FILE *out)
{
	struct rtc_dev *r = vdev_priv(dev);

	if (*args)
		return -EINVAL;
	rtc_request_stats(r, out);
	fprintf(out, "alarm_expired=%llu\n",
		(unsigned long long)r->stats.expired);
	fprintf(out, "notif_sent=%llu\n",
		(unsigned long long)r->stats.notif_sent);
	fprintf(out, "notif_deferred=%llu\n",
		(unsigned long long)r->stats.notif_deferred);
	fprintf(out, "notif_dropped=%llu\n",
		(unsigned long long)r->stats.notif_dropped);
	fprintf(out, "notif_pending=%u\n", r->num_pending);
	return 0;
}

static int cmd_fault(struct vdev *dev, const char *args, FILE *out)
{
	struct rtc_dev *r = vdev_priv(dev);

	return rtc_fault_parse(&r->fault, args);
}

static const struct {
	const char *name;
	int (*fn)(struct vdev *dev, const char *args, FILE *out);
} rtc_commands[] = {
	{ "clocks", cmd_clocks },
	{ "read", cmd_read },
	{ "step", cmd_step },
	{ "alarm", cmd_alarm },
	{ "stats", cmd_stats },
	{ "fault", cmd_fault },
};

static int rtc_control(struct vdev *dev, const char *cmd, FILE *out)
{
	size_t n = strcspn(cmd, " ");
	const char *args = cmd + n;
	unsigned int i;

	while (*args == ' ')
		args++;
	for (i = 0; i < ARRAY_SIZE(rtc_commands); i++)
		if (strlen(rtc_commands[i].name) == n &&
		    !strncmp(cmd, rtc_commands[i].name, n))
			return rtc_commands[i].fn(dev, args, out);
	return -ENOENT;
}

static const char rtc_help[] =
	"  --clock TYPE[:smearing=N][:alarm][:offset=NS]  add a clock (repeatable;\n"
	"        replaces the default utc, tai, monotonic, utc-smeared:alarm);\n"
	"        TYPE: utc tai monotonic utc-smeared utc-maybe-smeared or 0xf0-0xff\n"
	"  --no-alarm            do not offer VIRTIO_RTC_F_ALARM\n"
	"  --no-retain-alarm     clear the alarms on device reset\n"
	"  --fault status=N[,type=T][,after=N][,count=N]  answer requests (of\n"
	"        msg_type T) with status N, header only, without running them\n";

const struct vdev_model rtc_model = {
	.name = "rtc",
	.device_id = VIRTIO_ID_RTC,
	.features = BIT_ULL(VIRTIO_F_VERSION_1) | BIT_ULL(VIRTIO_RTC_F_ALARM),
	.num_queues = 2,
	.priv_size = sizeof(struct rtc_dev),
	.options = rtc_options,
	.help = rtc_help,
	.parse_option = rtc_parse_option,
	.init = rtc_init,
	.kick = rtc_kick,
	.reset = rtc_reset,
	.control = rtc_control,
	.fuzz = &rtc_fuzz_ops,
};
