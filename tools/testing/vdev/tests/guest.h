/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers playing the guest: memfd-backed guest memory and the
 * driver side of a split virtqueue laid out in it.
 */
#ifndef VDEV_TESTS_GUEST_H
#define VDEV_TESTS_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../mem.h"
#include "../virtq.h"

/**
 * struct tguest - guest memory in a memfd
 * @fd: the memfd
 * @map: our mapping of the whole file
 * @base: start of guest memory in @map (at @file_off)
 * @size: guest memory size
 * @file_off: offset of guest memory in the file (the mmap offset)
 * @gpa: guest-physical address of @base
 * @uaddr: front-end virtual address of @base
 * @next: bump allocator offset
 */
struct tguest {
	int fd;
	uint8_t *map;
	uint8_t *base;
	size_t size;
	size_t file_off;
	uint64_t gpa;
	uint64_t uaddr;
	size_t next;
};

int tguest_init(struct tguest *g, size_t size, size_t file_off, uint64_t gpa,
		uint64_t uaddr);
void tguest_fini(struct tguest *g);
uint64_t tguest_alloc(struct tguest *g, size_t len, size_t align);
void *tguest_ptr(const struct tguest *g, uint64_t gpa);
uint64_t tguest_uva(const struct tguest *g, uint64_t gpa);
int tguest_map(const struct tguest *g, struct vdev_mem *mem);

/* One buffer of a chain, for tring_add(). */
struct tseg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

/**
 * struct tring - driver side of a split virtqueue
 * @g: guest memory holding it
 * @num: ring size
 * @desc_gpa: descriptor table address
 * @avail_gpa: available ring address
 * @used_gpa: used ring address
 * @desc: descriptor table (our pointer)
 * @avail: available ring (our pointer)
 * @used: used ring (our pointer)
 * @avail_idx: next available index to publish
 * @last_used: next used index to consume
 * @next_desc: next descriptor handed out by tring_add()
 */
struct tring {
	struct tguest *g;
	unsigned int num;
	uint64_t desc_gpa;
	uint64_t avail_gpa;
	uint64_t used_gpa;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t avail_idx;
	uint16_t last_used;
	unsigned int next_desc;
};

void tring_init(struct tring *r, struct tguest *g, unsigned int num);
void tring_desc(struct tring *r, unsigned int i, uint64_t addr, uint32_t len,
		uint16_t flags, uint16_t next);
void tring_publish(struct tring *r, uint16_t head);
uint16_t tring_add(struct tring *r, const struct tseg *segs, unsigned int n);
bool tring_used(struct tring *r, uint32_t *id, uint32_t *len);

#endif /* VDEV_TESTS_GUEST_H */
