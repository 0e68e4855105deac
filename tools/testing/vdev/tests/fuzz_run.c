// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: the loop.
 *
 * One iteration is a batch: up to FZ_MAX_BATCH chains on the request
 * queue and maybe one on the event queue, published together and kicked
 * through the eventfds; or, rarely, an available index moved further than
 * the ring is long. After the back-end's loop has run (tf_pump(): a
 * bounded number of iterations, nothing waits), every request chain must
 * be on the used ring, in order: with length 0 if our walk found it
 * malformed, else with a reply the model's check accepts. Event buffers
 * may be kept for later, but come back with length 0 if malformed.
 *
 * Canaries: a shadow copy of the whole memfd tracks what guest memory must
 * hold. The fuzzer writes both; the device may only change the used rings
 * and the writable buffers of well-formed chains it was given (they are
 * copied into the shadow before comparing). The rings and the arena are
 * compared after every batch, everything every FZ_FULL_CHECK batches.
 *
 * A ring the driver broke (available index jump) stops the queue for good
 * (virtq_pop() returns -EIO), so the device is then started again; it is
 * also started again every FZ_RESTART iterations, so that a failure can
 * be replayed from the last multiple of FZ_RESTART.
 */
#include <endian.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../util.h"
#include "fuzz.h"

#define FZ_RESTART	4096
#define FZ_FULL_CHECK	256
#define FZ_WATCHDOG_S	20

/* The run in progress, for the watchdog and crash reports. */
static struct fz *fz_current;

static uint64_t iter_seed(uint64_t seed, uint64_t iter)
{
	struct fz_rng r = { seed ^ (iter * 0xd1342543de82ef95ull) };

	return fz_u64(&r);
}

static void print_replay(const struct fz *f)
{
	uint64_t first = f->iter - f->iter % FZ_RESTART;

	printf("# fuzz %s: seed %#llx iteration %llu; ", f->m->name,
	       (unsigned long long)f->seed, (unsigned long long)f->iter);
	printf("replay: vdev-fuzz --model %s --seed %#llx --first %llu --iters %llu\n",
	       f->m->name,
	       (unsigned long long)f->seed, (unsigned long long)first,
	       (unsigned long long)(f->iter - first + 1));
	fflush(stdout);
}

/**
 * fz_fail() - report a failed check; the run stops after this batch
 * @f: run
 * @fmt: printf format of what went wrong
 */
void fz_fail(struct fz *f, const char *fmt, ...)
{
	va_list ap;

	if (f->failed)
		return;
	f->failed = true;
	printf("# fuzz %s: FAIL: ", f->m->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	print_replay(f);
}

static void dump_chain(const struct fz_chain *ch)
{
	unsigned int i;

	printf("#   queue %u head %u slot %u %s%s%s rd %llu wr %llu muts:",
	       ch->queue, ch->head, ch->slot, ch->good ? "well-formed" : "bad (",
	       ch->good ? "" : ch->why, ch->good ? "" : ")",
	       (unsigned long long)ch->rd_len, (unsigned long long)ch->wr_len);
	for (i = 0; i < FZ_M_NUM; i++)
		if (ch->muts & (1u << i))
			printf(" %s", fz_mut_names[i]);
	putchar('\n');
}

static void on_watchdog(int sig)
{
	if (fz_current) {
		printf("# fuzz %s: FAIL: no answer within %d s (hang)\n",
		       fz_current->m->name, FZ_WATCHDOG_S);
		print_replay(fz_current);
	}
	abort();
}

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>

static void on_sanitizer_death(void)
{
	if (fz_current) {
		printf("# fuzz %s: FAIL: sanitizer report above\n",
		       fz_current->m->name);
		print_replay(fz_current);
	}
}
#else
static void on_crash(int sig)
{
	if (fz_current) {
		printf("# fuzz %s: FAIL: signal %d\n", fz_current->m->name, sig);
		print_replay(fz_current);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}
#endif

/**
 * fz_watch_install() - report the seed and iteration on a hang or crash
 *
 * For the stand-alone fuzzer; under ASan the sanitizer's report comes
 * first and is followed by the replay line.
 */
void fz_watch_install(void)
{
	signal(SIGALRM, on_watchdog);
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_set_death_callback(on_sanitizer_death);
#else
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGFPE, on_crash);
#endif
}

static void dev_stop(struct fz *f)
{
	tdev_fini(&f->t);
	memset(f->slot_busy, 0, sizeof(f->slot_busy));
	f->nev = 0;
}

static int dev_start(struct fz *f, struct fz_rng *r)
{
	memset(&f->t, 0, sizeof(f->t));
	f->t.g.fd = -1;
	memset(f->t.kick, -1, sizeof(f->t.kick));
	memset(f->t.call, -1, sizeof(f->t.call));
	if (tf_init(&f->t.tf, f->m->model))
		return -1;
	/* Both are off in the test devices; a driver may use either. */
	vdev_offer_feature(&f->t.tf.dev, VIRTIO_F_INDIRECT_DESC, true);
	f->event_idx = fz_chance(r, 1, 2);
	vdev_offer_feature(&f->t.tf.dev, VIRTIO_F_EVENT_IDX, f->event_idx);
	if (tdev_start(&f->t, FZ_RING) ||
	    f->t.g.size < FZ_SLOTS * FZ_SLOT_SIZE + f->t.g.next) {
		dev_stop(f);
		return -1;
	}
	f->arena_gpa = f->t.g.gpa + f->t.g.size - FZ_SLOTS * FZ_SLOT_SIZE;
	memcpy(f->shadow, f->t.g.map, f->t.g.file_off + f->t.g.size);
	f->stats.restarts++;
	return 0;
}

/**
 * fz_init() - set up a run
 * @f: run
 * @m: device model
 * @seed: seed
 *
 * Return: 0 or -1.
 */
int fz_init(struct fz *f, const struct fz_model *m, uint64_t seed)
{
	memset(f, 0, sizeof(*f));
	f->m = m;
	f->seed = seed;
	f->t.g.fd = -1;
	/* Guest memory of tdev_start(): 1 MiB, 4 KiB into its memfd. */
	f->shadow = malloc(4096 + (1 << 20));
	return f->shadow ? 0 : -1;
}

/**
 * fz_fini() - stop the device and free the run
 * @f: run
 */
void fz_fini(struct fz *f)
{
	if (f->t.g.fd >= 0)
		dev_stop(f);
	free(f->shadow);
	f->shadow = NULL;
}

static void shadow_sync(struct fz *f, uint64_t gpa, uint64_t len)
{
	size_t off = f->t.g.file_off + (gpa - f->t.g.gpa);

	memcpy(f->shadow + off, f->t.g.map + off, len);
}

static void sync_writable(struct fz *f, const struct fz_chain *ch)
{
	unsigned int i;

	for (i = 0; i < ch->nseg; i++)
		if (ch->seg[i].write)
			shadow_sync(f, ch->seg[i].gpa, ch->seg[i].len);
}

/* Compare @len bytes of the memfd from @off with the shadow. */
static void compare(struct fz *f, size_t off, size_t len)
{
	const uint8_t *a = f->t.g.map + off, *b = f->shadow + off;
	size_t i;

	if (!memcmp(a, b, len))
		return;
	for (i = 0; a[i] == b[i]; i++)
		;
	fz_fail(f, "guest memory outside the writable buffers changed at gpa %#llx (%#x, was %#x)",
		(unsigned long long)(f->t.g.gpa + off + i - f->t.g.file_off),
		a[i], b[i]);
}

static void check_canaries(struct fz *f, bool full)
{
	unsigned int q, i;

	for (q = 0; q < f->t.nq; q++)
		shadow_sync(f, f->t.ring[q].used_gpa, virtq_used_size(FZ_RING));
	for (i = 0; i < f->ncmd; i++)
		if (f->cmd[i].good)
			sync_writable(f, &f->cmd[i]);
	for (i = 0; i < f->nev; i++)
		sync_writable(f, &f->ev[i]);
	if (full) {
		compare(f, 0, f->t.g.file_off + f->t.g.size);
		return;
	}
	/* The rings and everything before them, then the arena. */
	compare(f, 0, f->t.g.file_off + f->t.g.next);
	compare(f, f->t.g.file_off + (f->arena_gpa - f->t.g.gpa),
		FZ_SLOTS * FZ_SLOT_SIZE);
}

static void publish(struct fz *f, unsigned int q, uint16_t head)
{
	struct tring *ring = &f->t.ring[q];

	tring_publish(ring, head);
	shadow_sync(f, ring->avail_gpa, virtq_avail_size(FZ_RING));
}

static int free_slot(struct fz *f)
{
	unsigned int i;

	for (i = 0; i < FZ_SLOTS; i++) {
		if (!f->slot_busy[i]) {
			f->slot_busy[i] = true;
			return i;
		}
	}
	return -1;
}

/* Ring descriptor indexes free for new chains, in random order. */
static unsigned int make_pool(struct fz *f, struct fz_rng *r, unsigned int q,
			      uint16_t *pool)
{
	unsigned int i, j, n = 0;
	uint16_t t;

	for (i = 0; i < FZ_RING; i++) {
		for (j = 0; j < f->nev; j++)
			if (q == f->ev[j].queue && f->ev[j].head == i)
				break;
		if (j == f->nev)
			pool[n++] = i;
	}
	for (i = n; i > 1; i--) {
		j = fz_below(r, i);
		t = pool[i - 1];
		pool[i - 1] = pool[j];
		pool[j] = t;
	}
	return n;
}

static void count_chain(struct fz *f, const struct fz_chain *ch)
{
	unsigned int i;

	f->stats.chains++;
	f->stats.kind[ch->kind]++;
	for (i = 0; i < FZ_M_NUM; i++)
		if (ch->muts & (1u << i))
			f->stats.mut[i]++;
}

/* Lay out this batch's chains, predict and publish them. */
static void build_batch(struct fz *f, struct fz_rng *r, bool with_event)
{
	uint16_t pool[FZ_RING], epool[FZ_RING];
	unsigned int npool, nepool, want, i;
	struct fz_req q;
	bool alone;

	want = fz_chance(r, 1, 4) ? 1 + fz_below(r, FZ_MAX_BATCH) : 1;
	alone = want == 1 && !with_event;
	npool = make_pool(f, r, 0, pool);
	nepool = make_pool(f, r, 1, epool);
	for (f->ncmd = 0; f->ncmd < want; f->ncmd++) {
		struct fz_chain *ch = &f->cmd[f->ncmd];
		int slot = free_slot(f);

		if (slot < 0)
			break;
		ch->queue = 0;
		ch->slot = slot;
		f->m->gen(f, r, &q);
		fz_chain_build(f, r, ch, &q, pool, &npool, alone);
	}
	if (with_event) {
		struct fz_chain *ch = &f->ev[f->nev];

		ch->queue = 1;
		ch->slot = free_slot(f);
		fz_event_req(r, &q, f->m->event_min);
		fz_chain_build(f, r, ch, &q, epool, &nepool, false);
	}
	/*
	 * Predict once every chain is in memory: a walk that follows a
	 * stale or garbage index reads what the other chains wrote.
	 */
	for (i = 0; i < f->ncmd; i++) {
		fz_chain_predict(f, &f->cmd[i]);
		count_chain(f, &f->cmd[i]);
		publish(f, 0, f->cmd[i].head);
	}
	if (with_event) {
		fz_chain_predict(f, &f->ev[f->nev]);
		count_chain(f, &f->ev[f->nev]);
		publish(f, 1, f->ev[f->nev].head);
	}
}

static void check_cmd(struct fz *f, struct fz_chain *ch, uint32_t id,
		      uint32_t used)
{
	uint8_t rs[FZ_REQ_MAX];
	const char *err;

	if (id != ch->head) {
		fz_fail(f, "used id %u, expected head %u", id, ch->head);
		return;
	}
	if (!ch->good) {
		f->stats.rejected++;
		if (used)
			fz_fail(f, "malformed chain (%s, head %u) used with length %u",
				ch->why, ch->head, used);
		return;
	}
	f->stats.answered++;
	memset(rs, 0, sizeof(rs));
	if (ch->check_reply)
		fz_gather(f, ch, true, rs,
			  used < sizeof(rs) ? used : sizeof(rs));
	err = f->m->check(f, ch, rs, used);
	if (err)
		fz_fail(f, "%s (used length %u, head %u)", err, used, ch->head);
}

/* Take the request queue's used entries: exactly one per chain, in order. */
static void collect_cmd(struct fz *f)
{
	struct tring *ring = &f->t.ring[0];
	uint32_t id, used;
	unsigned int i;

	for (i = 0; i < f->ncmd; i++) {
		if (!tring_used(ring, &id, &used)) {
			fz_fail(f, "chain %u of %u not answered", i + 1,
				f->ncmd);
			return;
		}
		check_cmd(f, &f->cmd[i], id, used);
	}
	if (tring_used(ring, &id, &used))
		fz_fail(f, "used entry (id %u) for no chain", id);
}

static void event_done(struct fz *f, unsigned int i, uint32_t used)
{
	struct fz_chain *ch = &f->ev[i];
	const char *err = NULL;

	f->stats.events++;
	if (!ch->good && used)
		err = "malformed event chain used";
	else if (ch->good)
		err = f->m->check_event(f, ch, NULL, used);
	if (err)
		fz_fail(f, "%s (length %u, %s)", err, used,
			ch->good ? "well-formed" : ch->why);
	if (ch->good)
		sync_writable(f, ch);
	f->slot_busy[ch->slot] = false;
	f->ev[i] = f->ev[--f->nev];
}

/* Take the event queue's used entries; @fresh: the new chain is ev[nev]. */
static void collect_events(struct fz *f, bool fresh)
{
	struct tring *ring = &f->t.ring[1];
	uint32_t id, used;
	unsigned int i;

	if (fresh)
		f->nev++;
	while (tring_used(ring, &id, &used)) {
		for (i = 0; i < f->nev; i++)
			if (f->ev[i].head == id)
				break;
		if (i == f->nev) {
			fz_fail(f, "event used id %u for no buffer", id);
			return;
		}
		event_done(f, i, used);
	}
	/* Whatever is still out must be a buffer the model keeps. */
	for (i = 0; i < f->nev; i++) {
		struct fz_chain *ch = &f->ev[i];

		if (!ch->good || ch->rd_len || ch->wr_len < f->m->event_min)
			fz_fail(f, "event chain (head %u) not given back",
				ch->head);
	}
}

static void release_cmd_slots(struct fz *f)
{
	unsigned int i;

	for (i = 0; i < f->ncmd; i++)
		f->slot_busy[f->cmd[i].slot] = false;
}

static void run_batch(struct fz *f, struct fz_rng *r)
{
	bool with_event = f->nev < FZ_MAX_EVENTS && fz_chance(r, 1, 8);
	uint64_t served = f->m->served(f), good = 0;
	unsigned int i;

	build_batch(f, r, with_event);
	for (i = 0; i < f->ncmd; i++)
		good += f->cmd[i].good;
	if (f->ncmd)
		eventfd_write(f->t.kick[0], 1);
	if (with_event)
		eventfd_write(f->t.kick[1], 1);
	tf_pump(&f->t.tf);
	collect_cmd(f);
	collect_events(f, with_event);
	if (f->m->served(f) - served != good)
		fz_fail(f, "%llu chains reached the model, %llu well-formed",
			(unsigned long long)(f->m->served(f) - served),
			(unsigned long long)good);
	check_canaries(f, f->iter % FZ_FULL_CHECK == 0);
	if (f->failed) {
		for (i = 0; i < f->ncmd; i++)
			dump_chain(&f->cmd[i]);
		for (i = 0; i < f->nev; i++)
			dump_chain(&f->ev[i]);
	}
	release_cmd_slots(f);
	f->ncmd = 0;
}

/* Move the available index further than the ring: the queue must stop. */
static void avail_jump(struct fz *f, struct fz_rng *r)
{
	unsigned int q = fz_below(r, 2);
	struct tring *ring = &f->t.ring[q];
	uint32_t id, used;

	ring->avail_idx += FZ_RING + 1 + fz_below(r, 0x10000 - FZ_RING - 1);
	__atomic_store_n(&ring->avail->idx, htole16(ring->avail_idx),
			 __ATOMIC_RELEASE);
	shadow_sync(f, ring->avail_gpa, virtq_avail_size(FZ_RING));
	f->stats.jumps++;
	tdev_kick(&f->t, q);
	if (q == 0 && tring_used(ring, &id, &used))
		fz_fail(f, "broken ring: used entry (id %u)", id);
	if (q == 1)
		collect_events(f, false);
	check_canaries(f, true);
}

static bool iteration(struct fz *f)
{
	struct fz_rng r = { iter_seed(f->seed, f->iter) };

	if (f->iter % FZ_RESTART == 0 && f->t.g.fd >= 0)
		dev_stop(f);
	if (f->t.g.fd < 0 && dev_start(f, &r)) {
		fz_fail(f, "device set-up failed");
		return false;
	}
	alarm(FZ_WATCHDOG_S);
	f->stats.iters++;
	if (fz_chance(&r, 1, 1024)) {
		avail_jump(f, &r);
		dev_stop(f);
	} else {
		run_batch(f, &r);
	}
	return !f->failed;
}

/**
 * fz_run() - run iterations [@first, @first + @iters)
 * @f: run
 * @first: first iteration (a multiple of FZ_RESTART replays exactly)
 * @iters: number of iterations
 *
 * The device starts fresh at @first.
 *
 * Return: true if every check passed.
 */
bool fz_run(struct fz *f, uint64_t first, uint64_t iters)
{
	fz_current = f;
	if (f->t.g.fd >= 0)
		dev_stop(f);
	for (f->iter = first; f->iter < first + iters; f->iter++)
		if (!iteration(f))
			break;
	alarm(0);
	fz_current = NULL;
	return !f->failed;
}

/**
 * fz_print_stats() - print the counters as TAP diagnostics
 * @f: run
 * @secs: elapsed time
 */
void fz_print_stats(const struct fz *f, double secs)
{
	static const char *const kinds[FZ_R_NUM] = {
		"valid", "mutated", "random", "event-buffer",
	};
	const struct fz_stats *s = &f->stats;
	unsigned int i;

	printf("# fuzz %s: seed %#llx: %llu requests in %llu iterations, %.1f s (%.0f/s)\n",
	       f->m->name, (unsigned long long)f->seed,
	       (unsigned long long)s->chains, (unsigned long long)s->iters,
	       secs, secs > 0 ? s->chains / secs : 0.0);
	printf("# fuzz %s: answered %llu, rejected %llu, ", f->m->name,
	       (unsigned long long)s->answered, (unsigned long long)s->rejected);
	printf("event buffers back %llu, ring breaks %llu, device starts %llu\n",
	       (unsigned long long)s->events,
	       (unsigned long long)s->jumps, (unsigned long long)s->restarts);
	printf("# fuzz %s: replies checked: status ok %llu, error %llu\n",
	       f->m->name, (unsigned long long)s->status_ok,
	       (unsigned long long)s->status_err);
	printf("# fuzz %s: requests:", f->m->name);
	for (i = 0; i < FZ_R_NUM; i++)
		printf(" %s %llu", kinds[i], (unsigned long long)s->kind[i]);
	printf("\n# fuzz %s: chains:", f->m->name);
	for (i = 0; i < FZ_M_NUM; i++)
		printf("%s %s %llu", i ? "," : "", fz_mut_names[i],
		       (unsigned long long)s->mut[i]);
	putchar('\n');
}
