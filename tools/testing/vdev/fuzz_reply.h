/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reply fuzzer: the device misbehaving toward the guest driver.
 *
 * A share of the replies and notifications a model pushes is mutated:
 * used lengths, protocol fields, reserved bytes, payload bytes, delays
 * and drops, unsolicited notifications and floods; at a separate (lower)
 * rate, ring-level faults that the Linux virtio core answers by marking
 * the device broken. Every decision comes from a seeded generator, one
 * stream per queue indexed by the push's number on that queue, so the
 * same seed and the same pushes give the same mutations.
 *
 * fuzz_reply.c  the decisions, generic mutations, injected events, log
 * fuzz_ctl.c    settings syntax, the "fuzz" control command, statistics
 * device.c      carries the decision out (push, delay, drop, ring fault)
 * scmi/fuzz.c, rtc/fuzz.c  the protocol fields of each model
 */
#ifndef VDEV_FUZZ_REPLY_H
#define VDEV_FUZZ_REPLY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

struct vdev;
struct vdev_elem;

/*
 * Kinds of mutation; each push gets at most one (plus injected events
 * after it). Names are in vdev_fuzz_kind_name() and fuzz_ctl.c.
 */
enum vdev_fuzz_kind {
	VDEV_FZ_LEN_ZERO,	/* used length 0 */
	VDEV_FZ_LEN_SHORT,	/* less than the message header */
	VDEV_FZ_LEN_TRUNC,	/* header and part of the payload */
	VDEV_FZ_LEN_LONG,	/* past what was written, inside the buffer */
	VDEV_FZ_LEN_OVER,	/* larger than the buffer */
	VDEV_FZ_STATUS,		/* another status value (model) */
	VDEV_FZ_PROTOCOL,	/* SCMI protocol id (model) */
	VDEV_FZ_MSG_ID,		/* SCMI message id (model) */
	VDEV_FZ_MSG_TYPE,	/* SCMI message type, RTC msg_type (model) */
	VDEV_FZ_TOKEN,		/* SCMI token (model) */
	VDEV_FZ_CLOCK_ID,	/* RTC clock id (model) */
	VDEV_FZ_RESERVED,	/* reserved bits or flags set (model) */
	VDEV_FZ_PAYLOAD,	/* random bytes after the header */
	VDEV_FZ_DELAY,		/* pushed delay_ms later */
	VDEV_FZ_DROP,		/* never pushed (until the queue stops) */
	VDEV_FZ_UNSOLICITED,	/* one made-up event follows */
	VDEV_FZ_FLOOD,		/* a burst of made-up events follows */
	VDEV_FZ_RING_BAD_ID,	/* a used id out of range comes first */
	VDEV_FZ_RING_DUP_ID,	/* the id is returned twice */
	VDEV_FZ_RING_JUMP,	/* the used index jumps over bad entries */
	VDEV_FZ_NUM
};

#define VDEV_FZ_MASK(k)		BIT(k)
#define VDEV_FZ_ALL		(BIT(VDEV_FZ_NUM) - 1)
#define VDEV_FZ_RING_KINDS	(BIT(VDEV_FZ_RING_BAD_ID) | \
				 BIT(VDEV_FZ_RING_DUP_ID) | \
				 BIT(VDEV_FZ_RING_JUMP))
#define VDEV_FZ_MODEL_KINDS	(BIT(VDEV_FZ_STATUS) | BIT(VDEV_FZ_PROTOCOL) | \
				 BIT(VDEV_FZ_MSG_ID) | BIT(VDEV_FZ_MSG_TYPE) | \
				 BIT(VDEV_FZ_TOKEN) | BIT(VDEV_FZ_CLOCK_ID) | \
				 BIT(VDEV_FZ_RESERVED))

/* Rates are in hundredths of a percent. */
#define VDEV_FZ_RATE_MAX	10000
#define VDEV_FZ_DEFAULT_RATE	1000
#define VDEV_FZ_DEFAULT_DELAY	5000
#define VDEV_FZ_DEFAULT_FLOOD	16
/* slow_rate: delays and drops are drawn with the other kinds. */
#define VDEV_FZ_SLOW_MIXED	UINT32_MAX
#define VDEV_FZ_SLOW_KINDS	(BIT(VDEV_FZ_DELAY) | BIT(VDEV_FZ_DROP))
#define VDEV_FZ_STREAMS		4

/* splitmix64, as a stream of one push's decisions. */
struct vdev_fuzz_rng {
	uint64_t s;
};

uint64_t vdev_fuzz_u64(struct vdev_fuzz_rng *r);
uint32_t vdev_fuzz_below(struct vdev_fuzz_rng *r, uint32_t n);

/**
 * struct vdev_fuzz_msg - what a model says about one push
 * @hdr: bytes of the message header; shorter is a "short" length
 * @kinds: model kinds (VDEV_FZ_MODEL_KINDS) that apply to this message
 */
struct vdev_fuzz_msg {
	uint32_t hdr;
	uint32_t kinds;
};

/**
 * struct vdev_fuzz_ops - the protocol knowledge of a model
 * @event_queue: queue whose held buffers take notifications
 * @kinds: the model kinds (VDEV_FZ_MODEL_KINDS) it implements
 * @describe: fill @m for @elem, about to be pushed with @len bytes
 *	written; it may read them back with virtq_elem_peek()
 * @mutate: apply model kind @kind to @elem (written: @len bytes); return
 *	a value describing what was done, for the log
 * @event: write a made-up notification into the event buffer @elem and
 *	return its length (at most the buffer's size)
 *
 * Only bytes inside @elem's writable buffers may be written.
 */
struct vdev_fuzz_ops {
	unsigned int event_queue;
	uint32_t kinds;
	void (*describe)(struct vdev *dev, const struct vdev_elem *elem,
			 uint32_t len, struct vdev_fuzz_msg *m);
	int64_t (*mutate)(struct vdev *dev, const struct vdev_elem *elem,
			  uint32_t len, enum vdev_fuzz_kind kind,
			  struct vdev_fuzz_rng *r);
	uint32_t (*event)(struct vdev *dev, const struct vdev_elem *elem,
			  struct vdev_fuzz_rng *r);
};

/**
 * struct vdev_fuzz_stats - counters since the start or "fuzz clear"
 * @pushes: pushes seen while the fuzzer was on
 * @mutated: of them, pushes that got a mutation
 * @injected: made-up events pushed (unsolicited and floods)
 * @kind: mutations by kind
 */
struct vdev_fuzz_stats {
	uint64_t pushes;
	uint64_t mutated;
	uint64_t injected;
	uint64_t kind[VDEV_FZ_NUM];
};

/**
 * struct vdev_fuzz - settings and state of the reply fuzzer
 * @configured: --fuzz or a fuzz command was given: statistics are kept
 *	and written out
 * @on: mutations happen
 * @seed: the seed
 * @rate: share of pushes mutated, in 1/100 %
 * @ring_rate: share of pushes given a ring-level fault, in 1/100 %
 * @slow_rate: share of pushes delayed or dropped, in 1/100 %, drawn
 *	apart from @rate (which then covers only the other kinds); or
 *	VDEV_FZ_SLOW_MIXED: those two are kinds among the others
 * @delay_ms: delay of VDEV_FZ_DELAY
 * @flood: events in a VDEV_FZ_FLOOD burst
 * @kinds: kinds allowed (bit mask of enum vdev_fuzz_kind)
 * @seq: pushes decided so far on each queue (the last entry: the rest)
 * @injecting: made-up events are being pushed; they may be mutated but
 *	start no more events
 * @digest: FNV-1a hash of every decision, to compare runs
 * @log: every mutation is written here as a line; may be NULL
 * @stats: counters
 */
struct vdev_fuzz {
	bool configured;
	bool on;
	uint64_t seed;
	unsigned int rate;
	unsigned int ring_rate;
	unsigned int slow_rate;
	unsigned int delay_ms;
	unsigned int flood;
	uint32_t kinds;
	uint64_t seq[VDEV_FZ_STREAMS];
	bool injecting;
	uint64_t digest;
	FILE *log;
	struct vdev_fuzz_stats stats;
};

/* What the core does with a push; see vdev_fuzz_decide(). */
enum vdev_fuzz_action {
	VDEV_FZ_ACT_PUSH,	/* push with @len */
	VDEV_FZ_ACT_DELAY,	/* push with @len, @arg ms later */
	VDEV_FZ_ACT_DROP,	/* keep in flight until the queue stops */
	VDEV_FZ_ACT_BAD_ID,	/* used id @arg first, then the real entry */
	VDEV_FZ_ACT_DUP_ID,	/* the real entry twice */
	VDEV_FZ_ACT_JUMP,	/* @arg entries with a bad id, then the real */
};

/**
 * struct vdev_fuzz_act - the decision for one push
 * @action: what to do
 * @len: used length to report
 * @arg: see enum vdev_fuzz_action
 * @inject: made-up events to push after it (vdev_fuzz_inject())
 * @seed: seed of their contents
 */
struct vdev_fuzz_act {
	enum vdev_fuzz_action action;
	uint32_t len;
	uint32_t arg;
	unsigned int inject;
	uint64_t seed;
};

/* fuzz_reply.c */
void vdev_fuzz_init(struct vdev_fuzz *fz);
void vdev_fuzz_restart(struct vdev_fuzz *fz);
void vdev_fuzz_decide(struct vdev *dev, struct vdev_elem *elem, uint32_t len,
		      struct vdev_fuzz_act *act);
void vdev_fuzz_inject(struct vdev *dev, unsigned int n, uint64_t seed);
const char *vdev_fuzz_kind_name(enum vdev_fuzz_kind kind);

/* fuzz_ctl.c */
int vdev_fuzz_parse_rate(const char *s, unsigned int *rate);
int vdev_fuzz_parse_slow(const char *s, unsigned int *rate);
int vdev_fuzz_parse_spec(struct vdev_fuzz *fz, const char *spec);
int vdev_fuzz_parse_kinds(struct vdev_fuzz *fz, const char *list);
uint32_t vdev_fuzz_applicable(const struct vdev *dev);
int vdev_fuzz_control(struct vdev *dev, const char *args, FILE *out);
void vdev_fuzz_print_stats(const struct vdev *dev, FILE *out,
			   const char *prefix);

#define VDEV_FUZZ_HELP \
	"  --fuzz SEED[,RATE]    reply fuzzer: mutate RATE percent (default 10,\n" \
	"        up to 2 decimals, e.g. 2.5) of replies and notifications,\n" \
	"        deterministically from SEED (decimal or 0x hex, 64 bits)\n" \
	"  --fuzz-ring RATE      percent of replies and notifications given a\n" \
	"        ring-level fault instead (bad used id, the same id twice, a\n" \
	"        used index jump; the driver marks the device broken; default 0)\n" \
	"  --fuzz-slow RATE      percent of replies and notifications delayed\n" \
	"        or dropped, drawn apart (RATE then covers the other kinds);\n" \
	"        default: delay and drop are kinds like the others\n" \
	"  --fuzz-delay-ms MS    delay of the delay mutation (default 5000)\n" \
	"  --fuzz-flood N        events in a flood (default 16)\n" \
	"  --fuzz-kinds LIST     kinds allowed: all, none, KIND, +KIND, -KIND,\n" \
	"        comma-separated (default all); kinds: len_zero len_short\n" \
	"        len_trunc len_long len_over status protocol msg_id msg_type\n" \
	"        token clock_id reserved payload delay drop unsolicited flood\n" \
	"        ring_bad_id ring_dup_id ring_jump\n" \
	"  --fuzz-log FILE       write every mutation to FILE\n"

#endif /* VDEV_FUZZ_REPLY_H */
