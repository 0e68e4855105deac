// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory table for the vdev backend.
 *
 * All addresses and sizes come from the front-end and are checked so that
 * no sum wraps and every translated range lies inside one mapping.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

/**
 * vdev_mem_init() - set up an empty table
 * @m: table
 */
void vdev_mem_init(struct vdev_mem *m)
{
	memset(m, 0, sizeof(*m));
}

/* True if [start, start + size) is a non-empty range that does not wrap. */
static bool range_ok(uint64_t start, uint64_t size)
{
	return size && start + (size - 1) >= start;
}

/* True if [a, a + alen) and [b, b + blen) overlap; both ranges valid. */
static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a <= b + (blen - 1) && b <= a + (alen - 1);
}

/*
 * Offset of [addr, addr + len) inside [start, start + size), or -1 when it
 * is not fully inside. A zero length needs addr itself inside.
 */
static int64_t range_offset(uint64_t start, uint64_t size, uint64_t addr,
			    uint64_t len)
{
	uint64_t off;

	if (addr < start)
		return -1;
	off = addr - start;
	if (off >= size || len > size - off)
		return -1;
	return (int64_t)off;
}

/**
 * vdev_mem_region_map() - validate a region description and map it
 * @r: region with @gpa, @size, @uaddr and @mmap_offset filled in
 * @fd: file to map; the caller keeps ownership
 *
 * Fills in @map, @map_len and @host.
 *
 * Return: 0 or a negative errno.
 */
int vdev_mem_region_map(struct vdev_mem_region *r, int fd)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t delta, map_off;
	struct stat st;
	void *p;

	if (!range_ok(r->gpa, r->size) || !range_ok(r->uaddr, r->size) ||
	    !range_ok(r->mmap_offset, r->size))
		return -EINVAL;
	delta = r->mmap_offset & (uint64_t)(page - 1);
	map_off = r->mmap_offset - delta;
	if (r->size > SIZE_MAX - delta || map_off > INT64_MAX)
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	/* Touching a mapping past the end of a file raises SIGBUS. */
	if (S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size < r->mmap_offset + r->size)
		return -EINVAL;
	p = mmap(NULL, r->size + delta, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)map_off);
	if (p == MAP_FAILED)
		return -errno;
	r->map = p;
	r->map_len = r->size + delta;
	r->host = (uint8_t *)p + delta;
	return 0;
}

/**
 * vdev_mem_region_unmap() - undo vdev_mem_region_map()
 * @r: mapped region
 */
void vdev_mem_region_unmap(struct vdev_mem_region *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	r->map = NULL;
	r->host = NULL;
}

/**
 * vdev_mem_insert() - add a mapped region to the table
 * @m: table
 * @r: region mapped by vdev_mem_region_map(); the table takes it over
 *
 * Return: 0, -ENOSPC when the table is full, or -EEXIST when the region
 * overlaps one already present (the caller still owns @r then).
 */
int vdev_mem_insert(struct vdev_mem *m, const struct vdev_mem_region *r)
{
	unsigned int i;

	if (m->nregions >= VDEV_MEM_MAX_REGIONS)
		return -ENOSPC;
	for (i = 0; i < m->nregions; i++) {
		const struct vdev_mem_region *o = &m->regions[i];

		if (ranges_overlap(o->gpa, o->size, r->gpa, r->size) ||
		    ranges_overlap(o->uaddr, o->size, r->uaddr, r->size))
			return -EEXIST;
	}
	m->regions[m->nregions++] = *r;
	return 0;
}

/**
 * vdev_mem_remove() - unmap and drop the region matching all three values
 * @m: table
 * @gpa: guest-physical start
 * @size: length
 * @uaddr: front-end start address
 *
 * Return: 0 or -ENOENT.
 */
int vdev_mem_remove(struct vdev_mem *m, uint64_t gpa, uint64_t size,
		    uint64_t uaddr)
{
	unsigned int i;

	for (i = 0; i < m->nregions; i++) {
		struct vdev_mem_region *r = &m->regions[i];

		if (r->gpa != gpa || r->size != size || r->uaddr != uaddr)
			continue;
		vdev_mem_region_unmap(r);
		m->regions[i] = m->regions[--m->nregions];
		return 0;
	}
	return -ENOENT;
}

/**
 * vdev_mem_clear() - unmap every region
 * @m: table
 */
void vdev_mem_clear(struct vdev_mem *m)
{
	while (m->nregions)
		vdev_mem_region_unmap(&m->regions[--m->nregions]);
}

/**
 * vdev_mem_gpa_chunk() - translate the start of a guest-physical range
 * @m: table
 * @gpa: start of the range
 * @len: length of the range, at least 1
 * @chunk: set to how many bytes from @gpa are contiguous in our mapping
 *	(at most @len)
 *
 * Use it to walk a buffer that may cross regions.
 *
 * Return: our pointer for @gpa, or NULL if @gpa is not in guest memory.
 */
void *vdev_mem_gpa_chunk(const struct vdev_mem *m, uint64_t gpa, uint64_t len,
			 uint64_t *chunk)
{
	unsigned int i;

	for (i = 0; i < m->nregions; i++) {
		const struct vdev_mem_region *r = &m->regions[i];
		int64_t off = range_offset(r->gpa, r->size, gpa, 0);
		uint64_t left;

		if (off < 0)
			continue;
		left = r->size - (uint64_t)off;
		*chunk = len < left ? len : left;
		return r->host + off;
	}
	return NULL;
}

/**
 * vdev_mem_gpa() - translate a guest-physical range that must be contiguous
 * @m: table
 * @gpa: start
 * @len: length
 *
 * Return: our pointer, or NULL unless the whole range is in one region.
 */
void *vdev_mem_gpa(const struct vdev_mem *m, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < m->nregions; i++) {
		const struct vdev_mem_region *r = &m->regions[i];
		int64_t off = range_offset(r->gpa, r->size, gpa, len);

		if (off >= 0)
			return r->host + off;
	}
	return NULL;
}

/**
 * vdev_mem_uva() - translate a front-end virtual range (ring addresses)
 * @m: table
 * @uva: start in the front-end's address space
 * @len: length
 *
 * Return: our pointer, or NULL unless the whole range is in one region.
 */
void *vdev_mem_uva(const struct vdev_mem *m, uint64_t uva, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < m->nregions; i++) {
		const struct vdev_mem_region *r = &m->regions[i];
		int64_t off = range_offset(r->uaddr, r->size, uva, len);

		if (off >= 0)
			return r->host + off;
	}
	return NULL;
}
