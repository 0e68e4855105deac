// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI platform to agent messages: notifications and delayed responses on
 * the eventq.
 *
 * Messages wait in a queue until the agent has posted an eventq buffer
 * (the buffers are held by the device, see model.c), and go out in order,
 * each in the oldest buffer it fits. A delayed response always waits for
 * a buffer; if no buffer is large enough, the agent gets COMMS_ERROR in
 * its place. A notification that fits no buffer is dropped, and so is the
 * oldest waiting notification when too many wait.
 *
 * Asynchronous commands complete after the configured delay, on one
 * platform timer armed for the first of them; the protocol's completion
 * callback does the work and fills the payload of the delayed response.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../log.h"
#include "../util.h"
#include "scmi.h"

/* Notifications that may wait for eventq buffers. */
#define SCMI_MAX_WAITING	64

/**
 * struct scmi_out - a message waiting for an eventq buffer
 * @node: link in scmi_platform::outq
 * @notification: a notification (else a delayed response)
 * @ev: kind of notification
 * @len: bytes at @data
 * @data: header and payload (a delayed response: header, status, payload)
 */
struct scmi_out {
	struct vlist node;
	bool notification;
	enum scmi_event ev;
	size_t len;
	uint8_t data[];
};

static const char *const event_names[SCMI_NUM_EVENTS] = {
	[SCMI_EV_BASE_ERROR] = "base_error",
	[SCMI_EV_POWER_STATE] = "power_state_changed",
	[SCMI_EV_SYSTEM_POWER] = "system_power_state_notifier",
	[SCMI_EV_PERF_LIMITS] = "perf_limits_changed",
	[SCMI_EV_PERF_LEVEL] = "perf_level_changed",
	[SCMI_EV_CLOCK_RATE] = "clock_rate_changed",
	[SCMI_EV_CLOCK_RATE_REQ] = "clock_rate_change_requested",
	[SCMI_EV_SENSOR_TRIP] = "sensor_trip_point",
	[SCMI_EV_SENSOR_UPDATE] = "sensor_update",
	[SCMI_EV_RESET_ISSUED] = "reset_issued",
};

/**
 * scmi_event_name() - name of a kind of notification
 * @ev: the kind
 *
 * Return: the name.
 */
const char *scmi_event_name(enum scmi_event ev)
{
	return ev < SCMI_NUM_EVENTS ? event_names[ev] : "?";
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void async_expired(struct vdev_timer *t);

/**
 * scmi_events_init() - no messages waiting, no commands in progress
 * @p: platform
 */
void scmi_events_init(struct scmi_platform *p)
{
	vlist_init(&p->async);
	vlist_init(&p->outq);
	p->outq_notifications = 0;
	if (p->dev)
		vdev_timer_init(p->dev, &p->async_timer, async_expired);
}

/**
 * scmi_events_reset() - drop waiting messages and commands in progress
 * @p: platform
 */
void scmi_events_reset(struct scmi_platform *p)
{
	if (p->dev)
		vdev_timer_cancel(&p->async_timer);
	while (!vlist_empty(&p->async)) {
		struct scmi_async *a = vlist_entry(p->async.next,
						   struct scmi_async, node);

		vlist_del(&a->node);
		free(a);
	}
	while (!vlist_empty(&p->outq)) {
		struct scmi_out *o = vlist_entry(p->outq.next, struct scmi_out,
						 node);

		vlist_del(&o->node);
		free(o);
	}
	p->outq_notifications = 0;
	p->sensor_async = 0;
	p->clock_async = 0;
	p->other_async = 0;
}

static void out_free(struct scmi_platform *p, struct scmi_out *o)
{
	if (o->notification)
		p->outq_notifications--;
	vlist_del(&o->node);
	free(o);
}

/**
 * scmi_events_flush() - send waiting messages while there are buffers
 * @p: platform
 *
 * A message goes in the oldest held buffer it fits; a buffer too small is
 * put back at the end. When no buffer fits, a notification is dropped and
 * a delayed response becomes a COMMS_ERROR.
 */
void scmi_events_flush(struct scmi_platform *p)
{
	struct vdev_elem *elem, *first_small = NULL;
	struct scmi_out *o;

	while (p->dev && !vlist_empty(&p->outq)) {
		o = vlist_entry(p->outq.next, struct scmi_out, node);
		elem = vdev_unhold(p->dev, SCMI_EVENTQ);
		if (!elem)
			return;
		if (o->len > elem->v.wr_len && elem != first_small) {
			if (!first_small)
				first_small = elem;
			vdev_hold(p->dev, elem);
			continue;
		}
		first_small = NULL;
		if (o->len > elem->v.wr_len && o->notification) {
			log_info("scmi: %zu byte %s notification does not fit any eventq buffer; dropped",
				 o->len, scmi_event_name(o->ev));
			p->stats.events[o->ev].dropped++;
			out_free(p, o);
			vdev_hold(p->dev, elem);
			continue;
		}
		if (o->len > elem->v.wr_len) {
			uint32_t st = htole32((uint32_t)SCMI_COMMS_ERROR);

			log_info("scmi: %zu byte delayed response does not fit any eventq buffer; COMMS_ERROR sent",
				 o->len);
			memcpy(o->data + 4, &st, sizeof(st));
			o->len = 8;
		}
		virtq_elem_write(&elem->v, 0, o->data, o->len);
		vdev_push(p->dev, elem, o->len);
		if (o->notification)
			p->stats.events[o->ev].sent++;
		else
			p->stats.delayed_sent++;
		out_free(p, o);
	}
}

static void enqueue(struct scmi_platform *p, struct scmi_out *o)
{
	struct vlist *pos;

	vlist_add_tail(&o->node, &p->outq);
	if (o->notification && ++p->outq_notifications > SCMI_MAX_WAITING) {
		for (pos = p->outq.next; pos != &p->outq; pos = pos->next) {
			struct scmi_out *old = vlist_entry(pos, struct scmi_out,
							   node);

			if (old->notification) {
				p->stats.events[old->ev].dropped++;
				out_free(p, old);
				break;
			}
		}
	}
	scmi_events_flush(p);
}

/**
 * scmi_notify() - send a notification to the agent
 * @p: platform
 * @ev: kind, for the counters
 * @proto: protocol id
 * @msg: notification message id
 * @payload: payload after the header
 * @len: bytes of @payload
 *
 * The caller checked that the agent asked for it.
 */
void scmi_notify(struct scmi_platform *p, enum scmi_event ev, uint8_t proto,
		 uint8_t msg, const void *payload, size_t len)
{
	struct scmi_out *o;
	uint32_t hdr;

	if (!p->p2a || !p->dev)
		return;
	o = malloc(sizeof(*o) + sizeof(hdr) + len);
	if (!o) {
		p->stats.events[ev].dropped++;
		return;
	}
	o->notification = true;
	o->ev = ev;
	o->len = sizeof(hdr) + len;
	hdr = htole32(SCMI_HDR(proto, msg, SCMI_TYPE_NOTIFICATION, 0));
	memcpy(o->data, &hdr, sizeof(hdr));
	memcpy(o->data + sizeof(hdr), payload, len);
	enqueue(p, o);
}

/* Complete @a: do the work, queue the delayed response, free it. */
static void async_done(struct scmi_platform *p, struct scmi_async *a)
{
	uint8_t buf[8 + SCMI_MAX_PAYLOAD];
	struct scmi_xfer dx = {
		.hdr = a->hdr, .resp = buf + 8, .resp_max = SCMI_MAX_PAYLOAD,
	};
	struct scmi_out *o;
	uint32_t word;
	int32_t status;

	vlist_del(&a->node);
	if (a->pending && *a->pending)
		(*a->pending)--;
	status = a->complete(p, a, &dx);
	if (status == SCMI_SUCCESS && dx.overflow)
		status = SCMI_COMMS_ERROR;
	if (status != SCMI_SUCCESS)
		dx.resp_len = 0;
	log_dbg("scmi: protocol 0x%x msg 0x%x token %u completes: status %d%s",
		SCMI_HDR_PROTOCOL(a->hdr), SCMI_HDR_ID(a->hdr),
		SCMI_HDR_TOKEN(a->hdr), status,
		a->respond ? "" : ", no delayed response");
	if (a->respond) {
		o = malloc(sizeof(*o) + 8 + dx.resp_len);
		if (o) {
			o->notification = false;
			o->len = 8 + dx.resp_len;
			word = htole32((a->hdr & SCMI_HDR_ECHO_MASK) |
				       SCMI_TYPE_DELAYED << 8);
			memcpy(o->data, &word, 4);
			word = htole32((uint32_t)status);
			memcpy(o->data + 4, &word, 4);
			memcpy(o->data + 8, dx.resp, dx.resp_len);
			enqueue(p, o);
		} else {
			log_err("scmi: out of memory for a delayed response");
		}
	}
	free(a);
}

static void async_arm(struct scmi_platform *p, uint64_t now)
{
	struct scmi_async *a;

	if (vlist_empty(&p->async))
		return;
	a = vlist_entry(p->async.next, struct scmi_async, node);
	vdev_timer_arm(&p->async_timer, a->due_ns > now ?
		       (a->due_ns - now + 999999) / 1000000 : 0);
}

static void async_expired(struct vdev_timer *t)
{
	struct scmi_platform *p = vlist_entry(t, struct scmi_platform,
					      async_timer);
	uint64_t now = monotonic_ns();

	while (!vlist_empty(&p->async)) {
		struct scmi_async *a = vlist_entry(p->async.next,
						   struct scmi_async, node);

		if (a->due_ns > now)
			break;
		async_done(p, a);
	}
	async_arm(p, now);
}

/**
 * scmi_async_start() - accept an asynchronous command
 * @p: platform
 * @x: the command
 * @pending: counter of the protocol's commands in progress, incremented
 *	now and decremented on completion; may be NULL
 * @complete: called after the configured delay
 *
 * Fill in the returned struct scmi_async's arguments before returning to
 * the event loop. It belongs to the platform.
 *
 * Return: the command, or NULL if out of memory or without a device.
 */
struct scmi_async *scmi_async_start(struct scmi_platform *p,
				    const struct scmi_xfer *x,
				    unsigned int *pending,
				    int32_t (*complete)(struct scmi_platform *p,
							struct scmi_async *a,
							struct scmi_xfer *dx))
{
	uint64_t now = monotonic_ns();
	struct scmi_async *a;
	struct vlist *pos;

	if (!p->dev)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->p = p;
	a->hdr = x->hdr;
	a->respond = true;
	a->pending = pending;
	a->complete = complete;
	a->due_ns = now + (uint64_t)p->cfg.async_delay_ms * 1000000;
	if (pending)
		(*pending)++;
	/* In order of completion; same time: in order of arrival. */
	for (pos = p->async.next; pos != &p->async; pos = pos->next)
		if (vlist_entry(pos, struct scmi_async, node)->due_ns >
		    a->due_ns)
			break;
	vlist_add_before(&a->node, pos);
	if (p->async.next == &a->node)
		async_arm(p, now);
	return a;
}

/**
 * scmi_outq_len() - messages waiting for eventq buffers
 * @p: platform
 * @notifications: set to how many of them are notifications; may be NULL
 *
 * Return: the count.
 */
unsigned int scmi_outq_len(const struct scmi_platform *p,
			   unsigned int *notifications)
{
	const struct vlist *pos;
	unsigned int n = 0;

	for (pos = p->outq.next; pos != &p->outq; pos = pos->next)
		n++;
	if (notifications)
		*notifications = p->outq_notifications;
	return n;
}
