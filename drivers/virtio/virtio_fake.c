// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake virtio device for KUnit tests of virtio drivers.
 *
 * The driver side is the real one: the fake registers a virtio_device on
 * the virtio bus, the driver under test binds to it and creates split
 * virtqueues in kernel memory. The device side is the test's: it reads the
 * rings through vringh and answers when, how and if it likes.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_fake.h>
#include <linux/virtio_ring.h>
#include <linux/vringh.h>
#include <linux/wait.h>

/**
 * struct virtio_fake_queue - device side of one virtqueue
 * @vq: the driver's virtqueue, or NULL while it does not exist
 * @vrh: the device's view of its ring
 * @generation: bumped whenever @vq goes away; requests popped before are
 *	stale and are never completed into the ring
 * @kicks: number of notifications from the driver
 */
struct virtio_fake_queue {
	struct virtqueue *vq;
	struct vringh vrh;
	unsigned int generation;
	unsigned int kicks;
};

/**
 * struct virtio_fake - a fake virtio device
 * @vdev: the virtio device the driver binds to
 * @features: the device's feature bits
 * @status: the device status the driver set
 * @ring_size: entries per virtqueue
 * @initialized: registration was attempted, the device is refcounted
 * @registered: the device is on the virtio bus
 * @lock: protects the vringh state, @generation and @kicks of every queue
 * @kicked: woken on every notification
 * @kick_fn: the test's notification hook, or NULL
 * @kick_ctx: its context
 * @num_queues: number of @queues
 * @queues: the queues
 */
struct virtio_fake {
	struct virtio_device vdev;
	u64 features;
	u8 status;
	unsigned int ring_size;
	bool initialized;
	bool registered;
	spinlock_t lock;	/* see above */
	wait_queue_head_t kicked;
	virtio_fake_kick_fn kick_fn;
	void *kick_ctx;
	unsigned int num_queues;
	struct virtio_fake_queue queues[] __counted_by(num_queues);
};

/* A popped chain: what the test sees, and what completing it needs. */
struct virtio_fake_req_priv {
	struct virtio_fake_req pub;
	u16 head;
	unsigned int generation;
	struct vringh_kiov wiov;
};

static struct virtio_fake *to_fake(struct virtio_device *vdev)
{
	return container_of(vdev, struct virtio_fake, vdev);
}

static void vf_get(struct virtio_device *vdev, unsigned int offset, void *buf,
		   unsigned int len)
{
	memset(buf, 0, len);
}

static void vf_set(struct virtio_device *vdev, unsigned int offset,
		   const void *buf, unsigned int len)
{
}

static u8 vf_get_status(struct virtio_device *vdev)
{
	return to_fake(vdev)->status;
}

static void vf_set_status(struct virtio_device *vdev, u8 status)
{
	to_fake(vdev)->status = status;
}

static void vf_reset(struct virtio_device *vdev)
{
	to_fake(vdev)->status = 0;
}

static bool vf_notify(struct virtqueue *vq)
{
	struct virtio_fake *vf = to_fake(vq->vdev);
	unsigned long flags;

	spin_lock_irqsave(&vf->lock, flags);
	vf->queues[vq->index].kicks++;
	spin_unlock_irqrestore(&vf->lock, flags);
	wake_up(&vf->kicked);
	if (vf->kick_fn)
		vf->kick_fn(vf, vq->index, vf->kick_ctx);
	return true;
}

static void vf_del_vqs(struct virtio_device *vdev)
{
	struct virtio_fake *vf = to_fake(vdev);
	struct virtqueue *vq;
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < vf->num_queues; i++) {
		spin_lock_irqsave(&vf->lock, flags);
		vq = vf->queues[i].vq;
		vf->queues[i].vq = NULL;
		vf->queues[i].generation++;
		spin_unlock_irqrestore(&vf->lock, flags);
		if (vq)
			vring_del_virtqueue(vq);
	}
}

static int vf_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
		       struct virtqueue *vqs[], struct virtqueue_info info[],
		       struct irq_affinity *desc)
{
	struct virtio_fake *vf = to_fake(vdev);
	const struct vring *vring;
	struct virtqueue *vq;
	unsigned long flags;
	unsigned int i;
	int ret;

	if (nvqs > vf->num_queues)
		return -ENOENT;
	for (i = 0; i < nvqs; i++) {
		vqs[i] = NULL;
		if (!info[i].name)
			continue;
		vq = vring_create_virtqueue(i, vf->ring_size, SMP_CACHE_BYTES,
					    vdev, true, false, info[i].ctx,
					    vf_notify, info[i].callback,
					    info[i].name);
		if (!vq) {
			vf_del_vqs(vdev);
			return -ENOMEM;
		}
		vring = virtqueue_get_vring(vq);
		spin_lock_irqsave(&vf->lock, flags);
		ret = vringh_init_kern(&vf->queues[i].vrh, vf->features,
				       vring->num, false, vring->desc,
				       vring->avail, vring->used);
		vf->queues[i].vq = ret ? NULL : vq;
		spin_unlock_irqrestore(&vf->lock, flags);
		if (ret) {
			vring_del_virtqueue(vq);
			vf_del_vqs(vdev);
			return ret;
		}
		vqs[i] = vq;
	}
	return 0;
}

static u64 vf_get_features(struct virtio_device *vdev)
{
	return to_fake(vdev)->features;
}

static int vf_finalize_features(struct virtio_device *vdev)
{
	vring_transport_features(vdev);
	return 0;
}

static const char *vf_bus_name(struct virtio_device *vdev)
{
	return "virtio-fake";
}

static const struct virtio_config_ops virtio_fake_config_ops = {
	.get = vf_get,
	.set = vf_set,
	.get_status = vf_get_status,
	.set_status = vf_set_status,
	.reset = vf_reset,
	.find_vqs = vf_find_vqs,
	.del_vqs = vf_del_vqs,
	.get_features = vf_get_features,
	.finalize_features = vf_finalize_features,
	.bus_name = vf_bus_name,
};

static void virtio_fake_release(struct device *dev)
{
	kfree(to_fake(dev_to_virtio(dev)));
}

static void virtio_fake_cleanup(void *data)
{
	struct virtio_fake *vf = data;

	if (vf->registered)
		virtio_fake_unregister(vf);
	if (vf->initialized)
		put_device(&vf->vdev.dev);
	else
		kfree(vf);
}

/**
 * virtio_fake_create() - make a fake virtio device for a test
 * @test: the test; the device goes away when the test ends
 * @device_id: the virtio device ID drivers match
 * @features: device feature bits (VIRTIO_F_VERSION_1 is always added)
 * @num_queues: number of virtqueues the device has
 * @ring_size: entries per virtqueue
 *
 * Return: the device, not yet on the bus, or NULL (the test has failed).
 */
struct virtio_fake *virtio_fake_create(struct kunit *test, u32 device_id,
				       u64 features, unsigned int num_queues,
				       unsigned int ring_size)
{
	struct virtio_fake *vf;

	vf = kzalloc(struct_size(vf, queues, num_queues), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vf);
	vf->num_queues = num_queues;
	vf->ring_size = ring_size;
	vf->features = features | BIT_ULL(VIRTIO_F_VERSION_1);
	vf->vdev.id.device = device_id;
	vf->vdev.id.vendor = VIRTIO_DEV_ANY_ID;
	vf->vdev.config = &virtio_fake_config_ops;
	vf->vdev.dev.release = virtio_fake_release;
	spin_lock_init(&vf->lock);
	init_waitqueue_head(&vf->kicked);
	if (kunit_add_action_or_reset(test, virtio_fake_cleanup, vf))
		return NULL;
	return vf;
}
EXPORT_SYMBOL_GPL(virtio_fake_create);

/**
 * virtio_fake_register() - put the device on the virtio bus
 * @vf: the device
 *
 * A matching driver probes before this returns.
 *
 * Return: 0 or a negative errno; the probe's result is not reported here,
 * see virtio_fake_bound() and virtio_fake_status().
 */
int virtio_fake_register(struct virtio_fake *vf)
{
	int ret;

	vf->initialized = true;
	ret = register_virtio_device(&vf->vdev);
	if (ret)
		return ret;
	/* Keep the memory until the test ends, even past unregistering. */
	get_device(&vf->vdev.dev);
	vf->registered = true;
	return 0;
}
EXPORT_SYMBOL_GPL(virtio_fake_register);

/**
 * virtio_fake_unregister() - take the device off the bus (driver removal)
 * @vf: the device
 */
void virtio_fake_unregister(struct virtio_fake *vf)
{
	if (!vf->registered)
		return;
	vf->registered = false;
	unregister_virtio_device(&vf->vdev);
}
EXPORT_SYMBOL_GPL(virtio_fake_unregister);

/**
 * virtio_fake_vdev() - the virtio device a driver sees
 * @vf: the fake device
 *
 * Return: the virtio device.
 */
struct virtio_device *virtio_fake_vdev(struct virtio_fake *vf)
{
	return &vf->vdev;
}
EXPORT_SYMBOL_GPL(virtio_fake_vdev);

/**
 * virtio_fake_status() - the device status the driver set
 * @vf: the device
 *
 * Return: VIRTIO_CONFIG_S_* bits.
 */
u8 virtio_fake_status(struct virtio_fake *vf)
{
	return vf->status;
}
EXPORT_SYMBOL_GPL(virtio_fake_status);

/**
 * virtio_fake_bound() - is a driver bound to the device?
 * @vf: the device
 *
 * Return: true after a successful probe, until removal.
 */
bool virtio_fake_bound(struct virtio_fake *vf)
{
	return vf->registered && vf->vdev.dev.driver;
}
EXPORT_SYMBOL_GPL(virtio_fake_bound);

/**
 * virtio_fake_on_kick() - set the hook called on every driver notification
 * @vf: the device
 * @fn: the hook, or NULL
 * @ctx: passed to @fn
 */
void virtio_fake_on_kick(struct virtio_fake *vf, virtio_fake_kick_fn fn,
			 void *ctx)
{
	vf->kick_ctx = ctx;
	vf->kick_fn = fn;
}
EXPORT_SYMBOL_GPL(virtio_fake_on_kick);

/*
 * Without the DMA API (no VIRTIO_F_ACCESS_PLATFORM) the driver puts
 * physical addresses into the descriptors: map them for vringh's memcpy.
 * Return the total length.
 */
static size_t vf_kiov_map(struct vringh_kiov *kiov)
{
	size_t len = 0;
	unsigned int i;

	for (i = kiov->i; i < kiov->used; i++) {
		kiov->iov[i].iov_base =
			phys_to_virt((phys_addr_t)(uintptr_t)kiov->iov[i].iov_base);
		len += kiov->iov[i].iov_len;
	}
	return len;
}

/**
 * virtio_fake_pop() - take the next chain the driver made available
 * @vf: the device
 * @queue: the queue
 *
 * Any context.
 *
 * Return: the request, or NULL when there is none.
 */
struct virtio_fake_req *virtio_fake_pop(struct virtio_fake *vf,
					unsigned int queue)
{
	struct virtio_fake_queue *q = &vf->queues[queue];
	struct virtio_fake_req_priv *r;
	struct vringh_kiov riov;
	unsigned long flags;
	int ret = 0;

	r = kzalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return NULL;
	vringh_kiov_init(&riov, NULL, 0);
	vringh_kiov_init(&r->wiov, NULL, 0);
	spin_lock_irqsave(&vf->lock, flags);
	if (q->vq)
		ret = vringh_getdesc_kern(&q->vrh, &riov, &r->wiov, &r->head,
					  GFP_ATOMIC);
	r->generation = q->generation;
	spin_unlock_irqrestore(&vf->lock, flags);
	if (ret <= 0)
		goto fail;

	r->pub.queue = queue;
	r->pub.out_len = vf_kiov_map(&riov);
	r->pub.in_cap = vf_kiov_map(&r->wiov);
	r->pub.out = kmalloc(r->pub.out_len ?: 1, GFP_ATOMIC);
	if (!r->pub.out)
		goto fail;
	if (vringh_iov_pull_kern(&riov, r->pub.out, r->pub.out_len) !=
	    r->pub.out_len) {
		kfree(r->pub.out);
		goto fail;
	}
	vringh_kiov_cleanup(&riov);
	return &r->pub;

fail:
	vringh_kiov_cleanup(&riov);
	vringh_kiov_cleanup(&r->wiov);
	kfree(r);
	return NULL;
}
EXPORT_SYMBOL_GPL(virtio_fake_pop);

/**
 * virtio_fake_wait() - wait for the driver to make a chain available
 * @vf: the device
 * @queue: the queue
 * @timeout_ms: how long to wait
 *
 * Return: the request, or NULL after @timeout_ms.
 */
struct virtio_fake_req *virtio_fake_wait(struct virtio_fake *vf,
					 unsigned int queue,
					 unsigned int timeout_ms)
{
	struct virtio_fake_req *req = NULL;

	wait_event_timeout(vf->kicked, (req = virtio_fake_pop(vf, queue)),
			   msecs_to_jiffies(timeout_ms));
	return req;
}
EXPORT_SYMBOL_GPL(virtio_fake_wait);

static void vf_req_free(struct virtio_fake_req_priv *r)
{
	vringh_kiov_cleanup(&r->wiov);
	kfree(r->pub.out);
	kfree(r);
}

/**
 * virtio_fake_complete() - give a chain back to the driver
 * @vf: the device
 * @req: the chain, freed here
 * @data: bytes for the writable part (as many as fit are written)
 * @len: number of bytes in @data
 * @used_len: the length reported in the used ring; may differ from what
 *	was written, to test drivers against lying devices
 *
 * The driver is not interrupted: call virtio_fake_interrupt() for that. A
 * chain of a virtqueue that was deleted since it was popped is only freed.
 */
void virtio_fake_complete(struct virtio_fake *vf, struct virtio_fake_req *req,
			  const void *data, size_t len, u32 used_len)
{
	struct virtio_fake_req_priv *r =
		container_of(req, struct virtio_fake_req_priv, pub);
	struct virtio_fake_queue *q = &vf->queues[req->queue];
	unsigned long flags;

	spin_lock_irqsave(&vf->lock, flags);
	if (q->vq && r->generation == q->generation) {
		if (len)
			vringh_iov_push_kern(&r->wiov, data,
					     min(len, req->in_cap));
		vringh_complete_kern(&q->vrh, r->head, used_len);
	}
	spin_unlock_irqrestore(&vf->lock, flags);
	vf_req_free(r);
}
EXPORT_SYMBOL_GPL(virtio_fake_complete);

/**
 * virtio_fake_forget() - drop a popped chain without giving it back
 * @req: the chain; the driver never sees it again
 */
void virtio_fake_forget(struct virtio_fake_req *req)
{
	vf_req_free(container_of(req, struct virtio_fake_req_priv, pub));
}
EXPORT_SYMBOL_GPL(virtio_fake_forget);

/**
 * virtio_fake_interrupt() - run the driver's callback for a queue
 * @vf: the device
 * @queue: the queue
 *
 * Call it without holding anything the driver's callback takes.
 */
void virtio_fake_interrupt(struct virtio_fake *vf, unsigned int queue)
{
	struct virtqueue *vq = vf->queues[queue].vq;

	if (vq)
		vring_interrupt(0, vq);
}
EXPORT_SYMBOL_GPL(virtio_fake_interrupt);

/**
 * virtio_fake_kicks() - how often the driver notified a queue
 * @vf: the device
 * @queue: the queue
 *
 * Return: the number of notifications so far.
 */
unsigned int virtio_fake_kicks(struct virtio_fake *vf, unsigned int queue)
{
	return READ_ONCE(vf->queues[queue].kicks);
}
EXPORT_SYMBOL_GPL(virtio_fake_kicks);

MODULE_DESCRIPTION("Fake virtio device for KUnit tests");
MODULE_LICENSE("GPL");
