/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging for the vdev backend: errors always, informational messages by
 * default, per-message protocol traces with -v.
 */
#ifndef VDEV_LOG_H
#define VDEV_LOG_H

#include <stdio.h>

enum vlog_level {
	VLOG_NONE = -1,
	VLOG_ERR = 0,
	VLOG_INFO = 1,
	VLOG_DEBUG = 2,
};

void vlog_set_level(int level);
int vlog_get_level(void);
void vlog_set_file(FILE *f);
__printf(2, 3) void vlog(int level, const char *fmt, ...);

#define log_err(...)	vlog(VLOG_ERR, __VA_ARGS__)
#define log_info(...)	vlog(VLOG_INFO, __VA_ARGS__)
#define log_dbg(...)	vlog(VLOG_DEBUG, __VA_ARGS__)

#endif /* VDEV_LOG_H */
