// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rtc cross-timestamps on x86: the device pairs its clock readings
 * with the guest's time stamp counter.
 *
 * With the tsc clocksource, a TSC value is a clocksource value as it is.
 * kvm-clock's values are nanoseconds that every vCPU derives from its TSC
 * with the pvclock parameters the hypervisor publishes in its time info
 * page. A TSC value read by the device, on no vCPU in particular, can be
 * converted only when those parameters are the same on every vCPU: when
 * the hypervisor sets PVCLOCK_TSC_STABLE_BIT, and then with vCPU 0's page,
 * as the vDSO does. The parameters in force when the device read the TSC
 * are those of the page's version taken before the request was sent, if
 * it has not changed by the time the reply is converted; otherwise the
 * conversion is uncertain and the caller asks the device again. Any other
 * clocksource (hpet, acpi_pm, tsc-early, Xen's) has no conversion: no
 * cross-timestamp.
 */

#include <linux/cache.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/pvclock.h>

#include "virtio_rtc_internal.h"

/**
 * viortc_xts_counter() - the counter the device pairs readings with
 *
 * Return: VIRTIO_RTC_COUNTER_X86_TSC.
 */
u8 viortc_xts_counter(void)
{
	return VIRTIO_RTC_COUNTER_X86_TSC;
}

#if IS_ENABLED(CONFIG_KVM_GUEST)
/**
 * viortc_pvclock_prepare() - can TSC values be converted with this page?
 * @pvti: the pvclock time info page (NULL: none)
 * @seq: the page's version, for viortc_pvclock_convert()
 *
 * Return: 0, or -EOPNOTSUPP without a page or when the hypervisor does not
 * mark the TSC stable.
 */
int viortc_pvclock_prepare(const struct pvclock_vcpu_time_info *pvti,
			   u32 *seq)
{
	if (!pvti)
		return -EOPNOTSUPP;
	*seq = pvclock_read_begin(pvti);
	if (!(READ_ONCE(pvti->flags) & PVCLOCK_TSC_STABLE_BIT))
		return -EOPNOTSUPP;
	return 0;
}

/**
 * viortc_pvclock_convert() - a TSC value as kvm-clock nanoseconds
 * @pvti: the page viortc_pvclock_prepare() accepted
 * @seq: the version it left
 * @tsc: the TSC value
 * @ns: kvm-clock's value for @tsc
 *
 * Return: 0, or -EAGAIN when the page changed since @seq.
 */
int viortc_pvclock_convert(const struct pvclock_vcpu_time_info *pvti,
			   u32 seq, u64 tsc, u64 *ns)
{
	unsigned int version;

	do {
		version = pvclock_read_begin(pvti);
		*ns = __pvclock_read_cycles(pvti, tsc);
	} while (pvclock_read_retry(pvti, version));
	return version == seq ? 0 : -EAGAIN;
}

static const struct pvclock_vcpu_time_info *viortc_pvti(void)
{
	struct pvclock_vsyscall_time_info *p = pvclock_get_pvti_cpu0_va();

	return p ? &p->pvti : NULL;
}
#endif

/**
 * viortc_xts_prepare() - can system time be paired with the TSC?
 * @cs_id: the clocksource keeping system time
 * @seq: for kvm-clock, the version of the parameters in force now
 *
 * Return: 0 for tsc, and for kvm-clock on a stable TSC; -EOPNOTSUPP
 * otherwise.
 */
int viortc_xts_prepare(enum clocksource_ids cs_id, u32 *seq)
{
	*seq = 0;
	switch (cs_id) {
	case CSID_X86_TSC:
		return 0;
#if IS_ENABLED(CONFIG_KVM_GUEST)
	case CSID_X86_KVM_CLK:
		return viortc_pvclock_prepare(viortc_pvti(), seq);
#endif
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * viortc_xts_convert() - a paired TSC value as a clocksource value
 * @cs_id: the clocksource viortc_xts_prepare() accepted
 * @seq: what viortc_xts_prepare() left
 * @counter: the TSC value the device paired
 * @scv: the value for get_device_system_crosststamp()
 *
 * Return: 0, -EAGAIN when kvm-clock's parameters changed since
 * viortc_xts_prepare(), -EOPNOTSUPP for a clocksource it refused.
 */
int viortc_xts_convert(enum clocksource_ids cs_id, u32 seq, u64 counter,
		       struct system_counterval_t *scv)
{
	scv->cs_id = cs_id;
	scv->use_nsecs = false;
	switch (cs_id) {
	case CSID_X86_TSC:
		scv->cycles = counter;
		return 0;
#if IS_ENABLED(CONFIG_KVM_GUEST)
	case CSID_X86_KVM_CLK: {
		const struct pvclock_vcpu_time_info *pvti = viortc_pvti();

		if (!pvti)
			return -EOPNOTSUPP;
		return viortc_pvclock_convert(pvti, seq, counter, &scv->cycles);
	}
#endif
	default:
		return -EOPNOTSUPP;
	}
}
