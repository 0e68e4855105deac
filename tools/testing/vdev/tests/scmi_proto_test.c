// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the SCMI Performance, Power domain, Reset, Voltage and System
 * power protocols with the payloads of the Linux 6.12 agent
 * (drivers/firmware/arm_scmi/{perf,power,reset,voltage,system}.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../util.h"
#include "scmi_util.h"
#include "tap.h"

#define PERF(msg, token)	SHDR(SCMI_PROTOCOL_PERF, msg, token)
#define PWR(msg, token)		SHDR(SCMI_PROTOCOL_POWER, msg, token)
#define RST(msg, token)		SHDR(SCMI_PROTOCOL_RESET, msg, token)
#define VOLT(msg, token)	SHDR(SCMI_PROTOCOL_VOLTAGE, msg, token)
#define SYS(msg, token)		SHDR(SCMI_PROTOCOL_SYSTEM, msg, token)
#define DELAYED(hdr)		((hdr) | SCMI_TYPE_DELAYED << 8)
#define NOTIF(proto, msg)	(SHDR(proto, msg, 0) | SCMI_TYPE_NOTIFICATION << 8)

#define OFF	0x40000000u

/* Built with 32 perf levels and 40 voltage levels for paging. */
static char conf[2048];

static void make_conf(void)
{
	size_t n;
	unsigned int i;

	n = snprintf(conf, sizeof(conf),
		     "platform async_delay_ms=2 perf_power=uw\n"
		     "perf p0 levels=100:10:50,200:20:60,300:30:70,400:40:80 level=300 sustained_khz=300000 sustained_perf=300 rate_limit_us=500\n"
		     "perf fixed levels=10,20 set_limits=no set_level=no notify=no\n"
		     "perf a_perf_domain_with_32_levels levels=1");
	for (i = 2; i <= 32; i++)
		n += snprintf(conf + n, sizeof(conf) - n, ",%u:%u:%u", i,
			      i * 3, i + 1000);
	n += snprintf(conf + n, sizeof(conf) - n,
		      "\npower pd0\npower pd_off state=off\n"
		      "power locked_power_domain deny=yes notify=no\n"
		      "reset r0 latency_us=10 async=yes\n"
		      "reset r1 notify=no asserted=yes\n"
		      "reset locked_reset_domain deny=yes\n"
		      "voltage v0 levels=800000,900000,1000000 level=900000 async=yes\n"
		      "voltage v1 levels=range:-1000000:1000000:500000 level=0\n"
		      "voltage v2_with_forty_levels levels=1000");
	for (i = 1; i < 40; i++)
		n += snprintf(conf + n, sizeof(conf) - n, ",%u", 1000 + i * 10);
	snprintf(conf + n, sizeof(conf) - n, "\nsystem warm_reset=yes\n");
}

static void test_perf_discovery(void)
{
	unsigned int idx = 0, rounds = 0, n, rem, i;
	uint32_t perf[32], power[32], lat[32];
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_ASSERT(SCMD0(&s, PERF(0, 1), &r));
	T_EXPECT(r.w[0] == 0x30000);
	/* {num_domains, flags (bit 1: uW), stats address and size}. */
	T_ASSERT(SCMD0(&s, PERF(1, 2), &r));
	T_EXPECT(r.used == 24 && r.w[0] == (3 | BIT(1) << 16) && !r.w[1] &&
		 !r.w[2] && !r.w[3]);
	/* {flags, rate_limit, sustained kHz, sustained level, name}. */
	T_ASSERT(SCMD(&s, PERF(3, 3), &r, 0));
	T_EXPECT(r.used == 8 + 32 && r.status == 0 &&
		 r.w[0] == (BIT(31) | BIT(30) | BIT(29) | BIT(28)) &&
		 r.w[1] == 500 && r.w[2] == 300000 && r.w[3] == 300 &&
		 !strcmp((char *)&r.b[16], "p0"));
	T_ASSERT(SCMD(&s, PERF(3, 4), &r, 1));
	T_EXPECT(r.w[0] == 0 && !r.w[2] && !r.w[3]);
	T_ASSERT(SCMD(&s, PERF(3, 5), &r, 2));
	T_EXPECT(r.w[0] == (BIT(31) | BIT(30) | BIT(29) | BIT(28) | BIT(26)));
	T_ASSERT(SCMD(&s, PERF(0xc, 6), &r, 2));
	T_EXPECT(r.used == 8 + 68 &&
		 !strcmp((char *)&r.b[4], "a_perf_domain_with_32_levels"));
	/* Levels of 12 bytes: 10 per 128-byte reply. */
	do {
		T_ASSERT(SCMD(&s, PERF(4, rounds), &r, 2, idx));
		T_ASSERT(r.status == 0);
		n = r.w[0] & 0xffff;
		rem = r.w[0] >> 16;
		T_EXPECT(n == (idx < 30 ? 10 : 2) && r.used == 12 + 12 * n &&
			 rem == 32 - idx - n);
		for (i = 0; i < n; i++) {
			perf[idx + i] = r.w[1 + 3 * i];
			power[idx + i] = r.w[2 + 3 * i];
			lat[idx + i] = r.w[3 + 3 * i];
		}
		idx += n;
	} while (rem && ++rounds < 10);
	T_EXPECT(idx == 32 && rounds == 3);
	for (i = 1; i < 32; i++)
		T_EXPECT(perf[i] == i + 1 && power[i] == 3 * (i + 1) &&
			 lat[i] == i + 1001);
	T_EXPECT(perf[0] == 1 && power[0] == 0 && lat[0] == 0);
	T_ASSERT(SCMD(&s, PERF(4, 7), &r, 0, 0));
	T_EXPECT(r.w[0] == 4 && r.w[1] == 100 && r.w[2] == 10 && r.w[3] == 50);
	T_ASSERT(SCMD(&s, PERF(4, 8), &r, 0, 4));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, PERF(4, 9), &r, 3, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(scmd(&s, PERF(4, 10), (uint32_t[]){ 0, 0 }, 2, 8 + 4 + 11,
		      &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR);
	sdev_fini(&s);
}

static void test_perf_control(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 8, 136);
	T_ASSERT(SCMD(&s, PERF(8, 1), &r, 0));
	T_EXPECT(r.used == 12 && r.w[0] == 300);
	T_ASSERT(SCMD(&s, PERF(6, 2), &r, 0));
	T_EXPECT(r.used == 16 && r.w[0] == 400 && r.w[1] == 100);
	T_ASSERT(SCMD(&s, PERF(7, 3), &r, 0, 400));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, PERF(7, 4), &r, 0, 250));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	/* Notifications once enabled: limits, then the clamped level. */
	T_ASSERT(SCMD(&s, PERF(9, 5), &r, 0, 1));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, PERF(0xa, 6), &r, 0, 1));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, PERF(5, 7), &r, 0, 300, 200));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_PERF, 0) && e.len == 20 &&
		 e.w[0] == 1 && e.w[1] == 0 && e.w[2] == 300 && e.w[3] == 200);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_PERF, 1) && e.len == 16 &&
		 e.w[0] == 1 && e.w[1] == 0 && e.w[2] == 300);
	T_ASSERT(SCMD(&s, PERF(6, 8), &r, 0));
	T_EXPECT(r.w[0] == 300 && r.w[1] == 200);
	T_ASSERT(SCMD(&s, PERF(7, 9), &r, 0, 400));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, PERF(7, 10), &r, 0, 200));
	T_EXPECT(r.status == 0);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_PERF, 1) && e.w[2] == 200);
	/* A limit of 0 keeps that limit; the level moves up into range. */
	T_ASSERT(SCMD(&s, PERF(5, 11), &r, 0, 0, 300));
	T_EXPECT(r.status == 0);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[2] == 300 && e.w[3] == 300);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_PERF, 1) && e.w[2] == 300);
	T_EXPECT(!sev_get(&s, &e));
	/* Bad limits. */
	T_ASSERT(SCMD(&s, PERF(5, 12), &r, 0, 0, 0));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, PERF(5, 13), &r, 0, 500, 100));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, PERF(5, 14), &r, 0, 200, 300));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, PERF(5, 15), &r, 0, 260, 210));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, PERF(5, 16), &r, 1, 20, 10));
	T_EXPECT(r.status == SCMI_DENIED);
	T_ASSERT(SCMD(&s, PERF(7, 17), &r, 1, 10));
	T_EXPECT(r.status == SCMI_DENIED);
	T_ASSERT(SCMD(&s, PERF(9, 18), &r, 1, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, PERF(0xa, 19), &r, 0, 3));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, PERF(7, 20), &r, 3, 1));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, PERF(5, 21), &r, 0, 300));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_EXPECT(!sev_get(&s, &e));
	/* From the platform side: agent 0. */
	T_EXPECT(!sctl(&s, "perf p0 limits 400 100", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[0] == 0 && e.w[2] == 400 && e.w[3] == 100);
	T_EXPECT(!sctl(&s, "perf p0 level 100", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_PERF, 1) && e.w[0] == 0 &&
		 e.w[2] == 100);
	T_EXPECT(!strcmp(out,
			 "p0: level=100 max=400 min=100 limits_notify=yes level_notify=yes\n"));
	T_EXPECT(sctl(&s, "perf p0 level 150", out, sizeof(out)) == -ERANGE);
	T_EXPECT(p->perfs[0].level == 100);
	sdev_fini(&s);
}

static void test_power(void)
{
	char out[256];
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	sev_post(&s, 4, 136);
	T_ASSERT(SCMD0(&s, PWR(0, 1), &r));
	T_EXPECT(r.w[0] == 0x30000);
	T_ASSERT(SCMD0(&s, PWR(1, 2), &r));
	T_EXPECT(r.used == 24 && r.w[0] == 3 && !r.w[1] && !r.w[3]);
	T_ASSERT(SCMD(&s, PWR(3, 3), &r, 0));
	T_EXPECT(r.used == 8 + 20 && r.w[0] == (BIT(31) | BIT(29)) &&
		 !strcmp((char *)&r.b[4], "pd0"));
	T_ASSERT(SCMD(&s, PWR(3, 4), &r, 2));
	T_EXPECT(r.w[0] == (BIT(29) | BIT(27)) &&
		 !memcmp(&r.b[4], "locked_power_do\0", 16));
	T_ASSERT(SCMD(&s, PWR(8, 5), &r, 2));
	T_EXPECT(r.used == 76 && !strcmp((char *)&r.b[4], "locked_power_domain"));
	T_ASSERT(SCMD(&s, PWR(5, 6), &r, 1));
	T_EXPECT(r.used == 12 && r.w[0] == OFF);
	/* genpd: {flags, domain, state}. */
	T_ASSERT(SCMD(&s, PWR(4, 7), &r, 0, 0, OFF));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_EXPECT(!sev_get(&s, &e));
	T_ASSERT(SCMD(&s, PWR(5, 8), &r, 0));
	T_EXPECT(r.w[0] == OFF);
	T_ASSERT(SCMD(&s, PWR(6, 9), &r, 0, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, PWR(4, 10), &r, 0, 0, 0));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_POWER, 0) && e.len == 16 &&
		 e.w[0] == 1 && e.w[1] == 0 && e.w[2] == 0);
	T_ASSERT(SCMD(&s, PWR(4, 11), &r, 0, 0, 0));
	T_EXPECT(r.status == 0 && !sev_get(&s, &e));
	T_EXPECT(!sctl(&s, "power pd0 off", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[0] == 0 && e.w[2] == OFF);
	T_EXPECT(!strcmp(out, "pd0: state=0x40000000 notify=yes\n"));
	/* Errors. */
	T_ASSERT(SCMD(&s, PWR(4, 12), &r, 0, 0, 5));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, PWR(4, 13), &r, 1, 0, 0));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, PWR(4, 14), &r, 2, 0, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, PWR(4, 15), &r, 0, 2, OFF));
	T_EXPECT(r.status == SCMI_DENIED);
	T_ASSERT(SCMD(&s, PWR(4, 16), &r, 0, 3, OFF));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, PWR(6, 17), &r, 2, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, PWR(6, 18), &r, 0, 4));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, PWR(4, 19), &r, 0, 0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(SCMD(&s, PWR(7, 20), &r, 0, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_EXPECT(!sev_get(&s, &e));
	sdev_fini(&s);
}

static void test_reset(void)
{
	struct scmi_platform *p;
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 8, 136);
	T_ASSERT(SCMD0(&s, RST(0, 1), &r));
	T_EXPECT(r.w[0] == 0x30000);
	T_ASSERT(SCMD0(&s, RST(1, 2), &r));
	T_EXPECT(r.used == 12 && r.w[0] == 3);
	/* {attributes, latency, name}. */
	T_ASSERT(SCMD(&s, RST(3, 3), &r, 0));
	T_EXPECT(r.used == 8 + 24 && r.w[0] == (BIT(31) | BIT(30)) &&
		 r.w[1] == 10 && !strcmp((char *)&r.b[8], "r0"));
	T_ASSERT(SCMD(&s, RST(3, 4), &r, 1));
	T_EXPECT(r.w[0] == 0 && r.w[1] == 0xffffffff);
	T_ASSERT(SCMD(&s, RST(3, 5), &r, 2));
	T_EXPECT(r.w[0] == (BIT(30) | BIT(29)));
	T_ASSERT(SCMD(&s, RST(6, 6), &r, 2));
	T_EXPECT(!strcmp((char *)&r.b[4], "locked_reset_domain"));
	/* reset, assert, deassert as the reset driver sends them. */
	T_ASSERT(SCMD(&s, RST(4, 7), &r, 0, 1, 0));
	T_EXPECT(r.used == 8 && r.status == 0 && p->resets[0].count == 1);
	T_EXPECT(!sev_get(&s, &e));
	T_ASSERT(SCMD(&s, RST(5, 8), &r, 0, 1));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, RST(4, 9), &r, 0, 2, 0));
	T_EXPECT(r.status == 0 && p->resets[0].asserted);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_RESET, 0) && e.len == 16 &&
		 e.w[0] == 1 && e.w[1] == 0 && e.w[2] == 0);
	T_ASSERT(SCMD(&s, RST(4, 10), &r, 0, 0, 0));
	T_EXPECT(r.status == 0 && !p->resets[0].asserted && !sev_get(&s, &e));
	/* Asynchronous (autonomous | async): notification, then RESET_COMPLETE. */
	T_ASSERT(SCMD(&s, RST(4, 0x2aa), &r, 0, 5, 0));
	T_EXPECT(r.used == 8 && r.status == 0 && p->resets[0].count == 1);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_RESET, 0));
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(RST(4, 0x2aa)) && e.len == 12 &&
		 e.w[0] == 0 && e.w[1] == 0);
	T_EXPECT(p->resets[0].count == 2);
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e));
	/* Errors. */
	T_ASSERT(SCMD(&s, RST(4, 11), &r, 0, 3, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, RST(4, 12), &r, 0, 4, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, RST(4, 13), &r, 0, 8, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, RST(4, 14), &r, 0, 1, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, RST(4, 15), &r, 0, 1, 0x80000000));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, RST(4, 16), &r, 1, 5, 0));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, RST(4, 17), &r, 2, 1, 0));
	T_EXPECT(r.status == SCMI_DENIED);
	T_ASSERT(SCMD(&s, RST(4, 18), &r, 3, 1, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, RST(5, 19), &r, 1, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, RST(5, 20), &r, 0, 2));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, RST(4, 21), &r, 0, 1));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_EXPECT(!sev_get(&s, &e));
	sdev_fini(&s);
}

static void test_voltage(void)
{
	unsigned int idx = 0, rounds = 0, n, rem;
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	sev_post(&s, 4, 136);
	T_ASSERT(SCMD0(&s, VOLT(0, 1), &r));
	T_EXPECT(r.w[0] == 0x20000);
	T_ASSERT(SCMD0(&s, VOLT(1, 2), &r));
	T_EXPECT(r.used == 12 && r.w[0] == 3);
	T_ASSERT(SCMD(&s, VOLT(3, 3), &r, 0));
	T_EXPECT(r.used == 8 + 20 && r.w[0] == BIT(31) &&
		 !strcmp((char *)&r.b[4], "v0"));
	T_ASSERT(SCMD(&s, VOLT(3, 4), &r, 2));
	T_EXPECT(r.w[0] == BIT(30));
	T_ASSERT(SCMD(&s, VOLT(9, 5), &r, 2));
	T_EXPECT(!strcmp((char *)&r.b[4], "v2_with_forty_levels"));
	/* Levels: a list, a signed segment, paging of 31 per reply. */
	T_ASSERT(SCMD(&s, VOLT(4, 6), &r, 0, 0));
	T_EXPECT(r.used == 12 + 12 && r.w[0] == 3 && r.w[1] == 800000 &&
		 r.w[3] == 1000000);
	T_ASSERT(SCMD(&s, VOLT(4, 7), &r, 1, 0));
	T_EXPECT(r.w[0] == (3 | BIT(12)) && (int32_t)r.w[1] == -1000000 &&
		 r.w[2] == 1000000 && r.w[3] == 500000);
	T_ASSERT(SCMD(&s, VOLT(4, 8), &r, 1, 1));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	do {
		T_ASSERT(SCMD(&s, VOLT(4, rounds), &r, 2, idx));
		T_ASSERT(r.status == 0);
		n = r.w[0] & 0xfff;
		rem = r.w[0] >> 16;
		T_EXPECT(n == (idx ? 9 : 31) && rem == 40 - idx - n &&
			 r.w[1] == 1000 + idx * 10);
		idx += n;
	} while (rem && ++rounds < 5);
	T_EXPECT(idx == 40 && rounds == 1);
	T_ASSERT(SCMD(&s, VOLT(4, 9), &r, 2, 40));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	/* Config: architectural off (0) and on (7). */
	T_ASSERT(SCMD(&s, VOLT(6, 10), &r, 0));
	T_EXPECT(r.used == 12 && r.w[0] == 7);
	T_ASSERT(SCMD(&s, VOLT(5, 11), &r, 0, 0));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, VOLT(6, 12), &r, 0));
	T_EXPECT(r.w[0] == 0);
	T_ASSERT(SCMD(&s, VOLT(5, 13), &r, 0, 5));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, VOLT(5, 14), &r, 0, 8));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, VOLT(5, 15), &r, 0, 0x17));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	/* Levels. */
	T_ASSERT(SCMD(&s, VOLT(8, 16), &r, 0));
	T_EXPECT(r.used == 12 && r.w[0] == 900000);
	T_ASSERT(SCMD(&s, VOLT(7, 17), &r, 0, 0, 1000000));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, VOLT(8, 18), &r, 0));
	T_EXPECT(r.w[0] == 1000000);
	T_ASSERT(SCMD(&s, VOLT(7, 19), &r, 0, 0, 950000));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, VOLT(7, 20), &r, 0, 0, 2000000));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	T_ASSERT(SCMD(&s, VOLT(7, 21), &r, 1, 0, (uint32_t)-500000));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, VOLT(8, 22), &r, 1));
	T_EXPECT((int32_t)r.w[0] == -500000);
	T_ASSERT(SCMD(&s, VOLT(7, 23), &r, 1, 0, (uint32_t)-250000));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, VOLT(7, 24), &r, 1, 0, (uint32_t)-1500000));
	T_EXPECT(r.status == SCMI_OUT_OF_RANGE);
	/* Asynchronous (mode AUTO in the regulator driver). */
	T_ASSERT(SCMD(&s, VOLT(7, 0x123), &r, 0, 1, 800000));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(sev_wait(&s, &e, 1000));
	T_EXPECT(e.hdr == DELAYED(VOLT(7, 0x123)) && e.len == 16 &&
		 e.w[0] == 0 && e.w[1] == 0 && e.w[2] == 800000);
	T_ASSERT(SCMD(&s, VOLT(8, 25), &r, 0));
	T_EXPECT(r.w[0] == 800000);
	sdev_run(&s, 20);
	T_EXPECT(!sev_get(&s, &e));
	/* Errors. */
	T_ASSERT(SCMD(&s, VOLT(7, 26), &r, 1, 1, 0));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, VOLT(7, 27), &r, 0, 2, 800000));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, VOLT(7, 28), &r, 3, 0, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, VOLT(7, 29), &r, 0, 0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(SCMD(&s, VOLT(5, 30), &r, 3, 0));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	sdev_fini(&s);
}

static void test_system(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	sev_post(&s, 4, 136);
	T_ASSERT(SCMD0(&s, SYS(0, 1), &r));
	T_EXPECT(r.w[0] == 0x20000);
	T_ASSERT(SCMD0(&s, SYS(1, 2), &r));
	T_EXPECT(r.used == 12 && r.w[0] == BIT(31));
	/* The agent asked for nothing: the notification is not sent. */
	T_EXPECT(!sctl(&s, "system shutdown", out, sizeof(out)));
	T_EXPECT(!strcmp(out, "system: not requested by the agent\n"));
	T_EXPECT(!sev_get(&s, &e));
	/* scmi_power_control: SYSTEM_POWER_STATE_NOTIFY {1}. */
	T_ASSERT(SCMD(&s, SYS(5, 3), &r, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_EXPECT(!sctl(&s, "system shutdown timeout=5000", out, sizeof(out)));
	T_EXPECT(!strcmp(out, "system: sent\n"));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.hdr == NOTIF(SCMI_PROTOCOL_SYSTEM, 0) && e.len == 20 &&
		 e.w[0] == 0 && e.w[1] == 1 && e.w[2] == 0 && e.w[3] == 5000);
	T_EXPECT(!sctl(&s, "system cold-reset forceful", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[1] == 0 && e.w[2] == 1 && e.w[3] == 0);
	T_EXPECT(sctl(&s, "system hibernate", out, sizeof(out)) == -EINVAL);
	T_EXPECT(sctl(&s, "system 4 soon", out, sizeof(out)) == -EINVAL);
	/* Requests of the agent are checked and counted. */
	T_ASSERT(SCMD(&s, SYS(3, 4), &r, 1, 0));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, SYS(3, 5), &r, 0, 2));
	T_EXPECT(r.status == 0 && p->system_requests == 2 &&
		 p->system_state == 2);
	T_ASSERT(SCMD(&s, SYS(3, 6), &r, 0, 4));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SYS(3, 7), &r, 0, 3));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SYS(3, 8), &r, 0, 7));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SYS(3, 9), &r, 0, 0x80000001));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SYS(3, 10), &r, 2, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SYS(5, 11), &r, 2));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SYS(3, 12), &r, 0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(SCMD0(&s, SYS(4, 13), &r));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_EXPECT(p->system_requests == 2);
	sdev_fini(&s);
}

/**
 * scmi_proto_tests() - run the perf, power, reset, voltage and system
 *	protocol test cases
 */
void scmi_proto_tests(void)
{
	make_conf();
	tap_run("scmi perf: domains, levels paged to the agent's buffer",
		test_perf_discovery);
	tap_run("scmi perf: level and limits, notifications",
		test_perf_control);
	tap_run("scmi power: domains, states, notifications", test_power);
	tap_run("scmi reset: reset/assert/deassert, async, notifications",
		test_reset);
	tap_run("scmi voltage: levels, config, sync and async level set",
		test_voltage);
	tap_run("scmi system: attributes, notifier, requests", test_system);
}
