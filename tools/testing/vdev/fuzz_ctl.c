// SPDX-License-Identifier: GPL-2.0
/*
 * Reply fuzzer settings and statistics: the values of the --fuzz options,
 * the "fuzz" control command, and the statistics printed for the control
 * command, the control directory's fuzz_stats file and the exit.
 *
 * Control command (one line, words in any order, all or nothing):
 *	fuzz [stats]		print the statistics
 *	fuzz SEED[,RATE]	seed (and rate), streams restarted, on
 *	fuzz on | off		switch mutations on or off; settings stay
 *	fuzz clear		zero the counters
 *	fuzz release		push every delayed or dropped element now
 *	fuzz seed=S rate=R ring=R slow=R|mixed delay-ms=MS flood=N
 *	     kinds=LIST
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_reply.h"
#include "vdev.h"

static int parse_u64(const char *s, uint64_t max, uint64_t *val)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return errno || *end || *val > max ? -EINVAL : 0;
}

static int parse_uint(const char *s, unsigned int max, unsigned int *val)
{
	uint64_t v;

	if (parse_u64(s, max, &v))
		return -EINVAL;
	*val = v;
	return 0;
}

/**
 * vdev_fuzz_parse_rate() - parse a percentage
 * @s: digits, optionally a point and one or two decimals, optionally "%"
 * @rate: set to the rate in 1/100 %, at most 100 %
 *
 * Return: 0, or -EINVAL (then @rate is unchanged).
 */
int vdev_fuzz_parse_rate(const char *s, unsigned int *rate)
{
	unsigned int v = 0, digits = 0, decimals = 0;
	bool point = false;

	for (; *s && *s != '%'; s++) {
		if (*s == '.' && !point && digits) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9' || decimals == 2 || v > 100000)
			return -EINVAL;
		v = v * 10 + (*s - '0');
		digits++;
		decimals += point;
	}
	if (!digits || (point && !decimals) || (*s && s[1]))
		return -EINVAL;
	for (; decimals < 2; decimals++)
		v *= 10;
	if (v > VDEV_FZ_RATE_MAX)
		return -EINVAL;
	*rate = v;
	return 0;
}

/**
 * vdev_fuzz_parse_slow() - parse the share of delays and drops
 * @s: a rate (see vdev_fuzz_parse_rate()) or "mixed"
 * @rate: set to the rate in 1/100 %, or VDEV_FZ_SLOW_MIXED
 *
 * Return: 0, or -EINVAL (then @rate is unchanged).
 */
int vdev_fuzz_parse_slow(const char *s, unsigned int *rate)
{
	if (strcmp(s, "mixed"))
		return vdev_fuzz_parse_rate(s, rate);
	*rate = VDEV_FZ_SLOW_MIXED;
	return 0;
}

/**
 * vdev_fuzz_parse_spec() - the --fuzz argument
 * @fz: fuzzer state
 * @spec: SEED[,RATE]; SEED is any 64-bit number (decimal, 0x hex)
 *
 * On success the fuzzer is configured and on, and its streams restart.
 *
 * Return: 0, or -EINVAL (then @fz is unchanged).
 */
int vdev_fuzz_parse_spec(struct vdev_fuzz *fz, const char *spec)
{
	const char *comma = strchr(spec, ',');
	unsigned int rate = fz->rate;
	char seed_str[32];
	uint64_t seed;
	size_t n = comma ? (size_t)(comma - spec) : strlen(spec);

	if (n >= sizeof(seed_str))
		return -EINVAL;
	memcpy(seed_str, spec, n);
	seed_str[n] = '\0';
	if (parse_u64(seed_str, UINT64_MAX, &seed) ||
	    (comma && vdev_fuzz_parse_rate(comma + 1, &rate)))
		return -EINVAL;
	fz->seed = seed;
	fz->rate = rate;
	fz->configured = true;
	fz->on = true;
	vdev_fuzz_restart(fz);
	return 0;
}

static int kind_bits(const char *name, uint32_t *bits)
{
	unsigned int k;

	if (!strcmp(name, "all")) {
		*bits = VDEV_FZ_ALL;
		return 0;
	}
	if (!strcmp(name, "none")) {
		*bits = 0;
		return 0;
	}
	for (k = 0; k < VDEV_FZ_NUM; k++) {
		if (!strcmp(name, vdev_fuzz_kind_name(k))) {
			*bits = BIT(k);
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * vdev_fuzz_parse_kinds() - change the kinds allowed
 * @fz: fuzzer state
 * @list: comma-separated items: all, none, a kind name, each optionally
 *	after '+' (add) or '-' (remove); a list whose first item has no
 *	sign starts from no kind, else from the current kinds
 *
 * Return: 0, or -EINVAL (then @fz is unchanged).
 */
int vdev_fuzz_parse_kinds(struct vdev_fuzz *fz, const char *list)
{
	char *copy = strdup(list), *item, *save = NULL;
	uint32_t set = fz->kinds, bits;
	bool first = true;
	int ret = -EINVAL;
	char sign;

	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		sign = *item == '+' || *item == '-' ? *item++ : 0;
		ret = kind_bits(item, &bits);
		if (ret)
			break;
		if (first && !sign)
			set = 0;
		first = false;
		if (sign == '-')
			set &= ~bits;
		else
			set |= bits;
	}
	free(copy);
	if (!ret)
		fz->kinds = set;
	return ret;
}

/* One KEY=VALUE or SEED[,RATE] word of the control command, into @fz. */
static int control_setting(struct vdev_fuzz *fz, const char *word)
{
	const char *eq = strchr(word, '=');
	const char *val = eq ? eq + 1 : NULL;
	size_t n = eq ? (size_t)(eq - word) : 0;

	if (!eq)
		return vdev_fuzz_parse_spec(fz, word);
	if (n == 4 && !strncmp(word, "seed", 4)) {
		if (parse_u64(val, UINT64_MAX, &fz->seed))
			return -EINVAL;
		vdev_fuzz_restart(fz);
		return 0;
	}
	if (n == 4 && !strncmp(word, "rate", 4))
		return vdev_fuzz_parse_rate(val, &fz->rate);
	if (n == 4 && !strncmp(word, "ring", 4))
		return vdev_fuzz_parse_rate(val, &fz->ring_rate);
	if (n == 4 && !strncmp(word, "slow", 4))
		return vdev_fuzz_parse_slow(val, &fz->slow_rate);
	if (n == 8 && !strncmp(word, "delay-ms", 8))
		return parse_uint(val, 3600000, &fz->delay_ms);
	if (n == 5 && !strncmp(word, "flood", 5))
		return parse_uint(val, 4096, &fz->flood);
	if (n == 5 && !strncmp(word, "kinds", 5))
		return vdev_fuzz_parse_kinds(fz, val);
	return -EINVAL;
}

enum {
	DO_STATS = 1,
	DO_CLEAR = 2,
	DO_RELEASE = 4,
};

/**
 * vdev_fuzz_control() - the "fuzz" control command
 * @dev: device
 * @args: the words after "fuzz" (see the top of this file)
 * @out: output lines
 *
 * Every setting is checked before any is applied; then come "clear",
 * "release" and "stats", in this order.
 *
 * Return: 0, or -EINVAL for a bad word (nothing changed).
 */
int vdev_fuzz_control(struct vdev *dev, const char *args, FILE *out)
{
	char *copy = strdup(args), *word, *save = NULL;
	struct vdev_fuzz nf = dev->fuzz;
	unsigned int todo = 0;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (word = strtok_r(copy, " \t", &save); word && !ret;
	     word = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(word, "on"))
			nf.on = true;
		else if (!strcmp(word, "off"))
			nf.on = false;
		else if (!strcmp(word, "stats"))
			todo |= DO_STATS;
		else if (!strcmp(word, "clear"))
			todo |= DO_CLEAR;
		else if (!strcmp(word, "release"))
			todo |= DO_RELEASE;
		else
			ret = control_setting(&nf, word);
	}
	free(copy);
	if (ret)
		return ret;
	if (!*args)
		todo = DO_STATS;
	nf.configured = true;
	dev->fuzz = nf;
	if (todo & DO_CLEAR)
		memset(&dev->fuzz.stats, 0, sizeof(dev->fuzz.stats));
	if (todo & DO_RELEASE)
		fprintf(out, "released=%u\n", vdev_fuzz_release(dev));
	if (todo & DO_STATS)
		vdev_fuzz_print_stats(dev, out, "");
	return 0;
}

/**
 * vdev_fuzz_applicable() - the kinds that can occur with this device
 * @dev: device
 *
 * Return: bit mask of enum vdev_fuzz_kind.
 */
uint32_t vdev_fuzz_applicable(const struct vdev *dev)
{
	const struct vdev_fuzz_ops *ops = dev->model->fuzz;
	uint32_t k = VDEV_FZ_ALL & ~VDEV_FZ_MODEL_KINDS;

	if (!ops)
		return k & ~(BIT(VDEV_FZ_UNSOLICITED) | BIT(VDEV_FZ_FLOOD));
	return k | (ops->kinds & VDEV_FZ_MODEL_KINDS);
}

static void print_kinds(FILE *out, const char *prefix, const char *key,
			uint32_t mask)
{
	const char *sep = "";
	unsigned int k;

	fprintf(out, "%s%s=", prefix, key);
	for (k = 0; k < VDEV_FZ_NUM; k++) {
		if (mask & BIT(k)) {
			fprintf(out, "%s%s", sep, vdev_fuzz_kind_name(k));
			sep = ",";
		}
	}
	fprintf(out, "%s\n", *sep ? "" : "none");
}

/**
 * vdev_fuzz_print_stats() - settings and counters as KEY=VALUE lines
 * @dev: device
 * @out: output
 * @prefix: put before every line
 */
void vdev_fuzz_print_stats(const struct vdev *dev, FILE *out,
			   const char *prefix)
{
	const struct vdev_fuzz *fz = &dev->fuzz;
	const struct vdev_fuzz_stats *st = &fz->stats;
	unsigned int k;

	fprintf(out, "%senabled=%d\n", prefix, fz->on);
	fprintf(out, "%sseed=%llu\n", prefix, (unsigned long long)fz->seed);
	fprintf(out, "%srate=%u.%02u\n", prefix, fz->rate / 100,
		fz->rate % 100);
	fprintf(out, "%sring_rate=%u.%02u\n", prefix, fz->ring_rate / 100,
		fz->ring_rate % 100);
	if (fz->slow_rate == VDEV_FZ_SLOW_MIXED)
		fprintf(out, "%sslow_rate=mixed\n", prefix);
	else
		fprintf(out, "%sslow_rate=%u.%02u\n", prefix,
			fz->slow_rate / 100, fz->slow_rate % 100);
	fprintf(out, "%sdelay_ms=%u\n", prefix, fz->delay_ms);
	fprintf(out, "%sflood_size=%u\n", prefix, fz->flood);
	print_kinds(out, prefix, "kinds", fz->kinds);
	print_kinds(out, prefix, "applicable", vdev_fuzz_applicable(dev));
	fprintf(out, "%spushes=%llu\n", prefix,
		(unsigned long long)st->pushes);
	fprintf(out, "%smutated=%llu\n", prefix,
		(unsigned long long)st->mutated);
	fprintf(out, "%sinjected=%llu\n", prefix,
		(unsigned long long)st->injected);
	fprintf(out, "%swithheld=%u\n", prefix, vdev_fuzz_withheld(dev));
	fprintf(out, "%sdigest=0x%016llx\n", prefix,
		(unsigned long long)fz->digest);
	for (k = 0; k < VDEV_FZ_NUM; k++)
		fprintf(out, "%s%s=%llu\n", prefix, vdev_fuzz_kind_name(k),
			(unsigned long long)st->kind[k]);
}
