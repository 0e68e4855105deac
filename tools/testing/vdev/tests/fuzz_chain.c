// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: descriptor chains.
 *
 * A chain starts as the request split into readable buffers and the reply
 * room split into writable ones, laid out with random gaps in the chain's
 * slot (an 8 KiB piece of the arena at the end of guest memory). Then the
 * buffers and the descriptors are mutated, and the descriptors written
 * straight into the ring's table or into an indirect table in the slot.
 *
 * Whether the back-end must accept the chain is not decided from the
 * mutations but by fz_chain_predict(), which walks guest memory the way a
 * device must by the virtio spec plus the back-end's documented choices
 * (virtq.h): a readable buffer after a writable one, a nested indirect
 * table, an indirect descriptor that is not alone at the head, an indirect
 * table that is empty, not a multiple of 16 bytes or longer than the ring,
 * more descriptors than the table holds, an index past the table, and a
 * non-empty buffer not entirely in guest memory are all malformed. Such a
 * chain must come back with used length 0 and no byte written.
 *
 * Mutations that can send a walk into another chain's descriptors or
 * buffers (loops, bad next indexes, garbage, huge in-memory buffers) are
 * only made when the chain is alone in its batch; a writable buffer is
 * never pointed below the arena, so that the device cannot legitimately
 * write into the rings the fuzzer itself relies on.
 */
#include <endian.h>
#include <string.h>

#include "fuzz.h"

const char *const fz_mut_names[FZ_M_NUM] = {
	[FZ_M_SPLIT] = "split", [FZ_M_ZERO] = "zero-len",
	[FZ_M_DIR] = "wrong-dir", [FZ_M_HUGE] = "huge-len",
	[FZ_M_OUTSIDE] = "outside", [FZ_M_STRADDLE] = "straddle",
	[FZ_M_WRAP] = "wrap", [FZ_M_OVERLAP] = "overlap",
	[FZ_M_READ_ANY] = "read-anywhere", [FZ_M_INDIRECT] = "indirect",
	[FZ_M_NESTED] = "nested-indirect", [FZ_M_IND_NEXT] = "indirect+next",
	[FZ_M_IND_NOT_HEAD] = "indirect-not-head",
	[FZ_M_IND_LEN] = "indirect-bad-table", [FZ_M_LOOP] = "loop",
	[FZ_M_BAD_NEXT] = "bad-next", [FZ_M_LONG] = "long",
	[FZ_M_BAD_HEAD] = "bad-head", [FZ_M_GARBAGE] = "garbage",
};

/* A chain under construction: its buffers (one per descriptor) and slot. */
struct fz_build {
	struct fz *f;
	struct fz_rng *r;
	struct fz_chain *ch;
	bool alone;
	uint64_t base;
	uint64_t end;
	uint64_t next;
	struct fz_seg seg[FZ_MAX_SEGS];
	unsigned int n;
};

static uint64_t mem_end(const struct fz *f)
{
	return f->t.g.gpa + f->t.g.size;
}

/**
 * fz_put() - write guest memory and the shadow copy the canaries use
 * @f: run
 * @gpa: guest address, inside guest memory
 * @data: bytes
 * @len: count
 */
void fz_put(struct fz *f, uint64_t gpa, const void *data, size_t len)
{
	size_t off = gpa - f->t.g.gpa;

	memcpy(f->t.g.base + off, data, len);
	memcpy(f->shadow + f->t.g.file_off + off, data, len);
}

static void put_desc(struct fz *f, uint64_t table, unsigned int i,
		     uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct virtq_desc d = {
		.addr = htole64(addr), .len = htole32(len),
		.flags = htole16(flags), .next = htole16(next),
	};

	fz_put(f, table + 16ull * i, &d, sizeof(d));
}

/* Room in the slot after a random gap (the gap bytes are canaries). */
static uint64_t slot_alloc(struct fz_build *b, size_t len, size_t align)
{
	uint64_t at = b->next + fz_below(b->r, 40);

	at = (at + align - 1) & ~(uint64_t)(align - 1);
	if (at + len > b->end) {
		/* Out of room: reuse the start, the buffers overlap. */
		b->ch->muts |= 1u << FZ_M_OVERLAP;
		return b->base;
	}
	b->next = at + len;
	return at;
}

static void add_seg(struct fz_build *b, uint64_t gpa, uint32_t len,
		    bool write)
{
	if (b->n < FZ_MAX_SEGS)
		b->seg[b->n++] = (struct fz_seg){ gpa, len, write };
}

/* Cut @len bytes into 1-4 descriptors (or none); copy @data in if given. */
static void add_split(struct fz_build *b, const uint8_t *data, size_t len,
		      bool write)
{
	unsigned int pieces = 1, i;
	size_t done = 0;

	if (!len && fz_chance(b->r, 1, 2))
		return;
	if (fz_chance(b->r, 1, 4)) {
		pieces += 1 + fz_below(b->r, 3);
		b->ch->muts |= 1u << FZ_M_SPLIT;
	}
	for (i = 0; i < pieces; i++) {
		size_t n = i + 1 == pieces ? len - done :
			   fz_below(b->r, len - done + 1);
		uint64_t at = slot_alloc(b, n, fz_chance(b->r, 1, 2) ? 8 : 1);

		if (data && n)
			fz_put(b->f, at, data + done, n);
		add_seg(b, at, n, write);
		done += n;
	}
}

/* An address for a buffer of @len bytes that is not in guest memory. */
static uint64_t addr_outside(struct fz_build *b, uint32_t len,
			     enum fz_mut *m)
{
	uint64_t lo = b->f->t.g.gpa, hi = mem_end(b->f);
	uint32_t k = len > 1 ? 1 + fz_below(b->r, len - 1) : 1;

	*m = FZ_M_OUTSIDE;
	switch (fz_below(b->r, 6)) {
	case 0:
		return fz_below(b->r, 0x10000);
	case 1:
		return lo - len - fz_below(b->r, 64);
	case 2:
		return hi + fz_below(b->r, 4096);
	case 3:
		*m = FZ_M_STRADDLE;
		return hi - k;
	case 4:
		*m = FZ_M_STRADDLE;
		return lo - k;
	default:
		*m = FZ_M_WRAP;
		return UINT64_MAX - k + 1;
	}
}

/* Lengths that are huge but still mapped, or too big for guest memory. */
static void make_huge(struct fz_build *b, struct fz_seg *s)
{
	uint64_t left = mem_end(b->f) - s->gpa;

	switch (fz_below(b->r, 4)) {
	case 0:
		/* Up to the end of guest memory: valid, if it stays alone. */
		if (b->alone && !b->f->nev) {
			s->len = left;
			b->ch->check_reply = false;
			return;
		}
		s->len = left + 1 + fz_below(b->r, 4096);
		return;
	case 1:
		s->len = left + 1 + fz_below(b->r, 4096);
		return;
	case 2:
		s->len = UINT32_MAX - fz_below(b->r, 16);
		return;
	default:
		s->len = b->f->t.g.size + fz_below(b->r, 1u << 20);
		return;
	}
}

static void mutate_segs(struct fz_build *b)
{
	struct fz_rng *r = b->r;
	struct fz_chain *ch = b->ch;
	enum fz_mut m;
	struct fz_seg *s;

	if (fz_chance(r, 1, 16) && b->n < FZ_MAX_SEGS) {
		unsigned int at = fz_below(r, b->n + 1);

		memmove(&b->seg[at + 1], &b->seg[at],
			(b->n - at) * sizeof(b->seg[0]));
		b->seg[at] = (struct fz_seg){ fz_u64(r), 0,
					       fz_chance(r, 1, 2) };
		if (fz_chance(r, 1, 2))
			b->seg[at].gpa = b->base;
		b->n++;
		ch->muts |= 1u << FZ_M_ZERO;
	}
	if (!b->n)
		return;
	if (fz_chance(r, 1, 24)) {
		s = &b->seg[fz_below(r, b->n)];
		s->write = !s->write;
		ch->muts |= 1u << FZ_M_DIR;
	}
	if (fz_chance(r, 1, 16) && b->n > 1) {
		struct fz_seg *o = &b->seg[fz_below(r, b->n)];

		s = &b->seg[fz_below(r, b->n)];
		if (o->len && s != o) {
			s->gpa = o->gpa + fz_below(r, o->len);
			if (s->gpa + s->len > b->end)
				s->len = b->end - s->gpa;
			ch->muts |= 1u << FZ_M_OVERLAP;
		}
	}
	if (fz_chance(r, 1, 32)) {
		make_huge(b, &b->seg[fz_below(r, b->n)]);
		ch->muts |= 1u << FZ_M_HUGE;
	}
	if (fz_chance(r, 1, 16)) {
		s = &b->seg[fz_below(r, b->n)];
		if (!s->len)
			s->len = 1 + fz_below(r, 64);
		s->gpa = addr_outside(b, s->len, &m);
		ch->muts |= 1u << m;
	}
	/*
	 * Anywhere but the arena: replies to other chains of the batch, and
	 * events, may land there before this chain is read.
	 */
	if (fz_chance(r, 1, 24)) {
		uint64_t room = b->f->arena_gpa - b->f->t.g.gpa;

		s = &b->seg[fz_below(r, b->n)];
		if (!s->write && s->len < room) {
			s->gpa = b->f->t.g.gpa + fz_below(r, room - s->len + 1);
			ch->muts |= 1u << FZ_M_READ_ANY;
		}
	}
}

/* Distinct ring descriptor indexes for @n descriptors, false if short. */
static bool take_ring(uint16_t *pool, unsigned int *npool, unsigned int n,
		      uint16_t *idx)
{
	unsigned int i;

	if (n > *npool)
		return false;
	for (i = 0; i < n; i++)
		idx[i] = pool[--*npool];
	return true;
}

/*
 * Write the descriptors of b->seg[] into @table as a chain through
 * @idx[0..n), @table_num entries big; the last one without NEXT.
 */
static void write_chain(struct fz_build *b, uint64_t table,
			const uint16_t *idx, unsigned int table_num)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		const struct fz_seg *s = &b->seg[i];
		uint16_t flags = s->write ? VIRTQ_DESC_F_WRITE : 0;
		uint16_t next = i + 1 < b->n ? idx[i + 1] :
				fz_below(b->r, table_num);

		if (i + 1 < b->n)
			flags |= VIRTQ_DESC_F_NEXT;
		put_desc(b->f, table, idx[i], s->gpa, s->len, flags, next);
	}
}

/* Readable empty descriptors in front, up to @n in all. */
static void pad_front(struct fz_build *b, unsigned int n)
{
	unsigned int k;

	if (n > FZ_MAX_SEGS)
		n = FZ_MAX_SEGS;
	if (b->n >= n)
		return;
	k = n - b->n;
	memmove(&b->seg[k], &b->seg[0], b->n * sizeof(b->seg[0]));
	memset(b->seg, 0, k * sizeof(b->seg[0]));
	b->n = n;
	b->ch->muts |= 1u << FZ_M_LONG;
}

static void shuffle(struct fz_rng *r, uint16_t *v, unsigned int n)
{
	unsigned int i, j;
	uint16_t t;

	for (i = n; i > 1; i--) {
		j = fz_below(r, i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void mutate_links(struct fz_build *b, uint64_t table,
			 const uint16_t *idx, unsigned int table_num);

/* An indirect table at @table for @n entries; entry 0 comes first. */
static void indirect_order(struct fz_build *b, uint16_t *idx, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		idx[i] = i;
	if (n > 1)
		shuffle(b->r, idx + 1, n - 1);
}

/* Turn entry @at of the chain into an indirect descriptor of its own. */
static void make_inner_indirect(struct fz_build *b, uint64_t table,
				const uint16_t *idx, unsigned int at,
				unsigned int table_num)
{
	const struct fz_seg *s = &b->seg[at];
	uint64_t sub = slot_alloc(b, 16, 16);
	uint16_t flags = VIRTQ_DESC_F_INDIRECT;

	put_desc(b->f, sub, 0, s->gpa, s->len,
		 s->write ? VIRTQ_DESC_F_WRITE : 0, 0);
	if (at + 1 < b->n)
		flags |= VIRTQ_DESC_F_NEXT;
	put_desc(b->f, table, idx[at], sub, 16, flags,
		 at + 1 < b->n ? idx[at + 1] : 0);
}

/* The length (and address) of an indirect table the device must refuse. */
static void bad_table(struct fz_build *b, uint64_t *addr, uint32_t *len)
{
	enum fz_mut m;

	switch (fz_below(b->r, 4)) {
	case 0:
		*len = 0;
		break;
	case 1:
		*len -= 1 + fz_below(b->r, *len > 15 ? 15 : *len);
		break;
	case 2:
		*len = 16 * (FZ_RING + 1 + fz_below(b->r, 2 * FZ_RING));
		break;
	default:
		*addr = addr_outside(b, *len, &m);
		break;
	}
}

static uint16_t build_indirect(struct fz_build *b, uint16_t *pool,
			       unsigned int *npool)
{
	struct fz_rng *r = b->r;
	unsigned int n = b->n, table_num;
	uint16_t idx[FZ_MAX_SEGS] = { 0 }, head, flags = VIRTQ_DESC_F_INDIRECT;
	uint64_t table;
	uint32_t len;

	b->ch->muts |= 1u << FZ_M_INDIRECT;
	if (!b->n)
		add_seg(b, b->base, 0, false);
	if (fz_chance(r, 1, 24))
		pad_front(b, fz_chance(r, 1, 2) ? FZ_RING :
			  FZ_RING + 1 + fz_below(r, FZ_RING));
	n = b->n;
	table_num = n ? n : 1;
	/*
	 * A decoy just past the table: an empty writable descriptor, fine
	 * anywhere, so that a device reading one entry too far accepts a
	 * chain it must refuse (a next index equal to the table size).
	 */
	table = slot_alloc(b, 16 * (table_num + 1), 16);
	put_desc(b->f, table, table_num, b->base, 0, VIRTQ_DESC_F_WRITE, 0);
	indirect_order(b, idx, n);
	write_chain(b, table, idx, table_num);
	if (b->alone)
		mutate_links(b, table, idx, table_num);
	if (n && fz_chance(r, 1, 32)) {
		make_inner_indirect(b, table, idx, fz_below(r, n), table_num);
		b->ch->muts |= 1u << FZ_M_NESTED;
	}
	len = 16 * table_num;
	if (fz_chance(r, 1, 24)) {
		bad_table(b, &table, &len);
		b->ch->muts |= 1u << FZ_M_IND_LEN;
	}
	/* The spec has the device ignore WRITE on an indirect descriptor. */
	if (fz_chance(r, 1, 8))
		flags |= VIRTQ_DESC_F_WRITE;
	if (fz_chance(r, 1, 48)) {
		flags |= VIRTQ_DESC_F_NEXT;
		b->ch->muts |= 1u << FZ_M_IND_NEXT;
	}
	if (!take_ring(pool, npool, 1, &head))
		head = fz_below(r, FZ_RING);
	put_desc(b->f, b->f->t.ring[b->ch->queue].desc_gpa, head, table, len,
		 flags, fz_below(r, FZ_RING));
	return head;
}

/* Loops, bad next indexes and garbage, only for a chain alone. */
static void mutate_links(struct fz_build *b, uint64_t table,
			 const uint16_t *idx, unsigned int table_num)
{
	struct fz_rng *r = b->r;
	struct virtq_desc d;
	unsigned int i;

	if (!b->n)
		return;
	i = fz_below(r, b->n);
	memcpy(&d, b->f->t.g.base + (table + 16ull * idx[i] - b->f->t.g.gpa),
	       sizeof(d));
	if (fz_chance(r, 1, 24)) {
		d.flags |= htole16(VIRTQ_DESC_F_NEXT);
		d.next = htole16(idx[fz_below(r, i + 1)]);
		b->ch->muts |= 1u << FZ_M_LOOP;
	} else if (fz_chance(r, 1, 32)) {
		d.flags |= htole16(VIRTQ_DESC_F_NEXT);
		/* Just past the table half of the time: off-by-ones. */
		d.next = htole16(table_num + (fz_chance(r, 1, 2) ? 0 :
				 fz_below(r, 0x10000 - table_num)));
		b->ch->muts |= 1u << FZ_M_BAD_NEXT;
	} else if (fz_chance(r, 1, 24)) {
		/* Never turn a buffer below the arena writable. */
		if (le64toh(d.addr) >= b->f->arena_gpa)
			d.flags ^= htole16(fz_below(r, 8));
		d.next ^= htole16(fz_below(r, 0x10000));
		d.len ^= htole32(fz_below(r, 1u << fz_below(r, 32)));
		d.addr ^= htole64(fz_below(r, 8192));
		b->ch->muts |= 1u << FZ_M_GARBAGE;
	} else {
		return;
	}
	fz_put(b->f, table + 16ull * idx[i], &d, sizeof(d));
}

static uint16_t build_direct(struct fz_build *b, uint16_t *pool,
			     unsigned int *npool)
{
	uint64_t table = b->f->t.ring[b->ch->queue].desc_gpa;
	uint16_t idx[FZ_MAX_SEGS];
	unsigned int at;

	if (b->alone && fz_chance(b->r, 1, 24) && *npool >= FZ_RING)
		pad_front(b, FZ_RING);
	if (!b->n)
		add_seg(b, b->base, 0, false);
	if (!take_ring(pool, npool, b->n, idx))
		return build_indirect(b, pool, npool);
	write_chain(b, table, idx, FZ_RING);
	if (b->n > 1 && fz_chance(b->r, 1, 32)) {
		at = 1 + fz_below(b->r, b->n - 1);
		make_inner_indirect(b, table, idx, at, FZ_RING);
		b->ch->muts |= 1u << FZ_M_IND_NOT_HEAD;
	}
	if (b->alone)
		mutate_links(b, table, idx, FZ_RING);
	return idx[0];
}

/**
 * fz_chain_build() - lay out one chain for request @q
 * @f: run
 * @r: generator
 * @ch: the chain; @ch->queue and @ch->slot set by the caller
 * @q: request bytes and reply room
 * @pool: free descriptor indexes of the ring; the chain takes some
 * @npool: entries in @pool
 * @alone: the chain is the only one in its batch
 *
 * Return: the head index to publish.
 */
uint16_t fz_chain_build(struct fz *f, struct fz_rng *r, struct fz_chain *ch,
			const struct fz_req *q, uint16_t *pool,
			unsigned int *npool, bool alone)
{
	struct fz_build b = { .f = f, .r = r, .ch = ch, .alone = alone };
	uint16_t head;

	b.base = f->arena_gpa + (uint64_t)ch->slot * FZ_SLOT_SIZE;
	b.end = b.base + FZ_SLOT_SIZE;
	b.next = b.base;
	ch->muts = 0;
	ch->kind = q->kind;
	ch->check_reply = true;
	add_split(&b, q->b, q->len, false);
	add_split(&b, NULL, q->wr, true);
	mutate_segs(&b);
	if (fz_chance(r, 1, 4) || !b.n)
		head = build_indirect(&b, pool, npool);
	else
		head = build_direct(&b, pool, npool);
	if (fz_chance(r, 1, 48)) {
		head = FZ_RING + fz_below(r, 0x10000 - FZ_RING);
		ch->muts |= 1u << FZ_M_BAD_HEAD;
	}
	ch->head = head;
	return head;
}

static bool in_mem(const struct fz *f, uint64_t addr, uint64_t len)
{
	uint64_t off = addr - f->t.g.gpa;

	return addr >= f->t.g.gpa && off <= f->t.g.size &&
	       len <= f->t.g.size - off;
}

static void read_desc(const struct fz *f, uint64_t table, unsigned int i,
		      struct virtq_desc *d)
{
	memcpy(d, f->t.g.base + (table + 16ull * i - f->t.g.gpa), sizeof(*d));
	d->addr = le64toh(d->addr);
	d->len = le32toh(d->len);
	d->flags = le16toh(d->flags);
	d->next = le16toh(d->next);
}

/* Switch to the indirect table of @d; NULL, or why the device refuses. */
static const char *walk_indirect(const struct fz *f, const struct virtq_desc *d,
				 unsigned int seen, bool *indirect,
				 uint64_t *table, unsigned int *table_num)
{
	if (*indirect)
		return "nested indirect";
	if (seen != 1)
		return "indirect not at head";
	if (d->flags & VIRTQ_DESC_F_NEXT)
		return "indirect with NEXT";
	if (!d->len || d->len % 16 || d->len / 16 > FZ_RING)
		return "bad indirect length";
	if (!in_mem(f, d->addr, d->len))
		return "indirect table outside memory";
	*indirect = true;
	*table = d->addr;
	*table_num = d->len / 16;
	return NULL;
}

static const char *walk_add(const struct fz *f, struct fz_chain *ch,
			    const struct virtq_desc *d, bool *any_wr)
{
	bool write = d->flags & VIRTQ_DESC_F_WRITE;

	if (!write && *any_wr)
		return "readable after writable";
	if (d->len && d->addr + (d->len - 1) < d->addr)
		return "address wraps";
	if (d->len && !in_mem(f, d->addr, d->len))
		return "buffer outside memory";
	*any_wr |= write;
	if (write)
		ch->wr_len += d->len;
	else
		ch->rd_len += d->len;
	if (d->len && ch->nseg < FZ_MAX_SEGS)
		ch->seg[ch->nseg++] = (struct fz_seg){ d->addr, d->len, write };
	return NULL;
}

/* Our own walk of the chain at @ch->head; NULL if it is well-formed. */
static const char *walk(const struct fz *f, struct fz_chain *ch)
{
	uint64_t table = f->t.ring[ch->queue].desc_gpa;
	unsigned int table_num = FZ_RING, seen = 0, i = ch->head;
	bool indirect = false, any_wr = false;
	struct virtq_desc d;
	const char *err;

	if (i >= FZ_RING)
		return "head out of range";
	for (;;) {
		if (++seen > table_num)
			return "chain too long or looped";
		read_desc(f, table, i, &d);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			err = walk_indirect(f, &d, seen, &indirect, &table,
					    &table_num);
			if (err)
				return err;
			i = 0;
			seen = 0;
			continue;
		}
		err = walk_add(f, ch, &d, &any_wr);
		if (err)
			return err;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return NULL;
		i = d.next;
		if (i >= table_num)
			return "next out of range";
	}
}

/* Writable buffers all in the chain's slot and not overlapping. */
static bool reply_readable(const struct fz *f, const struct fz_chain *ch)
{
	uint64_t base = f->arena_gpa + (uint64_t)ch->slot * FZ_SLOT_SIZE;
	unsigned int i, j;

	for (i = 0; i < ch->nseg; i++) {
		const struct fz_seg *a = &ch->seg[i];

		if (!a->write)
			continue;
		if (a->gpa < base || a->gpa + a->len > base + FZ_SLOT_SIZE)
			return false;
		for (j = i + 1; j < ch->nseg; j++) {
			const struct fz_seg *b = &ch->seg[j];

			if (b->write && a->gpa < b->gpa + b->len &&
			    b->gpa < a->gpa + a->len)
				return false;
		}
	}
	return true;
}

/*
 * A readable buffer over a used ring: the device writes there while the
 * batch runs, so what it reads may differ from what the chain held when
 * it was kicked.
 */
static bool reads_used_ring(const struct fz *f, const struct fz_chain *ch)
{
	unsigned int i, q;

	for (i = 0; i < ch->nseg; i++) {
		const struct fz_seg *s = &ch->seg[i];

		if (s->write)
			continue;
		for (q = 0; q < f->t.nq; q++) {
			const struct tring *r = &f->t.ring[q];
			uint64_t end = r->used_gpa + virtq_used_size(r->num);

			if (s->gpa < end && r->used_gpa < s->gpa + s->len)
				return true;
		}
	}
	return false;
}

/**
 * fz_gather() - copy the readable or writable bytes of a predicted chain
 * @f: run
 * @ch: chain our walk accepted
 * @write: the writable part, else the readable part
 * @buf: destination
 * @max: room at @buf
 *
 * Return: bytes copied.
 */
size_t fz_gather(struct fz *f, const struct fz_chain *ch, bool write,
		 uint8_t *buf, size_t max)
{
	size_t done = 0, n;
	unsigned int i;

	for (i = 0; i < ch->nseg && done < max; i++) {
		if (ch->seg[i].write != write)
			continue;
		n = ch->seg[i].len < max - done ? ch->seg[i].len : max - done;
		memcpy(buf + done, f->t.g.base + (ch->seg[i].gpa - f->t.g.gpa),
		       n);
		done += n;
	}
	return done;
}

/**
 * fz_chain_predict() - decide, from guest memory, what the device must do
 * @f: run
 * @ch: chain, published but not yet kicked
 *
 * Sets @ch->good, @ch->why, the buffers, the lengths and @ch->rq.
 */
void fz_chain_predict(struct fz *f, struct fz_chain *ch)
{
	ch->nseg = 0;
	ch->rd_len = 0;
	ch->wr_len = 0;
	ch->why = walk(f, ch);
	ch->good = !ch->why;
	if (!ch->good) {
		ch->nseg = 0;
		ch->rd_len = 0;
		ch->wr_len = 0;
		return;
	}
	memset(ch->rq, 0, sizeof(ch->rq));
	fz_gather(f, ch, false, ch->rq, sizeof(ch->rq));
	if (!reply_readable(f, ch) || reads_used_ring(f, ch))
		ch->check_reply = false;
}
