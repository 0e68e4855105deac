/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Split virtqueue, device side.
 *
 * Everything the driver writes into the rings and descriptors is untrusted:
 * indexes, lengths, addresses and chain shapes are all checked, and a bad
 * chain is still handed out (marked bad) so that it can be returned to the
 * driver with a used length of 0.
 */
#ifndef VDEV_VIRTQ_H
#define VDEV_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "mem.h"

#define VIRTQ_DESC_F_NEXT		1
#define VIRTQ_DESC_F_WRITE		2
#define VIRTQ_DESC_F_INDIRECT		4
#define VIRTQ_AVAIL_F_NO_INTERRUPT	1

#define VIRTQ_MAX_SIZE			32768

/* Ring layouts (virtio 1.x split ring, little endian). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then le16 used_event */
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];	/* then le16 avail_event */
};

static inline size_t virtq_desc_size(unsigned int num)
{
	return sizeof(struct virtq_desc) * num;
}

static inline size_t virtq_avail_size(unsigned int num)
{
	return sizeof(struct virtq_avail) + sizeof(uint16_t) * (num + 1);
}

static inline size_t virtq_used_size(unsigned int num)
{
	return sizeof(struct virtq_used) + sizeof(struct virtq_used_elem) * num +
	       sizeof(uint16_t);
}

/**
 * struct virtq - device-side state of one split virtqueue
 * @num: ring size, a power of 2
 * @desc: descriptor table (our mapping)
 * @avail: available ring (our mapping)
 * @used: used ring (our mapping)
 * @mem: guest memory the descriptors point into
 * @last_avail: next available-ring index to consume
 * @used_idx: next used-ring index to fill
 * @signalled_used: @used_idx at the last notification (event index)
 * @signalled_valid: @signalled_used holds a value
 * @event_idx: VIRTIO_F_EVENT_IDX was negotiated
 * @broken: the driver published an impossible available index
 */
struct virtq {
	unsigned int num;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	const struct vdev_mem *mem;
	uint16_t last_avail;
	uint16_t used_idx;
	uint16_t signalled_used;
	bool signalled_valid;
	bool event_idx;
	bool broken;
};

/**
 * struct virtq_elem - one descriptor chain taken from the available ring
 * @head: descriptor index to return in the used ring
 * @avail_idx: available-ring index the chain came from
 * @error: NULL, or why the chain is malformed (then it has no segments)
 * @num_rd: number of device-readable segments, first in @iov
 * @num_wr: number of device-writable segments, after the readable ones
 * @rd_len: total readable bytes
 * @wr_len: total writable bytes
 * @iov: the segments, mapped into our address space
 * @iov_cap: allocated entries in @iov
 */
struct virtq_elem {
	uint16_t head;
	uint16_t avail_idx;
	const char *error;
	unsigned int num_rd;
	unsigned int num_wr;
	uint64_t rd_len;
	uint64_t wr_len;
	struct iovec *iov;
	unsigned int iov_cap;
};

int virtq_map(struct virtq *vq, const struct vdev_mem *mem, unsigned int num,
	      uint64_t desc, uint64_t avail, uint64_t used, uint16_t last_avail);
int virtq_pop(struct virtq *vq, struct virtq_elem *elem);
void virtq_push(struct virtq *vq, const struct virtq_elem *elem, uint32_t len);
void virtq_used_fill(struct virtq *vq, uint16_t ahead, uint32_t id,
		     uint32_t len);
void virtq_used_publish(struct virtq *vq, uint16_t n);
bool virtq_needs_notify(struct virtq *vq);
void virtq_rewind(struct virtq *vq, uint16_t n);

void virtq_elem_release(struct virtq_elem *elem);
size_t virtq_elem_read(const struct virtq_elem *elem, size_t off, void *buf,
		       size_t len);
size_t virtq_elem_peek(const struct virtq_elem *elem, size_t off, void *buf,
		       size_t len);
size_t virtq_elem_write(const struct virtq_elem *elem, size_t off,
			const void *buf, size_t len);

#endif /* VDEV_VIRTQ_H */
