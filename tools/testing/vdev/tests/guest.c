// SPDX-License-Identifier: GPL-2.0
/*
 * Test helpers playing the guest: guest memory and driver-side rings.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"

/**
 * tguest_init() - create guest memory
 * @g: guest
 * @size: bytes of guest memory
 * @file_off: where it starts in the memfd (page aligned)
 * @gpa: its guest-physical address
 * @uaddr: its address in the (pretend) front-end
 *
 * Return: 0 or a negative errno.
 */
int tguest_init(struct tguest *g, size_t size, size_t file_off, uint64_t gpa,
		uint64_t uaddr)
{
	int ret;

	memset(g, 0, sizeof(*g));
	g->fd = memfd_create("tguest", MFD_CLOEXEC);
	if (g->fd < 0)
		return -errno;
	if (ftruncate(g->fd, file_off + size) < 0)
		goto fail;
	g->map = mmap(NULL, file_off + size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      g->fd, 0);
	if (g->map == MAP_FAILED)
		goto fail;
	g->base = g->map + file_off;
	g->size = size;
	g->file_off = file_off;
	g->gpa = gpa;
	g->uaddr = uaddr;
	return 0;
fail:
	ret = -errno;
	close(g->fd);
	g->fd = -1;
	return ret;
}

/**
 * tguest_fini() - free guest memory; a no-op if @g->fd is -1
 * @g: guest
 */
void tguest_fini(struct tguest *g)
{
	if (g->fd < 0)
		return;
	munmap(g->map, g->file_off + g->size);
	close(g->fd);
	g->fd = -1;
}

/**
 * tguest_alloc() - carve zeroed bytes out of guest memory
 * @g: guest
 * @len: bytes
 * @align: alignment, a power of 2
 *
 * Return: guest-physical address (the tests size memory generously).
 */
uint64_t tguest_alloc(struct tguest *g, size_t len, size_t align)
{
	size_t off = (g->next + align - 1) & ~(align - 1);

	g->next = off + len;
	memset(g->base + off, 0, len);
	return g->gpa + off;
}

/**
 * tguest_ptr() - our pointer for a guest-physical address
 * @g: guest
 * @gpa: address inside guest memory
 *
 * Return: the pointer.
 */
void *tguest_ptr(const struct tguest *g, uint64_t gpa)
{
	return g->base + (gpa - g->gpa);
}

/**
 * tguest_uva() - front-end virtual address for a guest-physical address
 * @g: guest
 * @gpa: address inside guest memory
 *
 * Return: the front-end address.
 */
uint64_t tguest_uva(const struct tguest *g, uint64_t gpa)
{
	return g->uaddr + (gpa - g->gpa);
}

/**
 * tguest_map() - add the guest memory to a back-end memory table
 * @g: guest
 * @mem: table
 *
 * Return: 0 or a negative errno.
 */
int tguest_map(const struct tguest *g, struct vdev_mem *mem)
{
	struct vdev_mem_region r = {
		.gpa = g->gpa,
		.size = g->size,
		.uaddr = g->uaddr,
		.mmap_offset = g->file_off,
	};
	int ret = vdev_mem_region_map(&r, g->fd);

	if (!ret) {
		ret = vdev_mem_insert(mem, &r);
		if (ret)
			vdev_mem_region_unmap(&r);
	}
	return ret;
}

/**
 * tring_init() - lay out an empty ring in guest memory
 * @r: ring
 * @g: guest memory
 * @num: ring size
 */
void tring_init(struct tring *r, struct tguest *g, unsigned int num)
{
	memset(r, 0, sizeof(*r));
	r->g = g;
	r->num = num;
	r->desc_gpa = tguest_alloc(g, virtq_desc_size(num), 16);
	r->avail_gpa = tguest_alloc(g, virtq_avail_size(num), 2);
	r->used_gpa = tguest_alloc(g, virtq_used_size(num), 4);
	r->desc = tguest_ptr(g, r->desc_gpa);
	r->avail = tguest_ptr(g, r->avail_gpa);
	r->used = tguest_ptr(g, r->used_gpa);
}

/**
 * tring_desc() - write descriptor @i
 * @r: ring
 * @i: index
 * @addr: buffer address
 * @len: buffer length
 * @flags: VIRTQ_DESC_F_*
 * @next: next index
 */
void tring_desc(struct tring *r, unsigned int i, uint64_t addr, uint32_t len,
		uint16_t flags, uint16_t next)
{
	r->desc[i].addr = htole64(addr);
	r->desc[i].len = htole32(len);
	r->desc[i].flags = htole16(flags);
	r->desc[i].next = htole16(next);
}

/**
 * tring_publish() - make the chain at @head available
 * @r: ring
 * @head: first descriptor (any value, for negative tests)
 */
void tring_publish(struct tring *r, uint16_t head)
{
	r->avail->ring[r->avail_idx % r->num] = htole16(head);
	r->avail_idx++;
	__atomic_store_n(&r->avail->idx, htole16(r->avail_idx),
			 __ATOMIC_RELEASE);
}

/**
 * tring_add() - chain @n buffers and make them available
 * @r: ring
 * @segs: buffers, readable ones first for a well-formed chain
 * @n: number of buffers, at least 1
 *
 * Return: head descriptor index.
 */
uint16_t tring_add(struct tring *r, const struct tseg *segs, unsigned int n)
{
	unsigned int i, head = r->next_desc % r->num;

	for (i = 0; i < n; i++) {
		unsigned int d = (head + i) % r->num;
		uint16_t flags = segs[i].write ? VIRTQ_DESC_F_WRITE : 0;

		if (i + 1 < n)
			flags |= VIRTQ_DESC_F_NEXT;
		tring_desc(r, d, segs[i].gpa, segs[i].len, flags,
			   (d + 1) % r->num);
	}
	r->next_desc = (head + n) % r->num;
	tring_publish(r, head);
	return head;
}

/**
 * tring_used() - consume one used entry
 * @r: ring
 * @id: set to the returned head
 * @len: set to the used length
 *
 * Return: false if the device returned nothing new.
 */
bool tring_used(struct tring *r, uint32_t *id, uint32_t *len)
{
	uint16_t idx = le16toh(__atomic_load_n(&r->used->idx, __ATOMIC_ACQUIRE));
	struct virtq_used_elem *u;

	if (idx == r->last_used)
		return false;
	u = &r->used->ring[r->last_used % r->num];
	*id = le32toh(u->id);
	*len = le32toh(u->len);
	r->last_used++;
	return true;
}
