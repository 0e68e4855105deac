// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal TAP output for the vdev host tests.
 *
 * Tests run one after the other on a single thread; the counters below
 * are only touched from tap_run() and tap_fail_at().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static unsigned int tap_count, tap_failed;
static bool tap_case_failed;
static jmp_buf tap_case_exit;

/**
 * tap_fail_at() - mark the running test case failed
 * @file: source file of the check
 * @line: line of the check
 * @what: the failed expression
 */
void tap_fail_at(const char *file, int line, const char *what)
{
	tap_case_failed = true;
	printf("# %s:%d: check failed: %s\n", file, line, what);
}

/**
 * tap_abort_at() - mark the running test case failed and leave it
 * @file: source file of the check
 * @line: line of the check
 * @what: the failed expression
 */
void tap_abort_at(const char *file, int line, const char *what)
{
	tap_fail_at(file, line, what);
	longjmp(tap_case_exit, 1);
}

/**
 * tap_diag() - print a diagnostic line
 * @fmt: printf format
 */
void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

/**
 * tap_run() - run one test case and print its result line
 * @name: test case name
 * @fn: test function
 */
void tap_run(const char *name, void (*fn)(void))
{
	tap_case_failed = false;
	if (!setjmp(tap_case_exit))
		fn();
	tap_count++;
	if (tap_case_failed)
		tap_failed++;
	printf("%sok %u - %s\n", tap_case_failed ? "not " : "", tap_count,
	       name);
	fflush(stdout);
}

/**
 * tap_finish() - print the plan and the summary line
 *
 * Return: process exit code, 0 if every test case passed.
 */
int tap_finish(void)
{
	printf("1..%u\n", tap_count);
	printf("%u passed, %u failed\n", tap_count - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}
