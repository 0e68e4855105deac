/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SCMI platform for the vdev backend: message format, status codes and the
 * protocol table.
 *
 * Each SCMI protocol lives in its own file and exports a struct
 * scmi_protocol with a handler table indexed by message id. The common
 * messages PROTOCOL_VERSION and PROTOCOL_MESSAGE_ATTRIBUTES are answered by
 * core.c for every protocol; a protocol provides PROTOCOL_ATTRIBUTES and
 * its own messages. To add one, write the file and list it in
 * scmi_protocols[] in core.c.
 */
#ifndef VDEV_SCMI_H
#define VDEV_SCMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest request and response payload handled (header/status excluded). */
#define SCMI_MAX_PAYLOAD		1024
#define SCMI_SHORT_NAME_MAX		16

#define SCMI_PROTOCOL_BASE		0x10

#define SCMI_MSG_PROTOCOL_VERSION		0x0
#define SCMI_MSG_PROTOCOL_ATTRIBUTES		0x1
#define SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES	0x2

/* Message header fields. */
#define SCMI_HDR_ID(h)		((h) & 0xffu)
#define SCMI_HDR_TYPE(h)	(((h) >> 8) & 0x3u)
#define SCMI_HDR_PROTOCOL(h)	(((h) >> 10) & 0xffu)
#define SCMI_HDR_TOKEN(h)	(((h) >> 18) & 0x3ffu)
/* id, protocol and token: what a response echoes (type 0 = command). */
#define SCMI_HDR_ECHO_MASK	0x0ffffcffu

#define SCMI_TYPE_COMMAND	0

enum scmi_status {
	SCMI_SUCCESS = 0,
	SCMI_NOT_SUPPORTED = -1,
	SCMI_INVALID_PARAMETERS = -2,
	SCMI_DENIED = -3,
	SCMI_NOT_FOUND = -4,
	SCMI_OUT_OF_RANGE = -5,
	SCMI_BUSY = -6,
	SCMI_COMMS_ERROR = -7,
	SCMI_GENERIC_ERROR = -8,
	SCMI_HARDWARE_ERROR = -9,
	SCMI_PROTOCOL_ERROR = -10,
};

/**
 * struct scmi_platform - configuration and state of the SCMI platform
 * @vendor: DISCOVER_VENDOR string, at most 15 characters
 * @sub_vendor: DISCOVER_SUB_VENDOR string, at most 15 characters
 * @impl_version: DISCOVER_IMPLEMENTATION_VERSION value
 * @error_notify: the agent enabled Base error notifications
 */
struct scmi_platform {
	const char *vendor;
	const char *sub_vendor;
	uint32_t impl_version;
	bool error_notify;
};

/**
 * struct scmi_xfer - one command being handled
 * @hdr: message header
 * @req: request payload (after the header)
 * @req_len: bytes at @req
 * @resp: response payload (after the status)
 * @resp_len: bytes of @resp filled so far
 * @resp_max: room at @resp
 * @overflow: a handler tried to write past @resp_max
 */
struct scmi_xfer {
	uint32_t hdr;
	const uint8_t *req;
	size_t req_len;
	uint8_t *resp;
	size_t resp_len;
	size_t resp_max;
	bool overflow;
};

/**
 * struct scmi_handler - how one message of a protocol is handled
 * @fn: handler; returns an enum scmi_status and fills the response on
 *	success
 * @req_len: smallest valid request payload; shorter ones get
 *	SCMI_PROTOCOL_ERROR without calling @fn
 */
struct scmi_handler {
	int32_t (*fn)(struct scmi_platform *p, struct scmi_xfer *x);
	size_t req_len;
};

/**
 * struct scmi_protocol - one SCMI protocol
 * @id: protocol id
 * @name: name for logs
 * @version: PROTOCOL_VERSION value (major << 16 | minor)
 * @handlers: table indexed by message id; entries without @fn are
 *	not implemented
 * @num_handlers: entries in @handlers
 */
struct scmi_protocol {
	uint8_t id;
	const char *name;
	uint32_t version;
	const struct scmi_handler *handlers;
	unsigned int num_handlers;
};

extern const struct scmi_protocol scmi_base_protocol;

void scmi_platform_init(struct scmi_platform *p);
void scmi_platform_reset(struct scmi_platform *p);
unsigned int scmi_protocol_list(uint8_t *ids, unsigned int max);
size_t scmi_handle(struct scmi_platform *p, const uint8_t *req,
		   size_t req_len, uint8_t *resp, size_t resp_max);

uint32_t scmi_get_le32(const struct scmi_xfer *x, size_t off);
void scmi_put(struct scmi_xfer *x, const void *data, size_t len);
void scmi_put_le32(struct scmi_xfer *x, uint32_t val);
void scmi_put_name(struct scmi_xfer *x, const char *name);

#endif /* VDEV_SCMI_H */
