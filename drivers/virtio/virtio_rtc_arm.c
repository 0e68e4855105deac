// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc cross-timestamps on Arm: the device pairs its clock readings
 * with the Generic Timer's virtual count (CNTVCT_EL0), which the arch_timer
 * clocksource reads as it is.
 */

#include "virtio_rtc_internal.h"

/**
 * viortc_xts_counter() - the counter the device pairs readings with
 *
 * Return: VIRTIO_RTC_COUNTER_ARM_VCT.
 */
u8 viortc_xts_counter(void)
{
	return VIRTIO_RTC_COUNTER_ARM_VCT;
}

/**
 * viortc_xts_prepare() - can system time be paired with the counter?
 * @cs_id: the clocksource keeping system time
 * @seq: unused on Arm
 *
 * Return: 0 for the arch_timer clocksource, -EOPNOTSUPP for any other.
 */
int viortc_xts_prepare(enum clocksource_ids cs_id, u32 *seq)
{
	*seq = 0;
	return cs_id == CSID_ARM_ARCH_COUNTER ? 0 : -EOPNOTSUPP;
}

/**
 * viortc_xts_convert() - a paired counter value as a clocksource value
 * @cs_id: the clocksource viortc_xts_prepare() accepted
 * @seq: unused on Arm
 * @counter: the CNTVCT value the device paired
 * @scv: the value for get_device_system_crosststamp()
 *
 * Return: 0.
 */
int viortc_xts_convert(enum clocksource_ids cs_id, u32 seq, u64 counter,
		       struct system_counterval_t *scv)
{
	scv->cycles = counter;
	scv->cs_id = CSID_ARM_ARCH_COUNTER;
	scv->use_nsecs = false;
	return 0;
}
