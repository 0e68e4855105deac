// SPDX-License-Identifier: GPL-2.0
/*
 * vtclock: small probes of PTP hardware clocks and RTC devices for the
 * end-to-end tests and the benchmark. Every subcommand prints KEY=VALUE
 * lines (or "ERRNAME: message" on failure) and exits 0 on success, 1 when
 * the operation failed, 2 on bad usage, 3 when a wait timed out.
 *
 *   vtclock read DEV|-f FD [N]         clock_gettime() on the PHC, N times
 *   vtclock ext DEV [-n N] [-c CLOCK] [-a]  PTP_SYS_OFFSET_EXTENDED statistics
 *                                      (-a: also every window, for benchmarks)
 *   vtclock sysoff DEV                 PTP_SYS_OFFSET (one sample)
 *   vtclock precise DEV                PTP_SYS_OFFSET_PRECISE
 *   vtclock phc-set DEV                try settime, adjtime, adjfreq
 *   vtclock loop DEV|-f FD SECS [STOP [READY]]
 *                                      read until SECS pass or file STOP
 *                                      exists; counts results per errno;
 *                                      creates READY after the first read
 *   vtclock hammer DEV SECS BOUND_MS   clock_gettime and PTP_SYS_OFFSET_EXTENDED
 *                                      in turn for SECS, reopening DEV when
 *                                      it goes away; counts per result, calls
 *                                      slower than BOUND_MS, the slowest
 *   vtclock rtc-read DEV|-f FD         RTC_RD_TIME, with the system time
 *   vtclock rtc-set DEV                RTC_SET_TIME to the RTC's own time
 *   vtclock rtc-uie DEV                RTC_UIE_ON
 *   vtclock rtc-alarm DEV (--in S|--at T) [--wk] [--timeout S] [--no-wait]
 *                                      set an alarm (RTC_ALM_SET+RTC_AIE_ON,
 *                                      or RTC_WKALM_SET with --wk), wait
 *   vtclock rtc-wait DEV TIMEOUT       wait for one RTC interrupt
 *   vtclock sys-shift NS               step CLOCK_REALTIME by NS
 *
 * Times are CLOCK_REALTIME seconds with nanoseconds unless noted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include <linux/ptp_clock.h>
#include <linux/rtc.h>

#ifndef ADJ_SETOFFSET
#define ADJ_SETOFFSET 0x0100
#endif

#define FD_TO_CLOCKID(fd)	((clockid_t)((~(unsigned int)(fd) << 3) | 3))
#define NSEC			1000000000LL

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
	{ EBUSY, "EBUSY" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
	{ ENOTTY, "ENOTTY" }, { ERANGE, "ERANGE" }, { ETIME, "ETIME" },
	{ EPROTO, "EPROTO" }, { EOVERFLOW, "EOVERFLOW" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ ESHUTDOWN, "ESHUTDOWN" }, { ENOSPC, "ENOSPC" },
};

static const char *errname(int err)
{
	static char buf[16];
	unsigned int i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

/* Print "ERRNAME: what: message" for errno and return 1. */
static int fail(const char *what)
{
	int err = errno;

	printf("%s: %s: %s\n", errname(err), what, strerror(err));
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: see the comment at the top of vtclock.c\n");
	return 2;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NSEC + ts->tv_nsec;
}

static int64_t pct_ns(const struct ptp_clock_time *t)
{
	return (int64_t)t->sec * NSEC + t->nsec;
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts_ns(&ts);
}

static void print_ns(const char *key, int64_t ns)
{
	printf("%s=%s%lld.%09lld\n", key, ns < 0 ? "-" : "",
	       (long long)(ns < 0 ? -ns : ns) / NSEC,
	       (long long)(ns < 0 ? -ns : ns) % NSEC);
}

/*
 * Open argv[0], the device of a command that takes at least @need
 * arguments: the fd, or the negated exit code (usage or open error, each
 * printed).
 */
static int open_dev(int argc, char **argv, int need, int flags)
{
	int fd;

	if (argc < need)
		return -usage();
	fd = open(argv[0], flags);
	return fd < 0 ? -fail(argv[0]) : fd;
}

/*
 * Open DEV, or take "-f FD" (an inherited descriptor). Consumes one or two
 * arguments; returns the fd, -1 when the open failed (the error is
 * printed) or -2 for bad usage.
 */
static int open_arg(int *argc, char ***argv, int flags)
{
	int fd;

	if (*argc < 1)
		return -2;
	if (!strcmp((*argv)[0], "-f")) {
		if (*argc < 2)
			return -2;
		fd = atoi((*argv)[1]);
		*argc -= 2;
		*argv += 2;
		return fd;
	}
	fd = open_dev(*argc, *argv, 1, flags);
	if (fd < 0)
		return -1;
	*argc -= 1;
	*argv += 1;
	return fd;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted @v. */
static int64_t pctl(const int64_t *v, size_t n, unsigned int p)
{
	size_t i = (n * p + 99) / 100;

	return v[i ? i - 1 : 0];
}

static int cmd_read(int argc, char **argv)
{
	struct timespec ts;
	long i, n;
	int fd;

	fd = open_arg(&argc, &argv, O_RDONLY);
	if (fd < 0)
		return fd == -2 ? usage() : 1;
	n = argc > 0 ? atol(argv[0]) : 1;
	for (i = 0; i < n; i++)
		if (clock_gettime(FD_TO_CLOCKID(fd), &ts))
			return fail("clock_gettime");
	print_ns("phc", ts_ns(&ts));
	print_ns("sys", now_ns(CLOCK_REALTIME));
	return 0;
}

/*
 * PTP_SYS_OFFSET_EXTENDED in batches of up to PTP_MAX_SAMPLES: the read
 * window (t2 - t0) and the offset phc - (t0 + t2) / 2 of every sample,
 * with the system time stamps of CLOCK (-c realtime|monotonic|raw); -a
 * prints every window too, in the order taken ("w=NS" lines).
 */
static int cmd_ext(int argc, char **argv)
{
	struct ptp_sys_offset_extended soe;
	int64_t *win, *off, t0, t2;
	long n = 25, done = 0, i;
	clockid_t clk = CLOCK_REALTIME;
	int fd, opt, all = 0;

	fd = open_dev(argc, argv, 1, O_RDONLY);
	if (fd < 0)
		return -fd;
	optind = 1;
	while ((opt = getopt(argc, argv, "n:c:a")) != -1) {
		switch (opt) {
		case 'n':
			n = atol(optarg);
			break;
		case 'a':
			all = 1;
			break;
		case 'c':
			clk = !strcmp(optarg, "monotonic") ? CLOCK_MONOTONIC :
			      !strcmp(optarg, "raw") ? CLOCK_MONOTONIC_RAW :
			      CLOCK_REALTIME;
			break;
		default:
			return usage();
		}
	}
	if (n < 1)
		return usage();
	win = calloc(n, sizeof(*win));
	off = calloc(n, sizeof(*off));
	if (!win || !off)
		return fail("calloc");
	while (done < n) {
		memset(&soe, 0, sizeof(soe));
		soe.n_samples = n - done < PTP_MAX_SAMPLES ? n - done :
			       PTP_MAX_SAMPLES;
		soe.clockid = clk;
		if (ioctl(fd, PTP_SYS_OFFSET_EXTENDED, &soe))
			return fail("PTP_SYS_OFFSET_EXTENDED");
		for (i = 0; i < soe.n_samples; i++, done++) {
			t0 = pct_ns(&soe.ts[i][0]);
			t2 = pct_ns(&soe.ts[i][2]);
			win[done] = t2 - t0;
			off[done] = pct_ns(&soe.ts[i][1]) - (t0 + (t2 - t0) / 2);
		}
	}
	for (i = 0; all && i < n; i++)
		printf("w=%lld\n", (long long)win[i]);
	qsort(win, n, sizeof(*win), cmp_i64);
	qsort(off, n, sizeof(*off), cmp_i64);
	printf("samples=%ld\n", n);
	printf("window_min_ns=%lld\nwindow_med_ns=%lld\nwindow_p99_ns=%lld\nwindow_max_ns=%lld\n",
	       (long long)win[0], (long long)pctl(win, n, 50),
	       (long long)pctl(win, n, 99), (long long)win[n - 1]);
	printf("offset_min_ns=%lld\noffset_med_ns=%lld\noffset_max_ns=%lld\n",
	       (long long)off[0], (long long)pctl(off, n, 50),
	       (long long)off[n - 1]);
	/*
	 * The median offset from CLOCK_REALTIME, whatever clock stamped the
	 * samples: phc - realtime = (phc - clk) + (clk - realtime). Near 0
	 * only if the stamps really are of the clock asked for.
	 */
	t0 = now_ns(clk) - now_ns(CLOCK_REALTIME);
	printf("realtime_offset_med_ns=%lld\n", (long long)(pctl(off, n, 50) + t0));
	return 0;
}

static int cmd_sysoff(int argc, char **argv)
{
	struct ptp_sys_offset so;
	int64_t t0, t2;
	int fd;

	fd = open_dev(argc, argv, 1, O_RDONLY);
	if (fd < 0)
		return -fd;
	memset(&so, 0, sizeof(so));
	so.n_samples = 1;
	if (ioctl(fd, PTP_SYS_OFFSET, &so))
		return fail("PTP_SYS_OFFSET");
	t0 = pct_ns(&so.ts[0]);
	t2 = pct_ns(&so.ts[2]);
	printf("window_ns=%lld\n", (long long)(t2 - t0));
	printf("offset_ns=%lld\n",
	       (long long)(pct_ns(&so.ts[1]) - (t0 + (t2 - t0) / 2)));
	return 0;
}

static int cmd_precise(int argc, char **argv)
{
	struct ptp_sys_offset_precise p;
	struct ptp_clock_caps caps;
	int fd;

	fd = open_dev(argc, argv, 1, O_RDONLY);
	if (fd < 0)
		return -fd;
	memset(&caps, 0, sizeof(caps));
	if (ioctl(fd, PTP_CLOCK_GETCAPS, &caps))
		return fail("PTP_CLOCK_GETCAPS");
	printf("cross_timestamping=%d\n", caps.cross_timestamping);
	memset(&p, 0, sizeof(p));
	if (ioctl(fd, PTP_SYS_OFFSET_PRECISE, &p))
		return fail("PTP_SYS_OFFSET_PRECISE");
	print_ns("device", pct_ns(&p.device));
	print_ns("sys_realtime", pct_ns(&p.sys_realtime));
	return 0;
}

/* The clocks are read-only: report what each setter answers. */
static int cmd_phc_set(int argc, char **argv)
{
	struct timespec ts;
	struct timex tx;
	clockid_t clk;
	int fd;

	fd = open_dev(argc, argv, 1, O_RDWR);
	if (fd < 0)
		return -fd;
	clk = FD_TO_CLOCKID(fd);
	if (clock_gettime(clk, &ts))
		return fail("clock_gettime");
	printf("settime=%s\n", clock_settime(clk, &ts) ? errname(errno) : "ok");
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	tx.time.tv_usec = 1000;
	printf("adjtime=%s\n", clock_adjtime(clk, &tx) < 0 ? errname(errno) : "ok");
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 65536;
	printf("adjfreq=%s\n", clock_adjtime(clk, &tx) < 0 ? errname(errno) : "ok");
	return 0;
}

/*
 * Read as fast as possible until @secs pass or @stop exists. Prints the
 * counts per result, and whether a read succeeded after one had failed
 * with ENODEV (a removed clock must stay removed).
 */
static int cmd_loop(int argc, char **argv)
{
	long ok = 0, counts[8] = { 0 }, ok_after_gone = 0;
	int errs[8] = { 0 }, nerr = 0, fd, i, gone = 0;
	const char *stop = NULL, *ready = NULL;
	int64_t end, last_err_ns = 0, first_err_ns = 0, start;
	struct timespec ts;
	struct stat st;
	double secs;

	fd = open_arg(&argc, &argv, O_RDONLY);
	if (fd < 0)
		return fd == -2 ? usage() : 1;
	if (argc < 1)
		return usage();
	secs = atof(argv[0]);
	if (argc > 1)
		stop = argv[1];
	if (argc > 2)
		ready = argv[2];
	start = now_ns(CLOCK_MONOTONIC);
	end = start + (int64_t)(secs * NSEC);
	while (now_ns(CLOCK_MONOTONIC) < end) {
		if (stop && !stat(stop, &st))
			break;
		if (!clock_gettime(FD_TO_CLOCKID(fd), &ts)) {
			if (!ok++ && ready)
				close(open(ready, O_WRONLY | O_CREAT, 0644));
			ok_after_gone += gone;
			continue;
		}
		if (errno == ENODEV)
			gone = 1;
		if (!first_err_ns)
			first_err_ns = now_ns(CLOCK_MONOTONIC);
		last_err_ns = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < nerr && errs[i] != errno; i++)
			;
		if (i == nerr && nerr < 8)
			errs[nerr++] = errno;
		if (i < 8)
			counts[i]++;
		/* A failing clock answers at once: do not spin too hard. */
		usleep(1000);
	}
	printf("ok=%ld\n", ok);
	for (i = 0; i < nerr; i++)
		printf("%s=%ld\n", errname(errs[i]), counts[i]);
	printf("ok_after_enodev=%ld\n", ok_after_gone);
	if (first_err_ns)
		printf("first_error_ms=%lld\nlast_error_ms=%lld\n",
		       (long long)(first_err_ns - start) / 1000000,
		       (long long)(last_err_ns - start) / 1000000);
	return 0;
}

/* Count one result of cmd_hammer: @err 0 is a success. */
static void hammer_count(int err, long *ok, int *errs, long *counts, int *nerr)
{
	int i;

	if (!err) {
		(*ok)++;
		return;
	}
	for (i = 0; i < *nerr && errs[i] != err; i++)
		;
	if (i == *nerr && *nerr < 8)
		errs[(*nerr)++] = err;
	if (i < 8)
		counts[i]++;
}

/*
 * Was the device node at @path made at least 2 s ago? 6.12's
 * posix_clock_register() sets clk->dev only after cdev_device_add() has
 * made the node: an open in that window takes no device reference and its
 * close drops one, so the clock is freed under its unregistration. A
 * reopen waits until the registration is surely over.
 */
static bool node_settled(const char *path)
{
	struct stat st;

	return !stat(path, &st) && st.st_mtime <= time(NULL) - 2;
}

/*
 * Stress a PHC that comes and goes: for @secs, clock_gettime() and a
 * one-sample PTP_SYS_OFFSET_EXTENDED in turn, each call timed. A call
 * failing with ENODEV (the clock was removed) closes the descriptor;
 * while DEV cannot be opened (or its node is younger than 2 s, see
 * node_settled()), the attempts count as "absent". Prints
 * ok=, one line per errno, absent=, calls over @bound_ms as over=, and
 * the slowest call as max_us=.
 */
static int cmd_hammer(int argc, char **argv)
{
	long ok = 0, counts[8] = { 0 }, absent = 0, over = 0, i = 0;
	int64_t end, t, lat, max = 0, bound;
	struct ptp_sys_offset_extended soe;
	int errs[8] = { 0 }, nerr = 0, fd = -1, err, k;
	struct timespec ts;

	if (argc < 3)
		return usage();
	end = now_ns(CLOCK_MONOTONIC) + (int64_t)(atof(argv[1]) * NSEC);
	bound = atol(argv[2]) * 1000000LL;
	while (now_ns(CLOCK_MONOTONIC) < end) {
		if (fd < 0) {
			fd = node_settled(argv[0]) ? open(argv[0], O_RDONLY) : -1;
			if (fd < 0) {
				absent++;
				usleep(10000);
				continue;
			}
		}
		t = now_ns(CLOCK_MONOTONIC);
		if (i++ % 2) {
			err = clock_gettime(FD_TO_CLOCKID(fd), &ts) ? errno : 0;
		} else {
			memset(&soe, 0, sizeof(soe));
			soe.n_samples = 1;
			err = ioctl(fd, PTP_SYS_OFFSET_EXTENDED, &soe) ? errno : 0;
		}
		lat = now_ns(CLOCK_MONOTONIC) - t;
		if (lat > max)
			max = lat;
		if (lat > bound)
			over++;
		hammer_count(err, &ok, errs, counts, &nerr);
		if (err == ENODEV) {
			close(fd);
			fd = -1;
		}
		if (err)
			usleep(1000);
	}
	printf("ok=%ld\n", ok);
	for (k = 0; k < nerr; k++)
		printf("%s=%ld\n", errname(errs[k]), counts[k]);
	printf("absent=%ld\nover=%ld\nmax_us=%lld\n", absent, over,
	       (long long)(max / 1000));
	return 0;
}

static int rtc_read(int fd, int64_t *secs)
{
	struct rtc_time rt;

	if (ioctl(fd, RTC_RD_TIME, &rt))
		return -1;
	*secs = timegm((struct tm *)&rt);
	return 0;
}

static int cmd_rtc_read(int argc, char **argv)
{
	int64_t secs, before, after;
	int fd;

	fd = open_arg(&argc, &argv, O_RDONLY);
	if (fd < 0)
		return fd == -2 ? usage() : 1;
	before = now_ns(CLOCK_REALTIME);
	if (rtc_read(fd, &secs))
		return fail("RTC_RD_TIME");
	after = now_ns(CLOCK_REALTIME);
	printf("rtc=%lld\n", (long long)secs);
	print_ns("sys_before", before);
	print_ns("sys_after", after);
	/* The RTC truncates to seconds: its time is in [rtc, rtc + 1). */
	print_ns("sys_minus_rtc", before + (after - before) / 2 - secs * NSEC);
	return 0;
}

static int cmd_rtc_set(int argc, char **argv)
{
	struct rtc_time rt;
	int fd;

	fd = open_dev(argc, argv, 1, O_RDONLY);
	if (fd < 0)
		return -fd;
	if (ioctl(fd, RTC_RD_TIME, &rt))
		return fail("RTC_RD_TIME");
	if (ioctl(fd, RTC_SET_TIME, &rt))
		return fail("RTC_SET_TIME");
	printf("set=ok\n");
	return 0;
}

static int cmd_rtc_uie(int argc, char **argv)
{
	int fd;

	fd = open_dev(argc, argv, 1, O_RDONLY);
	if (fd < 0)
		return -fd;
	if (ioctl(fd, RTC_UIE_ON, 0))
		return fail("RTC_UIE_ON");
	printf("uie=on\n");
	ioctl(fd, RTC_UIE_OFF, 0);
	return 0;
}

/* Wait for one interrupt on an open RTC; 0, 3 on timeout, 1 on error. */
static int rtc_wait(int fd, double timeout)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	unsigned long data;
	int ret;

	ret = poll(&pfd, 1, (int)(timeout * 1000));
	if (ret < 0)
		return fail("poll");
	if (!ret) {
		printf("fired=0\n");
		return 3;
	}
	print_ns("fired_at", now_ns(CLOCK_REALTIME));
	if (read(fd, &data, sizeof(data)) != sizeof(data))
		return fail("read");
	printf("fired=1\ndata=0x%lx\n", data);
	return 0;
}

static int cmd_rtc_alarm(int argc, char **argv)
{
	int64_t now, at = 0, rel = 0;
	int wk = 0, nowait = 0, have_at = 0, have_in = 0, fd, i, ret;
	double timeout = 5;
	struct rtc_wkalrm alrm;
	struct rtc_time rt;
	time_t t;

	if (argc < 1)
		return usage();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--in") && i + 1 < argc) {
			rel = atoll(argv[++i]);
			have_in = 1;
		} else if (!strcmp(argv[i], "--at") && i + 1 < argc) {
			at = atoll(argv[++i]);
			have_at = 1;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			timeout = atof(argv[++i]);
		} else if (!strcmp(argv[i], "--wk")) {
			wk = 1;
		} else if (!strcmp(argv[i], "--no-wait")) {
			nowait = 1;
		} else {
			return usage();
		}
	}
	if (have_at == have_in)
		return usage();
	fd = open_dev(argc, argv, 1, O_RDONLY);
	if (fd < 0)
		return -fd;
	if (rtc_read(fd, &now))
		return fail("RTC_RD_TIME");
	if (have_in)
		at = now + rel;
	printf("rtc_now=%lld\nalarm=%lld\n", (long long)now, (long long)at);
	t = at;
	memset(&rt, 0, sizeof(rt));
	gmtime_r(&t, (struct tm *)&rt);
	print_ns("set_at", now_ns(CLOCK_REALTIME));
	if (wk) {
		memset(&alrm, 0, sizeof(alrm));
		alrm.enabled = 1;
		alrm.time = rt;
		if (ioctl(fd, RTC_WKALM_SET, &alrm))
			return fail("RTC_WKALM_SET");
	} else {
		if (ioctl(fd, RTC_ALM_SET, &rt))
			return fail("RTC_ALM_SET");
		if (ioctl(fd, RTC_AIE_ON, 0))
			return fail("RTC_AIE_ON");
	}
	fflush(stdout);
	if (nowait)
		return 0;
	ret = rtc_wait(fd, timeout);
	if (!ret && rtc_read(fd, &now) == 0)
		printf("rtc_after=%lld\n", (long long)now);
	if (!wk)
		ioctl(fd, RTC_AIE_OFF, 0);
	return ret;
}

static int cmd_rtc_wait(int argc, char **argv)
{
	int fd;

	fd = open_dev(argc, argv, 2, O_RDONLY);
	if (fd < 0)
		return -fd;
	return rtc_wait(fd, atof(argv[1]));
}

/* Step the system clock by a signed number of nanoseconds, exactly. */
static int cmd_sys_shift(int argc, char **argv)
{
	struct timex tx;
	long long ns;

	if (argc < 1)
		return usage();
	ns = atoll(argv[0]);
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_SETOFFSET | ADJ_NANO;
	tx.time.tv_sec = ns / NSEC;
	tx.time.tv_usec = ns % NSEC;
	if (tx.time.tv_usec < 0) {
		tx.time.tv_sec--;
		tx.time.tv_usec += NSEC;
	}
	if (clock_adjtime(CLOCK_REALTIME, &tx) < 0)
		return fail("clock_adjtime");
	printf("shifted_ns=%lld\n", ns);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "read", cmd_read }, { "ext", cmd_ext },
		{ "sysoff", cmd_sysoff }, { "precise", cmd_precise },
		{ "phc-set", cmd_phc_set }, { "loop", cmd_loop },
		{ "hammer", cmd_hammer },
		{ "rtc-read", cmd_rtc_read }, { "rtc-set", cmd_rtc_set },
		{ "rtc-uie", cmd_rtc_uie }, { "rtc-alarm", cmd_rtc_alarm },
		{ "rtc-wait", cmd_rtc_wait }, { "sys-shift", cmd_sys_shift },
	};
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 2, argv + 2);
	return usage();
}
