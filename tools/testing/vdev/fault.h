/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic fault injection on the push path: every device model gets late,
 * missing, wrongly sized and garbled replies for free.
 */
#ifndef VDEV_FAULT_H
#define VDEV_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "virtq.h"

enum vdev_fault_len {
	VDEV_FAULT_LEN_KEEP,		/* report what the model wrote */
	VDEV_FAULT_LEN_SET,		/* report @len */
	VDEV_FAULT_LEN_SHORT,		/* report half of it */
	VDEV_FAULT_LEN_OVERSIZE,	/* report more than the buffer holds */
};

/**
 * struct vdev_fault - what to do to matching pushes
 * @queue: queue to affect, -1 for all
 * @after: matching pushes to leave alone first
 * @count: matching pushes to affect after that, 0 for no limit
 * @delay_ms: push this much later
 * @drop: never push (the element stays in flight until the queue stops)
 * @garbage: overwrite the reply bytes with pseudo-random data
 * @len_mode: how to change the used length
 * @len: used length for VDEV_FAULT_LEN_SET
 * @seen: matching pushes so far
 * @rng: state of the garbage generator
 */
struct vdev_fault {
	int queue;
	unsigned int after;
	unsigned int count;
	unsigned int delay_ms;
	bool drop;
	bool garbage;
	enum vdev_fault_len len_mode;
	uint32_t len;
	unsigned int seen;
	uint32_t rng;
};

void vdev_fault_init(struct vdev_fault *f);
int vdev_fault_parse(struct vdev_fault *f, const char *spec);
bool vdev_fault_hit(struct vdev_fault *f, unsigned int queue);
uint32_t vdev_fault_apply(struct vdev_fault *f, const struct virtq_elem *elem,
			  uint32_t len);

#define VDEV_FAULT_HELP \
	"  --fault SPEC[,SPEC...]  inject faults into replies; SPEC is one of\n" \
	"        delay=MS  drop  garbage  used-len=N  short  oversize\n" \
	"        queue=Q  after=N  count=N  seed=N  (repeatable)\n"

#endif /* VDEV_FAULT_H */
