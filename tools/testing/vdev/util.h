/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by the vdev sources, as in the kernel.
 */
#ifndef VDEV_UTIL_H
#define VDEV_UTIL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1u << (n))
#define BIT_ULL(n)	(1ull << (n))

#endif /* VDEV_UTIL_H */
