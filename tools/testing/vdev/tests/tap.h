/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for the vdev host tests: one "ok N - name" line per
 * test case, failed checks as "# file:line: expression" diagnostics, and a
 * closing "N passed, N failed" line.
 */
#ifndef VDEV_TESTS_TAP_H
#define VDEV_TESTS_TAP_H

#include <stdbool.h>

void tap_fail_at(const char *file, int line, const char *what);
__noreturn void tap_abort_at(const char *file, int line, const char *what);
void tap_run(const char *name, void (*fn)(void));
__printf(1, 2) void tap_diag(const char *fmt, ...);
int tap_finish(void);

/* Record a failure and go on. */
#define T_EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			tap_fail_at(__FILE__, __LINE__, #cond);		\
	} while (0)

/* Record a failure and end the test case (its resources are leaked). */
#define T_ASSERT(cond)							\
	do {								\
		if (!(cond))						\
			tap_abort_at(__FILE__, __LINE__, #cond);	\
	} while (0)

#endif /* VDEV_TESTS_TAP_H */
