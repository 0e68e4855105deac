/* SPDX-License-Identifier: ((GPL-2.0+ WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * Wire format of the virtio RTC device (VIRTIO 1.4, device ID 17).
 *
 * Every multi-byte field is little-endian. Every reserved field is zero when
 * written and ignored when read. Clock readings and alarm times are in
 * nanoseconds since the clock's epoch.
 */

#ifndef _LINUX_VIRTIO_RTC_H
#define _LINUX_VIRTIO_RTC_H

#include <linux/types.h>

/* Feature bits */
#define VIRTIO_RTC_F_ALARM	0	/* alarms for some clocks, alarmq present */

/* Message types: requestq requests */
#define VIRTIO_RTC_REQ_READ			0x0001
#define VIRTIO_RTC_REQ_READ_CROSS		0x0002
#define VIRTIO_RTC_REQ_CFG			0x1000
#define VIRTIO_RTC_REQ_CLOCK_CAP		0x1001
#define VIRTIO_RTC_REQ_CROSS_CAP		0x1002
#define VIRTIO_RTC_REQ_READ_ALARM		0x1003
#define VIRTIO_RTC_REQ_SET_ALARM		0x1004
#define VIRTIO_RTC_REQ_SET_ALARM_ENABLED	0x1005

/* Message types: alarmq notifications */
#define VIRTIO_RTC_NOTIF_ALARM			0x2000

/* Response status */
#define VIRTIO_RTC_S_OK				0
#define VIRTIO_RTC_S_EOPNOTSUPP			2
#define VIRTIO_RTC_S_ENODEV			3
#define VIRTIO_RTC_S_EINVAL			4
#define VIRTIO_RTC_S_EIO			5

/* Clock types */
#define VIRTIO_RTC_CLOCK_UTC			0
#define VIRTIO_RTC_CLOCK_TAI			1
#define VIRTIO_RTC_CLOCK_MONOTONIC		2
#define VIRTIO_RTC_CLOCK_UTC_SMEARED		3
#define VIRTIO_RTC_CLOCK_UTC_MAYBE_SMEARED	4

/* Leap second smearing variants (UNSPECIFIED for all but UTC_SMEARED) */
#define VIRTIO_RTC_SMEAR_UNSPECIFIED		0
#define VIRTIO_RTC_SMEAR_NOON_LINEAR		1
#define VIRTIO_RTC_SMEAR_UTC_SLS		2

/* Hardware counters for cross-timestamping */
#define VIRTIO_RTC_COUNTER_ARM_VCT		0	/* CNTVCT_EL0 */
#define VIRTIO_RTC_COUNTER_X86_TSC		1
#define VIRTIO_RTC_COUNTER_INVALID		0xFF

/* Header of every requestq request */
struct virtio_rtc_req_head {
	__le16 msg_type;
	__u8 reserved[6];
};

/* Header of every requestq response */
struct virtio_rtc_resp_head {
	__u8 status;
	__u8 reserved[7];
};

/* Header of every alarmq notification */
struct virtio_rtc_notif_head {
	__le16 msg_type;
	__u8 reserved[6];
};

/* VIRTIO_RTC_REQ_READ */
struct virtio_rtc_req_read {
	struct virtio_rtc_req_head head;
	__le16 clock_id;
	__u8 reserved[6];
};

struct virtio_rtc_resp_read {
	struct virtio_rtc_resp_head head;
	__le64 clock_reading;
};

/* VIRTIO_RTC_REQ_READ_CROSS */
struct virtio_rtc_req_read_cross {
	struct virtio_rtc_req_head head;
	__le16 clock_id;
	__u8 hw_counter;
	__u8 reserved[5];
};

struct virtio_rtc_resp_read_cross {
	struct virtio_rtc_resp_head head;
	__le64 clock_reading;
	__le64 counter_cycles;
};

/* VIRTIO_RTC_REQ_CFG */
struct virtio_rtc_req_cfg {
	struct virtio_rtc_req_head head;
	/* no request fields */
};

struct virtio_rtc_resp_cfg {
	struct virtio_rtc_resp_head head;
	__le16 num_clocks;
	__u8 reserved[6];
};

/* VIRTIO_RTC_REQ_CLOCK_CAP */
struct virtio_rtc_req_clock_cap {
	struct virtio_rtc_req_head head;
	__le16 clock_id;
	__u8 reserved[6];
};

struct virtio_rtc_resp_clock_cap {
	struct virtio_rtc_resp_head head;
	__u8 type;
	__u8 leap_second_smearing;
#define VIRTIO_RTC_FLAG_ALARM_CAP		(1 << 0)
	__u8 flags;
	__u8 reserved[5];
};

/* VIRTIO_RTC_REQ_CROSS_CAP */
struct virtio_rtc_req_cross_cap {
	struct virtio_rtc_req_head head;
	__le16 clock_id;
	__u8 hw_counter;
	__u8 reserved[5];
};

struct virtio_rtc_resp_cross_cap {
	struct virtio_rtc_resp_head head;
#define VIRTIO_RTC_FLAG_CROSS_CAP		(1 << 0)
	__u8 flags;
	__u8 reserved[7];
};

/* VIRTIO_RTC_REQ_READ_ALARM */
struct virtio_rtc_req_read_alarm {
	struct virtio_rtc_req_head head;
	__le16 clock_id;
	__u8 reserved[6];
};

struct virtio_rtc_resp_read_alarm {
	struct virtio_rtc_resp_head head;
	__le64 alarm_time;
#define VIRTIO_RTC_FLAG_ALARM_ENABLED		(1 << 0)
	__u8 flags;
	__u8 reserved[7];
};

/* VIRTIO_RTC_REQ_SET_ALARM (note: alarm_time comes before clock_id) */
struct virtio_rtc_req_set_alarm {
	struct virtio_rtc_req_head head;
	__le64 alarm_time;
	__le16 clock_id;
	/* VIRTIO_RTC_FLAG_ALARM_ENABLED */
	__u8 flags;
	__u8 reserved[5];
};

struct virtio_rtc_resp_set_alarm {
	struct virtio_rtc_resp_head head;
};

/* VIRTIO_RTC_REQ_SET_ALARM_ENABLED */
struct virtio_rtc_req_set_alarm_enabled {
	struct virtio_rtc_req_head head;
	__le16 clock_id;
	/* VIRTIO_RTC_FLAG_ALARM_ENABLED */
	__u8 flags;
	__u8 reserved[5];
};

struct virtio_rtc_resp_set_alarm_enabled {
	struct virtio_rtc_resp_head head;
};

/* Every requestq request */
union virtio_rtc_req_requestq {
	struct virtio_rtc_req_read read;
	struct virtio_rtc_req_read_cross read_cross;
	struct virtio_rtc_req_cfg cfg;
	struct virtio_rtc_req_clock_cap clock_cap;
	struct virtio_rtc_req_cross_cap cross_cap;
	struct virtio_rtc_req_read_alarm read_alarm;
	struct virtio_rtc_req_set_alarm set_alarm;
	struct virtio_rtc_req_set_alarm_enabled set_alarm_enabled;
};

/* Every requestq response */
union virtio_rtc_resp_requestq {
	struct virtio_rtc_resp_read read;
	struct virtio_rtc_resp_read_cross read_cross;
	struct virtio_rtc_resp_cfg cfg;
	struct virtio_rtc_resp_clock_cap clock_cap;
	struct virtio_rtc_resp_cross_cap cross_cap;
	struct virtio_rtc_resp_read_alarm read_alarm;
	struct virtio_rtc_resp_set_alarm set_alarm;
	struct virtio_rtc_resp_set_alarm_enabled set_alarm_enabled;
};

/* VIRTIO_RTC_NOTIF_ALARM */
struct virtio_rtc_notif_alarm {
	struct virtio_rtc_notif_head head;
	__le16 clock_id;
	__u8 reserved[6];
};

/* Every alarmq notification (alarmq buffers are at least this large) */
union virtio_rtc_notif_alarmq {
	struct virtio_rtc_notif_alarm alarm;
};

#endif /* _LINUX_VIRTIO_RTC_H */
