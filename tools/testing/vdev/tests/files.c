// SPDX-License-Identifier: GPL-2.0
/*
 * Small files in a test's control directory.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "files.h"

/**
 * test_file_put() - create or replace DIR/NAME with @text
 * @dir: directory
 * @name: file name
 * @text: contents
 *
 * Return: true if the file was written and closed without error.
 */
bool test_file_put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

/**
 * test_file_get() - the contents of DIR/NAME
 * @dir: directory
 * @name: file name
 *
 * Return: the first 8 KiB of the file in a buffer that the next call
 * reuses, or NULL if it cannot be read.
 */
const char *test_file_get(const char *dir, const char *name)
{
	static char buf[8192];
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}
