// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the device-model interface with a small echo device that uses
 * every hook: deferred replies through a model timer and held elements,
 * events on a second queue, config space, queue start/stop and reset.
 *
 * Queue 0 echoes each request into its writable part. A request starting
 * with 'D' is answered 20 ms later; one starting with 'E' also sends "EVT"
 * in the oldest held buffer of queue 1.
 */
#include <string.h>
#include <time.h>

#include "../device.h"
#include "../util.h"
#include "guest.h"
#include "tap.h"
#include "tests.h"
#include "tfront.h"

#define ECHO_DELAY_MS	20

/**
 * struct echo - state of the echo device
 * @timer: sends the deferred replies
 * @starts: queue_start() calls
 * @stops: queue_stop() calls
 * @resets: reset() calls
 * @config: config space
 */
struct echo {
	struct vdev_timer timer;
	unsigned int starts;
	unsigned int stops;
	unsigned int resets;
	uint8_t config[8];
};

static void echo_reply(struct vdev *dev, struct vdev_elem *elem)
{
	uint8_t buf[64];
	size_t n = elem->v.rd_len;

	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n > elem->v.wr_len)
		n = elem->v.wr_len;
	virtq_elem_read(&elem->v, 0, buf, n);
	virtq_elem_write(&elem->v, 0, buf, n);
	vdev_push(dev, elem, n);
}

static void echo_timer(struct vdev_timer *t)
{
	struct vdev_elem *elem;

	while ((elem = vdev_unhold(t->dev, 0)))
		echo_reply(t->dev, elem);
}

static int echo_init(struct vdev *dev)
{
	struct echo *e = vdev_priv(dev);

	vdev_timer_init(dev, &e->timer, echo_timer);
	memcpy(e->config, "ECHOCFG", 8);
	return 0;
}

static void echo_event(struct vdev *dev)
{
	struct vdev_elem *ev = vdev_unhold(dev, 1);

	if (ev) {
		virtq_elem_write(&ev->v, 0, "EVT", 3);
		vdev_push(dev, ev, 3);
	}
}

static void echo_kick(struct vdev *dev, unsigned int q)
{
	struct echo *e = vdev_priv(dev);
	struct vdev_elem *elem;
	char c;

	while ((elem = vdev_pop(dev, q))) {
		if (q == 1 || !virtq_elem_read(&elem->v, 0, &c, 1)) {
			vdev_hold(dev, elem);
			continue;
		}
		if (c == 'D') {
			vdev_hold(dev, elem);
			vdev_timer_arm(&e->timer, ECHO_DELAY_MS);
			continue;
		}
		if (c == 'E')
			echo_event(dev);
		echo_reply(dev, elem);
	}
}

static void echo_queue_start(struct vdev *dev, unsigned int q)
{
	struct echo *e = vdev_priv(dev);

	e->starts++;
}

static void echo_queue_stop(struct vdev *dev, unsigned int q)
{
	struct echo *e = vdev_priv(dev);

	e->stops++;
	if (q == 0)
		vdev_timer_cancel(&e->timer);
}

static void echo_reset(struct vdev *dev)
{
	struct echo *e = vdev_priv(dev);

	e->resets++;
}

static void echo_get_config(struct vdev *dev, uint32_t off, void *buf,
			    uint32_t len)
{
	struct echo *e = vdev_priv(dev);

	memcpy(buf, e->config + off, len);
}

static int echo_set_config(struct vdev *dev, uint32_t off, const void *buf,
			   uint32_t len)
{
	struct echo *e = vdev_priv(dev);

	memcpy(e->config + off, buf, len);
	return 0;
}

static const struct vdev_model echo_model = {
	.name = "echo",
	.device_id = 0x7f,
	.features = BIT_ULL(VIRTIO_F_VERSION_1),
	.num_queues = 2,
	.priv_size = sizeof(struct echo),
	.config_size = 8,
	.init = echo_init,
	.queue_start = echo_queue_start,
	.queue_stop = echo_queue_stop,
	.kick = echo_kick,
	.reset = echo_reset,
	.get_config = echo_get_config,
	.set_config = echo_set_config,
};

/* Send @msg on queue 0 with a 64-byte reply buffer; returns the reply. */
static char *echo_send(struct tdev *t, const char *msg)
{
	size_t len = strlen(msg);
	uint64_t req = tguest_alloc(&t->g, len, 1);
	uint64_t resp = tguest_alloc(&t->g, 64, 8);
	struct tseg segs[2] = { { req, len, false }, { resp, 64, true } };

	memcpy(tguest_ptr(&t->g, req), msg, len);
	tring_add(&t->ring[0], segs, 2);
	tdev_kick(t, 0);
	return tguest_ptr(&t->g, resp);
}

static bool start(struct tdev *t)
{
	return !tf_init(&t->tf, &echo_model) && !tdev_start(t, 16);
}

static void test_echo_and_hooks(void)
{
	struct echo *e;
	uint32_t id, len;
	struct tdev t;
	char *out;

	T_ASSERT(start(&t));
	e = vdev_priv(&t.tf.dev);
	T_EXPECT(e->starts == 2 && e->stops == 0);
	T_EXPECT(vdev_has_feature(&t.tf.dev, VIRTIO_F_VERSION_1));
	T_EXPECT(!vdev_has_feature(&t.tf.dev, VIRTIO_F_EVENT_IDX));
	out = echo_send(&t, "hello");
	T_EXPECT(tring_used(&t.ring[0], &id, &len) && len == 5);
	T_EXPECT(!memcmp(out, "hello", 5));
	T_EXPECT(tdev_called(&t, 0));
	T_EXPECT(e->resets == 0);
	tdev_fini(&t);
}

static void test_deferred_reply(void)
{
	struct timespec t0, t1;
	uint32_t id, len;
	bool got = false;
	struct tdev t;
	char *out;
	int i;

	T_ASSERT(start(&t));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	out = echo_send(&t, "Delayed");
	T_EXPECT(!tring_used(&t.ring[0], &id, &len));
	for (i = 0; i < 50 && !got; i++) {
		loop_iterate(&t.tf.loop, 100);
		got = tring_used(&t.ring[0], &id, &len);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	T_EXPECT(got && len == 7 && !memcmp(out, "Delayed", 7));
	T_EXPECT((t1.tv_sec - t0.tv_sec) * 1000 +
		 (t1.tv_nsec - t0.tv_nsec) / 1000000 >= ECHO_DELAY_MS);
	/* The push from the timer callback was notified. */
	T_EXPECT(tdev_called(&t, 0));
	tdev_fini(&t);
}

static void test_event_from_held_buffer(void)
{
	uint64_t ev = 0;
	uint32_t id, len;
	struct tseg seg;
	struct tdev t;
	int i;

	T_ASSERT(start(&t));
	for (i = 0; i < 2; i++) {
		ev = tguest_alloc(&t.g, 16, 8);
		seg = (struct tseg){ ev, 16, true };
		tring_add(&t.ring[1], &seg, 1);
	}
	tdev_kick(&t, 1);
	T_EXPECT(!tring_used(&t.ring[1], &id, &len));
	echo_send(&t, "E");
	T_EXPECT(tring_used(&t.ring[0], &id, &len) && len == 1);
	/* The oldest held buffer (head 0) carries the event. */
	T_EXPECT(tring_used(&t.ring[1], &id, &len) && id == 0 && len == 3);
	T_EXPECT(!memcmp(tguest_ptr(&t.g, ev - 16), "EVT", 3));
	T_EXPECT(tdev_called(&t, 1));
	tdev_fini(&t);
}

static void test_stop_and_reset(void)
{
	struct vhost_user_vring_state st = { 0, 0 };
	struct echo *e;
	uint32_t id, len;
	struct tdev t;

	T_ASSERT(start(&t));
	e = vdev_priv(&t.tf.dev);
	echo_send(&t, "now");
	echo_send(&t, "Dlater");
	T_EXPECT(tf_ack(&t.tf, VHOST_USER_SET_VRING_ENABLE, &st, sizeof(st),
			NULL, 0) == 0);
	T_EXPECT(e->stops == 1);
	/* The deferred reply is gone with the stopped queue... */
	loop_iterate(&t.tf.loop, 2 * ECHO_DELAY_MS);
	T_EXPECT(tring_used(&t.ring[0], &id, &len) && len == 3);
	T_EXPECT(!tring_used(&t.ring[0], &id, &len));
	/* ...and its buffer is given back: the base is rewound to 1. */
	T_EXPECT(tf_send(&t.tf, VHOST_USER_GET_VRING_BASE, VHOST_USER_VERSION,
			 &st, sizeof(st), NULL, 0) == 0);
	T_EXPECT(tf_recv(&t.tf, VHOST_USER_GET_VRING_BASE, &st, sizeof(st)) ==
		 sizeof(st) && st.num == 1);
	T_EXPECT(tf_ack(&t.tf, VHOST_USER_RESET_DEVICE, NULL, 0, NULL, 0) == 0);
	T_EXPECT(e->stops == 2 && e->resets == 1);
	tdev_fini(&t);
}

static void test_config_space(void)
{
	struct vhost_user_config c = { .offset = 0, .size = 8 };
	struct tdev t;

	T_ASSERT(start(&t));
	T_ASSERT(!tf_send(&t.tf, VHOST_USER_GET_CONFIG, VHOST_USER_VERSION, &c,
			  VHOST_USER_CONFIG_HDR + 8, NULL, 0));
	T_EXPECT(tf_recv(&t.tf, VHOST_USER_GET_CONFIG, &c, sizeof(c)) ==
		 VHOST_USER_CONFIG_HDR + 8 && !memcmp(c.data, "ECHOCFG", 8));
	c.offset = 4;
	T_ASSERT(!tf_send(&t.tf, VHOST_USER_GET_CONFIG, VHOST_USER_VERSION, &c,
			  VHOST_USER_CONFIG_HDR + 8, NULL, 0));
	T_EXPECT(tf_recv(&t.tf, VHOST_USER_GET_CONFIG, &c, sizeof(c)) ==
		 VHOST_USER_CONFIG_HDR + 8 && !memcmp(c.data, "CFG\0\0\0\0", 8));
	c.offset = 0;
	c.size = 4;
	memcpy(c.data, "abcd", 4);
	T_EXPECT(tf_ack(&t.tf, VHOST_USER_SET_CONFIG, &c,
			VHOST_USER_CONFIG_HDR + 4, NULL, 0) == 0);
	c.offset = 6;
	T_EXPECT(tf_ack(&t.tf, VHOST_USER_SET_CONFIG, &c,
			VHOST_USER_CONFIG_HDR + 4, NULL, 0) == 1);
	c.offset = 0;
	c.size = 8;
	T_ASSERT(!tf_send(&t.tf, VHOST_USER_GET_CONFIG, VHOST_USER_VERSION, &c,
			  VHOST_USER_CONFIG_HDR + 8, NULL, 0));
	T_EXPECT(tf_recv(&t.tf, VHOST_USER_GET_CONFIG, &c, sizeof(c)) ==
		 VHOST_USER_CONFIG_HDR + 8 && !memcmp(c.data, "abcdCFG", 8));
	tdev_fini(&t);
}

/**
 * model_tests() - run the device-model interface test cases
 */
void model_tests(void)
{
	tap_run("model: echo, start hooks, feature query", test_echo_and_hooks);
	tap_run("model: deferred reply through a model timer",
		test_deferred_reply);
	tap_run("model: event sent in a held buffer",
		test_event_from_held_buffer);
	tap_run("model: queue stop cancels, rewinds; reset hook",
		test_stop_and_reset);
	tap_run("model: config space get/set", test_config_space);
}
