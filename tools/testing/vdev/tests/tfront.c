// SPDX-License-Identifier: GPL-2.0
/*
 * A test front-end for the vdev back-end, in the same process.
 *
 * Each request is written to our end of a socketpair; tf_pump() then lets
 * the back-end's event loop run until it is idle, so its reply (if any) is
 * already waiting on the socket when we read it. Nothing here blocks.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tfront.h"

/**
 * tf_init() - create a back-end for @model, not connected yet
 * @tf: test front-end
 * @model: device model
 *
 * Return: 0 or a negative errno.
 */
int tf_init(struct tfront *tf, const struct vdev_model *model)
{
	int ret;

	tf->sock = -1;
	ret = loop_init(&tf->loop);
	if (ret)
		return ret;
	ret = vdev_init(&tf->dev, model, &tf->loop);
	if (ret) {
		loop_fini(&tf->loop);
		return ret;
	}
	vu_server_init(&tf->srv, &tf->dev, &tf->loop,
		       VU_DEFAULT_PROTOCOL_FEATURES);
	return 0;
}

/**
 * tf_connect_pair() - connect to the back-end through a socketpair
 * @tf: test front-end
 *
 * Return: 0 or a negative errno.
 */
int tf_connect_pair(struct tfront *tf)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	tf->sock = sv[0];
	return vu_server_attach(&tf->srv, sv[1]);
}

/**
 * tf_fini() - disconnect and free everything
 * @tf: test front-end
 */
void tf_fini(struct tfront *tf)
{
	if (tf->sock >= 0)
		close(tf->sock);
	tf->sock = -1;
	vu_server_fini(&tf->srv);
	vdev_fini(&tf->dev);
	loop_fini(&tf->loop);
}

/**
 * tf_pump() - let the back-end run until it has nothing left to do now
 * @tf: test front-end
 */
void tf_pump(struct tfront *tf)
{
	int i;

	for (i = 0; i < 100 && !tf->loop.stop; i++)
		if (loop_iterate(&tf->loop, 0) <= 0)
			break;
}

/**
 * tf_send() - send one message to the back-end (without pumping)
 * @tf: test front-end
 * @req: request number
 * @flags: header flags, usually VHOST_USER_VERSION [| NEED_REPLY]
 * @payload: payload bytes
 * @size: payload size
 * @fds: fds to pass
 * @nfds: number of @fds, at most TF_MAX_FDS (more than a valid message has)
 *
 * Return: 0 or a negative errno.
 */
int tf_send(struct tfront *tf, uint32_t req, uint32_t flags,
	    const void *payload, uint32_t size, const int *fds,
	    unsigned int nfds)
{
	struct vhost_user_hdr hdr = { req, flags, size };
	char cbuf[CMSG_SPACE(TF_MAX_FDS * sizeof(int))] = { 0 };
	struct iovec iov[2] = {
		{ .iov_base = &hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)payload, .iov_len = size },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = size ? 2 : 1 };
	ssize_t n;

	if (nfds > TF_MAX_FDS)
		return -EINVAL;
	if (nfds) {
		struct cmsghdr *c;

		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	n = sendmsg(tf->sock, &mh, MSG_NOSIGNAL);
	if (n < 0)
		return -errno;
	return (size_t)n == sizeof(hdr) + size ? 0 : -EIO;
}

/**
 * tf_recv() - pump, then read one reply to @req
 * @tf: test front-end
 * @req: request the reply must be for
 * @payload: buffer for the payload
 * @max: size of @payload
 *
 * Return: payload size, or -1 if there was no well-formed reply.
 */
int tf_recv(struct tfront *tf, uint32_t req, void *payload, size_t max)
{
	struct vhost_user_hdr hdr;
	ssize_t n;

	tf_pump(tf);
	n = recv(tf->sock, &hdr, sizeof(hdr), MSG_DONTWAIT);
	if (n != sizeof(hdr) || hdr.request != req ||
	    hdr.flags != (VHOST_USER_VERSION | VHOST_USER_FLAG_REPLY) ||
	    hdr.size > max)
		return -1;
	if (hdr.size && recv(tf->sock, payload, hdr.size, MSG_DONTWAIT) !=
	    (ssize_t)hdr.size)
		return -1;
	return hdr.size;
}

/**
 * tf_ack() - send @req with NEED_REPLY and return the ack
 * @tf: test front-end
 * @req: request number
 * @payload: payload
 * @size: payload size
 * @fds: fds to pass
 * @nfds: number of @fds
 *
 * Return: the acked u64 (0 = success), or -1 if no ack came.
 */
int64_t tf_ack(struct tfront *tf, uint32_t req, const void *payload,
	       uint32_t size, const int *fds, unsigned int nfds)
{
	uint64_t val;

	if (tf_send(tf, req, VHOST_USER_VERSION | VHOST_USER_FLAG_NEED_REPLY,
		    payload, size, fds, nfds))
		return -1;
	if (tf_recv(tf, req, &val, sizeof(val)) != sizeof(val))
		return -1;
	return (int64_t)val;
}

/**
 * tf_get_u64() - send a request without payload that returns a u64
 * @tf: test front-end
 * @req: request number
 * @val: set to the reply
 *
 * Return: 0, or -1 if no proper reply came.
 */
int tf_get_u64(struct tfront *tf, uint32_t req, uint64_t *val)
{
	if (tf_send(tf, req, VHOST_USER_VERSION, NULL, 0, NULL, 0))
		return -1;
	return tf_recv(tf, req, val, sizeof(*val)) == sizeof(*val) ? 0 : -1;
}

/**
 * tf_quiet() - pump and check that the back-end sent nothing
 * @tf: test front-end
 *
 * Return: true if no data waits on our socket.
 */
bool tf_quiet(struct tfront *tf)
{
	struct pollfd p = { .fd = tf->sock, .events = POLLIN };

	tf_pump(tf);
	return poll(&p, 1, 0) == 0;
}

/**
 * tf_open_fds() - count this process's open file descriptors
 *
 * Return: the count, for leak checks.
 */
int tf_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int tdev_vring_fd(struct tdev *t, uint32_t req, unsigned int q, int fd)
{
	uint64_t v = q;

	return tf_ack(&t->tf, req, &v, sizeof(v), &fd, 1) ? -1 : 0;
}

/**
 * tdev_queue() - set queue @q up on a new ring and enable it
 * @t: test device
 * @q: queue index
 * @num: ring size
 *
 * Used at bring-up and, as a driver does after a reset or a queue stop,
 * again later: the queue's eventfds are made once and kept.
 *
 * Return: 0, or -1 if a step failed.
 */
int tdev_queue(struct tdev *t, unsigned int q, unsigned int num)
{
	struct tring *r = &t->ring[q];
	struct vhost_user_vring_state st = { q, num };
	struct vhost_user_vring_addr a = { .index = q };

	tring_init(r, &t->g, num);
	a.desc = tguest_uva(&t->g, r->desc_gpa);
	a.avail = tguest_uva(&t->g, r->avail_gpa);
	a.used = tguest_uva(&t->g, r->used_gpa);
	if (t->kick[q] < 0)
		t->kick[q] = eventfd(0, EFD_CLOEXEC);
	if (t->call[q] < 0)
		t->call[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (t->kick[q] < 0 || t->call[q] < 0)
		return -1;
	if (tdev_vring_fd(t, VHOST_USER_SET_VRING_CALL, q, t->call[q]) ||
	    tf_ack(&t->tf, VHOST_USER_SET_VRING_NUM, &st, sizeof(st), NULL, 0))
		return -1;
	st.num = 0;
	if (tf_ack(&t->tf, VHOST_USER_SET_VRING_BASE, &st, sizeof(st), NULL, 0) ||
	    tf_ack(&t->tf, VHOST_USER_SET_VRING_ADDR, &a, sizeof(a), NULL, 0) ||
	    tdev_vring_fd(t, VHOST_USER_SET_VRING_KICK, q, t->kick[q]))
		return -1;
	st.num = 1;
	return tf_ack(&t->tf, VHOST_USER_SET_VRING_ENABLE, &st, sizeof(st),
		      NULL, 0) ? -1 : 0;
}

/**
 * tdev_start() - QEMU-style bring-up: features, memory, all queues running
 * @t: test device; t->tf must be set up with tf_init()
 * @num: ring size for every queue
 *
 * Guest memory is 1 MiB at guest-physical 0x40000000, seen by the
 * front-end at another address, and starts 4 KiB into its memfd.
 *
 * Return: 0, or -1 if a step failed.
 */
int tdev_start(struct tdev *t, unsigned int num)
{
	uint64_t pf = VU_DEFAULT_PROTOCOL_FEATURES, f;
	struct vhost_user_mem_reg reg = { 0 };
	unsigned int q;

	t->g.fd = -1;
	memset(t->kick, -1, sizeof(t->kick));
	memset(t->call, -1, sizeof(t->call));
	t->nq = t->tf.dev.model->num_queues;
	if (t->nq > TDEV_MAX_QUEUES || tf_connect_pair(&t->tf) ||
	    tguest_init(&t->g, 1 << 20, 4096, 0x40000000, 0x7f0000000000))
		return -1;
	reg.region.gpa = t->g.gpa;
	reg.region.size = t->g.size;
	reg.region.uaddr = t->g.uaddr;
	reg.region.mmap_offset = t->g.file_off;
	if (tf_get_u64(&t->tf, VHOST_USER_GET_FEATURES, &f) ||
	    tf_ack(&t->tf, VHOST_USER_SET_PROTOCOL_FEATURES, &pf, sizeof(pf),
		   NULL, 0) ||
	    tf_ack(&t->tf, VHOST_USER_SET_OWNER, NULL, 0, NULL, 0) ||
	    tf_ack(&t->tf, VHOST_USER_SET_FEATURES, &f, sizeof(f), NULL, 0) ||
	    tf_ack(&t->tf, VHOST_USER_ADD_MEM_REG, &reg, sizeof(reg),
		   &t->g.fd, 1))
		return -1;
	for (q = 0; q < t->nq; q++)
		if (tdev_queue(t, q, num))
			return -1;
	return 0;
}

/**
 * tdev_fini() - disconnect and free everything
 * @t: test device
 */
void tdev_fini(struct tdev *t)
{
	unsigned int q;

	tf_fini(&t->tf);
	for (q = 0; q < TDEV_MAX_QUEUES; q++) {
		if (t->kick[q] >= 0)
			close(t->kick[q]);
		if (t->call[q] >= 0)
			close(t->call[q]);
	}
	tguest_fini(&t->g);
}

/**
 * tdev_kick() - notify queue @q and let the back-end run
 * @t: test device
 * @q: queue
 */
void tdev_kick(struct tdev *t, unsigned int q)
{
	eventfd_write(t->kick[q], 1);
	tf_pump(&t->tf);
}

/**
 * tdev_called() - consume a pending notification of queue @q
 * @t: test device
 * @q: queue
 *
 * Return: true if the back-end signalled the call fd.
 */
bool tdev_called(struct tdev *t, unsigned int q)
{
	eventfd_t v;

	return eventfd_read(t->call[q], &v) == 0;
}
