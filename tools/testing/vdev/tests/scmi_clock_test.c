// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI Clock protocol tests with the payloads of the Linux 6.12 agent
 * (drivers/firmware/arm_scmi/clock.c, version 3 messages): attributes,
 * rates paged to the agent's buffer, rate changes with rounding, the
 * asynchronous rate change and its delayed response, enable/disable,
 * permissions and the rate notifications.
 */
#include <stdio.h>
#include <string.h>

#include "../util.h"
#include "scmi_util.h"
#include "tap.h"

#define CLK(msg, token)		SHDR(SCMI_PROTOCOL_CLOCK, msg, token)
#define DELAYED(hdr)		((hdr) | SCMI_TYPE_DELAYED << 8)
#define NOTIF(msg)		(CLK(msg, 0) | SCMI_TYPE_NOTIFICATION << 8)

#define C0	0
#define C1	1
#define C2	2
#define CLONG	3
#define CLOCKED	4
#define CQUIET	5

#define M	1000000u

static const char conf[] =
	"platform async_delay_ms=2 clock_max_async=2\n"
	"clock c0 rates=100M,200M,400M rate=200M latency_us=30\n"
	"clock c1 rates=range:10M:100M:5M rate=50M enabled=no\n"
	"clock c2 rates=1k,2k,3k,4k,5k,6k,7k,8k,9k,10k,11k,12k,13k,14k,15k,16k\n"
	"clock a_clock_with_a_long_name rates=1M\n"
	"clock locked rates=24M deny=rate,state\n"
	"clock quiet rates=1M notify=no\n";

static uint64_t u64_at(const uint32_t *w)
{
	return (uint64_t)w[0] | (uint64_t)w[1] << 32;
}

static void test_attributes(void)
{
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_ASSERT(SCMD0(&s, CLK(0, 1), &r));
	T_EXPECT(r.w[0] == 0x30000);
	T_ASSERT(SCMD0(&s, CLK(1, 2), &r));
	T_EXPECT(r.used == 12 && r.w[0] == (6 | 2 << 16));
	/* {attributes, name[16], enable_latency}: 24 bytes. */
	T_ASSERT(SCMD(&s, CLK(3, 3), &r, C0));
	T_EXPECT(r.used == 8 + 24 && r.status == 0 &&
		 r.w[0] == (BIT(31) | BIT(30) | BIT(1) | BIT(0)) &&
		 !strcmp((char *)&r.b[4], "c0") && r.w[5] == 30);
	T_ASSERT(SCMD(&s, CLK(3, 4), &r, C1));
	T_EXPECT(r.w[0] == (BIT(31) | BIT(30) | BIT(1)));
	T_ASSERT(SCMD(&s, CLK(3, 5), &r, CLONG));
	T_EXPECT((r.w[0] & BIT(29)) && !memcmp(&r.b[4], "a_clock_with_a_\0", 16));
	T_ASSERT(SCMD(&s, CLK(3, 6), &r, CQUIET));
	T_EXPECT(r.w[0] == (BIT(1) | BIT(0)));
	T_ASSERT(SCMD(&s, CLK(8, 7), &r, CLONG));
	T_EXPECT(r.used == 8 + 68 && r.w[0] == 0 &&
		 !strcmp((char *)&r.b[4], "a_clock_with_a_long_name"));
	/* Permissions: bit 31 state, bit 29 rate. */
	T_ASSERT(SCMD(&s, CLK(0xf, 8), &r, C0));
	T_EXPECT(r.used == 12 && r.w[0] == (BIT(31) | BIT(29)));
	T_ASSERT(SCMD(&s, CLK(0xf, 9), &r, CLOCKED));
	T_EXPECT(r.used == 12 && r.w[0] == 0);
	T_ASSERT(SCMD(&s, CLK(3, 10), &r, 6));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, CLK(8, 10), &r, 6));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, CLK(0xf, 10), &r, 6));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	/* Parents are not modelled. */
	T_ASSERT(SCMD(&s, CLK(0xc, 11), &r, C0, 0));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	sdev_fini(&s);
}

static void test_describe_rates(void)
{
	unsigned int idx = 0, rounds = 0, n, rem, i;
	uint64_t rates[16];
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	/* 16 rates, 15 fit a 128-byte reply. */
	do {
		T_ASSERT(SCMD(&s, CLK(4, rounds), &r, C2, idx));
		T_ASSERT(r.status == 0);
		n = r.w[0] & 0xfff;
		rem = r.w[0] >> 16;
		T_EXPECT(!(r.w[0] & BIT(12)) && n && idx + n <= 16 &&
			 r.used == 12 + 8 * n);
		for (i = 0; i < n; i++)
			rates[idx + i] = u64_at(&r.w[1 + 2 * i]);
		idx += n;
	} while (rem && ++rounds < 5);
	T_EXPECT(idx == 16 && rounds == 1);
	for (i = 0; i < 16; i++)
		T_EXPECT(rates[i] == 1000 * (i + 1));
	/* A range: one triplet with bit 12. */
	T_ASSERT(SCMD(&s, CLK(4, 2), &r, C1, 0));
	T_EXPECT(r.status == 0 && r.used == 12 + 24 &&
		 r.w[0] == (3 | BIT(12)) && u64_at(&r.w[1]) == 10 * M &&
		 u64_at(&r.w[3]) == 100 * M && u64_at(&r.w[5]) == 5 * M);
	T_ASSERT(SCMD(&s, CLK(4, 3), &r, C1, 1));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(scmd(&s, CLK(4, 4), (uint32_t[]){ C1, 0 }, 2, 8 + 4 + 16, &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR);
	T_ASSERT(SCMD(&s, CLK(4, 5), &r, C0, 3));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, CLK(4, 6), &r, C0, 2));
	T_EXPECT(r.status == 0 && r.w[0] == 1 && u64_at(&r.w[1]) == 400 * M);
	T_ASSERT(SCMD(&s, CLK(4, 7), &r, 9, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	sdev_fini(&s);
}

static int32_t rate_set(struct sdev *s, uint32_t flags, uint32_t id,
			uint64_t rate)
{
	struct srep r;

	T_ASSERT(SCMD(s, CLK(5, 0x40), &r, flags, id, (uint32_t)rate,
		      (uint32_t)(rate >> 32)));
	T_EXPECT(r.used == 8);
	return r.status;
}

static uint64_t rate_get(struct sdev *s, uint32_t id)
{
	struct srep r;

	T_ASSERT(SCMD(s, CLK(6, 0x41), &r, id));
	T_EXPECT(r.used == 16 && r.status == 0);
	return u64_at(r.w);
}

static void test_rate_set(void)
{
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_EXPECT(rate_get(&s, C0) == 200 * M);
	T_EXPECT(rate_set(&s, 0, C0, 400 * M) == 0 && rate_get(&s, C0) == 400 * M);
	/* Rounding: down by default, bit 2 up, bit 3 to the nearest. */
	T_EXPECT(rate_set(&s, 0, C0, 300 * M) == 0 && rate_get(&s, C0) == 200 * M);
	T_EXPECT(rate_set(&s, 4, C0, 300 * M) == 0 && rate_get(&s, C0) == 400 * M);
	T_EXPECT(rate_set(&s, 8, C0, 290 * M) == 0 && rate_get(&s, C0) == 200 * M);
	T_EXPECT(rate_set(&s, 8, C0, 310 * M) == 0 && rate_get(&s, C0) == 400 * M);
	T_EXPECT(rate_set(&s, 0, C0, 50 * M) == SCMI_INVALID_PARAMETERS);
	T_EXPECT(rate_set(&s, 4, C0, 50 * M) == 0 && rate_get(&s, C0) == 100 * M);
	T_EXPECT(rate_set(&s, 4, C0, 500 * M) == SCMI_INVALID_PARAMETERS);
	T_EXPECT(rate_set(&s, 8, C0, 5000ull * M) == 0 &&
		 rate_get(&s, C0) == 400 * M);
	/* A range. */
	T_EXPECT(rate_set(&s, 0, C1, 52 * M) == 0 && rate_get(&s, C1) == 50 * M);
	T_EXPECT(rate_set(&s, 4, C1, 52 * M) == 0 && rate_get(&s, C1) == 55 * M);
	T_EXPECT(rate_set(&s, 4, C1, 5 * M) == 0 && rate_get(&s, C1) == 10 * M);
	T_EXPECT(rate_set(&s, 0, C1, 5 * M) == SCMI_INVALID_PARAMETERS);
	T_EXPECT(rate_set(&s, 8, C1, 200 * M) == 0 &&
		 rate_get(&s, C1) == 100 * M);
	T_EXPECT(rate_set(&s, 0, C1, 200 * M) == 0 &&
		 rate_get(&s, C1) == 100 * M);
	T_EXPECT(rate_set(&s, 4, C1, 200 * M) == SCMI_INVALID_PARAMETERS);
	/* Errors. */
	T_EXPECT(rate_set(&s, 0x10, C0, 100 * M) == SCMI_INVALID_PARAMETERS);
	T_EXPECT(rate_set(&s, 0, CLOCKED, 24 * M) == SCMI_DENIED);
	T_EXPECT(rate_set(&s, 0, 6, 1) == SCMI_NOT_FOUND);
	T_EXPECT(rate_get(&s, C1) == 100 * M);
	sdev_fini(&s);
}

static void test_async_rate_set(void)
{
	struct scmi_platform *p;
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 4, 136);
	/* As scmi_clock_rate_set() with max_async_req >= 2: flags 1. */
	T_ASSERT(SCMD(&s, CLK(5, 0x155), &r, 1, C0, 100 * M, 0));
	T_EXPECT(r.used == 8 && r.status == 0 && r.hdr == CLK(5, 0x155));
	T_EXPECT(rate_get(&s, C0) == 200 * M && !sev_get(&s, &e));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(CLK(5, 0x155)) && e.len == 8 + 12 &&
		 e.w[0] == 0 && e.w[1] == C0 && u64_at(&e.w[2]) == 100 * M);
	T_EXPECT(rate_get(&s, C0) == 100 * M);
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e) && !p->clock_async);
	/* Rounded like a synchronous change. */
	T_ASSERT(SCMD(&s, CLK(5, 0x156), &r, 1 | 4, C1, 51 * M, 0));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(CLK(5, 0x156)) && e.w[1] == C1 &&
		 u64_at(&e.w[2]) == 55 * M);
	/* Bit 1: no delayed response, the change happens anyway. */
	T_ASSERT(SCMD(&s, CLK(5, 0x157), &r, 1 | 2, C0, 400 * M, 0));
	T_EXPECT(r.status == 0);
	sdev_run(&s, 30);
	T_EXPECT(!sev_get(&s, &e) && rate_get(&s, C0) == 400 * M);
	/* At most clock_max_async (2) pending. */
	T_EXPECT(rate_set(&s, 1, C0, 100 * M) == 0);
	T_EXPECT(rate_set(&s, 1, C1, 10 * M) == 0);
	T_EXPECT(rate_set(&s, 1, C0, 200 * M) == SCMI_BUSY);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.w[1] == C0 && u64_at(&e.w[2]) == 100 * M);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.w[1] == C1 && u64_at(&e.w[2]) == 10 * M);
	T_EXPECT(p->stats.delayed_sent == 4);
	/* An async change the platform refuses gets the error at once. */
	T_EXPECT(rate_set(&s, 1, CLOCKED, 24 * M) == SCMI_DENIED);
	T_EXPECT(rate_set(&s, 1, C0, 1) == SCMI_INVALID_PARAMETERS);
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e));
	sdev_fini(&s);
}

static void test_config(void)
{
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	/* Version 3 CLOCK_CONFIG_SET: {id, attributes, oem_config_val}. */
	T_ASSERT(SCMD(&s, CLK(7, 1), &r, C1, 1, 0));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, CLK(0xb, 2), &r, C1, 0));
	T_EXPECT(r.used == 8 + 12 && r.status == 0 && r.w[0] == 0 &&
		 r.w[1] == 1 && r.w[2] == 0);
	T_ASSERT(SCMD(&s, CLK(3, 3), &r, C1));
	T_EXPECT(r.w[0] & BIT(0));
	/* The version 1 layout works too. */
	T_ASSERT(SCMD(&s, CLK(7, 4), &r, C1, 0));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, CLK(0xb, 5), &r, C1, 0));
	T_EXPECT(r.w[1] == 0);
	/* Reserved state, "unchanged" without an OEM type, OEM types. */
	T_ASSERT(SCMD(&s, CLK(7, 6), &r, C1, 2, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, CLK(7, 7), &r, C1, 3, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, CLK(7, 8), &r, C1, 1 << 16 | 1, 5));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, CLK(7, 9), &r, C1, BIT(4) | 1, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, CLK(7, 10), &r, CLOCKED, 0, 0));
	T_EXPECT(r.status == SCMI_DENIED);
	T_ASSERT(SCMD(&s, CLK(7, 11), &r, 6, 1, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, CLK(7, 12), &r, C1));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(SCMD(&s, CLK(0xb, 13), &r, C1, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, CLK(0xb, 14), &r, 6, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, CLK(0xb, 15), &r, C1));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

static void test_notifications(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 8, 136);
	/* Not enabled: nothing. */
	T_EXPECT(rate_set(&s, 0, C0, 400 * M) == 0);
	T_EXPECT(!sev_get(&s, &e));
	T_ASSERT(SCMD(&s, CLK(9, 1), &r, C0, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, CLK(0xa, 2), &r, C0, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	/* Requested first, then changed: {agent, clock, rate}. */
	T_EXPECT(rate_set(&s, 0, C0, 150 * M) == 0);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(1) && e.len == 20 && e.w[0] == 1 &&
		 e.w[1] == C0 && u64_at(&e.w[2]) == 150 * M);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(0) && e.len == 20 && e.w[0] == 1 &&
		 e.w[1] == C0 && u64_at(&e.w[2]) == 100 * M);
	/* The same rate: requested, but no change. */
	T_EXPECT(rate_set(&s, 0, C0, 100 * M) == 0);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(1));
	T_EXPECT(!sev_get(&s, &e));
	/* A change from the platform side: agent 0. */
	T_EXPECT(!sctl(&s, "clock c0 400M", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(0) && e.w[0] == 0 &&
		 u64_at(&e.w[2]) == 400 * M);
	/* Asynchronous: requested now, changed with the delayed response. */
	T_EXPECT(rate_set(&s, 1, C0, 200 * M) == 0);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(1));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == NOTIF(0) && u64_at(&e.w[2]) == 200 * M);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(CLK(5, 0x40)));
	/* Off again. */
	T_ASSERT(SCMD(&s, CLK(9, 3), &r, C0, 0));
	T_ASSERT(SCMD(&s, CLK(0xa, 4), &r, C0, 0));
	T_EXPECT(rate_set(&s, 0, C0, 400 * M) == 0);
	T_EXPECT(!sev_get(&s, &e));
	T_EXPECT(p->stats.events[SCMI_EV_CLOCK_RATE].sent == 3 &&
		 p->stats.events[SCMI_EV_CLOCK_RATE_REQ].sent == 3);
	/* Errors. */
	T_ASSERT(SCMD(&s, CLK(9, 5), &r, CQUIET, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, CLK(0xa, 6), &r, CQUIET, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, CLK(9, 7), &r, C0, 2));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, CLK(9, 8), &r, 6, 1));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, CLK(9, 9), &r, C0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

static void test_short(void)
{
	static const unsigned int need[][2] = {
		{ 3, 1 }, { 4, 2 }, { 5, 4 }, { 6, 1 }, { 7, 2 }, { 8, 1 },
		{ 9, 2 }, { 0xa, 2 }, { 0xb, 2 }, { 0xf, 1 },
	};
	uint32_t zero[4] = { 0 };
	unsigned int i;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	for (i = 0; i < ARRAY_SIZE(need); i++) {
		T_ASSERT(scmd(&s, CLK(need[i][0], i), zero, need[i][1] - 1,
			      136, &r));
		T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	}
	sdev_fini(&s);
}

/**
 * scmi_clock_tests() - run the clock protocol test cases
 */
void scmi_clock_tests(void)
{
	tap_run("scmi clock: attributes, names, permissions", test_attributes);
	tap_run("scmi clock: rates paged to the agent's buffer, ranges",
		test_describe_rates);
	tap_run("scmi clock: rate get/set with rounding", test_rate_set);
	tap_run("scmi clock: asynchronous rate set, delayed responses",
		test_async_rate_set);
	tap_run("scmi clock: enable/disable (version 3 config)", test_config);
	tap_run("scmi clock: rate notifications", test_notifications);
	tap_run("scmi clock: short requests", test_short);
}
