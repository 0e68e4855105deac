// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc RTC class device.
 *
 * A Linux RTC keeps UTC without leap seconds, so only a clock that smears
 * leap seconds instead of stepping (VIRTIO_RTC_CLOCK_UTC_SMEARED) becomes an
 * RTC, and only one. It is read-only; its alarm, when the device has one
 * for the clock, wakes the system and raises RTC alarm interrupts.
 */

#include <linux/math64.h>
#include <linux/rtc.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "virtio_rtc_internal.h"

static struct viortc_dev *viortc_of(struct device *dev)
{
	return dev_to_virtio(dev)->priv;
}

static int viortc_class_read_time(struct device *dev, struct rtc_time *tm)
{
	struct viortc_dev *viortc = viortc_of(dev);
	u64 ns;
	int ret;

	ret = viortc_read(viortc, viortc->class->clock_id, &ns, NULL);
	if (ret)
		return ret;
	/* The RTC core's alarm work now goes on to handle the alarm. */
	if (current_work() == &viortc->class->rtc->irqwork)
		WRITE_ONCE(viortc->class->alarm_unread, false);
	rtc_time64_to_tm(div_u64(ns, NSEC_PER_SEC), tm);
	return 0;
}

static int viortc_class_read_alarm(struct device *dev, struct rtc_wkalrm *alrm)
{
	struct viortc_dev *viortc = viortc_of(dev);
	bool enabled;
	u64 ns;
	int ret;

	ret = viortc_read_alarm(viortc, viortc->class->clock_id, &ns, &enabled);
	if (ret)
		return ret;
	rtc_time64_to_tm(div_u64(ns, NSEC_PER_SEC), &alrm->time);
	alrm->enabled = enabled;
	return 0;
}

static int viortc_class_set_alarm(struct device *dev, struct rtc_wkalrm *alrm)
{
	struct viortc_dev *viortc = viortc_of(dev);
	time64_t secs = rtc_tm_to_time64(&alrm->time);
	int ret;

	if (secs < 0 || (u64)secs > div_u64(U64_MAX, NSEC_PER_SEC))
		return -EINVAL;
	/* Past 2262 the product no longer fits an s64: multiply unsigned. */
	ret = viortc_set_alarm(viortc, viortc->class->clock_id,
			       (u64)secs * NSEC_PER_SEC, alrm->enabled);
	if (!ret)
		WRITE_ONCE(viortc->class->armed, alrm->enabled);
	return ret;
}

static int viortc_class_alarm_irq_enable(struct device *dev,
					 unsigned int enabled)
{
	struct viortc_dev *viortc = viortc_of(dev);
	int ret;

	ret = viortc_set_alarm_enabled(viortc, viortc->class->clock_id,
				       enabled);
	if (!ret)
		WRITE_ONCE(viortc->class->armed, enabled);
	return ret;
}

static const struct rtc_class_ops viortc_class_ops = {
	.read_time = viortc_class_read_time,
	.read_alarm = viortc_class_read_alarm,
	.set_alarm = viortc_class_set_alarm,
	.alarm_irq_enable = viortc_class_alarm_irq_enable,
};

/**
 * viortc_class_wanted() - should this clock become the RTC class device?
 * @clock: the clock
 *
 * Return: true for a clock that never steps on leap seconds.
 */
bool viortc_class_wanted(const struct viortc_clock *clock)
{
	return clock->type == VIRTIO_RTC_CLOCK_UTC_SMEARED;
}

static void viortc_class_no_wakeup(void *dev)
{
	device_init_wakeup(dev, false);
}

/**
 * viortc_class_register() - register the RTC class device for a clock
 * @viortc: the device
 * @clock: the clock
 *
 * The RTC device lives until the driver is unbound (devres); operations on
 * it fail with -ENODEV once the device is stopped.
 *
 * Return: 0 or a negative errno.
 */
int viortc_class_register(struct viortc_dev *viortc, struct viortc_clock *clock)
{
	struct device *dev = &viortc->vdev->dev;
	struct viortc_class *class;
	int ret;

	class = devm_kzalloc(dev, sizeof(*class), GFP_KERNEL);
	if (!class)
		return -ENOMEM;
	class->clock_id = clock->id;
	class->rtc = devm_rtc_allocate_device(dev);
	if (IS_ERR(class->rtc))
		return PTR_ERR(class->rtc);

	class->rtc->ops = &viortc_class_ops;
	class->rtc->range_max = div_u64(U64_MAX, NSEC_PER_SEC);
	/* The device has no update interrupt (UIE), and maybe no alarm. */
	clear_bit(RTC_FEATURE_UPDATE_INTERRUPT, class->rtc->features);
	if (clock->alarm) {
		ret = device_init_wakeup(dev, true);
		if (!ret)
			ret = devm_add_action_or_reset(dev, viortc_class_no_wakeup,
						       dev);
		if (ret)
			return ret;
	} else {
		clear_bit(RTC_FEATURE_ALARM, class->rtc->features);
	}
	/*
	 * The RTC core calls the operations while registering. Alarm
	 * notifications are delivered only once probe is done (viortc->ready).
	 * Release: a reader that sees @class sees it initialized.
	 */
	smp_store_release(&viortc->class, class);
	ret = devm_rtc_register_device(class->rtc);
	if (ret)
		WRITE_ONCE(viortc->class, NULL);
	return ret;
}

/**
 * viortc_class_alarm() - an alarm notification arrived
 * @viortc: the device
 * @clock_id: the clock whose alarm expired
 *
 * Called from the alarmq callback.
 */
void viortc_class_alarm(struct viortc_dev *viortc, u16 clock_id)
{
	/* Pairs with the release in viortc_class_register(). */
	struct viortc_class *class = smp_load_acquire(&viortc->class);

	if (!class || class->clock_id != clock_id) {
		dev_warn_ratelimited(&viortc->vdev->dev,
				     "alarm notification for clock %u, which is no RTC\n",
				     clock_id);
		return;
	}
	/* Before the work is queued: the work that reads the time clears it. */
	WRITE_ONCE(class->alarm_unread, true);
	rtc_update_irq(class->rtc, 1, RTC_AF | RTC_IRQF);
}

/**
 * viortc_class_armed() - may the RTC's alarm be armed on the device?
 * @viortc: the device
 *
 * Return: true when the last alarm request that succeeded enabled it.
 */
bool viortc_class_armed(struct viortc_dev *viortc)
{
	/* Pairs with the release in viortc_class_register(). */
	struct viortc_class *class = smp_load_acquire(&viortc->class);

	return class && READ_ONCE(class->armed);
}

/**
 * viortc_class_quiesce() - settle the RTC core's work once requests fail
 * @viortc: the device, stopped or asleep: no alarm reaches the RTC core
 *
 * The RTC core's alarm work holds the wakeup source active until it has
 * read the time; when that fails (the device is stopped or asleep) it
 * returns without relaxing it, which would stop every later suspend. Wait
 * for the work, keep its alarm for the next start, and relax the source.
 */
void viortc_class_quiesce(struct viortc_dev *viortc)
{
	/* Pairs with the release in viortc_class_register(). */
	struct viortc_class *class = smp_load_acquire(&viortc->class);

	if (!class)
		return;
	/*
	 * Whether the work failed its read just now or earlier, the alarm
	 * it left is kept; its return value cannot tell (the work may have
	 * ended between the failed request and this flush).
	 */
	flush_work(&class->rtc->irqwork);
	if (READ_ONCE(class->alarm_unread)) {
		WRITE_ONCE(class->alarm_unread, false);
		set_bit(class->clock_id, viortc->alarms_pending);
	}
	pm_relax(&viortc->vdev->dev);
}
