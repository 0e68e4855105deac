/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SCMI platform description: what the platform offers, as read from a
 * configuration file (see platform.conf for the format) by config.c.
 *
 * Everything has a fixed maximum so that the whole platform lives in the
 * device's private state and needs no freeing.
 */
#ifndef VDEV_SCMI_CONFIG_H
#define VDEV_SCMI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCMI_NAME_MAX		64	/* with the NUL, as extended names */

#define SCMI_MAX_SENSORS	32
#define SCMI_MAX_AXES		8
#define SCMI_MAX_TRIPS		16
#define SCMI_MAX_INTERVALS	16
#define SCMI_MAX_CLOCKS		32
#define SCMI_MAX_RATES		16	/* the Linux agent takes 16 at most */
#define SCMI_MAX_PERFS		16
#define SCMI_MAX_LEVELS		32	/* the Linux agent takes 32 at most */
#define SCMI_MAX_POWERS		32
#define SCMI_MAX_RESETS		32
#define SCMI_MAX_VOLTAGES	16
#define SCMI_MAX_VLEVELS	64

/* Sensor unit types (SCMI sensor "type") used by name in this code. */
#define SCMI_UNIT_CELSIUS		0x02
#define SCMI_UNIT_VOLTS			0x05
#define SCMI_UNIT_AMPS			0x06
#define SCMI_UNIT_WATTS			0x07
#define SCMI_UNIT_JOULES		0x08
#define SCMI_UNIT_RADIANS_SEC		0x57
#define SCMI_UNIT_METERS_SEC_SQUARED	0x59

enum scmi_wave_kind {
	SCMI_WAVE_CONST,
	SCMI_WAVE_SINE,
	SCMI_WAVE_RAMP,
	SCMI_WAVE_TRIANGLE,
	SCMI_WAVE_SQUARE,
};

/**
 * struct scmi_wave - where a sensor value comes from
 * @kind: constant or periodic waveform
 * @min: the constant, or the lowest value of the waveform
 * @max: the highest value of the waveform
 * @period_ms: period of the waveform
 */
struct scmi_wave {
	enum scmi_wave_kind kind;
	int64_t min;
	int64_t max;
	uint32_t period_ms;
};

/**
 * struct scmi_interval - a sensor update interval
 * @ns: length in nanoseconds
 * @secs: SCMI encoding: @secs * 10^@exp seconds, @secs < 65536
 * @exp: power of ten, -16 to 15
 */
struct scmi_interval {
	uint64_t ns;
	uint16_t secs;
	int8_t exp;
};

/**
 * struct scmi_axis_cfg - one axis of a multi-axis sensor
 * @name: name (more than 15 characters: extended name)
 * @type: unit type
 * @scale: power-of-ten multiplier of values
 * @extended: @resolution, @min and @max are reported
 * @resolution: resolution mantissa (27 bits)
 * @res_exp: resolution power of ten
 * @min: lowest value the axis can report
 * @max: highest value the axis can report
 * @wave: initial value source
 */
struct scmi_axis_cfg {
	char name[SCMI_NAME_MAX];
	uint8_t type;
	int8_t scale;
	bool extended;
	uint32_t resolution;
	int8_t res_exp;
	int64_t min;
	int64_t max;
	struct scmi_wave wave;
};

/**
 * struct scmi_sensor_cfg - a sensor
 * @name: name
 * @type: unit type
 * @scale: power-of-ten multiplier of values
 * @num_axes: axes, 0 for a scalar sensor
 * @axes: the axes
 * @wave: initial value source of a scalar sensor
 * @num_trips: trip points (scalar sensors only)
 * @async: asynchronous reads supported
 * @update: continuous update notifications supported
 * @timestamped: readings carry a timestamp
 * @ts_exp: timestamp unit: 10^@ts_exp seconds
 * @extended: extended attributes: @power_uw, and for scalar sensors
 *	@resolution, @min and @max
 * @power_uw: average power draw in microwatts
 * @resolution: resolution mantissa (27 bits)
 * @res_exp: resolution power of ten
 * @min: lowest value the sensor can report
 * @max: highest value the sensor can report
 * @segmented: @intervals is a {lowest, highest, step} triplet
 * @num_intervals: entries in @intervals (never 0)
 * @intervals: the update intervals
 * @interval: initial update interval
 * @enabled: initially enabled
 */
struct scmi_sensor_cfg {
	char name[SCMI_NAME_MAX];
	uint8_t type;
	int8_t scale;
	unsigned int num_axes;
	struct scmi_axis_cfg axes[SCMI_MAX_AXES];
	struct scmi_wave wave;
	unsigned int num_trips;
	bool async;
	bool update;
	bool timestamped;
	int8_t ts_exp;
	bool extended;
	uint32_t power_uw;
	uint32_t resolution;
	int8_t res_exp;
	int64_t min;
	int64_t max;
	bool segmented;
	unsigned int num_intervals;
	struct scmi_interval intervals[SCMI_MAX_INTERVALS];
	struct scmi_interval interval;
	bool enabled;
};

/**
 * struct scmi_clock_cfg - a clock
 * @name: name
 * @range: @rates is a {lowest, highest, step} triplet
 * @num_rates: entries in @rates
 * @rates: supported rates in Hz, ascending
 * @rate: initial rate
 * @enabled: initially running
 * @notify: rate change notifications supported
 * @deny_rate: the agent may not change the rate
 * @deny_state: the agent may not enable or disable the clock
 * @latency_us: enable latency (0: unknown)
 */
struct scmi_clock_cfg {
	char name[SCMI_NAME_MAX];
	bool range;
	unsigned int num_rates;
	uint64_t rates[SCMI_MAX_RATES];
	uint64_t rate;
	bool enabled;
	bool notify;
	bool deny_rate;
	bool deny_state;
	uint32_t latency_us;
};

/**
 * struct scmi_perf_level_cfg - one performance level
 * @perf: performance level value
 * @power: power cost
 * @latency_us: transition latency
 */
struct scmi_perf_level_cfg {
	uint32_t perf;
	uint32_t power;
	uint16_t latency_us;
};

/**
 * struct scmi_perf_cfg - a performance domain
 * @name: name
 * @num_levels: entries in @levels
 * @levels: the levels, ascending
 * @level: initial level
 * @max: initial upper limit
 * @min: initial lower limit
 * @set_limits: the agent may set limits
 * @set_level: the agent may set the level
 * @notify: limit and level notifications supported
 * @rate_limit_us: minimum time between level changes
 * @sustained_khz: sustained frequency (0: none)
 * @sustained_perf: sustained performance level (0: none)
 */
struct scmi_perf_cfg {
	char name[SCMI_NAME_MAX];
	unsigned int num_levels;
	struct scmi_perf_level_cfg levels[SCMI_MAX_LEVELS];
	uint32_t level;
	uint32_t max;
	uint32_t min;
	bool set_limits;
	bool set_level;
	bool notify;
	uint32_t rate_limit_us;
	uint32_t sustained_khz;
	uint32_t sustained_perf;
};

#define SCMI_POWER_ON		0x00000000u
#define SCMI_POWER_OFF		0x40000000u

/**
 * struct scmi_power_cfg - a power domain
 * @name: name
 * @state: initial state (SCMI_POWER_ON or SCMI_POWER_OFF)
 * @notify: state change notifications supported
 * @deny: the agent may not change the state
 */
struct scmi_power_cfg {
	char name[SCMI_NAME_MAX];
	uint32_t state;
	bool notify;
	bool deny;
};

/**
 * struct scmi_reset_cfg - a reset domain
 * @name: name
 * @latency_us: reset latency (~0: unknown)
 * @async: asynchronous resets supported
 * @notify: reset notifications supported
 * @asserted: initially held in reset
 * @deny: the agent may not reset the domain
 */
struct scmi_reset_cfg {
	char name[SCMI_NAME_MAX];
	uint32_t latency_us;
	bool async;
	bool notify;
	bool asserted;
	bool deny;
};

/**
 * struct scmi_voltage_cfg - a voltage domain
 * @name: name
 * @segmented: @levels is a {lowest, highest, step} triplet
 * @num_levels: entries in @levels
 * @levels: levels in microvolts, ascending
 * @level: initial level
 * @enabled: initially on
 * @async: asynchronous level changes supported
 */
struct scmi_voltage_cfg {
	char name[SCMI_NAME_MAX];
	bool segmented;
	unsigned int num_levels;
	int32_t levels[SCMI_MAX_VLEVELS];
	int32_t level;
	bool enabled;
	bool async;
};

/**
 * struct scmi_system_cfg - the system power protocol
 * @warm_reset: warm reset supported
 * @suspend: system suspend supported
 */
struct scmi_system_cfg {
	bool warm_reset;
	bool suspend;
};

/**
 * struct scmi_platform_cfg - platform-wide settings
 * @vendor: DISCOVER_VENDOR string
 * @sub_vendor: DISCOVER_SUB_VENDOR string
 * @impl_version: DISCOVER_IMPLEMENTATION_VERSION value
 * @agent: name of the agent (DISCOVER_AGENT 1)
 * @async_delay_ms: time until an asynchronous command completes
 * @clock_max_async: clock rate changes that may be pending (the Linux
 *	agent uses asynchronous changes only if this is 2 or more)
 * @sensor_max_async: sensor readings that may be pending
 * @perf_power: power unit of performance levels: 0 abstract, 1 mW, 2 uW
 */
struct scmi_platform_cfg {
	char vendor[16];
	char sub_vendor[16];
	uint32_t impl_version;
	char agent[16];
	uint32_t async_delay_ms;
	uint8_t clock_max_async;
	uint8_t sensor_max_async;
	uint8_t perf_power;
};

/**
 * struct scmi_config - a whole platform description
 * @platform: platform-wide settings
 * @sensors: sensors
 * @num_sensors: entries in @sensors
 * @clocks: clocks
 * @num_clocks: entries in @clocks
 * @perfs: performance domains
 * @num_perfs: entries in @perfs
 * @powers: power domains
 * @num_powers: entries in @powers
 * @resets: reset domains
 * @num_resets: entries in @resets
 * @voltages: voltage domains
 * @num_voltages: entries in @voltages
 * @system: the system power protocol is offered
 * @system_cfg: its settings
 */
struct scmi_config {
	struct scmi_platform_cfg platform;
	struct scmi_sensor_cfg sensors[SCMI_MAX_SENSORS];
	unsigned int num_sensors;
	struct scmi_clock_cfg clocks[SCMI_MAX_CLOCKS];
	unsigned int num_clocks;
	struct scmi_perf_cfg perfs[SCMI_MAX_PERFS];
	unsigned int num_perfs;
	struct scmi_power_cfg powers[SCMI_MAX_POWERS];
	unsigned int num_powers;
	struct scmi_reset_cfg resets[SCMI_MAX_RESETS];
	unsigned int num_resets;
	struct scmi_voltage_cfg voltages[SCMI_MAX_VOLTAGES];
	unsigned int num_voltages;
	bool system;
	struct scmi_system_cfg system_cfg;
};

/* The built-in configuration: platform.conf, generated at build time. */
extern const char scmi_default_config[];

int scmi_config_parse(struct scmi_config *c, const char *text,
		      const char *origin, char *err, size_t err_len);
int scmi_wave_parse(const char *s, struct scmi_wave *w);
int64_t scmi_wave_value(const struct scmi_wave *w, uint64_t now_ns);
void scmi_wave_print(const struct scmi_wave *w, char *buf, size_t len);
int scmi_interval_from_ns(uint64_t ns, struct scmi_interval *iv);
uint64_t scmi_interval_ns(uint16_t secs, int exp);
bool scmi_clock_rate_valid(const struct scmi_clock_cfg *cl, uint64_t rate);
int scmi_parse_rate(const char *s, uint64_t *v);
int scmi_parse_u64(const char *s, uint64_t *v);
int scmi_parse_s64(const char *s, int64_t *v);

#endif /* VDEV_SCMI_CONFIG_H */
