// SPDX-License-Identifier: GPL-2.0
/*
 * SCMI platform configuration tests: the shipped platform.conf is the
 * built-in default, descriptions load all or nothing with a message that
 * names the line, value sources and update interval encodings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../models.h"
#include "../util.h"
#include "scmi_util.h"
#include "tap.h"

static void test_default(void)
{
	struct scmi_platform *p;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	p = sdev_platform(&s);
	T_EXPECT(p->num_sensors == 9 && p->num_clocks == 5 &&
		 p->num_perfs == 2 && p->num_powers == 4 &&
		 p->num_resets == 3 && p->num_voltages == 3 && p->system);
	T_EXPECT(p->sensors[7].cfg.num_axes == 3 &&
		 !strcmp(p->sensors[7].cfg.axes[2].name, "accel_Z") &&
		 p->sensors[7].cfg.segmented);
	T_EXPECT(!strcmp(p->clocks[1].cfg.name, "gpu_clk") &&
		 p->clocks[1].cfg.range && p->clocks[1].rate == 400000000);
	/* The shipped file is what is built in (run from the source dir). */
	f = fopen("scmi/platform.conf", "r");
	if (!f) {
		tap_diag("scmi/platform.conf not found from here; not compared");
	} else {
		T_EXPECT(getdelim(&text, &len, '\0', f) > 0);
		fclose(f);
		T_EXPECT(text && !strcmp(text, scmi_default_config));
		free(text);
	}
	sdev_fini(&s);
}

static const struct {
	const char *text;
	const char *msg;
} bad_configs[] = {
	{ "bogus x\n", "test:1: unknown line 'bogus'" },
	{ "\n# c\nsensor\n", "test:3: sensor needs a name" },
	{ "sensor a type=celsius colour=red\n", "unknown sensor key 'colour'" },
	{ "sensor a type=teapot\n", "bad value 'teapot' for type" },
	{ "sensor a scale=99\n", "bad value '99' for scale" },
	{ "sensor a value=sine:1:0:10\n", "bad value" },
	{ "sensor a value=sine:0:1:0\n", "bad value" },
	{ "sensor a trips=17\n", "bad value '17' for trips" },
	{ "sensor a\nsensor a\n", "test:2: sensor 'a' defined twice" },
	{ "sensor a nokey\n", "expected KEY=VALUE" },
	{ "axis x\n", "axis without a sensor before it" },
	{ "sensor a\nclock c rates=1\naxis x\n", "axis without a sensor" },
	{ "sensor a trips=1\naxis x\n", "test:1: sensor a: trip points need a scalar sensor" },
	{ "sensor a value=3\naxis x\n", "value= belongs on its axis lines" },
	{ "sensor a range=1:2\naxis x\n", "belong on its axis lines" },
	{ "sensor a\naxis x\naxis x\n", "axis 'x' defined twice" },
	{ "sensor a\naxis x power=1\n", "unknown axis key 'power'" },
	{ "sensor a intervals=1s,10ms\n", "bad intervals" },
	{ "sensor a intervals=range:10ms:1s:40ms\n", "bad intervals" },
	{ "sensor a intervals=10ms,20ms interval=30ms\n", "interval is not one of its intervals" },
	{ "sensor a interval=0\n", "bad interval" },
	{ "sensor a resolution=134217728\n", "bad value" },
	{ "sensor a range=5:1\n", "bad value '5:1' for range" },
	{ "sensor aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	  "bad sensor name" },
	{ "clock c\n", "clock c needs rates=" },
	{ "clock c rates=2M,1M\n", "bad rates" },
	{ "clock c rates=1M,2M rate=3M\n", "rate is not one of its rates" },
	{ "clock c rates=range:1M:10M:2M\n", "bad rates" },
	{ "clock c rates=1M deny=everything\n", "bad value 'everything' for deny" },
	{ "clock c rates=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\n", "bad rates" },
	{ "perf p\n", "perf p needs levels=" },
	{ "perf p levels=2,1\n", "bad level '1'" },
	{ "perf p levels=1,2 level=3\n", "level and limits must be levels" },
	{ "perf p levels=1,2,3 limits=3:1\n", "level and limits must be levels" },
	{ "perf p levels=1:2:3:4\n", "bad level" },
	{ "power d state=dim\n", "bad value 'dim' for state" },
	{ "power d colour=1\n", "unknown power key" },
	{ "reset r async=maybe\n", "bad value 'maybe' for async" },
	{ "voltage v\n", "voltage v needs levels=" },
	{ "voltage v levels=1,2 level=3\n", "level is not one of its levels" },
	{ "voltage v levels=range:0:10:3\n", "bad levels" },
	{ "system\nsystem\n", "test:2: system defined twice" },
	{ "system hibernate=yes\n", "unknown system key" },
	{ "platform vendor=0123456789abcdef\n", "bad value" },
	{ "platform perf_power=kw\n", "bad value 'kw' for perf_power" },
	{ "platform colour=1\n", "unknown platform key" },
};

static void test_errors(void)
{
	struct scmi_platform *p;
	char err[320], big[4096];
	unsigned int i, n;
	bool found;
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	p = sdev_platform(&s);
	for (i = 0; i < ARRAY_SIZE(bad_configs); i++) {
		err[0] = '\0';
		T_EXPECT(scmi_platform_load(p, bad_configs[i].text, "test", err,
					    sizeof(err)) == -EINVAL);
		found = !!strstr(err, bad_configs[i].msg);
		if (!found)
			tap_diag("config %u: got \"%.300s\"", i, err);
		T_EXPECT(found);
	}
	/* Too many of a kind. */
	for (n = 0, i = 0; i <= SCMI_MAX_SENSORS; i++)
		n += snprintf(big + n, sizeof(big) - n, "sensor s%u\n", i);
	T_EXPECT(scmi_platform_load(p, big, "test", err, sizeof(err)) ==
		 -EINVAL && strstr(err, "more than 32 sensors"));
	/* A failed load leaves the platform as it was. */
	T_EXPECT(p->num_sensors == 9 && p->num_clocks == 5 && p->system);
	/* An empty platform offers Base only. */
	T_EXPECT(!scmi_platform_load(p, "# nothing\n", "test", err,
				     sizeof(err)));
	T_EXPECT(!p->num_sensors && !p->num_clocks && !p->system &&
		 !scmi_protocol_list(p, NULL, 0));
	sdev_fini(&s);
}

static void test_defaults_and_keys(void)
{
	static const char conf[] =
		"platform vendor=v sub_vendor=sv impl_version=0x20 agent=a\n"
		"platform async_delay_ms=3 clock_max_async=0 sensor_max_async=9\n"
		"sensor s unit=42 scale=-2 value=square:-5:5:100 trips=3\n"
		"sensor t type=joules async=yes update=no enabled=no timestamp=-3 power=7 resolution=5e-2 range=-9:9 intervals=1ms,1s,10s interval=10s\n"
		"clock c rates=1k,2K,3M,4G\n"
		"clock d rates=range:1M:9M:1M rate=5M enabled=off notify=no deny=rate latency_us=7\n"
		"perf p levels=5,10:1,20:2:3 limits=5:10 set_limits=no rate_limit_us=9\n"
		"power q state=off notify=no deny=yes\n"
		"reset r latency_us=4 async=yes notify=no asserted=yes deny=yes\n"
		"voltage v levels=range:-100:100:50 level=-50 enabled=no async=yes\n"
		"system warm_reset=yes suspend=no\n";
	const struct scmi_sensor_cfg *sc;
	struct scmi_platform *p;
	char err[320];
	struct sdev s;

	T_ASSERT(!sdev_start(&s, NULL, true));
	p = sdev_platform(&s);
	if (scmi_platform_load(p, conf, "test", err, sizeof(err)))
		tap_diag("%s", err);
	T_ASSERT(p->num_sensors == 2);
	T_EXPECT(!strcmp(p->cfg.vendor, "v") && !strcmp(p->cfg.sub_vendor, "sv") &&
		 p->cfg.impl_version == 0x20 && !strcmp(p->cfg.agent, "a") &&
		 p->cfg.async_delay_ms == 3 && p->cfg.clock_max_async == 0 &&
		 p->cfg.sensor_max_async == 9 && p->cfg.perf_power == 1);
	sc = &p->sensors[0].cfg;
	T_EXPECT(sc->type == 42 && sc->scale == -2 && sc->num_trips == 3 &&
		 sc->wave.kind == SCMI_WAVE_SQUARE && sc->wave.min == -5 &&
		 sc->enabled && sc->update && !sc->async && !sc->extended);
	T_EXPECT(sc->num_intervals == 1 && sc->intervals[0].ns == 1000000000 &&
		 sc->interval.ns == 1000000000);
	sc = &p->sensors[1].cfg;
	T_EXPECT(sc->type == SCMI_UNIT_JOULES && sc->async && !sc->update &&
		 !sc->enabled && sc->timestamped && sc->ts_exp == -3 &&
		 sc->extended && sc->power_uw == 7 && sc->resolution == 5 &&
		 sc->res_exp == -2 && sc->min == -9 && sc->max == 9);
	T_EXPECT(!sc->num_axes && sc->num_intervals == 3 &&
		 sc->interval.ns == 10000000000ull && !sc->segmented);
	T_EXPECT(p->clocks[0].cfg.num_rates == 4 &&
		 p->clocks[0].cfg.rates[1] == 2000 &&
		 p->clocks[0].cfg.rates[3] == 4000000000ull &&
		 p->clocks[0].rate == 1000 && p->clocks[0].enabled &&
		 p->clocks[0].cfg.notify);
	T_EXPECT(p->clocks[1].cfg.range && p->clocks[1].rate == 5000000 &&
		 !p->clocks[1].enabled && !p->clocks[1].cfg.notify &&
		 p->clocks[1].cfg.deny_rate && !p->clocks[1].cfg.deny_state &&
		 p->clocks[1].cfg.latency_us == 7);
	T_EXPECT(p->perfs[0].cfg.num_levels == 3 && p->perfs[0].level == 10 &&
		 p->perfs[0].max == 10 && p->perfs[0].min == 5 &&
		 p->perfs[0].cfg.levels[2].latency_us == 3 &&
		 p->perfs[0].cfg.levels[1].power == 1 &&
		 !p->perfs[0].cfg.set_limits && p->perfs[0].cfg.set_level &&
		 p->perfs[0].cfg.rate_limit_us == 9);
	T_EXPECT(p->powers[0].state == SCMI_POWER_OFF &&
		 !p->powers[0].cfg.notify && p->powers[0].cfg.deny);
	T_EXPECT(p->resets[0].cfg.latency_us == 4 && p->resets[0].cfg.async &&
		 !p->resets[0].cfg.notify && p->resets[0].asserted &&
		 p->resets[0].cfg.deny);
	T_EXPECT(p->voltages[0].cfg.segmented &&
		 p->voltages[0].cfg.levels[0] == -100 &&
		 p->voltages[0].cfg.levels[2] == 50 &&
		 p->voltages[0].level == -50 && p->voltages[0].config == 0 &&
		 p->voltages[0].cfg.async);
	T_EXPECT(p->system && p->system_cfg.warm_reset &&
		 !p->system_cfg.suspend);
	sdev_fini(&s);
}

static void test_waves(void)
{
	struct scmi_wave w;
	char buf[64];
	uint64_t ms = 1000000;

	T_EXPECT(!scmi_wave_parse("-42", &w) && w.kind == SCMI_WAVE_CONST &&
		 scmi_wave_value(&w, 12345) == -42);
	scmi_wave_print(&w, buf, sizeof(buf));
	T_EXPECT(!strcmp(buf, "-42"));
	T_EXPECT(!scmi_wave_parse("sine:0:1000:100", &w));
	T_EXPECT(scmi_wave_value(&w, 0) == 500);
	T_EXPECT(scmi_wave_value(&w, 25 * ms) == 1000);
	T_EXPECT(scmi_wave_value(&w, 50 * ms) == 500);
	T_EXPECT(scmi_wave_value(&w, 75 * ms) == 0);
	T_EXPECT(scmi_wave_value(&w, 125 * ms) == 1000);
	T_EXPECT(scmi_wave_value(&w, 100 * ms / 12) == 750);
	scmi_wave_print(&w, buf, sizeof(buf));
	T_EXPECT(!strcmp(buf, "sine:0:1000:100"));
	T_EXPECT(!scmi_wave_parse("ramp:-100:100:200", &w));
	T_EXPECT(scmi_wave_value(&w, 0) == -100 &&
		 scmi_wave_value(&w, 100 * ms) == 0 &&
		 scmi_wave_value(&w, 150 * ms) == 50 &&
		 scmi_wave_value(&w, 200 * ms) == -100);
	T_EXPECT(!scmi_wave_parse("triangle:0:100:100", &w));
	T_EXPECT(scmi_wave_value(&w, 0) == 0 &&
		 scmi_wave_value(&w, 25 * ms) == 50 &&
		 scmi_wave_value(&w, 50 * ms) == 100 &&
		 scmi_wave_value(&w, 75 * ms) == 50);
	T_EXPECT(!scmi_wave_parse("square:1:2:10", &w));
	T_EXPECT(scmi_wave_value(&w, 4 * ms) == 1 &&
		 scmi_wave_value(&w, 6 * ms) == 2);
	T_EXPECT(scmi_wave_parse("saw:1:2:10", &w) &&
		 scmi_wave_parse("sine:1:2", &w) &&
		 scmi_wave_parse("sine:1:2:3:4", &w) &&
		 scmi_wave_parse("", &w) && scmi_wave_parse("12x", &w));
}

static void test_intervals(void)
{
	struct scmi_interval iv;

	T_EXPECT(!scmi_interval_from_ns(10000000, &iv) && iv.secs == 1 &&
		 iv.exp == -2 && iv.ns == 10000000);
	T_EXPECT(!scmi_interval_from_ns(1000000000, &iv) && iv.secs == 1 &&
		 iv.exp == 0);
	T_EXPECT(!scmi_interval_from_ns(1500000000, &iv) && iv.secs == 15 &&
		 iv.exp == -1);
	T_EXPECT(!scmi_interval_from_ns(7, &iv) && iv.secs == 7 &&
		 iv.exp == -9);
	T_EXPECT(!scmi_interval_from_ns(70000000000000ull, &iv) &&
		 iv.secs == 7 && iv.exp == 4);
	/* More than 16 bits of mantissa: rounded. */
	T_EXPECT(!scmi_interval_from_ns(123456789, &iv) && iv.secs == 12346 &&
		 iv.exp == -5 && iv.ns == 123460000);
	T_EXPECT(scmi_interval_from_ns(0, &iv) != 0);
	T_EXPECT(scmi_interval_ns(1, -16) == 0);
	T_EXPECT(scmi_interval_ns(3, 2) == 300000000000ull);
	T_EXPECT(scmi_interval_ns(65535, 15) == UINT64_MAX);
}

static void test_config_option(void)
{
	static const char conf[] = "clock only rates=1M\n";
	char path[] = "/tmp/vdev-scmi-conf-XXXXXX";
	struct scmi_platform *p;
	struct srep r;
	struct sdev s;
	int fd;

	T_ASSERT(!sdev_start(&s, NULL, true));
	p = sdev_platform(&s);
	fd = mkstemp(path);
	T_ASSERT(fd >= 0);
	T_EXPECT(write(fd, conf, sizeof(conf) - 1) == sizeof(conf) - 1);
	close(fd);
	T_EXPECT(!scmi_model.parse_option(&s.t.tf.dev, scmi_model.options[3].val,
					  path));
	unlink(path);
	T_EXPECT(p->num_clocks == 1 && !p->num_sensors);
	T_ASSERT(SCMD(&s, SHDR(SCMI_PROTOCOL_BASE, 6, 1), &r, 0));
	T_EXPECT(r.used == 16 && r.w[0] == 1 && r.w[1] == 0x14);
	sdev_fini(&s);
}

/**
 * scmi_config_tests() - run the configuration test cases
 */
void scmi_config_tests(void)
{
	tap_run("scmi config: shipped platform.conf is the built-in default",
		test_default);
	tap_run("scmi config: bad descriptions name the line, change nothing",
		test_errors);
	tap_run("scmi config: every key and default", test_defaults_and_keys);
	tap_run("scmi config: waveforms", test_waves);
	tap_run("scmi config: update interval encoding", test_intervals);
	tap_run("scmi config: --config FILE", test_config_option);
}
