// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer in the unit suite: a short run per device model with a fixed
 * seed (the long runs are `make fuzz`), and the cases the fuzzer found,
 * kept as regression tests.
 *
 * VDEV_FUZZ_SEED and VDEV_FUZZ_ITERS change the seed and the length of the
 * short runs.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "tap.h"
#include "tests.h"

#define FUZZ_UNIT_SEED	0x76646576667a3031ull
#define FUZZ_UNIT_ITERS	15000

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fuzz_model(const struct fz_model *m)
{
	uint64_t seed = env_u64("VDEV_FUZZ_SEED", FUZZ_UNIT_SEED);
	uint64_t iters = env_u64("VDEV_FUZZ_ITERS", FUZZ_UNIT_ITERS);
	double t0 = now_s();
	struct fz f;
	bool ok;

	T_ASSERT(!fz_init(&f, m, seed));
	ok = fz_run(&f, 0, iters);
	fz_print_stats(&f, now_s() - t0);
	T_EXPECT(ok);
	T_EXPECT(f.stats.answered && f.stats.rejected);
	fz_fini(&f);
}

static void test_fuzz_scmi(void)
{
	fuzz_model(&fz_scmi);
}

static void test_fuzz_rtc(void)
{
	fuzz_model(&fz_rtc);
}

/*
 * Found by seed 0x1 (scmi iteration 207, rtc iteration 53): an empty
 * writable descriptor, then a readable one. virtq.c tested the order rule
 * on the number of writable segments, which an empty descriptor does not
 * add to, so the chain was taken as well-formed; now it is malformed like
 * any readable descriptor after a writable one.
 */
static void test_empty_writable_then_readable(void)
{
	uint32_t cmd = htole32(0x10 << 10);	/* Base PROTOCOL_VERSION */
	uint64_t req, resp, served;
	struct fz f;
	struct tring *r;
	uint32_t id, len;
	uint8_t *out;

	T_ASSERT(!fz_init(&f, &fz_scmi, 1));
	T_ASSERT(fz_run(&f, 0, 1) && f.t.g.fd >= 0);
	r = &f.t.ring[0];
	req = f.arena_gpa;
	resp = f.arena_gpa + 64;
	memcpy(tguest_ptr(&f.t.g, req), &cmd, 4);
	out = tguest_ptr(&f.t.g, resp);
	memset(out, 0xee, 136);
	tring_desc(r, 0, resp, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	tring_desc(r, 1, req, 4, VIRTQ_DESC_F_NEXT, 2);
	tring_desc(r, 2, resp, 136, VIRTQ_DESC_F_WRITE, 0);
	served = f.m->served(&f);
	tring_publish(r, 0);
	tdev_kick(&f.t, 0);
	T_EXPECT(tring_used(r, &id, &len) && id == 0 && len == 0);
	T_EXPECT(out[0] == 0xee && out[135] == 0xee);
	T_EXPECT(f.m->served(&f) == served);
	fz_fini(&f);
}

/* The same through the fuzzer: the seed that found it, up to the case. */
static void test_seed_1(void)
{
	struct fz f;

	T_ASSERT(!fz_init(&f, &fz_scmi, 1));
	T_EXPECT(fz_run(&f, 0, 208));
	fz_fini(&f);
	T_ASSERT(!fz_init(&f, &fz_rtc, 1));
	T_EXPECT(fz_run(&f, 0, 54));
	fz_fini(&f);
}

/*
 * Found by seed 0x9e6e53ac34541343 (scmi iteration 6581): a readable
 * buffer "anywhere" covered the used ring, which the device wrote for an
 * earlier chain of the batch before reading this one, so the header it
 * echoed was not the one the fuzzer had kept. Such chains' replies are no
 * longer compared with the request.
 */
static void test_seed_read_used_ring(void)
{
	struct fz f;

	T_ASSERT(!fz_init(&f, &fz_scmi, 0x9e6e53ac34541343ull));
	T_EXPECT(fz_run(&f, 4096, 2486));
	fz_fini(&f);
}

void fuzz_tests(void)
{
	tap_run("fuzz: scmi, random chains and commands", test_fuzz_scmi);
	tap_run("fuzz: rtc, random chains and requests", test_fuzz_rtc);
	tap_run("fuzz regression: empty writable then readable descriptor",
		test_empty_writable_then_readable);
	tap_run("fuzz regression: seed 0x1", test_seed_1);
	tap_run("fuzz regression: a request read from a used ring",
		test_seed_read_used_ring);
}
