// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI platform configuration: the text format described at the top of
 * platform.conf, parsed into a struct scmi_config, plus the value sources
 * (waveforms) and update interval encodings the protocols use.
 *
 * Parsing is all or nothing: on error the message names the origin and
 * line, and the caller keeps its previous configuration.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "config.h"

#define MAX_WORDS	64

/**
 * struct parser - state while reading one configuration text
 * @c: configuration being filled
 * @origin: file name for messages
 * @line: current line number
 * @err: message buffer
 * @err_len: size of @err
 * @sensor: last sensor line, which axis lines add to
 * @sensor_wave: sensor N had a value= key
 * @sensor_line: line of sensor N, for messages about it
 */
struct parser {
	struct scmi_config *c;
	const char *origin;
	unsigned int line;
	char *err;
	size_t err_len;
	struct scmi_sensor_cfg *sensor;
	bool sensor_wave[SCMI_MAX_SENSORS];
	unsigned int sensor_line[SCMI_MAX_SENSORS];
};

__printf(2, 3) static int fail(struct parser *ps, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->err && ps->err_len)
		snprintf(ps->err, ps->err_len, "%s:%u: %s", ps->origin,
			 ps->line, msg);
	return -EINVAL;
}

/* Copy @src into @dst of @size bytes; -EINVAL if it does not fit. */
static int copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return -EINVAL;
	memcpy(dst, src, n + 1);
	return 0;
}

/**
 * scmi_parse_u64() - parse an unsigned number (C syntax: 0x.., 0..)
 * @s: text, all of which must be the number
 * @v: the value
 *
 * Return: 0 or -EINVAL.
 */
int scmi_parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-' || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

/**
 * scmi_parse_s64() - parse a signed number (C syntax)
 * @s: text, all of which must be the number
 * @v: the value
 *
 * Return: 0 or -EINVAL.
 */
int scmi_parse_s64(const char *s, int64_t *v)
{
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtoll(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	uint64_t n;

	if (scmi_parse_u64(s, &n) || n > max)
		return -EINVAL;
	*v = n;
	return 0;
}

static int parse_s8(const char *s, int min, int max, int8_t *v)
{
	int64_t n;

	if (scmi_parse_s64(s, &n) || n < min || n > max)
		return -EINVAL;
	*v = n;
	return 0;
}

static int parse_bool(const char *s, bool *v)
{
	static const char *const yes[] = { "yes", "y", "on", "true", "1" };
	static const char *const no[] = { "no", "n", "off", "false", "0" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i])) {
			*v = true;
			return 0;
		}
		if (!strcmp(s, no[i])) {
			*v = false;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * scmi_parse_rate() - parse a rate in Hz with an optional k, M or G suffix
 * @s: text
 * @v: the rate
 *
 * Return: 0 or -EINVAL.
 */
int scmi_parse_rate(const char *s, uint64_t *v)
{
	size_t n = strlen(s);
	uint64_t mult = 1;
	char num[32];

	if (n && (s[n - 1] == 'k' || s[n - 1] == 'K'))
		mult = 1000;
	else if (n && s[n - 1] == 'M')
		mult = 1000000;
	else if (n && s[n - 1] == 'G')
		mult = 1000000000;
	if (mult > 1)
		n--;
	if (!n || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	if (scmi_parse_u64(num, v) || *v > UINT64_MAX / mult)
		return -EINVAL;
	*v *= mult;
	return 0;
}

/* A duration: a number with a unit ns, us, ms or s (no unit: ms). */
static int parse_duration(const char *s, uint64_t *ns)
{
	static const struct {
		const char *unit;
		uint64_t mult;
	} units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 },
	};
	size_t n = strspn(s, "0123456789");
	uint64_t mult = 1000000, v;
	unsigned int i;
	char num[24];

	if (!n || n >= sizeof(num))
		return -EINVAL;
	if (s[n]) {
		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (!strcmp(s + n, units[i].unit))
				break;
		if (i == ARRAY_SIZE(units))
			return -EINVAL;
		mult = units[i].mult;
	}
	memcpy(num, s, n);
	num[n] = '\0';
	if (scmi_parse_u64(num, &v) || v > UINT64_MAX / mult)
		return -EINVAL;
	*ns = v * mult;
	return 0;
}

/* Split @s at @sep into at most @max fields; returns the count. */
static unsigned int split(char *s, char sep, char **fields, unsigned int max)
{
	unsigned int n = 0;

	while (n < max) {
		char *next = strchr(s, sep);

		fields[n++] = s;
		if (!next)
			return n;
		*next = '\0';
		s = next + 1;
	}
	return max + 1;
}

/**
 * scmi_interval_ns() - length of an SCMI update interval
 * @secs: multiplier
 * @exp: power of ten
 *
 * Return: @secs * 10^@exp seconds in nanoseconds, saturated.
 */
uint64_t scmi_interval_ns(uint16_t secs, int exp)
{
	uint64_t v = secs;
	int e = exp + 9;

	for (; e > 0; e--) {
		if (v > UINT64_MAX / 10)
			return UINT64_MAX;
		v *= 10;
	}
	for (; e < 0; e++)
		v /= 10;
	return v;
}

/**
 * scmi_interval_from_ns() - SCMI encoding of an update interval
 * @ns: length, not 0
 * @iv: encoding; iv->ns is the length it stands for (rounded when @ns
 *	does not fit 16 bits of mantissa)
 *
 * Return: 0, or -EINVAL for 0 or a length too long to encode.
 */
int scmi_interval_from_ns(uint64_t ns, struct scmi_interval *iv)
{
	uint64_t secs = ns;
	int exp = -9;

	if (!ns)
		return -EINVAL;
	while (secs % 10 == 0 && exp < 15) {
		secs /= 10;
		exp++;
	}
	while (secs > 0xffff && exp < 15) {
		secs = (secs + 5) / 10;
		exp++;
	}
	if (secs > 0xffff || !secs)
		return -EINVAL;
	iv->secs = secs;
	iv->exp = exp;
	iv->ns = scmi_interval_ns(secs, exp);
	return 0;
}

/**
 * scmi_wave_parse() - parse a value source
 * @s: N, or KIND:MIN:MAX:PERIOD_MS with KIND sine, ramp, triangle or
 *	square
 * @w: the result
 *
 * Return: 0 or -EINVAL.
 */
int scmi_wave_parse(const char *s, struct scmi_wave *w)
{
	static const struct {
		const char *name;
		enum scmi_wave_kind kind;
	} kinds[] = {
		{ "sine", SCMI_WAVE_SINE }, { "ramp", SCMI_WAVE_RAMP },
		{ "triangle", SCMI_WAVE_TRIANGLE },
		{ "square", SCMI_WAVE_SQUARE },
	};
	char buf[96], *f[5];
	unsigned int i;
	uint32_t period;
	int64_t min, max;

	memset(w, 0, sizeof(*w));
	if (!scmi_parse_s64(s, &w->min)) {
		w->kind = SCMI_WAVE_CONST;
		w->max = w->min;
		return 0;
	}
	if (copy_str(buf, sizeof(buf), s) || split(buf, ':', f, 4) != 4)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(f[0], kinds[i].name))
			break;
	if (i == ARRAY_SIZE(kinds) || scmi_parse_s64(f[1], &min) ||
	    scmi_parse_s64(f[2], &max) || min > max ||
	    parse_u32(f[3], 86400000, &period) || !period)
		return -EINVAL;
	w->kind = kinds[i].kind;
	w->min = min;
	w->max = max;
	w->period_ms = period;
	return 0;
}

/* sin(2 pi t) for t in [0, 1), without libm: fold to a quarter wave. */
static double sin_turn(double t)
{
	double x, x2, r;
	bool neg = false;

	if (t >= 0.5) {
		t -= 0.5;
		neg = true;
	}
	if (t > 0.25)
		t = 0.5 - t;
	x = t * 6.283185307179586;
	x2 = x * x;
	/* Taylor series to x^11: error below 1e-8 on [0, pi/2]. */
	r = x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 *
					       (1 - x2 / 72 * (1 - x2 / 110)))));
	return neg ? -r : r;
}

static int64_t round_d(double v)
{
	return (int64_t)(v < 0 ? v - 0.5 : v + 0.5);
}

/**
 * scmi_wave_value() - value of a source at a point in time
 * @w: the source
 * @now_ns: time since the platform started
 *
 * Return: the value.
 */
int64_t scmi_wave_value(const struct scmi_wave *w, uint64_t now_ns)
{
	double span = (double)w->max - (double)w->min, t;
	uint64_t period_ns;

	if (w->kind == SCMI_WAVE_CONST || !w->period_ms)
		return w->min;
	period_ns = (uint64_t)w->period_ms * 1000000;
	t = (double)(now_ns % period_ns) / (double)period_ns;
	switch (w->kind) {
	case SCMI_WAVE_SINE:
		return round_d((double)w->min + span / 2 +
			       span / 2 * sin_turn(t));
	case SCMI_WAVE_RAMP:
		return round_d((double)w->min + span * t);
	case SCMI_WAVE_TRIANGLE:
		if (t < 0.5)
			return round_d((double)w->min + span * 2 * t);
		return round_d((double)w->max - span * (2 * t - 1));
	case SCMI_WAVE_SQUARE:
		return t < 0.5 ? w->min : w->max;
	default:
		return w->min;
	}
}

/**
 * scmi_wave_print() - describe a value source
 * @w: the source
 * @buf: output
 * @len: size of @buf
 */
void scmi_wave_print(const struct scmi_wave *w, char *buf, size_t len)
{
	static const char *const names[] = {
		[SCMI_WAVE_SINE] = "sine", [SCMI_WAVE_RAMP] = "ramp",
		[SCMI_WAVE_TRIANGLE] = "triangle", [SCMI_WAVE_SQUARE] = "square",
	};

	if (w->kind == SCMI_WAVE_CONST)
		snprintf(buf, len, "%lld", (long long)w->min);
	else
		snprintf(buf, len, "%s:%lld:%lld:%u", names[w->kind],
			 (long long)w->min, (long long)w->max, w->period_ms);
}

static const struct {
	const char *name;
	uint8_t type;
} sensor_types[] = {
	{ "none", 0x00 }, { "unspec", 0x01 },
	{ "celsius", SCMI_UNIT_CELSIUS }, { "temperature", SCMI_UNIT_CELSIUS },
	{ "fahrenheit", 0x03 }, { "kelvin", 0x04 },
	{ "volts", SCMI_UNIT_VOLTS }, { "voltage", SCMI_UNIT_VOLTS },
	{ "amps", SCMI_UNIT_AMPS }, { "current", SCMI_UNIT_AMPS },
	{ "watts", SCMI_UNIT_WATTS }, { "power", SCMI_UNIT_WATTS },
	{ "joules", SCMI_UNIT_JOULES }, { "energy", SCMI_UNIT_JOULES },
	{ "coulombs", 0x09 }, { "va", 0x0a }, { "nits", 0x0b },
	{ "lumens", 0x0c }, { "lux", 0x0d }, { "candelas", 0x0e },
	{ "kpa", 0x0f }, { "psi", 0x10 }, { "newtons", 0x11 },
	{ "cfm", 0x12 }, { "rpm", 0x13 }, { "hertz", 0x14 },
	{ "seconds", 0x15 }, { "meters", 0x1f }, { "radians", 0x24 },
	{ "gravities", 0x28 }, { "gauss", 0x2d }, { "ohms", 0x31 },
	{ "ppm", 0x35 }, { "decibels", 0x36 }, { "percentage", 0x41 },
	{ "pascals", 0x42 }, { "counts", 0x43 }, { "grams", 0x44 },
	{ "radians_sec", SCMI_UNIT_RADIANS_SEC }, { "bpm", 0x58 },
	{ "meters_sec_squared", SCMI_UNIT_METERS_SEC_SQUARED },
	{ "meters_sec", 0x5a }, { "radians_sec_squared", 0x5d },
	{ "oem", 0xff },
};

static int parse_type(const char *s, uint8_t *type)
{
	unsigned int i;
	uint32_t v = 0;

	for (i = 0; i < ARRAY_SIZE(sensor_types); i++) {
		if (!strcmp(s, sensor_types[i].name)) {
			*type = sensor_types[i].type;
			return 0;
		}
	}
	if (parse_u32(s, 0xff, &v))
		return -EINVAL;
	*type = v;
	return 0;
}

/* A resolution: a 27-bit mantissa with an optional power of ten, 5e-3. */
static int parse_resolution(const char *s, uint32_t *res, int8_t *exp)
{
	char buf[32], *e;

	if (copy_str(buf, sizeof(buf), s))
		return -EINVAL;
	*exp = 0;
	e = strpbrk(buf, "eE");
	if (e) {
		*e++ = '\0';
		if (parse_s8(e, -16, 15, exp))
			return -EINVAL;
	}
	return parse_u32(buf, (1u << 27) - 1, res);
}

static int parse_range(const char *s, int64_t *min, int64_t *max)
{
	char buf[64], *f[3];

	if (copy_str(buf, sizeof(buf), s) || split(buf, ':', f, 2) != 2 ||
	    scmi_parse_s64(f[0], min) ||
	    scmi_parse_s64(f[1], max) || *min > *max)
		return -EINVAL;
	return 0;
}

/*
 * A list "A,B,C" (ascending) or a segment "range:LOW:HIGH:STEP" of values,
 * each parsed by @one. Returns the count, or -EINVAL.
 */
static int parse_list(const char *s, unsigned int max, bool *segment,
		      int (*one)(const char *s, int64_t *v), int64_t *vals)
{
	char buf[1024], *f[SCMI_MAX_VLEVELS + 1];
	unsigned int n, i;

	if (copy_str(buf, sizeof(buf), s))
		return -EINVAL;
	*segment = !strncmp(buf, "range:", 6);
	if (*segment) {
		if (split(buf + 6, ':', f, 3) != 3)
			return -EINVAL;
		for (i = 0; i < 3; i++)
			if (one(f[i], &vals[i]))
				return -EINVAL;
		if (vals[0] > vals[1] || vals[2] <= 0 ||
		    (vals[1] - vals[0]) % vals[2])
			return -EINVAL;
		return 3;
	}
	n = split(buf, ',', f, max);
	if (n > max)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (one(f[i], &vals[i]) || (i && vals[i] <= vals[i - 1]))
			return -EINVAL;
	}
	return n;
}

static int one_rate(const char *s, int64_t *v)
{
	uint64_t r;

	if (scmi_parse_rate(s, &r) || r > INT64_MAX)
		return -EINVAL;
	*v = r;
	return 0;
}

static int one_duration(const char *s, int64_t *v)
{
	uint64_t ns;

	if (parse_duration(s, &ns) || ns > INT64_MAX)
		return -EINVAL;
	*v = ns;
	return 0;
}

static int one_uv(const char *s, int64_t *v)
{
	if (scmi_parse_s64(s, v) || *v < INT32_MIN || *v > INT32_MAX)
		return -EINVAL;
	return 0;
}

static int parse_name(struct parser *ps, const char *kind, const char *name,
		      char *dst, const char *others, size_t stride,
		      unsigned int count)
{
	unsigned int i;

	if (!name)
		return fail(ps, "%s needs a name", kind);
	if (strlen(name) >= SCMI_NAME_MAX || strchr(name, '='))
		return fail(ps, "bad %s name '%s' (at most %d characters)",
			    kind, name, SCMI_NAME_MAX - 1);
	for (i = 0; i < count; i++)
		if (!strcmp(others + i * stride, name))
			return fail(ps, "%s '%s' defined twice", kind, name);
	return copy_str(dst, SCMI_NAME_MAX, name);
}

static bool in_intervals(const struct scmi_sensor_cfg *s, uint64_t ns)
{
	unsigned int i;

	if (s->segmented)
		return ns >= s->intervals[0].ns && ns <= s->intervals[1].ns &&
		       !((ns - s->intervals[0].ns) % s->intervals[2].ns);
	for (i = 0; i < s->num_intervals; i++)
		if (s->intervals[i].ns == ns)
			return true;
	return false;
}

static int sensor_intervals(struct parser *ps, struct scmi_sensor_cfg *s,
			    const char *val)
{
	int64_t ns[SCMI_MAX_INTERVALS];
	unsigned int i;
	int n;

	n = parse_list(val, SCMI_MAX_INTERVALS, &s->segmented, one_duration,
		       ns);
	if (n <= 0)
		return fail(ps, "bad intervals '%s'", val);
	for (i = 0; i < (unsigned int)n; i++) {
		if (scmi_interval_from_ns(ns[i], &s->intervals[i]) ||
		    s->intervals[i].ns != (uint64_t)ns[i])
			return fail(ps, "interval %s cannot be encoded exactly",
				    val);
	}
	s->num_intervals = n;
	return 0;
}

/* Keys of sensor and axis lines; @s is NULL for an axis. */
static int sensor_key(struct parser *ps, struct scmi_sensor_cfg *s,
		      struct scmi_axis_cfg *a, const char *key,
		      const char *val)
{
	uint64_t ns;
	uint8_t *type = s ? &s->type : &a->type;
	int8_t *scale = s ? &s->scale : &a->scale;
	int8_t *res_exp = s ? &s->res_exp : &a->res_exp;
	uint32_t *res = s ? &s->resolution : &a->resolution;
	int64_t *min = s ? &s->min : &a->min;
	int64_t *max = s ? &s->max : &a->max;
	bool *ext = s ? &s->extended : &a->extended;
	int ret = 0;

	if (!strcmp(key, "type") || !strcmp(key, "unit")) {
		ret = parse_type(val, type);
	} else if (!strcmp(key, "scale")) {
		ret = parse_s8(val, -16, 15, scale);
	} else if (!strcmp(key, "value")) {
		ret = scmi_wave_parse(val, s ? &s->wave : &a->wave);
		if (s)
			ps->sensor_wave[s - ps->c->sensors] = true;
	} else if (!strcmp(key, "resolution")) {
		ret = parse_resolution(val, res, res_exp);
		*ext = true;
	} else if (!strcmp(key, "range")) {
		ret = parse_range(val, min, max);
		*ext = true;
	} else if (!s) {
		return fail(ps, "unknown axis key '%s'", key);
	} else if (!strcmp(key, "trips")) {
		ret = parse_u32(val, SCMI_MAX_TRIPS, &s->num_trips);
	} else if (!strcmp(key, "async")) {
		ret = parse_bool(val, &s->async);
	} else if (!strcmp(key, "update")) {
		ret = parse_bool(val, &s->update);
	} else if (!strcmp(key, "enabled")) {
		ret = parse_bool(val, &s->enabled);
	} else if (!strcmp(key, "timestamp")) {
		s->timestamped = strcmp(val, "no") != 0;
		if (s->timestamped)
			ret = parse_s8(val, -16, 15, &s->ts_exp);
	} else if (!strcmp(key, "power")) {
		ret = parse_u32(val, UINT32_MAX, &s->power_uw);
		s->extended = true;
	} else if (!strcmp(key, "intervals")) {
		return sensor_intervals(ps, s, val);
	} else if (!strcmp(key, "interval")) {
		if (parse_duration(val, &ns) ||
		    scmi_interval_from_ns(ns, &s->interval) ||
		    s->interval.ns != ns)
			return fail(ps, "bad interval '%s'", val);
	} else {
		return fail(ps, "unknown sensor key '%s'", key);
	}
	if (ret)
		return fail(ps, "bad value '%s' for %s", val, key);
	return 0;
}

static int sensor_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	struct scmi_sensor_cfg *s;
	unsigned int i;
	int ret;

	if (c->num_sensors == SCMI_MAX_SENSORS)
		return fail(ps, "more than %d sensors", SCMI_MAX_SENSORS);
	s = &c->sensors[c->num_sensors];
	ret = parse_name(ps, "sensor", w[1], s->name, c->sensors[0].name,
			 sizeof(c->sensors[0]), c->num_sensors);
	if (ret)
		return ret;
	s->enabled = true;
	s->update = true;
	s->type = 1;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		ret = sensor_key(ps, s, NULL, w[i], eq + 1);
		if (ret)
			return ret;
	}
	ps->sensor_line[c->num_sensors++] = ps->line;
	ps->sensor = s;
	return 0;
}

static int axis_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_sensor_cfg *s = ps->sensor;
	struct scmi_axis_cfg *a;
	unsigned int i;
	int ret;

	if (!s)
		return fail(ps, "axis without a sensor before it");
	if (s->num_axes == SCMI_MAX_AXES)
		return fail(ps, "more than %d axes", SCMI_MAX_AXES);
	a = &s->axes[s->num_axes];
	ret = parse_name(ps, "axis", w[1], a->name, s->axes[0].name,
			 sizeof(s->axes[0]), s->num_axes);
	if (ret)
		return ret;
	a->type = s->type;
	a->scale = s->scale;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		ret = sensor_key(ps, NULL, a, w[i], eq + 1);
		if (ret)
			return ret;
	}
	s->num_axes++;
	return 0;
}

/* Checks once the sensor's axis lines are known too. */
static int sensor_finish(struct parser *ps, struct scmi_sensor_cfg *s)
{
	unsigned int idx = s - ps->c->sensors;

	ps->line = ps->sensor_line[idx];
	if (s->num_axes) {
		if (ps->sensor_wave[idx])
			return fail(ps, "sensor %s: value= belongs on its axis lines",
				    s->name);
		if (s->num_trips)
			return fail(ps, "sensor %s: trip points need a scalar sensor",
				    s->name);
		if (s->resolution || s->min || s->max)
			return fail(ps, "sensor %s: resolution and range belong on its axis lines",
				    s->name);
	}
	if (!s->num_intervals) {
		if (!s->interval.ns)
			scmi_interval_from_ns(1000000000, &s->interval);
		s->intervals[0] = s->interval;
		s->num_intervals = 1;
	}
	if (!s->interval.ns)
		s->interval = s->intervals[0];
	if (!in_intervals(s, s->interval.ns))
		return fail(ps, "sensor %s: interval is not one of its intervals",
			    s->name);
	return 0;
}

static int clock_key(struct parser *ps, struct scmi_clock_cfg *cl,
		     const char *key, const char *val, bool *have_rate)
{
	int64_t rates[SCMI_MAX_RATES];
	int ret = 0, n, i;

	if (!strcmp(key, "rates")) {
		n = parse_list(val, SCMI_MAX_RATES, &cl->range, one_rate,
			       rates);
		if (n <= 0)
			return fail(ps, "bad rates '%s'", val);
		for (i = 0; i < n; i++)
			cl->rates[i] = rates[i];
		cl->num_rates = n;
	} else if (!strcmp(key, "rate")) {
		ret = scmi_parse_rate(val, &cl->rate);
		*have_rate = true;
	} else if (!strcmp(key, "enabled")) {
		ret = parse_bool(val, &cl->enabled);
	} else if (!strcmp(key, "notify")) {
		ret = parse_bool(val, &cl->notify);
	} else if (!strcmp(key, "latency_us")) {
		ret = parse_u32(val, UINT32_MAX, &cl->latency_us);
	} else if (!strcmp(key, "deny")) {
		cl->deny_rate = !!strstr(val, "rate");
		cl->deny_state = !!strstr(val, "state");
		ret = strcmp(val, "none") && !cl->deny_rate && !cl->deny_state;
	} else {
		return fail(ps, "unknown clock key '%s'", key);
	}
	if (ret)
		return fail(ps, "bad value '%s' for %s", val, key);
	return 0;
}

/**
 * scmi_clock_rate_valid() - tell whether a clock supports a rate exactly
 * @cl: the clock
 * @rate: rate in Hz
 *
 * Return: true if @rate is in its list or on its range's steps.
 */
bool scmi_clock_rate_valid(const struct scmi_clock_cfg *cl, uint64_t rate)
{
	unsigned int i;

	if (cl->range)
		return rate >= cl->rates[0] && rate <= cl->rates[1] &&
		       !((rate - cl->rates[0]) % cl->rates[2]);
	for (i = 0; i < cl->num_rates; i++)
		if (cl->rates[i] == rate)
			return true;
	return false;
}

static int clock_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	struct scmi_clock_cfg *cl;
	bool have_rate = false;
	unsigned int i;
	int ret;

	if (c->num_clocks == SCMI_MAX_CLOCKS)
		return fail(ps, "more than %d clocks", SCMI_MAX_CLOCKS);
	cl = &c->clocks[c->num_clocks];
	ret = parse_name(ps, "clock", w[1], cl->name, c->clocks[0].name,
			 sizeof(c->clocks[0]), c->num_clocks);
	if (ret)
		return ret;
	cl->enabled = true;
	cl->notify = true;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		ret = clock_key(ps, cl, w[i], eq + 1, &have_rate);
		if (ret)
			return ret;
	}
	if (!cl->num_rates)
		return fail(ps, "clock %s needs rates=", cl->name);
	if (!have_rate)
		cl->rate = cl->rates[0];
	if (!scmi_clock_rate_valid(cl, cl->rate))
		return fail(ps, "clock %s: rate is not one of its rates",
			    cl->name);
	c->num_clocks++;
	return 0;
}

static int perf_levels(struct parser *ps, struct scmi_perf_cfg *d,
		       const char *val)
{
	char buf[1024], *items[SCMI_MAX_LEVELS + 1], *f[4];
	uint32_t lat;
	unsigned int n, i;

	if (copy_str(buf, sizeof(buf), val))
		return fail(ps, "levels too long");
	n = split(buf, ',', items, SCMI_MAX_LEVELS);
	if (n > SCMI_MAX_LEVELS)
		return fail(ps, "more than %d levels", SCMI_MAX_LEVELS);
	for (i = 0; i < n; i++) {
		struct scmi_perf_level_cfg *l = &d->levels[i];
		unsigned int k = split(items[i], ':', f, 3);

		if (k > 3 || parse_u32(f[0], UINT32_MAX, &l->perf) || !l->perf ||
		    (k > 1 && parse_u32(f[1], UINT32_MAX, &l->power)) ||
		    (k > 2 && parse_u32(f[2], 0xffff, &lat)) ||
		    (i && l->perf <= d->levels[i - 1].perf))
			return fail(ps, "bad level '%s' (PERF[:POWER[:LATENCY_US]], ascending)",
				    items[i]);
		l->latency_us = k > 2 ? lat : 0;
	}
	d->num_levels = n;
	return 0;
}

static bool perf_level_ok(const struct scmi_perf_cfg *d, uint32_t level)
{
	unsigned int i;

	for (i = 0; i < d->num_levels; i++)
		if (d->levels[i].perf == level)
			return true;
	return false;
}

static int perf_key(struct parser *ps, struct scmi_perf_cfg *d,
		    const char *key, const char *val)
{
	char buf[48], *f[3];
	int ret = 0;

	if (!strcmp(key, "levels"))
		return perf_levels(ps, d, val);
	if (!strcmp(key, "level")) {
		ret = parse_u32(val, UINT32_MAX, &d->level);
	} else if (!strcmp(key, "limits")) {
		ret = copy_str(buf, sizeof(buf), val) ||
		      split(buf, ':', f, 2) != 2 ||
		      parse_u32(f[0], UINT32_MAX, &d->min) ||
		      parse_u32(f[1], UINT32_MAX, &d->max);
	} else if (!strcmp(key, "set_limits")) {
		ret = parse_bool(val, &d->set_limits);
	} else if (!strcmp(key, "set_level")) {
		ret = parse_bool(val, &d->set_level);
	} else if (!strcmp(key, "notify")) {
		ret = parse_bool(val, &d->notify);
	} else if (!strcmp(key, "rate_limit_us")) {
		ret = parse_u32(val, 0xfffff, &d->rate_limit_us);
	} else if (!strcmp(key, "sustained_khz")) {
		ret = parse_u32(val, UINT32_MAX, &d->sustained_khz);
	} else if (!strcmp(key, "sustained_perf")) {
		ret = parse_u32(val, UINT32_MAX, &d->sustained_perf);
	} else {
		return fail(ps, "unknown perf key '%s'", key);
	}
	if (ret)
		return fail(ps, "bad value '%s' for %s", val, key);
	return 0;
}

static int perf_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	struct scmi_perf_cfg *d;
	unsigned int i;
	int ret;

	if (c->num_perfs == SCMI_MAX_PERFS)
		return fail(ps, "more than %d perf domains", SCMI_MAX_PERFS);
	d = &c->perfs[c->num_perfs];
	ret = parse_name(ps, "perf", w[1], d->name, c->perfs[0].name,
			 sizeof(c->perfs[0]), c->num_perfs);
	if (ret)
		return ret;
	d->set_limits = true;
	d->set_level = true;
	d->notify = true;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		ret = perf_key(ps, d, w[i], eq + 1);
		if (ret)
			return ret;
	}
	if (!d->num_levels)
		return fail(ps, "perf %s needs levels=", d->name);
	if (!d->min)
		d->min = d->levels[0].perf;
	if (!d->max)
		d->max = d->levels[d->num_levels - 1].perf;
	if (!d->level)
		d->level = d->max;
	if (!perf_level_ok(d, d->level) || !perf_level_ok(d, d->min) ||
	    !perf_level_ok(d, d->max) || d->min > d->max ||
	    d->level < d->min || d->level > d->max)
		return fail(ps, "perf %s: level and limits must be levels, min <= level <= max",
			    d->name);
	c->num_perfs++;
	return 0;
}

static int simple_key(const char *key, const char *val, const char *name,
		      bool *b)
{
	if (strcmp(key, name))
		return 1;
	return parse_bool(val, b);
}

static int power_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	struct scmi_power_cfg *d;
	unsigned int i;
	int ret;

	if (c->num_powers == SCMI_MAX_POWERS)
		return fail(ps, "more than %d power domains", SCMI_MAX_POWERS);
	d = &c->powers[c->num_powers];
	ret = parse_name(ps, "power", w[1], d->name, c->powers[0].name,
			 sizeof(c->powers[0]), c->num_powers);
	if (ret)
		return ret;
	d->notify = true;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '='), *key = w[i], *val;

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		val = eq + 1;
		if (!strcmp(key, "state")) {
			if (!strcmp(val, "on"))
				d->state = SCMI_POWER_ON;
			else if (!strcmp(val, "off"))
				d->state = SCMI_POWER_OFF;
			else
				ret = -EINVAL;
		} else {
			ret = simple_key(key, val, "notify", &d->notify);
			if (ret > 0)
				ret = simple_key(key, val, "deny", &d->deny);
			if (ret > 0)
				return fail(ps, "unknown power key '%s'", key);
		}
		if (ret)
			return fail(ps, "bad value '%s' for %s", val, key);
	}
	c->num_powers++;
	return 0;
}

static int reset_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	struct scmi_reset_cfg *d;
	unsigned int i;
	int ret;

	if (c->num_resets == SCMI_MAX_RESETS)
		return fail(ps, "more than %d reset domains", SCMI_MAX_RESETS);
	d = &c->resets[c->num_resets];
	ret = parse_name(ps, "reset", w[1], d->name, c->resets[0].name,
			 sizeof(c->resets[0]), c->num_resets);
	if (ret)
		return ret;
	d->notify = true;
	d->latency_us = UINT32_MAX;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '='), *key = w[i], *val;

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		val = eq + 1;
		if (!strcmp(key, "latency_us")) {
			ret = parse_u32(val, UINT32_MAX, &d->latency_us);
		} else {
			ret = simple_key(key, val, "notify", &d->notify);
			if (ret > 0)
				ret = simple_key(key, val, "async", &d->async);
			if (ret > 0)
				ret = simple_key(key, val, "asserted",
						 &d->asserted);
			if (ret > 0)
				ret = simple_key(key, val, "deny", &d->deny);
			if (ret > 0)
				return fail(ps, "unknown reset key '%s'", key);
		}
		if (ret)
			return fail(ps, "bad value '%s' for %s", val, key);
	}
	c->num_resets++;
	return 0;
}

static bool voltage_level_ok(const struct scmi_voltage_cfg *d, int32_t uv)
{
	unsigned int i;

	if (d->segmented)
		return uv >= d->levels[0] && uv <= d->levels[1] &&
		       !(((int64_t)uv - d->levels[0]) % d->levels[2]);
	for (i = 0; i < d->num_levels; i++)
		if (d->levels[i] == uv)
			return true;
	return false;
}

static int voltage_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	int64_t vals[SCMI_MAX_VLEVELS];
	struct scmi_voltage_cfg *d;
	bool have_level = false;
	unsigned int i, k;
	int64_t lv;
	int ret, cnt;

	if (c->num_voltages == SCMI_MAX_VOLTAGES)
		return fail(ps, "more than %d voltage domains",
			    SCMI_MAX_VOLTAGES);
	d = &c->voltages[c->num_voltages];
	ret = parse_name(ps, "voltage", w[1], d->name, c->voltages[0].name,
			 sizeof(c->voltages[0]), c->num_voltages);
	if (ret)
		return ret;
	d->enabled = true;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '='), *key = w[i], *val;

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		val = eq + 1;
		ret = 0;
		if (!strcmp(key, "levels")) {
			cnt = parse_list(val, SCMI_MAX_VLEVELS, &d->segmented,
					 one_uv, vals);
			if (cnt <= 0)
				return fail(ps, "bad levels '%s'", val);
			for (k = 0; k < (unsigned int)cnt; k++)
				d->levels[k] = vals[k];
			d->num_levels = cnt;
		} else if (!strcmp(key, "level")) {
			ret = scmi_parse_s64(val, &lv) || lv < INT32_MIN ||
			      lv > INT32_MAX;
			d->level = lv;
			have_level = true;
		} else {
			ret = simple_key(key, val, "enabled", &d->enabled);
			if (ret > 0)
				ret = simple_key(key, val, "async", &d->async);
			if (ret > 0)
				return fail(ps, "unknown voltage key '%s'",
					    key);
		}
		if (ret)
			return fail(ps, "bad value '%s' for %s", val, key);
	}
	if (!d->num_levels)
		return fail(ps, "voltage %s needs levels=", d->name);
	if (!have_level)
		d->level = d->levels[0];
	if (!voltage_level_ok(d, d->level))
		return fail(ps, "voltage %s: level is not one of its levels",
			    d->name);
	c->num_voltages++;
	return 0;
}

static int system_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_config *c = ps->c;
	unsigned int i;
	int ret;

	if (c->system)
		return fail(ps, "system defined twice");
	c->system = true;
	for (i = 1; i < n; i++) {
		char *eq = strchr(w[i], '='), *key = w[i], *val;

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		val = eq + 1;
		ret = simple_key(key, val, "warm_reset",
				 &c->system_cfg.warm_reset);
		if (ret > 0)
			ret = simple_key(key, val, "suspend",
					 &c->system_cfg.suspend);
		if (ret > 0)
			return fail(ps, "unknown system key '%s'", key);
		if (ret)
			return fail(ps, "bad value '%s' for %s", val, key);
	}
	return 0;
}

static int platform_line(struct parser *ps, char **w, unsigned int n)
{
	struct scmi_platform_cfg *pc = &ps->c->platform;
	uint32_t v = 0;
	unsigned int i;
	int ret;

	for (i = 1; i < n; i++) {
		char *eq = strchr(w[i], '='), *key = w[i], *val;

		if (!eq)
			return fail(ps, "expected KEY=VALUE, got '%s'", w[i]);
		*eq = '\0';
		val = eq + 1;
		if (!strcmp(key, "vendor")) {
			ret = copy_str(pc->vendor, sizeof(pc->vendor), val);
		} else if (!strcmp(key, "sub_vendor")) {
			ret = copy_str(pc->sub_vendor, sizeof(pc->sub_vendor),
				       val);
		} else if (!strcmp(key, "agent")) {
			ret = copy_str(pc->agent, sizeof(pc->agent), val);
		} else if (!strcmp(key, "impl_version")) {
			ret = parse_u32(val, UINT32_MAX, &pc->impl_version);
		} else if (!strcmp(key, "async_delay_ms")) {
			ret = parse_u32(val, 60000, &pc->async_delay_ms);
		} else if (!strcmp(key, "clock_max_async")) {
			ret = parse_u32(val, 0xff, &v);
			pc->clock_max_async = v;
		} else if (!strcmp(key, "sensor_max_async")) {
			ret = parse_u32(val, 0xff, &v);
			pc->sensor_max_async = v;
		} else if (!strcmp(key, "perf_power")) {
			ret = 0;
			if (!strcmp(val, "abstract"))
				pc->perf_power = 0;
			else if (!strcmp(val, "mw"))
				pc->perf_power = 1;
			else if (!strcmp(val, "uw"))
				pc->perf_power = 2;
			else
				ret = -EINVAL;
		} else {
			return fail(ps, "unknown platform key '%s'", key);
		}
		if (ret)
			return fail(ps, "bad value '%s' for %s", val, key);
	}
	return 0;
}

static int parse_line(struct parser *ps, char *line)
{
	static const struct {
		const char *kind;
		int (*fn)(struct parser *ps, char **w, unsigned int n);
		bool named;
	} kinds[] = {
		{ "platform", platform_line, false },
		{ "sensor", sensor_line, true },
		{ "axis", axis_line, true },
		{ "clock", clock_line, true },
		{ "perf", perf_line, true },
		{ "power", power_line, true },
		{ "reset", reset_line, true },
		{ "voltage", voltage_line, true },
		{ "system", system_line, false },
	};
	char *w[MAX_WORDS + 1], *save = NULL, *tok;
	unsigned int n = 0, i;

	for (tok = strtok_r(line, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		if (n == MAX_WORDS)
			return fail(ps, "more than %d words", MAX_WORDS);
		w[n++] = tok;
	}
	if (!n)
		return 0;
	w[n] = NULL;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(w[0], kinds[i].kind))
			break;
	if (i == ARRAY_SIZE(kinds))
		return fail(ps, "unknown line '%s'", w[0]);
	if (kinds[i].named && (n < 2 || strchr(w[1], '=')))
		return fail(ps, "%s needs a name", w[0]);
	if (strcmp(w[0], "axis") && strcmp(w[0], "sensor"))
		ps->sensor = NULL;
	return kinds[i].fn(ps, w, n);
}

/**
 * scmi_config_parse() - read a platform description
 * @c: filled in; left in an undefined state on error
 * @text: the description, NUL terminated
 * @origin: where it comes from, for messages
 * @err: set to a message on error
 * @err_len: size of @err
 *
 * Return: 0, -EINVAL for a bad description, or -ENOMEM.
 */
int scmi_config_parse(struct scmi_config *c, const char *text,
		      const char *origin, char *err, size_t err_len)
{
	struct parser ps = {
		.c = c, .origin = origin, .err = err, .err_len = err_len,
	};
	char *copy = strdup(text), *line, *next;
	unsigned int i;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	memset(c, 0, sizeof(*c));
	copy_str(c->platform.vendor, sizeof(c->platform.vendor), "vdev");
	copy_str(c->platform.agent, sizeof(c->platform.agent), "OSPM");
	c->platform.impl_version = 0x10000;
	c->platform.async_delay_ms = 10;
	c->platform.clock_max_async = 4;
	c->platform.sensor_max_async = 4;
	c->platform.perf_power = 1;
	for (line = copy; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ps.line++;
		line[strcspn(line, "#")] = '\0';
		ret = parse_line(&ps, line);
	}
	for (i = 0; i < c->num_sensors && !ret; i++)
		ret = sensor_finish(&ps, &c->sensors[i]);
	free(copy);
	return ret;
}
