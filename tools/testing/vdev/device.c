// SPDX-License-Identifier: GPL-2.0
/*
 * vdev core: queue runtime between the vhost-user protocol and a device
 * model.
 *
 * A queue is active (mapped and handed to the model) while it is started
 * (kick fd set, not stopped by GET_VRING_BASE), enabled, and its ring lies
 * in guest memory. Every popped element is on the queue's in-flight list
 * until it is pushed; when a queue stops, whatever is left is freed, and if
 * those elements are exactly the last ones popped the available index is
 * rewound so that the same buffers are taken again on restart (this keeps
 * buffers a model holds, such as event buffers, across a stop/start).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "util.h"
#include "vdev.h"

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Signal an eventfd or pipe; skip if a full pipe already has signals. */
static void signal_fd(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	uint64_t one = 1;

	if (fd < 0 || poll(&p, 1, 0) != 1 || !(p.revents & POLLOUT))
		return;
	if (write(fd, &one, sizeof(one)) != sizeof(one))
		log_dbg("signalling fd %d: %s", fd, strerror(errno));
}

/**
 * vdev_priv() - the model's private state
 * @dev: device
 *
 * Return: model->priv_size zeroed bytes owned by the core.
 */
void *vdev_priv(struct vdev *dev)
{
	return dev->priv;
}

/**
 * vdev_has_feature() - tell whether a feature bit was negotiated
 * @dev: device
 * @bit: feature bit number
 *
 * Return: true if the front-end acked @bit.
 */
bool vdev_has_feature(const struct vdev *dev, unsigned int bit)
{
	return bit < 64 && (dev->features & BIT_ULL(bit));
}

/**
 * vdev_offer_feature() - add or withdraw a feature bit before negotiation
 * @dev: device
 * @bit: feature bit number
 * @offer: offer it to the front-end or not
 *
 * For models whose options decide what they can offer.
 */
void vdev_offer_feature(struct vdev *dev, unsigned int bit, bool offer)
{
	if (bit >= 64)
		return;
	if (offer)
		dev->offered_features |= BIT_ULL(bit);
	else
		dev->offered_features &= ~BIT_ULL(bit);
}

/**
 * vdev_queue() - look up a queue by a front-end supplied index
 * @dev: device
 * @index: queue index
 *
 * Return: the queue, or NULL if @index is out of range.
 */
struct vdev_queue *vdev_queue(struct vdev *dev, uint32_t index)
{
	if (index >= dev->model->num_queues)
		return NULL;
	return &dev->queues[index];
}

static void vdev_flush(struct vdev *dev)
{
	unsigned int i;

	for (i = 0; i < dev->model->num_queues; i++) {
		struct vdev_queue *q = &dev->queues[i];

		if (!q->notify_pending)
			continue;
		q->notify_pending = false;
		if (q->active && virtq_needs_notify(&q->vq)) {
			signal_fd(q->call_fd);
			if (!i)
				vdev_timing_signal(&dev->timing);
		}
	}
}

static void vdev_enter(struct vdev *dev)
{
	dev->depth++;
}

static void vdev_leave(struct vdev *dev)
{
	if (!--dev->depth)
		vdev_flush(dev);
}

static void elem_free(struct vdev_elem *elem)
{
	vlist_del(&elem->node);
	vlist_del(&elem->hold_node);
	loop_timer_cancel(&elem->delay);
	virtq_elem_release(&elem->v);
	free(elem);
}

/* Put @elem on the used ring for real and free it. */
static void vdev_complete(struct vdev *dev, struct vdev_elem *elem,
			  uint32_t len)
{
	struct vdev_queue *q = &dev->queues[elem->queue];

	virtq_push(&q->vq, &elem->v, len);
	q->notify_pending = true;
	if (!elem->queue)
		vdev_timing_reply(&dev->timing);
	elem_free(elem);
	if (!dev->depth)
		vdev_flush(dev);
}

static void vdev_delay_expired(struct loop_timer *t)
{
	struct vdev_elem *elem = vlist_entry(t, struct vdev_elem, delay);

	elem->withheld = false;
	vdev_complete(elem->dev, elem, elem->delay_len);
}

static void vdev_complete_later(struct vdev *dev, struct vdev_elem *elem,
				uint32_t len, unsigned int ms)
{
	elem->delay_len = len;
	loop_timer_arm(dev->loop, &elem->delay, ms);
}

/*
 * A ring-level fault of the reply fuzzer: extra used entries around the
 * real one, published with a single index store. Every entry lies inside
 * the used ring; bad entries carry an id no descriptor can have.
 */
static void vdev_complete_bad(struct vdev *dev, struct vdev_elem *elem,
			      const struct vdev_fuzz_act *act)
{
	struct vdev_queue *q = &dev->queues[elem->queue];
	struct virtq *vq = &q->vq;
	uint32_t i, n;

	switch (act->action) {
	case VDEV_FZ_ACT_BAD_ID:
		virtq_used_fill(vq, 0, act->arg, act->len);
		virtq_used_fill(vq, 1, elem->v.head, act->len);
		n = 2;
		break;
	case VDEV_FZ_ACT_DUP_ID:
		virtq_used_fill(vq, 0, elem->v.head, act->len);
		virtq_used_fill(vq, 1, elem->v.head, act->len);
		n = 2;
		break;
	default:
		for (i = 0; i < act->arg && i < vq->num; i++)
			virtq_used_fill(vq, i, UINT32_MAX, 0);
		virtq_used_fill(vq, act->arg, elem->v.head, act->len);
		n = act->arg + 1;
		break;
	}
	log_dbg("fuzz: queue %u: ring fault %d on head %u", elem->queue,
		act->action, elem->v.head);
	virtq_used_publish(vq, n);
	q->notify_pending = true;
	elem_free(elem);
	if (!dev->depth)
		vdev_flush(dev);
}

/* Carry out the reply fuzzer's decision about @elem. */
static void vdev_push_act(struct vdev *dev, struct vdev_elem *elem,
			  const struct vdev_fuzz_act *act)
{
	switch (act->action) {
	case VDEV_FZ_ACT_PUSH:
		vdev_complete(dev, elem, act->len);
		break;
	case VDEV_FZ_ACT_DELAY:
		elem->withheld = true;
		vdev_complete_later(dev, elem, act->len, act->arg);
		break;
	case VDEV_FZ_ACT_DROP:
		elem->withheld = true;
		elem->delay_len = act->len;
		break;
	default:
		if (dev->queues[elem->queue].active)
			vdev_complete_bad(dev, elem, act);
		else
			vdev_complete(dev, elem, act->len);
		break;
	}
}

/**
 * vdev_pop() - take the next well-formed chain from queue @q
 * @dev: device
 * @q: queue index
 *
 * Malformed chains are logged and returned to the driver with length 0.
 *
 * Return: an element, or NULL if none is available or the queue is not
 * active.
 */
struct vdev_elem *vdev_pop(struct vdev *dev, unsigned int q)
{
	struct vdev_queue *vq = vdev_queue(dev, q);

	while (vq && vq->active) {
		struct vdev_elem *elem = calloc(1, sizeof(*elem));
		int ret;

		if (!elem) {
			log_err("queue %u: out of memory", q);
			return NULL;
		}
		vlist_init(&elem->node);
		vlist_init(&elem->hold_node);
		loop_timer_init(&elem->delay, vdev_delay_expired);
		ret = virtq_pop(&vq->vq, &elem->v);
		if (ret <= 0) {
			free(elem);
			if (ret < 0 && !vq->broken_reported) {
				vq->broken_reported = true;
				log_err("queue %u: driver moved the available index too far; queue stopped",
					q);
				signal_fd(vq->err_fd);
			}
			return NULL;
		}
		elem->dev = dev;
		elem->queue = q;
		vlist_add_tail(&elem->node, &vq->inflight);
		if (!elem->v.error)
			return elem;
		log_err("queue %u: bad descriptor chain (head %u): %s",
			q, elem->v.head, elem->v.error);
		vdev_complete(dev, elem, 0);
	}
	return NULL;
}

/**
 * vdev_push() - return @elem to the driver with @len bytes written
 * @dev: device
 * @elem: element from vdev_pop() or vdev_unhold()
 * @len: bytes written into the writable part
 *
 * Fault injection and the reply fuzzer may change the data or the length,
 * delay the push, or drop it; the fuzzer may add events after it. @elem
 * must not be used afterwards.
 */
void vdev_push(struct vdev *dev, struct vdev_elem *elem, uint32_t len)
{
	struct vdev_fault *f = &dev->fault;
	struct vdev_fuzz_act act;

	vlist_del(&elem->hold_node);
	if (vdev_fault_hit(f, elem->queue)) {
		len = vdev_fault_apply(f, &elem->v, len);
		if (f->drop) {
			log_dbg("fault: queue %u: dropping head %u",
				elem->queue, elem->v.head);
			return;
		}
		if (f->delay_ms) {
			log_dbg("fault: queue %u: delaying head %u by %u ms",
				elem->queue, elem->v.head, f->delay_ms);
			vdev_complete_later(dev, elem, len, f->delay_ms);
			return;
		}
	}
	vdev_fuzz_decide(dev, elem, len, &act);
	vdev_push_act(dev, elem, &act);
	if (act.inject)
		vdev_fuzz_inject(dev, act.inject, act.seed);
}

/**
 * vdev_fuzz_release() - push what the reply fuzzer delayed or dropped
 * @dev: device
 *
 * Each element goes back with the used length it had been given.
 *
 * Return: number of elements pushed.
 */
unsigned int vdev_fuzz_release(struct vdev *dev)
{
	unsigned int i, n = 0;
	struct vlist *pos, *next;

	vdev_enter(dev);
	for (i = 0; i < dev->model->num_queues; i++) {
		struct vdev_queue *q = &dev->queues[i];

		for (pos = q->inflight.next; pos != &q->inflight; pos = next) {
			struct vdev_elem *elem = vlist_entry(pos,
							     struct vdev_elem,
							     node);

			next = pos->next;
			if (!elem->withheld)
				continue;
			elem->withheld = false;
			loop_timer_cancel(&elem->delay);
			vdev_complete(dev, elem, elem->delay_len);
			n++;
		}
	}
	vdev_leave(dev);
	return n;
}

/**
 * vdev_fuzz_withheld() - elements the reply fuzzer delays or dropped now
 * @dev: device
 *
 * Return: their number.
 */
unsigned int vdev_fuzz_withheld(const struct vdev *dev)
{
	unsigned int i, n = 0;
	const struct vlist *pos;

	for (i = 0; i < dev->model->num_queues; i++) {
		const struct vdev_queue *q = &dev->queues[i];

		for (pos = q->inflight.next; pos != &q->inflight;
		     pos = pos->next)
			n += vlist_entry(pos, struct vdev_elem, node)->withheld;
	}
	return n;
}

/**
 * vdev_hold() - park @elem on its queue's held list (oldest first)
 * @dev: device
 * @elem: element from vdev_pop()
 *
 * Use it for buffers kept for later, such as event buffers.
 */
void vdev_hold(struct vdev *dev, struct vdev_elem *elem)
{
	vlist_del(&elem->hold_node);
	vlist_add_tail(&elem->hold_node, &dev->queues[elem->queue].held);
}

/**
 * vdev_unhold() - take the oldest held element of queue @q
 * @dev: device
 * @q: queue index
 *
 * Return: the element, or NULL if none is held.
 */
struct vdev_elem *vdev_unhold(struct vdev *dev, unsigned int q)
{
	struct vdev_queue *vq = vdev_queue(dev, q);
	struct vdev_elem *elem;

	if (!vq || vlist_empty(&vq->held))
		return NULL;
	elem = vlist_entry(vq->held.next, struct vdev_elem, hold_node);
	vlist_del(&elem->hold_node);
	return elem;
}

static void vdev_timer_expired(struct loop_timer *lt)
{
	struct vdev_timer *t = vlist_entry(lt, struct vdev_timer, lt);

	vdev_enter(t->dev);
	t->fn(t);
	vdev_leave(t->dev);
}

/**
 * vdev_timer_init() - prepare a model timer
 * @dev: device
 * @t: timer
 * @fn: callback
 */
void vdev_timer_init(struct vdev *dev, struct vdev_timer *t,
		     void (*fn)(struct vdev_timer *t))
{
	loop_timer_init(&t->lt, vdev_timer_expired);
	t->dev = dev;
	t->fn = fn;
}

/**
 * vdev_timer_arm() - (re)arm @t to run @ms milliseconds from now
 * @t: timer
 * @ms: delay
 */
void vdev_timer_arm(struct vdev_timer *t, unsigned int ms)
{
	loop_timer_arm(t->dev->loop, &t->lt, ms);
}

/**
 * vdev_timer_cancel() - disarm @t
 * @t: timer
 */
void vdev_timer_cancel(struct vdev_timer *t)
{
	loop_timer_cancel(&t->lt);
}

/**
 * vdev_model_control() - hand a control command to the model
 * @dev: device
 * @cmd: the command line
 * @out: where the model writes its output lines
 *
 * Pushes the model makes are notified when it returns.
 *
 * Return: the model's result, or -ENOENT if it takes no commands.
 */
int vdev_model_control(struct vdev *dev, const char *cmd, FILE *out)
{
	int ret;

	if (!dev->model->control)
		return -ENOENT;
	vdev_enter(dev);
	ret = dev->model->control(dev, cmd, out);
	vdev_leave(dev);
	return ret;
}

static void vdev_kick_ready(struct loop_watch *w, uint32_t events)
{
	struct vdev_queue *q = vlist_entry(w, struct vdev_queue, kick_watch);
	struct vdev *dev = q->dev;
	uint64_t val;
	ssize_t n;

	if (!q->index)
		vdev_timing_kick(&dev->timing);
	n = read(q->kick_fd, &val, sizeof(val));
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		/* A closed pipe would stay readable forever: stop watching. */
		log_err("queue %u: kick fd %s", q->index,
			n ? strerror(errno) : "closed");
		loop_watch_del(dev->loop, w);
		return;
	}
	if (!q->active)
		return;
	vdev_enter(dev);
	dev->model->kick(dev, q->index);
	vdev_leave(dev);
}

/**
 * vdev_queue_update() - activate or deactivate @q to match its state
 * @q: queue
 *
 * Called after any change of the queue's configuration or of guest memory.
 * A newly active queue is started in the model and kicked once, since
 * buffers may have been made available while it was inactive.
 */
void vdev_queue_update(struct vdev_queue *q)
{
	struct vdev *dev = q->dev;
	bool ready = q->started && q->addr_set && q->num &&
		     (q->enabled || dev->auto_enable);

	if (!ready) {
		vdev_queue_deactivate(q);
		return;
	}
	if (q->active)
		return;
	if (virtq_map(&q->vq, &dev->mem, q->num, q->desc_addr, q->avail_addr,
		      q->used_addr, q->base)) {
		log_err("queue %u: ring (size %u) not in guest memory",
			q->index, q->num);
		return;
	}
	q->vq.event_idx = vdev_has_feature(dev, VIRTIO_F_EVENT_IDX);
	q->active = true;
	q->broken_reported = false;
	log_dbg("queue %u: active, size %u, base %u", q->index, q->num,
		q->base);
	vdev_enter(dev);
	if (dev->model->queue_start)
		dev->model->queue_start(dev, q->index);
	dev->model->kick(dev, q->index);
	vdev_leave(dev);
}

/**
 * vdev_queue_deactivate() - take @q away from the model
 * @q: queue
 *
 * The model's queue_stop() runs first and may still push. Elements left
 * after that are freed; see the top of this file about rewinding.
 */
void vdev_queue_deactivate(struct vdev_queue *q)
{
	struct vdev *dev = q->dev;
	unsigned int n = 0, furthest = 0;

	if (!q->active)
		return;
	vdev_enter(dev);
	if (dev->model->queue_stop)
		dev->model->queue_stop(dev, q->index);
	vdev_leave(dev);
	while (!vlist_empty(&q->inflight)) {
		struct vdev_elem *elem = vlist_entry(q->inflight.next,
						     struct vdev_elem, node);
		unsigned int dist = (uint16_t)(q->vq.last_avail -
					       elem->v.avail_idx);

		if (dist > furthest)
			furthest = dist;
		n++;
		elem_free(elem);
	}
	/* n distinct positions, none further back than n: the last n pops. */
	if (n && furthest == n)
		virtq_rewind(&q->vq, n);
	else if (n)
		log_info("queue %u: %u buffers in flight dropped", q->index, n);
	q->base = q->vq.last_avail;
	q->active = false;
	q->notify_pending = false;
	log_dbg("queue %u: inactive, base %u", q->index, q->base);
}

/**
 * vdev_queue_stop() - stop the ring (GET_VRING_BASE)
 * @q: queue
 *
 * The kick fd is closed; a new SET_VRING_KICK starts the ring again.
 */
void vdev_queue_stop(struct vdev_queue *q)
{
	vdev_queue_deactivate(q);
	q->started = false;
	loop_watch_del(q->dev->loop, &q->kick_watch);
	close_fd(&q->kick_fd);
}

/**
 * vdev_queue_set_kick() - take over a new kick fd and start the ring
 * @q: queue
 * @fd: eventfd; the queue owns it from now on, even on error
 *
 * Return: 0 or a negative errno.
 */
int vdev_queue_set_kick(struct vdev_queue *q, int fd)
{
	int ret;

	loop_watch_del(q->dev->loop, &q->kick_watch);
	close_fd(&q->kick_fd);
	q->kick_fd = fd;
	ret = loop_watch_add(q->dev->loop, &q->kick_watch, fd, vdev_kick_ready);
	if (ret) {
		close_fd(&q->kick_fd);
		return ret;
	}
	q->started = true;
	vdev_queue_update(q);
	return 0;
}

/**
 * vdev_queue_set_call() - replace the call fd
 * @q: queue
 * @fd: eventfd or pipe write end, or -1; the queue owns it from now on
 */
void vdev_queue_set_call(struct vdev_queue *q, int fd)
{
	close_fd(&q->call_fd);
	q->call_fd = fd;
}

/**
 * vdev_queue_set_err() - replace the error fd
 * @q: queue
 * @fd: eventfd, or -1; the queue owns it from now on
 */
void vdev_queue_set_err(struct vdev_queue *q, int fd)
{
	close_fd(&q->err_fd);
	q->err_fd = fd;
}

/**
 * vdev_queues_suspend() - deactivate every queue (before a memory change)
 * @dev: device
 */
void vdev_queues_suspend(struct vdev *dev)
{
	unsigned int i;

	for (i = 0; i < dev->model->num_queues; i++)
		vdev_queue_deactivate(&dev->queues[i]);
}

/**
 * vdev_queues_resume() - reactivate every queue that can be
 * @dev: device
 */
void vdev_queues_resume(struct vdev *dev)
{
	unsigned int i;

	for (i = 0; i < dev->model->num_queues; i++)
		vdev_queue_update(&dev->queues[i]);
}

/**
 * vdev_set_features() - record the features acked by the front-end
 * @dev: device
 * @features: feature bits, a subset of @dev->offered_features
 * @auto_enable: rings count as enabled without SET_VRING_ENABLE
 */
void vdev_set_features(struct vdev *dev, uint64_t features, bool auto_enable)
{
	unsigned int i;

	dev->features = features;
	dev->auto_enable = auto_enable;
	for (i = 0; i < dev->model->num_queues; i++) {
		struct vdev_queue *q = &dev->queues[i];

		q->vq.event_idx = vdev_has_feature(dev, VIRTIO_F_EVENT_IDX);
		vdev_queue_update(q);
	}
}

/**
 * vdev_get_config() - read device configuration space
 * @dev: device
 * @off: offset
 * @buf: destination
 * @len: bytes; whatever lies past the model's config space reads as zero
 */
void vdev_get_config(struct vdev *dev, uint32_t off, void *buf, uint32_t len)
{
	uint32_t size = dev->model->config_size;

	memset(buf, 0, len);
	if (!dev->model->get_config || off >= size)
		return;
	dev->model->get_config(dev, off, buf, len < size - off ? len : size - off);
}

static void vdev_queue_init(struct vdev *dev, struct vdev_queue *q,
			    unsigned int index)
{
	memset(q, 0, sizeof(*q));
	q->dev = dev;
	q->index = index;
	q->kick_fd = -1;
	q->call_fd = -1;
	q->err_fd = -1;
	q->kick_watch.fd = -1;
	vlist_init(&q->inflight);
	vlist_init(&q->held);
}

/**
 * vdev_reset() - bring every queue and the model back to the initial state
 * @dev: device
 *
 * Used for RESET_DEVICE. Guest memory and negotiated features stay.
 */
void vdev_reset(struct vdev *dev)
{
	unsigned int i;

	for (i = 0; i < dev->model->num_queues; i++) {
		struct vdev_queue *q = &dev->queues[i];

		vdev_queue_stop(q);
		vdev_queue_set_call(q, -1);
		vdev_queue_set_err(q, -1);
		vdev_queue_init(dev, q, i);
	}
	if (dev->model->reset)
		dev->model->reset(dev);
}

/**
 * vdev_disconnect() - forget everything the front-end set up
 * @dev: device
 */
void vdev_disconnect(struct vdev *dev)
{
	vdev_reset(dev);
	vdev_mem_clear(&dev->mem);
	dev->features = 0;
	dev->auto_enable = false;
}

/**
 * vdev_init() - create a device instance for @model
 * @dev: device to set up
 * @model: the model
 * @loop: event loop
 *
 * Return: 0 or a negative errno.
 */
int vdev_init(struct vdev *dev, const struct vdev_model *model,
	      struct loop *loop)
{
	unsigned int i;
	int ret;

	memset(dev, 0, sizeof(*dev));
	dev->model = model;
	dev->loop = loop;
	dev->offered_features = model->features;
	vdev_mem_init(&dev->mem);
	vdev_fault_init(&dev->fault);
	vdev_fuzz_init(&dev->fuzz);
	dev->queues = calloc(model->num_queues, sizeof(*dev->queues));
	dev->priv = calloc(1, model->priv_size ? model->priv_size : 1);
	if (!dev->queues || !dev->priv) {
		free(dev->queues);
		free(dev->priv);
		return -ENOMEM;
	}
	for (i = 0; i < model->num_queues; i++)
		vdev_queue_init(dev, &dev->queues[i], i);
	ret = model->init ? model->init(dev) : 0;
	if (ret)
		vdev_fini(dev);
	return ret;
}

/**
 * vdev_fini() - drop all state and free the instance's memory
 * @dev: device set up by vdev_init()
 */
void vdev_fini(struct vdev *dev)
{
	vdev_disconnect(dev);
	vdev_timing_fini(&dev->timing);
	free(dev->queues);
	free(dev->priv);
	dev->queues = NULL;
	dev->priv = NULL;
}
