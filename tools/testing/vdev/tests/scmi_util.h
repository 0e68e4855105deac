/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the SCMI test suites: a virtio-scmi device driven through
 * real rings, commands as the Linux agent sends them, and the eventq.
 */
#ifndef VDEV_TESTS_SCMI_UTIL_H
#define VDEV_TESTS_SCMI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../scmi/scmi.h"
#include "tfront.h"

#define SHDR(proto, msg, token) \
	((uint32_t)(msg) | (uint32_t)(proto) << 10 | (uint32_t)(token) << 18)

/* Ring size of the test devices. */
#define SDEV_RING	64

/**
 * struct srep - what came back for one command
 * @used: used length reported by the device
 * @hdr: response header
 * @status: response status
 * @w: response payload as le32 words (converted)
 * @b: response payload as bytes
 */
struct srep {
	uint32_t used;
	uint32_t hdr;
	int32_t status;
	union {
		uint32_t w[256];
		uint8_t b[1024];
	};
};

/**
 * struct sev - one message taken from the eventq
 * @len: used length
 * @hdr: message header
 * @w: the rest as le32 words (converted): the payload of a notification,
 *	status then payload of a delayed response
 * @b: the rest as bytes
 * @head: descriptor head of the buffer
 */
struct sev {
	uint32_t len;
	uint32_t hdr;
	union {
		uint32_t w[64];
		uint8_t b[256];
	};
	uint32_t head;
};

/**
 * struct sdev - an SCMI test device
 * @t: front-end with rings
 * @ev_gpa: guest address of the eventq buffer at each head
 * @ev_size: its size
 * @req_gpa: command buffer, reused by every command
 * @resp_gpa: response buffer, likewise
 */
struct sdev {
	struct tdev t;
	uint64_t ev_gpa[SDEV_RING];
	uint32_t ev_size[SDEV_RING];
	uint64_t req_gpa;
	uint64_t resp_gpa;
};

/* Size of the command and response buffers. */
#define SDEV_BUF	2048

int sdev_start(struct sdev *s, const char *config, bool p2a);
void sdev_fini(struct sdev *s);
struct scmi_platform *sdev_platform(struct sdev *s);
bool scmd_raw(struct sdev *s, uint32_t hdr, const void *payload, size_t len,
	      size_t wr, struct srep *r);
bool scmd(struct sdev *s, uint32_t hdr, const uint32_t *words,
	  unsigned int n, size_t wr, struct srep *r);
void sev_post(struct sdev *s, unsigned int n, uint32_t size);
bool sev_get(struct sdev *s, struct sev *e);
bool sev_wait(struct sdev *s, struct sev *e, unsigned int ms);
void sev_repost(struct sdev *s, const struct sev *e);
void sdev_run(struct sdev *s, unsigned int ms);
int sctl(struct sdev *s, const char *cmd, char *out, size_t len);

/* A command with le32 payload words and the Linux agent's 128-byte room. */
#define SCMD(s, hdr, r, ...) \
	scmd(s, hdr, (const uint32_t[]){ __VA_ARGS__ }, \
	     sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t), \
	     136, r)
#define SCMD0(s, hdr, r)	scmd(s, hdr, NULL, 0, 136, r)

void scmi_config_tests(void);
void scmi_sensor_tests(void);
void scmi_clock_tests(void);
void scmi_proto_tests(void);
void scmi_ctl_tests(void);

#endif /* VDEV_TESTS_SCMI_UTIL_H */
