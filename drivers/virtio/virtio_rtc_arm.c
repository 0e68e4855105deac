// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc cross-timestamps on Arm: the device pairs its clock readings
 * with the Generic Timer's virtual count (CNTVCT_EL0), which the kernel
 * reads through the arch_timer clocksource.
 */

#include "virtio_rtc_internal.h"

/**
 * viortc_hw_xtstamp_params() - the counter to cross-timestamp against
 * @hw_counter: VIRTIO_RTC_COUNTER_ARM_VCT
 * @cs_id: CSID_ARM_ARCH_COUNTER
 *
 * Return: 0.
 */
int viortc_hw_xtstamp_params(u8 *hw_counter, enum clocksource_ids *cs_id)
{
	*hw_counter = VIRTIO_RTC_COUNTER_ARM_VCT;
	*cs_id = CSID_ARM_ARCH_COUNTER;
	return 0;
}
