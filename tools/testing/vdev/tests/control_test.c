// SPDX-License-Identifier: GPL-2.0
/*
 * Control channel tests: command files written into a temporary
 * directory as a guest would through hostfs or 9p, the back-end's event
 * loop picking them up through inotify, and the result files.
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/virtio_rtc.h>

#include "../control.h"
#include "../models.h"
#include "../rtc/rtc.h"
#include "guest.h"
#include "tap.h"
#include "files.h"
#include "tests.h"
#include "tfront.h"

static char dir[256];

static bool make_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/vdev-control-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir);
}

static void remove_dir(void)
{
	struct dirent *e;
	char path[512];
	DIR *d;

	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static bool exists(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static unsigned int count_files(void)
{
	unsigned int n = 0;
	struct dirent *e;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Write a command file, let the back-end run, return the result. */
static const char *run(struct tfront *tf, const char *name, const char *text)
{
	char out[256];

	snprintf(out, sizeof(out), "%.*s.out", (int)strlen(name) - 4, name);
	T_ASSERT(test_file_put(dir, name, text));
	tf_pump(tf);
	T_EXPECT(!exists(name));
	return test_file_get(dir, out);
}

static void test_echo(void)
{
	struct vdev_control c;
	struct tfront tf;
	const char *out;
	int fds;

	T_ASSERT(make_dir());
	fds = tf_open_fds();
	T_ASSERT(!tf_init(&tf, &rtc_model));
	T_ASSERT(!vdev_control_init(&c, &tf.dev, &tf.loop, dir));
	out = run(&tf, "a.cmd",
		  "echo hello  world\n# a comment\n\n  echo second \r\necho\n");
	T_EXPECT(out && !strcmp(out, "ok\nhello  world\nsecond\n\n"));
	/* Nothing else is left: no command file, no temporary file. */
	T_EXPECT(count_files() == 1);
	/* The same name again, right away. */
	out = run(&tf, "a.cmd", "echo again");
	T_EXPECT(out && !strcmp(out, "ok\nagain\n"));
	out = run(&tf, "empty.cmd", "");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	vdev_control_fini(&c);
	tf_fini(&tf);
	T_EXPECT(tf_open_fds() == fds);
	remove_dir();
}

static void test_errors(void)
{
	struct vdev_model plain = scmi_model;
	struct vdev_control c;
	struct tfront tf;
	const char *out;
	char *big;

	plain.control = NULL;
	T_ASSERT(make_dir());
	T_ASSERT(!tf_init(&tf, &rtc_model));
	T_ASSERT(!vdev_control_init(&c, &tf.dev, &tf.loop, dir));
	out = run(&tf, "u.cmd", "bogus 1 2\n");
	T_EXPECT(out && !strcmp(out, "error: unknown command: bogus 1 2\n"));
	/* The first failure ends the file; earlier output is kept. */
	out = run(&tf, "v.cmd", "echo one\nfault nonsense=1\necho two\n");
	T_EXPECT(out && !strcmp(out, "error: fault nonsense=1: Invalid argument\none\n"));
	out = run(&tf, "w.cmd", "step 9 +1\n");
	T_EXPECT(out && !strcmp(out, "error: step 9 +1: No such device\n"));
	/* Too large a file. */
	big = malloc(70000);
	T_ASSERT(big);
	memset(big, '#', 69999);
	big[69999] = '\0';
	out = run(&tf, "big.cmd", big);
	free(big);
	T_EXPECT(out && !strcmp(out, "error: reading big.cmd: File too large\n"));
	/* A model without control commands. */
	vdev_control_fini(&c);
	tf_fini(&tf);
	T_ASSERT(!tf_init(&tf, &plain));
	T_ASSERT(!vdev_control_init(&c, &tf.dev, &tf.loop, dir));
	out = run(&tf, "x.cmd", "stats\n");
	T_EXPECT(out && !strcmp(out, "error: unknown command: stats\n"));
	out = run(&tf, "y.cmd", "fault status=1\n");
	T_EXPECT(out && !strcmp(out, "error: fault status=1: Invalid argument\n"));
	out = run(&tf, "z.cmd", "fault off\n");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	vdev_control_fini(&c);
	tf_fini(&tf);
	remove_dir();
}

static void test_fault_command(void)
{
	struct vdev_control c;
	struct tfront tf;
	const char *out;

	T_ASSERT(make_dir());
	T_ASSERT(!tf_init(&tf, &rtc_model));
	T_ASSERT(!vdev_fault_parse(&tf.dev.fault, "delay=5"));
	T_ASSERT(!vdev_control_init(&c, &tf.dev, &tf.loop, dir));
	/* A control command replaces the settings. */
	out = run(&tf, "f.cmd", "fault drop,count=1\n");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	T_EXPECT(tf.dev.fault.drop && tf.dev.fault.count == 1 &&
		 !tf.dev.fault.delay_ms);
	out = run(&tf, "g.cmd", "fault status=4,type=0x1001\n");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	T_EXPECT(((struct rtc_dev *)vdev_priv(&tf.dev))->fault.active);
	T_EXPECT(tf.dev.fault.drop);
	out = run(&tf, "h.cmd", "fault off\n");
	T_EXPECT(out && !strcmp(out, "ok\n"));
	T_EXPECT(!tf.dev.fault.drop &&
		 !((struct rtc_dev *)vdev_priv(&tf.dev))->fault.active);
	vdev_control_fini(&c);
	tf_fini(&tf);
	remove_dir();
}

static void test_names(void)
{
	char from[512], to[512];
	struct vdev_control c;
	struct tfront tf;
	const char *out;

	T_ASSERT(make_dir());
	T_ASSERT(!tf_init(&tf, &rtc_model));
	/* Files already there are run at start, in name order. */
	T_ASSERT(test_file_put(dir, "b.cmd", "echo b"));
	T_ASSERT(test_file_put(dir, "a.cmd", "echo a"));
	T_ASSERT(!vdev_control_init(&c, &tf.dev, &tf.loop, dir));
	T_EXPECT(!exists("a.cmd") && !exists("b.cmd"));
	out = test_file_get(dir, "a.out");
	T_EXPECT(out && !strcmp(out, "ok\na\n"));
	out = test_file_get(dir, "b.out");
	T_EXPECT(out && !strcmp(out, "ok\nb\n"));
	/* Hidden and other names are left alone... */
	T_ASSERT(test_file_put(dir, ".c.cmd", "echo c"));
	T_ASSERT(test_file_put(dir, "d.txt", "echo d"));
	T_ASSERT(test_file_put(dir, ".cmd", "echo e"));
	tf_pump(&tf);
	T_EXPECT(exists(".c.cmd") && exists("d.txt") && exists(".cmd"));
	T_EXPECT(!exists("c.out") && !exists("d.out"));
	/* ...until renamed into place. */
	snprintf(from, sizeof(from), "%s/.c.cmd", dir);
	snprintf(to, sizeof(to), "%s/c.cmd", dir);
	T_ASSERT(!rename(from, to));
	tf_pump(&tf);
	T_EXPECT(!exists("c.cmd"));
	out = test_file_get(dir, "c.out");
	T_EXPECT(out && !strcmp(out, "ok\nc\n"));
	vdev_control_fini(&c);
	tf_fini(&tf);
	remove_dir();
	/* A directory that is not there yet is made. */
	T_ASSERT(make_dir());
	T_ASSERT(!rmdir(dir));
	T_ASSERT(!tf_init(&tf, &rtc_model));
	T_ASSERT(!vdev_control_init(&c, &tf.dev, &tf.loop, dir));
	out = run(&tf, "n.cmd", "echo new");
	T_EXPECT(out && !strcmp(out, "ok\nnew\n"));
	vdev_control_fini(&c);
	tf_fini(&tf);
	remove_dir();
	/* A path that is not a directory is refused. */
	T_ASSERT(!tf_init(&tf, &rtc_model));
	T_EXPECT(vdev_control_init(&c, &tf.dev, &tf.loop, "/dev/null") < 0);
	tf_fini(&tf);
}

static void test_rtc_commands(void)
{
	uint8_t q[24] = { 0 }, *p;
	struct vdev_control c;
	uint64_t buf, rq, rs, t0;
	uint32_t id, len;
	const char *out;
	struct tdev t;
	char cmd[128];

	T_ASSERT(make_dir());
	T_ASSERT(!tf_init(&t.tf, &rtc_model));
	T_ASSERT(!tdev_start(&t, 16));
	T_ASSERT(!vdev_control_init(&c, &t.tf.dev, &t.tf.loop, dir));
	buf = tguest_alloc(&t.g, 16, 8);
	tring_add(&t.ring[1], (struct tseg[]){ { buf, 16, true } }, 1);
	tdev_kick(&t, 1);
	/* An alarm an hour from now on clock 3... */
	out = run(&t.tf, "r.cmd", "read 3");
	T_ASSERT(out && !strncmp(out, "ok\n", 3));
	t0 = strtoull(out + 3, NULL, 10);
	T_ASSERT(t0 > 0);
	q[0] = VIRTIO_RTC_REQ_SET_ALARM & 0xff;
	q[1] = VIRTIO_RTC_REQ_SET_ALARM >> 8;
	t0 = htole64(t0 + 3600000000000ull);
	memcpy(q + 8, &t0, 8);
	q[16] = 3;
	q[18] = VIRTIO_RTC_FLAG_ALARM_ENABLED;
	rq = tguest_alloc(&t.g, 24, 8);
	rs = tguest_alloc(&t.g, 8, 8);
	memcpy(tguest_ptr(&t.g, rq), q, 24);
	tring_add(&t.ring[0], (struct tseg[]){ { rq, 24, false },
		  { rs, 8, true } }, 2);
	tdev_kick(&t, 0);
	T_EXPECT(tring_used(&t.ring[0], &id, &len) && len == 8);
	T_EXPECT(*(uint8_t *)tguest_ptr(&t.g, rs) == VIRTIO_RTC_S_OK);
	/* ...reached by a step from the guest's side. */
	snprintf(cmd, sizeof(cmd), "step 3 +3601s\nalarm 3\nstats\n");
	out = run(&t.tf, "s.cmd", cmd);
	T_ASSERT(out);
	T_EXPECT(!strncmp(out, "ok\noffset=3601000000000\ntime=", 29));
	T_EXPECT(strstr(out, "\nenabled=1\npending=0\n"));
	T_EXPECT(strstr(out, "\nreq_set_alarm=1\n"));
	T_EXPECT(strstr(out, "\nnotif_sent=1\n"));
	T_EXPECT(tring_used(&t.ring[1], &id, &len) && len == 16);
	p = tguest_ptr(&t.g, buf);
	T_EXPECT(p[0] == 0x00 && p[1] == 0x20 && p[8] == 3);
	T_EXPECT(tdev_called(&t, 1));
	vdev_control_fini(&c);
	tdev_fini(&t);
	remove_dir();
}

/**
 * control_tests() - run the control channel test cases
 */
void control_tests(void)
{
	tap_run("control: echo, result file, command file removed", test_echo);
	tap_run("control: unknown commands, failures, large files",
		test_errors);
	tap_run("control: fault command, core and model faults",
		test_fault_command);
	tap_run("control: files at start, renames, ignored names",
		test_names);
	tap_run("control: rtc step, alarm and stats from a command file",
		test_rtc_commands);
}
