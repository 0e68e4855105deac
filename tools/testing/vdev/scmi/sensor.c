// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Sensor management protocol (0x15), version 3.1.
 *
 * Sensors are scalar or have up to SCMI_MAX_AXES axes; their values come
 * from waveforms (config.h) that the control channel can replace. Layouts
 * as the Linux 6.12 agent reads them (drivers/firmware/arm_scmi/sensors.c):
 *
 * - descriptors are 28 bytes, plus 4 (power) for multi-axis sensors with
 *   extended attributes or 24 (power, resolution, range) for scalar ones;
 *   axis descriptors are 28 bytes, plus 20 with extended attributes;
 *   every paged reply holds as many entries as fit the agent's buffer;
 * - a reading is {value_low, value_high, timestamp_low, timestamp_high}
 *   per axis (one for scalar sensors), in READING_GET replies, in the
 *   delayed response {sensor_id, readings} of asynchronous reads and in
 *   SENSOR_UPDATE {agent_id, sensor_id, readings};
 * - update intervals are {secs[20:5], exponent[4:0]}; the sensor
 *   configuration is {secs[31:16], exponent[15:11], round[10:9],
 *   timestamp[1], enabled[0]}, and secs 0 keeps the current interval.
 *
 * A sensor samples on a timer of its update interval while it must send
 * SENSOR_UPDATE notifications (updates enabled and the sensor enabled) or
 * watch trip points (trip notifications on, a trip point armed, a value
 * that changes). SENSOR_TRIP_POINT_EVENT carries the trip point id in
 * bits [7:0] and the direction in bit 16: 1 when the value rose to or past
 * the trip point, 0 when it fell.
 *
 * Reading a disabled sensor is a PROTOCOL_ERROR; the Linux hwmon driver
 * reads without enabling, so its sensors start enabled.
 */
#include <endian.h>
#include <string.h>

#include "../util.h"
#include "scmi.h"

#define SCMI_SENSOR_VERSION		0x30001

#define SENSOR_DESCRIPTION_GET		0x3
#define SENSOR_TRIP_POINT_NOTIFY	0x4
#define SENSOR_TRIP_POINT_CONFIG	0x5
#define SENSOR_READING_GET		0x6
#define SENSOR_AXIS_DESCRIPTION_GET	0x7
#define SENSOR_LIST_UPDATE_INTERVALS	0x8
#define SENSOR_CONFIG_GET		0x9
#define SENSOR_CONFIG_SET		0xa
#define SENSOR_CONTINUOUS_UPDATE_NOTIFY	0xb
#define SENSOR_NAME_GET			0xc
#define SENSOR_AXIS_NAME_GET		0xd

#define SENSOR_TRIP_POINT_EVENT		0x0
#define SENSOR_UPDATE			0x1

#define SENSOR_DESC_SIZE		28
#define SENSOR_READING_SIZE		16

#define CFG_ENABLED			BIT(0)
#define CFG_TIMESTAMP			BIT(1)
#define CFG_ROUND_UP			BIT(9)
#define CFG_ROUND_AUTO			BIT(10)
#define CFG_RESERVED			0x000001fcu

#define TRIP_CTL_MASK			0x3u
#define TRIP_ID(ctl)			(((ctl) >> 4) & 0xffu)
#define TRIP_RESERVED			0xfffff00cu
#define TRIP_UP				0x1u
#define TRIP_DOWN			0x2u

/* A 5-bit two's complement field. */
static int sext5(uint32_t v)
{
	v &= 0x1f;
	return v & 0x10 ? (int)v - 32 : (int)v;
}

static struct scmi_sensor *sensor_get(struct scmi_platform *p, uint32_t id)
{
	return id < p->num_sensors ? &p->sensors[id] : NULL;
}

static unsigned int num_readings(const struct scmi_sensor *s)
{
	return s->cfg.num_axes ? s->cfg.num_axes : 1;
}

/**
 * scmi_sensor_value() - current value of a sensor axis
 * @s: sensor
 * @axis: axis, 0 for a scalar sensor
 *
 * Return: the value.
 */
int64_t scmi_sensor_value(const struct scmi_sensor *s, unsigned int axis)
{
	return scmi_wave_value(&s->wave[axis], scmi_now_ns(s->p));
}

static uint64_t sensor_timestamp(const struct scmi_sensor *s)
{
	uint64_t t = scmi_now_ns(s->p);
	int e = s->cfg.ts_exp + 9;

	if (!s->cfg.timestamped || !s->ts_enabled)
		return 0;
	for (; e > 0; e--)
		t /= 10;
	for (; e < 0; e++)
		t *= 10;
	return t;
}

static void put_readings(const struct scmi_sensor *s, struct scmi_xfer *x)
{
	uint64_t ts = sensor_timestamp(s);
	unsigned int i;

	for (i = 0; i < num_readings(s); i++) {
		scmi_put_le64(x, (uint64_t)scmi_sensor_value(s, i));
		scmi_put_le64(x, ts);
	}
}

/* Is a sampling timer needed for @s? */
static bool sensor_needs_timer(const struct scmi_sensor *s)
{
	unsigned int i;

	if (!s->p->p2a || !s->p->dev)
		return false;
	if (s->notify_update && s->enabled)
		return true;
	if (!s->notify_trip || s->wave[0].kind == SCMI_WAVE_CONST)
		return false;
	for (i = 0; i < s->cfg.num_trips; i++)
		if (s->trip_ctl[i])
			return true;
	return false;
}

static void sensor_schedule(struct scmi_sensor *s)
{
	uint64_t ms = (s->interval.ns + 999999) / 1000000;

	if (!sensor_needs_timer(s)) {
		if (s->armed)
			vdev_timer_cancel(&s->timer);
		s->armed = false;
		return;
	}
	if (s->armed)
		return;
	if (!ms)
		ms = 1;
	if (ms > 3600000)
		ms = 3600000;
	vdev_timer_arm(&s->timer, ms);
	s->armed = true;
}

static void sensor_reschedule(struct scmi_sensor *s)
{
	if (s->armed)
		vdev_timer_cancel(&s->timer);
	s->armed = false;
	sensor_schedule(s);
}

/* Send the trip point events for the move of the value to @v. */
static void sensor_check_trips(struct scmi_sensor *s, int64_t v)
{
	struct scmi_platform *p = s->p;
	unsigned int i;
	uint32_t payload[3];

	if (!s->have_last) {
		s->last = v;
		s->have_last = true;
		return;
	}
	for (i = 0; i < s->cfg.num_trips && s->notify_trip; i++) {
		int64_t tv = s->trip_value[i];
		bool up = s->last < tv && v >= tv;
		bool down = s->last > tv && v <= tv;

		if (!((up && (s->trip_ctl[i] & TRIP_UP)) ||
		      (down && (s->trip_ctl[i] & TRIP_DOWN))))
			continue;
		payload[0] = htole32(SCMI_AGENT_PLATFORM);
		payload[1] = htole32(s - p->sensors);
		payload[2] = htole32(i | (up ? BIT(16) : 0));
		scmi_notify(p, SCMI_EV_SENSOR_TRIP, SCMI_PROTOCOL_SENSOR,
			    SENSOR_TRIP_POINT_EVENT, payload, sizeof(payload));
	}
	s->last = v;
}

static void sensor_send_update(struct scmi_sensor *s)
{
	uint8_t buf[8 + SCMI_MAX_AXES * SENSOR_READING_SIZE];
	struct scmi_xfer x = { .resp = buf, .resp_max = sizeof(buf) };

	if (!s->notify_update || !s->enabled)
		return;
	scmi_put_le32(&x, SCMI_AGENT_PLATFORM);
	scmi_put_le32(&x, s - s->p->sensors);
	put_readings(s, &x);
	scmi_notify(s->p, SCMI_EV_SENSOR_UPDATE, SCMI_PROTOCOL_SENSOR,
		    SENSOR_UPDATE, buf, x.resp_len);
}

/**
 * scmi_sensor_update() - take a sample: trip points and update
 *	notifications
 * @s: sensor
 */
void scmi_sensor_update(struct scmi_sensor *s)
{
	if (!s->cfg.num_axes)
		sensor_check_trips(s, scmi_sensor_value(s, 0));
	sensor_send_update(s);
}

static void sensor_tick(struct vdev_timer *t)
{
	struct scmi_sensor *s = vlist_entry(t, struct scmi_sensor, timer);

	s->armed = false;
	scmi_sensor_update(s);
	sensor_schedule(s);
}

/**
 * scmi_sensor_set() - give sensor axes new value sources
 * @s: sensor
 * @waves: sources, one per axis from axis 0
 * @n: number of @waves, at most the number of readings
 *
 * Trip points crossed by the change fire at once, and an update goes out
 * if updates are on.
 */
void scmi_sensor_set(struct scmi_sensor *s, const struct scmi_wave *waves,
		     unsigned int n)
{
	unsigned int i;

	if (!s->cfg.num_axes && !s->have_last) {
		s->last = scmi_sensor_value(s, 0);
		s->have_last = true;
	}
	for (i = 0; i < n && i < num_readings(s); i++)
		s->wave[i] = waves[i];
	scmi_sensor_update(s);
	sensor_schedule(s);
}

/**
 * scmi_sensor_by_name() - look up a sensor
 * @p: platform
 * @name: sensor name
 *
 * Return: the sensor, or NULL.
 */
struct scmi_sensor *scmi_sensor_by_name(struct scmi_platform *p,
					const char *name)
{
	unsigned int i;

	for (i = 0; i < p->num_sensors; i++)
		if (!strcmp(p->sensors[i].cfg.name, name))
			return &p->sensors[i];
	return NULL;
}

/**
 * scmi_sensors_stop() - stop every sampling timer
 * @p: platform
 */
void scmi_sensors_stop(struct scmi_platform *p)
{
	unsigned int i;

	for (i = 0; i < p->num_sensors; i++) {
		if (p->sensors[i].armed)
			vdev_timer_cancel(&p->sensors[i].timer);
		p->sensors[i].armed = false;
	}
}

/**
 * scmi_sensors_reset() - every sensor back to its configured state
 * @p: platform
 */
void scmi_sensors_reset(struct scmi_platform *p)
{
	unsigned int i, a;

	scmi_sensors_stop(p);
	for (i = 0; i < p->num_sensors; i++) {
		struct scmi_sensor *s = &p->sensors[i];

		memset(&s->wave, 0, sizeof(*s) - offsetof(struct scmi_sensor,
							  wave));
		s->p = p;
		if (s->cfg.num_axes)
			for (a = 0; a < s->cfg.num_axes; a++)
				s->wave[a] = s->cfg.axes[a].wave;
		else
			s->wave[0] = s->cfg.wave;
		s->enabled = s->cfg.enabled;
		s->ts_enabled = s->cfg.timestamped;
		s->interval = s->cfg.interval;
		if (p->dev)
			vdev_timer_init(p->dev, &s->timer, sensor_tick);
	}
}

static bool sensor_present(const struct scmi_platform *p)
{
	return p->num_sensors > 0;
}

static int32_t sensor_attributes(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t max_req = p->p2a ? p->cfg.sensor_max_async : 0;

	scmi_put_le32(x, p->num_sensors | max_req << 16);
	scmi_put_le32(x, 0);	/* no shared memory for sensor values */
	scmi_put_le32(x, 0);
	scmi_put_le32(x, 0);
	return SCMI_SUCCESS;
}

static size_t desc_size(const struct scmi_sensor *s)
{
	if (!s->cfg.extended)
		return SENSOR_DESC_SIZE;
	return SENSOR_DESC_SIZE + (s->cfg.num_axes ? 4 : 24);
}

static void put_desc(struct scmi_platform *p, const struct scmi_sensor *s,
		     struct scmi_xfer *x)
{
	const struct scmi_sensor_cfg *c = &s->cfg;
	uint32_t lo = c->num_trips, hi = c->type;

	if (c->async && p->p2a && p->cfg.sensor_max_async)
		lo |= BIT(31);
	if (c->update && p->p2a)
		lo |= BIT(30);
	if (scmi_ext_name(c->name))
		lo |= BIT(29);
	if (c->timestamped)
		lo |= ((uint32_t)c->ts_exp & 0x1f) << 10 | BIT(9);
	if (c->extended)
		lo |= BIT(8);
	hi |= ((uint32_t)c->scale & 0x1f) << 11;
	if (c->num_axes)
		hi |= c->num_axes << 16 | BIT(8);
	scmi_put_le32(x, s - p->sensors);
	scmi_put_le32(x, lo);
	scmi_put_le32(x, hi);
	scmi_put_name(x, c->name);
	if (!c->extended)
		return;
	scmi_put_le32(x, c->power_uw);
	if (c->num_axes)
		return;
	scmi_put_le32(x, (c->resolution & 0x7ffffff) |
		      ((uint32_t)c->res_exp & 0x1f) << 27);
	scmi_put_le64(x, (uint64_t)c->min);
	scmi_put_le64(x, (uint64_t)c->max);
}

static int32_t sensor_description(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	uint32_t i, idx = scmi_get_le32(x, 0), n = 0;
	size_t room = scmi_room(x) > 4 ? scmi_room(x) - 4 : 0;

	if (idx >= p->num_sensors)
		return SCMI_INVALID_PARAMETERS;
	for (i = idx; i < p->num_sensors; i++) {
		size_t sz = desc_size(&p->sensors[i]);

		if (sz > room)
			break;
		room -= sz;
		n++;
	}
	if (!n)
		return SCMI_COMMS_ERROR;
	scmi_put_le32(x, n | (p->num_sensors - idx - n) << 16);
	for (i = idx; i < idx + n; i++)
		put_desc(p, &p->sensors[i], x);
	return SCMI_SUCCESS;
}

static int32_t sensor_trip_notify(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));
	uint32_t ctl = scmi_get_le32(x, 4);

	if (!s)
		return SCMI_NOT_FOUND;
	if (ctl & ~1u)
		return SCMI_INVALID_PARAMETERS;
	if (!s->cfg.num_trips)
		return SCMI_NOT_SUPPORTED;
	s->notify_trip = ctl & 1;
	s->last = scmi_sensor_value(s, 0);
	s->have_last = true;
	sensor_schedule(s);
	return SCMI_SUCCESS;
}

static int32_t sensor_trip_config(struct scmi_platform *p,
				  struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));
	uint32_t ctl = scmi_get_le32(x, 4), tp = TRIP_ID(ctl);

	if (!s)
		return SCMI_NOT_FOUND;
	if (!s->cfg.num_trips)
		return SCMI_NOT_SUPPORTED;
	if ((ctl & TRIP_RESERVED) || tp >= s->cfg.num_trips)
		return SCMI_INVALID_PARAMETERS;
	s->trip_ctl[tp] = ctl & TRIP_CTL_MASK;
	s->trip_value[tp] = (int64_t)scmi_get_le64(x, 8);
	s->last = scmi_sensor_value(s, 0);
	s->have_last = true;
	sensor_schedule(s);
	return SCMI_SUCCESS;
}

static int32_t sensor_read_done(struct scmi_platform *p, struct scmi_async *a,
				struct scmi_xfer *dx)
{
	struct scmi_sensor *s = sensor_get(p, a->arg[0]);

	if (!s)
		return SCMI_NOT_FOUND;
	scmi_put_le32(dx, a->arg[0]);
	put_readings(s, dx);
	return SCMI_SUCCESS;
}

static int32_t sensor_reading(struct scmi_platform *p, struct scmi_xfer *x)
{
	uint32_t id = scmi_get_le32(x, 0), flags = scmi_get_le32(x, 4);
	struct scmi_sensor *s = sensor_get(p, id);
	struct scmi_async *a;

	if (!s)
		return SCMI_NOT_FOUND;
	if (flags & ~1u)
		return SCMI_INVALID_PARAMETERS;
	if ((flags & 1) &&
	    (!s->cfg.async || !p->p2a || !p->cfg.sensor_max_async))
		return SCMI_INVALID_PARAMETERS;
	if (!s->enabled)
		return SCMI_PROTOCOL_ERROR;
	if (!(flags & 1)) {
		put_readings(s, x);
		return SCMI_SUCCESS;
	}
	if (p->sensor_async >= p->cfg.sensor_max_async)
		return SCMI_BUSY;
	a = scmi_async_start(p, x, &p->sensor_async, sensor_read_done);
	if (!a)
		return SCMI_GENERIC_ERROR;
	a->arg[0] = id;
	return SCMI_SUCCESS;
}

static size_t axis_size(const struct scmi_axis_cfg *a)
{
	return SENSOR_DESC_SIZE + (a->extended ? 20 : 0);
}

static void put_axis(const struct scmi_axis_cfg *a, uint32_t id,
		     struct scmi_xfer *x)
{
	uint32_t lo = 0;

	if (scmi_ext_name(a->name))
		lo |= BIT(9);
	if (a->extended)
		lo |= BIT(8);
	scmi_put_le32(x, id);
	scmi_put_le32(x, lo);
	scmi_put_le32(x, ((uint32_t)a->scale & 0x1f) << 11 | a->type);
	scmi_put_name(x, a->name);
	if (!a->extended)
		return;
	scmi_put_le32(x, (a->resolution & 0x7ffffff) |
		      ((uint32_t)a->res_exp & 0x1f) << 27);
	scmi_put_le64(x, (uint64_t)a->min);
	scmi_put_le64(x, (uint64_t)a->max);
}

/* Axis descriptors or axis names from @idx, as many as fit. */
static int32_t sensor_axes(struct scmi_platform *p, struct scmi_xfer *x,
			   bool names)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));
	uint32_t idx = scmi_get_le32(x, 4), i, n = 0, num;
	size_t room = scmi_room(x) > 4 ? scmi_room(x) - 4 : 0;

	if (!s)
		return SCMI_NOT_FOUND;
	num = s->cfg.num_axes;
	if (!num)
		return SCMI_NOT_SUPPORTED;
	if (idx >= num)
		return SCMI_INVALID_PARAMETERS;
	for (i = idx; i < num; i++) {
		size_t sz = names ? 4 + SCMI_EXT_NAME_MAX :
			    axis_size(&s->cfg.axes[i]);

		if (sz > room)
			break;
		room -= sz;
		n++;
	}
	if (!n)
		return SCMI_COMMS_ERROR;
	scmi_put_le32(x, n | (num - idx - n) << 26);
	for (i = idx; i < idx + n; i++) {
		if (!names) {
			put_axis(&s->cfg.axes[i], i, x);
			continue;
		}
		scmi_put_le32(x, i);
		scmi_put_string(x, s->cfg.axes[i].name, SCMI_EXT_NAME_MAX);
	}
	return SCMI_SUCCESS;
}

static int32_t sensor_axis_description(struct scmi_platform *p,
				       struct scmi_xfer *x)
{
	return sensor_axes(p, x, false);
}

static int32_t sensor_axis_names(struct scmi_platform *p,
				 struct scmi_xfer *x)
{
	return sensor_axes(p, x, true);
}

static uint32_t interval_word(const struct scmi_interval *iv)
{
	return (uint32_t)iv->secs << 5 | ((uint32_t)iv->exp & 0x1f);
}

static int32_t sensor_intervals(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));
	uint32_t idx = scmi_get_le32(x, 4), i, n, num;
	size_t room = scmi_room(x) > 4 ? (scmi_room(x) - 4) / 4 : 0;

	if (!s)
		return SCMI_NOT_FOUND;
	num = s->cfg.num_intervals;
	if (idx >= num || (s->cfg.segmented && idx))
		return SCMI_INVALID_PARAMETERS;
	n = num - idx;
	if (n > room)
		n = room;
	/* A segment is one triplet. */
	if (!n || (s->cfg.segmented && n < 3))
		return SCMI_COMMS_ERROR;
	scmi_put_le32(x, n | (s->cfg.segmented ? BIT(12) : 0) |
		      (num - idx - n) << 16);
	for (i = idx; i < idx + n; i++)
		scmi_put_le32(x, interval_word(&s->cfg.intervals[i]));
	return SCMI_SUCCESS;
}

static int32_t sensor_config_get(struct scmi_platform *p,
				 struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));

	if (!s)
		return SCMI_NOT_FOUND;
	scmi_put_le32(x, (uint32_t)s->interval.secs << 16 |
		      ((uint32_t)s->interval.exp & 0x1f) << 11 |
		      (s->ts_enabled ? CFG_TIMESTAMP : 0) |
		      (s->enabled ? CFG_ENABLED : 0));
	return SCMI_SUCCESS;
}

/*
 * The supported interval to use for a request of @ns: rounding down
 * (@mode 0), up (1) or to the nearest (2).
 */
static int32_t pick_interval(const struct scmi_sensor_cfg *c, uint64_t ns,
			     int mode, struct scmi_interval *iv)
{
	uint64_t lo = 0, hi = 0, low, step;
	bool have_lo = false, have_hi = false;
	unsigned int i;

	if (c->segmented) {
		low = c->intervals[0].ns;
		step = c->intervals[2].ns;
		if (ns <= low) {
			hi = low;
			have_hi = true;
			if (ns == low) {
				lo = low;
				have_lo = true;
			}
		} else if (ns >= c->intervals[1].ns) {
			lo = c->intervals[1].ns;
			have_lo = true;
			if (ns == lo) {
				hi = lo;
				have_hi = true;
			}
		} else {
			lo = low + (ns - low) / step * step;
			hi = lo == ns ? lo : lo + step;
			have_lo = true;
			have_hi = true;
		}
		if (!have_lo && mode == 0)
			return SCMI_OUT_OF_RANGE;
		if (!have_hi && mode == 1)
			return SCMI_OUT_OF_RANGE;
		if (mode == 0 || (mode == 2 && have_lo &&
				  (!have_hi || ns - lo <= hi - ns)))
			return scmi_interval_from_ns(lo, iv) ?
			       SCMI_OUT_OF_RANGE : SCMI_SUCCESS;
		return scmi_interval_from_ns(hi, iv) ?
		       SCMI_OUT_OF_RANGE : SCMI_SUCCESS;
	}
	for (i = 0; i < c->num_intervals; i++) {
		if (c->intervals[i].ns <= ns) {
			lo = i;
			have_lo = true;
		}
		if (c->intervals[i].ns >= ns && !have_hi) {
			hi = i;
			have_hi = true;
		}
	}
	if ((mode == 0 && !have_lo) || (mode == 1 && !have_hi))
		return SCMI_OUT_OF_RANGE;
	if (mode == 0 || (mode == 2 && have_lo &&
			  (!have_hi || ns - c->intervals[lo].ns <=
				       c->intervals[hi].ns - ns)))
		*iv = c->intervals[lo];
	else
		*iv = c->intervals[hi];
	return SCMI_SUCCESS;
}

static int32_t sensor_config_set(struct scmi_platform *p,
				 struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));
	uint32_t cfg = scmi_get_le32(x, 4), secs = cfg >> 16;
	struct scmi_interval iv;
	int32_t ret;
	int mode;

	if (!s)
		return SCMI_NOT_FOUND;
	if (cfg & CFG_RESERVED)
		return SCMI_INVALID_PARAMETERS;
	if ((cfg & CFG_TIMESTAMP) && !s->cfg.timestamped)
		return SCMI_NOT_SUPPORTED;
	if (secs) {
		mode = cfg & CFG_ROUND_AUTO ? 2 : cfg & CFG_ROUND_UP ? 1 : 0;
		ret = pick_interval(&s->cfg,
				    scmi_interval_ns(secs, sext5(cfg >> 11)),
				    mode, &iv);
		if (ret)
			return ret;
		s->interval = iv;
	}
	s->enabled = cfg & CFG_ENABLED;
	s->ts_enabled = cfg & CFG_TIMESTAMP;
	sensor_reschedule(s);
	return SCMI_SUCCESS;
}

static int32_t sensor_update_notify(struct scmi_platform *p,
				    struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));
	uint32_t ctl = scmi_get_le32(x, 4);

	if (!s)
		return SCMI_NOT_FOUND;
	if (ctl & ~1u)
		return SCMI_INVALID_PARAMETERS;
	if (!s->cfg.update)
		return SCMI_NOT_SUPPORTED;
	s->notify_update = ctl & 1;
	sensor_schedule(s);
	return SCMI_SUCCESS;
}

static int32_t sensor_name(struct scmi_platform *p, struct scmi_xfer *x)
{
	struct scmi_sensor *s = sensor_get(p, scmi_get_le32(x, 0));

	if (!s)
		return SCMI_NOT_FOUND;
	scmi_put_ext_name(x, s->cfg.name);
	return SCMI_SUCCESS;
}

static const struct scmi_handler sensor_handlers[] = {
	[SCMI_MSG_PROTOCOL_ATTRIBUTES] = { sensor_attributes, 0 },
	[SENSOR_DESCRIPTION_GET] = { sensor_description, 4 },
	[SENSOR_TRIP_POINT_NOTIFY] = { sensor_trip_notify, 8, true },
	[SENSOR_TRIP_POINT_CONFIG] = { sensor_trip_config, 16 },
	[SENSOR_READING_GET] = { sensor_reading, 8 },
	[SENSOR_AXIS_DESCRIPTION_GET] = { sensor_axis_description, 8 },
	[SENSOR_LIST_UPDATE_INTERVALS] = { sensor_intervals, 8 },
	[SENSOR_CONFIG_GET] = { sensor_config_get, 4 },
	[SENSOR_CONFIG_SET] = { sensor_config_set, 8 },
	[SENSOR_CONTINUOUS_UPDATE_NOTIFY] = { sensor_update_notify, 8, true },
	[SENSOR_NAME_GET] = { sensor_name, 4 },
	[SENSOR_AXIS_NAME_GET] = { sensor_axis_names, 8 },
};

const struct scmi_protocol scmi_sensor_protocol = {
	.id = SCMI_PROTOCOL_SENSOR,
	.name = "sensor",
	.version = SCMI_SENSOR_VERSION,
	.handlers = sensor_handlers,
	.num_handlers = ARRAY_SIZE(sensor_handlers),
	.present = sensor_present,
};
