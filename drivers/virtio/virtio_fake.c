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
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/io.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_fake.h>
#include <linux/virtio_ring.h>
#include <linux/vringh.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

/**
 * struct virtio_fake_queue - device side of one virtqueue
 * @vf: the device
 * @index: the queue's index
 * @vq: the driver's virtqueue, or NULL while it does not exist
 * @vrh: the device's view of its ring
 * @generation: bumped whenever @vq goes away or the device is reset;
 *	requests popped before are stale and are never completed into the ring
 * @kicks: number of notifications from the driver
 * @avail_at_reset: the driver's avail index when the device was reset
 * @irq: raises the driver's callback in hardirq context, on any CPU
 * @timer: raises the driver's callback in hardirq context after a delay
 * @remote: (module) raises @irq on another CPU, see
 *	virtio_fake_interrupt_async()
 */
struct virtio_fake_queue {
	struct virtio_fake *vf;
	unsigned int index;
	struct virtqueue *vq;
	struct vringh vrh;
	unsigned int generation;
	unsigned int kicks;
	u16 avail_at_reset;
	struct irq_work irq;
	struct hrtimer timer;
#ifdef MODULE
	struct work_struct remote;
#endif
};

/**
 * struct virtio_fake - a fake virtio device
 * @vdev: the virtio device the driver binds to
 * @features: the device's feature bits
 * @status: the device status the driver set
 * @ring_size: entries per virtqueue
 * @test: the test that owns the device
 * @initialized: registration was attempted, the device is refcounted
 * @registered: the device is on the virtio bus
 * @was_reset: the device was reset and its virtqueues not yet deleted
 * @fail_at: per &enum virtio_fake_fault, fail the n-th call from now (0: no)
 * @violations: driver actions the virtio specification forbids
 * @violation: what the first of them was
 * @lock: protects the vringh state, @generation, @kicks and @avail_at_reset
 *	of every queue, @was_reset, @fail_at and the violation record
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
	struct kunit *test;
	bool initialized;
	bool registered;
	bool was_reset;
	unsigned int fail_at[VIRTIO_FAKE_NUM_FAULTS];
	unsigned int violations;
	char violation[96];
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

/* Record a forbidden driver action. Called with the lock held. */
static void vf_violation(struct virtio_fake *vf, const char *what,
			 unsigned int queue)
{
	if (!vf->violations++)
		snprintf(vf->violation, sizeof(vf->violation), "%s (queue %u)",
			 what, queue);
}

/* Should this call fail, as the test asked? Called with the lock held. */
static bool vf_should_fail(struct virtio_fake *vf, enum virtio_fake_fault f)
{
	if (!vf->fail_at[f])
		return false;
	return !--vf->fail_at[f];
}

static u16 vf_avail_idx(struct virtio_fake_queue *q)
{
	return READ_ONCE(q->vrh.vring.avail->idx);
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

#ifdef MODULE
/* irq_work_queue_on() is not exported: a work item on the CPU raises it. */
static void vf_irq_remote(struct work_struct *work)
{
	irq_work_queue(&container_of(work, struct virtio_fake_queue,
				     remote)->irq);
}
#endif

/* Wait until no callback of @q is pending or running. */
static void vf_sync_irq(struct virtio_fake_queue *q)
{
#ifdef MODULE
	flush_work(&q->remote);
#endif
	irq_work_sync(&q->irq);
	hrtimer_cancel(&q->timer);
}

/*
 * Like virtio-mmio's reset, this does not wait for callbacks already
 * raised: drivers must not rely on it (virtio_synchronize_cbs() does).
 * Requests the test popped before are stale from now on.
 */
static void vf_reset(struct virtio_device *vdev)
{
	struct virtio_fake *vf = to_fake(vdev);
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&vf->lock, flags);
	vf->status = 0;
	vf->was_reset = true;
	for (i = 0; i < vf->num_queues; i++) {
		vf->queues[i].generation++;
		if (vf->queues[i].vq)
			vf->queues[i].avail_at_reset =
				vf_avail_idx(&vf->queues[i]);
	}
	spin_unlock_irqrestore(&vf->lock, flags);
}

/* Wait for callbacks raised from hardirq context. */
static void vf_synchronize_cbs(struct virtio_device *vdev)
{
	struct virtio_fake *vf = to_fake(vdev);
	unsigned int i;

	for (i = 0; i < vf->num_queues; i++)
		vf_sync_irq(&vf->queues[i]);
}

static bool vf_notify(struct virtqueue *vq)
{
	struct virtio_fake *vf = to_fake(vq->vdev);
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&vf->lock, flags);
	vf->queues[vq->index].kicks++;
	if (!(vf->status & VIRTIO_CONFIG_S_DRIVER_OK))
		vf_violation(vf, vf->was_reset ? "notify after reset" :
				 "notify before DRIVER_OK", vq->index);
	ok = !vf_should_fail(vf, VIRTIO_FAKE_FAIL_NOTIFY);
	spin_unlock_irqrestore(&vf->lock, flags);
	if (!ok)
		return false;
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
		struct virtio_fake_queue *q = &vf->queues[i];

		spin_lock_irqsave(&vf->lock, flags);
		vq = q->vq;
		/* Detaching unused buffers moves the index back; adding, on. */
		if (vq && vf->was_reset &&
		    (s16)(vf_avail_idx(q) - q->avail_at_reset) > 0)
			vf_violation(vf, "buffers added after reset", i);
		/*
		 * The virtio core frees a buffer's indirect table only when
		 * the buffer comes back: get_buf or detach_unused_buf first.
		 */
		if (vq && vq->num_free != virtqueue_get_vring_size(vq))
			vf_violation(vf, "virtqueue deleted with buffers not taken back",
				     i);
		q->vq = NULL;
		q->generation++;
		spin_unlock_irqrestore(&vf->lock, flags);
		/* A callback raised before must not find the ring gone. */
		vf_sync_irq(q);
		if (vq)
			vring_del_virtqueue(vq);
	}
	spin_lock_irqsave(&vf->lock, flags);
	vf->was_reset = false;
	spin_unlock_irqrestore(&vf->lock, flags);
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
	spin_lock_irqsave(&vf->lock, flags);
	ret = vf_should_fail(vf, VIRTIO_FAKE_FAIL_FIND_VQS) ? -ENOMEM : 0;
	spin_unlock_irqrestore(&vf->lock, flags);
	if (ret)
		return ret;
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
	.synchronize_cbs = vf_synchronize_cbs,
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
	/* Every test checks that its driver kept the rules. */
	KUNIT_EXPECT_EQ_MSG(vf->test, vf->violations, 0,
			    "the driver broke the virtio rules: %s",
			    vf->violation);
	if (vf->initialized)
		put_device(&vf->vdev.dev);
	else
		kfree(vf);
}

static void vf_irq_work(struct irq_work *work)
{
	struct virtio_fake_queue *q =
		container_of(work, struct virtio_fake_queue, irq);

	virtio_fake_interrupt(q->vf, q->index);
}

static enum hrtimer_restart vf_timer(struct hrtimer *timer)
{
	struct virtio_fake_queue *q =
		container_of(timer, struct virtio_fake_queue, timer);

	virtio_fake_interrupt(q->vf, q->index);
	return HRTIMER_NORESTART;
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
	unsigned int i;

	vf = kzalloc(struct_size(vf, queues, num_queues), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vf);
	vf->num_queues = num_queues;
	vf->ring_size = ring_size;
	vf->test = test;
	for (i = 0; i < num_queues; i++) {
		vf->queues[i].vf = vf;
		vf->queues[i].index = i;
		init_irq_work(&vf->queues[i].irq, vf_irq_work);
#ifdef MODULE
		INIT_WORK(&vf->queues[i].remote, vf_irq_remote);
#endif
		hrtimer_init(&vf->queues[i].timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL_HARD);
		vf->queues[i].timer.function = vf_timer;
	}
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
	struct virtqueue *vq = READ_ONCE(vf->queues[queue].vq);

	if (vq)
		vring_interrupt(0, vq);
}
EXPORT_SYMBOL_GPL(virtio_fake_interrupt);

/**
 * virtio_fake_interrupt_async() - raise a queue's callback from hardirq context
 * @vf: the device
 * @queue: the queue
 * @cpu: the CPU to interrupt, or -1 for this one (as soon as it takes
 *	interrupts)
 *
 * The callback runs as a real device's would: in hardirq context, and when
 * @cpu is another CPU, concurrently with whatever the driver does here.
 * Return: false when @cpu is not online (nothing was raised).
 */
bool virtio_fake_interrupt_async(struct virtio_fake *vf, unsigned int queue,
				 int cpu)
{
	struct irq_work *work = &vf->queues[queue].irq;

	if (cpu < 0) {
		irq_work_queue(work);
		return true;
	}
	if (!cpu_online(cpu))
		return false;
#ifdef MODULE
	queue_work_on(cpu, system_highpri_wq, &vf->queues[queue].remote);
#else
	irq_work_queue_on(work, cpu);
#endif
	return true;
}
EXPORT_SYMBOL_GPL(virtio_fake_interrupt_async);

/**
 * virtio_fake_interrupt_after() - raise a queue's callback from a timer
 * @vf: the device
 * @queue: the queue
 * @delay_ns: when, from now
 *
 * The callback runs in hardirq context (a hard hrtimer) on this CPU.
 */
void virtio_fake_interrupt_after(struct virtio_fake *vf, unsigned int queue,
				 u64 delay_ns)
{
	hrtimer_start(&vf->queues[queue].timer, ns_to_ktime(delay_ns),
		      HRTIMER_MODE_REL_HARD);
}
EXPORT_SYMBOL_GPL(virtio_fake_interrupt_after);

/**
 * virtio_fake_fail() - make a transport operation fail
 * @vf: the device
 * @fault: which operation
 * @nth: fail the nth call from now (1: the next one), once; 0 disarms
 */
void virtio_fake_fail(struct virtio_fake *vf, enum virtio_fake_fault fault,
		      unsigned int nth)
{
	unsigned long flags;

	spin_lock_irqsave(&vf->lock, flags);
	vf->fail_at[fault] = nth;
	spin_unlock_irqrestore(&vf->lock, flags);
}
EXPORT_SYMBOL_GPL(virtio_fake_fail);

/**
 * virtio_fake_num_vqs() - how many virtqueues the driver has now
 * @vf: the device
 *
 * Return: the number of virtqueues created and not yet deleted.
 */
unsigned int virtio_fake_num_vqs(struct virtio_fake *vf)
{
	unsigned long flags;
	unsigned int i, n = 0;

	spin_lock_irqsave(&vf->lock, flags);
	for (i = 0; i < vf->num_queues; i++)
		n += !!vf->queues[i].vq;
	spin_unlock_irqrestore(&vf->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(virtio_fake_num_vqs);

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

/**
 * virtio_fake_wants_interrupt() - would the driver take an interrupt now?
 * @vf: the device
 * @queue: the queue
 *
 * What a device asks before it interrupts for the buffers it completed:
 * the driver's VRING_AVAIL_F_NO_INTERRUPT, or with VIRTIO_F_EVENT_IDX its
 * used event index (counting the completions since the last call).
 *
 * Return: true when the driver wants an interrupt for @queue.
 */
bool virtio_fake_wants_interrupt(struct virtio_fake *vf, unsigned int queue)
{
	struct virtio_fake_queue *q = &vf->queues[queue];
	unsigned long flags;
	bool wants;

	spin_lock_irqsave(&vf->lock, flags);
	wants = q->vq && vringh_need_notify_kern(&q->vrh) > 0;
	spin_unlock_irqrestore(&vf->lock, flags);
	return wants;
}
EXPORT_SYMBOL_GPL(virtio_fake_wants_interrupt);

MODULE_DESCRIPTION("Fake virtio device for KUnit tests");
MODULE_LICENSE("GPL");
