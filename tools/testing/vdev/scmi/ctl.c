// SPDX-License-Identifier: GPL-2.0
/*
 * Control commands of the SCMI device (see ../control.h for the channel):
 *
 *	sensor NAME		print the value of each axis and the state
 *	sensor NAME V [V...]	give the sensor (or the axis NAME) new values,
 *				one per axis; V is a number or a waveform
 *				(sine:MIN:MAX:PERIOD_MS, ...); trip points
 *				crossed fire at once
 *	sensors			one line per sensor
 *	clock NAME		print the rate and whether it runs
 *	clock NAME RATE|on|off	change the clock from the platform side
 *	perf NAME		print level and limits
 *	perf NAME level L	change the level from the platform side
 *	perf NAME limits MAX MIN  change the limits from the platform side
 *	power NAME [on|off]	print or change a power domain
 *	system STATE [forceful] [timeout=MS]  send a system power state
 *				notification; STATE: shutdown, cold-reset,
 *				warm-reset, power-up, suspend or a number
 *	stats			command and message counters
 *	notify-stats		notifications enabled, sent and dropped
 *	fault SPEC		status fault, see scmi_fault_parse(); "off"
 *
 * Output lines are KEY=VALUE where it makes sense, for scripts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "scmi.h"

#define MAX_ARGS	(SCMI_MAX_AXES + 2)

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_sensor(struct scmi_platform *p, struct scmi_sensor *s,
			 FILE *out)
{
	unsigned int i, n = s->cfg.num_axes ? s->cfg.num_axes : 1;
	char src[96];

	fprintf(out, "%s:", s->cfg.name);
	for (i = 0; i < n; i++)
		fprintf(out, " %lld", (long long)scmi_sensor_value(s, i));
	fprintf(out, " enabled=%s interval_ns=%llu update_notify=%s trip_notify=%s source=",
		yes_no(s->enabled), (unsigned long long)s->interval.ns,
		yes_no(s->notify_update), yes_no(s->notify_trip));
	for (i = 0; i < n; i++) {
		scmi_wave_print(&s->wave[i], src, sizeof(src));
		fprintf(out, "%s%s", i ? "," : "", src);
	}
	fputc('\n', out);
}

static int cmd_sensor(struct scmi_platform *p, char **argv, int argc,
		      FILE *out)
{
	struct scmi_wave waves[SCMI_MAX_AXES];
	struct scmi_sensor *s;
	unsigned int first = 0, i, n, a;

	if (argc < 2)
		return -EINVAL;
	s = scmi_sensor_by_name(p, argv[1]);
	for (i = 0; !s && i < p->num_sensors; i++) {
		for (a = 0; a < p->sensors[i].cfg.num_axes; a++) {
			if (!strcmp(p->sensors[i].cfg.axes[a].name, argv[1])) {
				s = &p->sensors[i];
				first = a;
				break;
			}
		}
	}
	if (!s)
		return -ENODEV;
	if (argc == 2) {
		print_sensor(p, s, out);
		return 0;
	}
	n = s->cfg.num_axes ? s->cfg.num_axes : 1;
	if ((unsigned int)argc - 2 > n - first)
		return -E2BIG;
	for (i = 0; i < n; i++)
		waves[i] = s->wave[i];
	for (i = 2; i < (unsigned int)argc; i++)
		if (scmi_wave_parse(argv[i], &waves[first + i - 2]))
			return -EINVAL;
	scmi_sensor_set(s, waves, n);
	print_sensor(p, s, out);
	return 0;
}

static int cmd_sensors(struct scmi_platform *p, char **argv, int argc,
		       FILE *out)
{
	unsigned int i;

	if (argc != 1)
		return -EINVAL;
	for (i = 0; i < p->num_sensors; i++)
		print_sensor(p, &p->sensors[i], out);
	return 0;
}

static int cmd_clock(struct scmi_platform *p, char **argv, int argc,
		     FILE *out)
{
	struct scmi_clock *c;
	uint64_t rate;

	if (argc < 2 || argc > 3)
		return -EINVAL;
	c = scmi_clock_by_name(p, argv[1]);
	if (!c)
		return -ENODEV;
	if (argc == 3 && (!strcmp(argv[2], "on") || !strcmp(argv[2], "off"))) {
		c->enabled = !strcmp(argv[2], "on");
	} else if (argc == 3) {
		if (scmi_parse_rate(argv[2], &rate) ||
		    !scmi_clock_rate_valid(&c->cfg, rate))
			return -ERANGE;
		scmi_clock_apply(p, c, rate, SCMI_AGENT_PLATFORM);
	}
	fprintf(out, "%s: rate=%llu enabled=%s rate_notify=%s request_notify=%s\n",
		c->cfg.name, (unsigned long long)c->rate, yes_no(c->enabled),
		yes_no(c->notify_rate), yes_no(c->notify_req));
	return 0;
}

static int parse_u32_arg(const char *s, uint32_t *v)
{
	uint64_t n;

	if (scmi_parse_u64(s, &n) || n > UINT32_MAX)
		return -EINVAL;
	*v = n;
	return 0;
}

static int cmd_perf(struct scmi_platform *p, char **argv, int argc,
		    FILE *out)
{
	uint32_t a, b;
	struct scmi_perf *d;
	int32_t st = SCMI_SUCCESS;

	if (argc < 2)
		return -EINVAL;
	d = scmi_perf_by_name(p, argv[1]);
	if (!d)
		return -ENODEV;
	if (argc == 4 && !strcmp(argv[2], "level")) {
		if (parse_u32_arg(argv[3], &a))
			return -EINVAL;
		st = scmi_perf_level(p, d, a, SCMI_AGENT_PLATFORM);
	} else if (argc == 5 && !strcmp(argv[2], "limits")) {
		if (parse_u32_arg(argv[3], &a) || parse_u32_arg(argv[4], &b))
			return -EINVAL;
		st = scmi_perf_limits(p, d, a, b, SCMI_AGENT_PLATFORM);
	} else if (argc != 2) {
		return -EINVAL;
	}
	if (st)
		return -ERANGE;
	fprintf(out, "%s: level=%u max=%u min=%u limits_notify=%s level_notify=%s\n",
		d->cfg.name, d->level, d->max, d->min,
		yes_no(d->notify_limits), yes_no(d->notify_level));
	return 0;
}

static int cmd_power(struct scmi_platform *p, char **argv, int argc,
		     FILE *out)
{
	struct scmi_power *d;

	if (argc < 2 || argc > 3)
		return -EINVAL;
	d = scmi_power_by_name(p, argv[1]);
	if (!d)
		return -ENODEV;
	if (argc == 3) {
		if (!strcmp(argv[2], "on"))
			scmi_power_apply(p, d, SCMI_POWER_ON,
					 SCMI_AGENT_PLATFORM);
		else if (!strcmp(argv[2], "off"))
			scmi_power_apply(p, d, SCMI_POWER_OFF,
					 SCMI_AGENT_PLATFORM);
		else
			return -EINVAL;
	}
	fprintf(out, "%s: state=0x%08x notify=%s\n", d->cfg.name, d->state,
		yes_no(d->notify));
	return 0;
}

static int cmd_system(struct scmi_platform *p, char **argv, int argc,
		      FILE *out)
{
	static const char *const states[] = {
		"shutdown", "cold-reset", "warm-reset", "power-up", "suspend",
	};
	uint32_t state, timeout = 0;
	bool graceful = true;
	unsigned int i;
	int ret;

	if (argc < 2)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(states); i++)
		if (!strcmp(argv[1], states[i]))
			break;
	if (i < ARRAY_SIZE(states))
		state = i;
	else if (parse_u32_arg(argv[1], &state))
		return -EINVAL;
	for (i = 2; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "forceful"))
			graceful = false;
		else if (!strncmp(argv[i], "timeout=", 8) &&
			 !parse_u32_arg(argv[i] + 8, &timeout))
			continue;
		else
			return -EINVAL;
	}
	ret = scmi_system_notify(p, state, graceful, timeout);
	if (ret < 0)
		return -ENODEV;
	fprintf(out, "system: %s\n", ret ? "sent" : "not requested by the agent");
	return 0;
}

static int cmd_stats(struct scmi_platform *p, char **argv, int argc,
		     FILE *out)
{
	static const char *const protos[] = {
		"base", "power", "system", "perf", "clock", "sensor", "reset",
		"voltage", "other",
	};
	uint64_t sent = 0, dropped = 0;
	unsigned int i, waiting, notif;

	if (argc != 1)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(protos); i++)
		fprintf(out, "commands_%s=%llu\n", protos[i],
			(unsigned long long)p->stats.commands[i]);
	for (i = 0; i < SCMI_NUM_STATUS; i++)
		fprintf(out, "status_%s=%llu\n", scmi_status_name(-(int32_t)i),
			(unsigned long long)p->stats.status[i]);
	for (i = 0; i < SCMI_NUM_EVENTS; i++) {
		sent += p->stats.events[i].sent;
		dropped += p->stats.events[i].dropped;
	}
	waiting = scmi_outq_len(p, &notif);
	fprintf(out, "unanswered=%llu\nfaults=%llu\n",
		(unsigned long long)p->stats.unanswered,
		(unsigned long long)p->stats.faults);
	fprintf(out, "delayed_sent=%llu\nasync_pending=%u\n",
		(unsigned long long)p->stats.delayed_sent,
		p->sensor_async + p->clock_async + p->other_async);
	fprintf(out, "notifications_sent=%llu\nnotifications_dropped=%llu\n",
		(unsigned long long)sent, (unsigned long long)dropped);
	fprintf(out, "waiting=%u\nwaiting_notifications=%u\n", waiting, notif);
	fprintf(out, "system_requests=%llu\n",
		(unsigned long long)p->system_requests);
	return 0;
}

/* How many sources the agent enabled each kind of notification for. */
static void enabled_counts(const struct scmi_platform *p, unsigned int *en)
{
	unsigned int i;

	memset(en, 0, SCMI_NUM_EVENTS * sizeof(*en));
	en[SCMI_EV_BASE_ERROR] = p->error_notify;
	en[SCMI_EV_SYSTEM_POWER] = p->system_notify;
	for (i = 0; i < p->num_powers; i++)
		en[SCMI_EV_POWER_STATE] += p->powers[i].notify;
	for (i = 0; i < p->num_perfs; i++) {
		en[SCMI_EV_PERF_LIMITS] += p->perfs[i].notify_limits;
		en[SCMI_EV_PERF_LEVEL] += p->perfs[i].notify_level;
	}
	for (i = 0; i < p->num_clocks; i++) {
		en[SCMI_EV_CLOCK_RATE] += p->clocks[i].notify_rate;
		en[SCMI_EV_CLOCK_RATE_REQ] += p->clocks[i].notify_req;
	}
	for (i = 0; i < p->num_sensors; i++) {
		en[SCMI_EV_SENSOR_TRIP] += p->sensors[i].notify_trip;
		en[SCMI_EV_SENSOR_UPDATE] += p->sensors[i].notify_update;
	}
	for (i = 0; i < p->num_resets; i++)
		en[SCMI_EV_RESET_ISSUED] += p->resets[i].notify;
}

static int cmd_notify_stats(struct scmi_platform *p, char **argv, int argc,
			    FILE *out)
{
	unsigned int en[SCMI_NUM_EVENTS], i, waiting, notif;

	if (argc != 1)
		return -EINVAL;
	enabled_counts(p, en);
	for (i = 0; i < SCMI_NUM_EVENTS; i++)
		fprintf(out, "%s: enabled=%u sent=%llu dropped=%llu\n",
			scmi_event_name(i), en[i],
			(unsigned long long)p->stats.events[i].sent,
			(unsigned long long)p->stats.events[i].dropped);
	waiting = scmi_outq_len(p, &notif);
	fprintf(out, "waiting=%u waiting_notifications=%u delayed_sent=%llu eventq=%s\n",
		waiting, notif, (unsigned long long)p->stats.delayed_sent,
		p->p2a ? "yes" : "no");
	return 0;
}

static int cmd_fault(struct scmi_platform *p, char **argv, int argc,
		     FILE *out)
{
	if (argc != 2)
		return -EINVAL;
	return scmi_fault_parse(&p->fault, argv[1]);
}

static const struct {
	const char *name;
	int (*fn)(struct scmi_platform *p, char **argv, int argc, FILE *out);
} scmi_commands[] = {
	{ "sensor", cmd_sensor },
	{ "sensors", cmd_sensors },
	{ "clock", cmd_clock },
	{ "perf", cmd_perf },
	{ "power", cmd_power },
	{ "system", cmd_system },
	{ "stats", cmd_stats },
	{ "notify-stats", cmd_notify_stats },
	{ "fault", cmd_fault },
};

/**
 * scmi_control() - the control hook of the SCMI device
 * @dev: device
 * @cmd: command line
 * @out: output
 *
 * Return: 0, -ENOENT for an unknown command, or another negative errno
 * (-EINVAL bad arguments, -ENODEV unknown resource, -ERANGE value the
 * resource does not support).
 */
int scmi_control(struct vdev *dev, const char *cmd, FILE *out)
{
	struct scmi_platform *p = vdev_priv(dev);
	char *copy = strdup(cmd), *argv[MAX_ARGS + 1], *save = NULL, *tok;
	unsigned int i;
	int argc = 0, ret = -ENOENT;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (argc == MAX_ARGS) {
			free(copy);
			return -E2BIG;
		}
		argv[argc++] = tok;
	}
	argv[argc] = NULL;
	for (i = 0; argc && i < ARRAY_SIZE(scmi_commands); i++) {
		if (!strcmp(argv[0], scmi_commands[i].name)) {
			ret = scmi_commands[i].fn(p, argv, argc, out);
			break;
		}
	}
	free(copy);
	return ret;
}
