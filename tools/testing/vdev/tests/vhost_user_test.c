// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol tests: the message sequences virtio_uml (UML) and QEMU send,
 * malformed messages, fd handling, and disconnect/reconnect.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../models.h"
#include "../util.h"
#include "guest.h"
#include "tap.h"
#include "tests.h"
#include "tfront.h"

#define NEED_REPLY	(VHOST_USER_VERSION | VHOST_USER_FLAG_NEED_REPLY)
#define SCMI_FEATURES	0x140000001ull

static int64_t ack_state(struct tfront *tf, uint32_t req, uint32_t index,
			 uint32_t num)
{
	struct vhost_user_vring_state st = { index, num };

	return tf_ack(tf, req, &st, sizeof(st), NULL, 0);
}

static int64_t ack_u64(struct tfront *tf, uint32_t req, uint64_t v,
		       const int *fds, unsigned int nfds)
{
	return tf_ack(tf, req, &v, sizeof(v), fds, nfds);
}

static int64_t ack_addr(struct tfront *tf, const struct tguest *g,
			const struct tring *r, uint32_t index)
{
	struct vhost_user_vring_addr a = {
		.index = index,
		.desc = tguest_uva(g, r->desc_gpa),
		.used = tguest_uva(g, r->used_gpa),
		.avail = tguest_uva(g, r->avail_gpa),
	};

	return tf_ack(tf, VHOST_USER_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
}

static struct vhost_user_mem_reg mem_reg(const struct tguest *g)
{
	struct vhost_user_mem_reg reg = {
		.region = {
			.gpa = g->gpa,
			.size = g->size,
			.uaddr = g->uaddr,
			.mmap_offset = g->file_off,
		},
	};

	return reg;
}

/* Send a SCMI PROTOCOL_VERSION command on cmdq and check the reply. */
static bool scmi_version_roundtrip(struct tfront *tf, struct tguest *g,
				   struct tring *r, int kick)
{
	uint64_t req = tguest_alloc(g, 4, 4), resp = tguest_alloc(g, 16, 4);
	struct tseg segs[2] = { { req, 4, false }, { resp, 16, true } };
	uint32_t id, len, *w = tguest_ptr(g, resp);

	*(uint32_t *)tguest_ptr(g, req) = 0x10 << 10;
	tring_add(r, segs, 2);
	eventfd_write(kick, 1);
	tf_pump(tf);
	return tring_used(r, &id, &len) && len == 12 && w[0] == 0x10 << 10 &&
	       w[1] == 0 && w[2] == 0x20000;
}

/* The order virtio_uml in Linux 6.12 uses; see arch/um/drivers/virtio_uml.c. */
static void test_uml_sequence(void)
{
	int fds0 = tf_open_fds(), backend[2], call[2][2], kick[2];
	struct vhost_user_mem_table mt = { .nregions = 1 };
	struct pollfd pfd;
	struct tfront tf;
	struct tguest g;
	struct tring r[2];
	uint64_t v;
	char buf[8];
	int q;

	T_ASSERT(!tf_init(&tf, &scmi_model) && !tf_connect_pair(&tf));
	/* gpa == uaddr, guest memory starts a page into the file. */
	T_ASSERT(!tguest_init(&g, 1 << 20, 4096, 0x60000000, 0x60000000));
	T_ASSERT(!pipe(backend) && !pipe(call[0]) && !pipe(call[1]));

	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_OWNER, VHOST_USER_VERSION, NULL, 0,
			  NULL, 0));
	T_EXPECT(tf_quiet(&tf));
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_FEATURES, &v) &&
		 v == SCMI_FEATURES);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_PROTOCOL_FEATURES, &v) &&
		 v == VU_DEFAULT_PROTOCOL_FEATURES);
	/* virtio_uml keeps REPLY_ACK | SLAVE_REQ | CONFIG | INBAND of it. */
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_PROTOCOL_FEATURES, 0x28, NULL,
			 0) == 0);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_BACKEND_REQ_FD, NULL, 0,
			&backend[1], 1) == 0);
	close(backend[1]);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_FEATURES, SCMI_FEATURES, NULL,
			 0) == 0);
	mt.regions[0] = mem_reg(&g).region;
	mt.regions[0].mmap_offset = g.file_off;
	/* virtio_uml sends room for two regions (72 bytes). */
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt,
			offsetof(struct vhost_user_mem_table, regions[2]),
			&g.fd, 1) == 0);
	for (q = 0; q < 2; q++) {
		tring_init(&r[q], &g, 256);
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, q,
				 &call[q][1], 1) == 0);
		close(call[q][1]);
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_NUM, q, 256) == 0);
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_BASE, q, 0) == 0);
		T_EXPECT(ack_addr(&tf, &g, &r[q], q) == 0);
	}
	for (q = 0; q < 2; q++) {
		kick[q] = eventfd(0, EFD_CLOEXEC);
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_KICK, q, &kick[q],
				 1) == 0);
		T_EXPECT(!tf.dev.queues[q].active);
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, q, 1) == 0);
		T_EXPECT(tf.dev.queues[q].active);
	}

	T_EXPECT(scmi_version_roundtrip(&tf, &g, &r[0], kick[0]));
	/* The call fd is a pipe: the back-end wrote one u64 into it. */
	T_EXPECT(read(call[0][0], buf, sizeof(buf)) == sizeof(buf));
	/* The back-end request channel is still open (no EOF/HUP). */
	pfd = (struct pollfd){ .fd = backend[0], .events = POLLIN };
	T_EXPECT(poll(&pfd, 1, 0) == 0);

	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, 1, 0) == 0);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, 0, 0) == 0);
	T_EXPECT(!tf.dev.queues[0].active && !tf.dev.queues[1].active);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_FEATURES, &v));
	close(tf.sock);
	tf.sock = -1;
	tf_pump(&tf);
	T_EXPECT(tf.srv.conn_fd < 0 && tf.dev.mem.nregions == 0);
	/* Back-end closed its end of the request channel: EOF now. */
	T_EXPECT(read(backend[0], buf, sizeof(buf)) == 0);
	tf_fini(&tf);
	tguest_fini(&g);
	for (q = 0; q < 2; q++) {
		close(call[q][0]);
		close(kick[q]);
	}
	close(backend[0]);
	T_EXPECT(tf_open_fds() == fds0);
}

/* The order QEMU 10.0's vhost-user-scmi uses, with all protocol features. */
static void test_qemu_sequence(void)
{
	int fds0 = tf_open_fds(), bsock[2], efd[12], kick[2], n = 0, q, fds;
	struct vhost_user_vring_state st;
	struct vhost_user_mem_reg reg;
	struct tfront tf;
	struct tguest g;
	struct tring r[2];
	uint64_t v;

	T_ASSERT(!tf_init(&tf, &scmi_model) && !tf_connect_pair(&tf));
	T_ASSERT(!tguest_init(&g, 1 << 20, 0, 0x40000000, 0x7f1234500000));
	T_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, bsock));
	for (q = 0; q < 12; q++)
		efd[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_FEATURES, &v) &&
		 v == SCMI_FEATURES);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_PROTOCOL_FEATURES, &v));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_PROTOCOL_FEATURES,
			  VHOST_USER_VERSION, &v, sizeof(v), NULL, 0));
	T_EXPECT(tf_quiet(&tf));
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_MAX_MEM_SLOTS, &v) && v >= 8);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_BACKEND_REQ_FD, NULL, 0,
			&bsock[1], 1) == 0);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_OWNER, NULL, 0, NULL, 0) == 0);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_FEATURES, &v));
	/* Call and err fds at realize, then replaced at start. */
	for (q = 0; q < 2; q++) {
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, q, &efd[n++],
				 1) == 0);
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_ERR, q, &efd[n++],
				 1) == 0);
	}
	fds = tf_open_fds();
	for (q = 0; q < 2; q++)
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, q, &efd[n++],
				 1) == 0);
	/* The replaced fds were closed: same count as before. */
	T_EXPECT(tf_open_fds() == fds);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_FEATURES, SCMI_FEATURES, NULL,
			 0) == 0);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_STATUS, &v) && v == 0);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_STATUS, 0x8, NULL, 0) == 0);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_STATUS, &v) && v == 0x8);
	reg = mem_reg(&g);
	T_EXPECT(tf_ack(&tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg), &g.fd,
			1) == 0);
	/* QEMU may repeat a region it already sent. */
	T_EXPECT(tf_ack(&tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg), &g.fd,
			1) == 0);
	T_EXPECT(tf.dev.mem.nregions == 1);
	for (q = 0; q < 2; q++) {
		tring_init(&r[q], &g, 256);
		kick[q] = eventfd(0, EFD_CLOEXEC);
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_NUM, q, 256) == 0);
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_BASE, q, 0) == 0);
		T_EXPECT(ack_addr(&tf, &g, &r[q], q) == 0);
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_KICK, q, &kick[q],
				 1) == 0);
	}
	for (q = 0; q < 2; q++)
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, q, 1) == 0);
	for (q = 0; q < 2; q++)
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, q, &efd[n++],
				 1) == 0);
	T_EXPECT(tf.dev.queues[0].active && tf.dev.queues[1].active);

	/* Traffic: one command, and three event buffers that are held. */
	T_EXPECT(scmi_version_roundtrip(&tf, &g, &r[0], kick[0]));
	T_EXPECT(eventfd_read(efd[n - 2], &v) == 0);
	for (q = 0; q < 3; q++)
		tring_add(&r[1], (struct tseg[]){
			  { tguest_alloc(&g, 136, 8), 136, true } }, 1);
	eventfd_write(kick[1], 1);
	tf_pump(&tf);
	T_EXPECT(r[1].used->idx == 0);

	/* Shutdown: disable, GET_VRING_BASE stops the rings. */
	for (q = 0; q < 2; q++)
		T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, q, 0) == 0);
	st = (struct vhost_user_vring_state){ 0, 0 };
	T_EXPECT(tf_send(&tf, VHOST_USER_GET_VRING_BASE, NEED_REPLY, &st,
			 sizeof(st), NULL, 0) == 0);
	T_EXPECT(tf_recv(&tf, VHOST_USER_GET_VRING_BASE, &st, sizeof(st)) ==
		 sizeof(st) && st.index == 0 && st.num == 1);
	st = (struct vhost_user_vring_state){ 1, 0 };
	T_EXPECT(tf_send(&tf, VHOST_USER_GET_VRING_BASE, NEED_REPLY, &st,
			 sizeof(st), NULL, 0) == 0);
	/* The held event buffers are given back: base rewinds to 0. */
	T_EXPECT(tf_recv(&tf, VHOST_USER_GET_VRING_BASE, &st, sizeof(st)) ==
		 sizeof(st) && st.index == 1 && st.num == 0);
	T_EXPECT(tf.dev.queues[1].kick_fd < 0);
	for (q = 0; q < 2; q++)
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, q, &efd[n++],
				 1) == 0);
	T_EXPECT(tf_ack(&tf, VHOST_USER_RESET_DEVICE, NULL, 0, NULL, 0) == 0);
	T_EXPECT(tf.dev.queues[0].call_fd < 0 && tf.dev.queues[0].num == 0);
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_STATUS, &v) && v == 0);
	T_EXPECT(tf_ack(&tf, VHOST_USER_REM_MEM_REG, &reg, sizeof(reg), NULL,
			0) == 0);
	T_EXPECT(tf.dev.mem.nregions == 0);
	tf_fini(&tf);
	tguest_fini(&g);
	for (q = 0; q < 12; q++)
		close(efd[q]);
	close(kick[0]);
	close(kick[1]);
	close(bsock[0]);
	close(bsock[1]);
	T_EXPECT(tf_open_fds() == fds0);
}

/* A front-end that negotiates no protocol features: no acks, no ENABLE. */
static void test_no_protocol_features(void)
{
	struct vhost_user_mem_table mt = { .nregions = 1 };
	struct vhost_user_vring_state st = { 0, 64 };
	int fds0 = tf_open_fds(), kick, call;
	struct tfront tf;
	struct tguest g;
	struct tring r;
	uint64_t v;

	T_ASSERT(!tf_init(&tf, &scmi_model) && !tf_connect_pair(&tf));
	T_ASSERT(!tguest_init(&g, 1 << 16, 0, 0x1000000, 0x2000000));
	tring_init(&r, &g, 64);
	kick = eventfd(0, EFD_CLOEXEC);
	call = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	mt.regions[0] = mem_reg(&g).region;
	v = SCMI_FEATURES & ~BIT_ULL(VHOST_USER_F_PROTOCOL_FEATURES);
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_OWNER, VHOST_USER_VERSION, NULL, 0,
			  NULL, 0));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_FEATURES, VHOST_USER_VERSION, &v,
			  sizeof(v), NULL, 0));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_MEM_TABLE, VHOST_USER_VERSION, &mt,
			  sizeof(mt), &g.fd, 1));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_VRING_NUM, VHOST_USER_VERSION, &st,
			  sizeof(st), NULL, 0));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_VRING_CALL, VHOST_USER_VERSION,
			  &(uint64_t){ 0 }, 8, &call, 1));
	T_EXPECT(tf_quiet(&tf));
	T_EXPECT(!ack_addr(&tf, &g, &r, 0));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_VRING_KICK, VHOST_USER_VERSION,
			  &(uint64_t){ 0 }, 8, &kick, 1));
	T_EXPECT(tf_quiet(&tf));
	T_EXPECT(tf.dev.queues[0].active);
	T_EXPECT(scmi_version_roundtrip(&tf, &g, &r, kick));
	T_EXPECT(eventfd_read(call, &v) == 0);
	tf_fini(&tf);
	tguest_fini(&g);
	close(kick);
	close(call);
	T_EXPECT(tf_open_fds() == fds0);
}

static void test_malformed(void)
{
	int fds0 = tf_open_fds(), efd = eventfd(0, EFD_CLOEXEC), many[9], i;
	struct vhost_user_mem_table mt = { .nregions = 9 };
	struct vhost_user_config cfg = { .size = 8 };
	struct vhost_user_mem_reg reg;
	char big[5000] = { 0 };
	struct tfront tf;
	struct tguest g;
	struct tring r;
	uint64_t v = 0;

	T_ASSERT(!tf_init(&tf, &scmi_model) && !tf_connect_pair(&tf));
	T_ASSERT(!tguest_init(&g, 1 << 16, 0, 0x1000000, 0x2000000));
	tring_init(&r, &g, 8);
	reg = mem_reg(&g);

	/* Short and long payloads. */
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_FEATURES, &v, 4, NULL, 0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_VRING_NUM, big, 12, NULL, 0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_OWNER, big, 8, NULL, 0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_VRING_ADDR, big, 8, NULL, 0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_FEATURES, big, sizeof(big), NULL,
			0) == 1);
	/* Bad values. */
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_FEATURES, BIT_ULL(40), NULL,
			 0) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_PROTOCOL_FEATURES, BIT_ULL(14),
			 NULL, 0) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_NUM, 2, 8) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_NUM, 0, 3) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_NUM, 0, 0) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_NUM, 0, 65536) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_BASE, 0, 0x10000) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, 0, 2) == 1);
	T_EXPECT(ack_state(&tf, VHOST_USER_SET_VRING_ENABLE, 7, 1) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_STATUS, 0x100, NULL, 0) == 1);
	/* Vring fd messages: polling, stray bits, fd count. */
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_KICK, 0x100, NULL, 0) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_KICK, 0x200, &efd, 1) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_KICK, 5, &efd, 1) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, 0, NULL, 0) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, 0x100, &efd, 1) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_CALL, 0x100, NULL, 0) == 0);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_BACKEND_REQ_FD, NULL, 0, NULL,
			0) == 1);
	T_EXPECT(ack_u64(&tf, VHOST_USER_SET_FEATURES, SCMI_FEATURES, &efd,
			 1) == 1);
	/* Memory tables. */
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, sizeof(mt), NULL,
			0) == 1);
	mt.nregions = 1;
	mt.regions[0] = reg.region;
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, sizeof(mt), NULL,
			0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, 16, &g.fd,
			1) == 1);
	mt.regions[0].size = 0;
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, sizeof(mt), &g.fd,
			1) == 1);
	mt.regions[0].size = g.size;
	mt.regions[0].gpa = UINT64_MAX - 4095;
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, sizeof(mt), &g.fd,
			1) == 1);
	mt.regions[0] = reg.region;
	mt.regions[0].size = 2 * g.size;
	/* Larger than the file: mapping it would risk SIGBUS. */
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, sizeof(mt), &g.fd,
			1) == 1);
	mt.nregions = 2;
	mt.regions[0] = reg.region;
	mt.regions[1] = reg.region;
	mt.regions[1].gpa += 4096;
	mt.regions[1].uaddr += 0x100000;
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_MEM_TABLE, &mt, sizeof(mt),
			(int[]){ g.fd, g.fd }, 2) == 1);
	T_EXPECT(tf.dev.mem.nregions == 0);
	T_EXPECT(tf_ack(&tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg), NULL,
			0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg), &g.fd,
			1) == 0);
	reg.region.gpa += 4096;
	reg.region.uaddr += 4096;
	T_EXPECT(tf_ack(&tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg), &g.fd,
			1) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_REM_MEM_REG, &reg, sizeof(reg), NULL,
			0) == 1);
	T_EXPECT(tf.dev.mem.nregions == 1);
	/* Ring addresses outside guest memory, or given as GPAs. */
	{
		struct vhost_user_vring_addr a = {
			.index = 0,
			.desc = r.desc_gpa,
			.used = tguest_uva(&g, r.used_gpa),
			.avail = tguest_uva(&g, r.avail_gpa),
		};

		T_EXPECT(tf_ack(&tf, VHOST_USER_SET_VRING_ADDR, &a, sizeof(a),
				NULL, 0) == 1);
		a.index = 9;
		a.desc = tguest_uva(&g, r.desc_gpa);
		T_EXPECT(tf_ack(&tf, VHOST_USER_SET_VRING_ADDR, &a, sizeof(a),
				NULL, 0) == 1);
	}
	/* Requests with a reply of their own get an empty one on error. */
	T_EXPECT(tf_send(&tf, VHOST_USER_GET_VRING_BASE, VHOST_USER_VERSION,
			 (struct vhost_user_vring_state[]){ { 5, 0 } }, 8, NULL,
			 0) == 0);
	T_EXPECT(tf_recv(&tf, VHOST_USER_GET_VRING_BASE, big, sizeof(big)) == 0);
	T_EXPECT(tf_send(&tf, VHOST_USER_GET_CONFIG, VHOST_USER_VERSION, &cfg,
			 VHOST_USER_CONFIG_HDR + 4, NULL, 0) == 0);
	T_EXPECT(tf_recv(&tf, VHOST_USER_GET_CONFIG, big, sizeof(big)) == 0);
	T_EXPECT(tf_send(&tf, VHOST_USER_IOTLB_MSG, VHOST_USER_VERSION, big, 16,
			 NULL, 0) == 0);
	T_EXPECT(tf_recv(&tf, VHOST_USER_IOTLB_MSG, big, sizeof(big)) == 0);
	/* A valid GET_CONFIG of a device without config space: zeros. */
	memset(cfg.data, 0xaa, 8);
	T_EXPECT(tf_send(&tf, VHOST_USER_GET_CONFIG, VHOST_USER_VERSION, &cfg,
			 VHOST_USER_CONFIG_HDR + 8, NULL, 0) == 0);
	T_EXPECT(tf_recv(&tf, VHOST_USER_GET_CONFIG, &cfg, sizeof(cfg)) ==
		 VHOST_USER_CONFIG_HDR + 8 && cfg.size == 8 && !cfg.data[0]);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_CONFIG, &cfg,
			VHOST_USER_CONFIG_HDR + 8, NULL, 0) == 1);
	/* Unknown and unsupported requests, bad header flags. */
	T_EXPECT(tf_ack(&tf, 99, NULL, 0, NULL, 0) == 1);
	T_EXPECT(tf_ack(&tf, 0, NULL, 0, NULL, 0) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_SET_LOG_FD, NULL, 0, &efd, 1) == 1);
	T_EXPECT(tf_ack(&tf, VHOST_USER_VRING_KICK, big, 8, NULL, 0) == 1);
	T_EXPECT(!tf_send(&tf, 99, VHOST_USER_VERSION, big, 100, NULL, 0));
	T_EXPECT(tf_quiet(&tf));
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_OWNER, 2 | 8, NULL, 0, NULL, 0));
	T_EXPECT(tf_recv(&tf, VHOST_USER_SET_OWNER, &v, 8) == 8 && v == 1);
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_OWNER, NEED_REPLY |
			  VHOST_USER_FLAG_REPLY, NULL, 0, NULL, 0));
	T_EXPECT(tf_recv(&tf, VHOST_USER_SET_OWNER, &v, 8) == 8 && v == 1);
	/* Without NEED_REPLY a failure is silent. */
	T_EXPECT(!tf_send(&tf, VHOST_USER_SET_VRING_NUM, VHOST_USER_VERSION,
			  (struct vhost_user_vring_state[]){ { 0, 3 } }, 8, NULL,
			  0));
	T_EXPECT(tf_quiet(&tf));
	/* More fds than any message carries: they are all closed. */
	for (i = 0; i < 9; i++)
		many[i] = efd;
	T_EXPECT(tf_send(&tf, VHOST_USER_SET_MEM_TABLE, NEED_REPLY, &mt,
			 sizeof(mt), many, 9) < 0 ||
		 tf_recv(&tf, VHOST_USER_SET_MEM_TABLE, &v, 8) == 8);
	/* Still alive and answering. */
	T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_FEATURES, &v) &&
		 v == SCMI_FEATURES);
	T_EXPECT(tf.srv.conn_fd >= 0);
	tf_fini(&tf);
	tguest_fini(&g);
	close(efd);
	T_EXPECT(tf_open_fds() == fds0);
}

static void test_broken_stream(void)
{
	int fds0 = tf_open_fds();
	struct tfront tf;
	uint32_t hdr[3] = { VHOST_USER_SET_FEATURES, VHOST_USER_VERSION, 8 };

	T_ASSERT(!tf_init(&tf, &scmi_model) && !tf_connect_pair(&tf));
	/* Header promising a payload, then EOF. */
	T_EXPECT(send(tf.sock, hdr, sizeof(hdr), 0) == sizeof(hdr));
	shutdown(tf.sock, SHUT_WR);
	tf_pump(&tf);
	T_EXPECT(tf.srv.conn_fd < 0);
	tf_fini(&tf);

	/* A payload larger than anything valid ends the connection. */
	T_ASSERT(!tf_init(&tf, &scmi_model) && !tf_connect_pair(&tf));
	hdr[2] = 64 << 20;
	T_EXPECT(send(tf.sock, hdr, sizeof(hdr), 0) == sizeof(hdr));
	tf_pump(&tf);
	T_EXPECT(tf.srv.conn_fd < 0);
	tf_fini(&tf);
	T_EXPECT(tf_open_fds() == fds0);
}

static int unix_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void test_reconnect(void)
{
	char dir[] = "/tmp/vdev-test-XXXXXX", path[64];
	int fds0 = tf_open_fds(), kick;
	struct vhost_user_mem_reg reg;
	struct tfront tf;
	struct tguest g;
	uint64_t v;
	int round;

	T_ASSERT(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/vdev.sock", dir);
	/* A stale socket file is replaced. */
	T_ASSERT(!tf_init(&tf, &scmi_model));
	T_ASSERT(!vu_server_listen(&tf.srv, path));
	close(tf.srv.listen_fd);
	tf.srv.listen_fd = -1;
	loop_watch_del(&tf.loop, &tf.srv.listen_watch);
	T_EXPECT(unix_connect(path) < 0);
	free(tf.srv.path);
	tf.srv.path = NULL;
	T_ASSERT(!vu_server_listen(&tf.srv, path));
	T_ASSERT(!tguest_init(&g, 1 << 16, 0, 0x1000000, 0x2000000));
	reg = mem_reg(&g);
	for (round = 0; round < 3; round++) {
		tf.sock = unix_connect(path);
		T_ASSERT(tf.sock >= 0);
		tf_pump(&tf);
		T_EXPECT(tf.srv.conn_fd >= 0);
		T_EXPECT(!tf_get_u64(&tf, VHOST_USER_GET_FEATURES, &v));
		T_EXPECT(tf_ack(&tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg),
				&g.fd, 1) == 0);
		kick = eventfd(0, EFD_CLOEXEC);
		T_EXPECT(ack_u64(&tf, VHOST_USER_SET_VRING_KICK, 0, &kick,
				 1) == 0);
		close(kick);
		T_EXPECT(tf.dev.mem.nregions == 1 &&
			 tf.dev.queues[0].kick_fd >= 0);
		close(tf.sock);
		tf.sock = -1;
		tf_pump(&tf);
		/* State dropped, listening again. */
		T_EXPECT(tf.srv.conn_fd < 0 && tf.dev.mem.nregions == 0);
		T_EXPECT(tf.dev.queues[0].kick_fd < 0);
		T_EXPECT(tf.srv.listen_watch.fd >= 0 && !tf.loop.stop);
	}
	/* --once: the first disconnect stops the loop. */
	tf.srv.once = true;
	tf.sock = unix_connect(path);
	tf_pump(&tf);
	close(tf.sock);
	tf.sock = -1;
	tf_pump(&tf);
	T_EXPECT(tf.loop.stop);
	tf_fini(&tf);
	T_EXPECT(access(path, F_OK) < 0);
	rmdir(dir);
	tguest_fini(&g);
	T_EXPECT(tf_open_fds() == fds0);
}

/**
 * vhost_user_tests() - run the protocol test cases
 */
void vhost_user_tests(void)
{
	tap_run("vhost-user: virtio_uml message sequence", test_uml_sequence);
	tap_run("vhost-user: QEMU message sequence", test_qemu_sequence);
	tap_run("vhost-user: no protocol features, rings auto-enabled",
		test_no_protocol_features);
	tap_run("vhost-user: malformed messages get error replies",
		test_malformed);
	tap_run("vhost-user: truncated and oversized stream",
		test_broken_stream);
	tap_run("vhost-user: disconnect, reconnect, --once", test_reconnect);
}
