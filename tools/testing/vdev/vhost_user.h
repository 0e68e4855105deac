/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vhost-user back-end: wire format and the connection handler.
 *
 * Wire layouts follow the vhost-user specification (QEMU
 * docs/interop/vhost-user.rst). All fields are in host byte order. The
 * header and the payload are kept in separate structures so that no packed
 * structures are needed.
 */
#ifndef VDEV_VHOST_USER_H
#define VDEV_VHOST_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "util.h"
#include "vdev.h"

enum vhost_user_request {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_RESET_OWNER = 4,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_LOG_BASE = 6,
	VHOST_USER_SET_LOG_FD = 7,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_GET_VRING_BASE = 11,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
	VHOST_USER_SET_VRING_ERR = 14,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_QUEUE_NUM = 17,
	VHOST_USER_SET_VRING_ENABLE = 18,
	VHOST_USER_SEND_RARP = 19,
	VHOST_USER_NET_SET_MTU = 20,
	VHOST_USER_SET_BACKEND_REQ_FD = 21,
	VHOST_USER_IOTLB_MSG = 22,
	VHOST_USER_SET_VRING_ENDIAN = 23,
	VHOST_USER_GET_CONFIG = 24,
	VHOST_USER_SET_CONFIG = 25,
	VHOST_USER_CREATE_CRYPTO_SESSION = 26,
	VHOST_USER_CLOSE_CRYPTO_SESSION = 27,
	VHOST_USER_POSTCOPY_ADVISE = 28,
	VHOST_USER_POSTCOPY_LISTEN = 29,
	VHOST_USER_POSTCOPY_END = 30,
	VHOST_USER_GET_INFLIGHT_FD = 31,
	VHOST_USER_SET_INFLIGHT_FD = 32,
	VHOST_USER_GPU_SET_SOCKET = 33,
	VHOST_USER_RESET_DEVICE = 34,
	VHOST_USER_VRING_KICK = 35,
	VHOST_USER_GET_MAX_MEM_SLOTS = 36,
	VHOST_USER_ADD_MEM_REG = 37,
	VHOST_USER_REM_MEM_REG = 38,
	VHOST_USER_SET_STATUS = 39,
	VHOST_USER_GET_STATUS = 40,
	VHOST_USER_GET_SHARED_OBJECT = 41,
	VHOST_USER_SET_DEVICE_STATE_FD = 42,
	VHOST_USER_CHECK_DEVICE_STATE = 43,
	VHOST_USER_REQUEST_MAX,
};

#define VHOST_USER_VERSION		1
#define VHOST_USER_VERSION_MASK		3
#define VHOST_USER_FLAG_REPLY		BIT(2)
#define VHOST_USER_FLAG_NEED_REPLY	BIT(3)

#define VHOST_USER_F_PROTOCOL_FEATURES	30

#define VHOST_USER_PROTOCOL_F_MQ			0
#define VHOST_USER_PROTOCOL_F_REPLY_ACK			3
#define VHOST_USER_PROTOCOL_F_BACKEND_REQ		5
#define VHOST_USER_PROTOCOL_F_CONFIG			9
#define VHOST_USER_PROTOCOL_F_RESET_DEVICE		13
#define VHOST_USER_PROTOCOL_F_CONFIGURE_MEM_SLOTS	15
#define VHOST_USER_PROTOCOL_F_STATUS			16

/* What the back-end offers unless told otherwise; CONFIG is opt-in. */
#define VU_DEFAULT_PROTOCOL_FEATURES \
	(BIT_ULL(VHOST_USER_PROTOCOL_F_REPLY_ACK) | \
	 BIT_ULL(VHOST_USER_PROTOCOL_F_BACKEND_REQ) | \
	 BIT_ULL(VHOST_USER_PROTOCOL_F_RESET_DEVICE) | \
	 BIT_ULL(VHOST_USER_PROTOCOL_F_CONFIGURE_MEM_SLOTS) | \
	 BIT_ULL(VHOST_USER_PROTOCOL_F_STATUS))
/* Everything this back-end can handle. */
#define VU_SUPPORTED_PROTOCOL_FEATURES \
	(VU_DEFAULT_PROTOCOL_FEATURES | \
	 BIT_ULL(VHOST_USER_PROTOCOL_F_MQ) | \
	 BIT_ULL(VHOST_USER_PROTOCOL_F_CONFIG))

#define VHOST_USER_VRING_IDX_MASK	0xffu
#define VHOST_USER_VRING_NOFD		BIT(8)

#define VHOST_USER_MAX_FDS		8
#define VHOST_USER_MEM_REGIONS		8
#define VHOST_USER_MAX_CONFIG		256

struct vhost_user_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
};

struct vhost_user_vring_state {
	uint32_t index;
	uint32_t num;
};

struct vhost_user_vring_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc;
	uint64_t used;
	uint64_t avail;
	uint64_t log;
};

struct vhost_user_region {
	uint64_t gpa;
	uint64_t size;
	uint64_t uaddr;
	uint64_t mmap_offset;
};

struct vhost_user_mem_table {
	uint32_t nregions;
	uint32_t padding;
	struct vhost_user_region regions[VHOST_USER_MEM_REGIONS];
};

struct vhost_user_mem_reg {
	uint64_t padding;
	struct vhost_user_region region;
};

struct vhost_user_config {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t data[VHOST_USER_MAX_CONFIG];
};

#define VHOST_USER_CONFIG_HDR	offsetof(struct vhost_user_config, data)

union vhost_user_payload {
	uint64_t u64;
	struct vhost_user_vring_state state;
	struct vhost_user_vring_addr addr;
	struct vhost_user_mem_table mem;
	struct vhost_user_mem_reg reg;
	struct vhost_user_config config;
};

/**
 * struct vhost_user_msg - a received request or a reply being built
 * @hdr: message header
 * @p: payload (only hdr.size bytes are meaningful)
 * @fds: file descriptors received with the message, -1 once taken
 * @nfds: number of entries in @fds
 */
struct vhost_user_msg {
	struct vhost_user_hdr hdr;
	union vhost_user_payload p;
	int fds[VHOST_USER_MAX_FDS];
	unsigned int nfds;
};

/**
 * struct vu_server - the vhost-user back-end end of one socket
 * @dev: the device served
 * @loop: event loop
 * @path: socket path we listen on, or NULL (vu_server_attach())
 * @listen_fd: listening socket, or -1
 * @conn_fd: connected front-end, or -1
 * @once: stop the loop when the first front-end disconnects
 * @listen_watch: loop watch on @listen_fd while nobody is connected
 * @conn_watch: loop watch on @conn_fd
 * @protocol_offer: protocol feature bits offered
 * @protocol_features: protocol feature bits acked
 * @backend_fd: back-end request channel (BACKEND_REQ), kept open, or -1
 * @status: virtio device status from SET_STATUS
 *
 * One front-end is served at a time; others wait in the listen backlog.
 */
struct vu_server {
	struct vdev *dev;
	struct loop *loop;
	char *path;
	int listen_fd;
	int conn_fd;
	bool once;
	struct loop_watch listen_watch;
	struct loop_watch conn_watch;
	uint64_t protocol_offer;
	uint64_t protocol_features;
	int backend_fd;
	uint64_t status;
};

/* Payload shapes, for validation and -v traces. */
enum vu_payload {
	VU_PAYLOAD_NONE,
	VU_PAYLOAD_U64,
	VU_PAYLOAD_STATE,
	VU_PAYLOAD_ADDR,
	VU_PAYLOAD_MEM,
	VU_PAYLOAD_REG,
	VU_PAYLOAD_CONFIG,
	VU_PAYLOAD_OTHER,
};

/* struct vu_request::nfds: the handler checks the number itself. */
#define VU_FDS_CHECKED	(-1)

/**
 * struct vu_request - how one request type is checked and handled
 * @name: request name for logs
 * @handle: handler, NULL if the request is not supported; returns 0 or a
 *	negative errno, and fills @reply when @has_reply
 * @payload: payload shape
 * @min_size: smallest valid payload size
 * @max_size: largest valid payload size
 * @nfds: exact number of fds expected, or VU_FDS_CHECKED
 * @has_reply: the request is always answered with a payload of its own;
 *	a failed one is answered with an empty payload
 */
struct vu_request {
	const char *name;
	int (*handle)(struct vu_server *s, struct vhost_user_msg *msg,
		      struct vhost_user_msg *reply);
	enum vu_payload payload;
	uint32_t min_size;
	uint32_t max_size;
	int nfds;
	bool has_reply;
};

const struct vu_request *vu_request_get(uint32_t request);
int vu_msg_take_fd(struct vhost_user_msg *msg, unsigned int i);

void vu_server_init(struct vu_server *s, struct vdev *dev, struct loop *loop,
		    uint64_t protocol_offer);
int vu_server_listen(struct vu_server *s, const char *path);
int vu_server_attach(struct vu_server *s, int fd);
void vu_server_fini(struct vu_server *s);

#endif /* VDEV_VHOST_USER_H */
