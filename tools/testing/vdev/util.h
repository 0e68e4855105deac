/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by the vdev sources, as in the kernel.
 */
#ifndef VDEV_UTIL_H
#define VDEV_UTIL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1u << (n))
#define BIT_ULL(n)	(1ull << (n))

#include <endian.h>
#include <stdint.h>
#include <string.h>

/* Little-endian fields at any alignment in a byte buffer. */
static inline uint16_t get_le16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline uint64_t get_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, sizeof(v));
}

#endif /* VDEV_UTIL_H */
