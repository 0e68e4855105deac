// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the SCMI test suites: set up a device with a configuration,
 * send commands on cmdq, post and read eventq buffers, run the event loop
 * for timers, and run control commands.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../models.h"
#include "../util.h"
#include "guest.h"
#include "scmi_util.h"

/**
 * sdev_start() - a device with rings running, like QEMU sets it up
 * @s: test device
 * @config: platform description, or NULL for the built-in one
 * @p2a: negotiate VIRTIO_SCMI_F_P2A_CHANNELS (the eventq)
 *
 * Return: 0, or -1 if a step failed (then call sdev_fini() anyway).
 */
int sdev_start(struct sdev *s, const char *config, bool p2a)
{
	char err[320];

	memset(s, 0, sizeof(*s));
	s->t.g.fd = -1;
	memset(s->t.kick, -1, sizeof(s->t.kick));
	memset(s->t.call, -1, sizeof(s->t.call));
	if (tf_init(&s->t.tf, &scmi_model))
		return -1;
	if (config && scmi_platform_load(sdev_platform(s), config, "test", err,
					 sizeof(err))) {
		printf("# config: %s\n", err);
		return -1;
	}
	if (!p2a)
		vdev_offer_feature(&s->t.tf.dev, VIRTIO_SCMI_F_P2A_CHANNELS,
				   false);
	if (tdev_start(&s->t, SDEV_RING))
		return -1;
	s->req_gpa = tguest_alloc(&s->t.g, SDEV_BUF, 8);
	s->resp_gpa = tguest_alloc(&s->t.g, SDEV_BUF, 8);
	return 0;
}

/**
 * sdev_fini() - disconnect and free everything
 * @s: test device
 */
void sdev_fini(struct sdev *s)
{
	tdev_fini(&s->t);
}

/**
 * sdev_platform() - the platform inside the device
 * @s: test device
 *
 * Return: the platform.
 */
struct scmi_platform *sdev_platform(struct sdev *s)
{
	return vdev_priv(&s->t.tf.dev);
}

/**
 * scmd_raw() - send one command and collect the reply
 * @s: test device
 * @hdr: header
 * @payload: payload bytes
 * @len: payload length
 * @wr: writable bytes for the reply (0: no writable buffer at all)
 * @r: the reply
 *
 * Return: false if the chain did not come back.
 */
bool scmd_raw(struct sdev *s, uint32_t hdr, const void *payload, size_t len,
	      size_t wr, struct srep *r)
{
	struct tdev *t = &s->t;
	uint8_t *rq = tguest_ptr(&t->g, s->req_gpa);
	uint8_t *rs = tguest_ptr(&t->g, s->resp_gpa);
	struct tseg segs[2] = {
		{ s->req_gpa, 4 + len, false }, { s->resp_gpa, wr, true },
	};
	uint32_t id, le = htole32(hdr);
	size_t n;
	unsigned int i;

	if (4 + len > SDEV_BUF || wr > SDEV_BUF)
		return false;
	memcpy(rq, &le, 4);
	if (len)
		memcpy(rq + 4, payload, len);
	memset(rs, 0xee, wr);
	tring_add(&t->ring[SCMI_CMDQ], segs, wr ? 2 : 1);
	tdev_kick(t, SCMI_CMDQ);
	memset(r, 0, sizeof(*r));
	if (!tring_used(&t->ring[SCMI_CMDQ], &id, &r->used))
		return false;
	if (wr >= 8) {
		memcpy(&r->hdr, rs, 4);
		memcpy(&r->status, rs + 4, 4);
		r->hdr = le32toh(r->hdr);
		r->status = (int32_t)le32toh((uint32_t)r->status);
		n = wr - 8 < sizeof(r->b) ? wr - 8 : sizeof(r->b);
		memcpy(r->b, rs + 8, n);
		for (i = 0; i < ARRAY_SIZE(r->w); i++)
			r->w[i] = le32toh(r->w[i]);
	}
	return true;
}

/**
 * scmd() - send one command with a payload of le32 words
 * @s: test device
 * @hdr: header
 * @words: payload words (CPU order)
 * @n: number of @words
 * @wr: writable bytes for the reply
 * @r: the reply
 *
 * Return: false if the chain did not come back.
 */
bool scmd(struct sdev *s, uint32_t hdr, const uint32_t *words,
	  unsigned int n, size_t wr, struct srep *r)
{
	uint32_t le[64];
	unsigned int i;

	for (i = 0; i < n && i < ARRAY_SIZE(le); i++)
		le[i] = htole32(words[i]);
	return scmd_raw(s, hdr, le, n * 4, wr, r);
}

/**
 * sev_post() - post writable buffers on the eventq, as the agent does
 * @s: test device
 * @n: number of buffers
 * @size: bytes each (the Linux agent: 136)
 */
void sev_post(struct sdev *s, unsigned int n, uint32_t size)
{
	struct tdev *t = &s->t;
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint64_t gpa = tguest_alloc(&t->g, size, 8);
		struct tseg seg = { gpa, size, true };
		uint16_t head;

		memset(tguest_ptr(&t->g, gpa), 0xee, size);
		head = tring_add(&t->ring[SCMI_EVENTQ], &seg, 1);
		s->ev_gpa[head] = gpa;
		s->ev_size[head] = size;
	}
	tdev_kick(t, SCMI_EVENTQ);
}

/**
 * sev_repost() - give a used eventq buffer back to the device
 * @s: test device
 * @e: message taken from it
 */
void sev_repost(struct sdev *s, const struct sev *e)
{
	struct tseg seg = { s->ev_gpa[e->head], s->ev_size[e->head], true };
	uint16_t head;

	memset(tguest_ptr(&s->t.g, seg.gpa), 0xee, seg.len);
	head = tring_add(&s->t.ring[SCMI_EVENTQ], &seg, 1);
	s->ev_gpa[head] = seg.gpa;
	s->ev_size[head] = seg.len;
	tdev_kick(&s->t, SCMI_EVENTQ);
}

/**
 * sev_get() - take the next used eventq buffer, without waiting
 * @s: test device
 * @e: the message
 *
 * Return: false if there is none.
 */
bool sev_get(struct sdev *s, struct sev *e)
{
	uint32_t id, len;
	uint8_t *buf;
	unsigned int i;

	memset(e, 0, sizeof(*e));
	if (!tring_used(&s->t.ring[SCMI_EVENTQ], &id, &len))
		return false;
	e->head = id % SDEV_RING;
	e->len = len;
	buf = tguest_ptr(&s->t.g, s->ev_gpa[e->head]);
	if (len >= 4) {
		memcpy(&e->hdr, buf, 4);
		e->hdr = le32toh(e->hdr);
		len -= 4;
		memcpy(e->b, buf + 4, len < sizeof(e->b) ? len : sizeof(e->b));
	}
	for (i = 0; i < ARRAY_SIZE(e->w); i++)
		e->w[i] = le32toh(e->w[i]);
	return true;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/**
 * sev_wait() - run the device's event loop until an eventq buffer is used
 * @s: test device
 * @e: the message
 * @ms: give up after this long
 *
 * Return: false on time out.
 */
bool sev_wait(struct sdev *s, struct sev *e, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (!sev_get(s, e)) {
		if (now_ms() >= end)
			return false;
		loop_iterate(&s->t.tf.loop, 5);
	}
	return true;
}

/**
 * sdev_run() - run the device's event loop for a while
 * @s: test device
 * @ms: how long
 */
void sdev_run(struct sdev *s, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (now_ms() < end)
		loop_iterate(&s->t.tf.loop, 2);
}

/**
 * sctl() - run a control command
 * @s: test device
 * @cmd: command line
 * @out: output, NUL terminated
 * @len: size of @out
 *
 * Return: the model's result.
 */
int sctl(struct sdev *s, const char *cmd, char *out, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	int ret;

	if (!f)
		return -1;
	ret = vdev_model_control(&s->t.tf.dev, cmd, f);
	fclose(f);
	snprintf(out, len, "%s", buf ? buf : "");
	free(buf);
	return ret;
}
