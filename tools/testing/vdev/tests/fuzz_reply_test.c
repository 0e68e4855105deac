// SPDX-License-Identifier: GPL-2.0
/*
 * Reply fuzzer tests: option and command syntax, no mutation at rate 0,
 * replays from a seed, every kind for each model, the shape of ring
 * faults, a reset after them, delays, drops and their release, floods,
 * the control commands and statistics file, and the ring features.
 */
#include <dirent.h>
#include <endian.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/virtio_rtc.h>

#include "../control.h"
#include "../models.h"
#include "../scmi/scmi.h"
#include "../vdev.h"
#include "fuzz_reply_dev.h"
#include "tap.h"
#include "files.h"
#include "tests.h"

static const struct vdev_model *const models[] = { &scmi_model, &rtc_model };

static struct vdev_fuzz_stats *stats(struct rdev *rd)
{
	return &rd_dev(rd)->fuzz.stats;
}

static void test_syntax(void)
{
	struct vdev_fuzz fz;
	unsigned int rate = 7;
	struct rdev rd;

	T_EXPECT(!vdev_fuzz_parse_rate("10", &rate) && rate == 1000);
	T_EXPECT(!vdev_fuzz_parse_rate("2.5", &rate) && rate == 250);
	T_EXPECT(!vdev_fuzz_parse_rate("0.01%", &rate) && rate == 1);
	T_EXPECT(!vdev_fuzz_parse_rate("100", &rate) && rate == 10000);
	T_EXPECT(!vdev_fuzz_parse_rate("0", &rate) && rate == 0);
	T_EXPECT(vdev_fuzz_parse_rate("100.01", &rate) && rate == 0);
	T_EXPECT(vdev_fuzz_parse_rate("", &rate));
	T_EXPECT(vdev_fuzz_parse_rate("1.", &rate));
	T_EXPECT(vdev_fuzz_parse_rate(".5", &rate));
	T_EXPECT(vdev_fuzz_parse_rate("0.125", &rate));
	T_EXPECT(vdev_fuzz_parse_rate("-1", &rate));
	T_EXPECT(vdev_fuzz_parse_rate("5%%", &rate));
	T_EXPECT(vdev_fuzz_parse_rate("99999999999", &rate));

	vdev_fuzz_init(&fz);
	T_EXPECT(!fz.configured && !fz.on && fz.rate == 1000 &&
		 fz.kinds == VDEV_FZ_ALL && fz.ring_rate == 0 &&
		 fz.delay_ms == 5000 && fz.flood == 16);
	T_EXPECT(!vdev_fuzz_parse_spec(&fz, "42") && fz.seed == 42 &&
		 fz.rate == 1000 && fz.on && fz.configured);
	T_EXPECT(!vdev_fuzz_parse_spec(&fz, "0xffffffffffffffff,33.3") &&
		 fz.seed == UINT64_MAX && fz.rate == 3330);
	T_EXPECT(vdev_fuzz_parse_spec(&fz, "") && fz.seed == UINT64_MAX);
	T_EXPECT(vdev_fuzz_parse_spec(&fz, "x"));
	T_EXPECT(vdev_fuzz_parse_spec(&fz, "1,"));
	T_EXPECT(vdev_fuzz_parse_spec(&fz, "1,101"));
	T_EXPECT(vdev_fuzz_parse_spec(&fz, "-1,5"));
	T_EXPECT(fz.seed == UINT64_MAX && fz.rate == 3330);

	T_EXPECT(!vdev_fuzz_parse_kinds(&fz, "status,len_zero") &&
		 fz.kinds == (BIT(VDEV_FZ_STATUS) | BIT(VDEV_FZ_LEN_ZERO)));
	T_EXPECT(!vdev_fuzz_parse_kinds(&fz, "+drop,-status") &&
		 fz.kinds == (BIT(VDEV_FZ_DROP) | BIT(VDEV_FZ_LEN_ZERO)));
	T_EXPECT(!vdev_fuzz_parse_kinds(&fz, "all,-delay,-drop") &&
		 fz.kinds == (VDEV_FZ_ALL & ~BIT(VDEV_FZ_DELAY) &
			      ~BIT(VDEV_FZ_DROP)));
	T_EXPECT(!vdev_fuzz_parse_kinds(&fz, "none") && !fz.kinds);
	T_EXPECT(vdev_fuzz_parse_kinds(&fz, "status,bogus") && !fz.kinds);
	T_EXPECT(vdev_fuzz_parse_kinds(&fz, ""));

	/* The control command: all or nothing. */
	T_ASSERT(!rd_start(&rd, &rtc_model, NULL));
	T_EXPECT(!rd_dev(&rd)->fuzz.configured);
	T_EXPECT(!rd_fuzz(&rd, "seed=5 rate=2.5 ring=0.1 delay-ms=7 flood=3 kinds=-drop off"));
	T_EXPECT(rd_dev(&rd)->fuzz.configured && !rd_dev(&rd)->fuzz.on);
	T_EXPECT(rd_dev(&rd)->fuzz.seed == 5 && rd_dev(&rd)->fuzz.rate == 250 &&
		 rd_dev(&rd)->fuzz.ring_rate == 10 &&
		 rd_dev(&rd)->fuzz.delay_ms == 7 && rd_dev(&rd)->fuzz.flood == 3 &&
		 rd_dev(&rd)->fuzz.kinds == (VDEV_FZ_ALL & ~BIT(VDEV_FZ_DROP)));
	T_EXPECT(rd_fuzz(&rd, "on rate=101"));
	T_EXPECT(rd_fuzz(&rd, "on flood=x"));
	T_EXPECT(rd_fuzz(&rd, "on bogus"));
	T_EXPECT(rd_fuzz(&rd, "on delay-ms=-1"));
	T_EXPECT(!rd_dev(&rd)->fuzz.on && rd_dev(&rd)->fuzz.rate == 250);
	T_EXPECT(!rd_fuzz(&rd, "77,50") && rd_dev(&rd)->fuzz.on &&
		 rd_dev(&rd)->fuzz.seed == 77 && rd_dev(&rd)->fuzz.rate == 5000);
	T_EXPECT(!rd_fuzz(&rd, "") && !rd_fuzz(&rd, "stats clear release"));
	rd_fini(&rd);
}

static void rate_zero(const struct vdev_model *m)
{
	struct rdev rd;

	T_ASSERT(!rd_start(&rd, m, NULL));
	T_ASSERT(!rd_fuzz(&rd, "3,0 ring=0"));
	rd_run(&rd, 300, true);
	T_EXPECT(rd.replies == 300 && !rd.bad);
	T_EXPECT(stats(&rd)->pushes >= 300 && !stats(&rd)->mutated &&
		 !stats(&rd)->injected);
	if (m == &rtc_model)
		T_EXPECT(rd.events == 50);
	T_EXPECT(rd_guards_ok(&rd));
	rd_fini(&rd);
}

static void test_rate_zero(void)
{
	rate_zero(&scmi_model);
	rate_zero(&rtc_model);
}

/* A run of @n requests; its log, digest and number of mutations. */
static char *logged_run(const struct vdev_model *m, const char *args,
			unsigned int n, uint64_t *digest, uint64_t *mutated)
{
	char *text = NULL;
	size_t len = 0;
	struct rdev rd;
	FILE *log;

	if (rd_start(&rd, m, NULL) || rd_fuzz(&rd, args)) {
		rd_fini(&rd);
		return NULL;
	}
	log = open_memstream(&text, &len);
	rd_dev(&rd)->fuzz.log = log;
	rd_run(&rd, n, false);
	rd_wait(&rd, 3);
	rd_drain(&rd, false);
	*digest = rd_dev(&rd)->fuzz.digest;
	*mutated = stats(&rd)->mutated;
	rd_fini(&rd);
	fclose(log);
	return text;
}

static void replay(const struct vdev_model *m)
{
	static const char a[] = "1234,30 ring=2 delay-ms=1 flood=4";
	static const char b[] = "1235,30 ring=2 delay-ms=1 flood=4";
	uint64_t d1, d2, d3, m1, m2, m3;
	char *l1, *l2, *l3;

	l1 = logged_run(m, a, 400, &d1, &m1);
	l2 = logged_run(m, a, 400, &d2, &m2);
	l3 = logged_run(m, b, 400, &d3, &m3);
	T_ASSERT(l1 && l2 && l3);
	T_EXPECT(m1 > 100 && m1 == m2);
	T_EXPECT(!strcmp(l1, l2) && d1 == d2);
	T_EXPECT(strcmp(l1, l3) && d1 != d3);
	free(l1);
	free(l2);
	free(l3);
}

static void test_replay(void)
{
	replay(&scmi_model);
	replay(&rtc_model);
}

/*
 * slow=R draws delays and drops apart: at slow=0 none happen whatever the
 * rate; at rate 0 every mutation is one of them, at about the slow rate.
 */
static void slow_share(const struct vdev_model *m)
{
	const struct vdev_fuzz_stats *st;
	uint64_t slow;
	struct rdev rd;

	T_ASSERT(!rd_start(&rd, m, NULL));
	T_ASSERT(!rd_fuzz(&rd, "8,100 slow=0 delay-ms=1"));
	rd_run(&rd, 400, false);
	st = stats(&rd);
	T_EXPECT(st->mutated >= 400 && !st->kind[VDEV_FZ_DELAY] &&
		 !st->kind[VDEV_FZ_DROP]);
	T_ASSERT(!rd_fuzz(&rd, "clear rate=0 slow=20"));
	rd_run(&rd, 1000, false);
	slow = st->kind[VDEV_FZ_DELAY] + st->kind[VDEV_FZ_DROP];
	tap_diag("%s: slow=20: %llu of %llu pushes delayed or dropped",
		 m->name, (unsigned long long)slow,
		 (unsigned long long)st->pushes);
	T_EXPECT(slow == st->mutated && st->kind[VDEV_FZ_DELAY] &&
		 st->kind[VDEV_FZ_DROP]);
	T_EXPECT(slow * 100 > st->pushes * 14 && slow * 100 < st->pushes * 26);
	T_ASSERT(!rd_fuzz(&rd, "off release slow=mixed"));
	T_EXPECT(rd_dev(&rd)->fuzz.slow_rate == VDEV_FZ_SLOW_MIXED);
	T_EXPECT(rd_fuzz(&rd, "slow=x") && rd_fuzz(&rd, "slow=100.5"));
	rd_fini(&rd);
}

static void test_slow_share(void)
{
	slow_share(&scmi_model);
	slow_share(&rtc_model);
}

static void print_counts(struct rdev *rd, const char *name)
{
	const struct vdev_fuzz_stats *st = stats(rd);
	char line[1024];
	unsigned int k;
	int n;

	n = snprintf(line, sizeof(line), "%s: %llu pushes, %llu mutated, %llu events made up:",
		     name, (unsigned long long)st->pushes,
		     (unsigned long long)st->mutated,
		     (unsigned long long)st->injected);
	for (k = 0; k < VDEV_FZ_NUM && n > 0 && (size_t)n < sizeof(line); k++)
		n += snprintf(line + n, sizeof(line) - n, " %s %llu",
			      vdev_fuzz_kind_name(k),
			      (unsigned long long)st->kind[k]);
	tap_diag("%s", line);
}

/*
 * Every kind with each model: 1500 requests at rate 100 %, ring faults at
 * 3 %; VDEV_REPLY_SEED and VDEV_REPLY_ITERS change the seed and the
 * number of requests, for longer runs (under SANITIZE=1, say).
 */
static void every_kind(const struct vdev_model *m)
{
	const char *seed = getenv("VDEV_REPLY_SEED");
	const char *iters = getenv("VDEV_REPLY_ITERS");
	char cmd[128];
	uint32_t can;
	struct rdev rd;
	unsigned int k;

	snprintf(cmd, sizeof(cmd), "%s,100 ring=3 delay-ms=1 flood=4",
		 seed && *seed ? seed : "99");
	T_ASSERT(!rd_start(&rd, m, NULL));
	T_ASSERT(!rd_fuzz(&rd, cmd));
	can = vdev_fuzz_applicable(rd_dev(&rd));
	rd_run(&rd, iters && *iters ? strtoul(iters, NULL, 0) : 1500, false);
	rd_wait(&rd, 3);
	rd_drain(&rd, false);
	print_counts(&rd, m->name);
	for (k = 0; k < VDEV_FZ_NUM; k++) {
		uint64_t n = stats(&rd)->kind[k];

		T_EXPECT((can & BIT(k)) ? n > 0 : n == 0);
	}
	T_EXPECT(stats(&rd)->injected > 0);
	T_EXPECT(rd_guards_ok(&rd));
	/* Then a clean phase after a reset. */
	T_EXPECT(!rd_fuzz(&rd, "off release"));
	T_ASSERT(rd_reset(&rd, RD_RESET_DISABLE));
	rd.bad = 0;
	rd.replies = 0;
	rd_run(&rd, 30, true);
	T_EXPECT(rd.replies == 30 && !rd.bad);
	T_EXPECT(rd_guards_ok(&rd));
	rd_fini(&rd);
}

static void test_every_kind_scmi(void)
{
	T_EXPECT(vdev_fuzz_applicable(&(struct vdev){ .model = &scmi_model }) ==
		 (VDEV_FZ_ALL & ~BIT(VDEV_FZ_CLOCK_ID)));
	every_kind(&scmi_model);
}

static void test_every_kind_rtc(void)
{
	T_EXPECT(vdev_fuzz_applicable(&(struct vdev){ .model = &rtc_model }) ==
		 (VDEV_FZ_ALL & ~BIT(VDEV_FZ_PROTOCOL) & ~BIT(VDEV_FZ_MSG_ID) &
		  ~BIT(VDEV_FZ_TOKEN)));
	every_kind(&rtc_model);
}

static uint32_t used_id(struct rdev *rd, unsigned int q, uint16_t i)
{
	return le32toh(rd->t.ring[q].used->ring[i % RD_RING].id);
}

static uint16_t used_idx(struct rdev *rd, unsigned int q)
{
	return le16toh(rd->t.ring[q].used->idx);
}

/* The used entries each ring fault leaves, on the request queue. */
static void ring_shapes(const struct vdev_model *m)
{
	uint16_t head, before, after, k, i;
	struct rdev rd;

	T_ASSERT(!rd_start(&rd, m, NULL));
	T_ASSERT(!rd_fuzz(&rd, "5,0 ring=100 kinds=ring_bad_id"));
	before = used_idx(&rd, 0);
	head = rd_request(&rd);
	after = used_idx(&rd, 0);
	T_EXPECT((uint16_t)(after - before) == 2);
	T_EXPECT(used_id(&rd, 0, before) >= RD_RING);
	T_EXPECT(used_id(&rd, 0, before + 1) == head);

	T_ASSERT(!rd_fuzz(&rd, "kinds=ring_dup_id"));
	before = after;
	head = rd_request(&rd);
	after = used_idx(&rd, 0);
	T_EXPECT((uint16_t)(after - before) == 2);
	T_EXPECT(used_id(&rd, 0, before) == head &&
		 used_id(&rd, 0, before + 1) == head);

	T_ASSERT(!rd_fuzz(&rd, "kinds=ring_jump"));
	for (i = 0; i < 8; i++) {
		before = used_idx(&rd, 0);
		head = rd_request(&rd);
		after = used_idx(&rd, 0);
		k = after - before - 1;
		T_EXPECT(k >= 1 && k < 0x7000 + RD_RING + 1);
		T_EXPECT(used_id(&rd, 0, after - 1) == head);
		T_EXPECT(used_id(&rd, 0, after - 2) == UINT32_MAX);
		if (k < RD_RING)
			T_EXPECT(used_id(&rd, 0, before) == UINT32_MAX);
	}
	T_EXPECT(stats(&rd)->kind[VDEV_FZ_RING_BAD_ID] == 1 &&
		 stats(&rd)->kind[VDEV_FZ_RING_DUP_ID] == 1 &&
		 stats(&rd)->kind[VDEV_FZ_RING_JUMP] == 8);
	T_EXPECT(rd_guards_ok(&rd));
	rd_fini(&rd);
}

static void test_ring_shapes(void)
{
	ring_shapes(&scmi_model);
	ring_shapes(&rtc_model);
}

static void ring_reset(const struct vdev_model *m, int how)
{
	struct rdev rd;

	T_ASSERT(!rd_start(&rd, m, NULL));
	T_ASSERT(!rd_fuzz(&rd, "8,0 ring=100"));
	rd_run(&rd, 40, false);
	T_EXPECT(stats(&rd)->mutated >= 40);
	T_ASSERT(rd_reset(&rd, how));
	T_ASSERT(!rd_fuzz(&rd, "off"));
	rd.bad = 0;
	rd.replies = 0;
	rd.events = 0;
	rd_run(&rd, 30, true);
	T_EXPECT(rd.replies == 30 && !rd.bad);
	/* rtc: an alarm notification for each SET_ALARM, and the kept one */
	if (m == &rtc_model)
		T_EXPECT(rd.events >= 5);
	T_EXPECT(rd_guards_ok(&rd));
	rd_fini(&rd);
}

static void test_ring_reset(void)
{
	int how;

	for (how = 0; how < RD_RESET_NUM; how++) {
		ring_reset(&scmi_model, how);
		ring_reset(&rtc_model, how);
	}
}

static void delay_drop(const struct vdev_model *m)
{
	struct rdev rd;

	T_ASSERT(!rd_start(&rd, m, NULL));
	T_ASSERT(!rd_fuzz(&rd, "1,100 kinds=delay delay-ms=20"));
	rd_request(&rd);
	T_EXPECT(rd_drain(&rd, true) == 0);
	T_EXPECT(vdev_fuzz_withheld(rd_dev(&rd)) == 1);
	rd_wait(&rd, 40);
	T_EXPECT(rd_drain(&rd, true) == 1 && !rd.bad);
	T_EXPECT(vdev_fuzz_withheld(rd_dev(&rd)) == 0);

	T_ASSERT(!rd_fuzz(&rd, "kinds=drop"));
	rd_request(&rd);
	rd_request(&rd);
	rd_wait(&rd, 30);
	T_EXPECT(rd_drain(&rd, true) == 0);
	T_EXPECT(vdev_fuzz_withheld(rd_dev(&rd)) == 2);
	T_ASSERT(!rd_fuzz(&rd, "off release"));
	T_EXPECT(rd_drain(&rd, true) == 2 && !rd.bad);
	T_EXPECT(vdev_fuzz_withheld(rd_dev(&rd)) == 0);
	T_EXPECT(stats(&rd)->kind[VDEV_FZ_DELAY] == 1 &&
		 stats(&rd)->kind[VDEV_FZ_DROP] == 2);

	/* A drop not released goes with a reset; the device serves on. */
	T_ASSERT(!rd_fuzz(&rd, "on"));
	rd_request(&rd);
	T_EXPECT(vdev_fuzz_withheld(rd_dev(&rd)) == 1);
	T_ASSERT(!rd_fuzz(&rd, "off"));
	T_ASSERT(rd_reset(&rd, RD_RESET_STOP));
	T_EXPECT(vdev_fuzz_withheld(rd_dev(&rd)) == 0);
	rd_run(&rd, 6, true);
	T_EXPECT(!rd.bad);
	rd_fini(&rd);
}

static void test_delay_drop(void)
{
	delay_drop(&scmi_model);
	delay_drop(&rtc_model);
}

static void floods(const struct vdev_model *m)
{
	struct rdev rd;

	T_ASSERT(!rd_start(&rd, m, NULL));
	rd_top_up(&rd);
	T_ASSERT(rd_held(&rd) == RD_EVENTS);
	T_ASSERT(!rd_fuzz(&rd, "2,100 kinds=flood flood=4"));
	rd_request(&rd);
	T_EXPECT(rd_held(&rd) == RD_EVENTS - 4);
	rd_drain(&rd, false);
	T_EXPECT(rd.replies == 1 && rd.events == 4);
	T_EXPECT(stats(&rd)->kind[VDEV_FZ_FLOOD] == 1 &&
		 stats(&rd)->injected == 4);
	/* Fewer buffers than the flood: all of them. */
	rd_request(&rd);
	rd_drain(&rd, false);
	T_EXPECT(rd_held(&rd) == 0 && rd.events == RD_EVENTS);
	/* No buffer: nothing to flood, so no mutation. */
	rd_request(&rd);
	T_EXPECT(stats(&rd)->kind[VDEV_FZ_FLOOD] == 2 &&
		 stats(&rd)->mutated == 2);
	T_ASSERT(!rd_fuzz(&rd, "kinds=unsolicited"));
	rd_top_up(&rd);
	rd_request(&rd);
	T_EXPECT(rd_held(&rd) == RD_EVENTS - 1);
	T_EXPECT(stats(&rd)->kind[VDEV_FZ_UNSOLICITED] == 1);
	T_EXPECT(rd_guards_ok(&rd));
	rd_fini(&rd);
}

static void test_flood(void)
{
	floods(&scmi_model);
	floods(&rtc_model);
}

static char ctl_dir[256];

/* Run @cmd through a command file; its .out, or NULL. */
static const char *ctl(struct rdev *rd, const char *cmd)
{
	if (!test_file_put(ctl_dir, "t.cmd", cmd))
		return NULL;
	tf_pump(&rd->t.tf);
	return test_file_get(ctl_dir, "t.out");
}

/* The value of the line "KEY=..." in @text, or -1. */
static long long value(const char *text, const char *key)
{
	char pat[64];
	const char *p;

	if (!text)
		return -1;
	snprintf(pat, sizeof(pat), "\n%s=", key);
	if (!strncmp(text, pat + 1, strlen(pat + 1)))
		return strtoll(text + strlen(pat + 1), NULL, 0);
	p = strstr(text, pat);
	return p ? strtoll(p + strlen(pat), NULL, 0) : -1;
}

/* Every line of @text is KEY=VALUE, and no KEY comes twice. */
static bool keys_unique(const char *text)
{
	const char *line, *eq, *other;
	size_t n;

	for (line = text; *line; line = strchr(line, '\n') + 1) {
		eq = strchr(line, '=');
		if (!eq || !strchr(line, '\n') || eq > strchr(line, '\n'))
			return false;
		n = eq - line + 1;
		for (other = strchr(line, '\n') + 1; *other;
		     other = strchr(other, '\n') + 1)
			if (!strncmp(other, line, n))
				return false;
	}
	return true;
}

static void remove_ctl_dir(void)
{
	struct dirent *e;
	char path[512];
	DIR *d = opendir(ctl_dir);

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] ||
					    !strcmp(e->d_name, "..")))
			continue;
		snprintf(path, sizeof(path), "%s/%s", ctl_dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(ctl_dir);
}

/* The kinds of the SCMI model, as "fuzz stats" lists them. */
#define SCMI_APPLICABLE "applicable=len_zero,len_short,len_trunc,len_long,len_over,status,protocol,msg_id,msg_type,token,reserved,payload,delay,drop,unsolicited,flood,ring_bad_id,ring_dup_id,ring_jump\n"

static void test_control(void)
{
	const char *tmp = getenv("TMPDIR");
	struct vdev_control c;
	char stats_copy[8192];
	const char *out;
	long long mutated;
	struct rdev rd;

	snprintf(ctl_dir, sizeof(ctl_dir), "%s/vdev-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	T_ASSERT(mkdtemp(ctl_dir));
	T_ASSERT(!rd_start(&rd, &scmi_model, NULL));
	T_ASSERT(!vdev_control_init(&c, rd_dev(&rd), &rd.t.tf.loop, ctl_dir));
	out = ctl(&rd, "echo hi");
	T_EXPECT(out && !strcmp(out, "ok\nhi\n"));
	/* Not configured: no statistics file. */
	T_EXPECT(!test_file_get(ctl_dir, CONTROL_FUZZ_STATS));

	out = ctl(&rd, "fuzz 9,100 kinds=status\n");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	rd_run(&rd, 20, false);
	out = ctl(&rd, "fuzz stats");
	T_ASSERT(out && !strncmp(out, "ok\nenabled=1\nseed=9\nrate=100.00\n", 32));
	T_EXPECT(strstr(out, "\nkinds=status\n"));
	T_EXPECT(strstr(out, "\n" SCMI_APPLICABLE));
	T_EXPECT(value(out, "pushes") == 20 && value(out, "mutated") == 20 &&
		 value(out, "status") == 20 && value(out, "len_zero") == 0 &&
		 value(out, "withheld") == 0 && value(out, "injected") == 0);
	T_EXPECT(strstr(out, "\ndigest=0x"));
	snprintf(stats_copy, sizeof(stats_copy), "%s", out + 3);
	/* The file holds the same, as of the last command. */
	out = test_file_get(ctl_dir, CONTROL_FUZZ_STATS);
	T_EXPECT(out && !strcmp(out, stats_copy));

	/* Off: clean replies, counters still. */
	out = ctl(&rd, "fuzz off");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	rd.bad = 0;
	rd_run(&rd, 12, true);
	T_EXPECT(!rd.bad);
	out = ctl(&rd, "fuzz");
	T_EXPECT(value(out, "enabled") == 0 && value(out, "mutated") == 20 &&
		 value(out, "pushes") == 20);
	out = test_file_get(ctl_dir, CONTROL_FUZZ_STATS);
	T_EXPECT(value(out, "enabled") == 0);

	/* On again, with other kinds; then cleared. */
	out = ctl(&rd, "fuzz on kinds=drop");
	rd_run(&rd, 3, false);
	out = ctl(&rd, "fuzz stats");
	mutated = value(out, "mutated");
	T_EXPECT(mutated == 23 && value(out, "drop") == 3 &&
		 value(out, "withheld") == 3);
	out = ctl(&rd, "fuzz off release\nfuzz clear");
	T_EXPECT(out && !strcmp(out, "ok\nreleased=3\n"));
	out = test_file_get(ctl_dir, CONTROL_FUZZ_STATS);
	T_EXPECT(value(out, "mutated") == 0 && value(out, "drop") == 0 &&
		 value(out, "withheld") == 0);

	/* Bad commands change nothing. */
	out = ctl(&rd, "fuzz on rate=200");
	T_EXPECT(out && !strncmp(out, "error: fuzz on rate=200:", 24));
	out = ctl(&rd, "fuzz kinds=nonsense");
	T_EXPECT(out && !strncmp(out, "error:", 6));
	out = ctl(&rd, "fuzz");
	T_EXPECT(value(out, "enabled") == 0 && value(out, "rate") == 100);

	/* Settings show; no key is there twice. */
	out = ctl(&rd, "fuzz seed=3 ring=0.5 delay-ms=10 flood=2 stats");
	T_EXPECT(value(out, "seed") == 3 && value(out, "ring_rate") == 0 &&
		 strstr(out, "\nring_rate=0.50\n") &&
		 value(out, "delay_ms") == 10 && value(out, "flood_size") == 2);
	T_EXPECT(out && keys_unique(out + 3));

	/* The exit writes the file a last time; and the exit lines. */
	rd_dev(&rd)->fuzz.stats.pushes = 4242;
	vdev_control_fini(&c);
	out = test_file_get(ctl_dir, CONTROL_FUZZ_STATS);
	T_EXPECT(value(out, "pushes") == 4242);
	{
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		vdev_fuzz_print_stats(rd_dev(&rd), f, "vdev: fuzz: ");
		fclose(f);
		T_EXPECT(!strncmp(text, "vdev: fuzz: enabled=0\n", 22));
		T_EXPECT(strstr(text, "\nvdev: fuzz: ring_jump=0\n"));
		free(text);
	}
	rd_fini(&rd);
	remove_ctl_dir();
}

static void test_ring_features(void)
{
	const uint64_t ring = BIT_ULL(VIRTIO_F_INDIRECT_DESC) |
			      BIT_ULL(VIRTIO_F_EVENT_IDX) |
			      BIT_ULL(VIRTIO_F_RING_RESET);
	struct rdev rd;
	struct vdev *dev;
	unsigned int i;
	uint16_t head;

	for (i = 0; i < 2; i++) {
		struct tfront tf;

		T_ASSERT(!tf_init(&tf, models[i]));
		T_EXPECT(!(tf.dev.offered_features & ring));
		T_EXPECT(!vdev_ring_features(&tf.dev, "+indirect,event-idx"));
		T_EXPECT((tf.dev.offered_features & ring) ==
			 (BIT_ULL(VIRTIO_F_INDIRECT_DESC) |
			  BIT_ULL(VIRTIO_F_EVENT_IDX)));
		T_EXPECT(!vdev_ring_features(&tf.dev, "-indirect,+ring-reset"));
		T_EXPECT((tf.dev.offered_features & ring) ==
			 (BIT_ULL(VIRTIO_F_EVENT_IDX) |
			  BIT_ULL(VIRTIO_F_RING_RESET)));
		T_EXPECT(vdev_ring_features(&tf.dev, "+event-idx,packed"));
		T_EXPECT(vdev_ring_features(&tf.dev, ""));
		T_EXPECT((tf.dev.offered_features & ring) ==
			 (BIT_ULL(VIRTIO_F_EVENT_IDX) |
			  BIT_ULL(VIRTIO_F_RING_RESET)));
		T_EXPECT(tf.dev.offered_features & BIT_ULL(VIRTIO_F_VERSION_1));
		tf_fini(&tf);
	}

	/* All three negotiated; the request queue alone is reset. */
	for (i = 0; i < 2; i++) {
		T_ASSERT(!rd_start(&rd, models[i],
				   "indirect,event-idx,ring-reset"));
		dev = rd_dev(&rd);
		T_EXPECT((dev->features & ring) == ring);
		rd_run(&rd, 10, true);
		T_EXPECT(rd.replies == 10 && !rd.bad);
		T_EXPECT(rd_held(&rd) == RD_EVENTS);
		T_ASSERT(rd_reset_queue(&rd, 0));
		T_EXPECT(rd_held(&rd) == RD_EVENTS);
		rd_run(&rd, 10, true);
		T_EXPECT(rd.replies == 20 && !rd.bad);
		/* And the device still takes an indirect table. */
		{
			struct tring *r = &rd.t.ring[0];
			uint64_t table = tguest_alloc(&rd.t.g, 32, 16);
			struct virtq_desc *d = tguest_ptr(&rd.t.g, table);
			uint32_t id, len;

			head = r->next_desc;
			r->next_desc += 2;
			d[0].addr = htole64(rd.req[head / 2]);
			d[0].len = htole32(rd.scmi ? 4 : 8);
			d[0].flags = htole16(VIRTQ_DESC_F_NEXT);
			d[0].next = htole16(1);
			d[1].addr = htole64(rd.resp[head / 2]);
			d[1].len = htole32(RD_RESP);
			d[1].flags = htole16(VIRTQ_DESC_F_WRITE);
			d[1].next = 0;
			tring_desc(r, head, table, 32, VIRTQ_DESC_F_INDIRECT, 0);
			tring_publish(r, head);
			tdev_kick(&rd.t, 0);
			T_EXPECT(tring_used(r, &id, &len) && id == head &&
				 len >= 8);
		}
		rd_fini(&rd);
	}
}

void fuzz_reply_tests(void)
{
	tap_run("reply fuzz: option, kinds and command syntax", test_syntax);
	tap_run("reply fuzz: rate 0 mutates nothing", test_rate_zero);
	tap_run("reply fuzz: a seed replays, another differs", test_replay);
	tap_run("reply fuzz: every kind, scmi", test_every_kind_scmi);
	tap_run("reply fuzz: every kind, rtc", test_every_kind_rtc);
	tap_run("reply fuzz: ring fault entries", test_ring_shapes);
	tap_run("reply fuzz: ring faults, then each kind of reset",
		test_ring_reset);
	tap_run("reply fuzz: delay, drop and release", test_delay_drop);
	tap_run("reply fuzz: delays and drops at a rate of their own",
		test_slow_share);
	tap_run("reply fuzz: floods and unsolicited events", test_flood);
	tap_run("reply fuzz: control commands and fuzz_stats", test_control);
	tap_run("ring features: offers, queue reset, indirect",
		test_ring_features);
}
