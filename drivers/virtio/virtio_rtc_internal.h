/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio_rtc internal interfaces: messaging, discovery results, and the PTP,
 * RTC class and architecture parts of the driver.
 */

#ifndef _VIRTIO_RTC_INTERNAL_H_
#define _VIRTIO_RTC_INTERNAL_H_

#include <linux/clocksource_ids.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/types.h>
#include <linux/virtio.h>
#include <uapi/linux/virtio_rtc.h>

struct viortc_class;
struct viortc_ptp;

enum viortc_vq_index {
	VIORTC_REQUESTQ,
	VIORTC_ALARMQ,
	VIORTC_MAX_VQS,
};

/* Clocks beyond this many are ignored: each costs a PHC and requests. */
#define VIORTC_MAX_CLOCKS	64

/**
 * enum viortc_state - whether requests may be sent to the device
 * @VIORTC_DOWN: no virtqueues (before probe made them, while frozen without
 *	a wake alarm, after remove); new requests fail with -ENODEV, the
 *	virtqueue callbacks leave the rings alone
 * @VIORTC_LIVE: requests are sent, alarm notifications are delivered
 * @VIORTC_ASLEEP: the system sleeps (suspend-to-idle with a wake alarm)
 *	and the device runs on so that its alarm can wake it; new requests
 *	fail with -EBUSY (virtio-pci disables the device after freeze, so a
 *	request could not be answered), replies to earlier ones are still
 *	taken, alarm notifications are kept for restore and their buffers
 *	are not given back (restore resets the device)
 */
enum viortc_state {
	VIORTC_DOWN,
	VIORTC_LIVE,
	VIORTC_ASLEEP,
};

/**
 * struct viortc_clock - one device clock, as discovered at probe
 * @id: the device's clock id
 * @valid: the device described the clock correctly; only valid clocks are
 *	exposed
 * @type: VIRTIO_RTC_CLOCK_*
 * @smearing: VIRTIO_RTC_SMEAR_*
 * @alarm: the clock has an alarm (and VIRTIO_RTC_F_ALARM was negotiated)
 * @ptp: its PTP clock, or NULL
 */
struct viortc_clock {
	u16 id;
	bool valid;
	u8 type;
	u8 smearing;
	bool alarm;
	struct viortc_ptp *ptp;
};

/**
 * struct viortc_dev - one virtio RTC device
 * @vdev: the virtio device
 * @requestq: the request virtqueue
 * @alarmq: the alarm notification virtqueue, or NULL without alarms
 * @state_lock: protects the existence of the virtqueues: held for reading
 *	while a request is queued and notified, for writing while the
 *	virtqueues are created or torn down and while @state changes
 * @state: whether the virtqueues may be used, see &enum viortc_state;
 *	written with both @state_lock (for writing) and @lock held, so
 *	holding either is enough to read it
 * @lock: protects the buffer operations (add, get, detach, kick
 *	preparation) on @requestq and @alarmq between senders, virtqueue
 *	callbacks, start and stop, and orders @alarms_pending against @ready
 * @ready: alarm notifications may be delivered: the clocks are discovered
 *	and exposed, and no freeze or remove has begun; set with release
 *	semantics (and @lock held), read with acquire
 * @in_flight: requests the device holds whose senders still wait
 * @alarms_pending: clocks whose alarm notification could not be delivered
 *	yet (during probe, asleep, or found in the used ring at a reset)
 * @alarm_bufs: the buffers posted to @alarmq
 * @num_alarm_bufs: number of @alarm_bufs
 * @clocks: the clocks the device reported
 * @num_clocks: number of @clocks
 * @class: the RTC class device, or NULL; published with release semantics
 */
struct viortc_dev {
	struct virtio_device *vdev;
	struct virtqueue *requestq;
	struct virtqueue *alarmq;
	struct rw_semaphore state_lock;
	enum viortc_state state;
	spinlock_t lock;	/* buffer operations, see above */
	bool ready;
	atomic_t in_flight;
	DECLARE_BITMAP(alarms_pending, VIORTC_MAX_CLOCKS);
	union virtio_rtc_notif_alarmq *alarm_bufs;
	unsigned int num_alarm_bufs;
	struct viortc_clock *clocks;
	u16 num_clocks;
	struct viortc_class *class;
};

/* Messaging (virtio_rtc_msg.c) */
#define VIORTC_TIMEOUT_MIN_MS	1
#define VIORTC_TIMEOUT_MAX_MS	(10 * 60 * 1000)
extern unsigned int viortc_timeout_ms;
#define VIORTC_POLL_MAX_US	1000
extern unsigned int viortc_poll_us;
#if IS_ENABLED(CONFIG_VIRTIO_RTC_KUNIT_TEST)
extern atomic_t viortc_live_msgs;
#endif
void viortc_requestq_done(struct virtqueue *vq);
void viortc_requestq_drain(struct viortc_dev *viortc);
int viortc_read(struct viortc_dev *viortc, u16 clock_id, u64 *reading,
		struct ptp_system_timestamp *sts);
int viortc_read_cross(struct viortc_dev *viortc, u16 clock_id, u8 hw_counter,
		      u64 *reading, u64 *cycles);
int viortc_cfg(struct viortc_dev *viortc, u16 *num_clocks);
int viortc_clock_cap(struct viortc_dev *viortc, u16 clock_id, u8 *type,
		     u8 *smearing, u8 *flags);
int viortc_cross_cap(struct viortc_dev *viortc, u16 clock_id, u8 hw_counter,
		     bool *supported);
int viortc_read_alarm(struct viortc_dev *viortc, u16 clock_id, u64 *alarm_time,
		      bool *enabled);
int viortc_set_alarm(struct viortc_dev *viortc, u16 clock_id, u64 alarm_time,
		     bool enabled);
int viortc_set_alarm_enabled(struct viortc_dev *viortc, u16 clock_id,
			     bool enabled);

/* Alarm notifications (virtio_rtc_driver.c) */
int viortc_parse_alarm(const void *buf, unsigned int len, u16 *clock_id);

/*
 * PTP clocks (virtio_rtc_ptp.c). The structures exist in every
 * configuration, so that the KUnit suite builds with the part off.
 */
/**
 * struct viortc_ptp - a PTP clock for one device clock
 * @clock: the registered PTP clock
 * @info: its operations and name
 * @viortc: the device
 * @clock_id: the device's clock id
 * @hw_counter: the counter READ_CROSS pairs readings with
 */
struct viortc_ptp {
	struct ptp_clock *clock;
	struct ptp_clock_info info;
	struct viortc_dev *viortc;
	u16 clock_id;
	u8 hw_counter;
};

#if IS_ENABLED(CONFIG_VIRTIO_RTC_PTP)
struct viortc_ptp *viortc_ptp_register(struct viortc_dev *viortc,
				       struct viortc_clock *clock);
void viortc_ptp_unregister(struct viortc_ptp *ptp);
#else
static inline struct viortc_ptp *viortc_ptp_register(struct viortc_dev *viortc,
						     struct viortc_clock *clock)
{
	return NULL;
}

static inline void viortc_ptp_unregister(struct viortc_ptp *ptp)
{
}
#endif

/*
 * Cross-timestamps, the architecture's part (virtio_rtc_arm.c,
 * virtio_rtc_x86.c): the counter the device pairs its readings with, and
 * how a paired counter value becomes a value of the clocksource that keeps
 * system time. viortc_xts_prepare() runs before READ_CROSS is sent, with
 * the clocksource of the timekeeping snapshot taken then: it refuses
 * (-EOPNOTSUPP) a clocksource the counter cannot be turned into, and
 * leaves in @seq what viortc_xts_convert() checks. viortc_xts_convert()
 * returns -EAGAIN when the conversion changed while the request was out.
 */
#define VIORTC_HAVE_XTS	(IS_ENABLED(CONFIG_VIRTIO_RTC_ARM) || \
			 IS_ENABLED(CONFIG_VIRTIO_RTC_X86))
/* Defined only with VIORTC_HAVE_XTS; callers test it first. */
u8 viortc_xts_counter(void);
int viortc_xts_prepare(enum clocksource_ids cs_id, u32 *seq);
int viortc_xts_convert(enum clocksource_ids cs_id, u32 seq, u64 counter,
		       struct system_counterval_t *scv);

#if IS_ENABLED(CONFIG_VIRTIO_RTC_X86) && IS_ENABLED(CONFIG_KVM_GUEST)
struct pvclock_vcpu_time_info;
int viortc_pvclock_prepare(const struct pvclock_vcpu_time_info *pvti,
			   u32 *seq);
int viortc_pvclock_convert(const struct pvclock_vcpu_time_info *pvti,
			   u32 seq, u64 tsc, u64 *ns);
#endif

/* RTC class device (virtio_rtc_class.c), the structure in every configuration */
/**
 * struct viortc_class - the RTC class device
 * @rtc: the RTC device
 * @clock_id: the device clock behind it
 * @armed: the last alarm request that succeeded left the alarm enabled
 * @alarm_unread: an alarm was handed to the RTC core, whose work has not
 *	read the time since (set by the alarmq callback, cleared by that work)
 */
struct viortc_class {
	struct rtc_device *rtc;
	u16 clock_id;
	bool armed;
	bool alarm_unread;
};

#if IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS)
bool viortc_class_wanted(const struct viortc_clock *clock);
int viortc_class_register(struct viortc_dev *viortc, struct viortc_clock *clock);
void viortc_class_alarm(struct viortc_dev *viortc, u16 clock_id);
bool viortc_class_armed(struct viortc_dev *viortc);
void viortc_class_quiesce(struct viortc_dev *viortc);
#else
static inline bool viortc_class_wanted(const struct viortc_clock *clock)
{
	return false;
}

static inline int viortc_class_register(struct viortc_dev *viortc,
					struct viortc_clock *clock)
{
	return 0;
}

static inline void viortc_class_alarm(struct viortc_dev *viortc, u16 clock_id)
{
}

static inline bool viortc_class_armed(struct viortc_dev *viortc)
{
	return false;
}

static inline void viortc_class_quiesce(struct viortc_dev *viortc)
{
}
#endif

#endif /* _VIRTIO_RTC_INTERNAL_H_ */
