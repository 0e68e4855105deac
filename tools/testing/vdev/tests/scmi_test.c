// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI device tests through the real rings: a front-end sets the device
 * up like QEMU does, then sends SCMI commands on cmdq as the Linux SCMI
 * virtio transport would, including malformed ones, and with faults. This
 * file covers the core and the Base protocol; scmi_*_test.c the rest.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../control.h"
#include "../models.h"
#include "../util.h"
#include "guest.h"
#include "scmi_util.h"
#include "tap.h"
#include "tests.h"

#define BASE(msg, token)	SHDR(SCMI_PROTOCOL_BASE, msg, token)

static const char sensor_only[] =
	"platform vendor=acme sub_vendor=lab impl_version=7 agent=linux\n"
	"sensor t0 type=celsius value=1\n";

static void test_base_discovery(void)
{
	static const uint8_t all[] = {
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	};
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	T_ASSERT(SCMD0(&s, BASE(SCMI_MSG_PROTOCOL_VERSION, 0x2a5), &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0x20000);
	T_EXPECT(r.hdr == BASE(SCMI_MSG_PROTOCOL_VERSION, 0x2a5));
	/* Seven protocols besides Base, one agent. */
	T_ASSERT(SCMD0(&s, BASE(SCMI_MSG_PROTOCOL_ATTRIBUTES, 1), &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0x107);
	T_ASSERT(SCMD0(&s, BASE(0x3, 2), &r));
	T_EXPECT(r.used == 24 && r.status == 0 && !strcmp((char *)r.b, "vdev"));
	T_ASSERT(SCMD0(&s, BASE(0x4, 3), &r));
	T_EXPECT(r.used == 24 && r.status == 0 && r.b[0] == 0);
	T_ASSERT(SCMD0(&s, BASE(0x5, 4), &r));
	T_EXPECT(r.used == 12 && r.w[0] == 0x10000);
	T_ASSERT(SCMD(&s, BASE(0x6, 5), &r, 0));
	T_EXPECT(r.used == 20 && r.status == 0 && r.w[0] == 7);
	T_EXPECT(!memcmp(&r.b[4], all, sizeof(all)) && r.b[11] == 0);
	T_ASSERT(SCMD(&s, BASE(0x6, 6), &r, 5));
	T_EXPECT(r.used == 16 && r.w[0] == 2 && r.b[4] == 0x16 &&
		 r.b[5] == 0x17 && !r.b[6] && !r.b[7]);
	T_ASSERT(SCMD(&s, BASE(0x6, 6), &r, 7));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0);
	T_ASSERT(SCMD(&s, BASE(0x6, 6), &r, 8));
	T_EXPECT(r.used == 8 && r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, BASE(0x7, 7), &r, 0));
	T_EXPECT(r.used == 28 && r.w[0] == 0 &&
		 !strcmp((char *)&r.b[4], "platform"));
	T_ASSERT(SCMD(&s, BASE(0x7, 8), &r, 1));
	T_EXPECT(r.used == 28 && r.w[0] == 1 &&
		 !strcmp((char *)&r.b[4], "OSPM"));
	T_ASSERT(SCMD(&s, BASE(0x7, 9), &r, 0xffffffff));
	T_EXPECT(r.status == 0 && r.w[0] == 1);
	T_ASSERT(SCMD(&s, BASE(0x7, 10), &r, 2));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, BASE(0x8, 11), &r, 1));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, BASE(0x8, 12), &r, 2));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 13), &r,
		      0x3));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0);
	T_ASSERT(SCMD(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 14), &r,
		      0x0));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 15), &r,
		      0x9));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 16), &r,
		      0x10003));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	/* NEGOTIATE_PROTOCOL_VERSION: only the implemented version. */
	T_ASSERT(SCMD(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 17), &r,
		      0x10));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, BASE(0x10, 18), &r, 0x20000));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(SCMD(&s, BASE(0x10, 19), &r, 0x10000));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD0(&s, BASE(0x10, 20), &r));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	sdev_fini(&s);
}

/* BASE_DISCOVER_LIST_PROTOCOLS as the Linux agent pages it. */
static void test_base_list_paging(void)
{
	uint8_t got[16];
	unsigned int total = 0, rounds = 0, n, i;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	/* Room for the count and one word of ids: four per reply. */
	while (total < 7 && rounds++ < 10) {
		T_ASSERT(scmd(&s, BASE(0x6, rounds), (uint32_t[]){ total }, 1,
			      16, &r));
		T_ASSERT(r.status == 0);
		n = r.w[0];
		T_EXPECT(n && n <= 4 && r.used == 8 + 4 + ((n + 3) & ~3u));
		for (i = 0; i < n && total + i < sizeof(got); i++)
			got[total + i] = r.b[4 + i];
		total += n;
	}
	T_EXPECT(total == 7 && rounds == 2);
	for (i = 0; i < 7; i++)
		T_EXPECT(got[i] == 0x11 + i);
	/* A buffer with no room for any id. */
	T_ASSERT(scmd(&s, BASE(0x6, 3), (uint32_t[]){ 0 }, 1, 12, &r));
	T_EXPECT(r.status == 0 && r.used == 12 && r.w[0] == 0);
	T_ASSERT(scmd(&s, BASE(0x6, 3), (uint32_t[]){ 0 }, 1, 11, &r));
	T_EXPECT(r.status == SCMI_COMMS_ERROR && r.used == 8);
	sdev_fini(&s);
}

/* Only the protocols the configuration has something for are offered. */
static void test_base_config(void)
{
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, sensor_only, true));
	T_ASSERT(SCMD0(&s, BASE(SCMI_MSG_PROTOCOL_ATTRIBUTES, 1), &r));
	T_EXPECT(r.status == 0 && r.w[0] == 0x101);
	T_ASSERT(SCMD(&s, BASE(0x6, 2), &r, 0));
	T_EXPECT(r.used == 16 && r.w[0] == 1 && r.w[1] == 0x15);
	T_ASSERT(SCMD0(&s, BASE(0x3, 3), &r));
	T_EXPECT(!strcmp((char *)r.b, "acme"));
	T_ASSERT(SCMD0(&s, BASE(0x4, 4), &r));
	T_EXPECT(!strcmp((char *)r.b, "lab"));
	T_ASSERT(SCMD0(&s, BASE(0x5, 5), &r));
	T_EXPECT(r.w[0] == 7);
	T_ASSERT(SCMD(&s, BASE(0x7, 6), &r, 1));
	T_EXPECT(!strcmp((char *)&r.b[4], "linux"));
	T_ASSERT(SCMD0(&s, SHDR(SCMI_PROTOCOL_CLOCK, 0, 7), &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD0(&s, SHDR(SCMI_PROTOCOL_SENSOR, 0, 8), &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0x30001);
	sdev_fini(&s);
}

static void test_options(void)
{
	static const char *const opts[][2] = {
		{ "vendor", "ACME" }, { "sub-vendor", "lab" },
		{ "impl-version", "0x10002" },
	};
	const struct option *o;
	struct srep r;
	struct sdev s;
	unsigned int i;

	T_ASSERT(!sdev_start(&s, sensor_only, true));
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		for (o = scmi_model.options; o->name; o++)
			if (!strcmp(o->name, opts[i][0]))
				break;
		T_ASSERT(o->name);
		T_EXPECT(!scmi_model.parse_option(&s.t.tf.dev, o->val,
						  opts[i][1]));
	}
	/* The options override the configuration. */
	T_ASSERT(SCMD0(&s, BASE(0x3, 1), &r));
	T_EXPECT(!strcmp((char *)r.b, "ACME"));
	T_ASSERT(SCMD0(&s, BASE(0x4, 2), &r));
	T_EXPECT(!strcmp((char *)r.b, "lab"));
	T_ASSERT(SCMD0(&s, BASE(0x5, 3), &r));
	T_EXPECT(r.w[0] == 0x10002);
	T_EXPECT(scmi_model.parse_option(&s.t.tf.dev, scmi_model.options[0].val,
					 "0123456789abcdef") != 0);
	T_EXPECT(scmi_model.parse_option(&s.t.tf.dev, scmi_model.options[2].val,
					 "12x") != 0);
	T_EXPECT(scmi_model.parse_option(&s.t.tf.dev, scmi_model.options[3].val,
					 "/nonexistent/platform.conf") != 0);
	sdev_fini(&s);
}

static void test_errors(void)
{
	uint8_t big[1100] = { 0 };
	uint32_t id, len;
	struct srep r;
	struct sdev s;
	struct tdev *t = &s.t;

	T_ASSERT(!sdev_start(&s, NULL, true));
	T_ASSERT(SCMD0(&s, SHDR(0x99, 0, 1), &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	T_EXPECT(r.hdr == SHDR(0x99, 0, 1));
	T_ASSERT(SCMD0(&s, BASE(0x20, 2), &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(scmd_raw(&s, BASE(0x9, 3), big, 8, 136, &r));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	/* Not a command (type 3 = notification); answered as a command. */
	T_ASSERT(SCMD0(&s, BASE(0, 4) | 3 << 8, &r));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR && r.hdr == BASE(0, 4));
	/* Payload too short for the message. */
	T_ASSERT(SCMD0(&s, BASE(0x7, 5), &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(scmd_raw(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 6),
			  big, 2, 136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(scmd_raw(&s, BASE(0, 7), big, sizeof(big), 136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	/* Reply buffer too small for the reply, or for header + status. */
	T_ASSERT(scmd_raw(&s, BASE(0x3, 8), NULL, 0, 12, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_COMMS_ERROR);
	T_ASSERT(scmd_raw(&s, BASE(0x3, 9), NULL, 0, 4, &r));
	T_EXPECT(r.used == 0);
	T_ASSERT(scmd_raw(&s, BASE(0x3, 10), NULL, 0, 0, &r));
	T_EXPECT(r.used == 0);
	/* No complete header. */
	tring_add(&t->ring[SCMI_CMDQ], (struct tseg[]){
		  { tguest_alloc(&t->g, 2, 4), 2, false },
		  { tguest_alloc(&t->g, 64, 4), 64, true } }, 2);
	tdev_kick(t, SCMI_CMDQ);
	T_EXPECT(tring_used(&t->ring[SCMI_CMDQ], &id, &len) && len == 0);
	/* Buffer outside guest memory: returned with length 0. */
	tring_add(&t->ring[SCMI_CMDQ], (struct tseg[]){ { 0x1000, 4, false },
		  { tguest_alloc(&t->g, 64, 4), 64, true } }, 2);
	tdev_kick(t, SCMI_CMDQ);
	T_EXPECT(tring_used(&t->ring[SCMI_CMDQ], &id, &len) && len == 0);
	/* Still fine afterwards. */
	T_ASSERT(SCMD0(&s, BASE(0, 11), &r));
	T_EXPECT(r.status == 0 && r.w[0] == 0x20000);
	T_EXPECT(sdev_platform(&s)->stats.unanswered == 3);
	sdev_fini(&s);
}

/* BASE_ERROR_EVENT for commands without room for an answer. */
static void test_base_errors_event(void)
{
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	sev_post(&s, 2, 136);
	T_ASSERT(scmd_raw(&s, BASE(0x3, 1), NULL, 0, 4, &r));
	T_EXPECT(r.used == 0 && !sev_get(&s, &e));
	T_ASSERT(SCMD(&s, BASE(0x8, 2), &r, 1));
	T_EXPECT(r.status == 0);
	T_ASSERT(scmd_raw(&s, BASE(0x3, 0x155), NULL, 0, 4, &r));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.len == 20 && e.hdr == SHDR(SCMI_PROTOCOL_BASE, 0, 0) + 0x300);
	T_EXPECT(e.w[0] == 1 && e.w[1] == 1 && e.w[2] == BASE(0x3, 0x155) &&
		 e.w[3] == 0);
	T_ASSERT(SCMD(&s, BASE(0x8, 3), &r, 0));
	T_ASSERT(scmd_raw(&s, BASE(0x3, 4), NULL, 0, 4, &r));
	T_EXPECT(!sev_get(&s, &e));
	sdev_fini(&s);
}

/* Without VIRTIO_SCMI_F_P2A_CHANNELS nothing may need the eventq. */
static void test_no_p2a(void)
{
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, false));
	T_EXPECT(!vdev_has_feature(&s.t.tf.dev, VIRTIO_SCMI_F_P2A_CHANNELS));
	T_ASSERT(SCMD(&s, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 1), &r,
		      0x8));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	T_ASSERT(SCMD(&s, BASE(0x8, 2), &r, 1));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	/* Sensor: no async reads, no update notifications, no max_requests. */
	T_ASSERT(SCMD0(&s, SHDR(SCMI_PROTOCOL_SENSOR, 1, 3), &r));
	T_EXPECT(r.status == 0 && (r.w[0] >> 16) == 0);
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_SENSOR, 3, 4), &r, 1));
	T_EXPECT(r.status == 0 && !(r.w[2] & 0xc0000000u));
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_SENSOR, 6, 5), &r, 1, 1));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_SENSOR, 0xb, 6), &r, 0, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_SENSOR, 2, 7), &r, 0x4));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	/* Clock: no async rate changes, no notifications. */
	T_ASSERT(SCMD0(&s, SHDR(SCMI_PROTOCOL_CLOCK, 1, 8), &r));
	T_EXPECT(r.status == 0 && (r.w[0] >> 16) == 0);
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_CLOCK, 3, 9), &r, 0));
	T_EXPECT(r.status == 0 && !(r.w[0] & 0xc0000000u));
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_CLOCK, 5, 10), &r, 1, 0,
		      400000000, 0));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_CLOCK, 9, 11), &r, 0, 1));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	sdev_fini(&s);
}

static void test_eventq(void)
{
	struct tring *ev;
	uint32_t id, len;
	struct sdev s;
	struct tdev *t = &s.t;
	int i;

	T_ASSERT(!sdev_start(&s, NULL, true));
	ev = &t->ring[SCMI_EVENTQ];
	for (i = 0; i < 4; i++)
		tring_add(ev, (struct tseg[]){
			  { tguest_alloc(&t->g, 136, 8), 136, true } }, 1);
	tdev_kick(t, SCMI_EVENTQ);
	T_EXPECT(!tring_used(ev, &id, &len));
	T_EXPECT(!tdev_called(t, SCMI_EVENTQ));
	/* A buffer the device cannot write to is given back at once. */
	tring_add(ev, (struct tseg[]){
		  { tguest_alloc(&t->g, 136, 8), 136, false } }, 1);
	tdev_kick(t, SCMI_EVENTQ);
	T_EXPECT(tring_used(ev, &id, &len) && id == 4 && len == 0);
	T_EXPECT(tdev_called(t, SCMI_EVENTQ));
	/* So is one too small for any message. */
	tring_add(ev, (struct tseg[]){
		  { tguest_alloc(&t->g, 4, 8), 4, true } }, 1);
	tdev_kick(t, SCMI_EVENTQ);
	T_EXPECT(tring_used(ev, &id, &len) && id == 5 && len == 0);
	sdev_fini(&s);
}

static void test_notifications(void)
{
	uint64_t req, resp;
	uint32_t id, len;
	struct srep r;
	struct sdev s;
	struct tdev *t = &s.t;
	int i;

	T_ASSERT(!sdev_start(&s, NULL, true));
	T_ASSERT(SCMD0(&s, BASE(0, 1), &r));
	T_EXPECT(tdev_called(t, SCMI_CMDQ));
	t->ring[SCMI_CMDQ].avail->flags = htole16(VIRTQ_AVAIL_F_NO_INTERRUPT);
	T_ASSERT(SCMD0(&s, BASE(0, 2), &r));
	T_EXPECT(r.status == 0 && !tdev_called(t, SCMI_CMDQ));
	t->ring[SCMI_CMDQ].avail->flags = 0;
	/* Three commands, one kick: one notification. */
	for (i = 0; i < 3; i++) {
		req = tguest_alloc(&t->g, 4, 4);
		resp = tguest_alloc(&t->g, 16, 4);
		*(uint32_t *)tguest_ptr(&t->g, req) = htole32(BASE(0, 3 + i));
		tring_add(&t->ring[SCMI_CMDQ], (struct tseg[]){
			  { req, 4, false }, { resp, 16, true } }, 2);
	}
	tdev_kick(t, SCMI_CMDQ);
	for (i = 0; i < 3; i++)
		T_EXPECT(tring_used(&t->ring[SCMI_CMDQ], &id, &len) &&
			 len == 12);
	T_EXPECT(tdev_called(t, SCMI_CMDQ));
	T_EXPECT(!tdev_called(t, SCMI_CMDQ));
	sdev_fini(&s);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static void test_fault_delay(void)
{
	uint64_t t0, req, resp;
	uint32_t id, len;
	struct sdev s;
	struct tdev *t = &s.t;
	bool got = false;

	T_ASSERT(!sdev_start(&s, NULL, true));
	T_ASSERT(!vdev_fault_parse(&t->tf.dev.fault, "delay=40,queue=0"));
	req = tguest_alloc(&t->g, 4, 4);
	resp = tguest_alloc(&t->g, 16, 4);
	*(uint32_t *)tguest_ptr(&t->g, req) = htole32(BASE(0, 1));
	tring_add(&t->ring[SCMI_CMDQ], (struct tseg[]){ { req, 4, false },
		  { resp, 16, true } }, 2);
	t0 = now_ms();
	tdev_kick(t, SCMI_CMDQ);
	T_EXPECT(!tring_used(&t->ring[SCMI_CMDQ], &id, &len));
	while (!got && now_ms() - t0 < 2000) {
		loop_iterate(&t->tf.loop, 100);
		got = tring_used(&t->ring[SCMI_CMDQ], &id, &len);
	}
	T_EXPECT(got && len == 12 && now_ms() - t0 >= 40);
	T_EXPECT(tdev_called(t, SCMI_CMDQ));
	sdev_fini(&s);
}

static void test_fault_drop(void)
{
	uint32_t id, len;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	T_ASSERT(!vdev_fault_parse(&s.t.tf.dev.fault, "drop,after=1,count=1"));
	T_EXPECT(SCMD0(&s, BASE(0, 1), &r) && r.used == 12);
	T_EXPECT(!SCMD0(&s, BASE(0, 2), &r));
	T_EXPECT(SCMD0(&s, BASE(0, 3), &r) && r.used == 12);
	T_EXPECT(r.hdr == BASE(0, 3));
	T_EXPECT(!tring_used(&s.t.ring[SCMI_CMDQ], &id, &len));
	sdev_fini(&s);
}

static void test_fault_lengths(void)
{
	struct vdev_fault *f;
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	f = &s.t.tf.dev.fault;
	T_ASSERT(!vdev_fault_parse(f, "used-len=3,count=1"));
	T_EXPECT(SCMD0(&s, BASE(0, 1), &r) && r.used == 3);
	T_EXPECT(SCMD0(&s, BASE(0, 2), &r) && r.used == 12);
	vdev_fault_init(f);
	T_ASSERT(!vdev_fault_parse(f, "short"));
	T_EXPECT(SCMD0(&s, BASE(0x3, 3), &r) && r.used == 12);
	vdev_fault_init(f);
	T_ASSERT(!vdev_fault_parse(f, "oversize"));
	T_EXPECT(SCMD0(&s, BASE(0, 4), &r) && r.used == 136 + 4096);
	vdev_fault_init(f);
	T_ASSERT(!vdev_fault_parse(f, "garbage,seed=7"));
	T_EXPECT(SCMD0(&s, BASE(0, 5), &r) && r.used == 12);
	T_EXPECT(r.hdr != BASE(0, 5) || r.status != 0 || r.w[0] != 0x20000);
	vdev_fault_init(f);
	T_ASSERT(!vdev_fault_parse(f, "drop,queue=1"));
	T_EXPECT(SCMD0(&s, BASE(0, 6), &r) && r.used == 12);
	T_EXPECT(vdev_fault_parse(f, "delay=x") != 0);
	T_EXPECT(vdev_fault_parse(f, "bogus") != 0);
	sdev_fini(&s);
}

/* The SCMI status fault: --fault status=N and its filters. */
static void test_fault_status(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	p = sdev_platform(&s);
	/* Through the core's --fault path, as the command line does. */
	T_ASSERT(!vdev_control_fault(&s.t.tf.dev, "status=-6", false, NULL));
	T_ASSERT(SCMD0(&s, BASE(0, 1), &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_BUSY && r.hdr == BASE(0, 1));
	T_EXPECT(!sctl(&s, "fault status=hardware_error,protocol=0x14,msg=6,after=1,count=2",
		       out, sizeof(out)));
	T_ASSERT(SCMD(&s, SHDR(0x14, 6, 2), &r, 0));
	T_EXPECT(r.status == 0 && r.used == 16);
	T_ASSERT(SCMD(&s, SHDR(0x14, 6, 3), &r, 0));
	T_EXPECT(r.status == SCMI_HARDWARE_ERROR && r.used == 8);
	T_ASSERT(SCMD0(&s, BASE(0, 4), &r));
	T_EXPECT(r.status == 0);
	T_ASSERT(SCMD(&s, SHDR(0x14, 6, 5), &r, 0));
	T_EXPECT(r.status == SCMI_HARDWARE_ERROR);
	T_ASSERT(SCMD(&s, SHDR(0x14, 6, 6), &r, 0));
	T_EXPECT(r.status == 0);
	/* A wrong SUCCESS: header and status without the payload. */
	T_EXPECT(!sctl(&s, "fault status=0,count=1", out, sizeof(out)));
	T_ASSERT(SCMD0(&s, BASE(0, 7), &r));
	T_EXPECT(r.status == 0 && r.used == 8);
	T_EXPECT(p->stats.faults == 4);
	T_EXPECT(sctl(&s, "fault status=bogus", out, sizeof(out)) == -EINVAL);
	T_EXPECT(sctl(&s, "fault protocol=1", out, sizeof(out)) == -EINVAL);
	T_EXPECT(sctl(&s, "fault status=1,msg=300", out, sizeof(out)) ==
		 -EINVAL);
	T_EXPECT(!vdev_control_fault(&s.t.tf.dev, "off", true, NULL));
	T_EXPECT(!p->fault.active);
	sdev_fini(&s);
}

/**
 * scmi_tests() - run the SCMI device test cases
 */
void scmi_tests(void)
{
	tap_run("scmi: Base discovery round trips", test_base_discovery);
	tap_run("scmi: Base protocol list paged like the Linux agent",
		test_base_list_paging);
	tap_run("scmi: only configured protocols are offered",
		test_base_config);
	tap_run("scmi: vendor/sub-vendor/impl-version/config options",
		test_options);
	tap_run("scmi: errors, short requests, small buffers, bad chains",
		test_errors);
	tap_run("scmi: BASE_ERROR_EVENT for unanswerable commands",
		test_base_errors_event);
	tap_run("scmi: without P2A nothing needs the eventq", test_no_p2a);
	tap_run("scmi: eventq buffers are held", test_eventq);
	tap_run("scmi: notifications and NO_INTERRUPT", test_notifications);
	tap_run("scmi: fault delay", test_fault_delay);
	tap_run("scmi: fault drop", test_fault_drop);
	tap_run("scmi: fault used length and garbage", test_fault_lengths);
	tap_run("scmi: status fault", test_fault_status);
	scmi_config_tests();
	scmi_sensor_tests();
	scmi_clock_tests();
	scmi_proto_tests();
	scmi_ctl_tests();
}
