// SPDX-License-Identifier: GPL-2.0
/*
 * Reply fuzzer: decides what happens to each push and applies the
 * mutations that need no protocol knowledge (lengths, payload bytes);
 * the model's struct vdev_fuzz_ops does the protocol fields and makes up
 * events. device.c carries out pushes, delays, drops and ring faults.
 *
 * Push number n on queue q draws from a generator seeded with a hash of
 * (seed, q, n): a decision depends only on the seed and on the pushes of
 * its own queue, not on how notifications and replies interleave.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_reply.h"
#include "log.h"
#include "vdev.h"

#define FNV_OFFSET	0xcbf29ce484222325ull
#define FNV_PRIME	0x100000001b3ull

/* Payload bytes rewritten at most by one VDEV_FZ_PAYLOAD. */
#define PAYLOAD_MAX	64

static const char *const kind_names[VDEV_FZ_NUM] = {
	[VDEV_FZ_LEN_ZERO] = "len_zero",
	[VDEV_FZ_LEN_SHORT] = "len_short",
	[VDEV_FZ_LEN_TRUNC] = "len_trunc",
	[VDEV_FZ_LEN_LONG] = "len_long",
	[VDEV_FZ_LEN_OVER] = "len_over",
	[VDEV_FZ_STATUS] = "status",
	[VDEV_FZ_PROTOCOL] = "protocol",
	[VDEV_FZ_MSG_ID] = "msg_id",
	[VDEV_FZ_MSG_TYPE] = "msg_type",
	[VDEV_FZ_TOKEN] = "token",
	[VDEV_FZ_CLOCK_ID] = "clock_id",
	[VDEV_FZ_RESERVED] = "reserved",
	[VDEV_FZ_PAYLOAD] = "payload",
	[VDEV_FZ_DELAY] = "delay",
	[VDEV_FZ_DROP] = "drop",
	[VDEV_FZ_UNSOLICITED] = "unsolicited",
	[VDEV_FZ_FLOOD] = "flood",
	[VDEV_FZ_RING_BAD_ID] = "ring_bad_id",
	[VDEV_FZ_RING_DUP_ID] = "ring_dup_id",
	[VDEV_FZ_RING_JUMP] = "ring_jump",
};

/**
 * vdev_fuzz_kind_name() - name of a kind in options, logs and statistics
 * @kind: the kind
 *
 * Return: the name, or "?" for a value out of range.
 */
const char *vdev_fuzz_kind_name(enum vdev_fuzz_kind kind)
{
	return (unsigned int)kind < VDEV_FZ_NUM ? kind_names[kind] : "?";
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/**
 * vdev_fuzz_u64() - next value of a decision stream (splitmix64)
 * @r: the stream
 *
 * Return: 64 random bits.
 */
uint64_t vdev_fuzz_u64(struct vdev_fuzz_rng *r)
{
	r->s += 0x9e3779b97f4a7c15ull;
	return mix64(r->s);
}

/**
 * vdev_fuzz_below() - a value in [0, @n)
 * @r: the stream
 * @n: bound; 0 gives 0
 *
 * Return: the value.
 */
uint32_t vdev_fuzz_below(struct vdev_fuzz_rng *r, uint32_t n)
{
	return (uint32_t)((vdev_fuzz_u64(r) >> 32) * n >> 32);
}

/**
 * vdev_fuzz_init() - default settings, off and not configured
 * @fz: fuzzer state
 */
void vdev_fuzz_init(struct vdev_fuzz *fz)
{
	memset(fz, 0, sizeof(*fz));
	fz->rate = VDEV_FZ_DEFAULT_RATE;
	fz->slow_rate = VDEV_FZ_SLOW_MIXED;
	fz->delay_ms = VDEV_FZ_DEFAULT_DELAY;
	fz->flood = VDEV_FZ_DEFAULT_FLOOD;
	fz->kinds = VDEV_FZ_ALL;
	fz->digest = FNV_OFFSET;
}

/**
 * vdev_fuzz_restart() - start the decision streams again (new seed)
 * @fz: fuzzer state
 *
 * The digest starts again too; the counters stay.
 */
void vdev_fuzz_restart(struct vdev_fuzz *fz)
{
	memset(fz->seq, 0, sizeof(fz->seq));
	fz->digest = FNV_OFFSET;
}

static void stream_start(const struct vdev_fuzz *fz, unsigned int q,
			 uint64_t n, struct vdev_fuzz_rng *r)
{
	r->s = mix64(mix64(fz->seed + (q + 1) * 0xd1b54a32d192ed03ull) ^ n);
}

static void digest_add(struct vdev_fuzz *fz, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++, v >>= 8)
		fz->digest = (fz->digest ^ (v & 0xff)) * FNV_PRIME;
}

static void record(struct vdev_fuzz *fz, const struct vdev_elem *elem,
		   uint64_t n, enum vdev_fuzz_kind kind, int64_t detail,
		   const struct vdev_fuzz_act *act)
{
	fz->stats.mutated++;
	fz->stats.kind[kind]++;
	digest_add(fz, elem->queue);
	digest_add(fz, n);
	digest_add(fz, elem->v.head);
	digest_add(fz, kind);
	digest_add(fz, (uint64_t)detail);
	digest_add(fz, act->len);
	log_dbg("fuzz: queue %u #%llu head %u: %s %lld, used length %u",
		elem->queue, (unsigned long long)n, elem->v.head,
		kind_names[kind], (long long)detail, act->len);
	if (fz->log) {
		fprintf(fz->log, "q%u #%llu head %u: %s %lld len %u\n",
			elem->queue, (unsigned long long)n, elem->v.head,
			kind_names[kind], (long long)detail, act->len);
		fflush(fz->log);
	}
}

static bool events_held(struct vdev *dev)
{
	const struct vdev_fuzz_ops *ops = dev->model->fuzz;
	struct vdev_queue *q = ops ? vdev_queue(dev, ops->event_queue) : NULL;

	return q && q->active && !vlist_empty(&q->held);
}

/* Kinds that apply to this push, before the kinds allowed are applied. */
static uint32_t kinds_for(struct vdev *dev, const struct vdev_elem *elem,
			  uint32_t len, const struct vdev_fuzz_msg *m)
{
	uint64_t wr = elem->v.wr_len;
	uint32_t k = m->kinds & VDEV_FZ_MODEL_KINDS;

	k |= BIT(VDEV_FZ_DELAY) | BIT(VDEV_FZ_DROP);
	if (len)
		k |= BIT(VDEV_FZ_LEN_ZERO);
	if (m->hdr >= 2 && len >= m->hdr)
		k |= BIT(VDEV_FZ_LEN_SHORT);
	if (len > m->hdr && len > 1)
		k |= BIT(VDEV_FZ_LEN_TRUNC) | BIT(VDEV_FZ_PAYLOAD);
	if (len < wr)
		k |= BIT(VDEV_FZ_LEN_LONG);
	if (wr < UINT32_MAX)
		k |= BIT(VDEV_FZ_LEN_OVER);
	if (!dev->fuzz.injecting && dev->fuzz.flood && events_held(dev))
		k |= BIT(VDEV_FZ_UNSOLICITED) | BIT(VDEV_FZ_FLOOD);
	return k;
}

static enum vdev_fuzz_kind pick(struct vdev_fuzz_rng *r, uint32_t mask)
{
	uint32_t i = vdev_fuzz_below(r, __builtin_popcount(mask));

	while (i--)
		mask &= mask - 1;
	return __builtin_ctz(mask);
}

/* Overwrite or flip bytes of the payload: [hdr, min(len, buffer)). */
static int64_t mutate_payload(const struct vdev_elem *elem, uint32_t len,
			      uint32_t hdr, struct vdev_fuzz_rng *r)
{
	uint64_t end = len < elem->v.wr_len ? len : elem->v.wr_len;
	uint8_t buf[PAYLOAD_MAX];
	uint32_t off, n, i;

	if (end <= hdr)
		return 0;
	off = hdr + vdev_fuzz_below(r, end - hdr);
	n = 1 + vdev_fuzz_below(r, end - off < PAYLOAD_MAX ? end - off :
				PAYLOAD_MAX);
	virtq_elem_peek(&elem->v, off, buf, n);
	for (i = 0; i < n; i++) {
		if (vdev_fuzz_below(r, 2))
			buf[i] = vdev_fuzz_u64(r);
		else
			buf[i] ^= 1u << vdev_fuzz_below(r, 8);
	}
	virtq_elem_write(&elem->v, off, buf, n);
	return (int64_t)off << 16 | n;
}

/* A new used length for the length kinds. */
static uint32_t mutate_len(enum vdev_fuzz_kind kind, uint32_t len,
			   uint32_t hdr, uint64_t wr, struct vdev_fuzz_rng *r)
{
	uint64_t v;

	switch (kind) {
	case VDEV_FZ_LEN_SHORT:
		return 1 + vdev_fuzz_below(r, hdr - 1);
	case VDEV_FZ_LEN_TRUNC:
		v = hdr ? hdr : 1;
		return v + vdev_fuzz_below(r, len - v);
	case VDEV_FZ_LEN_LONG:
		v = wr - len < UINT32_MAX - len ? wr - len : UINT32_MAX - len;
		return len + 1 + vdev_fuzz_below(r, v);
	case VDEV_FZ_LEN_OVER:
		switch (vdev_fuzz_below(r, 4)) {
		case 0:
			v = wr + 1;
			break;
		case 1:
			v = wr + 1 + vdev_fuzz_below(r, 4096);
			break;
		case 2:
			v = wr * 2 + 8;
			break;
		default:
			v = UINT32_MAX;
		}
		return v > UINT32_MAX ? UINT32_MAX : v;
	default:
		return 0;
	}
}

/* A ring-level fault; @num is the ring size. */
static int64_t ring_fault(enum vdev_fuzz_kind kind, unsigned int num,
			  struct vdev_fuzz_rng *r, struct vdev_fuzz_act *act)
{
	static const uint32_t far_ids[] = { 0xffff, 0x10000, 0xffffffff };

	switch (kind) {
	case VDEV_FZ_RING_BAD_ID:
		act->action = VDEV_FZ_ACT_BAD_ID;
		/* Never an id the driver could take for one of its own. */
		if (vdev_fuzz_below(r, 2))
			act->arg = num + vdev_fuzz_below(r, num);
		else
			act->arg = far_ids[vdev_fuzz_below(r, 3)];
		break;
	case VDEV_FZ_RING_DUP_ID:
		act->action = VDEV_FZ_ACT_DUP_ID;
		break;
	default:
		act->action = VDEV_FZ_ACT_JUMP;
		if (vdev_fuzz_below(r, 4))
			act->arg = 1 + vdev_fuzz_below(r, num);
		else
			act->arg = num + 1 + vdev_fuzz_below(r, 0x7000);
		break;
	}
	return act->arg;
}

/**
 * vdev_fuzz_decide() - decide about one push and apply data mutations
 * @dev: device
 * @elem: element about to be pushed; its reply may be changed in place
 * @len: bytes the model wrote
 * @act: set to what the core must do
 *
 * With the fuzzer off, @act says: push @len.
 */
void vdev_fuzz_decide(struct vdev *dev, struct vdev_elem *elem, uint32_t len,
		      struct vdev_fuzz_act *act)
{
	const struct vdev_fuzz_ops *ops = dev->model->fuzz;
	struct vdev_queue *q = vdev_queue(dev, elem->queue);
	struct vdev_fuzz *fz = &dev->fuzz;
	struct vdev_fuzz_msg m = { 0, 0 };
	enum vdev_fuzz_kind kind;
	struct vdev_fuzz_rng r;
	uint32_t mask, allowed;
	bool ring, hit, slow = false;
	int64_t detail = 0;
	uint64_t n;

	memset(act, 0, sizeof(*act));
	act->action = VDEV_FZ_ACT_PUSH;
	act->len = len;
	if (!fz->on)
		return;
	n = fz->seq[elem->queue < VDEV_FZ_STREAMS ? elem->queue :
		    VDEV_FZ_STREAMS - 1]++;
	fz->stats.pushes++;
	stream_start(fz, elem->queue, n, &r);
	ring = vdev_fuzz_below(&r, VDEV_FZ_RATE_MAX) < fz->ring_rate;
	hit = vdev_fuzz_below(&r, VDEV_FZ_RATE_MAX) < fz->rate;
	act->seed = vdev_fuzz_u64(&r);
	/* (Drawn only when asked for: the mixed streams stay as they were.) */
	if (fz->slow_rate != VDEV_FZ_SLOW_MIXED)
		slow = vdev_fuzz_below(&r, VDEV_FZ_RATE_MAX) < fz->slow_rate;
	mask = fz->kinds & VDEV_FZ_RING_KINDS;
	if (ring && mask && q && q->active) {
		kind = pick(&r, mask);
		detail = ring_fault(kind, q->vq.num, &r, act);
		record(fz, elem, n, kind, detail, act);
		return;
	}
	allowed = fz->kinds & vdev_fuzz_applicable(dev) & ~VDEV_FZ_RING_KINDS;
	if (fz->slow_rate != VDEV_FZ_SLOW_MIXED) {
		allowed &= slow ? VDEV_FZ_SLOW_KINDS : ~VDEV_FZ_SLOW_KINDS;
		hit = slow || hit;
	}
	if (!hit)
		return;
	if (ops)
		ops->describe(dev, elem, len, &m);
	mask = kinds_for(dev, elem, len, &m) & allowed;
	if (!mask)
		return;
	/*
	 * The draw is among every kind allowed, so that it does not depend
	 * on this push; a kind that does not fit it gives way to the next.
	 */
	kind = pick(&r, allowed);
	while (!(mask & BIT(kind)))
		kind = (kind + 1) % VDEV_FZ_NUM;
	switch (kind) {
	case VDEV_FZ_LEN_ZERO:
		act->len = 0;
		break;
	case VDEV_FZ_LEN_SHORT:
	case VDEV_FZ_LEN_TRUNC:
	case VDEV_FZ_LEN_LONG:
	case VDEV_FZ_LEN_OVER:
		act->len = mutate_len(kind, len, m.hdr, elem->v.wr_len, &r);
		detail = act->len;
		break;
	case VDEV_FZ_PAYLOAD:
		detail = mutate_payload(elem, len, m.hdr, &r);
		break;
	case VDEV_FZ_DELAY:
		act->action = VDEV_FZ_ACT_DELAY;
		act->arg = fz->delay_ms;
		detail = fz->delay_ms;
		break;
	case VDEV_FZ_DROP:
		act->action = VDEV_FZ_ACT_DROP;
		break;
	case VDEV_FZ_UNSOLICITED:
		act->inject = 1;
		detail = 1;
		break;
	case VDEV_FZ_FLOOD:
		act->inject = fz->flood;
		detail = fz->flood;
		break;
	default:
		detail = ops->mutate(dev, elem, len, kind, &r);
		break;
	}
	record(fz, elem, n, kind, detail, act);
}

/**
 * vdev_fuzz_inject() - push made-up events into held event buffers
 * @dev: device
 * @n: events wanted; fewer go out if fewer buffers are held
 * @seed: seed of their contents (from the decision that asked for them)
 *
 * The events are pushes like others: the fuzzer may mutate them, but they
 * start no more events.
 */
void vdev_fuzz_inject(struct vdev *dev, unsigned int n, uint64_t seed)
{
	const struct vdev_fuzz_ops *ops = dev->model->fuzz;
	struct vdev_fuzz *fz = &dev->fuzz;
	struct vdev_fuzz_rng r = { seed };
	struct vdev_elem *elem;
	unsigned int i;

	if (!ops || fz->injecting)
		return;
	fz->injecting = true;
	for (i = 0; i < n; i++) {
		elem = vdev_unhold(dev, ops->event_queue);
		if (!elem)
			break;
		fz->stats.injected++;
		vdev_push(dev, elem, ops->event(dev, elem, &r));
	}
	fz->injecting = false;
}
