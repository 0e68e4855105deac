/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test suites of vdev-tests.
 */
#ifndef VDEV_TESTS_TESTS_H
#define VDEV_TESTS_TESTS_H

void virtq_tests(void);
void vhost_user_tests(void);
void scmi_tests(void);
void model_tests(void);
void rtc_tests(void);
void control_tests(void);
void fuzz_tests(void);
void fuzz_reply_tests(void);

#endif /* VDEV_TESTS_TESTS_H */
