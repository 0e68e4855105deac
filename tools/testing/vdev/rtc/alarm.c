// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rtc alarms.
 *
 * An enabled alarm expires when
 *   (a) its clock gets from before the alarm time to at or after it,
 *   (b) SET_ALARM enables it with a time the clock has reached,
 *   (c) SET_ALARM_ENABLED enables it with a time the clock has reached
 *	(even if it was enabled already),
 *   (d) the device is reset and it was retained, enabled and reached.
 * The alarm stays enabled after expiring. All four come down to one rule:
 * setting, enabling, retaining over a reset, or the clock going back
 * before the alarm time makes an enabled alarm "waiting", and a waiting
 * alarm whose clock has reached the alarm time expires and stops waiting.
 *
 * Each expiration is one VIRTIO_RTC_NOTIF_ALARM, sent in the oldest held
 * alarmq buffer, or kept pending (at most one per clock, so the list is
 * bounded) until a buffer comes. A pending notification is dropped when it
 * becomes obsolete: the alarm is disabled (before the response to that is
 * pushed) or set again, the clock goes back before the alarm time, the
 * alarm expires again, or the device is reset.
 *
 * A timer wakes up at the earliest alarm time, and at least every second
 * while an alarm is enabled, so that host clock steps are noticed too.
 */
#include <endian.h>
#include <string.h>

#include "../log.h"
#include "rtc.h"

#define RTC_ALARM_POLL_MS	1000

/**
 * rtc_alarm_clock() - look up a clock for an alarm request
 * @dev: device
 * @id: clock id from the driver
 *
 * Return: the clock, or NULL if VIRTIO_RTC_F_ALARM was not negotiated, @id
 * is not a clock, or the clock has no alarm (all ENODEV).
 */
struct rtc_clock *rtc_alarm_clock(struct vdev *dev, unsigned int id)
{
	struct rtc_clock *c = rtc_clock_get(vdev_priv(dev), id);

	if (!vdev_has_feature(dev, VIRTIO_RTC_F_ALARM) || !c || !c->alarm_cap)
		return NULL;
	return c;
}

static unsigned int clock_id(const struct rtc_dev *r,
			     const struct rtc_clock *c)
{
	return c - r->clocks;
}

static void pending_remove(struct rtc_dev *r, struct rtc_clock *c)
{
	uint16_t id = clock_id(r, c);
	unsigned int i;

	for (i = 0; i < r->num_pending && r->pending[i] != id; i++)
		;
	if (i == r->num_pending)
		return;
	memmove(&r->pending[i], &r->pending[i + 1],
		(r->num_pending - i - 1) * sizeof(r->pending[0]));
	r->num_pending--;
	c->pending = false;
}

/* Drop a pending notification of @c, now obsolete. */
static void alarm_drop(struct rtc_dev *r, struct rtc_clock *c,
		       const char *why)
{
	if (!c->pending)
		return;
	pending_remove(r, c);
	r->stats.notif_dropped++;
	log_info("rtc: clock %u: pending alarm notification dropped (%s)",
		 clock_id(r, c), why);
}

static void alarm_expire(struct rtc_dev *r, struct rtc_clock *c)
{
	alarm_drop(r, c, "expired again");
	r->pending[r->num_pending++] = clock_id(r, c);
	c->pending = true;
	c->deferred = false;
	r->stats.expired++;
	log_info("rtc: clock %u: alarm at %llu ns expired", clock_id(r, c),
		 (unsigned long long)c->alarm_time);
}

/**
 * rtc_alarm_update() - look at every enabled alarm and re-arm the timer
 * @dev: device
 *
 * Call it after anything that may have made an alarm expire or undone an
 * expiration; then rtc_alarm_deliver() sends what expired.
 */
void rtc_alarm_update(struct vdev *dev)
{
	struct rtc_dev *r = vdev_priv(dev);
	unsigned int wait_ms = RTC_ALARM_POLL_MS, i;
	uint64_t now, left;
	bool any = false;

	for (i = 0; i < r->num_clocks; i++) {
		struct rtc_clock *c = &r->clocks[i];

		if (!c->alarm_cap || !c->alarm_enabled)
			continue;
		any = true;
		now = rtc_clock_read(c);
		if (now < c->alarm_time) {
			alarm_drop(r, c, "clock went back");
			c->waiting = true;
			left = c->alarm_time - now;
			left = left / 1000000 + !!(left % 1000000);
			if (left < wait_ms)
				wait_ms = left;
		} else if (c->waiting) {
			c->waiting = false;
			alarm_expire(r, c);
		}
	}
	if (any)
		vdev_timer_arm(&r->timer, wait_ms);
	else
		vdev_timer_cancel(&r->timer);
}

/**
 * rtc_alarm_deliver() - send pending notifications in held alarmq buffers
 * @dev: device
 *
 * What cannot be sent now stays pending and is counted as deferred once.
 */
void rtc_alarm_deliver(struct vdev *dev)
{
	struct rtc_dev *r = vdev_priv(dev);
	struct virtio_rtc_notif_alarm n;
	struct vdev_elem *elem;
	struct rtc_clock *c;
	unsigned int i;

	while (r->num_pending && vdev_has_feature(dev, VIRTIO_RTC_F_ALARM)) {
		elem = vdev_unhold(dev, RTC_ALARMQ);
		if (!elem)
			break;
		c = &r->clocks[r->pending[0]];
		memset(&n, 0, sizeof(n));
		n.head.msg_type = htole16(VIRTIO_RTC_NOTIF_ALARM);
		n.clock_id = htole16(r->pending[0]);
		pending_remove(r, c);
		virtq_elem_write(&elem->v, 0, &n, sizeof(n));
		vdev_push(dev, elem, sizeof(n));
		r->stats.notif_sent++;
		log_dbg("rtc: clock %u: alarm notification sent",
			clock_id(r, c));
	}
	for (i = 0; i < r->num_pending; i++) {
		c = &r->clocks[r->pending[i]];
		if (!c->deferred) {
			c->deferred = true;
			r->stats.notif_deferred++;
		}
	}
}

/**
 * rtc_alarm_set() - SET_ALARM
 * @dev: device
 * @c: clock with an alarm
 * @time: alarm time, any value (a past one expires at once if enabled)
 * @enabled: enable or disable the alarm
 */
void rtc_alarm_set(struct vdev *dev, struct rtc_clock *c, uint64_t time,
		   bool enabled)
{
	alarm_drop(vdev_priv(dev), c, "alarm set");
	c->alarm_time = time;
	c->alarm_enabled = enabled;
	c->waiting = enabled;
	rtc_alarm_update(dev);
}

/**
 * rtc_alarm_enable() - SET_ALARM_ENABLED
 * @dev: device
 * @c: clock with an alarm
 * @enabled: enable or disable the alarm; the time stays
 */
void rtc_alarm_enable(struct vdev *dev, struct rtc_clock *c, bool enabled)
{
	if (!enabled)
		alarm_drop(vdev_priv(dev), c, "alarm disabled");
	c->alarm_enabled = enabled;
	c->waiting = enabled;
	rtc_alarm_update(dev);
}

/**
 * rtc_alarm_reset() - device reset
 * @dev: device
 *
 * Pending notifications go; alarms are kept (and expire again if reached)
 * or cleared with --no-retain-alarm.
 */
void rtc_alarm_reset(struct vdev *dev)
{
	struct rtc_dev *r = vdev_priv(dev);
	unsigned int i;

	while (r->num_pending)
		alarm_drop(r, &r->clocks[r->pending[0]], "device reset");
	for (i = 0; i < r->num_clocks; i++) {
		struct rtc_clock *c = &r->clocks[i];

		if (r->no_retain) {
			c->alarm_time = 0;
			c->alarm_enabled = false;
		}
		c->waiting = c->alarm_enabled;
	}
	rtc_alarm_update(dev);
	rtc_alarm_deliver(dev);
}

/**
 * rtc_alarm_buffer() - take a buffer the driver put on alarmq
 * @dev: device
 * @elem: the buffer; held for a notification, or given back unused if it
 *	is not one
 */
void rtc_alarm_buffer(struct vdev *dev, struct vdev_elem *elem)
{
	struct rtc_dev *r = vdev_priv(dev);

	if (!vdev_has_feature(dev, VIRTIO_RTC_F_ALARM)) {
		if (!r->warned_alarmq)
			log_err("rtc: alarmq buffer without VIRTIO_RTC_F_ALARM");
		r->warned_alarmq = true;
		vdev_push(dev, elem, 0);
		return;
	}
	if (elem->v.rd_len ||
	    elem->v.wr_len < sizeof(union virtio_rtc_notif_alarmq)) {
		log_err("rtc: alarmq buffer must be %zu writable bytes or more, and nothing readable",
			sizeof(union virtio_rtc_notif_alarmq));
		vdev_push(dev, elem, 0);
		return;
	}
	vdev_hold(dev, elem);
}

static void rtc_alarm_timer(struct vdev_timer *t)
{
	rtc_alarm_update(t->dev);
	rtc_alarm_deliver(t->dev);
}

/**
 * rtc_alarm_init() - set up the alarm timer
 * @dev: device
 */
void rtc_alarm_init(struct vdev *dev)
{
	struct rtc_dev *r = vdev_priv(dev);

	vdev_timer_init(dev, &r->timer, rtc_alarm_timer);
}
