// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI control commands (sensor, clock, stats, notify-stats, ...) through
 * the model hook and the control channel's command runner, and what a
 * device reset does to notification requests and commands in progress.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../control.h"
#include "../util.h"
#include "scmi_util.h"
#include "tap.h"

#define SENS(msg, token)	SHDR(SCMI_PROTOCOL_SENSOR, msg, token)
#define CLK(msg, token)		SHDR(SCMI_PROTOCOL_CLOCK, msg, token)

static const char conf[] =
	"platform async_delay_ms=5\n"
	"sensor t type=celsius scale=-3 value=20000 trips=1\n"
	"sensor acc type=meters_sec_squared enabled=no\n"
	"axis acc_X value=1\naxis acc_Y value=2\naxis acc_Z value=3\n"
	"clock c rates=1M,2M rate=1M\n"
	"power pd\n"
	"system\n";

static void test_sensor_commands(void)
{
	char out[512];
	struct sdev s;
	bool ok;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_EXPECT(!sctl(&s, "sensor t", out, sizeof(out)));
	ok = !strcmp(out,
		     "t: 20000 enabled=yes interval_ns=1000000000 update_notify=no trip_notify=no source=20000\n");
	T_EXPECT(ok);
	T_EXPECT(!sctl(&s, "sensor t ramp:0:100:1000", out, sizeof(out)));
	T_EXPECT(strstr(out, "source=ramp:0:100:1000\n"));
	T_EXPECT(!sctl(&s, "sensor acc 4 5 6", out, sizeof(out)));
	T_EXPECT(!strncmp(out, "acc: 4 5 6 enabled=no", 21));
	/* An axis by its name. */
	T_EXPECT(!sctl(&s, "sensor acc_Y -7", out, sizeof(out)));
	T_EXPECT(!strncmp(out, "acc: 4 -7 6 ", 12));
	T_EXPECT(sctl(&s, "sensor acc_Z 1 2", out, sizeof(out)) == -E2BIG);
	T_EXPECT(sctl(&s, "sensor acc 1 2 3 4", out, sizeof(out)) == -E2BIG);
	T_EXPECT(sctl(&s, "sensor t hot", out, sizeof(out)) == -EINVAL);
	T_EXPECT(sctl(&s, "sensor nosuch 1", out, sizeof(out)) == -ENODEV);
	T_EXPECT(sctl(&s, "sensor", out, sizeof(out)) == -EINVAL);
	T_EXPECT(!sctl(&s, "sensors", out, sizeof(out)));
	T_EXPECT(!strncmp(out, "t: ", 3) && strstr(out, "\nacc: 4 -7 6 "));
	T_EXPECT(sctl(&s, "sensors now", out, sizeof(out)) == -EINVAL);
	T_EXPECT(sctl(&s, "bogus", out, sizeof(out)) == -ENOENT);
	T_EXPECT(sctl(&s, "", out, sizeof(out)) == -ENOENT);
	sdev_fini(&s);
}

static void test_clock_power_commands(void)
{
	char out[512];
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	T_EXPECT(!sctl(&s, "clock c", out, sizeof(out)));
	T_EXPECT(!strcmp(out, "c: rate=1000000 enabled=yes rate_notify=no request_notify=no\n"));
	T_EXPECT(!sctl(&s, "clock c 2M", out, sizeof(out)));
	T_EXPECT(!strncmp(out, "c: rate=2000000 ", 16));
	T_ASSERT(SCMD(&s, CLK(6, 1), &r, 0));
	T_EXPECT(r.w[0] == 2000000);
	T_EXPECT(!sctl(&s, "clock c off", out, sizeof(out)));
	T_EXPECT(strstr(out, "enabled=no"));
	T_ASSERT(SCMD(&s, CLK(0xb, 2), &r, 0, 0));
	T_EXPECT(r.w[1] == 0);
	T_EXPECT(sctl(&s, "clock c 3M", out, sizeof(out)) == -ERANGE);
	T_EXPECT(sctl(&s, "clock c fast", out, sizeof(out)) == -ERANGE);
	T_EXPECT(sctl(&s, "clock d", out, sizeof(out)) == -ENODEV);
	T_EXPECT(sctl(&s, "clock", out, sizeof(out)) == -EINVAL);
	T_EXPECT(!sctl(&s, "power pd off", out, sizeof(out)));
	T_EXPECT(!strcmp(out, "pd: state=0x40000000 notify=no\n"));
	T_EXPECT(sctl(&s, "power pd dim", out, sizeof(out)) == -EINVAL);
	T_EXPECT(sctl(&s, "power nopd", out, sizeof(out)) == -ENODEV);
	T_EXPECT(sctl(&s, "perf x", out, sizeof(out)) == -ENODEV);
	sdev_fini(&s);
}

static void test_stats(void)
{
	char out[2048];
	struct srep r;
	struct sev e;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	sev_post(&s, 2, 136);
	T_ASSERT(SCMD0(&s, SHDR(SCMI_PROTOCOL_BASE, 0, 1), &r));
	T_ASSERT(SCMD(&s, SENS(6, 2), &r, 1, 0));
	T_EXPECT(r.status == SCMI_PROTOCOL_ERROR);
	T_ASSERT(SCMD(&s, SENS(4, 3), &r, 0, 1));
	T_ASSERT(SCMD(&s, SENS(5, 4), &r, 0, 1, 25000, 0));
	T_ASSERT(SCMD(&s, CLK(9, 5), &r, 0, 1));
	T_ASSERT(SCMD0(&s, SHDR(0x42, 0, 6), &r));
	T_EXPECT(!sctl(&s, "sensor t 30000", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(!sctl(&s, "stats", out, sizeof(out)));
	T_EXPECT(strstr(out, "commands_base=1\n") &&
		 strstr(out, "commands_sensor=3\n") &&
		 strstr(out, "commands_clock=1\n") &&
		 strstr(out, "commands_other=1\n") &&
		 strstr(out, "status_SUCCESS=4\n") &&
		 strstr(out, "status_NOT_SUPPORTED=1\n") &&
		 strstr(out, "status_PROTOCOL_ERROR=1\n") &&
		 strstr(out, "notifications_sent=1\n") &&
		 strstr(out, "delayed_sent=0\n") && strstr(out, "waiting=0\n"));
	T_EXPECT(!sctl(&s, "notify-stats", out, sizeof(out)));
	T_EXPECT(strstr(out, "sensor_trip_point: enabled=1 sent=1 dropped=0\n") &&
		 strstr(out, "clock_rate_changed: enabled=1 sent=0 dropped=0\n") &&
		 strstr(out, "sensor_update: enabled=0 sent=0 dropped=0\n") &&
		 strstr(out, "eventq=yes\n"));
	T_EXPECT(sctl(&s, "stats now", out, sizeof(out)) == -EINVAL);
	sdev_fini(&s);
}

/* Notifications pile up without buffers; the oldest go first. */
static void test_waiting_notifications(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sev e;
	struct sdev s;
	unsigned int i, notif;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	T_ASSERT(SCMD(&s, CLK(9, 1), &r, 0, 1));
	for (i = 0; i < 70; i++)
		T_EXPECT(!sctl(&s, i & 1 ? "clock c 1M" : "clock c 2M", out,
			       sizeof(out)));
	T_EXPECT(scmi_outq_len(p, &notif) == 64 && notif == 64);
	T_EXPECT(p->stats.events[SCMI_EV_CLOCK_RATE].dropped == 6);
	/* The seventh change comes first. */
	sev_post(&s, 1, 136);
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.w[2] == 2000000 && scmi_outq_len(p, NULL) == 63);
	/* Only a buffer too small for them: dropped, the buffer kept. */
	sev_post(&s, 1, 12);
	T_EXPECT(!sev_get(&s, &e) && scmi_outq_len(p, NULL) == 0);
	T_EXPECT(p->stats.events[SCMI_EV_CLOCK_RATE].dropped == 69);
	/* A larger buffer behind it is used. */
	sev_post(&s, 1, 136);
	T_EXPECT(!sctl(&s, "clock c 2M", out, sizeof(out)));
	T_ASSERT(sev_get(&s, &e));
	T_EXPECT(e.len == 20 && s.ev_size[e.head] == 136);
	sdev_fini(&s);
}

/* A device reset forgets requests and drops what is in progress. */
static void test_reset(void)
{
	struct scmi_platform *p;
	char out[256];
	struct srep r;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, conf, true));
	p = sdev_platform(&s);
	T_ASSERT(SCMD(&s, SENS(0xa, 1), &r, 1, 1 << 16 | 1));
	T_ASSERT(SCMD(&s, SENS(0xb, 2), &r, 1, 1));
	T_ASSERT(SCMD(&s, SENS(4, 3), &r, 0, 1));
	T_ASSERT(SCMD(&s, CLK(9, 4), &r, 0, 1));
	T_ASSERT(SCMD(&s, CLK(5, 5), &r, 1, 0, 2000000, 0));
	T_EXPECT(r.status == 0 && p->clock_async == 1);
	T_EXPECT(!sctl(&s, "sensor t 1", out, sizeof(out)));
	T_EXPECT(!sctl(&s, "clock c 2M", out, sizeof(out)));
	T_EXPECT(!sctl(&s, "fault status=-1,count=5", out, sizeof(out)));
	T_EXPECT(p->sensors[1].armed && scmi_outq_len(p, NULL));
	vdev_reset(&s.t.tf.dev);
	T_EXPECT(!p->sensors[1].armed && !p->sensors[1].enabled &&
		 !p->sensors[1].notify_update && !p->sensors[0].notify_trip &&
		 !p->clocks[0].notify_rate && !p->clock_async &&
		 !scmi_outq_len(p, NULL) && vlist_empty(&p->async));
	T_EXPECT(scmi_sensor_value(&p->sensors[0], 0) == 20000 &&
		 p->clocks[0].rate == 1000000);
	/* Faults and counters stay. */
	T_EXPECT(p->fault.active && p->stats.commands[5] == 3);
	sdev_run(&s, 20);
	sdev_fini(&s);
}

/* Commands through the control channel's runner, as in NAME.cmd files. */
static void test_control_exec(void)
{
	char *buf = NULL;
	size_t len = 0;
	struct sdev s;
	FILE *f;

	T_ASSERT(!sdev_start(&s, conf, true));
	f = open_memstream(&buf, &len);
	T_ASSERT(f);
	T_EXPECT(!vdev_control_exec(&s.t.tf.dev, "clock c 2M", f));
	T_EXPECT(!vdev_control_exec(&s.t.tf.dev, "fault status=busy,count=1",
				    f));
	T_EXPECT(vdev_control_exec(&s.t.tf.dev, "fault status=x", f) ==
		 -EINVAL);
	T_EXPECT(!vdev_control_exec(&s.t.tf.dev, "fault off", f));
	T_EXPECT(vdev_control_exec(&s.t.tf.dev, "nonsense", f) == -ENOENT);
	fclose(f);
	T_EXPECT(buf && !strcmp(buf,
				"c: rate=2000000 enabled=yes rate_notify=no request_notify=no\n"));
	free(buf);
	T_EXPECT(!sdev_platform(&s)->fault.active);
	sdev_fini(&s);
}

/**
 * scmi_ctl_tests() - run the SCMI control command test cases
 */
void scmi_ctl_tests(void)
{
	tap_run("scmi control: sensor commands", test_sensor_commands);
	tap_run("scmi control: clock and power commands",
		test_clock_power_commands);
	tap_run("scmi control: stats and notify-stats", test_stats);
	tap_run("scmi control: notifications waiting for buffers",
		test_waiting_notifications);
	tap_run("scmi control: device reset", test_reset);
	tap_run("scmi control: commands through the control runner",
		test_control_exec);
}
