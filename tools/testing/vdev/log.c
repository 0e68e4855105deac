// SPDX-License-Identifier: GPL-2.0
/*
 * Logging for the vdev backend.
 *
 * The process is single threaded, so the log state below is plain
 * process-wide state, set up once by main() (or a test) before the event
 * loop runs.
 */
#include <stdarg.h>
#include <time.h>

#include "log.h"

/* Process-wide log state; only main() and the tests change it. */
static int vlog_level = VLOG_INFO;
static FILE *vlog_file;

/**
 * vlog_set_level() - set the most verbose level that is still printed
 * @level: one of enum vlog_level
 */
void vlog_set_level(int level)
{
	vlog_level = level;
}

/**
 * vlog_get_level() - return the current log level
 *
 * Return: the level set by vlog_set_level().
 */
int vlog_get_level(void)
{
	return vlog_level;
}

/**
 * vlog_set_file() - send log output to @f instead of stderr
 * @f: an open stream, or NULL for stderr
 */
void vlog_set_file(FILE *f)
{
	vlog_file = f;
}

/**
 * vlog() - print one log line with a monotonic timestamp
 * @level: enum vlog_level of the message
 * @fmt: printf format; a trailing newline is added
 */
void vlog(int level, const char *fmt, ...)
{
	FILE *f = vlog_file ? vlog_file : stderr;
	struct timespec ts;
	char msg[1024];
	va_list ap;

	if (level > vlog_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(f, "[%5ld.%06ld] vdev: %s%s\n", (long)ts.tv_sec,
		ts.tv_nsec / 1000, level == VLOG_ERR ? "error: " : "", msg);
	fflush(f);
}
