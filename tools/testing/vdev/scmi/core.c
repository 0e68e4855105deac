// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI platform core: configuration loading, message decoding, protocol
 * dispatch, the messages common to every protocol, the status fault and
 * payload helpers.
 *
 * Status choices for malformed commands: a payload shorter than the
 * message needs, a request larger than SCMI_MAX_PAYLOAD, or a message type
 * other than command gets PROTOCOL_ERROR; a reply that does not fit the
 * agent's buffer gets COMMS_ERROR. Every failed command is answered with
 * just the header and the status.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../log.h"
#include "../util.h"
#include "scmi.h"

/* The protocols this platform implements; Base must be first. */
static const struct scmi_protocol *const scmi_protocols[] = {
	&scmi_base_protocol,
	&scmi_power_protocol,
	&scmi_system_protocol,
	&scmi_perf_protocol,
	&scmi_clock_protocol,
	&scmi_sensor_protocol,
	&scmi_reset_protocol,
	&scmi_voltage_protocol,
};

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/**
 * scmi_now_ns() - the platform's notion of time
 * @p: platform
 *
 * Return: nanoseconds since the platform started, or the fake time a test
 * set.
 */
uint64_t scmi_now_ns(const struct scmi_platform *p)
{
	if (p->fake_now_ns)
		return p->fake_now_ns;
	return monotonic_ns() - p->start_ns;
}

/* Bring every resource back to its configured initial state. */
static void scmi_state_reset(struct scmi_platform *p)
{
	p->error_notify = false;
	scmi_sensors_reset(p);
	scmi_clocks_reset(p);
	scmi_perfs_reset(p);
	scmi_powers_reset(p);
	scmi_resets_reset(p);
	scmi_voltages_reset(p);
	scmi_system_reset(p);
}

/**
 * scmi_platform_load() - replace the platform description
 * @p: platform
 * @text: the description (see platform.conf)
 * @origin: where it comes from, for messages
 * @err: set to a message on error
 * @err_len: size of @err
 *
 * On success everything in progress is dropped and every resource starts
 * in its configured state.
 *
 * Return: 0, -EINVAL for a bad description (@p is unchanged), or -ENOMEM.
 */
int scmi_platform_load(struct scmi_platform *p, const char *text,
		       const char *origin, char *err, size_t err_len)
{
	struct scmi_config *c = calloc(1, sizeof(*c));
	unsigned int i;
	int ret;

	if (!c)
		return -ENOMEM;
	ret = scmi_config_parse(c, text, origin, err, err_len);
	if (ret) {
		free(c);
		return ret;
	}
	scmi_events_reset(p);
	scmi_sensors_stop(p);
	p->cfg = c->platform;
	p->num_sensors = c->num_sensors;
	for (i = 0; i < c->num_sensors; i++)
		p->sensors[i].cfg = c->sensors[i];
	p->num_clocks = c->num_clocks;
	for (i = 0; i < c->num_clocks; i++)
		p->clocks[i].cfg = c->clocks[i];
	p->num_perfs = c->num_perfs;
	for (i = 0; i < c->num_perfs; i++)
		p->perfs[i].cfg = c->perfs[i];
	p->num_powers = c->num_powers;
	for (i = 0; i < c->num_powers; i++)
		p->powers[i].cfg = c->powers[i];
	p->num_resets = c->num_resets;
	for (i = 0; i < c->num_resets; i++)
		p->resets[i].cfg = c->resets[i];
	p->num_voltages = c->num_voltages;
	for (i = 0; i < c->num_voltages; i++)
		p->voltages[i].cfg = c->voltages[i];
	p->system = c->system;
	p->system_cfg = c->system_cfg;
	free(c);
	scmi_state_reset(p);
	return 0;
}

/**
 * scmi_platform_init() - set up the platform with the built-in description
 * @p: platform, zeroed
 * @dev: device for the eventq and timers, or NULL
 *
 * Return: 0 or a negative errno.
 */
int scmi_platform_init(struct scmi_platform *p, struct vdev *dev)
{
	char err[256];
	int ret;

	p->dev = dev;
	p->start_ns = monotonic_ns();
	scmi_events_init(p);
	ret = scmi_platform_load(p, scmi_default_config, "built-in", err,
				 sizeof(err));
	if (ret == -EINVAL)
		log_err("scmi: %s", err);
	return ret;
}

/**
 * scmi_platform_reset() - back to the state after boot, keeping options
 * @p: platform
 *
 * Pending delayed responses and notifications are dropped, notification
 * requests forgotten and every resource goes back to its initial state.
 */
void scmi_platform_reset(struct scmi_platform *p)
{
	scmi_events_reset(p);
	scmi_state_reset(p);
}

/**
 * scmi_vendor() - the DISCOVER_VENDOR string
 * @p: platform
 *
 * Return: --vendor if given, else the configured one.
 */
const char *scmi_vendor(const struct scmi_platform *p)
{
	return p->vendor ? p->vendor : p->cfg.vendor;
}

/**
 * scmi_sub_vendor() - the DISCOVER_SUB_VENDOR string
 * @p: platform
 *
 * Return: --sub-vendor if given, else the configured one.
 */
const char *scmi_sub_vendor(const struct scmi_platform *p)
{
	return p->sub_vendor ? p->sub_vendor : p->cfg.sub_vendor;
}

/**
 * scmi_impl_version() - the DISCOVER_IMPLEMENTATION_VERSION value
 * @p: platform
 *
 * Return: --impl-version if given, else the configured one.
 */
uint32_t scmi_impl_version(const struct scmi_platform *p)
{
	return p->impl_version_set ? p->impl_version : p->cfg.impl_version;
}

static bool scmi_present(const struct scmi_platform *p,
			 const struct scmi_protocol *proto)
{
	return !proto->present || proto->present(p);
}

/**
 * scmi_protocol_find() - look up a protocol the platform offers
 * @p: platform
 * @id: protocol id
 *
 * Return: the protocol, or NULL if it is not implemented or has nothing
 * to offer with this configuration.
 */
const struct scmi_protocol *scmi_protocol_find(const struct scmi_platform *p,
					       uint8_t id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(scmi_protocols); i++)
		if (scmi_protocols[i]->id == id &&
		    scmi_present(p, scmi_protocols[i]))
			return scmi_protocols[i];
	return NULL;
}

/**
 * scmi_protocol_list() - ids of the offered protocols other than Base
 * @p: platform
 * @ids: array to fill, ascending, may be NULL when @max is 0
 * @max: room in @ids
 *
 * Return: the number of such protocols (may exceed @max).
 */
unsigned int scmi_protocol_list(const struct scmi_platform *p, uint8_t *ids,
				unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(scmi_protocols); i++) {
		if (scmi_protocols[i]->id == SCMI_PROTOCOL_BASE ||
		    !scmi_present(p, scmi_protocols[i]))
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
 * scmi_get_le64() - read two words (low first) of the request payload
 * @x: transfer
 * @off: byte offset; the caller checked that 8 bytes are there
 *
 * Return: the value.
 */
uint64_t scmi_get_le64(const struct scmi_xfer *x, size_t off)
{
	return scmi_get_le32(x, off) |
	       (uint64_t)scmi_get_le32(x, off + 4) << 32;
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
 * scmi_put_le64() - append a 64-bit value as two words, low first
 * @x: transfer
 * @val: value
 */
void scmi_put_le64(struct scmi_xfer *x, uint64_t val)
{
	scmi_put_le32(x, (uint32_t)val);
	scmi_put_le32(x, (uint32_t)(val >> 32));
}

/**
 * scmi_put_string() - append a string in a fixed size field, NUL padded
 *	and always NUL terminated (longer strings are cut)
 * @x: transfer
 * @name: string
 * @size: field size, at most SCMI_EXT_NAME_MAX
 */
void scmi_put_string(struct scmi_xfer *x, const char *name, size_t size)
{
	char buf[SCMI_EXT_NAME_MAX] = { 0 };

	memcpy(buf, name, strnlen(name, size - 1));
	scmi_put(x, buf, size);
}

/**
 * scmi_put_name() - append a short name: SCMI_SHORT_NAME_MAX bytes, NUL
 *	padded and always NUL terminated (longer names are cut)
 * @x: transfer
 * @name: string
 */
void scmi_put_name(struct scmi_xfer *x, const char *name)
{
	scmi_put_string(x, name, SCMI_SHORT_NAME_MAX);
}

/**
 * scmi_put_ext_name() - append the answer of a NAME_GET message: flags
 *	(0) and the name in SCMI_EXT_NAME_MAX bytes, NUL padded
 * @x: transfer
 * @name: string
 */
void scmi_put_ext_name(struct scmi_xfer *x, const char *name)
{
	scmi_put_le32(x, 0);
	scmi_put_string(x, name, SCMI_EXT_NAME_MAX);
}

/**
 * scmi_ext_name() - tell whether a name needs the extended name message
 * @name: string
 *
 * Return: true if it does not fit a short name.
 */
bool scmi_ext_name(const char *name)
{
	return strlen(name) >= SCMI_SHORT_NAME_MAX;
}

/**
 * scmi_room() - bytes left in the response payload
 * @x: transfer
 *
 * Return: the count.
 */
size_t scmi_room(const struct scmi_xfer *x)
{
	return x->resp_max - x->resp_len;
}

static bool scmi_implemented(const struct scmi_platform *p,
			     const struct scmi_protocol *proto, uint32_t id)
{
	const struct scmi_handler *h;

	if (id == SCMI_MSG_PROTOCOL_VERSION ||
	    id == SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES ||
	    id == SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION)
		return true;
	if (id >= proto->num_handlers)
		return false;
	h = &proto->handlers[id];
	return h->fn && (!h->p2a || p->p2a);
}

static int32_t scmi_dispatch(struct scmi_platform *p, struct scmi_xfer *x)
{
	const struct scmi_protocol *proto;
	const struct scmi_handler *h;
	uint32_t id = SCMI_HDR_ID(x->hdr);

	if (SCMI_HDR_TYPE(x->hdr) != SCMI_TYPE_COMMAND)
		return SCMI_PROTOCOL_ERROR;
	proto = scmi_protocol_find(p, SCMI_HDR_PROTOCOL(x->hdr));
	if (!proto)
		return SCMI_NOT_SUPPORTED;
	switch (id) {
	case SCMI_MSG_PROTOCOL_VERSION:
		scmi_put_le32(x, proto->version);
		return SCMI_SUCCESS;
	case SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
		if (x->req_len < sizeof(uint32_t))
			return SCMI_PROTOCOL_ERROR;
		if (!scmi_implemented(p, proto, scmi_get_le32(x, 0)))
			return SCMI_NOT_FOUND;
		scmi_put_le32(x, 0);
		return SCMI_SUCCESS;
	case SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION:
		/* Only the version implemented can be used. */
		if (x->req_len < sizeof(uint32_t))
			return SCMI_PROTOCOL_ERROR;
		if (scmi_get_le32(x, 0) != proto->version)
			return SCMI_NOT_SUPPORTED;
		return SCMI_SUCCESS;
	}
	if (!scmi_implemented(p, proto, id))
		return SCMI_NOT_SUPPORTED;
	h = &proto->handlers[id];
	if (x->req_len < h->req_len)
		return SCMI_PROTOCOL_ERROR;
	return h->fn(p, x);
}

/* Does the status fault apply to the command with header @hdr? */
static bool scmi_fault_hit(struct scmi_fault *f, uint32_t hdr)
{
	unsigned int n;

	if (!f->active ||
	    (f->protocol >= 0 && (uint32_t)f->protocol != SCMI_HDR_PROTOCOL(hdr)) ||
	    (f->msg >= 0 && (uint32_t)f->msg != SCMI_HDR_ID(hdr)))
		return false;
	n = f->seen++;
	if (n < f->after)
		return false;
	return !f->count || n - f->after < f->count;
}

static void scmi_count(struct scmi_platform *p, uint32_t hdr, int32_t status)
{
	unsigned int proto = SCMI_HDR_PROTOCOL(hdr);
	unsigned int slot = ARRAY_SIZE(p->stats.commands) - 1;

	if (proto >= SCMI_PROTOCOL_BASE && proto - SCMI_PROTOCOL_BASE < slot)
		slot = proto - SCMI_PROTOCOL_BASE;
	p->stats.commands[slot]++;
	if (status <= 0 && -status < SCMI_NUM_STATUS)
		p->stats.status[-status]++;
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
		p->stats.unanswered++;
		if (req_len >= sizeof(hdr)) {
			memcpy(&hdr, req, sizeof(hdr));
			scmi_base_error(p, le32toh(hdr));
		}
		return 0;
	}
	memcpy(&hdr, req, sizeof(hdr));
	x.hdr = le32toh(hdr);
	x.req = req + sizeof(hdr);
	x.req_len = req_len - sizeof(hdr);
	x.resp = resp + 2 * sizeof(word);
	x.resp_max = resp_max - 2 * sizeof(word);
	if (scmi_fault_hit(&p->fault, x.hdr)) {
		status = p->fault.status;
		p->stats.faults++;
	} else if (x.req_len > SCMI_MAX_PAYLOAD) {
		status = SCMI_PROTOCOL_ERROR;
	} else {
		status = scmi_dispatch(p, &x);
	}
	if (status == SCMI_SUCCESS && x.overflow)
		status = SCMI_COMMS_ERROR;
	if (status != SCMI_SUCCESS)
		x.resp_len = 0;
	scmi_count(p, x.hdr, status);
	log_dbg("scmi: protocol 0x%x msg 0x%x token %u len %zu -> status %d len %zu",
		SCMI_HDR_PROTOCOL(x.hdr), SCMI_HDR_ID(x.hdr),
		SCMI_HDR_TOKEN(x.hdr), x.req_len, status, x.resp_len);
	word = htole32(x.hdr & SCMI_HDR_ECHO_MASK);
	memcpy(resp, &word, sizeof(word));
	word = htole32((uint32_t)status);
	memcpy(resp + sizeof(word), &word, sizeof(word));
	return 2 * sizeof(word) + x.resp_len;
}

static const char *const status_names[SCMI_NUM_STATUS] = {
	"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED",
	"NOT_FOUND", "OUT_OF_RANGE", "BUSY", "COMMS_ERROR", "GENERIC_ERROR",
	"HARDWARE_ERROR", "PROTOCOL_ERROR",
};

/**
 * scmi_status_name() - name of a status code
 * @status: enum scmi_status value
 *
 * Return: the name, or "?" for codes outside the standard ones.
 */
const char *scmi_status_name(int32_t status)
{
	if (status > 0 || -status >= SCMI_NUM_STATUS)
		return "?";
	return status_names[-status];
}

static int parse_status(const char *s, int32_t *status)
{
	unsigned int i;
	int64_t v;

	for (i = 0; i < SCMI_NUM_STATUS; i++) {
		if (!strcasecmp(s, status_names[i])) {
			*status = -(int32_t)i;
			return 0;
		}
	}
	if (scmi_parse_s64(s, &v) || v < INT32_MIN || v > INT32_MAX)
		return -EINVAL;
	*status = v;
	return 0;
}

static int parse_int(const char *s, int64_t max, int *v)
{
	int64_t n;

	if (scmi_parse_s64(s, &n) || n < 0 || n > max)
		return -EINVAL;
	*v = n;
	return 0;
}

/**
 * scmi_fault_parse() - set the status fault from a fault spec
 * @f: status fault, replaced on success
 * @spec: "off", or status=S[,protocol=P][,msg=M][,after=N][,count=N] with
 *	S a status name (NOT_SUPPORTED, ...) or number
 *
 * Return: 0, or -EINVAL for a bad @spec (then @f is unchanged).
 */
int scmi_fault_parse(struct scmi_fault *f, const char *spec)
{
	struct scmi_fault n = { .protocol = -1, .msg = -1 };
	char *copy, *item, *save = NULL, *val;
	bool have_status = false;
	int ret = 0, v = 0;

	if (!strcmp(spec, "off")) {
		memset(f, 0, sizeof(*f));
		return 0;
	}
	copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save)) {
		val = strchr(item, '=');
		if (!val) {
			ret = -EINVAL;
			break;
		}
		*val++ = '\0';
		if (!strcmp(item, "status")) {
			ret = parse_status(val, &n.status);
			have_status = true;
		} else if (!strcmp(item, "protocol")) {
			ret = parse_int(val, 0xff, &n.protocol);
		} else if (!strcmp(item, "msg")) {
			ret = parse_int(val, 0xff, &n.msg);
		} else if (!strcmp(item, "after")) {
			ret = parse_int(val, INT32_MAX, &v);
			n.after = v;
		} else if (!strcmp(item, "count")) {
			ret = parse_int(val, INT32_MAX, &v);
			n.count = v;
		} else {
			ret = -EINVAL;
		}
	}
	free(copy);
	if (ret || !have_status)
		return -EINVAL;
	n.active = true;
	*f = n;
	return 0;
}
