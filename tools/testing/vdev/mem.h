/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory table: the regions a vhost-user front-end shares with the
 * back-end, and translation of guest-physical and front-end virtual
 * addresses into back-end pointers.
 */
#ifndef VDEV_MEM_H
#define VDEV_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Most regions the table holds (ADD_MEM_REG); SET_MEM_TABLE sends <= 8. */
#define VDEV_MEM_MAX_REGIONS	32

/**
 * struct vdev_mem_region - one mapped region
 * @gpa: guest-physical start address
 * @size: length in bytes
 * @uaddr: start address in the front-end's address space
 * @mmap_offset: offset of the region in the file it was mapped from
 * @map: start of our mmap() (page aligned, may start before @host)
 * @map_len: length of our mmap()
 * @host: our address of @gpa
 */
struct vdev_mem_region {
	uint64_t gpa;
	uint64_t size;
	uint64_t uaddr;
	uint64_t mmap_offset;
	void *map;
	size_t map_len;
	uint8_t *host;
};

/**
 * struct vdev_mem - the guest memory table
 * @nregions: entries in use in @regions
 * @regions: the mapped regions, in no particular order
 */
struct vdev_mem {
	unsigned int nregions;
	struct vdev_mem_region regions[VDEV_MEM_MAX_REGIONS];
};

void vdev_mem_init(struct vdev_mem *m);
int vdev_mem_region_map(struct vdev_mem_region *r, int fd);
void vdev_mem_region_unmap(struct vdev_mem_region *r);
int vdev_mem_insert(struct vdev_mem *m, const struct vdev_mem_region *r);
int vdev_mem_remove(struct vdev_mem *m, uint64_t gpa, uint64_t size,
		    uint64_t uaddr);
void vdev_mem_clear(struct vdev_mem *m);

void *vdev_mem_gpa_chunk(const struct vdev_mem *m, uint64_t gpa, uint64_t len,
			 uint64_t *chunk);
void *vdev_mem_gpa(const struct vdev_mem *m, uint64_t gpa, uint64_t len);
void *vdev_mem_uva(const struct vdev_mem *m, uint64_t uva, uint64_t len);

#endif /* VDEV_MEM_H */
