/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A driver-side fuzzer for the vdev back-end: a hostile guest driving the
 * device models through the test front-end (real vhost-user set-up, real
 * rings in memfd guest memory, kicks through eventfds).
 *
 * fuzz_chain.c  descriptor chains: layout, mutations, and an independent
 *		 walk that predicts whether the back-end must accept a chain
 * fuzz_req.c    request bytes common to the models
 * fuzz_scmi.c   SCMI commands and the rules every answer follows
 * fuzz_rtc.c    virtio-rtc requests and the rules every answer follows
 * fuzz_run.c    the loop: batches, kicks, used ring, canaries, counters
 * fuzz_test.c   short runs and regression cases in vdev-tests
 * fuzz_main.c   vdev-fuzz, the long runs (make fuzz)
 *
 * Everything comes from one seeded generator; iteration i of seed s always
 * builds the same chains, so a failure is replayed by running s again.
 */
#ifndef VDEV_TESTS_FUZZ_H
#define VDEV_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../device.h"
#include "tfront.h"

/* splitmix64: tiny, fast, and good enough to drive mutations. */
struct fz_rng {
	uint64_t s;
};

static inline uint64_t fz_u64(struct fz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform enough in [0, n) for n well below 2^32; 0 if n is 0. */
static inline uint32_t fz_below(struct fz_rng *r, uint32_t n)
{
	return n ? (uint32_t)((fz_u64(r) >> 32) * n >> 32) : 0;
}

/* True with probability num/den. */
static inline bool fz_chance(struct fz_rng *r, uint32_t num, uint32_t den)
{
	return fz_below(r, den) < num;
}

/* Ring size, buffer slots at the end of guest memory, and their size. */
#define FZ_RING		64
#define FZ_SLOTS	8
#define FZ_SLOT_SIZE	8192
#define FZ_MAX_SEGS	(2 * FZ_RING + 8)
/* Request bytes kept per chain: more than either model reads. */
#define FZ_REQ_MAX	1100
/* Event chains held by the device at most (the rest of the slots: cmdq). */
#define FZ_MAX_EVENTS	3
#define FZ_MAX_BATCH	4

/* What was done to a chain, for the counters (a chain can have several). */
enum fz_mut {
	FZ_M_SPLIT,		/* request or reply split over descriptors */
	FZ_M_ZERO,		/* zero-length descriptor inserted */
	FZ_M_DIR,		/* a descriptor's direction flipped */
	FZ_M_HUGE,		/* huge length */
	FZ_M_OUTSIDE,		/* address outside guest memory */
	FZ_M_STRADDLE,		/* buffer straddles the end of guest memory */
	FZ_M_WRAP,		/* address + length wraps around 2^64 */
	FZ_M_OVERLAP,		/* buffers overlap */
	FZ_M_READ_ANY,		/* readable buffer anywhere (rings, tables) */
	FZ_M_INDIRECT,		/* indirect table */
	FZ_M_NESTED,		/* indirect descriptor in an indirect table */
	FZ_M_IND_NEXT,		/* indirect descriptor with NEXT */
	FZ_M_IND_NOT_HEAD,	/* indirect descriptor further down a chain */
	FZ_M_IND_LEN,		/* zero, odd, oversized or outside table */
	FZ_M_LOOP,		/* next pointer back into the chain */
	FZ_M_BAD_NEXT,		/* next index past the table */
	FZ_M_LONG,		/* chain as long as its table, or longer */
	FZ_M_BAD_HEAD,		/* head index past the ring */
	FZ_M_GARBAGE,		/* random bits in a descriptor */
	FZ_M_NUM
};

/* What kind of request bytes, for the counters. */
enum fz_reqkind {
	FZ_R_VALID,		/* well-formed request of a known message */
	FZ_R_MUTATED,		/* the same with fields or lengths changed */
	FZ_R_RANDOM,		/* random bytes */
	FZ_R_EVENT,		/* a buffer for the event queue */
	FZ_R_NUM
};

/* One buffer of a chain as the driver describes it. */
struct fz_seg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

/* Request bytes and reply room that the model generator asks for. */
struct fz_req {
	uint8_t b[FZ_REQ_MAX];
	size_t len;
	size_t wr;
	enum fz_reqkind kind;
};

/**
 * struct fz_chain - one chain put on a ring, and what we predict for it
 * @queue: queue index
 * @slot: buffer slot in the arena
 * @head: head index as published (may be out of range)
 * @muts: bit mask of enum fz_mut
 * @kind: enum fz_reqkind of the request bytes
 * @good: our walk accepts the chain, so the back-end must too
 * @why: reason our walk rejects it
 * @seg: the buffers our walk found, readable first (good chains only)
 * @nseg: entries in @seg
 * @rd_len: readable bytes
 * @wr_len: writable bytes
 * @rq: the first readable bytes, as they were when the chain was kicked
 * @check_reply: the writable buffers are disjoint and in the chain's slot,
 *	so the reply can be read back and checked
 */
struct fz_chain {
	unsigned int queue;
	unsigned int slot;
	uint16_t head;
	uint32_t muts;
	enum fz_reqkind kind;
	bool good;
	const char *why;
	struct fz_seg seg[FZ_MAX_SEGS];
	unsigned int nseg;
	uint64_t rd_len;
	uint64_t wr_len;
	uint8_t rq[FZ_REQ_MAX];
	bool check_reply;
};

struct fz;

/**
 * struct fz_model - what the fuzzer knows about one device model
 * @name: name in messages
 * @model: the model
 * @gen: request bytes and reply room for the request queue
 * @check: check the reply to a chain our walk accepted; @rs holds
 *	min(@used, FZ_REQ_MAX) bytes if @ch->check_reply; NULL if all is well
 * @check_event: check a used event buffer; NULL if all is well
 * @served: chains that reached the model's request handler so far
 * @event_min: smallest event buffer the model keeps
 */
struct fz_model {
	const char *name;
	const struct vdev_model *model;
	void (*gen)(struct fz *f, struct fz_rng *r, struct fz_req *q);
	const char *(*check)(struct fz *f, const struct fz_chain *ch,
			     const uint8_t *rs, uint32_t used);
	const char *(*check_event)(struct fz *f, const struct fz_chain *ch,
				   const uint8_t *rs, uint32_t used);
	uint64_t (*served)(struct fz *f);
	size_t event_min;
};

extern const struct fz_model fz_scmi;
extern const struct fz_model fz_rtc;

/**
 * struct fz_stats - counters of a run
 * @iters: batches run
 * @chains: chains put on a ring
 * @answered: chains the back-end accepted and gave back
 * @rejected: malformed chains given back with length 0
 * @events: event buffers given back
 * @jumps: available index jumps (each breaks the ring)
 * @restarts: device restarts (after a broken ring, or periodic)
 * @mut: chains by mutation
 * @kind: chains by kind of request bytes
 * @status_ok: replies with a success status
 * @status_err: replies with an error status
 */
struct fz_stats {
	uint64_t iters;
	uint64_t chains;
	uint64_t answered;
	uint64_t rejected;
	uint64_t events;
	uint64_t jumps;
	uint64_t restarts;
	uint64_t mut[FZ_M_NUM];
	uint64_t kind[FZ_R_NUM];
	uint64_t status_ok;
	uint64_t status_err;
};

/**
 * struct fz - one fuzzing run against one device model
 * @m: the model
 * @seed: seed of the run
 * @iter: current iteration
 * @t: the device and its front-end
 * @event_idx: VIRTIO_F_EVENT_IDX is negotiated in this device instance
 * @shadow: what guest memory (the whole memfd) must hold
 * @arena_gpa: guest address of slot 0; the slots end with guest memory
 * @slot_busy: the slot's chain is still with the device
 * @cmd: the request queue chains of the current batch
 * @ncmd: entries in @cmd
 * @ev: event chains the device holds (and the new one, last)
 * @nev: entries in @ev
 * @stats: counters
 * @failed: a check failed; the run stops
 * @verbose: print progress lines
 */
struct fz {
	const struct fz_model *m;
	uint64_t seed;
	uint64_t iter;
	struct tdev t;
	bool event_idx;
	uint8_t *shadow;
	uint64_t arena_gpa;
	bool slot_busy[FZ_SLOTS];
	struct fz_chain cmd[FZ_MAX_BATCH];
	unsigned int ncmd;
	struct fz_chain ev[FZ_MAX_EVENTS + 1];
	unsigned int nev;
	struct fz_stats stats;
	bool failed;
	bool verbose;
};

/* fuzz_chain.c */
void fz_put(struct fz *f, uint64_t gpa, const void *data, size_t len);
uint16_t fz_chain_build(struct fz *f, struct fz_rng *r, struct fz_chain *ch,
			const struct fz_req *q, uint16_t *pool,
			unsigned int *npool, bool alone);
void fz_chain_predict(struct fz *f, struct fz_chain *ch);
size_t fz_gather(struct fz *f, const struct fz_chain *ch, bool write,
		 uint8_t *buf, size_t max);
extern const char *const fz_mut_names[FZ_M_NUM];

/* fuzz_req.c */
uint32_t fz_value32(struct fz_rng *r);
size_t fz_reply_room(struct fz_rng *r, size_t typical);
void fz_random_req(struct fz_rng *r, struct fz_req *q, size_t typical);
void fz_flip_bytes(struct fz_rng *r, struct fz_req *q, size_t from);
void fz_event_req(struct fz_rng *r, struct fz_req *q, size_t min);

/* fuzz_run.c */
int fz_init(struct fz *f, const struct fz_model *m, uint64_t seed);
void fz_fini(struct fz *f);
bool fz_run(struct fz *f, uint64_t first, uint64_t iters);
__printf(2, 3) void fz_fail(struct fz *f, const char *fmt, ...);
void fz_print_stats(const struct fz *f, double secs);
void fz_watch_install(void);

#endif /* VDEV_TESTS_FUZZ_H */
