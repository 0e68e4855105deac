// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: request bytes common to the device models.
 */
#include <endian.h>
#include <string.h>

#include "../util.h"
#include "fuzz.h"

/**
 * fz_value32() - a value for a request field: boundaries more often than
 *	chance would give them
 * @r: generator
 *
 * Return: the value.
 */
uint32_t fz_value32(struct fz_rng *r)
{
	static const uint32_t edge[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 0x7f, 0x80, 0xff,
		0x100, 0x3ff, 0x400, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff,
	};

	switch (fz_below(r, 4)) {
	case 0:
		return (uint32_t)fz_u64(r);
	case 1:
		return fz_below(r, 16);
	default:
		return edge[fz_below(r, ARRAY_SIZE(edge))];
	}
}

/**
 * fz_reply_room() - writable bytes for a reply
 * @r: generator
 * @typical: what a driver gives for this request
 *
 * Return: @typical mostly, sometimes too little, sometimes a lot.
 */
size_t fz_reply_room(struct fz_rng *r, size_t typical)
{
	switch (fz_below(r, 10)) {
	case 0:
		return fz_below(r, 8);
	case 1:
		return 8;
	case 2:
		return 8 + 4 * fz_below(r, 8);
	case 3:
		return fz_below(r, 2100);
	case 4:
		return typical ? typical - 1 : 0;
	default:
		return typical;
	}
}

/**
 * fz_random_req() - random request bytes
 * @r: generator
 * @q: request, filled
 * @typical: reply room a driver would give
 */
void fz_random_req(struct fz_rng *r, struct fz_req *q, size_t typical)
{
	size_t i;

	q->kind = FZ_R_RANDOM;
	q->len = fz_chance(r, 1, 2) ? fz_below(r, 32) : fz_below(r, FZ_REQ_MAX);
	for (i = 0; i < q->len; i++)
		q->b[i] = fz_u64(r);
	q->wr = fz_reply_room(r, typical);
}

/**
 * fz_flip_bytes() - change a few bytes of a request
 * @r: generator
 * @q: request
 * @from: first byte that may change
 */
void fz_flip_bytes(struct fz_rng *r, struct fz_req *q, size_t from)
{
	unsigned int n = 1 + fz_below(r, 4);

	while (q->len > from && n--)
		q->b[from + fz_below(r, q->len - from)] = fz_u64(r);
}

/**
 * fz_event_req() - a buffer for the event queue: nothing to read, mostly
 * @r: generator
 * @q: request, filled
 * @min: smallest buffer the model keeps
 */
void fz_event_req(struct fz_rng *r, struct fz_req *q, size_t min)
{
	q->kind = FZ_R_EVENT;
	q->len = fz_chance(r, 1, 16) ? 1 + fz_below(r, 16) : 0;
	memset(q->b, 0, q->len);
	q->wr = fz_chance(r, 1, 8) ? fz_below(r, min + 1) :
		min + fz_below(r, 256);
}
