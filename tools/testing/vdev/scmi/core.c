// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI platform core: message decoding, protocol dispatch, the messages
 * common to every protocol, and payload helpers.
 *
 * Status choices for malformed commands: a payload shorter than the
 * message needs, a request larger than SCMI_MAX_PAYLOAD, or a message type
 * other than command gets PROTOCOL_ERROR; a reply that does not fit the
 * agent's buffer gets COMMS_ERROR. Every failed command is answered with
 * just the header and the status.
 */
#include <endian.h>
#include <string.h>

#include "../log.h"
#include "../util.h"
#include "scmi.h"

/* The protocols this platform implements; Base must be first. */
static const struct scmi_protocol *const scmi_protocols[] = {
	&scmi_base_protocol,
};

/**
 * scmi_platform_init() - default configuration, initial state
 * @p: platform
 */
void scmi_platform_init(struct scmi_platform *p)
{
	memset(p, 0, sizeof(*p));
	p->vendor = "vdev";
	p->sub_vendor = "";
	p->impl_version = 0x00010000;
}

/**
 * scmi_platform_reset() - back to the state after boot, keeping options
 * @p: platform
 */
void scmi_platform_reset(struct scmi_platform *p)
{
	p->error_notify = false;
}

static const struct scmi_protocol *scmi_protocol_find(uint8_t id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(scmi_protocols); i++)
		if (scmi_protocols[i]->id == id)
			return scmi_protocols[i];
	return NULL;
}

/**
 * scmi_protocol_list() - ids of the implemented protocols other than Base
 * @ids: array to fill, may be NULL when @max is 0
 * @max: room in @ids
 *
 * Return: the number of such protocols (may exceed @max).
 */
unsigned int scmi_protocol_list(uint8_t *ids, unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(scmi_protocols); i++) {
		if (scmi_protocols[i]->id == SCMI_PROTOCOL_BASE)
			continue;
		if (n < max)
			ids[n] = scmi_protocols[i]->id;
		n++;
	}
	return n;
}

/**
 * scmi_get_le32() - read a little-endian word of the request payload
 * @x: transfer
 * @off: byte offset; the caller checked that 4 bytes are there
 *
 * Return: the value.
 */
uint32_t scmi_get_le32(const struct scmi_xfer *x, size_t off)
{
	uint32_t v;

	memcpy(&v, x->req + off, sizeof(v));
	return le32toh(v);
}

/**
 * scmi_put() - append bytes to the response payload
 * @x: transfer
 * @data: bytes
 * @len: count; if they do not fit, @x->overflow is set instead
 */
void scmi_put(struct scmi_xfer *x, const void *data, size_t len)
{
	if (len > x->resp_max - x->resp_len) {
		x->overflow = true;
		return;
	}
	memcpy(x->resp + x->resp_len, data, len);
	x->resp_len += len;
}

/**
 * scmi_put_le32() - append a little-endian word to the response payload
 * @x: transfer
 * @val: value
 */
void scmi_put_le32(struct scmi_xfer *x, uint32_t val)
{
	uint32_t v = htole32(val);

	scmi_put(x, &v, sizeof(v));
}

/**
 * scmi_put_name() - append a short name: SCMI_SHORT_NAME_MAX bytes, NUL
 *	padded and always NUL terminated
 * @x: transfer
 * @name: string
 */
void scmi_put_name(struct scmi_xfer *x, const char *name)
{
	char buf[SCMI_SHORT_NAME_MAX] = { 0 };

	memcpy(buf, name, strnlen(name, sizeof(buf) - 1));
	scmi_put(x, buf, sizeof(buf));
}

static bool scmi_implemented(const struct scmi_protocol *proto, uint32_t id)
{
	return id == SCMI_MSG_PROTOCOL_VERSION ||
	       id == SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES ||
	       (id < proto->num_handlers && proto->handlers[id].fn);
}

static int32_t scmi_dispatch(struct scmi_platform *p, struct scmi_xfer *x)
{
	const struct scmi_protocol *proto;
	const struct scmi_handler *h;
	uint32_t id = SCMI_HDR_ID(x->hdr);

	if (SCMI_HDR_TYPE(x->hdr) != SCMI_TYPE_COMMAND)
		return SCMI_PROTOCOL_ERROR;
	proto = scmi_protocol_find(SCMI_HDR_PROTOCOL(x->hdr));
	if (!proto)
		return SCMI_NOT_SUPPORTED;
	switch (id) {
	case SCMI_MSG_PROTOCOL_VERSION:
		scmi_put_le32(x, proto->version);
		return SCMI_SUCCESS;
	case SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
		if (x->req_len < sizeof(uint32_t))
			return SCMI_PROTOCOL_ERROR;
		if (!scmi_implemented(proto, scmi_get_le32(x, 0)))
			return SCMI_NOT_FOUND;
		scmi_put_le32(x, 0);
		return SCMI_SUCCESS;
	}
	if (!scmi_implemented(proto, id))
		return SCMI_NOT_SUPPORTED;
	h = &proto->handlers[id];
	if (x->req_len < h->req_len)
		return SCMI_PROTOCOL_ERROR;
	return h->fn(p, x);
}

/**
 * scmi_handle() - answer one SCMI command
 * @p: platform
 * @req: the command: le32 header, then the payload; holds
 *	min(@req_len, 4 + SCMI_MAX_PAYLOAD) bytes
 * @req_len: full length of the command as the agent sent it
 * @resp: response buffer
 * @resp_max: room at @resp (the agent's buffer or less)
 *
 * The response is the header (type 0, same protocol, message id and
 * token), the le32 status and, on success, the payload.
 *
 * Return: response length, or 0 if there is no header to answer or no
 * room for header and status.
 */
size_t scmi_handle(struct scmi_platform *p, const uint8_t *req,
		   size_t req_len, uint8_t *resp, size_t resp_max)
{
	struct scmi_xfer x = { 0 };
	uint32_t hdr, word;
	int32_t status;

	if (req_len < sizeof(hdr) || resp_max < 2 * sizeof(word)) {
		log_err("scmi: command of %zu bytes with a %zu byte reply buffer dropped",
			req_len, resp_max);
		return 0;
	}
	memcpy(&hdr, req, sizeof(hdr));
	x.hdr = le32toh(hdr);
	x.req = req + sizeof(hdr);
	x.req_len = req_len - sizeof(hdr);
	x.resp = resp + 2 * sizeof(word);
	x.resp_max = resp_max - 2 * sizeof(word);
	if (x.req_len > SCMI_MAX_PAYLOAD)
		status = SCMI_PROTOCOL_ERROR;
	else
		status = scmi_dispatch(p, &x);
	if (status == SCMI_SUCCESS && x.overflow)
		status = SCMI_COMMS_ERROR;
	if (status != SCMI_SUCCESS)
		x.resp_len = 0;
	log_dbg("scmi: protocol 0x%x msg 0x%x token %u len %zu -> status %d len %zu",
		SCMI_HDR_PROTOCOL(x.hdr), SCMI_HDR_ID(x.hdr),
		SCMI_HDR_TOKEN(x.hdr), x.req_len, status, x.resp_len);
	word = htole32(x.hdr & SCMI_HDR_ECHO_MASK);
	memcpy(resp, &word, sizeof(word));
	word = htole32((uint32_t)status);
	memcpy(resp + sizeof(word), &word, sizeof(word));
	return 2 * sizeof(word) + x.resp_len;
}
