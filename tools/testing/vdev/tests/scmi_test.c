// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI device tests through the real rings: a front-end sets the device
 * up like QEMU does, then sends SCMI commands on cmdq as the Linux SCMI
 * virtio transport would, including malformed ones, and with faults.
 */
#include <endian.h>
#include <string.h>
#include <time.h>

#include "../models.h"
#include "../scmi/scmi.h"
#include "guest.h"
#include "tap.h"
#include "tests.h"
#include "tfront.h"

#define HDR(proto, msg, token)	((msg) | (proto) << 10 | (token) << 18)
#define BASE(msg, token)	HDR(SCMI_PROTOCOL_BASE, msg, token)

#define CMDQ	0
#define EVENTQ	1

/**
 * struct reply - what came back for one command
 * @used: used length reported by the device
 * @hdr: response header
 * @status: response status
 * @w: response payload as le32 words (converted)
 * @bytes: response payload as bytes
 */
struct reply {
	uint32_t used;
	uint32_t hdr;
	int32_t status;
	union {
		uint32_t w[64];
		uint8_t bytes[256];
	};
};

/*
 * Send one command of @plen payload bytes with @wr writable bytes and
 * collect the reply; false if the chain did not come back.
 */
static bool cmd(struct tdev *t, uint32_t hdr, const void *payload,
		size_t plen, size_t wr, struct reply *rep)
{
	uint64_t req = tguest_alloc(&t->g, 4 + plen, 4);
	uint64_t resp = tguest_alloc(&t->g, wr + 1, 4);
	uint8_t *rq = tguest_ptr(&t->g, req), *rs = tguest_ptr(&t->g, resp);
	struct tseg segs[2] = { { req, 4 + plen, false }, { resp, wr, true } };
	uint32_t id, le = htole32(hdr);
	unsigned int i;

	memcpy(rq, &le, 4);
	memcpy(rq + 4, payload, plen);
	memset(rs, 0xee, wr);
	tring_add(&t->ring[CMDQ], segs, wr ? 2 : 1);
	tdev_kick(t, CMDQ);
	memset(rep, 0, sizeof(*rep));
	if (!tring_used(&t->ring[CMDQ], &id, &rep->used))
		return false;
	if (wr >= 8) {
		memcpy(&rep->hdr, rs, 4);
		memcpy(&rep->status, rs + 4, 4);
		rep->hdr = le32toh(rep->hdr);
		rep->status = (int32_t)le32toh((uint32_t)rep->status);
		memcpy(rep->bytes, rs + 8, wr - 8 < 256 ? wr - 8 : 256);
		for (i = 0; i < 64; i++)
			rep->w[i] = le32toh(rep->w[i]);
	}
	return true;
}

static bool cmd32(struct tdev *t, uint32_t hdr, uint32_t arg,
		  struct reply *rep)
{
	uint32_t le = htole32(arg);

	return cmd(t, hdr, &le, 4, 136, rep);
}

static bool start(struct tdev *t, const char *const *opts)
{
	const struct option *o;

	if (tf_init(&t->tf, &scmi_model))
		return false;
	for (; opts && opts[0]; opts += 2) {
		for (o = scmi_model.options; o->name; o++)
			if (!strcmp(o->name, opts[0]))
				break;
		if (!o->name || scmi_model.parse_option(&t->tf.dev, o->val, opts[1]))
			return false;
	}
	return !tdev_start(t, 64);
}

static void test_base_discovery(void)
{
	struct reply r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_ASSERT(cmd(&t, BASE(SCMI_MSG_PROTOCOL_VERSION, 0x2a5), NULL, 0, 136,
		     &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0x20000);
	T_EXPECT(r.hdr == BASE(SCMI_MSG_PROTOCOL_VERSION, 0x2a5));
	T_ASSERT(cmd(&t, BASE(SCMI_MSG_PROTOCOL_ATTRIBUTES, 1), NULL, 0, 136,
		     &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0x100);
	T_ASSERT(cmd(&t, BASE(0x3, 2), NULL, 0, 136, &r));
	T_EXPECT(r.used == 24 && r.status == 0 && !strcmp((char *)r.bytes, "vdev"));
	T_ASSERT(cmd(&t, BASE(0x4, 3), NULL, 0, 136, &r));
	T_EXPECT(r.used == 24 && r.status == 0 && r.bytes[0] == 0);
	T_ASSERT(cmd(&t, BASE(0x5, 4), NULL, 0, 136, &r));
	T_EXPECT(r.used == 12 && r.w[0] == 0x10000);
	T_ASSERT(cmd32(&t, BASE(0x6, 5), 0, &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0);
	T_ASSERT(cmd32(&t, BASE(0x6, 6), 1, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(cmd32(&t, BASE(0x7, 7), 0, &r));
	T_EXPECT(r.used == 28 && r.w[0] == 0 &&
		 !strcmp((char *)&r.bytes[4], "platform"));
	T_ASSERT(cmd32(&t, BASE(0x7, 8), 1, &r));
	T_EXPECT(r.used == 28 && r.w[0] == 1 &&
		 !strcmp((char *)&r.bytes[4], "OSPM"));
	T_ASSERT(cmd32(&t, BASE(0x7, 9), 0xffffffff, &r));
	T_EXPECT(r.status == 0 && r.w[0] == 1);
	T_ASSERT(cmd32(&t, BASE(0x7, 10), 2, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_FOUND);
	T_ASSERT(cmd32(&t, BASE(0x8, 11), 1, &r));
	T_EXPECT(r.used == 8 && r.status == 0);
	T_ASSERT(cmd32(&t, BASE(0x8, 12), 2, &r));
	T_EXPECT(r.status == SCMI_INVALID_PARAMETERS);
	T_ASSERT(cmd32(&t, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 13), 0x3,
		       &r));
	T_EXPECT(r.used == 12 && r.status == 0 && r.w[0] == 0);
	T_ASSERT(cmd32(&t, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 14), 0x0,
		       &r));
	T_EXPECT(r.status == 0);
	T_ASSERT(cmd32(&t, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 15), 0x9,
		       &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_FOUND);
	T_ASSERT(cmd32(&t, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 16),
		       0x10003, &r));
	T_EXPECT(r.status == SCMI_NOT_FOUND);
	tdev_fini(&t);
}

static void test_options(void)
{
	static const char *const opts[] = {
		"vendor", "ACME", "sub-vendor", "lab", "impl-version", "0x10002",
		NULL,
	};
	struct reply r;
	struct tdev t;

	T_ASSERT(start(&t, opts));
	T_ASSERT(cmd(&t, BASE(0x3, 1), NULL, 0, 136, &r));
	T_EXPECT(!strcmp((char *)r.bytes, "ACME"));
	T_ASSERT(cmd(&t, BASE(0x4, 2), NULL, 0, 136, &r));
	T_EXPECT(!strcmp((char *)r.bytes, "lab"));
	T_ASSERT(cmd(&t, BASE(0x5, 3), NULL, 0, 136, &r));
	T_EXPECT(r.w[0] == 0x10002);
	T_EXPECT(scmi_model.parse_option(&t.tf.dev, scmi_model.options[0].val,
					 "0123456789abcdef") != 0);
	T_EXPECT(scmi_model.parse_option(&t.tf.dev, scmi_model.options[2].val,
					 "12x") != 0);
	tdev_fini(&t);
}

static void test_errors(void)
{
	uint8_t big[1100] = { 0 };
	uint32_t id, len;
	struct reply r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_ASSERT(cmd(&t, HDR(0x99, 0, 1), NULL, 0, 136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	T_EXPECT(r.hdr == HDR(0x99, 0, 1));
	T_ASSERT(cmd(&t, BASE(0x20, 2), NULL, 0, 136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_NOT_SUPPORTED);
	T_ASSERT(cmd(&t, BASE(0x9, 3), big, 8, 136, &r));
	T_EXPECT(r.status == SCMI_NOT_SUPPORTED);
	/* Not a command (type 3 = notification); answered as a command. */
	T_ASSERT(cmd(&t, BASE(0, 4) | 3 << 8, NULL, 0, 136, &r));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR && r.hdr == BASE(0, 4));
	/* Payload too short for the message. */
	T_ASSERT(cmd(&t, BASE(0x7, 5), NULL, 0, 136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(cmd(&t, BASE(SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, 6), big, 2,
		     136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(cmd(&t, BASE(0, 7), big, sizeof(big), 136, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_PROTOCOL_ERROR);
	/* Reply buffer too small for the reply, or for header + status. */
	T_ASSERT(cmd(&t, BASE(0x3, 8), NULL, 0, 12, &r));
	T_EXPECT(r.used == 8 && r.status == SCMI_COMMS_ERROR);
	T_ASSERT(cmd(&t, BASE(0x3, 9), NULL, 0, 4, &r));
	T_EXPECT(r.used == 0);
	T_ASSERT(cmd(&t, BASE(0x3, 10), NULL, 0, 0, &r));
	T_EXPECT(r.used == 0);
	/* No complete header. */
	tring_add(&t.ring[CMDQ], (struct tseg[]){
		  { tguest_alloc(&t.g, 2, 4), 2, false },
		  { tguest_alloc(&t.g, 64, 4), 64, true } }, 2);
	tdev_kick(&t, CMDQ);
	T_EXPECT(tring_used(&t.ring[CMDQ], &id, &len) && len == 0);
	/* Buffer outside guest memory: returned with length 0. */
	tring_add(&t.ring[CMDQ], (struct tseg[]){ { 0x1000, 4, false },
		  { tguest_alloc(&t.g, 64, 4), 64, true } }, 2);
	tdev_kick(&t, CMDQ);
	T_EXPECT(tring_used(&t.ring[CMDQ], &id, &len) && len == 0);
	/* Still fine afterwards. */
	T_ASSERT(cmd(&t, BASE(0, 11), NULL, 0, 136, &r));
	T_EXPECT(r.status == 0 && r.w[0] == 0x20000);
	tdev_fini(&t);
}

static void test_eventq(void)
{
	struct tring *ev;
	uint32_t id, len;
	struct tdev t;
	int i;

	T_ASSERT(start(&t, NULL));
	ev = &t.ring[EVENTQ];
	for (i = 0; i < 4; i++)
		tring_add(ev, (struct tseg[]){
			  { tguest_alloc(&t.g, 136, 8), 136, true } }, 1);
	tdev_kick(&t, EVENTQ);
	T_EXPECT(!tring_used(ev, &id, &len));
	T_EXPECT(!tdev_called(&t, EVENTQ));
	/* A buffer the device cannot write to is given back at once. */
	tring_add(ev, (struct tseg[]){
		  { tguest_alloc(&t.g, 136, 8), 136, false } }, 1);
	tdev_kick(&t, EVENTQ);
	T_EXPECT(tring_used(ev, &id, &len) && id == 4 && len == 0);
	T_EXPECT(tdev_called(&t, EVENTQ));
	tdev_fini(&t);
}

static void test_notifications(void)
{
	uint64_t req, resp;
	uint32_t id, len;
	struct reply r;
	struct tdev t;
	int i;

	T_ASSERT(start(&t, NULL));
	T_ASSERT(cmd(&t, BASE(0, 1), NULL, 0, 136, &r));
	T_EXPECT(tdev_called(&t, CMDQ));
	t.ring[CMDQ].avail->flags = htole16(VIRTQ_AVAIL_F_NO_INTERRUPT);
	T_ASSERT(cmd(&t, BASE(0, 2), NULL, 0, 136, &r));
	T_EXPECT(r.status == 0 && !tdev_called(&t, CMDQ));
	t.ring[CMDQ].avail->flags = 0;
	/* Three commands, one kick: one notification. */
	for (i = 0; i < 3; i++) {
		req = tguest_alloc(&t.g, 4, 4);
		resp = tguest_alloc(&t.g, 16, 4);
		*(uint32_t *)tguest_ptr(&t.g, req) = htole32(BASE(0, 3 + i));
		tring_add(&t.ring[CMDQ], (struct tseg[]){ { req, 4, false },
			  { resp, 16, true } }, 2);
	}
	tdev_kick(&t, CMDQ);
	for (i = 0; i < 3; i++)
		T_EXPECT(tring_used(&t.ring[CMDQ], &id, &len) && len == 12);
	T_EXPECT(tdev_called(&t, CMDQ));
	T_EXPECT(!tdev_called(&t, CMDQ));
	tdev_fini(&t);
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
	struct tdev t;
	bool got = false;

	T_ASSERT(start(&t, NULL));
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "delay=40,queue=0"));
	req = tguest_alloc(&t.g, 4, 4);
	resp = tguest_alloc(&t.g, 16, 4);
	*(uint32_t *)tguest_ptr(&t.g, req) = htole32(BASE(0, 1));
	tring_add(&t.ring[CMDQ], (struct tseg[]){ { req, 4, false },
		  { resp, 16, true } }, 2);
	t0 = now_ms();
	tdev_kick(&t, CMDQ);
	T_EXPECT(!tring_used(&t.ring[CMDQ], &id, &len));
	while (!got && now_ms() - t0 < 2000) {
		loop_iterate(&t.tf.loop, 100);
		got = tring_used(&t.ring[CMDQ], &id, &len);
	}
	T_EXPECT(got && len == 12 && now_ms() - t0 >= 40);
	T_EXPECT(tdev_called(&t, CMDQ));
	tdev_fini(&t);
}

static void test_fault_drop(void)
{
	uint32_t id, len;
	struct reply r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "drop,after=1,count=1"));
	T_EXPECT(cmd(&t, BASE(0, 1), NULL, 0, 136, &r) && r.used == 12);
	T_EXPECT(!cmd(&t, BASE(0, 2), NULL, 0, 136, &r));
	T_EXPECT(cmd(&t, BASE(0, 3), NULL, 0, 136, &r) && r.used == 12);
	T_EXPECT(r.hdr == BASE(0, 3));
	T_EXPECT(!tring_used(&t.ring[CMDQ], &id, &len));
	tdev_fini(&t);
}

static void test_fault_lengths(void)
{
	struct reply r;
	struct tdev t;

	T_ASSERT(start(&t, NULL));
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "used-len=3,count=1"));
	T_EXPECT(cmd(&t, BASE(0, 1), NULL, 0, 136, &r) && r.used == 3);
	T_EXPECT(cmd(&t, BASE(0, 2), NULL, 0, 136, &r) && r.used == 12);
	vdev_fault_init(&t.tf.dev.fault);
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "short"));
	T_EXPECT(cmd(&t, BASE(0x3, 3), NULL, 0, 136, &r) && r.used == 12);
	vdev_fault_init(&t.tf.dev.fault);
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "oversize"));
	T_EXPECT(cmd(&t, BASE(0, 4), NULL, 0, 136, &r) &&
		 r.used == 136 + 4096);
	vdev_fault_init(&t.tf.dev.fault);
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "garbage,seed=7"));
	T_EXPECT(cmd(&t, BASE(0, 5), NULL, 0, 136, &r) && r.used == 12);
	T_EXPECT(r.hdr != BASE(0, 5) || r.status != 0 || r.w[0] != 0x20000);
	vdev_fault_init(&t.tf.dev.fault);
	T_ASSERT(!vdev_fault_parse(&t.tf.dev.fault, "drop,queue=1"));
	T_EXPECT(cmd(&t, BASE(0, 6), NULL, 0, 136, &r) && r.used == 12);
	T_EXPECT(vdev_fault_parse(&t.tf.dev.fault, "delay=x") != 0);
	T_EXPECT(vdev_fault_parse(&t.tf.dev.fault, "bogus") != 0);
	tdev_fini(&t);
}

/**
 * scmi_tests() - run the SCMI device test cases
 */
void scmi_tests(void)
{
	tap_run("scmi: Base discovery round trips", test_base_discovery);
	tap_run("scmi: vendor/sub-vendor/impl-version options", test_options);
	tap_run("scmi: errors, short requests, small buffers, bad chains",
		test_errors);
	tap_run("scmi: eventq buffers are held", test_eventq);
	tap_run("scmi: notifications and NO_INTERRUPT", test_notifications);
	tap_run("scmi: fault delay", test_fault_delay);
	tap_run("scmi: fault drop", test_fault_drop);
	tap_run("scmi: fault used length and garbage", test_fault_lengths);
}
