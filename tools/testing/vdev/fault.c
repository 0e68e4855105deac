// SPDX-License-Identifier: GPL-2.0
/*
 * Generic fault injection for the vdev backend.
 *
 * One struct vdev_fault per device collects every --fault setting. The
 * core asks vdev_fault_hit() on each push and then applies the length and
 * data changes with vdev_fault_apply(); dropping and delaying are done by
 * the core because they need the event loop.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"

/**
 * vdev_fault_init() - no faults
 * @f: fault settings
 */
void vdev_fault_init(struct vdev_fault *f)
{
	memset(f, 0, sizeof(*f));
	f->queue = -1;
	f->rng = 0x9e3779b9;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *val)
{
	char *end;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	*val = strtoul(s, &end, 0);
	if (errno || *end || *val > max)
		return -EINVAL;
	return 0;
}

static int fault_parse_one(struct vdev_fault *f, const char *name,
			   const char *val)
{
	unsigned long v = 0;

	if (!strcmp(name, "drop")) {
		f->drop = true;
	} else if (!strcmp(name, "garbage")) {
		f->garbage = true;
	} else if (!strcmp(name, "short")) {
		f->len_mode = VDEV_FAULT_LEN_SHORT;
	} else if (!strcmp(name, "oversize")) {
		f->len_mode = VDEV_FAULT_LEN_OVERSIZE;
	} else if (!strcmp(name, "delay")) {
		if (parse_uint(val, 3600000, &v))
			return -EINVAL;
		f->delay_ms = v;
	} else if (!strcmp(name, "used-len")) {
		if (parse_uint(val, UINT32_MAX, &v))
			return -EINVAL;
		f->len_mode = VDEV_FAULT_LEN_SET;
		f->len = v;
	} else if (!strcmp(name, "queue")) {
		if (parse_uint(val, INT_MAX, &v))
			return -EINVAL;
		f->queue = v;
	} else if (!strcmp(name, "after")) {
		if (parse_uint(val, UINT_MAX, &v))
			return -EINVAL;
		f->after = v;
	} else if (!strcmp(name, "count")) {
		if (parse_uint(val, UINT_MAX, &v))
			return -EINVAL;
		f->count = v;
	} else if (!strcmp(name, "seed")) {
		if (parse_uint(val, UINT32_MAX, &v))
			return -EINVAL;
		f->rng = v ? v : 1;
	} else {
		return -EINVAL;
	}
	return 0;
}

/**
 * vdev_fault_parse() - add settings from one --fault argument
 * @f: fault settings
 * @spec: comma-separated NAME[=VAL] list
 *
 * Return: 0, or -EINVAL for an unknown name or a bad value.
 */
int vdev_fault_parse(struct vdev_fault *f, const char *spec)
{
	char *copy = strdup(spec), *item, *save = NULL;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (eq)
			*eq++ = '\0';
		ret = fault_parse_one(f, item, eq);
	}
	free(copy);
	return ret;
}

/**
 * vdev_fault_hit() - count a push and tell whether the fault applies to it
 * @f: fault settings
 * @queue: queue of the push
 *
 * Return: true if this push must be tampered with.
 */
bool vdev_fault_hit(struct vdev_fault *f, unsigned int queue)
{
	unsigned int n;

	if (!f->drop && !f->garbage && !f->delay_ms &&
	    f->len_mode == VDEV_FAULT_LEN_KEEP)
		return false;
	if (f->queue >= 0 && (unsigned int)f->queue != queue)
		return false;
	n = f->seen++;
	if (n < f->after)
		return false;
	return !f->count || n - f->after < f->count;
}

/* xorshift32: cheap, deterministic for a given seed. */
static uint32_t fault_rand(struct vdev_fault *f)
{
	uint32_t x = f->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	f->rng = x;
	return x;
}

/**
 * vdev_fault_apply() - garble the reply and compute the used length
 * @f: fault settings
 * @elem: the chain about to be pushed
 * @len: bytes the model wrote
 *
 * Return: the used length to report.
 */
uint32_t vdev_fault_apply(struct vdev_fault *f, const struct virtq_elem *elem,
			  uint32_t len)
{
	uint64_t wr = elem->wr_len;

	if (f->garbage) {
		uint8_t buf[256];
		size_t off, n, i;

		for (off = 0; off < len && off < wr; off += n) {
			n = len - off < sizeof(buf) ? len - off : sizeof(buf);
			for (i = 0; i < n; i++)
				buf[i] = (uint8_t)fault_rand(f);
			virtq_elem_write(elem, off, buf, n);
		}
	}
	switch (f->len_mode) {
	case VDEV_FAULT_LEN_SET:
		return f->len;
	case VDEV_FAULT_LEN_SHORT:
		return len / 2;
	case VDEV_FAULT_LEN_OVERSIZE:
		return wr + 4096 > UINT32_MAX ? UINT32_MAX : (uint32_t)wr + 4096;
	default:
		return len;
	}
}
