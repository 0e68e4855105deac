// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Sensor protocol tests with the payloads of the Linux 6.12 agent
 * (drivers/firmware/arm_scmi/sensors.c, scmi-hwmon, scmi_iio): discovery
 * paged to the agent's buffer, extended names, axes, update intervals,
 * configuration, synchronous and asynchronous readings, continuous update
 * and trip point notifications.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util.h"
#include "scmi_util.h"
#include "tap.h"

#define SENS(msg, token)	SHDR(SCMI_PROTOCOL_SENSOR, msg, token)
#define DELAYED(hdr)		((hdr) | SCMI_TYPE_DELAYED << 8)
#define NOTIF(msg)		(SENS(msg, 0) | SCMI_TYPE_NOTIFICATION << 8)

#define S_TEMP		0
#define S_VOLT		1
#define S_ACCEL		2
#define S_GYRO		3
#define S_PLAIN		4

static const char conf[] =
	"platform async_delay_ms=2 sensor_max_async=2\n"
	"sensor temp0 type=celsius scale=-3 value=25000 trips=2 resolution=5e-1 range=-40000:125000 power=10\n"
	"sensor volt_with_a_long_extended_name type=volts scale=-3 value=-1200 async=yes update=no\n"
	"sensor accel type=meters_sec_squared scale=-3 intervals=range:10ms:1s:10ms interval=100ms timestamp=-6 enabled=no power=120\n"
	"axis accel_X value=100 resolution=1e-3 range=-156906:156906\n"
	"axis accel_Y value=-200 resolution=1e-3 range=-156906:156906\n"
	"axis accel_Z value=9807 resolution=1e-3 range=-156906:156906\n"
	"sensor gyro type=radians_sec scale=-2 intervals=10ms,20ms,50ms,100ms interval=20ms async=yes\n"
	"axis gyro_X value=1\n"
	"axis gyro_Y value=2\n"
	"axis gyro_with_long_axis_name_Z value=3 type=rpm\n"
	"sensor plain type=rpm value=1500 enabled=no\n";

static int64_t s64_at(const uint32_t *w)
{
	return (int64_t)((uint64_t)w[0] | (uint64_t)w[1] << 32);
}

/* SCMI interval/exponent encodings used below. */
#define IV(secs, exp)		((uint32_t)(secs) << 5 | ((uint32_t)(exp) & 0x1f))
#define CFG(secs, exp, round, ts, en) \
	((uint32_t)(secs) << 16 | ((uint32_t)(exp) & 0x1f) << 11 | \
	 (uint32_t)(round) << 9 | (uint32_t)(ts) << 1 | (uint32_t)(en))

static void test_attributes(void)
{
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_ASSERT(SCMD0(&s, SENS(0, 1), &r));
	T_EXPECT(r.used == 12 && r.w[0] == 0x30001);
	T_ASSERT(SCMD0(&s, SENS(1, 2), &r));
	T_EXPECT(r.used == 24 && r.status == 0 && r.w[0] == (5 | 2 << 16) &&
		 !r.w[1] && !r.w[2] && !r.w[3]);
	/* Every message of the protocol is there, notifications too. */
	T_ASSERT(SCMD(&s, SENS(2, 3), &r, 0xd));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, SENS(2, 3), &r, 0xb));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, SENS(2, 3), &r, 0xe));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	/* No asynchronous reads when none may be pending. */
	T_ASSERT(!scmi_platform_load(sdev_platform(&s),
				     "platform sensor_max_async=0\nsensor a async=yes\n",
				     "test", NULL, 0));
	T_ASSERT(SCMD(&s, SENS(3, 4), &r, 0));
	T_EXPECT(r.status == 0 && r.w[2] == BIT(30));
	T_ASSERT(SCMD(&s, SENS(6, 5), &r, 0, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	sdev_fini(&s);
}

/* Parse descriptors as the agent does; returns the bytes they took. */
static size_t parse_descs(const struct srep *r, unsigned int n,
			  unsigned int first, uint32_t *lo, uint32_t *hi,
			  char names[][16], uint32_t *res, int64_t *range)
{
	const uint8_t *d = r->b + 4;
	unsigned int i;
	uint32_t w[13];

	for (i = 0; i < n; i++) {
		size_t sz = 28;

		memcpy(w, d, sizeof(w));
		T_EXPECT(le32toh(w[0]) == first + i);
		lo[first + i] = le32toh(w[1]);
		hi[first + i] = le32toh(w[2]);
		memcpy(names[first + i], d + 12, 16);
		if (lo[first + i] & BIT(8)) {
			sz += 4;
			if (!(hi[first + i] & BIT(8))) {
				res[first + i] = le32toh(w[8]);
				range[2 * (first + i)] =
					(int64_t)((uint64_t)le32toh(w[9]) |
						  (uint64_t)le32toh(w[10]) << 32);
				range[2 * (first + i) + 1] =
					(int64_t)((uint64_t)le32toh(w[11]) |
						  (uint64_t)le32toh(w[12]) << 32);
				sz += 20;
			}
		}
		d += sz;
	}
	return d - (r->b + 4);
}

static void test_description(void)
{
	uint32_t lo[8] = { 0 }, hi[8] = { 0 }, res[8] = { 0 };
	unsigned int idx = 0, rounds = 0, n, rem;
	int64_t range[16] = { 0 };
	char names[8][16];
	struct srep r;
	struct sdev s;
	size_t used;

	T_ASSERT(!sdev_start(&s, conf, true));
	/* The Linux iterator: 128-byte replies until nothing remains. */
	do {
		T_ASSERT(SCMD(&s, SENS(3, rounds), &r, idx));
		T_ASSERT(r.status == 0);
		n = r.w[0] & 0xffff;
		rem = r.w[0] >> 16;
		T_ASSERT(n && idx + n <= 5);
		used = parse_descs(&r, n, idx, lo, hi, names, res, range);
		T_EXPECT(r.used == 12 + used && r.used <= 136);
		T_EXPECT(rem == 5 - idx - n);
		idx += n;
	} while (rem && ++rounds < 10);
	T_EXPECT(idx == 5 && rounds == 1);
	/* temp0: 2 trip points, extended, update notifications. */
	T_EXPECT(lo[S_TEMP] == (2 | BIT(8) | BIT(30)));
	T_EXPECT(hi[S_TEMP] == (SCMI_UNIT_CELSIUS | 0x1d << 11));
	T_EXPECT(!strcmp(names[S_TEMP], "temp0"));
	T_EXPECT(res[S_TEMP] == (5 | 0x1fu << 27) && range[0] == -40000 &&
		 range[1] == 125000);
	/* Long name: cut to 15, extended names flag; async. */
	T_EXPECT(lo[S_VOLT] == (BIT(31) | BIT(29)));
	T_EXPECT(!strcmp(names[S_VOLT], "volt_with_a_lon"));
	/* accel: 3 axes, timestamps 10^-6 s, power only. */
	T_EXPECT(lo[S_ACCEL] == (BIT(30) | (0x1a << 10) | BIT(9) | BIT(8)));
	T_EXPECT(hi[S_ACCEL] == (SCMI_UNIT_METERS_SEC_SQUARED | 0x1d << 11 |
				 BIT(8) | 3 << 16));
	T_EXPECT(lo[S_GYRO] == (BIT(31) | BIT(30)));
	T_EXPECT(hi[S_GYRO] == (SCMI_UNIT_RADIANS_SEC | 0x1e << 11 | BIT(8) |
				3 << 16));
	T_EXPECT(lo[S_PLAIN] == BIT(30) && hi[S_PLAIN] == 0x13);
	/* Room for one extended descriptor only: one per reply. */
	T_ASSERT(scmd(&s, SENS(3, 4), (uint32_t[]){ 0 }, 1, 8 + 4 + 52, &r));
	T_EXPECT(r.status == 0 && r.w[0] == (1 | 4 << 16) && r.used == 64);
	T_ASSERT(scmd(&s, SENS(3, 4), (uint32_t[]){ 0 }, 1, 8 + 4 + 51, &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR && r.used == 8);
	T_ASSERT(SCMD(&s, SENS(3, 5), &r, 5));
	T_EXPECT(r.used == 8 && r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD0(&s, SENS(3, 6), &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

static void test_names(void)
{
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	/* SENSOR_NAME_GET, as extended_name_get(): {flags, name[64]}. */
	T_ASSERT(SCMD(&s, SENS(0xc, 1), &r, S_VOLT));
	T_EXPECT(r.used == 8 + 68 && r.status == 0 && r.w[0] == 0 &&
		 !strcmp((char *)&r.b[4], "volt_with_a_long_extended_name"));
	T_ASSERT(SCMD(&s, SENS(0xc, 2), &r, S_TEMP));
	T_EXPECT(r.status == 0 && !strcmp((char *)&r.b[4], "temp0"));
	T_ASSERT(SCMD(&s, SENS(0xc, 3), &r, 5));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD0(&s, SENS(0xc, 3), &r));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

static void test_axes(void)
{
	unsigned int idx = 0, rounds = 0, n;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	/* Extended axis descriptors are 48 bytes: two per reply. */
	T_ASSERT(SCMD(&s, SENS(7, 1), &r, S_ACCEL, 0));
	T_EXPECT(r.status == 0 && r.used == 12 + 96);
	T_EXPECT(r.w[0] == (2 | 1u << 26));
	T_EXPECT(r.w[1] == 0 && r.w[2] == BIT(8) &&
		 r.w[3] == (SCMI_UNIT_METERS_SEC_SQUARED | 0x1d << 11) &&
		 !strcmp((char *)&r.b[16], "accel_X"));
	T_EXPECT(r.w[8] == (1 | 0x1du << 27) && s64_at(&r.w[9]) == -156906 &&
		 s64_at(&r.w[11]) == 156906);
	T_EXPECT(r.w[13] == 1 && !strcmp((char *)&r.b[13 * 4 + 12], "accel_Y"));
	T_ASSERT(SCMD(&s, SENS(7, 2), &r, S_ACCEL, 2));
	T_EXPECT(r.status == 0 && r.used == 12 + 48 && r.w[0] == 1 &&
		 r.w[1] == 2 && !strcmp((char *)&r.b[16], "accel_Z"));
	/* Plain axis descriptors are 28 bytes: all three at once. */
	T_ASSERT(SCMD(&s, SENS(7, 3), &r, S_GYRO, 0));
	T_EXPECT(r.status == 0 && r.used == 12 + 84 && r.w[0] == 3);
	T_EXPECT(r.w[2] == 0 && r.w[3] == (SCMI_UNIT_RADIANS_SEC | 0x1e << 11));
	/* Axis 2 has a long name and its own type. */
	T_EXPECT(r.w[15] == 2 && r.w[16] == BIT(9) &&
		 r.w[17] == (0x13 | 0x1e << 11) &&
		 !memcmp(&r.b[15 * 4 + 12], "gyro_with_long_\0", 16));
	/* SENSOR_AXIS_NAME_GET: {axis_id, name[64]}, one per reply. */
	do {
		T_ASSERT(SCMD(&s, SENS(0xd, 4), &r, S_GYRO, idx));
		T_ASSERT(r.status == 0);
		n = r.w[0] & 0x3f;
		T_EXPECT(n == 1 && r.used == 12 + 68 &&
			 r.w[0] >> 26 == 2 - idx && r.w[1] == idx);
		idx += n;
	} while (r.w[0] >> 26 && ++rounds < 5);
	T_EXPECT(idx == 3 && !strcmp((char *)&r.b[8],
				     "gyro_with_long_axis_name_Z"));
	/* Errors. */
	T_ASSERT(SCMD(&s, SENS(7, 5), &r, S_GYRO, 3));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SENS(7, 6), &r, S_TEMP, 0));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SENS(0xd, 7), &r, S_TEMP, 0));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SENS(7, 8), &r, 9, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, SENS(7, 9), &r, S_GYRO));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(scmd(&s, SENS(7, 10), (uint32_t[]){ S_ACCEL, 0 }, 2, 8 + 4 + 47,
		      &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR);
	sdev_fini(&s);
}

static void test_intervals(void)
{
	struct srep r;
	struct sdev s;
	unsigned int i;

	T_ASSERT(!sdev_start(&s, conf, true));
	/* A segment: one {low, high, step} triplet. */
	T_ASSERT(SCMD(&s, SENS(8, 1), &r, S_ACCEL, 0));
	T_EXPECT(r.status == 0 && r.used == 12 + 12 &&
		 r.w[0] == (3 | BIT(12)));
	T_EXPECT(r.w[1] == IV(1, -2) && r.w[2] == IV(1, 0) &&
		 r.w[3] == IV(1, -2));
	T_ASSERT(SCMD(&s, SENS(8, 2), &r, S_ACCEL, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(scmd(&s, SENS(8, 2), (uint32_t[]){ S_ACCEL, 0 }, 2,
		      8 + 4 + 8, &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR);
	/* A list, paged when the buffer is small. */
	T_ASSERT(SCMD(&s, SENS(8, 3), &r, S_GYRO, 0));
	T_EXPECT(r.status == 0 && r.w[0] == 4 && r.w[1] == IV(1, -2) &&
		 r.w[2] == IV(2, -2) && r.w[3] == IV(5, -2) &&
		 r.w[4] == IV(1, -1));
	T_ASSERT(scmd(&s, SENS(8, 4), (uint32_t[]){ S_GYRO, 1 }, 2, 8 + 4 + 8,
		      &r));
	T_EXPECT(r.status == 0 && r.w[0] == (2 | 1 << 16) &&
		 r.w[1] == IV(2, -2) && r.w[2] == IV(5, -2));
	/* Never empty: sensors without a list have their interval. */
	for (i = 0; i < 5; i++) {
		T_ASSERT(SCMD(&s, SENS(8, 5), &r, i, 0));
		T_EXPECT(r.status == 0 && (r.w[0] & 0xfff) && r.w[1]);
	}
	T_ASSERT(SCMD(&s, SENS(8, 5), &r, S_TEMP, 0));
	T_EXPECT(r.w[0] == 1 && r.w[1] == IV(1, 0));
	T_ASSERT(SCMD(&s, SENS(8, 6), &r, S_TEMP, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SENS(8, 7), &r, 7, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	sdev_fini(&s);
}

static uint32_t config_get(struct sdev *s, uint32_t id)
{
	struct srep r;

	T_ASSERT(SCMD(s, SENS(9, 0x100), &r, id));
	T_EXPECT(r.used == 12 && r.status == 0);
	return r.w[0];
}

static int32_t config_set(struct sdev *s, uint32_t id, uint32_t cfg)
{
	struct srep r;

	T_ASSERT(SCMD(s, SENS(0xa, 0x101), &r, id, cfg));
	T_EXPECT(r.used == 8);
	return r.status;
}

static void test_config(void)
{
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(1, -1, 0, 1, 0));
	T_EXPECT(config_get(&s, S_TEMP) == CFG(1, 0, 0, 0, 1));
	/* scmi_iio 10 Hz: sec 10000, exponent -5, round auto, timestamps. */
	T_EXPECT(config_set(&s, S_ACCEL, CFG(10000, -5, 2, 1, 0)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(1, -1, 0, 1, 0));
	/* 12.5 Hz is on a step; 15 Hz rounds to the nearest, 70 ms. */
	T_EXPECT(config_set(&s, S_ACCEL, CFG(8000, -5, 2, 1, 0)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(8, -2, 0, 1, 0));
	T_EXPECT(config_set(&s, S_ACCEL, CFG(6666, -5, 2, 1, 0)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(7, -2, 0, 1, 0));
	/* Buffer preenable: just "enabled", the interval stays. */
	T_EXPECT(config_set(&s, S_ACCEL, CFG(0, 0, 0, 1, 1)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(7, -2, 0, 1, 1));
	/* Rounding at the ends of the segment. */
	T_EXPECT(config_set(&s, S_ACCEL, CFG(5, -3, 0, 0, 1)) ==
		 SCMI_OUT_OF_RANGE);
	T_EXPECT(config_set(&s, S_ACCEL, CFG(5, -3, 1, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(1, -2, 0, 0, 1));
	T_EXPECT(config_set(&s, S_ACCEL, CFG(2, 0, 1, 0, 1)) ==
		 SCMI_OUT_OF_RANGE);
	T_EXPECT(config_set(&s, S_ACCEL, CFG(2, 0, 2, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(1, 0, 0, 0, 1));
	T_EXPECT(config_set(&s, S_ACCEL, CFG(55, -3, 0, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(5, -2, 0, 0, 1));
	T_EXPECT(config_set(&s, S_ACCEL, CFG(55, -3, 1, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_ACCEL) == CFG(6, -2, 0, 0, 1));
	/* A list. */
	T_EXPECT(config_set(&s, S_GYRO, CFG(30, -3, 0, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_GYRO) == CFG(2, -2, 0, 0, 1));
	T_EXPECT(config_set(&s, S_GYRO, CFG(30, -3, 1, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_GYRO) == CFG(5, -2, 0, 0, 1));
	T_EXPECT(config_set(&s, S_GYRO, CFG(30, -3, 3, 0, 1)) == 0);
	T_EXPECT(config_get(&s, S_GYRO) == CFG(2, -2, 0, 0, 1));
	T_EXPECT(config_set(&s, S_GYRO, CFG(5, -3, 0, 0, 1)) ==
		 SCMI_OUT_OF_RANGE);
	T_EXPECT(config_set(&s, S_GYRO, CFG(1, 0, 1, 0, 1)) ==
		 SCMI_OUT_OF_RANGE);
	/* Errors leave the configuration alone. */
	T_EXPECT(config_set(&s, S_TEMP, CFG(0, 0, 0, 1, 1)) ==
		 SCMI_NOT_SUPPORTED);
	T_EXPECT(config_set(&s, S_TEMP, 1 | BIT(5)) == SCMI_INVALID_PARAMETERS);
	T_EXPECT(config_get(&s, S_TEMP) == CFG(1, 0, 0, 0, 1));
	T_EXPECT(config_set(&s, 5, 1) == SCMI_NOT_FOUND);
	/* Disabling works too. */
	T_EXPECT(config_set(&s, S_TEMP, 0) == 0);
	T_EXPECT(config_get(&s, S_TEMP) == CFG(1, 0, 0, 0, 0));
	sdev_fini(&s);
}

static void test_reading(void)
{
	struct scmi_platform *p;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	p->fake_now_ns = 5000000000ull;
	/* Scalar: one reading of four words, no timestamp. */
	T_ASSERT(SCMD(&s, SENS(6, 1), &r, S_TEMP, 0));
	T_EXPECT(r.used == 8 + 16 && r.status == 0 &&
		 s64_at(&r.w[0]) == 25000 && s64_at(&r.w[2]) == 0);
	T_ASSERT(SCMD(&s, SENS(6, 2), &r, S_VOLT, 0));
	T_EXPECT(r.used == 24 && s64_at(&r.w[0]) == -1200);
	/* The hwmon read of a v2 agent: 8 bytes of reply room. */
	T_ASSERT(scmd(&s, SENS(6, 3), (uint32_t[]){ S_TEMP, 0 }, 2, 16, &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR);
	/* Disabled: PROTOCOL_ERROR; enabled: three timestamped axes. */
	T_ASSERT(SCMD(&s, SENS(6, 4), &r, S_ACCEL, 0));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	T_EXPECT(config_set(&s, S_ACCEL, CFG(0, 0, 0, 1, 1)) == 0);
	T_ASSERT(SCMD(&s, SENS(6, 5), &r, S_ACCEL, 0));
	T_EXPECT(r.used == 8 + 48 && r.status == 0);
	T_EXPECT(s64_at(&r.w[0]) == 100 && s64_at(&r.w[4]) == -200 &&
		 s64_at(&r.w[8]) == 9807);
	T_EXPECT(s64_at(&r.w[2]) == 5000000 && s64_at(&r.w[6]) == 5000000 &&
		 s64_at(&r.w[10]) == 5000000);
	T_EXPECT(config_set(&s, S_ACCEL, CFG(0, 0, 0, 0, 1)) == 0);
	T_ASSERT(SCMD(&s, SENS(6, 6), &r, S_ACCEL, 0));
	T_EXPECT(s64_at(&r.w[2]) == 0);
	/* Bad flags, async where unsupported, unknown sensor, short. */
	T_ASSERT(SCMD(&s, SENS(6, 7), &r, S_TEMP, 2));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SENS(6, 8), &r, S_TEMP, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SENS(6, 9), &r, 99, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, SENS(6, 10), &r, S_TEMP));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(SCMD(&s, SENS(6, 11), &r, S_PLAIN, 0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

static void test_async_reading(void)
{
	struct scmi_platform *p;
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 4, 136);
	/* An immediate empty reply, then one delayed response. */
	T_ASSERT(SCMD(&s, SENS(6, 0x3ff), &r, S_VOLT, 1));
	T_EXPECT(r.used == 8 && r.status == 0 && r.hdr == SENS(6, 0x3ff));
	T_EXPECT(!sev_get(&s, &e));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(SENS(6, 0x3ff)) && e.len == 8 + 4 + 16);
	T_EXPECT(e.w[0] == 0 && e.w[1] == S_VOLT &&
		 s64_at(&e.w[2]) == -1200 && s64_at(&e.w[4]) == 0);
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e));
	T_EXPECT(p->stats.delayed_sent == 1 && !p->sensor_async);
	/* Three axes: {id, 3 readings}. */
	T_ASSERT(SCMD(&s, SENS(6, 7), &r, S_GYRO, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(SENS(6, 7)) && e.len == 8 + 4 + 48 &&
		 e.w[1] == S_GYRO && s64_at(&e.w[2]) == 1 &&
		 s64_at(&e.w[6]) == 2 && s64_at(&e.w[10]) == 3);
	/* At most sensor_max_async (2) at a time. */
	T_ASSERT(SCMD(&s, SENS(6, 20), &r, S_VOLT, 1));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, SENS(6, 21), &r, S_GYRO, 1));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, SENS(6, 22), &r, S_VOLT, 1));
	T_EXPECT(r.used == 8 && r.status == SCMI_BUSY);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(SENS(6, 20)));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(SENS(6, 21)));
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e));
	/* No buffer left: the delayed response waits for one. */
	T_ASSERT(SCMD(&s, SENS(6, 30), &r, S_VOLT, 1));
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e) && p->outq_notifications == 0 &&
		 scmi_outq_len(p, NULL) == 1);
	sev_post(&s, 1, 136);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == DELAYED(SENS(6, 30)) && e.w[0] == 0);
	/* A buffer too small for it: COMMS_ERROR, status only. */
	sev_post(&s, 1, 40);
	T_ASSERT(SCMD(&s, SENS(6, 31), &r, S_GYRO, 1));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(SENS(6, 31)) && e.len == 8 &&
		 (int32_t)e.w[0] == SCMI_COMMS_ERROR);
	sdev_fini(&s);
}

static void test_update_notifications(void)
{
	unsigned int n = 0, i;
	struct scmi_platform *p;
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 2, 136);
	/* Enabled notifications but a disabled sensor: nothing. */
	T_ASSERT(SCMD(&s, SENS(0xb, 1), &r, S_ACCEL, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_EXPECT(config_set(&s, S_ACCEL, CFG(1, -2, 0, 1, 0)) == 0);
	sdev_run(&s, 40);
	T_EXPECT(!sev_get(&s, &e));
	/* Enabled every 10 ms: buffers come back and are reposted. */
	T_EXPECT(config_set(&s, S_ACCEL, CFG(1, -2, 0, 1, 1)) == 0);
	for (i = 0; i < 10; i++) {
		if (!sev_wait(&s, &e, 500))
			break;
		n++;
		T_EXPECT(e.hdr == NOTIF(1) && e.len == 4 + 8 + 48);
		T_EXPECT(e.w[0] == 0 && e.w[1] == S_ACCEL &&
			 s64_at(&e.w[2]) == 100 && s64_at(&e.w[6]) == -200 &&
			 s64_at(&e.w[10]) == 9807 && s64_at(&e.w[4]));
		sev_repost(&s, &e);
	}
	T_EXPECT(n == 10);
	/* Notifications off: none after what was on its way. */
	T_ASSERT(SCMD(&s, SENS(0xb, 2), &r, S_ACCEL, 0));
	T_EXPECT(r.status == 0);
	while (sev_get(&s, &e))
		sev_repost(&s, &e);
	sdev_run(&s, 40);
	T_EXPECT(!sev_get(&s, &e));
	T_EXPECT(p->stats.events[SCMI_EV_SENSOR_UPDATE].sent >= 10);
	/* Not without support; bad control bits; unknown sensor. */
	T_ASSERT(SCMD(&s, SENS(0xb, 3), &r, S_VOLT, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SENS(0xb, 4), &r, S_TEMP, 3));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SENS(0xb, 5), &r, 5, 1));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, SENS(0xb, 6), &r, S_TEMP));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

/* Scalar update payload: {agent, id, value, timestamp}. */
static void test_update_scalar(void)
{
	struct srep r;
	struct sev e;
	struct sdev s;
	char out[256];

	T_ASSERT(!sdev_start(&s, conf, true));
	sev_post(&s, 4, 136);
	T_ASSERT(SCMD(&s, SENS(0xb, 1), &r, S_TEMP, 1));
	T_EXPECT(r.status == 0);
	/* A new value goes out at once, and then every second. */
	T_EXPECT(!sctl(&s, "sensor temp0 31000", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(1) && e.len == 4 + 8 + 16 && e.w[1] == S_TEMP &&
		 s64_at(&e.w[2]) == 31000);
	T_EXPECT(!sev_get(&s, &e));
	sdev_fini(&s);
}

static int32_t trip_config(struct sdev *s, uint32_t id, uint32_t ctl,
			   int64_t v)
{
	struct srep r;

	T_ASSERT(SCMD(s, SENS(5, 0x200), &r, id, ctl, (uint32_t)v,
		      (uint32_t)((uint64_t)v >> 32)));
	T_EXPECT(r.used == 8);
	return r.status;
}

static void test_trip_points(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 8, 136);
	/* Configured but not enabled: nothing. */
	T_EXPECT(trip_config(&s, S_TEMP, 0 << 4 | 3, 30000) == 0);
	T_EXPECT(trip_config(&s, S_TEMP, 1 << 4 | 1, -5000) == 0);
	T_EXPECT(!sctl(&s, "sensor temp0 35000", out, sizeof(out)));
	T_EXPECT(!sev_get(&s, &e));
	T_ASSERT(SCMD(&s, SENS(4, 1), &r, S_TEMP, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	/* Down through trip point 0 (both ways). */
	T_EXPECT(!sctl(&s, "sensor temp0 20000", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(0) && e.len == 16 && e.w[0] == 0 &&
		 e.w[1] == S_TEMP && e.w[2] == 0);
	T_EXPECT(!sev_get(&s, &e));
	/* Up to trip point 0: reaching it counts, once. */
	T_EXPECT(!sctl(&s, "sensor temp0 30000", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[2] == BIT(16));
	T_EXPECT(!sctl(&s, "sensor temp0 31000", out, sizeof(out)));
	T_EXPECT(!sev_get(&s, &e));
	/* Down through both; trip point 1 fires going up only. */
	T_EXPECT(!sctl(&s, "sensor temp0 -10000", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[2] == 0);
	T_EXPECT(!sev_get(&s, &e));
	T_EXPECT(!sctl(&s, "sensor temp0 0", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[2] == (1 | BIT(16)));
	T_EXPECT(!sev_get(&s, &e));
	/* Disabled trip point 0: nothing for it. */
	T_EXPECT(trip_config(&s, S_TEMP, 0 << 4 | 0, 30000) == 0);
	T_EXPECT(!sctl(&s, "sensor temp0 40000", out, sizeof(out)));
	T_EXPECT(!sev_get(&s, &e));
	/* A waveform is sampled every update interval (1 s here: use 10). */
	T_EXPECT(trip_config(&s, S_TEMP, 0 << 4 | 3, 30000) == 0);
	T_EXPECT(!sctl(&s, "sensor temp0 square:20000:40000:60", out,
		       sizeof(out)));
	p->sensors[S_TEMP].interval.ns = 10000000;
	T_ASSERT(SCMD(&s, SENS(4, 2), &r, S_TEMP, 0));
	T_ASSERT(SCMD(&s, SENS(4, 2), &r, S_TEMP, 1));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == NOTIF(0) && (e.w[2] & 0xff) == 0);
	sev_repost(&s, &e);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == NOTIF(0));
	T_ASSERT(SCMD(&s, SENS(4, 3), &r, S_TEMP, 0));
	T_EXPECT(p->stats.events[SCMI_EV_SENSOR_TRIP].sent >= 5);
	/* Errors. */
	T_EXPECT(trip_config(&s, S_TEMP, 2 << 4 | 1, 0) ==
		 SCMI_INVALID_PARAMETERS);
	T_EXPECT(trip_config(&s, S_TEMP, BIT(2) | 1, 0) ==
		 SCMI_INVALID_PARAMETERS);
	T_EXPECT(trip_config(&s, S_TEMP, BIT(12), 0) ==
		 SCMI_INVALID_PARAMETERS);
	T_EXPECT(trip_config(&s, S_PLAIN, 1, 0) == SCMI_NOT_SUPPORTED);
	T_EXPECT(trip_config(&s, 17, 1, 0) == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, SENS(4, 4), &r, S_PLAIN, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SENS(4, 5), &r, S_TEMP, 2));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SENS(5, 6), &r, S_TEMP, 1, 0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

/* Every message with a payload one word short. */
static void test_short(void)
{
	static const unsigned int need[][2] = {
		{ 3, 1 }, { 4, 2 }, { 5, 4 }, { 6, 2 }, { 7, 2 }, { 8, 2 },
		{ 9, 1 }, { 0xa, 2 }, { 0xb, 2 }, { 0xc, 1 }, { 0xd, 2 },
	};
	uint32_t zero[4] = { 0 };
	unsigned int i;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	for (i = 0; i < ARRAY_SIZE(need); i++) {
		T_ASSERT(scmd(&s, SENS(need[i][0], i), zero, need[i][1] - 1,
			      136, &r));
		T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR &&
			 r.hdr == SENS(need[i][0], i));
	}
	T_ASSERT(SCMD0(&s, SENS(0xe, 1), &r));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	sdev_fini(&s);
}

/**
 * scmi_sensor_tests() - run the sensor protocol test cases
 */
void scmi_sensor_tests(void)
{
	tap_run("scmi sensor: version, attributes, messages", test_attributes);
	tap_run("scmi sensor: descriptions paged to the agent's buffer",
		test_description);
	tap_run("scmi sensor: extended names", test_names);
	tap_run("scmi sensor: axis descriptions and names", test_axes);
	tap_run("scmi sensor: update intervals", test_intervals);
	tap_run("scmi sensor: SENSOR_CONFIG_GET/SET and rounding", test_config);
	tap_run("scmi sensor: synchronous readings", test_reading);
	tap_run("scmi sensor: asynchronous readings, delayed responses",
		test_async_reading);
	tap_run("scmi sensor: continuous update notifications",
		test_update_notifications);
	tap_run("scmi sensor: update of a scalar sensor", test_update_scalar);
	tap_run("scmi sensor: trip points", test_trip_points);
	tap_run("scmi sensor: short requests", test_short);
}
