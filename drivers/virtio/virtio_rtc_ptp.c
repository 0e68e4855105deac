// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc PTP clocks: every clock of the device is a read-only PHC.
 *
 * PTP_SYS_OFFSET_EXTENDED(2) brackets one device read with system time
 * stamps; PTP_SYS_OFFSET_PRECISE(2) pairs the device's clock reading with
 * the hardware counter value of the same instant, where the device and the
 * architecture support it.
 */

#include <linux/ptp_clock_kernel.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "virtio_rtc_internal.h"

/* A READ_CROSS result, handed to get_device_system_crosststamp(). */
struct viortc_xts {
	u64 device_ns;
	struct system_counterval_t counter;
};

/* Attempts when the counter's conversion changed while a request was out. */
#define VIORTC_XTS_TRIES	3

static struct viortc_ptp *to_viortc_ptp(struct ptp_clock_info *info)
{
	return container_of(info, struct viortc_ptp, info);
}

static int viortc_ptp_gettimex64(struct ptp_clock_info *info,
				 struct timespec64 *ts,
				 struct ptp_system_timestamp *sts)
{
	struct viortc_ptp *ptp = to_viortc_ptp(info);
	u64 ns;
	int ret;

	ret = viortc_read(ptp->viortc, ptp->clock_id, &ns, sts);
	if (ret)
		return ret;
	if (ns > KTIME_MAX)
		return -EOVERFLOW;
	*ts = ns_to_timespec64(ns);
	return 0;
}

static int viortc_ptp_xts_get(ktime_t *device_time,
			      struct system_counterval_t *counter, void *ctx)
{
	const struct viortc_xts *xts = ctx;

	*device_time = ns_to_ktime(xts->device_ns);
	*counter = xts->counter;
	return 0;
}

static int viortc_ptp_getcrosststamp(struct ptp_clock_info *info,
				     struct system_device_crosststamp *cts)
{
	struct viortc_ptp *ptp = to_viortc_ptp(info);
	struct system_time_snapshot history;
	struct viortc_xts xts;
	int tries = 0;
	u64 cycles;
	u32 seq;
	int ret;

	/*
	 * The reply may take longer than a timekeeping update interval: take
	 * a snapshot first, read the device, then let the timekeeping core
	 * interpolate back from @history to the counter value the device
	 * paired. The architecture turns that value into one of the
	 * clocksource the snapshot was taken with, if it can.
	 */
	do {
		ktime_get_snapshot(&history);
		ret = viortc_xts_prepare(history.cs_id, &seq);
		if (ret)
			return ret;
		ret = viortc_read_cross(ptp->viortc, ptp->clock_id,
					ptp->hw_counter, &xts.device_ns,
					&cycles);
		if (ret)
			return ret;
		if (xts.device_ns > KTIME_MAX)
			return -EOVERFLOW;
		ret = viortc_xts_convert(history.cs_id, seq, cycles,
					 &xts.counter);
	} while (ret == -EAGAIN && ++tries < VIORTC_XTS_TRIES);
	if (ret)
		return ret;
	return get_device_system_crosststamp(viortc_ptp_xts_get, &xts,
					     &history, cts);
}

/* The clocks are read-only. */
static int viortc_ptp_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	return -EOPNOTSUPP;
}

static int viortc_ptp_adjtime(struct ptp_clock_info *info, s64 delta)
{
	return -EOPNOTSUPP;
}

static int viortc_ptp_settime64(struct ptp_clock_info *info,
				const struct timespec64 *ts)
{
	return -EOPNOTSUPP;
}

static int viortc_ptp_enable(struct ptp_clock_info *info,
			     struct ptp_clock_request *rq, int on)
{
	return -EOPNOTSUPP;
}

static const struct ptp_clock_info viortc_ptp_template = {
	.owner = THIS_MODULE,
	.gettimex64 = viortc_ptp_gettimex64,
	.adjfine = viortc_ptp_adjfine,
	.adjtime = viortc_ptp_adjtime,
	.settime64 = viortc_ptp_settime64,
	.enable = viortc_ptp_enable,
};

/* Can the device pair this clock with the counter the kernel uses? */
static bool viortc_ptp_cross_supported(struct viortc_ptp *ptp)
{
	struct device *dev = &ptp->viortc->vdev->dev;
	bool supported;
	int ret;

	ptp->hw_counter = viortc_xts_counter();
	ret = viortc_cross_cap(ptp->viortc, ptp->clock_id, ptp->hw_counter,
			       &supported);
	if (ret) {
		if (ret != -EOPNOTSUPP)
			dev_warn(dev, "CROSS_CAP for clock %u failed: %d\n",
				 ptp->clock_id, ret);
		return false;
	}
	return supported;
}

/**
 * viortc_ptp_register() - register a PTP clock for a device clock
 * @viortc: the device
 * @clock: the clock
 *
 * The name is "Virtio PTP type T/variant V" with the clock's type and leap
 * second smearing variant, so that udev rules can pick a clock.
 *
 * Return: the PTP clock, NULL when PTP clocks are not available, or an
 * error pointer.
 */
struct viortc_ptp *viortc_ptp_register(struct viortc_dev *viortc,
				       struct viortc_clock *clock)
{
	struct device *dev = &viortc->vdev->dev;
	struct viortc_ptp *ptp;

	ptp = devm_kzalloc(dev, sizeof(*ptp), GFP_KERNEL);
	if (!ptp)
		return ERR_PTR(-ENOMEM);
	ptp->viortc = viortc;
	ptp->clock_id = clock->id;
	ptp->info = viortc_ptp_template;
	snprintf(ptp->info.name, sizeof(ptp->info.name),
		 "Virtio PTP type %u/variant %u", clock->type, clock->smearing);
	/* Without an architecture part this and what it calls compile away. */
	if (VIORTC_HAVE_XTS && viortc_ptp_cross_supported(ptp))
		ptp->info.getcrosststamp = viortc_ptp_getcrosststamp;

	ptp->clock = ptp_clock_register(&ptp->info, dev);
	if (IS_ERR(ptp->clock)) {
		long err = PTR_ERR(ptp->clock);

		devm_kfree(dev, ptp);
		return ERR_PTR(err);
	}
	if (!ptp->clock) {
		devm_kfree(dev, ptp);
		return NULL;
	}
	return ptp;
}

/**
 * viortc_ptp_unregister() - unregister a PTP clock
 * @ptp: the clock, or NULL
 *
 * Waits for operations in progress; later ones fail.
 */
void viortc_ptp_unregister(struct viortc_ptp *ptp)
{
	if (!ptp)
		return;
	ptp_clock_unregister(ptp->clock);
	devm_kfree(&ptp->viortc->vdev->dev, ptp);
}
