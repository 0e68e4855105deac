/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-rtc device model: state shared by its parts.
 *
 * clock.c  the clocks: command line, host sources, offsets, readings
 * request.c  requestq messages, status rules, the status fault
 * alarm.c  alarms: expiration, pending notifications, alarmq
 * model.c  the struct vdev_model glue, options, control commands
 *
 * Everything runs on the event loop thread.
 */
#ifndef VDEV_RTC_RTC_H
#define VDEV_RTC_RTC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/virtio_rtc.h>

#include "../device.h"

#define VIRTIO_ID_RTC		17

#define RTC_REQUESTQ		0
#define RTC_ALARMQ		1

/* Clock ids are le16 on the wire; this device has a few. */
#define RTC_MAX_CLOCKS		32

/**
 * struct rtc_clock - one clock and its alarm
 * @type: VIRTIO_RTC_CLOCK_*
 * @smearing: VIRTIO_RTC_SMEAR_* (non-zero only for UTC_SMEARED)
 * @alarm_cap: the clock has an alarm (reported with F_ALARM only)
 * @source: host clock it follows
 * @offset: nanoseconds added to @source (clock steps)
 * @alarm_time: alarm time, ns in the clock's time scale
 * @alarm_enabled: the alarm is enabled
 * @waiting: the alarm is enabled and has not expired since it was set,
 *	enabled, retained over a reset or the clock went back before it
 * @pending: an expiration waits for an alarmq buffer
 * @deferred: @pending was counted in rtc_stats.notif_deferred
 */
struct rtc_clock {
	uint8_t type;
	uint8_t smearing;
	bool alarm_cap;
	clockid_t source;
	int64_t offset;
	uint64_t alarm_time;
	bool alarm_enabled;
	bool waiting;
	bool pending;
	bool deferred;
};

/* Index into rtc_stats.requests for messages that are not requests. */
#define RTC_REQ_OTHER		8

/**
 * struct rtc_stats - counters for the "stats" control command
 * @requests: requests by type, in request.c's table order, then others
 * @errors: responses with a status other than OK
 * @unanswered: chains whose writable part cannot even hold a status
 * @expired: alarm expirations (events)
 * @notif_sent: alarm notifications put in an alarmq buffer
 * @notif_deferred: notifications that had to wait for a buffer
 * @notif_dropped: pending notifications dropped as obsolete
 */
struct rtc_stats {
	uint64_t requests[RTC_REQ_OTHER + 1];
	uint64_t errors;
	uint64_t unanswered;
	uint64_t expired;
	uint64_t notif_sent;
	uint64_t notif_deferred;
	uint64_t notif_dropped;
};

/**
 * struct rtc_fault - answer matching requests with a fixed status
 * @active: the fault is set
 * @status: status to answer with (head only, the request is not run)
 * @any_type: match every message, else only @type
 * @type: msg_type to match
 * @after: matching requests to leave alone first
 * @count: matching requests to affect after that, 0 for no limit
 * @seen: matching requests so far
 */
struct rtc_fault {
	bool active;
	uint8_t status;
	bool any_type;
	uint16_t type;
	unsigned int after;
	unsigned int count;
	unsigned int seen;
};

/**
 * struct rtc_dev - the device
 * @clocks: the clocks; a clock id is an index
 * @num_clocks: number of @clocks
 * @user_clocks: --clock was given, so the default clocks are gone
 * @no_alarm: --no-alarm: VIRTIO_RTC_F_ALARM is not offered
 * @no_retain: --no-retain-alarm: reset clears the alarms
 * @pending: ids of clocks with a pending notification, oldest first
 * @num_pending: entries in @pending (at most one per clock)
 * @timer: wakes up for alarm expirations
 * @fault: status fault
 * @stats: counters
 * @warned_alarmq: a buffer on alarmq without VIRTIO_RTC_F_ALARM was logged
 */
struct rtc_dev {
	struct rtc_clock clocks[RTC_MAX_CLOCKS];
	unsigned int num_clocks;
	bool user_clocks;
	bool no_alarm;
	bool no_retain;
	uint16_t pending[RTC_MAX_CLOCKS];
	unsigned int num_pending;
	struct vdev_timer timer;
	struct rtc_fault fault;
	struct rtc_stats stats;
	bool warned_alarmq;
};

/* clock.c */
void rtc_clocks_default(struct rtc_dev *r);
int rtc_clock_add(struct rtc_dev *r, const char *spec);
struct rtc_clock *rtc_clock_get(struct rtc_dev *r, unsigned int id);
uint64_t rtc_clock_read(const struct rtc_clock *c);
int rtc_clock_step(struct rtc_clock *c, int64_t delta);
const char *rtc_clock_type_name(uint8_t type);

/* request.c */
void rtc_request(struct vdev *dev, struct vdev_elem *elem);
int rtc_fault_parse(struct rtc_fault *f, const char *spec);
void rtc_request_stats(const struct rtc_dev *r, FILE *out);

/* alarm.c */
void rtc_alarm_init(struct vdev *dev);
struct rtc_clock *rtc_alarm_clock(struct vdev *dev, unsigned int id);
void rtc_alarm_set(struct vdev *dev, struct rtc_clock *c, uint64_t time,
		   bool enabled);
void rtc_alarm_enable(struct vdev *dev, struct rtc_clock *c, bool enabled);
void rtc_alarm_update(struct vdev *dev);
void rtc_alarm_reset(struct vdev *dev);
void rtc_alarm_buffer(struct vdev *dev, struct vdev_elem *elem);
void rtc_alarm_deliver(struct vdev *dev);

/* fuzz.c */
extern const struct vdev_fuzz_ops rtc_fuzz_ops;

#endif /* VDEV_RTC_RTC_H */
