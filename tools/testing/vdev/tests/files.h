/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small files in a test's control directory: write one, read one back.
 */
#ifndef VDEV_TESTS_FILES_H
#define VDEV_TESTS_FILES_H

#include <stdbool.h>

bool test_file_put(const char *dir, const char *name, const char *text);
const char *test_file_get(const char *dir, const char *name);

#endif /* VDEV_TESTS_FILES_H */
