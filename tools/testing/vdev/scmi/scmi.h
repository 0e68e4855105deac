/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SCMI platform for the vdev backend: message format, status codes, the
 * platform state and the protocol table.
 *
 * Each SCMI protocol lives in its own file and exports a struct
 * scmi_protocol with a handler table indexed by message id. The common
 * messages PROTOCOL_VERSION, PROTOCOL_MESSAGE_ATTRIBUTES and
 * NEGOTIATE_PROTOCOL_VERSION are answered by core.c for every protocol; a
 * protocol provides PROTOCOL_ATTRIBUTES and its own messages. To add one,
 * write the file and list it in scmi_protocols[] in core.c.
 *
 * What the platform offers comes from a configuration (config.h); a
 * protocol without resources in it is not listed and not answered.
 * Notifications and delayed responses go out on the eventq (events.c).
 */
#ifndef VDEV_SCMI_H
#define VDEV_SCMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../device.h"
#include "../list.h"
#include "config.h"

/* Largest request and response payload handled (header/status excluded). */
#define SCMI_MAX_PAYLOAD		1024
#define SCMI_SHORT_NAME_MAX		16
#define SCMI_EXT_NAME_MAX		64

#define SCMI_CMDQ			0
#define SCMI_EVENTQ			1
#define VIRTIO_SCMI_F_P2A_CHANNELS	0

#define SCMI_PROTOCOL_BASE		0x10
#define SCMI_PROTOCOL_POWER		0x11
#define SCMI_PROTOCOL_SYSTEM		0x12
#define SCMI_PROTOCOL_PERF		0x13
#define SCMI_PROTOCOL_CLOCK		0x14
#define SCMI_PROTOCOL_SENSOR		0x15
#define SCMI_PROTOCOL_RESET		0x16
#define SCMI_PROTOCOL_VOLTAGE		0x17

#define SCMI_MSG_PROTOCOL_VERSION		0x0
#define SCMI_MSG_PROTOCOL_ATTRIBUTES		0x1
#define SCMI_MSG_PROTOCOL_MESSAGE_ATTRIBUTES	0x2
#define SCMI_MSG_NEGOTIATE_PROTOCOL_VERSION	0x10

/* Message header fields. */
#define SCMI_HDR_ID(h)		((h) & 0xffu)
#define SCMI_HDR_TYPE(h)	(((h) >> 8) & 0x3u)
#define SCMI_HDR_PROTOCOL(h)	(((h) >> 10) & 0xffu)
#define SCMI_HDR_TOKEN(h)	(((h) >> 18) & 0x3ffu)
#define SCMI_HDR(proto, msg, type, token) \
	((uint32_t)(msg) | (uint32_t)(type) << 8 | (uint32_t)(proto) << 10 | \
	 (uint32_t)(token) << 18)
/* id, protocol and token: what a response echoes (type 0 = command). */
#define SCMI_HDR_ECHO_MASK	0x0ffffcffu

#define SCMI_TYPE_COMMAND	0
#define SCMI_TYPE_DELAYED	2
#define SCMI_TYPE_NOTIFICATION	3

/* Asynchronous reset and voltage commands that may be pending. */
#define SCMI_MAX_OTHER_ASYNC	16

/* Agent ids: the platform itself and the one agent, the OSPM. */
#define SCMI_AGENT_PLATFORM	0
#define SCMI_AGENT_OSPM		1

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

#define SCMI_NUM_STATUS		11

/*
 * The notifications this platform sends, for the counters; see
 * scmi_event_slot().
 */
enum scmi_event {
	SCMI_EV_BASE_ERROR,
	SCMI_EV_POWER_STATE,
	SCMI_EV_SYSTEM_POWER,
	SCMI_EV_PERF_LIMITS,
	SCMI_EV_PERF_LEVEL,
	SCMI_EV_CLOCK_RATE,
	SCMI_EV_CLOCK_RATE_REQ,
	SCMI_EV_SENSOR_TRIP,
	SCMI_EV_SENSOR_UPDATE,
	SCMI_EV_RESET_ISSUED,
	SCMI_NUM_EVENTS,
};

/**
 * struct scmi_event_stats - counters of one kind of notification
 * @sent: put in an eventq buffer
 * @dropped: given up: too large for the buffer, or the queue of waiting
 *	notifications overflowed
 */
struct scmi_event_stats {
	uint64_t sent;
	uint64_t dropped;
};

/**
 * struct scmi_stats - counters for the "stats" control command
 * @commands: commands answered, by protocol (index protocol - 0x10; the
 *	last entry counts every other protocol id)
 * @status: answers by status, index -status
 * @unanswered: chains that could not take even a header and a status
 * @faults: commands answered by the status fault
 * @delayed_sent: delayed responses put in an eventq buffer
 * @events: notifications by kind
 */
struct scmi_stats {
	uint64_t commands[9];
	uint64_t status[SCMI_NUM_STATUS];
	uint64_t unanswered;
	uint64_t faults;
	uint64_t delayed_sent;
	struct scmi_event_stats events[SCMI_NUM_EVENTS];
};

/**
 * struct scmi_fault - answer matching commands with a fixed status
 * @active: the fault is set
 * @status: status to answer with (header and status only)
 * @protocol: protocol id to match, -1 for any
 * @msg: message id to match, -1 for any
 * @after: matching commands to leave alone first
 * @count: matching commands to affect after that, 0 for no limit
 * @seen: matching commands so far
 */
struct scmi_fault {
	bool active;
	int32_t status;
	int protocol;
	int msg;
	unsigned int after;
	unsigned int count;
	unsigned int seen;
};

struct scmi_platform;

/**
 * struct scmi_sensor - a sensor: its configuration and its state
 * @cfg: configuration
 * @p: platform it belongs to
 * @wave: current value source of each axis (index 0 for scalar sensors)
 * @enabled: SENSOR_CONFIG_SET state
 * @ts_enabled: timestamp reporting enabled
 * @interval: current update interval
 * @notify_update: SENSOR_UPDATE notifications enabled
 * @notify_trip: trip point notifications enabled
 * @trip_ctl: event control (0-3) of each trip point
 * @trip_value: value of each trip point
 * @last: value at the previous trip point check
 * @have_last: @last is valid
 * @timer: periodic sampling (updates, trip points)
 * @armed: @timer is armed
 */
struct scmi_sensor {
	struct scmi_sensor_cfg cfg;
	struct scmi_platform *p;
	struct scmi_wave wave[SCMI_MAX_AXES];
	bool enabled;
	bool ts_enabled;
	struct scmi_interval interval;
	bool notify_update;
	bool notify_trip;
	uint8_t trip_ctl[SCMI_MAX_TRIPS];
	int64_t trip_value[SCMI_MAX_TRIPS];
	int64_t last;
	bool have_last;
	struct vdev_timer timer;
	bool armed;
};

/**
 * struct scmi_clock - a clock and its state
 * @cfg: configuration
 * @rate: current rate in Hz
 * @enabled: the clock runs
 * @notify_rate: CLOCK_RATE_CHANGED notifications enabled
 * @notify_req: CLOCK_RATE_CHANGE_REQUESTED notifications enabled
 */
struct scmi_clock {
	struct scmi_clock_cfg cfg;
	uint64_t rate;
	bool enabled;
	bool notify_rate;
	bool notify_req;
};

/**
 * struct scmi_perf - a performance domain and its state
 * @cfg: configuration
 * @level: current performance level
 * @max: upper limit
 * @min: lower limit
 * @notify_limits: PERFORMANCE_LIMITS_CHANGED notifications enabled
 * @notify_level: PERFORMANCE_LEVEL_CHANGED notifications enabled
 */
struct scmi_perf {
	struct scmi_perf_cfg cfg;
	uint32_t level;
	uint32_t max;
	uint32_t min;
	bool notify_limits;
	bool notify_level;
};

/**
 * struct scmi_power - a power domain and its state
 * @cfg: configuration
 * @state: current power state
 * @notify: POWER_STATE_CHANGED notifications enabled
 */
struct scmi_power {
	struct scmi_power_cfg cfg;
	uint32_t state;
	bool notify;
};

/**
 * struct scmi_reset - a reset domain and its state
 * @cfg: configuration
 * @asserted: the reset is held asserted
 * @count: resets done, for the control channel
 * @notify: RESET_ISSUED notifications enabled
 */
struct scmi_reset {
	struct scmi_reset_cfg cfg;
	bool asserted;
	uint64_t count;
	bool notify;
};

/**
 * struct scmi_voltage - a voltage domain and its state
 * @cfg: configuration
 * @level: current level in microvolts
 * @config: VOLTAGE_CONFIG mode (0 off, 7 on)
 */
struct scmi_voltage {
	struct scmi_voltage_cfg cfg;
	int32_t level;
	uint32_t config;
};

/**
 * struct scmi_platform - configuration and state of the SCMI platform
 * @dev: the device, for the eventq and timers; NULL when used alone
 * @cfg: platform settings of the configuration
 * @vendor: --vendor, overrides the configuration when set
 * @sub_vendor: --sub-vendor, likewise
 * @impl_version: --impl-version, likewise
 * @impl_version_set: @impl_version is valid
 * @p2a: VIRTIO_SCMI_F_P2A_CHANNELS negotiated: the eventq exists
 * @error_notify: the agent enabled Base error notifications
 * @sensors: the sensors; the sensor id is the index
 * @num_sensors: entries in @sensors
 * @clocks: the clocks
 * @num_clocks: entries in @clocks
 * @perfs: the performance domains
 * @num_perfs: entries in @perfs
 * @powers: the power domains
 * @num_powers: entries in @powers
 * @resets: the reset domains
 * @num_resets: entries in @resets
 * @voltages: the voltage domains
 * @num_voltages: entries in @voltages
 * @system: the system power protocol is offered
 * @system_cfg: its configuration
 * @system_notify: SYSTEM_POWER_STATE_NOTIFIER enabled
 * @system_state: last SYSTEM_POWER_STATE_SET state, ~0 if none
 * @system_requests: SYSTEM_POWER_STATE_SET commands accepted
 * @sensor_async: sensor readings in progress
 * @clock_async: clock rate changes in progress
 * @other_async: reset and voltage commands in progress
 * @async: pending asynchronous commands, by completion time (struct
 *	scmi_async::node)
 * @async_timer: fires when the first of @async completes
 * @outq: messages waiting for an eventq buffer (struct scmi_out::node)
 * @outq_notifications: notifications in @outq
 * @fault: status fault
 * @stats: counters
 * @fake_now_ns: if set, the time the platform sees (for tests)
 * @start_ns: monotonic time of platform start: time 0 of waveforms and
 *	timestamps
 */
struct scmi_platform {
	struct vdev *dev;
	struct scmi_platform_cfg cfg;
	const char *vendor;
	const char *sub_vendor;
	uint32_t impl_version;
	bool impl_version_set;
	bool p2a;
	bool error_notify;
	struct scmi_sensor sensors[SCMI_MAX_SENSORS];
	unsigned int num_sensors;
	struct scmi_clock clocks[SCMI_MAX_CLOCKS];
	unsigned int num_clocks;
	struct scmi_perf perfs[SCMI_MAX_PERFS];
	unsigned int num_perfs;
	struct scmi_power powers[SCMI_MAX_POWERS];
	unsigned int num_powers;
	struct scmi_reset resets[SCMI_MAX_RESETS];
	unsigned int num_resets;
	struct scmi_voltage voltages[SCMI_MAX_VOLTAGES];
	unsigned int num_voltages;
	bool system;
	struct scmi_system_cfg system_cfg;
	bool system_notify;
	uint32_t system_state;
	uint64_t system_requests;
	unsigned int sensor_async;
	unsigned int clock_async;
	unsigned int other_async;
	struct vlist async;
	struct vdev_timer async_timer;
	struct vlist outq;
	unsigned int outq_notifications;
	struct scmi_fault fault;
	struct scmi_stats stats;
	uint64_t fake_now_ns;
	uint64_t start_ns;
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
 * @p2a: a notification request: implemented only when the eventq exists
 */
struct scmi_handler {
	int32_t (*fn)(struct scmi_platform *p, struct scmi_xfer *x);
	size_t req_len;
	bool p2a;
};

/**
 * struct scmi_protocol - one SCMI protocol
 * @id: protocol id
 * @name: name for logs and counters
 * @version: PROTOCOL_VERSION value (major << 16 | minor)
 * @handlers: table indexed by message id; entries without @fn are
 *	not implemented
 * @num_handlers: entries in @handlers
 * @present: the configuration gives this protocol something to offer;
 *	NULL for always
 */
struct scmi_protocol {
	uint8_t id;
	const char *name;
	uint32_t version;
	const struct scmi_handler *handlers;
	unsigned int num_handlers;
	bool (*present)(const struct scmi_platform *p);
};

/**
 * struct scmi_async - a command that completes later with a delayed
 *	response
 * @node: link in scmi_platform::async
 * @due_ns: monotonic time of completion
 * @p: platform
 * @hdr: header of the command
 * @respond: send a delayed response (clock rate changes can do without)
 * @pending: counter of the protocol's commands in progress, decremented
 *	on completion
 * @complete: does the work and fills the delayed response payload of
 *	@dx; returns its status
 * @arg: command arguments for @complete
 * @arg64: 64-bit command argument for @complete
 */
struct scmi_async {
	struct vlist node;
	uint64_t due_ns;
	struct scmi_platform *p;
	uint32_t hdr;
	bool respond;
	unsigned int *pending;
	int32_t (*complete)(struct scmi_platform *p, struct scmi_async *a,
			    struct scmi_xfer *dx);
	uint32_t arg[3];
	uint64_t arg64;
};

extern const struct scmi_protocol scmi_base_protocol;
extern const struct scmi_protocol scmi_power_protocol;
extern const struct scmi_protocol scmi_system_protocol;
extern const struct scmi_protocol scmi_perf_protocol;
extern const struct scmi_protocol scmi_clock_protocol;
extern const struct scmi_protocol scmi_sensor_protocol;
extern const struct scmi_protocol scmi_reset_protocol;
extern const struct scmi_protocol scmi_voltage_protocol;

/* core.c */
int scmi_platform_init(struct scmi_platform *p, struct vdev *dev);
void scmi_platform_reset(struct scmi_platform *p);
int scmi_platform_load(struct scmi_platform *p, const char *text,
		       const char *origin, char *err, size_t err_len);
const char *scmi_vendor(const struct scmi_platform *p);
const char *scmi_sub_vendor(const struct scmi_platform *p);
uint32_t scmi_impl_version(const struct scmi_platform *p);
unsigned int scmi_protocol_list(const struct scmi_platform *p, uint8_t *ids,
				unsigned int max);
const struct scmi_protocol *scmi_protocol_find(const struct scmi_platform *p,
					       uint8_t id);
size_t scmi_handle(struct scmi_platform *p, const uint8_t *req,
		   size_t req_len, uint8_t *resp, size_t resp_max);
uint64_t scmi_now_ns(const struct scmi_platform *p);
int scmi_fault_parse(struct scmi_fault *f, const char *spec);
const char *scmi_status_name(int32_t status);

uint32_t scmi_get_le32(const struct scmi_xfer *x, size_t off);
uint64_t scmi_get_le64(const struct scmi_xfer *x, size_t off);
void scmi_put(struct scmi_xfer *x, const void *data, size_t len);
void scmi_put_le32(struct scmi_xfer *x, uint32_t val);
void scmi_put_le64(struct scmi_xfer *x, uint64_t val);
void scmi_put_string(struct scmi_xfer *x, const char *name, size_t size);
void scmi_put_name(struct scmi_xfer *x, const char *name);
void scmi_put_ext_name(struct scmi_xfer *x, const char *name);
bool scmi_ext_name(const char *name);
size_t scmi_room(const struct scmi_xfer *x);

/* events.c */
void scmi_events_init(struct scmi_platform *p);
void scmi_events_reset(struct scmi_platform *p);
void scmi_events_flush(struct scmi_platform *p);
void scmi_notify(struct scmi_platform *p, enum scmi_event ev, uint8_t proto,
		 uint8_t msg, const void *payload, size_t len);
struct scmi_async *scmi_async_start(struct scmi_platform *p,
				    const struct scmi_xfer *x,
				    unsigned int *pending,
				    int32_t (*complete)(struct scmi_platform *p,
							struct scmi_async *a,
							struct scmi_xfer *dx));
unsigned int scmi_outq_len(const struct scmi_platform *p,
			   unsigned int *notifications);
const char *scmi_event_name(enum scmi_event ev);

/* sensor.c */
void scmi_sensors_reset(struct scmi_platform *p);
void scmi_sensors_stop(struct scmi_platform *p);
struct scmi_sensor *scmi_sensor_by_name(struct scmi_platform *p,
					const char *name);
int64_t scmi_sensor_value(const struct scmi_sensor *s, unsigned int axis);
void scmi_sensor_set(struct scmi_sensor *s, const struct scmi_wave *waves,
		     unsigned int n);
void scmi_sensor_update(struct scmi_sensor *s);

/* base.c */
void scmi_base_error(struct scmi_platform *p, uint32_t hdr);

/* clock.c */
void scmi_clocks_reset(struct scmi_platform *p);
struct scmi_clock *scmi_clock_by_name(struct scmi_platform *p,
				      const char *name);
int32_t scmi_clock_apply(struct scmi_platform *p, struct scmi_clock *c,
			 uint64_t rate, uint32_t agent);

/* perf.c */
void scmi_perfs_reset(struct scmi_platform *p);
struct scmi_perf *scmi_perf_by_name(struct scmi_platform *p,
				    const char *name);
int32_t scmi_perf_limits(struct scmi_platform *p, struct scmi_perf *d,
			 uint32_t max, uint32_t min, uint32_t agent);
int32_t scmi_perf_level(struct scmi_platform *p, struct scmi_perf *d,
			uint32_t level, uint32_t agent);

/* power.c */
void scmi_powers_reset(struct scmi_platform *p);
struct scmi_power *scmi_power_by_name(struct scmi_platform *p,
				      const char *name);
int32_t scmi_power_apply(struct scmi_platform *p, struct scmi_power *d,
			 uint32_t state, uint32_t agent);

/* reset.c */
void scmi_resets_reset(struct scmi_platform *p);

/* voltage.c */
void scmi_voltages_reset(struct scmi_platform *p);

/* system.c */
void scmi_system_reset(struct scmi_platform *p);
int scmi_system_notify(struct scmi_platform *p, uint32_t state,
		       bool graceful, uint32_t timeout_ms);

/* ctl.c */
int scmi_control(struct vdev *dev, const char *cmd, FILE *out);

/* fuzz.c */
extern const struct vdev_fuzz_ops scmi_fuzz_ops;

#endif /* VDEV_SCMI_H */
