// SPDX-License-Identifier: GPL-2.0
/*
 * Optional ring features the back-end can offer (--ring-features).
 *
 * indirect    VIRTIO_F_INDIRECT_DESC (28): virtq.c follows indirect tables
 * event-idx   VIRTIO_F_EVENT_IDX (29): virtq.c writes avail_event and reads
 *	       used_event
 * ring-reset  VIRTIO_F_RING_RESET (40): a vhost-user front-end resets one
 *	       queue by stopping it (GET_VRING_BASE or SET_VRING_ENABLE 0)
 *	       and setting it up again; each queue already stops and starts
 *	       on its own, dropping what it had in flight
 *
 * None of them is offered unless asked for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vdev.h"

static const struct {
	const char *name;
	unsigned int bit;
} ring_features[] = {
	{ "indirect", VIRTIO_F_INDIRECT_DESC },
	{ "event-idx", VIRTIO_F_EVENT_IDX },
	{ "ring-reset", VIRTIO_F_RING_RESET },
};

/**
 * vdev_ring_features() - offer or withdraw ring features
 * @dev: device, before negotiation
 * @list: comma-separated [+|-]NAME items, NAME one of indirect,
 *	event-idx, ring-reset; no sign means '+'
 *
 * Return: 0, or -EINVAL for an unknown name (then nothing changed).
 */
int vdev_ring_features(struct vdev *dev, const char *list)
{
	char *copy = strdup(list), *item, *save = NULL;
	uint64_t offer = dev->offered_features;
	int ret = -EINVAL;
	unsigned int i;
	bool off;

	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		off = *item == '-';
		if (*item == '-' || *item == '+')
			item++;
		for (i = 0; i < ARRAY_SIZE(ring_features); i++)
			if (!strcmp(item, ring_features[i].name))
				break;
		ret = i < ARRAY_SIZE(ring_features) ? 0 : -EINVAL;
		if (ret)
			break;
		if (off)
			offer &= ~BIT_ULL(ring_features[i].bit);
		else
			offer |= BIT_ULL(ring_features[i].bit);
	}
	free(copy);
	if (!ret)
		dev->offered_features = offer;
	return ret;
}
