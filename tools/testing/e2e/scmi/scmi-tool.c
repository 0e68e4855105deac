// SPDX-License-Identifier: GPL-2.0
/*
 * scmi-tool: what the SCMI end-to-end tests and the benchmark need from
 * inside a guest and that a shell cannot do well. Built for the host by
 * build.sh; UML guests run host binaries.
 *
 *   scmi-tool raw [-a] [-N] [-n N] [-t MS] [-k TOKEN] [-d DIR] PROTO MSG [WORD...]
 *	Send an SCMI command through SCMI raw mode (DIR, default
 *	/sys/kernel/debug/scmi/0/raw; -a: message_async) N times (default 1),
 *	each with a new token, and check every reply: the header must be
 *	the command's, and status and payload the same every time. Prints
 *	"reply STATUS WORD..." (and "delayed STATUS WORD..." for -a) of the
 *	first round, then "rounds=N bad=N timeouts=N". Exit 0 when all
 *	rounds passed, 1 on a bad reply, 3 on a timeout. -k: the token of
 *	the first round (default 512 + pid % 256; the kernel's own commands
 *	count up from 0). -N: wait for replies by non-blocking reads every
 *	2 ms instead of poll(): 6.12's raw mode frees the queue a poller
 *	sleeps on when its SCMI instance goes away (a use-after-free in
 *	poll_freewait()), so tests that remove the instance under a waiting
 *	command use -N.
 *   scmi-tool read [-n N] [-j J] [-w MS] FILE
 *	Read FILE (a sysfs attribute) N times in each of J threads. One
 *	read (the default): prints "ok VALUE MS" or "err ERRNO NAME MS".
 *	Otherwise prints "reads=N errors=N median_us=N p99_us=N ops_per_s=N".
 *	-w MS: stop early after MS milliseconds.
 *   scmi-tool rawbench [-n N] [-d DIR]
 *	Round-trip latency of BASE PROTOCOL_VERSION through raw mode, one
 *	caller: "reads=N errors=N median_us=N p99_us=N ops_per_s=N".
 *   scmi-tool collect [-s SECONDS] FILE
 *	Read raw-mode messages (notifications, errors) from FILE for SECONDS
 *	(default 0: only those already queued). Prints "msg HEADER WORD..."
 *	for the first three and the last, then "messages=N".
 *   scmi-tool iio [-s SECONDS] DEV
 *	Read 32-byte scans (three s64 axes and an s64 timestamp) from an IIO
 *	buffer device for SECONDS (default 2; 0: only the scans already
 *	queued): prints "samples=N x=X y=Y z=Z rate_hz=R ts_interval_us=I"
 *	with the axes of the last scan, the rate at which scans arrived and
 *	the mean step of their timestamps.
 *
 * SCMI raw mode: a write is one whole message (le32 header, then the
 * payload); a read returns one whole reply (header, status, payload) and
 * the next read returns 0 to end it. Writes and reads go through separate
 * file descriptors: in 6.12 a write lands at the file position the last
 * read left behind (raw_mode.c resets it only at the start of a read), so
 * on one descriptor every message after the first would be sent with the
 * first message's bytes. Replies are queued per SCMI instance, not per
 * descriptor, so the reading descriptor sees them all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RAW_DIR		"/sys/kernel/debug/scmi/0/raw"
#define MAX_WORDS	40

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: scmi-tool raw [-a] [-N] [-n N] [-t MS] [-k TOKEN] [-d DIR] PROTO MSG [WORD...]\n"
		"       scmi-tool read [-n N] [-j J] [-w MS] FILE\n"
		"       scmi-tool rawbench [-n N] [-d DIR]\n"
		"       scmi-tool collect [-s SECONDS] FILE\n"
		"       scmi-tool iio [-s SECONDS] DEV\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "scmi-tool: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t scmi_hdr(unsigned int proto, unsigned int msg,
			 unsigned int type, unsigned int token)
{
	return (msg & 0xff) | (type & 3) << 8 | (proto & 0xff) << 10 |
	       (token & 0x3ff) << 18;
}

/*
 * raw -N: @fd is O_NONBLOCK; wait by reading it until @timeout_ms have
 * passed on the clock (a loaded guest sleeps far longer than it asks).
 */
static bool raw_nopoll;

static ssize_t raw_read_nopoll(int fd, uint8_t *buf, size_t len, int timeout_ms)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000;
	ssize_t n;

	while ((n = read(fd, buf, len)) < 0 && errno == EAGAIN) {
		if (now_ns() >= end)
			return -3;
		usleep(2000);
	}
	return n;
}

/*
 * Read one raw-mode message within @timeout_ms. Return its length, -1 on
 * a timeout, -2 on an error.
 */
static int raw_recv(int fd, uint8_t *buf, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n, end;
	int r;

	if (raw_nopoll) {
		n = raw_read_nopoll(fd, buf, len, timeout_ms);
		if (n == -3)
			return -1;
	} else {
		r = poll(&pfd, 1, timeout_ms);
		if (r == 0)
			return -1;
		if (r < 0)
			return -2;
		n = read(fd, buf, len);
	}
	if (n < 0)
		return -2;
	/* The message ends with a read of 0 bytes. */
	end = read(fd, buf + n, len - n);
	if (end != 0)
		return -2;
	return n;
}

static int raw_send(int fd, const uint32_t *words, unsigned int nwords)
{
	uint8_t buf[4 * MAX_WORDS];
	unsigned int i;

	for (i = 0; i < nwords; i++)
		put_le32(buf + 4 * i, words[i]);
	return write(fd, buf, 4 * nwords) == (ssize_t)(4 * nwords) ? 0 : -1;
}

/* Print @what and the words of a message from byte @from on. */
static void print_msg(const char *what, const uint8_t *buf, int len, int from)
{
	int i;

	printf("%s", what);
	for (i = from; i + 4 <= len; i += 4)
		printf(" 0x%08x", le32(buf + i));
	if (len % 4)
		printf(" (+%d bytes)", len % 4);
	printf("\n");
}

static int open_raw(const char *dir, const char *file)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "scmi-tool: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

static int cmd_raw(int argc, char **argv)
{
	const char *dir = RAW_DIR;
	unsigned int rounds = 1, timeout = 5000, proto, msg, nwords, r;
	unsigned int bad = 0, timeouts = 0, token;
	uint8_t first[2][512], buf[512];
	int first_len[2] = { 0, 0 };
	uint32_t words[MAX_WORDS];
	bool async = false;
	int c, wfd, rfd, i;

	/* Tokens the kernel's own commands (counting up from 0) rarely hold. */
	token = 512 + (getpid() % 256);
	while ((c = getopt(argc, argv, "aNn:t:k:d:")) != -1) {
		switch (c) {
		case 'a': async = true; break;
		case 'N': raw_nopoll = true; break;
		case 'k': token = num(optarg) & 0x3ff; break;
		case 'n': rounds = num(optarg); break;
		case 't': timeout = num(optarg); break;
		case 'd': dir = optarg; break;
		default: usage();
		}
	}
	if (argc - optind < 2 || argc - optind > MAX_WORDS + 1)
		usage();
	proto = num(argv[optind]);
	msg = num(argv[optind + 1]);
	nwords = 1;
	for (i = optind + 2; i < argc; i++)
		words[nwords++] = num(argv[i]);
	wfd = open_raw(dir, async ? "message_async" : "message");
	rfd = open_raw(dir, async ? "message_async" : "message");
	if (raw_nopoll && fcntl(rfd, F_SETFL, O_NONBLOCK) < 0) {
		perror("fcntl");
		return 2;
	}
	for (r = 0; r < rounds && !timeouts; r++) {
		uint32_t hdr = scmi_hdr(proto, msg, 0, token);
		int parts = async ? 2 : 1, p, len;

		token = token + 1 < 1024 ? token + 1 : 512;
		words[0] = hdr;
		if (raw_send(wfd, words, nwords)) {
			fprintf(stderr, "round %u: write: %s\n", r, strerror(errno));
			bad++;
			continue;
		}
		for (p = 0; p < parts; p++) {
			uint32_t want = p ? (hdr | 2 << 8) : hdr;

			len = raw_recv(rfd, buf, sizeof(buf), timeout);
			if (len == -1) {
				fprintf(stderr, "round %u: no %s within %u ms\n", r,
					p ? "delayed response" : "reply", timeout);
				timeouts++;
				break;
			}
			if (len < 8) {
				fprintf(stderr, "round %u: %s of %d bytes\n", r,
					p ? "delayed response" : "reply", len);
				bad++;
				break;
			}
			if (le32(buf) != want) {
				fprintf(stderr, "round %u: header 0x%08x, expected 0x%08x\n",
					r, le32(buf), want);
				bad++;
				continue;
			}
			if (r == 0) {
				memcpy(first[p], buf, len);
				first_len[p] = len;
			} else if (len != first_len[p] ||
				   memcmp(buf + 4, first[p] + 4, len - 4)) {
				print_msg(p ? "round differs: delayed" : "round differs: reply",
					  buf, len, 4);
				bad++;
			}
			/* An error status has no delayed response. */
			if (le32(buf + 4) != 0)
				break;
		}
	}
	if (first_len[0])
		print_msg("reply", first[0], first_len[0], 4);
	if (first_len[1])
		print_msg("delayed", first[1], first_len[1], 4);
	printf("rounds=%u bad=%u timeouts=%u\n", r, bad, timeouts);
	close(wfd);
	close(rfd);
	return timeouts ? 3 : bad ? 1 : 0;
}

struct reader {
	pthread_t thread;
	const char *path;
	unsigned int n;
	uint64_t deadline;
	uint64_t *lat;
	unsigned int cap, done, errors;
	int last_errno;
	char value[128];
};

static int read_once(const char *path, char *value, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	n = read(fd, value, len - 1);
	if (n < 0) {
		int e = errno;

		close(fd);
		return e;
	}
	close(fd);
	value[n] = 0;
	value[strcspn(value, "\n")] = 0;
	return 0;
}

static void *reader_fn(void *arg)
{
	struct reader *rd = arg;
	unsigned int i;

	for (i = 0; i < rd->n; i++) {
		uint64_t t0 = now_ns();
		int e = read_once(rd->path, rd->value, sizeof(rd->value));
		uint64_t t = now_ns() - t0;

		if (rd->done == rd->cap) {
			unsigned int cap = rd->cap ? 2 * rd->cap : 4096;
			uint64_t *lat = realloc(rd->lat, cap * sizeof(*lat));

			if (!lat)
				break;
			rd->lat = lat;
			rd->cap = cap;
		}
		rd->lat[rd->done++] = t;
		if (e) {
			rd->errors++;
			rd->last_errno = e;
		}
		if (rd->deadline && now_ns() > rd->deadline)
			break;
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort @n latencies and print the summary line. */
static void print_stats(uint64_t *lat, unsigned int n, unsigned int errors,
			uint64_t wall_ns)
{
	qsort(lat, n, sizeof(*lat), cmp_u64);
	printf("reads=%u errors=%u median_us=%.1f p99_us=%.1f ops_per_s=%.0f max_us=%.1f\n",
	       n, errors, n ? lat[n / 2] / 1000.0 : 0,
	       n ? lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] / 1000.0 : 0,
	       wall_ns ? n * 1e9 / wall_ns : 0, n ? lat[n - 1] / 1000.0 : 0);
}

static int cmd_read(int argc, char **argv)
{
	unsigned int n = 1, jobs = 1, wait_ms = 0, i, total = 0, errors = 0;
	struct reader *rd;
	uint64_t *all, t0, wall;
	int c;

	while ((c = getopt(argc, argv, "n:j:w:")) != -1) {
		switch (c) {
		case 'n': n = num(optarg); break;
		case 'j': jobs = num(optarg); break;
		case 'w': wait_ms = num(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != 1 || !n || !jobs)
		usage();
	rd = calloc(jobs, sizeof(*rd));
	if (!rd)
		return 2;
	t0 = now_ns();
	for (i = 0; i < jobs; i++) {
		rd[i].path = argv[optind];
		rd[i].n = n;
		rd[i].deadline = wait_ms ? t0 + wait_ms * 1000000ull : 0;
		if (pthread_create(&rd[i].thread, NULL, reader_fn, &rd[i])) {
			perror("pthread_create");
			return 2;
		}
	}
	for (i = 0; i < jobs; i++)
		pthread_join(rd[i].thread, NULL);
	wall = now_ns() - t0;
	if (n == 1 && jobs == 1) {
		if (!rd[0].done)
			return 2;
		if (rd[0].errors)
			printf("err %d %s %llu\n", rd[0].last_errno,
			       strerrorname_np(rd[0].last_errno),
			       (unsigned long long)(rd[0].lat[0] / 1000000));
		else
			printf("ok %s %llu\n", rd[0].value,
			       (unsigned long long)(rd[0].lat[0] / 1000000));
		return rd[0].errors ? 1 : 0;
	}
	/* Every thread's latencies together. */
	for (i = 0; i < jobs; i++)
		total += rd[i].done;
	all = calloc(total ? total : 1, sizeof(*all));
	if (!all)
		return 2;
	total = 0;
	for (i = 0; i < jobs; i++) {
		memcpy(all + total, rd[i].lat, rd[i].done * sizeof(*all));
		total += rd[i].done;
		errors += rd[i].errors;
	}
	print_stats(all, total, errors, wall);
	return errors ? 1 : 0;
}

static int cmd_rawbench(int argc, char **argv)
{
	const char *dir = RAW_DIR;
	unsigned int n = 1000, i, errors = 0, token = 700;
	uint64_t *lat, t0;
	uint8_t buf[512];
	uint32_t w[1];
	int c, wfd, rfd;

	while ((c = getopt(argc, argv, "n:d:")) != -1) {
		switch (c) {
		case 'n': n = num(optarg); break;
		case 'd': dir = optarg; break;
		default: usage();
		}
	}
	if (!n)
		usage();
	lat = calloc(n, sizeof(*lat));
	if (!lat)
		return 2;
	wfd = open_raw(dir, "message");
	rfd = open_raw(dir, "message");
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		uint64_t s = now_ns();
		int len;

		w[0] = scmi_hdr(0x10, 0, 0, token);
		token = token + 1 < 1024 ? token + 1 : 512;
		if (raw_send(wfd, w, 1)) {
			errors++;
			lat[i] = now_ns() - s;
			continue;
		}
		len = raw_recv(rfd, buf, sizeof(buf), 5000);
		lat[i] = now_ns() - s;
		if (len < 12 || le32(buf) != w[0] || le32(buf + 4))
			errors++;
		if (len == -1)
			break;
	}
	print_stats(lat, i, errors, now_ns() - t0);
	close(wfd);
	close(rfd);
	return errors ? 1 : 0;
}

/*
 * The options "[-s SECS] FILE" of collect and iio: sets *secs if given,
 * opens FILE with @flags. Returns the fd, or -1 after printing the error.
 */
static int secs_and_file(int argc, char **argv, unsigned int *secs, int flags)
{
	int c, fd;

	while ((c = getopt(argc, argv, "s:")) != -1) {
		switch (c) {
		case 's': *secs = num(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != 1)
		usage();
	fd = open(argv[optind], flags);
	if (fd < 0)
		fprintf(stderr, "scmi-tool: %s: %s\n", argv[optind], strerror(errno));
	return fd;
}

static int cmd_collect(int argc, char **argv)
{
	unsigned int secs = 0, count = 0;
	uint8_t buf[512], last[512];
	int fd, len, last_len = 0;
	uint64_t end;

	fd = secs_and_file(argc, argv, &secs, O_RDONLY);
	if (fd < 0)
		return 2;
	end = now_ns() + secs * 1000000000ull;
	for (;;) {
		uint64_t now = now_ns();
		int wait = now < end ? (int)((end - now) / 1000000) : 0;

		len = raw_recv(fd, buf, sizeof(buf), wait);
		if (len == -1)
			break;
		if (len < 0) {
			fprintf(stderr, "scmi-tool: %s: %s\n", argv[optind], strerror(errno));
			return 1;
		}
		if (count++ < 3)
			print_msg("msg", buf, len, 0);
		memcpy(last, buf, len);
		last_len = len;
	}
	if (count > 3)
		print_msg("msg", last, last_len, 0);
	printf("messages=%u\n", count);
	close(fd);
	return 0;
}

static int cmd_iio(int argc, char **argv)
{
	unsigned int secs = 2, samples = 0;
	int64_t scan[4], first_ts = 0, last_ts = 0;
	uint64_t t0, first_at = 0, last_at = 0;
	int fd;

	fd = secs_and_file(argc, argv, &secs, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return 2;
	memset(scan, 0, sizeof(scan));
	t0 = now_ns();
	do {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t s[4];
		ssize_t n;

		if (poll(&pfd, 1, secs ? 100 : 0) <= 0)
			continue;
		while ((n = read(fd, s, sizeof(s))) == sizeof(s)) {
			if (!samples++) {
				first_ts = s[3];
				first_at = now_ns();
			}
			last_ts = s[3];
			last_at = now_ns();
			memcpy(scan, s, sizeof(scan));
		}
		if (n > 0 && n != sizeof(s)) {
			fprintf(stderr, "scmi-tool: partial scan of %zd bytes\n", n);
			return 1;
		}
	} while (now_ns() - t0 < secs * 1000000000ull);
	close(fd);
	printf("samples=%u x=%lld y=%lld z=%lld rate_hz=%.1f ts_interval_us=%lld\n",
	       samples, (long long)scan[0], (long long)scan[1],
	       (long long)scan[2],
	       samples > 1 ? (samples - 1) * 1e9 / (last_at - first_at) : 0.0,
	       samples > 1 ? (long long)((last_ts - first_ts) / (samples - 1) / 1000) : 0LL);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "raw"))
		return cmd_raw(argc - 1, argv + 1);
	if (!strcmp(argv[1], "read"))
		return cmd_read(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rawbench"))
		return cmd_rawbench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "collect"))
		return cmd_collect(argc - 1, argv + 1);
	if (!strcmp(argv[1], "iio"))
		return cmd_iio(argc - 1, argv + 1);
	usage();
	return 2;
}
