// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc: driver for the virtio RTC device (VIRTIO 1.4, device ID 17).
 *
 * This file holds the device's life cycle: virtqueues, discovery of the
 * clocks, the alarm notification queue, probe, remove, freeze and restore.
 * Messaging is in virtio_rtc_msg.c; PTP clocks, the RTC class device and
 * architecture cross-timestamp support have files of their own.
 */

#include <linux/device.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/wait_bit.h>

#include "virtio_rtc_internal.h"

/* How long freeze waits for the device to answer requests it holds. */
#define VIORTC_SLEEP_WAIT_MS	500

/**
 * viortc_parse_alarm() - check an alarm notification from the alarmq
 * @buf: the buffer the device used
 * @len: the used length
 * @clock_id: the clock whose alarm expired
 *
 * Reserved fields are not interpreted (VIRTIO 1.4, 5.23.6.2).
 *
 * Return: 0, or -EPROTO when the notification is too short or of another
 * type.
 */
int viortc_parse_alarm(const void *buf, unsigned int len, u16 *clock_id)
{
	const struct virtio_rtc_notif_alarm *notif = buf;

	if (len < sizeof(*notif) ||
	    le16_to_cpu(notif->head.msg_type) != VIRTIO_RTC_NOTIF_ALARM)
		return -EPROTO;
	*clock_id = le16_to_cpu(notif->clock_id);
	return 0;
}

/* Give alarmq buffer @buf (back) to the device. Called with the lock held. */
static int viortc_alarmq_post(struct viortc_dev *viortc,
			      union virtio_rtc_notif_alarmq *buf)
{
	struct scatterlist sg;

	lockdep_assert_held(&viortc->lock);
	memset(buf, 0, sizeof(*buf));
	sg_init_one(&sg, buf, sizeof(*buf));
	return virtqueue_add_inbuf(viortc->alarmq, &sg, 1, buf, GFP_ATOMIC);
}

/* Hand the alarm of clock @id to the RTC core, if the clock has one. */
static void viortc_alarm_deliver(struct viortc_dev *viortc, u16 id)
{
	struct device *dev = &viortc->vdev->dev;

	if (id >= viortc->num_clocks || !viortc->clocks[id].alarm) {
		dev_warn_ratelimited(dev, "alarm notification for clock %u, which has no alarm\n",
				     id);
		return;
	}
	viortc_class_alarm(viortc, id);
}

/* Deliver alarm notifications from now on, and those that were kept. */
static void viortc_alarms_open(struct viortc_dev *viortc)
{
	unsigned long flags;
	unsigned int id;

	spin_lock_irqsave(&viortc->lock, flags);
	/*
	 * Pairs with the acquire in viortc_alarm_note(): a callback that
	 * sees @ready sees the clocks and the RTC class device.
	 */
	smp_store_release(&viortc->ready, true);
	spin_unlock_irqrestore(&viortc->lock, flags);
	for_each_set_bit(id, viortc->alarms_pending, VIORTC_MAX_CLOCKS)
		if (test_and_clear_bit(id, viortc->alarms_pending))
			viortc_alarm_deliver(viortc, id);
}

/*
 * Keep alarm notifications from now on (freeze, remove): the RTC core's
 * work must not start reading a device about to stop.
 */
static void viortc_alarms_close(struct viortc_dev *viortc)
{
	unsigned long flags;

	spin_lock_irqsave(&viortc->lock, flags);
	WRITE_ONCE(viortc->ready, false);
	spin_unlock_irqrestore(&viortc->lock, flags);
}

/*
 * An alarm notification in @buf arrived: return true when it is to be
 * delivered now, else keep it in @alarms_pending (malformed ones are
 * dropped). Called with the lock held.
 */
static bool viortc_alarm_note(struct viortc_dev *viortc, const void *buf,
			      unsigned int len, u16 *id)
{
	struct device *dev = &viortc->vdev->dev;

	lockdep_assert_held(&viortc->lock);
	if (viortc_parse_alarm(buf, len, id)) {
		dev_warn_ratelimited(dev, "malformed alarm notification (%u bytes)\n",
				     len);
		return false;
	}
	if (*id >= VIORTC_MAX_CLOCKS) {
		dev_warn_ratelimited(dev, "alarm notification for clock %u, which has no alarm\n",
				     *id);
		return false;
	}
	/*
	 * A wakeup event, whatever the state: it aborts a suspend that
	 * began before freeze, and wakes the system from suspend-to-idle.
	 */
	pm_wakeup_hard_event(dev);
	/*
	 * During probe the RTC does not exist yet; asleep or stopped, the
	 * RTC core could not read the time the alarm asks it to check.
	 * Pairs with the release in viortc_alarms_open().
	 */
	if (viortc->state == VIORTC_LIVE && smp_load_acquire(&viortc->ready))
		return true;
	set_bit(*id, viortc->alarms_pending);
	return false;
}

static void viortc_alarmq_done(struct virtqueue *vq)
{
	struct viortc_dev *viortc = vq->vdev->priv;
	union virtio_rtc_notif_alarmq *buf;
	bool deliver, notify = false;
	unsigned long flags;
	unsigned int len;
	u16 id;

	for (;;) {
		spin_lock_irqsave(&viortc->lock, flags);
		/* Stopping: viortc_stop() takes what is in the used ring. */
		if (viortc->state == VIORTC_DOWN) {
			spin_unlock_irqrestore(&viortc->lock, flags);
			break;
		}
		buf = virtqueue_get_buf(vq, &len);
		if (!buf) {
			spin_unlock_irqrestore(&viortc->lock, flags);
			break;
		}
		deliver = viortc_alarm_note(viortc, buf, len, &id);
		/* Asleep, the device is reset at restore: keep the buffer. */
		if (viortc->state == VIORTC_LIVE) {
			if (viortc_alarmq_post(viortc, buf))
				dev_warn_ratelimited(&vq->vdev->dev,
						     "cannot repost an alarmq buffer\n");
			else
				notify |= virtqueue_kick_prepare(vq);
		}
		spin_unlock_irqrestore(&viortc->lock, flags);
		if (deliver)
			viortc_alarm_deliver(viortc, id);
	}
	if (notify)
		virtqueue_notify(vq);
}

/*
 * Take the alarm notifications the device left in the used ring of the
 * reset device, to deliver them later, and the buffers it never used.
 * Called with the lock held, with no callbacks running.
 */
static void viortc_alarmq_drain(struct viortc_dev *viortc)
{
	struct virtqueue *vq = viortc->alarmq;
	unsigned int len;
	void *buf;
	u16 id;

	while ((buf = virtqueue_get_buf(vq, &len)))
		viortc_alarm_note(viortc, buf, len, &id);
	while (virtqueue_detach_unused_buf(vq))
		;
}

/*
 * Stop all use of the virtqueues: refuse new requests, reset the device
 * (unless the virtio core just did, @reset false), wait for callbacks,
 * fail the requests it still holds, keep the alarm notifications it
 * left, and delete the virtqueues. The RTC core's work is flushed.
 */
static void viortc_stop(struct viortc_dev *viortc, bool reset)
{
	struct virtio_device *vdev = viortc->vdev;
	unsigned long flags;

	down_write(&viortc->state_lock);
	if (viortc->state != VIORTC_DOWN) {
		spin_lock_irqsave(&viortc->lock, flags);
		WRITE_ONCE(viortc->state, VIORTC_DOWN);
		spin_unlock_irqrestore(&viortc->lock, flags);
		/*
		 * A callback that saw the device live may still notify it:
		 * let it finish before the reset. Later ones leave the rings.
		 */
		virtio_synchronize_cbs(vdev);
		if (reset)
			virtio_reset_device(vdev);
		/* The reset does not wait for callbacks already raised. */
		virtio_synchronize_cbs(vdev);
		viortc_requestq_drain(viortc);
		spin_lock_irqsave(&viortc->lock, flags);
		if (viortc->alarmq)
			viortc_alarmq_drain(viortc);
		viortc->requestq = NULL;
		viortc->alarmq = NULL;
		spin_unlock_irqrestore(&viortc->lock, flags);
		vdev->config->del_vqs(vdev);
	} else if (reset) {
		/* A failed restore left the device as it was: remove. */
		virtio_reset_device(vdev);
	}
	up_write(&viortc->state_lock);
	viortc_class_quiesce(viortc);
}

/* Give every alarmq buffer to the device; return whether to notify it. */
static int viortc_alarmq_fill(struct viortc_dev *viortc, bool *notify)
{
	unsigned int i, n = virtqueue_get_vring_size(viortc->alarmq);
	unsigned long flags;
	int ret = 0;

	if (!viortc->alarm_bufs) {
		viortc->alarm_bufs = devm_kcalloc(&viortc->vdev->dev, n,
						  sizeof(*viortc->alarm_bufs),
						  GFP_KERNEL);
		if (!viortc->alarm_bufs)
			return -ENOMEM;
		viortc->num_alarm_bufs = n;
	}
	/* After a restore the ring may be smaller than before. */
	n = min(n, viortc->num_alarm_bufs);
	spin_lock_irqsave(&viortc->lock, flags);
	for (i = 0; i < n && !ret; i++)
		ret = viortc_alarmq_post(viortc, &viortc->alarm_bufs[i]);
	*notify = !ret && virtqueue_kick_prepare(viortc->alarmq);
	spin_unlock_irqrestore(&viortc->lock, flags);
	return ret;
}

/*
 * Create the virtqueues, fill the alarmq and mark the device ready: the
 * device can serve requests when this returns 0. On error no virtqueue
 * is left and the device is reset. Probe and restore.
 */
static int viortc_start(struct viortc_dev *viortc)
{
	struct virtio_device *vdev = viortc->vdev;
	bool alarms = virtio_has_feature(vdev, VIRTIO_RTC_F_ALARM);
	struct virtqueue_info info[VIORTC_MAX_VQS] = {
		[VIORTC_REQUESTQ] = { "requestq", viortc_requestq_done },
		[VIORTC_ALARMQ] = { "alarmq", viortc_alarmq_done },
	};
	struct virtqueue *vqs[VIORTC_MAX_VQS];
	unsigned long flags;
	bool notify = false;
	int ret;

	ret = virtio_find_vqs(vdev, alarms ? 2 : 1, vqs, info, NULL);
	if (ret) {
		virtio_reset_device(vdev);
		return ret;
	}
	down_write(&viortc->state_lock);
	viortc->requestq = vqs[VIORTC_REQUESTQ];
	viortc->alarmq = alarms ? vqs[VIORTC_ALARMQ] : NULL;
	if (viortc->alarmq) {
		ret = viortc_alarmq_fill(viortc, &notify);
		if (ret) {
			/* Not live: viortc_stop() would leave it alone. */
			virtio_reset_device(vdev);
			while (virtqueue_detach_unused_buf(viortc->alarmq))
				;
			viortc->requestq = NULL;
			viortc->alarmq = NULL;
			vdev->config->del_vqs(vdev);
			up_write(&viortc->state_lock);
			return ret;
		}
	}
	virtio_device_ready(vdev);
	spin_lock_irqsave(&viortc->lock, flags);
	WRITE_ONCE(viortc->state, VIORTC_LIVE);
	spin_unlock_irqrestore(&viortc->lock, flags);
	up_write(&viortc->state_lock);
	if (notify && !virtqueue_notify(viortc->alarmq)) {
		dev_err(&vdev->dev, "cannot notify the alarmq\n");
		viortc_stop(viortc, true);
		return -EIO;
	}
	return 0;
}

/* Is the device's description of a clock within the specification? */
static bool viortc_clock_valid(struct device *dev, u16 id, u8 type, u8 smearing)
{
	switch (type) {
	case VIRTIO_RTC_CLOCK_UTC:
	case VIRTIO_RTC_CLOCK_TAI:
	case VIRTIO_RTC_CLOCK_MONOTONIC:
	case VIRTIO_RTC_CLOCK_UTC_MAYBE_SMEARED:
		if (smearing == VIRTIO_RTC_SMEAR_UNSPECIFIED)
			return true;
		break;
	case VIRTIO_RTC_CLOCK_UTC_SMEARED:
		if (smearing <= VIRTIO_RTC_SMEAR_UTC_SLS || smearing >= 0xf0)
			return true;
		break;
	default:
		/* Implementation-specific types are exposed as PTP only. */
		if (type >= 0xf0)
			return true;
		dev_warn(dev, "clock %u has unknown type %u, not exposed\n",
			 id, type);
		return false;
	}
	dev_warn(dev, "clock %u (type %u) has invalid smearing variant %u, not exposed\n",
		 id, type, smearing);
	return false;
}

/* Ask the device for its clocks and what each one can do. */
static int viortc_discover(struct viortc_dev *viortc)
{
	struct device *dev = &viortc->vdev->dev;
	bool alarms = virtio_has_feature(viortc->vdev, VIRTIO_RTC_F_ALARM);
	struct viortc_clock *clock;
	u8 type, smearing, flags;
	u16 num, id;
	int ret;

	ret = viortc_cfg(viortc, &num);
	if (ret) {
		dev_err(dev, "CFG request failed: %d\n", ret);
		return ret;
	}
	if (!num) {
		dev_err(dev, "device has no clocks\n");
		return -ENODEV;
	}
	if (num > VIORTC_MAX_CLOCKS) {
		dev_warn(dev, "device has %u clocks, using the first %u\n",
			 num, VIORTC_MAX_CLOCKS);
		num = VIORTC_MAX_CLOCKS;
	}
	viortc->clocks = devm_kcalloc(dev, num, sizeof(*viortc->clocks),
				      GFP_KERNEL);
	if (!viortc->clocks)
		return -ENOMEM;
	viortc->num_clocks = num;

	for (id = 0; id < num; id++) {
		clock = &viortc->clocks[id];
		clock->id = id;
		ret = viortc_clock_cap(viortc, id, &type, &smearing, &flags);
		if (ret) {
			dev_err(dev, "CLOCK_CAP for clock %u failed: %d\n",
				id, ret);
			return ret;
		}
		clock->type = type;
		clock->smearing = smearing;
		clock->valid = viortc_clock_valid(dev, id, type, smearing);
		clock->alarm = clock->valid && alarms &&
			       (flags & VIRTIO_RTC_FLAG_ALARM_CAP);
	}
	return 0;
}

static void viortc_unexpose(struct viortc_dev *viortc)
{
	u16 id;

	for (id = 0; id < viortc->num_clocks; id++) {
		viortc_ptp_unregister(viortc->clocks[id].ptp);
		viortc->clocks[id].ptp = NULL;
	}
}

/* A PTP clock for every valid clock, an RTC class device for one. */
static int viortc_expose(struct viortc_dev *viortc)
{
	struct device *dev = &viortc->vdev->dev;
	struct viortc_clock *clock;
	struct viortc_ptp *ptp;
	bool exposed;
	u16 id;
	int ret;

	for (id = 0; id < viortc->num_clocks; id++) {
		clock = &viortc->clocks[id];
		if (!clock->valid)
			continue;
		exposed = false;
		if (!viortc->class && viortc_class_wanted(clock)) {
			ret = viortc_class_register(viortc, clock);
			if (ret) {
				dev_err(dev, "cannot register an RTC for clock %u: %d\n",
					id, ret);
				goto err;
			}
			exposed = true;
		}
		ptp = viortc_ptp_register(viortc, clock);
		if (IS_ERR(ptp)) {
			ret = PTR_ERR(ptp);
			dev_err(dev, "cannot register a PTP clock for clock %u: %d\n",
				id, ret);
			goto err;
		}
		clock->ptp = ptp;
		if (ptp)
			exposed = true;
		if (!exposed)
			dev_info(dev, "clock %u (type %u) is not exposed\n",
				 id, clock->type);
	}
	return 0;

err:
	viortc_unexpose(viortc);
	return ret;
}

static int viortc_probe(struct virtio_device *vdev)
{
	struct viortc_dev *viortc;
	int ret;

	viortc = devm_kzalloc(&vdev->dev, sizeof(*viortc), GFP_KERNEL);
	if (!viortc)
		return -ENOMEM;
	viortc->vdev = vdev;
	init_rwsem(&viortc->state_lock);
	spin_lock_init(&viortc->lock);
	vdev->priv = viortc;

	ret = viortc_start(viortc);
	if (ret)
		return ret;
	ret = viortc_discover(viortc);
	if (ret)
		goto err_stop;
	ret = viortc_expose(viortc);
	if (ret)
		goto err_stop;
	/* Alarms notified so far were kept. */
	viortc_alarms_open(viortc);
	return 0;

err_stop:
	viortc_stop(viortc, true);
	return ret;
}

static void viortc_remove(struct virtio_device *vdev)
{
	struct viortc_dev *viortc = vdev->priv;

	/*
	 * Fail the requests in flight first: unregistering a PTP clock
	 * waits for the operations in progress on it. From here on every
	 * PTP and RTC class operation gets -ENODEV; the RTC device itself
	 * is unregistered by devres once this returns.
	 */
	viortc_alarms_close(viortc);
	viortc_stop(viortc, true);
	viortc_unexpose(viortc);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Should the device run on while the system sleeps? Only for
 * suspend-to-idle (hibernation and suspend-to-RAM power the device off or
 * save memory images that must not change), only if the alarm may wake
 * the system and is armed, and only where the device has an alarmq.
 */
static bool viortc_sleep_wanted(struct viortc_dev *viortc)
{
	return viortc->alarmq && device_may_wakeup(&viortc->vdev->dev) &&
	       pm_suspend_target_state == PM_SUSPEND_TO_IDLE &&
	       viortc_class_armed(viortc);
}

/*
 * Sleep with the device running, so that its alarm can wake the system
 * (where the transport lets it: a virtio-mmio device with the DT's
 * wakeup-source; virtio-pci disables the device after freeze). Only once
 * the device has answered the requests whose senders still wait: return
 * false when it does not within VIORTC_SLEEP_WAIT_MS.
 */
static bool viortc_sleep(struct viortc_dev *viortc)
{
	unsigned long flags;

	down_write(&viortc->state_lock);
	if (viortc->state == VIORTC_LIVE) {
		spin_lock_irqsave(&viortc->lock, flags);
		WRITE_ONCE(viortc->state, VIORTC_ASLEEP);
		spin_unlock_irqrestore(&viortc->lock, flags);
	}
	up_write(&viortc->state_lock);
	if (!wait_var_event_timeout(&viortc->in_flight,
				    !atomic_read(&viortc->in_flight),
				    msecs_to_jiffies(VIORTC_SLEEP_WAIT_MS)))
		return false;
	viortc_class_quiesce(viortc);
	return true;
}

static int viortc_freeze(struct virtio_device *vdev)
{
	struct viortc_dev *viortc = vdev->priv;

	viortc_alarms_close(viortc);
	if (viortc_sleep_wanted(viortc) && viortc_sleep(viortc))
		return 0;
	viortc_stop(viortc, true);
	return 0;
}

/* The virtio core has reset the device: start it afresh. */
static int viortc_restore(struct virtio_device *vdev)
{
	struct viortc_dev *viortc = vdev->priv;
	int ret;

	viortc_stop(viortc, false);
	ret = viortc_start(viortc);
	if (ret)
		return ret;
	/* Alarms notified while the system slept, or left at the reset. */
	viortc_alarms_open(viortc);
	return 0;
}
#endif

static const unsigned int viortc_features[] = {
#if IS_ENABLED(CONFIG_VIRTIO_RTC_CLASS)
	VIRTIO_RTC_F_ALARM,
#endif
};

static const struct virtio_device_id viortc_id_table[] = {
	{ VIRTIO_ID_CLOCK, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, viortc_id_table);

static struct virtio_driver viortc_driver = {
	.id_table = viortc_id_table,
	.probe = viortc_probe,
	.remove = viortc_remove,
	.feature_table_size = ARRAY_SIZE(viortc_features),
	.feature_table = viortc_features,
	.driver.name = KBUILD_MODNAME,
#ifdef CONFIG_PM_SLEEP
	.freeze = viortc_freeze,
	.restore = viortc_restore,
#endif
};
module_virtio_driver(viortc_driver);

MODULE_DESCRIPTION("Virtio RTC driver");
MODULE_LICENSE("GPL");
