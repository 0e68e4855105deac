// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rtc clocks: what --clock describes, and their readings.
 *
 * Each clock follows a host clock plus an offset that tests change to
 * make the clock step:
 *   UTC, UTC_SMEARED, UTC_MAYBE_SMEARED and implementation-specific types
 *	follow CLOCK_REALTIME. The host does not smear, so a UTC_SMEARED
 *	clock is only honest between leap seconds; it is the type Linux
 *	makes an RTC class device for, which is why it is a default.
 *   TAI follows CLOCK_TAI. On a host whose kernel was never told the TAI
 *	offset (no NTP daemon setting it) that equals CLOCK_REALTIME; the
 *	clock is still served, and "offset=" can fix it up.
 *   MONOTONIC follows CLOCK_BOOTTIME, which counts host suspend as the
 *	physical time it is.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "rtc.h"

/**
 * struct rtc_clock_kind - a clock type the command line knows
 * @name: name in --clock
 * @type: VIRTIO_RTC_CLOCK_*
 * @source: host clock
 */
struct rtc_clock_kind {
	const char *name;
	uint8_t type;
	clockid_t source;
};

static const struct rtc_clock_kind rtc_kinds[] = {
	{ "utc", VIRTIO_RTC_CLOCK_UTC, CLOCK_REALTIME },
	{ "tai", VIRTIO_RTC_CLOCK_TAI, CLOCK_TAI },
	{ "monotonic", VIRTIO_RTC_CLOCK_MONOTONIC, CLOCK_BOOTTIME },
	{ "utc-smeared", VIRTIO_RTC_CLOCK_UTC_SMEARED, CLOCK_REALTIME },
	{ "utc-maybe-smeared", VIRTIO_RTC_CLOCK_UTC_MAYBE_SMEARED,
	  CLOCK_REALTIME },
};

/* First implementation-specific clock type and smearing variant. */
#define RTC_IMPL_SPECIFIC	0xf0

/**
 * rtc_clock_type_name() - name of a clock type for output
 * @type: VIRTIO_RTC_CLOCK_*
 *
 * Return: the --clock name, or "impl" for implementation-specific types.
 */
const char *rtc_clock_type_name(uint8_t type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rtc_kinds); i++)
		if (rtc_kinds[i].type == type)
			return rtc_kinds[i].name;
	return "impl";
}

static void clock_init(struct rtc_clock *c, const struct rtc_clock_kind *k)
{
	memset(c, 0, sizeof(*c));
	c->type = k->type;
	c->source = k->source;
}

/**
 * rtc_clocks_default() - the clocks served without --clock
 * @r: device
 *
 * utc, tai, monotonic and utc-smeared (smearing variant unspecified) with
 * the only alarm.
 */
void rtc_clocks_default(struct rtc_dev *r)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		clock_init(&r->clocks[i], &rtc_kinds[i]);
	r->clocks[3].alarm_cap = true;
	r->num_clocks = 4;
}

static int parse_u8(const char *s, uint8_t *val)
{
	unsigned long v;
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > 0xff)
		return -EINVAL;
	*val = v;
	return 0;
}

static int parse_type(const char *s, struct rtc_clock *c)
{
	unsigned int i;
	uint8_t type;

	for (i = 0; i < ARRAY_SIZE(rtc_kinds); i++) {
		if (!strcmp(s, rtc_kinds[i].name)) {
			clock_init(c, &rtc_kinds[i]);
			return 0;
		}
	}
	if (parse_u8(s, &type))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(rtc_kinds); i++) {
		if (rtc_kinds[i].type == type) {
			clock_init(c, &rtc_kinds[i]);
			return 0;
		}
	}
	if (type < RTC_IMPL_SPECIFIC)
		return -EINVAL;
	clock_init(c, &rtc_kinds[0]);
	c->type = type;
	return 0;
}

static int parse_attr(struct rtc_clock *c, char *attr)
{
	char *val = strchr(attr, '='), *end;
	long long off;

	if (val)
		*val++ = '\0';
	if (!strcmp(attr, "alarm") && !val) {
		c->alarm_cap = true;
		return 0;
	}
	if (!strcmp(attr, "smearing") && val) {
		/* Only a UTC_SMEARED clock has a smearing variant. */
		if (c->type != VIRTIO_RTC_CLOCK_UTC_SMEARED ||
		    parse_u8(val, &c->smearing))
			return -EINVAL;
		if (c->smearing > VIRTIO_RTC_SMEAR_UTC_SLS &&
		    c->smearing < RTC_IMPL_SPECIFIC)
			return -EINVAL;
		return 0;
	}
	if (!strcmp(attr, "offset") && val && *val) {
		errno = 0;
		off = strtoll(val, &end, 0);
		if (errno || *end)
			return -EINVAL;
		c->offset = off;
		return 0;
	}
	return -EINVAL;
}

/**
 * rtc_clock_add() - add a clock from a --clock argument
 * @r: device
 * @spec: TYPE[:smearing=N][:alarm][:offset=NS]
 *
 * The first call replaces the default clocks.
 *
 * Return: 0, -EINVAL for a bad @spec, -ENOSPC when there are too many
 * clocks, or -ENOMEM.
 */
int rtc_clock_add(struct rtc_dev *r, const char *spec)
{
	char *copy, *item, *save = NULL;
	struct rtc_clock c;
	int ret;

	if (r->user_clocks && r->num_clocks == RTC_MAX_CLOCKS)
		return -ENOSPC;
	copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	item = strtok_r(copy, ":", &save);
	ret = item ? parse_type(item, &c) : -EINVAL;
	while (!ret && (item = strtok_r(NULL, ":", &save)))
		ret = parse_attr(&c, item);
	free(copy);
	if (ret)
		return ret;
	if (!r->user_clocks) {
		r->user_clocks = true;
		r->num_clocks = 0;
	}
	r->clocks[r->num_clocks++] = c;
	return 0;
}

/**
 * rtc_clock_get() - look up a clock by id
 * @r: device
 * @id: clock id from the driver
 *
 * Return: the clock, or NULL if @id is not a clock.
 */
struct rtc_clock *rtc_clock_get(struct rtc_dev *r, unsigned int id)
{
	return id < r->num_clocks ? &r->clocks[id] : NULL;
}

/**
 * rtc_clock_read() - read a clock now
 * @c: clock
 *
 * Return: nanoseconds since the clock's epoch, clamped to the u64 range.
 */
uint64_t rtc_clock_read(const struct rtc_clock *c)
{
	struct timespec ts;
	uint64_t ns, mag;

	clock_gettime(c->source, &ts);
	ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (c->offset < 0) {
		mag = 0 - (uint64_t)c->offset;
		return ns < mag ? 0 : ns - mag;
	}
	mag = c->offset;
	return UINT64_MAX - ns < mag ? UINT64_MAX : ns + mag;
}

/**
 * rtc_clock_step() - make a clock jump
 * @c: clock
 * @delta: nanoseconds to add to its offset
 *
 * The caller re-evaluates the alarms.
 *
 * Return: 0, -EINVAL for a MONOTONIC clock going back, or -ERANGE if the
 * offset would overflow.
 */
int rtc_clock_step(struct rtc_clock *c, int64_t delta)
{
	int64_t off;

	if (c->type == VIRTIO_RTC_CLOCK_MONOTONIC && delta < 0)
		return -EINVAL;
	if (__builtin_add_overflow(c->offset, delta, &off))
		return -ERANGE;
	c->offset = off;
	return 0;
}
