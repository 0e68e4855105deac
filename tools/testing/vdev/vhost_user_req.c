// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-user request handlers.
 *
 * vhost_user.c has already checked the header, the payload size against
 * the table at the bottom of this file and, where the table says so, the
 * number of fds. Handlers check the payload contents. File descriptors a
 * handler does not take with vu_msg_take_fd() are closed by the caller.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "vhost_user.h"

/**
 * vu_msg_take_fd() - take ownership of fd @i of @msg
 * @msg: received message
 * @i: index into @msg->fds
 *
 * Return: the fd; @msg no longer closes it.
 */
int vu_msg_take_fd(struct vhost_user_msg *msg, unsigned int i)
{
	int fd = msg->fds[i];

	msg->fds[i] = -1;
	return fd;
}

static void reply_u64(struct vhost_user_msg *reply, uint64_t val)
{
	reply->p.u64 = val;
	reply->hdr.size = sizeof(reply->p.u64);
}

static int vu_get_features(struct vu_server *s, struct vhost_user_msg *msg,
			   struct vhost_user_msg *reply)
{
	reply_u64(reply, s->dev->offered_features);
	return 0;
}

static int vu_set_features(struct vu_server *s, struct vhost_user_msg *msg,
			   struct vhost_user_msg *reply)
{
	uint64_t f = msg->p.u64;

	if (f & ~s->dev->offered_features) {
		log_err("SET_FEATURES 0x%llx has bits not offered (0x%llx)",
			(unsigned long long)f,
			(unsigned long long)s->dev->offered_features);
		return -EINVAL;
	}
	/* Without protocol features there is no SET_VRING_ENABLE. */
	vdev_set_features(s->dev, f,
			  !(f & BIT_ULL(VHOST_USER_F_PROTOCOL_FEATURES)));
	return 0;
}

static int vu_get_protocol_features(struct vu_server *s,
				    struct vhost_user_msg *msg,
				    struct vhost_user_msg *reply)
{
	reply_u64(reply, s->protocol_offer);
	return 0;
}

static int vu_set_protocol_features(struct vu_server *s,
				    struct vhost_user_msg *msg,
				    struct vhost_user_msg *reply)
{
	uint64_t f = msg->p.u64;

	if (f & ~s->protocol_offer) {
		log_err("SET_PROTOCOL_FEATURES 0x%llx has bits not offered (0x%llx)",
			(unsigned long long)f,
			(unsigned long long)s->protocol_offer);
		return -EINVAL;
	}
	s->protocol_features = f;
	return 0;
}

static int vu_set_owner(struct vu_server *s, struct vhost_user_msg *msg,
			struct vhost_user_msg *reply)
{
	return 0;
}

/* Deprecated; the spec recommends ignoring it. */
static int vu_reset_owner(struct vu_server *s, struct vhost_user_msg *msg,
			  struct vhost_user_msg *reply)
{
	log_info("ignoring deprecated RESET_OWNER");
	return 0;
}

static int region_map(const struct vhost_user_region *w, int fd,
		      struct vdev_mem_region *r)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->gpa = w->gpa;
	r->size = w->size;
	r->uaddr = w->uaddr;
	r->mmap_offset = w->mmap_offset;
	ret = vdev_mem_region_map(r, fd);
	if (ret)
		log_err("cannot map region gpa 0x%llx size 0x%llx offset 0x%llx: %s",
			(unsigned long long)w->gpa, (unsigned long long)w->size,
			(unsigned long long)w->mmap_offset, strerror(-ret));
	return ret;
}

static int vu_set_mem_table(struct vu_server *s, struct vhost_user_msg *msg,
			    struct vhost_user_msg *reply)
{
	const struct vhost_user_mem_table *t = &msg->p.mem;
	struct vdev_mem new;
	unsigned int i;
	int ret = 0;

	if (t->nregions > VHOST_USER_MEM_REGIONS ||
	    msg->hdr.size < offsetof(struct vhost_user_mem_table,
				     regions[t->nregions]) ||
	    msg->nfds != t->nregions) {
		log_err("SET_MEM_TABLE: %u regions, %u fds, size %u",
			t->nregions, msg->nfds, msg->hdr.size);
		return -EINVAL;
	}
	vdev_mem_init(&new);
	for (i = 0; i < t->nregions && !ret; i++) {
		struct vdev_mem_region r;

		ret = region_map(&t->regions[i], msg->fds[i], &r);
		if (ret)
			break;
		ret = vdev_mem_insert(&new, &r);
		if (ret) {
			log_err("SET_MEM_TABLE: region %u overlaps another", i);
			vdev_mem_region_unmap(&r);
		}
	}
	if (ret) {
		vdev_mem_clear(&new);
		return ret;
	}
	vdev_queues_suspend(s->dev);
	vdev_mem_clear(&s->dev->mem);
	s->dev->mem = new;
	vdev_queues_resume(s->dev);
	return 0;
}

static int vu_get_max_mem_slots(struct vu_server *s, struct vhost_user_msg *msg,
				struct vhost_user_msg *reply)
{
	reply_u64(reply, VDEV_MEM_MAX_REGIONS);
	return 0;
}

static bool region_same(const struct vdev_mem_region *r,
			const struct vhost_user_region *w)
{
	return r->gpa == w->gpa && r->size == w->size && r->uaddr == w->uaddr;
}

static int vu_add_mem_reg(struct vu_server *s, struct vhost_user_msg *msg,
			  struct vhost_user_msg *reply)
{
	const struct vhost_user_region *w = &msg->p.reg.region;
	struct vdev_mem *mem = &s->dev->mem;
	struct vdev_mem_region r;
	unsigned int i;
	int ret;

	for (i = 0; i < mem->nregions; i++)
		if (region_same(&mem->regions[i], w))
			return 0;
	ret = region_map(w, msg->fds[0], &r);
	if (ret)
		return ret;
	ret = vdev_mem_insert(mem, &r);
	if (ret) {
		log_err("ADD_MEM_REG: %s", ret == -ENOSPC ? "table full" :
			"region overlaps another");
		vdev_mem_region_unmap(&r);
		return ret;
	}
	vdev_queues_resume(s->dev);
	return 0;
}

static int vu_rem_mem_reg(struct vu_server *s, struct vhost_user_msg *msg,
			  struct vhost_user_msg *reply)
{
	const struct vhost_user_region *w = &msg->p.reg.region;
	int ret;

	/* The spec allows (and says to close) one stray fd. */
	if (msg->nfds > 1)
		return -EINVAL;
	vdev_queues_suspend(s->dev);
	ret = vdev_mem_remove(&s->dev->mem, w->gpa, w->size, w->uaddr);
	vdev_queues_resume(s->dev);
	if (ret)
		log_err("REM_MEM_REG: no region gpa 0x%llx size 0x%llx",
			(unsigned long long)w->gpa, (unsigned long long)w->size);
	return ret;
}

static struct vdev_queue *msg_queue(struct vu_server *s, uint32_t index)
{
	struct vdev_queue *q = vdev_queue(s->dev, index);

	if (!q)
		log_err("queue index %u out of range", index);
	return q;
}

static int vu_set_vring_num(struct vu_server *s, struct vhost_user_msg *msg,
			    struct vhost_user_msg *reply)
{
	struct vdev_queue *q = msg_queue(s, msg->p.state.index);
	uint32_t num = msg->p.state.num;

	if (!q)
		return -EINVAL;
	if (!num || num > VIRTQ_MAX_SIZE || (num & (num - 1))) {
		log_err("queue %u: bad ring size %u", q->index, num);
		return -EINVAL;
	}
	vdev_queue_deactivate(q);
	q->num = num;
	vdev_queue_update(q);
	return 0;
}

static int vu_set_vring_addr(struct vu_server *s, struct vhost_user_msg *msg,
			     struct vhost_user_msg *reply)
{
	const struct vhost_user_vring_addr *a = &msg->p.addr;
	struct vdev_queue *q = msg_queue(s, a->index);
	const struct vdev_mem *mem = &s->dev->mem;
	unsigned int num;

	if (!q)
		return -EINVAL;
	/* Check now if we can, so that the front-end hears about it. */
	num = q->num ? q->num : 1;
	if (mem->nregions &&
	    (!vdev_mem_uva(mem, a->desc, virtq_desc_size(num)) ||
	     !vdev_mem_uva(mem, a->avail, virtq_avail_size(num)) ||
	     !vdev_mem_uva(mem, a->used, virtq_used_size(num)))) {
		log_err("queue %u: ring addresses not in guest memory", q->index);
		return -EINVAL;
	}
	vdev_queue_deactivate(q);
	q->desc_addr = a->desc;
	q->avail_addr = a->avail;
	q->used_addr = a->used;
	q->addr_set = true;
	vdev_queue_update(q);
	return 0;
}

static int vu_set_vring_base(struct vu_server *s, struct vhost_user_msg *msg,
			     struct vhost_user_msg *reply)
{
	struct vdev_queue *q = msg_queue(s, msg->p.state.index);

	/* Split rings only: bits 16-31 are reserved. */
	if (!q || msg->p.state.num > UINT16_MAX)
		return -EINVAL;
	vdev_queue_deactivate(q);
	q->base = msg->p.state.num;
	vdev_queue_update(q);
	return 0;
}

static int vu_get_vring_base(struct vu_server *s, struct vhost_user_msg *msg,
			     struct vhost_user_msg *reply)
{
	struct vdev_queue *q = msg_queue(s, msg->p.state.index);

	if (!q)
		return -EINVAL;
	vdev_queue_stop(q);
	reply->p.state.index = q->index;
	reply->p.state.num = q->base;
	reply->hdr.size = sizeof(reply->p.state);
	return 0;
}

/* Decode the u64 of SET_VRING_KICK/CALL/ERR; returns the queue or NULL. */
static struct vdev_queue *vring_fd_msg(struct vu_server *s,
				       struct vhost_user_msg *msg, int *fd)
{
	uint64_t v = msg->p.u64;
	bool nofd = v & VHOST_USER_VRING_NOFD;
	struct vdev_queue *q;

	*fd = -1;
	if (v & ~(uint64_t)(VHOST_USER_VRING_IDX_MASK | VHOST_USER_VRING_NOFD) ||
	    msg->nfds != (nofd ? 0 : 1)) {
		log_err("vring fd message 0x%llx with %u fds",
			(unsigned long long)v, msg->nfds);
		return NULL;
	}
	q = msg_queue(s, v & VHOST_USER_VRING_IDX_MASK);
	if (q && !nofd)
		*fd = vu_msg_take_fd(msg, 0);
	return q;
}

static int vu_set_vring_kick(struct vu_server *s, struct vhost_user_msg *msg,
			     struct vhost_user_msg *reply)
{
	struct vdev_queue *q;
	int fd;

	if (msg->p.u64 & VHOST_USER_VRING_NOFD) {
		log_err("SET_VRING_KICK without fd (polling) is not supported");
		return -EOPNOTSUPP;
	}
	q = vring_fd_msg(s, msg, &fd);
	if (!q)
		return -EINVAL;
	return vdev_queue_set_kick(q, fd);
}

static int vu_set_vring_call(struct vu_server *s, struct vhost_user_msg *msg,
			     struct vhost_user_msg *reply)
{
	struct vdev_queue *q;
	int fd;

	q = vring_fd_msg(s, msg, &fd);
	if (!q)
		return -EINVAL;
	vdev_queue_set_call(q, fd);
	return 0;
}

static int vu_set_vring_err(struct vu_server *s, struct vhost_user_msg *msg,
			    struct vhost_user_msg *reply)
{
	struct vdev_queue *q;
	int fd;

	q = vring_fd_msg(s, msg, &fd);
	if (!q)
		return -EINVAL;
	vdev_queue_set_err(q, fd);
	return 0;
}

static int vu_get_queue_num(struct vu_server *s, struct vhost_user_msg *msg,
			    struct vhost_user_msg *reply)
{
	reply_u64(reply, s->dev->model->num_queues);
	return 0;
}

static int vu_set_vring_enable(struct vu_server *s, struct vhost_user_msg *msg,
			       struct vhost_user_msg *reply)
{
	struct vdev_queue *q = msg_queue(s, msg->p.state.index);

	if (!q || msg->p.state.num > 1)
		return -EINVAL;
	q->enabled = msg->p.state.num;
	vdev_queue_update(q);
	return 0;
}

static int vu_set_backend_req_fd(struct vu_server *s,
				 struct vhost_user_msg *msg,
				 struct vhost_user_msg *reply)
{
	/*
	 * Keep it open for the whole connection: virtio_uml treats the
	 * channel closing as a broken device.
	 */
	if (s->backend_fd >= 0)
		close(s->backend_fd);
	s->backend_fd = vu_msg_take_fd(msg, 0);
	return 0;
}

static bool config_msg_ok(const struct vhost_user_msg *msg)
{
	const struct vhost_user_config *c = &msg->p.config;

	return c->size <= VHOST_USER_MAX_CONFIG &&
	       msg->hdr.size == VHOST_USER_CONFIG_HDR + c->size;
}

static int vu_get_config(struct vu_server *s, struct vhost_user_msg *msg,
			 struct vhost_user_msg *reply)
{
	const struct vhost_user_config *c = &msg->p.config;

	if (!config_msg_ok(msg))
		return -EINVAL;
	reply->p.config.offset = c->offset;
	reply->p.config.size = c->size;
	reply->p.config.flags = c->flags;
	vdev_get_config(s->dev, c->offset, reply->p.config.data, c->size);
	reply->hdr.size = msg->hdr.size;
	return 0;
}

static int vu_set_config(struct vu_server *s, struct vhost_user_msg *msg,
			 struct vhost_user_msg *reply)
{
	const struct vhost_user_config *c = &msg->p.config;
	const struct vdev_model *m = s->dev->model;

	if (!config_msg_ok(msg) || !m->set_config ||
	    c->offset > m->config_size || c->size > m->config_size - c->offset)
		return -EINVAL;
	return m->set_config(s->dev, c->offset, c->data, c->size);
}

static int vu_reset_device(struct vu_server *s, struct vhost_user_msg *msg,
			   struct vhost_user_msg *reply)
{
	vdev_reset(s->dev);
	s->status = 0;
	return 0;
}

static int vu_set_status(struct vu_server *s, struct vhost_user_msg *msg,
			 struct vhost_user_msg *reply)
{
	if (msg->p.u64 > UINT8_MAX)
		return -EINVAL;
	s->status = msg->p.u64;
	return 0;
}

static int vu_get_status(struct vu_server *s, struct vhost_user_msg *msg,
			 struct vhost_user_msg *reply)
{
	reply_u64(reply, s->status);
	return 0;
}

#define U64_SIZE	sizeof(uint64_t)
#define STATE_SIZE	sizeof(struct vhost_user_vring_state)
#define REG_SIZE	sizeof(struct vhost_user_mem_reg)

#define REQ(_req, _fn, _payload, _min, _max, _nfds, _reply)		\
	[VHOST_USER_##_req] = {						\
		.name = #_req, .handle = _fn, .payload = _payload,	\
		.min_size = _min, .max_size = _max, .nfds = _nfds,	\
		.has_reply = _reply,					\
	}
#define REQ_NONE(_req, _fn, _reply)					\
	REQ(_req, _fn, VU_PAYLOAD_NONE, 0, 0, 0, _reply)
#define REQ_U64(_req, _fn, _nfds, _reply)				\
	REQ(_req, _fn, VU_PAYLOAD_U64, U64_SIZE, U64_SIZE, _nfds, _reply)
#define REQ_STATE(_req, _fn, _reply)					\
	REQ(_req, _fn, VU_PAYLOAD_STATE, STATE_SIZE, STATE_SIZE, 0, _reply)
/* Known but not supported: refused, answered if a reply is mandatory. */
#define REQ_UNSUPPORTED(_req, _reply)					\
	REQ(_req, NULL, VU_PAYLOAD_OTHER, 0, UINT32_MAX, VU_FDS_CHECKED, _reply)

static const struct vu_request vu_requests[VHOST_USER_REQUEST_MAX] = {
	REQ_NONE(GET_FEATURES, vu_get_features, true),
	REQ_U64(SET_FEATURES, vu_set_features, 0, false),
	REQ_NONE(SET_OWNER, vu_set_owner, false),
	REQ_NONE(RESET_OWNER, vu_reset_owner, false),
	REQ(SET_MEM_TABLE, vu_set_mem_table, VU_PAYLOAD_MEM,
	    offsetof(struct vhost_user_mem_table, regions),
	    sizeof(struct vhost_user_mem_table), VU_FDS_CHECKED, false),
	REQ_UNSUPPORTED(SET_LOG_BASE, true),
	REQ_UNSUPPORTED(SET_LOG_FD, false),
	REQ_STATE(SET_VRING_NUM, vu_set_vring_num, false),
	REQ(SET_VRING_ADDR, vu_set_vring_addr, VU_PAYLOAD_ADDR,
	    sizeof(struct vhost_user_vring_addr),
	    sizeof(struct vhost_user_vring_addr), 0, false),
	REQ_STATE(SET_VRING_BASE, vu_set_vring_base, false),
	REQ_STATE(GET_VRING_BASE, vu_get_vring_base, true),
	REQ_U64(SET_VRING_KICK, vu_set_vring_kick, VU_FDS_CHECKED, false),
	REQ_U64(SET_VRING_CALL, vu_set_vring_call, VU_FDS_CHECKED, false),
	REQ_U64(SET_VRING_ERR, vu_set_vring_err, VU_FDS_CHECKED, false),
	REQ_NONE(GET_PROTOCOL_FEATURES, vu_get_protocol_features, true),
	REQ_U64(SET_PROTOCOL_FEATURES, vu_set_protocol_features, 0, false),
	REQ_NONE(GET_QUEUE_NUM, vu_get_queue_num, true),
	REQ_STATE(SET_VRING_ENABLE, vu_set_vring_enable, false),
	REQ_UNSUPPORTED(SEND_RARP, false),
	REQ_UNSUPPORTED(NET_SET_MTU, false),
	REQ(SET_BACKEND_REQ_FD, vu_set_backend_req_fd, VU_PAYLOAD_NONE, 0,
	    U64_SIZE, 1, false),
	REQ_UNSUPPORTED(IOTLB_MSG, true),
	REQ_UNSUPPORTED(SET_VRING_ENDIAN, false),
	REQ(GET_CONFIG, vu_get_config, VU_PAYLOAD_CONFIG, VHOST_USER_CONFIG_HDR,
	    sizeof(struct vhost_user_config), 0, true),
	REQ(SET_CONFIG, vu_set_config, VU_PAYLOAD_CONFIG, VHOST_USER_CONFIG_HDR,
	    sizeof(struct vhost_user_config), 0, false),
	REQ_UNSUPPORTED(CREATE_CRYPTO_SESSION, true),
	REQ_UNSUPPORTED(CLOSE_CRYPTO_SESSION, false),
	REQ_UNSUPPORTED(POSTCOPY_ADVISE, true),
	REQ_UNSUPPORTED(POSTCOPY_LISTEN, false),
	REQ_UNSUPPORTED(POSTCOPY_END, true),
	REQ_UNSUPPORTED(GET_INFLIGHT_FD, true),
	REQ_UNSUPPORTED(SET_INFLIGHT_FD, false),
	REQ_UNSUPPORTED(GPU_SET_SOCKET, false),
	REQ_NONE(RESET_DEVICE, vu_reset_device, false),
	REQ_UNSUPPORTED(VRING_KICK, false),
	REQ_NONE(GET_MAX_MEM_SLOTS, vu_get_max_mem_slots, true),
	REQ(ADD_MEM_REG, vu_add_mem_reg, VU_PAYLOAD_REG, REG_SIZE, REG_SIZE,
	    1, false),
	REQ(REM_MEM_REG, vu_rem_mem_reg, VU_PAYLOAD_REG, REG_SIZE, REG_SIZE,
	    VU_FDS_CHECKED, false),
	REQ_U64(SET_STATUS, vu_set_status, 0, false),
	REQ_NONE(GET_STATUS, vu_get_status, true),
	REQ_UNSUPPORTED(GET_SHARED_OBJECT, true),
	REQ_UNSUPPORTED(SET_DEVICE_STATE_FD, true),
	REQ_UNSUPPORTED(CHECK_DEVICE_STATE, true),
};

/**
 * vu_request_get() - look up how to handle a request
 * @request: request number from the header
 *
 * Return: the table entry, or NULL for an unknown request.
 */
const struct vu_request *vu_request_get(uint32_t request)
{
	if (request >= VHOST_USER_REQUEST_MAX || !vu_requests[request].name)
		return NULL;
	return &vu_requests[request];
}
