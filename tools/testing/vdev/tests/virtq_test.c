// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the device-side split virtqueue, with the ring and the
 * buffers in memfd-backed guest memory and a hostile driver.
 */
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../virtq.h"
#include "guest.h"
#include "tap.h"
#include "tests.h"

#define VT_GPA		0x10000
#define VT_UADDR	0x7f0000010000ull
#define VT_SIZE		(256 * 1024)

/* One virtqueue under test; the fields are set up by vt_setup(). */
struct vt {
	struct tguest g;
	struct vdev_mem mem;
	struct tring r;
	struct virtq vq;
	struct virtq_elem e;
};

/* True if our pointer @p and the back-end's @q map the same guest byte. */
static bool aliases(void *p, void *q)
{
	uint8_t *a = p, *b = q, old = *a;
	bool same;

	__atomic_store_n(a, 0x5a, __ATOMIC_SEQ_CST);
	same = __atomic_load_n(b, __ATOMIC_SEQ_CST) == 0x5a;
	__atomic_store_n(a, 0xa5, __ATOMIC_SEQ_CST);
	same = same && __atomic_load_n(b, __ATOMIC_SEQ_CST) == 0xa5;
	*a = old;
	return same;
}

static int vt_setup(struct vt *t, unsigned int num, uint16_t base)
{
	memset(t, 0, sizeof(*t));
	vdev_mem_init(&t->mem);
	if (tguest_init(&t->g, VT_SIZE, 0, VT_GPA, VT_UADDR) ||
	    tguest_map(&t->g, &t->mem))
		return -1;
	tring_init(&t->r, &t->g, num);
	t->r.avail_idx = base;
	t->r.last_used = base;
	t->r.avail->idx = htole16(base);
	t->r.used->idx = htole16(base);
	return virtq_map(&t->vq, &t->mem, num,
			 tguest_uva(&t->g, t->r.desc_gpa),
			 tguest_uva(&t->g, t->r.avail_gpa),
			 tguest_uva(&t->g, t->r.used_gpa), base);
}

static void vt_teardown(struct vt *t)
{
	virtq_elem_release(&t->e);
	vdev_mem_clear(&t->mem);
	tguest_fini(&t->g);
}

/* Publish a one-descriptor-per-segment chain and pop it. */
static int vt_add_pop(struct vt *t, const struct tseg *segs, unsigned int n)
{
	tring_add(&t->r, segs, n);
	return virtq_pop(&t->vq, &t->e);
}

static void test_simple_chain(void)
{
	struct tseg segs[2];
	struct vt t;
	uint64_t req, resp;
	uint32_t id, len;
	char buf[16];

	T_ASSERT(!vt_setup(&t, 8, 0));
	req = tguest_alloc(&t.g, 12, 8);
	resp = tguest_alloc(&t.g, 32, 8);
	memcpy(tguest_ptr(&t.g, req), "hello, vdev", 12);
	T_EXPECT(virtq_pop(&t.vq, &t.e) == 0);
	segs[0] = (struct tseg){ req, 12, false };
	segs[1] = (struct tseg){ resp, 32, true };
	T_EXPECT(vt_add_pop(&t, segs, 2) == 1);
	T_EXPECT(!t.e.error);
	T_EXPECT(t.e.num_rd == 1 && t.e.num_wr == 1);
	T_EXPECT(t.e.rd_len == 12 && t.e.wr_len == 32);
	T_EXPECT(aliases(tguest_ptr(&t.g, req), t.e.iov[0].iov_base));
	T_EXPECT(virtq_elem_read(&t.e, 0, buf, sizeof(buf)) == 12);
	T_EXPECT(!strcmp(buf, "hello, vdev"));
	T_EXPECT(virtq_elem_write(&t.e, 0, "reply", 6) == 6);
	virtq_push(&t.vq, &t.e, 6);
	T_EXPECT(tring_used(&t.r, &id, &len) && id == 0 && len == 6);
	T_EXPECT(!strcmp(tguest_ptr(&t.g, resp), "reply"));
	T_EXPECT(virtq_pop(&t.vq, &t.e) == 0);
	vt_teardown(&t);
}

static void test_segments_read_write(void)
{
	struct tseg segs[4];
	struct vt t;
	uint64_t a, b, c, d;
	char out[8] = "";

	T_ASSERT(!vt_setup(&t, 8, 0));
	a = tguest_alloc(&t.g, 3, 1);
	b = tguest_alloc(&t.g, 4, 1);
	c = tguest_alloc(&t.g, 2, 1);
	d = tguest_alloc(&t.g, 5, 1);
	memcpy(tguest_ptr(&t.g, a), "abc", 3);
	memcpy(tguest_ptr(&t.g, b), "defg", 4);
	segs[0] = (struct tseg){ a, 3, false };
	segs[1] = (struct tseg){ b, 4, false };
	segs[2] = (struct tseg){ c, 2, true };
	segs[3] = (struct tseg){ d, 5, true };
	T_ASSERT(vt_add_pop(&t, segs, 4) == 1);
	T_EXPECT(t.e.num_rd == 2 && t.e.num_wr == 2);
	T_EXPECT(virtq_elem_read(&t.e, 2, out, 4) == 4);
	T_EXPECT(!memcmp(out, "cdef", 4));
	T_EXPECT(virtq_elem_read(&t.e, 5, out, 8) == 2);
	T_EXPECT(virtq_elem_write(&t.e, 1, "XYZW", 4) == 4);
	T_EXPECT(!memcmp(tguest_ptr(&t.g, c), "\0X", 2));
	T_EXPECT(!memcmp(tguest_ptr(&t.g, d), "YZW", 3));
	T_EXPECT(virtq_elem_write(&t.e, 5, "12345", 5) == 2);
	vt_teardown(&t);
}

static void test_zero_length_descriptor(void)
{
	struct tseg segs[2];
	struct vt t;
	uint64_t a;

	T_ASSERT(!vt_setup(&t, 8, 0));
	a = tguest_alloc(&t.g, 8, 8);
	segs[0] = (struct tseg){ a, 0, false };
	segs[1] = (struct tseg){ a, 8, true };
	T_ASSERT(vt_add_pop(&t, segs, 2) == 1);
	T_EXPECT(!t.e.error && t.e.num_rd == 0 && t.e.num_wr == 1);
	vt_teardown(&t);
}

/* Pop one chain that must be flagged bad, and push it back with len 0. */
static void expect_bad(struct vt *t, const char *what)
{
	uint32_t id, len;

	T_EXPECT(virtq_pop(&t->vq, &t->e) == 1);
	T_EXPECT(t->e.error);
	if (t->e.error)
		tap_diag("%s: %s", what, t->e.error);
	T_EXPECT(t->e.num_rd == 0 && t->e.num_wr == 0 && t->e.wr_len == 0);
	virtq_push(&t->vq, &t->e, 0);
	T_EXPECT(tring_used(&t->r, &id, &len) && len == 0);
	T_EXPECT(id == t->e.head);
}

static void test_bad_addresses(void)
{
	struct vt t;

	T_ASSERT(!vt_setup(&t, 8, 0));
	tring_add(&t.r, (struct tseg[]){ { 0x100, 16, false } }, 1);
	expect_bad(&t, "below guest memory");
	tring_add(&t.r, (struct tseg[]){ { VT_GPA + VT_SIZE, 1, true } }, 1);
	expect_bad(&t, "just past guest memory");
	tring_add(&t.r, (struct tseg[]){ { VT_GPA + VT_SIZE - 8, 9, true } }, 1);
	expect_bad(&t, "straddles the end");
	tring_add(&t.r, (struct tseg[]){ { UINT64_MAX - 4, 16, false } }, 1);
	expect_bad(&t, "address wraps");
	tring_add(&t.r, (struct tseg[]){ { VT_GPA, UINT32_MAX, true } }, 1);
	expect_bad(&t, "length out of range");
	vt_teardown(&t);
}

static void test_bad_chains(void)
{
	uint64_t buf;
	struct vt t;

	T_ASSERT(!vt_setup(&t, 8, 0));
	buf = tguest_alloc(&t.g, 64, 8);

	/* 0 -> 1 -> 0: a loop. */
	tring_desc(&t.r, 0, buf, 8, VIRTQ_DESC_F_NEXT, 1);
	tring_desc(&t.r, 1, buf, 8, VIRTQ_DESC_F_NEXT, 0);
	tring_publish(&t.r, 0);
	expect_bad(&t, "loop");

	/* Self loop. */
	tring_desc(&t.r, 2, buf, 8, VIRTQ_DESC_F_NEXT, 2);
	tring_publish(&t.r, 2);
	expect_bad(&t, "self loop");

	tring_desc(&t.r, 3, buf, 8, VIRTQ_DESC_F_NEXT, 8);
	tring_publish(&t.r, 3);
	expect_bad(&t, "next out of range");

	tring_publish(&t.r, 8);
	expect_bad(&t, "head out of range");

	tring_desc(&t.r, 4, buf, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 5);
	tring_desc(&t.r, 5, buf, 8, 0, 0);
	tring_publish(&t.r, 4);
	expect_bad(&t, "readable after writable");

	/* The ring still works after all that. */
	T_EXPECT(vt_add_pop(&t, (struct tseg[]){ { buf, 8, true } }, 1) == 1);
	T_EXPECT(!t.e.error && t.e.wr_len == 8);
	vt_teardown(&t);
}

static void test_indirect(void)
{
	struct virtq_desc *tab;
	uint64_t table, a, b;
	struct vt t;

	T_ASSERT(!vt_setup(&t, 8, 0));
	table = tguest_alloc(&t.g, 3 * sizeof(*tab), 16);
	a = tguest_alloc(&t.g, 16, 8);
	b = tguest_alloc(&t.g, 64, 8);
	tab = tguest_ptr(&t.g, table);
	tab[0] = (struct virtq_desc){ htole64(a), htole32(16),
				      htole16(VIRTQ_DESC_F_NEXT), htole16(2) };
	tab[2] = (struct virtq_desc){ htole64(b), htole32(64),
				      htole16(VIRTQ_DESC_F_WRITE), 0 };
	tring_desc(&t.r, 6, table, 3 * sizeof(*tab), VIRTQ_DESC_F_INDIRECT, 0);
	tring_publish(&t.r, 6);
	T_ASSERT(virtq_pop(&t.vq, &t.e) == 1);
	T_EXPECT(!t.e.error && t.e.head == 6);
	T_EXPECT(t.e.num_rd == 1 && t.e.rd_len == 16);
	T_EXPECT(t.e.num_wr == 1 && t.e.wr_len == 64);
	T_EXPECT(aliases(tguest_ptr(&t.g, b), t.e.iov[1].iov_base));

	tring_desc(&t.r, 6, table, 20, VIRTQ_DESC_F_INDIRECT, 0);
	tring_publish(&t.r, 6);
	expect_bad(&t, "indirect length not a multiple of 16");

	tring_desc(&t.r, 6, table, 16 * 9, VIRTQ_DESC_F_INDIRECT, 0);
	tring_publish(&t.r, 6);
	expect_bad(&t, "indirect table larger than the ring");

	tring_desc(&t.r, 6, 0x20, 48, VIRTQ_DESC_F_INDIRECT, 0);
	tring_publish(&t.r, 6);
	expect_bad(&t, "indirect table outside memory");

	tring_desc(&t.r, 6, table, 48,
		   VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 7);
	tring_publish(&t.r, 6);
	expect_bad(&t, "indirect with NEXT");

	tring_desc(&t.r, 5, a, 16, VIRTQ_DESC_F_NEXT, 6);
	tring_desc(&t.r, 6, table, 48, VIRTQ_DESC_F_INDIRECT, 0);
	tring_publish(&t.r, 5);
	expect_bad(&t, "indirect in the middle of a chain");

	tab[1] = (struct virtq_desc){ htole64(table), htole32(48),
				      htole16(VIRTQ_DESC_F_INDIRECT), 0 };
	tab[0].next = htole16(1);
	tring_publish(&t.r, 6);
	expect_bad(&t, "nested indirect");

	tab[0].next = htole16(0);
	tring_publish(&t.r, 6);
	expect_bad(&t, "loop inside the indirect table");
	vt_teardown(&t);
}

static void test_idx_wraparound(void)
{
	uint32_t id, len, i;
	uint64_t buf;
	struct vt t;

	T_ASSERT(!vt_setup(&t, 4, 65533));
	buf = tguest_alloc(&t.g, 64, 8);
	for (i = 0; i < 10; i++) {
		tring_add(&t.r, (struct tseg[]){ { buf, 8 + i, true } }, 1);
		T_ASSERT(virtq_pop(&t.vq, &t.e) == 1);
		T_EXPECT(!t.e.error && t.e.wr_len == 8 + i);
		T_EXPECT(t.e.avail_idx == (uint16_t)(65533 + i));
		virtq_push(&t.vq, &t.e, i);
		T_EXPECT(tring_used(&t.r, &id, &len) && len == i);
	}
	T_EXPECT(le16toh(t.r.used->idx) == (uint16_t)(65533 + 10));
	T_EXPECT(t.vq.last_avail == 7);
	T_EXPECT(virtq_pop(&t.vq, &t.e) == 0);
	vt_teardown(&t);
}

static void test_avail_idx_jump(void)
{
	struct vt t;

	T_ASSERT(!vt_setup(&t, 8, 0));
	t.r.avail->idx = htole16(9);
	T_EXPECT(virtq_pop(&t.vq, &t.e) == -EIO);
	T_EXPECT(t.vq.broken);
	t.r.avail->idx = htole16(1);
	T_EXPECT(virtq_pop(&t.vq, &t.e) == -EIO);
	vt_teardown(&t);
}

static void test_no_interrupt(void)
{
	uint64_t buf;
	struct vt t;

	T_ASSERT(!vt_setup(&t, 8, 0));
	buf = tguest_alloc(&t.g, 8, 8);
	T_ASSERT(vt_add_pop(&t, (struct tseg[]){ { buf, 8, true } }, 1) == 1);
	virtq_push(&t.vq, &t.e, 0);
	T_EXPECT(virtq_needs_notify(&t.vq));
	t.r.avail->flags = htole16(VIRTQ_AVAIL_F_NO_INTERRUPT);
	T_ASSERT(vt_add_pop(&t, (struct tseg[]){ { buf, 8, true } }, 1) == 1);
	virtq_push(&t.vq, &t.e, 0);
	T_EXPECT(!virtq_needs_notify(&t.vq));
	vt_teardown(&t);
}

static void test_event_idx(void)
{
	uint16_t *used_event, *avail_event;
	uint64_t buf;
	struct vt t;
	int i;

	T_ASSERT(!vt_setup(&t, 8, 0));
	t.vq.event_idx = true;
	used_event = &t.r.avail->ring[8];
	avail_event = (uint16_t *)&t.r.used->ring[8];
	buf = tguest_alloc(&t.g, 8, 8);
	/* The driver wants an interrupt when used idx passes 2. */
	*used_event = htole16(2);
	for (i = 0; i < 4; i++) {
		T_ASSERT(vt_add_pop(&t, (struct tseg[]){ { buf, 8, true } },
				    1) == 1);
		virtq_push(&t.vq, &t.e, 0);
		T_EXPECT(virtq_needs_notify(&t.vq) == (i == 0 || i == 2));
	}
	/* An empty pop publishes where the device wants the next kick. */
	T_EXPECT(virtq_pop(&t.vq, &t.e) == 0);
	T_EXPECT(le16toh(*avail_event) == 4);
	vt_teardown(&t);
}

static void test_map_checks(void)
{
	struct vt t;
	uint64_t d, a, u;

	T_ASSERT(!vt_setup(&t, 8, 0));
	d = tguest_uva(&t.g, t.r.desc_gpa);
	a = tguest_uva(&t.g, t.r.avail_gpa);
	u = tguest_uva(&t.g, t.r.used_gpa);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 0, d, a, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 6, d, a, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 65536, d, a, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 8, d + 8, a, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 8, d, a + 1, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 8, d, a, u + 2, 0) == -EINVAL);
	/* Ring addresses are front-end addresses, not guest-physical. */
	T_EXPECT(virtq_map(&t.vq, &t.mem, 8, t.r.desc_gpa, a, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 8, VT_UADDR + VT_SIZE - 64, a, u,
			   0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 32768, d, a, u, 0) == -EINVAL);
	T_EXPECT(virtq_map(&t.vq, &t.mem, 8, d, a, u, 0) == 0);
	vt_teardown(&t);
}

static void test_two_regions(void)
{
	struct tguest g2;
	uint64_t end;
	struct vt t;

	T_ASSERT(!vt_setup(&t, 8, 0));
	/* A second region right after the first, in a different memfd. */
	T_ASSERT(!tguest_init(&g2, 4096, 4096, VT_GPA + VT_SIZE,
			      VT_UADDR + VT_SIZE + 0x100000));
	T_ASSERT(!tguest_map(&g2, &t.mem));
	end = VT_GPA + VT_SIZE - 4;
	memcpy(tguest_ptr(&t.g, end), "abcd", 4);
	memcpy(g2.base, "efgh", 4);
	T_ASSERT(vt_add_pop(&t, (struct tseg[]){ { end, 8, false } }, 1) == 1);
	T_EXPECT(!t.e.error && t.e.num_rd == 2 && t.e.rd_len == 8);
	T_EXPECT(aliases(g2.base, t.e.iov[1].iov_base));
	vt_teardown(&t);
	tguest_fini(&g2);
}

static void test_rewind(void)
{
	uint64_t buf;
	struct vt t;
	int i;

	T_ASSERT(!vt_setup(&t, 8, 0));
	buf = tguest_alloc(&t.g, 8, 8);
	for (i = 0; i < 3; i++)
		tring_add(&t.r, (struct tseg[]){ { buf, 8, true } }, 1);
	for (i = 0; i < 3; i++)
		T_EXPECT(virtq_pop(&t.vq, &t.e) == 1);
	virtq_rewind(&t.vq, 2);
	T_EXPECT(virtq_pop(&t.vq, &t.e) == 1 && t.e.avail_idx == 1);
	vt_teardown(&t);
}

/**
 * virtq_tests() - run the virtqueue test cases
 */
void virtq_tests(void)
{
	tap_run("virtq: simple request/response chain", test_simple_chain);
	tap_run("virtq: multi-segment read/write", test_segments_read_write);
	tap_run("virtq: zero-length descriptor", test_zero_length_descriptor);
	tap_run("virtq: bad buffer addresses and lengths", test_bad_addresses);
	tap_run("virtq: loops, bad indexes, write-before-read",
		test_bad_chains);
	tap_run("virtq: indirect descriptors, good and bad", test_indirect);
	tap_run("virtq: avail/used idx wrap-around", test_idx_wraparound);
	tap_run("virtq: impossible avail idx breaks the queue",
		test_avail_idx_jump);
	tap_run("virtq: VRING_AVAIL_F_NO_INTERRUPT", test_no_interrupt);
	tap_run("virtq: event index", test_event_idx);
	tap_run("virtq: ring size/alignment/address checks", test_map_checks);
	tap_run("virtq: buffer spanning two regions", test_two_regions);
	tap_run("virtq: rewind", test_rewind);
}
