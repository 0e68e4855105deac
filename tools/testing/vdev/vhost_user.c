// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-user back-end: socket handling, message framing and dispatch.
 *
 * One message is read per readable event. Everything about a message is
 * checked before its handler runs (version, flags, payload size, fds);
 * a message that fails is answered with an error (an empty payload for
 * requests that always get a reply, a non-zero ack when NEED_REPLY is set)
 * and otherwise ignored. Only a broken stream ends the connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "util.h"
#include "vhost_user.h"

/* Payloads up to this size are drained and refused; larger ones disconnect. */
#define VU_DRAIN_MAX	BIT(20)
/* A front-end that stalls in the middle of a message is given up on. */
#define VU_IO_TIMEOUT_S	5

/**
 * vu_server_init() - set up a server with nothing listening or connected
 * @s: server
 * @dev: device to serve; VHOST_USER_F_PROTOCOL_FEATURES is added to its
 *	offered features
 * @loop: event loop
 * @protocol_offer: protocol feature bits to offer
 */
void vu_server_init(struct vu_server *s, struct vdev *dev, struct loop *loop,
		    uint64_t protocol_offer)
{
	memset(s, 0, sizeof(*s));
	s->dev = dev;
	s->loop = loop;
	s->listen_fd = -1;
	s->conn_fd = -1;
	s->backend_fd = -1;
	s->listen_watch.fd = -1;
	s->conn_watch.fd = -1;
	s->protocol_offer = protocol_offer;
	dev->offered_features |= BIT_ULL(VHOST_USER_F_PROTOCOL_FEATURES);
}

static int read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = recv(fd, (char *)buf + done, len - done, 0);

		if (n == 0)
			return -EPIPE;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += n;
	}
	return 0;
}

static void msg_close_fds(struct vhost_user_msg *msg)
{
	unsigned int i;

	for (i = 0; i < msg->nfds; i++)
		if (msg->fds[i] >= 0)
			close(msg->fds[i]);
	msg->nfds = 0;
}

static void msg_collect_fds(struct vhost_user_msg *msg, struct msghdr *mh)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		unsigned int n, i;
		int fds[VHOST_USER_MAX_FDS];

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (n > VHOST_USER_MAX_FDS)
			n = VHOST_USER_MAX_FDS;
		memcpy(fds, CMSG_DATA(c), n * sizeof(int));
		for (i = 0; i < n; i++) {
			if (msg->nfds < VHOST_USER_MAX_FDS)
				msg->fds[msg->nfds++] = fds[i];
			else
				close(fds[i]);
		}
	}
}

/*
 * Read one message. Returns 1 with a message, 0 at end of file, -EBADMSG
 * or -EMSGSIZE for a message that was consumed but cannot be used (fds
 * lost, payload too large), another negative errno if the stream broke.
 */
static int vu_recv(struct vu_server *s, struct vhost_user_msg *msg)
{
	char cbuf[CMSG_SPACE(VHOST_USER_MAX_FDS * sizeof(int))];
	struct iovec iov = {
		.iov_base = &msg->hdr,
		.iov_len = sizeof(msg->hdr),
	};
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	bool lost_fds;
	ssize_t n;
	int ret;

	msg->nfds = 0;
	memset(&msg->p, 0, sizeof(msg->p));
	do {
		n = recvmsg(s->conn_fd, &mh, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n ? -errno : 0;
	msg_collect_fds(msg, &mh);
	lost_fds = mh.msg_flags & MSG_CTRUNC;
	ret = read_full(s->conn_fd, (char *)&msg->hdr + n, sizeof(msg->hdr) - n);
	if (ret)
		return ret;
	if (msg->hdr.size > sizeof(msg->p)) {
		char sink[4096];
		uint32_t left = msg->hdr.size;

		if (left > VU_DRAIN_MAX)
			return -EPROTO;
		while (left && !ret) {
			uint32_t chunk = left < sizeof(sink) ? left : sizeof(sink);

			ret = read_full(s->conn_fd, sink, chunk);
			left -= chunk;
		}
		return ret ? ret : -EMSGSIZE;
	}
	ret = read_full(s->conn_fd, &msg->p, msg->hdr.size);
	if (ret)
		return ret;
	return lost_fds ? -EBADMSG : 1;
}

static int vu_send(struct vu_server *s, const struct vhost_user_msg *reply)
{
	struct iovec iov[2] = {
		{ .iov_base = (void *)&reply->hdr, .iov_len = sizeof(reply->hdr) },
		{ .iov_base = (void *)&reply->p, .iov_len = reply->hdr.size },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	size_t want = sizeof(reply->hdr) + reply->hdr.size;
	ssize_t n;

	do {
		n = sendmsg(s->conn_fd, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == want ? 0 : -EIO;
}

static const char *vu_request_name(uint32_t request)
{
	const struct vu_request *req = vu_request_get(request);

	return req ? req->name : "UNKNOWN";
}

static int trace_region(char *buf, size_t len,
			const struct vhost_user_region *r)
{
	return snprintf(buf, len, " [gpa 0x%llx size 0x%llx uaddr 0x%llx off 0x%llx]",
			(unsigned long long)r->gpa, (unsigned long long)r->size,
			(unsigned long long)r->uaddr,
			(unsigned long long)r->mmap_offset);
}

static void vu_trace_payload(enum vu_payload kind, const struct vhost_user_msg *m,
			     char *buf, size_t len)
{
	const union vhost_user_payload *p = &m->p;
	uint32_t size = m->hdr.size;
	unsigned int i;
	int n;

	buf[0] = '\0';
	switch (kind) {
	case VU_PAYLOAD_U64:
		if (size >= sizeof(p->u64))
			snprintf(buf, len, " 0x%llx", (unsigned long long)p->u64);
		break;
	case VU_PAYLOAD_STATE:
		if (size >= sizeof(p->state))
			snprintf(buf, len, " index %u num %u", p->state.index,
				 p->state.num);
		break;
	case VU_PAYLOAD_ADDR:
		if (size >= sizeof(p->addr))
			snprintf(buf, len,
				 " index %u flags 0x%x desc 0x%llx used 0x%llx avail 0x%llx",
				 p->addr.index, p->addr.flags,
				 (unsigned long long)p->addr.desc,
				 (unsigned long long)p->addr.used,
				 (unsigned long long)p->addr.avail);
		break;
	case VU_PAYLOAD_MEM:
		if (size < offsetof(struct vhost_user_mem_table, regions))
			break;
		n = snprintf(buf, len, " %u regions", p->mem.nregions);
		for (i = 0; i < p->mem.nregions && i < VHOST_USER_MEM_REGIONS &&
		     n > 0 && (size_t)n < len; i++)
			n += trace_region(buf + n, len - n, &p->mem.regions[i]);
		break;
	case VU_PAYLOAD_REG:
		if (size >= sizeof(p->reg))
			trace_region(buf, len, &p->reg.region);
		break;
	case VU_PAYLOAD_CONFIG:
		if (size >= VHOST_USER_CONFIG_HDR)
			snprintf(buf, len, " offset %u size %u flags 0x%x",
				 p->config.offset, p->config.size,
				 p->config.flags);
		break;
	default:
		break;
	}
}

static void vu_trace(const char *dir, const struct vhost_user_msg *m,
		     enum vu_payload kind)
{
	char buf[640];

	if (vlog_get_level() < VLOG_DEBUG)
		return;
	vu_trace_payload(kind, m, buf, sizeof(buf));
	log_dbg("%s %s (%u) flags 0x%x size %u fds %u%s", dir,
		vu_request_name(m->hdr.request), m->hdr.request, m->hdr.flags,
		m->hdr.size, m->nfds, buf);
}

/* Return 0 if @msg may go to its handler. */
static int vu_check(const struct vhost_user_msg *msg,
		    const struct vu_request *req)
{
	uint32_t flags = msg->hdr.flags;

	if ((flags & VHOST_USER_VERSION_MASK) != VHOST_USER_VERSION ||
	    (flags & VHOST_USER_FLAG_REPLY)) {
		log_err("%s: bad flags 0x%x", vu_request_name(msg->hdr.request),
			flags);
		return -EPROTO;
	}
	if (!req) {
		log_err("unknown request %u", msg->hdr.request);
		return -EOPNOTSUPP;
	}
	if (!req->handle) {
		log_err("%s: not supported", req->name);
		return -EOPNOTSUPP;
	}
	if (msg->hdr.size < req->min_size || msg->hdr.size > req->max_size) {
		log_err("%s: bad payload size %u", req->name, msg->hdr.size);
		return -EINVAL;
	}
	if (req->nfds != VU_FDS_CHECKED && msg->nfds != (unsigned int)req->nfds) {
		log_err("%s: %u fds, expected %d", req->name, msg->nfds,
			req->nfds);
		return -EINVAL;
	}
	return 0;
}

/* Handle one message; returns a negative errno if the stream broke. */
static int vu_dispatch(struct vu_server *s, struct vhost_user_msg *msg,
		       int recv_err)
{
	const struct vu_request *req = vu_request_get(msg->hdr.request);
	struct vhost_user_msg reply;
	int ret = recv_err;

	vu_trace("<-", msg, req ? req->payload : VU_PAYLOAD_OTHER);
	if (ret)
		log_err("%s: %s", vu_request_name(msg->hdr.request),
			ret == -EMSGSIZE ? "payload too large" : "fds lost");
	else
		ret = vu_check(msg, req);
	memset(&reply.hdr, 0, sizeof(reply.hdr));
	reply.nfds = 0;
	if (!ret) {
		ret = req->handle(s, msg, &reply);
		if (ret)
			log_err("%s failed: %s", req->name, strerror(-ret));
	}
	msg_close_fds(msg);

	reply.hdr.request = msg->hdr.request;
	reply.hdr.flags = VHOST_USER_VERSION | VHOST_USER_FLAG_REPLY;
	if (req && req->has_reply) {
		if (ret)
			reply.hdr.size = 0;
	} else if (msg->hdr.flags & VHOST_USER_FLAG_NEED_REPLY) {
		reply.p.u64 = ret ? 1 : 0;
		reply.hdr.size = sizeof(reply.p.u64);
	} else {
		return 0;
	}
	/* Replies of their own echo the request's shape, or are a u64. */
	if (req && req->has_reply && req->payload != VU_PAYLOAD_NONE)
		vu_trace("->", &reply, req->payload);
	else
		vu_trace("->", &reply, VU_PAYLOAD_U64);
	return vu_send(s, &reply);
}

static void vu_listen_ready(struct loop_watch *w, uint32_t events);

static void vu_disconnect(struct vu_server *s)
{
	if (s->conn_fd < 0)
		return;
	log_info("front-end disconnected");
	loop_watch_del(s->loop, &s->conn_watch);
	close(s->conn_fd);
	s->conn_fd = -1;
	if (s->backend_fd >= 0)
		close(s->backend_fd);
	s->backend_fd = -1;
	vdev_disconnect(s->dev);
	s->protocol_features = 0;
	s->status = 0;
	if (s->once) {
		loop_stop(s->loop);
		return;
	}
	if (s->listen_fd >= 0 &&
	    loop_watch_add(s->loop, &s->listen_watch, s->listen_fd,
			   vu_listen_ready)) {
		log_err("cannot watch the listening socket");
		loop_stop(s->loop);
	}
}

static void vu_conn_ready(struct loop_watch *w, uint32_t events)
{
	struct vu_server *s = vlist_entry(w, struct vu_server, conn_watch);
	struct vhost_user_msg msg;
	int ret;

	ret = vu_recv(s, &msg);
	if (ret == 1 || ret == -EBADMSG || ret == -EMSGSIZE) {
		ret = vu_dispatch(s, &msg, ret == 1 ? 0 : ret);
		if (!ret)
			return;
	} else {
		msg_close_fds(&msg);
	}
	if (ret && ret != -EPIPE)
		log_err("connection: %s", strerror(-ret));
	vu_disconnect(s);
}

/**
 * vu_server_attach() - serve a connected socket
 * @s: server with no connection
 * @fd: connected stream socket; the server owns it from now on
 *
 * Return: 0 or a negative errno (@fd is closed then).
 */
int vu_server_attach(struct vu_server *s, int fd)
{
	struct timeval tv = { .tv_sec = VU_IO_TIMEOUT_S };
	int ret;

	if (s->conn_fd >= 0) {
		close(fd);
		return -EBUSY;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	ret = loop_watch_add(s->loop, &s->conn_watch, fd, vu_conn_ready);
	if (ret) {
		close(fd);
		return ret;
	}
	s->conn_fd = fd;
	loop_watch_del(s->loop, &s->listen_watch);
	log_info("front-end connected");
	return 0;
}

static void vu_listen_ready(struct loop_watch *w, uint32_t events)
{
	struct vu_server *s = vlist_entry(w, struct vu_server, listen_watch);
	int fd, ret;

	fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0) {
		log_err("accept: %s", strerror(errno));
		return;
	}
	ret = vu_server_attach(s, fd);
	if (ret)
		log_err("cannot serve the new connection: %s", strerror(-ret));
}

/* Bind and listen on @path, which must not exist. */
static int listen_at(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 4) < 0) {
		int ret = -errno;

		close(fd);
		unlink(path);
		return ret;
	}
	return fd;
}

/**
 * vu_server_listen() - listen on a unix socket at @path
 * @s: server
 * @path: socket path; a stale socket there is replaced
 *
 * The socket is bound under a temporary name and renamed to @path once it
 * listens, so whoever waits for @path to appear can connect at once.
 *
 * Return: 0 or a negative errno.
 */
int vu_server_listen(struct vu_server *s, const char *path)
{
	struct stat st;
	char *tmp;
	int fd, ret;

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return -EEXIST;
		unlink(path);
	}
	if (asprintf(&tmp, "%s.%d", path, (int)getpid()) < 0)
		return -ENOMEM;
	fd = listen_at(tmp);
	if (fd >= 0 && rename(tmp, path) < 0) {
		ret = -errno;
		close(fd);
		unlink(tmp);
		fd = ret;
	}
	free(tmp);
	if (fd < 0)
		return fd;
	s->path = strdup(path);
	s->listen_fd = fd;
	ret = s->path ? loop_watch_add(s->loop, &s->listen_watch, fd,
				       vu_listen_ready) : -ENOMEM;
	if (ret) {
		vu_server_fini(s);
		return ret;
	}
	log_info("listening on %s", path);
	return 0;
}

/**
 * vu_server_fini() - drop the connection, stop listening, remove the socket
 * @s: server
 */
void vu_server_fini(struct vu_server *s)
{
	s->once = false;
	vu_disconnect(s);
	loop_watch_del(s->loop, &s->listen_watch);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	s->listen_fd = -1;
	if (s->path)
		unlink(s->path);
	free(s->path);
	s->path = NULL;
}
