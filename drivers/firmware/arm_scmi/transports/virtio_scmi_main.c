// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: devices, their SCMI instances and channels.
 *
 * Each virtio SCMI device gets, in its probe, an SCMI core instance
 * ("arm-scmi" platform device) for its own DT node: the "virtio,device20"
 * child of its transport's node (virtio-mmio, a PCI device, virtio_uml),
 * which the virtio core gives the device. The instance's transport
 * supplier is the device: unbinding the device unbinds the instance
 * first. The legacy form, one "arm,scmi-virtio" node (under /firmware)
 * and one device without a node of its own, still works; anything more is
 * ambiguous and gets no instance.
 *
 * Channel 0 of an instance (tx) is the cmdq, channel 1 (p2a) the eventq.
 * There are no per-protocol channels: protocols share them.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/wait_bit.h>
#include <uapi/linux/virtio_scmi.h>

#include "virtio_scmi.h"

/*
 * vscmi_lock protects vscmi_legacy: the device serving the legacy
 * "arm,scmi-virtio" node, if any.
 */
static DEFINE_MUTEX(vscmi_lock);
static struct vscmi_dev *vscmi_legacy;

struct scmi_transport_core_operations *vscmi_core;

/**
 * vscmi_queue_put_user() - done using a queue outside its lock
 * @q: the queue
 */
void vscmi_queue_put_user(struct vscmi_queue *q)
{
	if (atomic_dec_and_test(&q->users))
		wake_up_var(&q->users);
}

/* Let senders and callbacks in (@live), or stop them and wait for them. */
static void vscmi_queue_set_live(struct vscmi_queue *q, bool live)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->live = live;
	spin_unlock_irqrestore(&q->lock, flags);
	if (!live)
		wait_var_event(&q->users, !atomic_read(&q->users));
}

/**
 * vscmi_dev_of_chan() - the device behind an SCMI channel
 * @cinfo: the channel
 *
 * Return: the device, or NULL once the channel was freed: transfers still
 * in flight when the SCMI instance goes away fail quietly.
 */
struct vscmi_dev *vscmi_dev_of_chan(struct scmi_chan_info *cinfo)
{
	return READ_ONCE(cinfo->transport_info);
}

/*
 * The instance's own node has both channels (chan_setup says whether the
 * device has an eventq); protocol nodes have none of their own, they share
 * those.
 */
static bool vscmi_chan_available(struct device_node *np, int idx)
{
	return of_device_is_compatible(np, "virtio,device20") ||
	       of_device_is_compatible(np, "arm,scmi-virtio");
}

static int vscmi_chan_setup(struct scmi_chan_info *cinfo, struct device *dev,
			    bool tx)
{
	const struct scmi_transport *trans = dev_get_platdata(dev);
	struct vscmi_dev *vsdev;
	struct vscmi_queue *q;
	unsigned long flags;
	int ret = 0;

	/* The device serving the instance is its transport supplier. */
	if (!trans || !trans->supplier)
		return -ENODEV;
	vsdev = dev_to_virtio(trans->supplier)->priv;
	if (tx)
		q = &vsdev->cmdq.q;
	else if (vsdev->has_eventq)
		q = &vsdev->eventq.q;
	else
		return -ENODEV;

	/* A command's reply is always an interrupt (or a poll) away. */
	cinfo->no_completion_irq = false;
	spin_lock_irqsave(&q->lock, flags);
	if (!q->live)
		ret = -ENODEV;
	else if (q->cinfo)
		ret = -EBUSY;
	else
		q->cinfo = cinfo;
	/* A new SCMI instance has sent nothing yet. */
	if (!ret && tx)
		vscmi_cmdq_reset_tokens(&vsdev->cmdq);
	spin_unlock_irqrestore(&q->lock, flags);
	if (!ret)
		WRITE_ONCE(cinfo->transport_info, vsdev);
	return ret;
}

/* The queue of a channel still bound, or NULL. */
static struct vscmi_queue *vscmi_queue_of_chan(struct scmi_chan_info *cinfo)
{
	struct vscmi_dev *vsdev = vscmi_dev_of_chan(cinfo);

	if (!vsdev)
		return NULL;
	return cinfo->is_p2a ? &vsdev->eventq.q : &vsdev->cmdq.q;
}

static int vscmi_chan_free(int id, void *p, void *data)
{
	struct scmi_chan_info *cinfo = p;
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);
	unsigned long flags;

	/* Protocols sharing the channel are freed one by one: once is enough. */
	if (q && READ_ONCE(q->cinfo) == cinfo) {
		spin_lock_irqsave(&q->lock, flags);
		q->cinfo = NULL;
		spin_unlock_irqrestore(&q->lock, flags);
		/* Deliveries in progress end first; none start afterwards. */
		wait_var_event(&q->users, !atomic_read(&q->users));
		if (!cinfo->is_p2a)
			vscmi_cmdq_orphan(container_of(q, struct vscmi_cmdq, q));
	}
	WRITE_ONCE(cinfo->transport_info, NULL);
	return 0;
}

static unsigned int vscmi_get_max_msg(struct scmi_chan_info *cinfo)
{
	struct vscmi_queue *q = vscmi_queue_of_chan(cinfo);

	return q ? q->num_msgs : 0;
}

static const struct scmi_transport_ops vscmi_ops = {
	.chan_available = vscmi_chan_available,
	.chan_setup = vscmi_chan_setup,
	.chan_free = vscmi_chan_free,
	.get_max_msg = vscmi_get_max_msg,
	.send_message = vscmi_send_message,
	.mark_txdone = vscmi_mark_txdone,
	.fetch_response = vscmi_fetch_response,
	.fetch_notification = vscmi_fetch_notification,
	.poll_done = vscmi_poll_done,
};

/*
 * Each SCMI instance gets a copy: the core writes the DT's
 * arm,max-rx-timeout-ms into it. (Not static: KUnit drives the operations
 * as the core does.)
 */
const struct scmi_desc vscmi_desc_template = {
	.ops = &vscmi_ops,
	/* Virtio devices are not real-time; DT can shorten this. */
	.max_rx_timeout_ms = 60000,
	.max_msg_size = VSCMI_MAX_MSG_SIZE,
	.atomic_enabled = IS_ENABLED(CONFIG_VIRTIO_SCMI_ATOMIC),
};

/*
 * Give @vsdev an SCMI core instance ("arm-scmi" platform device) for @np.
 * Its probe may run right here, before our probe returns: the device is
 * ready, and the SCMI core's link to its supplier allows a consumer that
 * probes while the supplier does.
 */
static int vscmi_instance_create(struct vscmi_dev *vsdev,
				 struct device_node *np)
{
	struct scmi_transport trans = {};
	struct platform_device *scmi;
	struct scmi_desc *desc;
	int ret;

	desc = kmemdup(&vscmi_desc_template, sizeof(*desc), GFP_KERNEL);
	if (!desc)
		return -ENOMEM;
	scmi = platform_device_alloc("arm-scmi", PLATFORM_DEVID_AUTO);
	if (!scmi) {
		kfree(desc);
		return -ENOMEM;
	}
	/* Shared with the node's own device: no pinctrl, no second match. */
	scmi->dev.of_node_reused = true;
	device_set_node(&scmi->dev, of_fwnode_handle(of_node_get(np)));
	trans.supplier = &vsdev->vdev->dev;
	trans.desc = desc;
	trans.core_ops = &vscmi_core;
	ret = platform_device_add_data(scmi, &trans, sizeof(trans));
	if (!ret)
		ret = platform_device_add(scmi);
	if (ret) {
		platform_device_put(scmi);
		kfree(desc);
		return ret;
	}
	vsdev->scmi = scmi;
	vsdev->desc = desc;
	return 0;
}

static void vscmi_instance_destroy(struct vscmi_dev *vsdev)
{
	if (!vsdev->scmi)
		return;
	platform_device_unregister(vsdev->scmi);
	kfree(vsdev->desc);
	vsdev->scmi = NULL;
	vsdev->desc = NULL;
}

static int vscmi_count_nodeless(struct device *dev, void *count)
{
	if (dev_to_virtio(dev)->id.device == VIRTIO_ID_SCMI && !dev_of_node(dev))
		(*(unsigned int *)count)++;
	return 0;
}

/*
 * The legacy form: one available "arm,scmi-virtio" node and one virtio
 * SCMI device without a DT node of its own (counting every such device on
 * the bus, bound or not). Anything else is ambiguous: no instance. Return
 * the node, with a reference, once @vsdev is recorded as its device.
 */
static struct device_node *vscmi_legacy_claim(struct vscmi_dev *vsdev)
{
	struct device *dev = &vsdev->vdev->dev;
	struct device_node *np, *found = NULL;
	unsigned int nodes = 0, devs = 0;

	for_each_compatible_node(np, NULL, "arm,scmi-virtio") {
		if (of_device_is_available(np) && !nodes++)
			found = of_node_get(np);
	}
	if (!nodes) {
		dev_info(dev, "no DT node for this device (a virtio,device20 child of its transport's node, or an arm,scmi-virtio node): no SCMI instance\n");
		return NULL;
	}
	bus_for_each_dev(dev->bus, NULL, &devs, vscmi_count_nodeless);
	mutex_lock(&vscmi_lock);
	if (nodes > 1 || devs > 1 || vscmi_legacy) {
		mutex_unlock(&vscmi_lock);
		dev_err(dev, "%u arm,scmi-virtio node(s), %u virtio SCMI device(s) without a DT node of their own%s: ambiguous, no SCMI instance; give each device a virtio,device20 node\n",
			nodes, devs,
			vscmi_legacy ? ", the node served already" : "");
		of_node_put(found);
		return NULL;
	}
	vscmi_legacy = vsdev;
	mutex_unlock(&vscmi_lock);
	return found;
}

static void vscmi_legacy_release(struct vscmi_dev *vsdev)
{
	mutex_lock(&vscmi_lock);
	if (vscmi_legacy == vsdev)
		vscmi_legacy = NULL;
	mutex_unlock(&vscmi_lock);
}

/*
 * The SCMI instance of a ready device: for its own DT node
 * ("virtio,device20" under its transport's node), else for the legacy
 * node. Without a node, or when the legacy one is ambiguous, the device
 * stays bound without an instance.
 */
static int vscmi_attach(struct vscmi_dev *vsdev)
{
	struct device *dev = &vsdev->vdev->dev;
	struct device_node *np = dev_of_node(dev);
	int ret;

	if (np) {
		ret = vscmi_instance_create(vsdev, np);
	} else {
		np = vscmi_legacy_claim(vsdev);
		if (!np)
			return 0;
		ret = vscmi_instance_create(vsdev, np);
		of_node_put(np);
		if (ret)
			vscmi_legacy_release(vsdev);
	}
	if (ret)
		dev_err(dev, "cannot create an SCMI instance: %d\n", ret);
	else
		dev_info(dev, "SCMI instance %s for %pOF\n",
			 dev_name(&vsdev->scmi->dev), dev_of_node(&vsdev->scmi->dev));
	return ret;
}

/* Virtqueue set-up: probe and restore. The device is ready on success. */
static int vscmi_start(struct vscmi_dev *vsdev, bool first)
{
	struct virtio_device *vdev = vsdev->vdev;
	struct virtqueue_info info[VIRTIO_SCMI_VQ_MAX_CNT] = {
		[VIRTIO_SCMI_VQ_TX] = { "cmdq", vscmi_cmdq_done },
		[VIRTIO_SCMI_VQ_RX] = { "eventq", vscmi_eventq_done },
	};
	struct virtqueue *vqs[VIRTIO_SCMI_VQ_MAX_CNT];
	unsigned int n;
	int ret;

	ret = virtio_find_vqs(vdev, vsdev->has_eventq ? 2 : 1, vqs, info, NULL);
	if (ret) {
		dev_err(&vdev->dev, "cannot set up the virtqueues: %d\n", ret);
		return ret;
	}
	if (first) {
		/* Two descriptors per command; tokens limit messages too. */
		n = min_t(unsigned int,
			  virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_TX]) / 2,
			  MSG_TOKEN_MAX);
		ret = vscmi_cmdq_alloc(&vsdev->cmdq, n);
		if (!ret && vsdev->has_eventq) {
			n = min_t(unsigned int,
				  virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_RX]),
				  MSG_TOKEN_MAX);
			ret = vscmi_eventq_alloc(&vsdev->eventq, n);
		}
		if (ret)
			goto err;
	}
	if (!vsdev->cmdq.q.num_msgs ||
	    vsdev->cmdq.q.num_msgs > virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_TX]) / 2 ||
	    (vsdev->has_eventq &&
	     vsdev->eventq.q.num_msgs > virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_RX]))) {
		dev_err(&vdev->dev, "virtqueues too small%s\n",
			first ? "" : " (smaller than before)");
		ret = -ENOSPC;
		goto err;
	}

	vscmi_cmdq_prepare(&vsdev->cmdq, vqs[VIRTIO_SCMI_VQ_TX]);
	if (vsdev->has_eventq) {
		ret = vscmi_eventq_prepare(&vsdev->eventq, vqs[VIRTIO_SCMI_VQ_RX]);
		if (ret) {
			dev_err(&vdev->dev, "cannot post the eventq: %d\n", ret);
			goto err_reset;
		}
	}
	/*
	 * Ready before the first notification: the queues go live (and
	 * senders may notify) only now.
	 */
	virtio_device_ready(vdev);
	if (vsdev->has_eventq) {
		ret = vscmi_eventq_start(&vsdev->eventq);
		if (ret) {
			dev_err(&vdev->dev, "cannot notify the eventq\n");
			goto err_halt;
		}
	}
	vscmi_queue_set_live(&vsdev->cmdq.q, true);
	return 0;

err_halt:
	vscmi_queue_set_live(&vsdev->eventq.q, false);
err_reset:
	virtio_reset_device(vdev);
	virtio_synchronize_cbs(vdev);
err:
	vscmi_cmdq_reclaim(&vsdev->cmdq);
	vscmi_eventq_reclaim(&vsdev->eventq);
	vdev->config->del_vqs(vdev);
	return ret;
}

/*
 * Stop the device: nothing is sent or delivered any more, commands it held
 * fail, its buffers come back. Remove and freeze.
 */
static void vscmi_stop(struct vscmi_dev *vsdev)
{
	struct virtio_device *vdev = vsdev->vdev;

	/* Senders, pollers and callbacks at work finish first. */
	vscmi_queue_set_live(&vsdev->cmdq.q, false);
	vscmi_queue_set_live(&vsdev->eventq.q, false);
	virtio_reset_device(vdev);
	/*
	 * A reset does not wait for callbacks already raised (virtio-mmio's
	 * does not, nor 6.12's virtio_reset_device() without
	 * CONFIG_VIRTIO_HARDEN_NOTIFICATION). They find the queues halted;
	 * wait for them before the messages are failed and reclaimed.
	 */
	virtio_synchronize_cbs(vdev);
	vscmi_cmdq_abort(&vsdev->cmdq);
	vscmi_cmdq_reclaim(&vsdev->cmdq);
	vscmi_eventq_reclaim(&vsdev->eventq);
	vdev->config->del_vqs(vdev);
}

static void vscmi_dev_free(struct vscmi_dev *vsdev)
{
	vscmi_cmdq_free(&vsdev->cmdq);
	vscmi_eventq_free(&vsdev->eventq);
	kfree(vsdev);
}

static int vscmi_validate(struct virtio_device *vdev)
{
	if (IS_ENABLED(CONFIG_VIRTIO_SCMI_VERSION1_COMPLIANCE) &&
	    !virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		dev_err(&vdev->dev, "device does not offer VIRTIO_F_VERSION_1\n");
		return -EINVAL;
	}
	return 0;
}

static int vscmi_probe(struct virtio_device *vdev)
{
	struct vscmi_dev *vsdev;
	int ret;

	vsdev = kzalloc(sizeof(*vsdev), GFP_KERNEL);
	if (!vsdev)
		return -ENOMEM;
	vsdev->vdev = vdev;
	vsdev->has_eventq = virtio_has_feature(vdev, VIRTIO_SCMI_F_P2A_CHANNELS);
	vsdev->cmdq.q.vdev = vdev;
	spin_lock_init(&vsdev->cmdq.q.lock);
	spin_lock_init(&vsdev->cmdq.dr_lock);
	vsdev->eventq.q.vdev = vdev;
	spin_lock_init(&vsdev->eventq.q.lock);
	vdev->priv = vsdev;
	ret = vscmi_start(vsdev, true);
	if (ret) {
		vscmi_dev_free(vsdev);
		return ret;
	}

	ret = vscmi_attach(vsdev);
	if (ret) {
		vscmi_stop(vsdev);
		vscmi_dev_free(vsdev);
	}
	return ret;
}

static void vscmi_remove(struct virtio_device *vdev)
{
	struct vscmi_dev *vsdev = vdev->priv;

	/*
	 * The driver core unbound the SCMI instance already (we are its
	 * supplier): it sends nothing any more.
	 */
	vscmi_instance_destroy(vsdev);
	vscmi_legacy_release(vsdev);
	vscmi_stop(vsdev);
	vscmi_dev_free(vsdev);
}

#ifdef CONFIG_PM_SLEEP
static int vscmi_freeze(struct virtio_device *vdev)
{
	vscmi_stop(vdev->priv);
	return 0;
}

/*
 * The device was reset: notification subscriptions the platform kept for
 * the SCMI instance may be gone, and the SCMI core (6.12) does not renew
 * them. Say so once; commands, and notifications the platform still sends,
 * work as before.
 */
static int vscmi_restore(struct virtio_device *vdev)
{
	struct vscmi_dev *vsdev = vdev->priv;
	int ret;

	ret = vscmi_start(vsdev, false);
	if (!ret && vsdev->has_eventq && READ_ONCE(vsdev->eventq.q.cinfo))
		dev_info_once(&vdev->dev,
			      "device reset by suspend: SCMI notification subscriptions may be lost\n");
	return ret;
}
#endif

static const unsigned int vscmi_features[] = {
	VIRTIO_SCMI_F_P2A_CHANNELS,
};

static const struct virtio_device_id vscmi_id_table[] = {
	{ VIRTIO_ID_SCMI, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, vscmi_id_table);

static struct virtio_driver vscmi_virtio_driver = {
	.driver.name = "virtio-scmi",
	.feature_table = vscmi_features,
	.feature_table_size = ARRAY_SIZE(vscmi_features),
	.id_table = vscmi_id_table,
	.validate = vscmi_validate,
	.probe = vscmi_probe,
	.remove = vscmi_remove,
#ifdef CONFIG_PM_SLEEP
	.freeze = vscmi_freeze,
	.restore = vscmi_restore,
#endif
};

/*
 * The legacy "arm,scmi-virtio" node's own platform device: bound, so that
 * devices using its protocols (clocks, power domains) do not wait for its
 * driver. Its SCMI instance comes with the device that serves it, and
 * shares the node: that one is the SCMI core's.
 */
static int vscmi_legacy_node_probe(struct platform_device *pdev)
{
	return pdev->dev.of_node_reused ? -ENODEV : 0;
}

static const struct of_device_id vscmi_of_match[] = {
	{ .compatible = "arm,scmi-virtio" },
	{ }
};
MODULE_DEVICE_TABLE(of, vscmi_of_match);

static struct platform_driver vscmi_node_driver = {
	.driver = {
		.name = "virtio_scmi_node",
		.of_match_table = vscmi_of_match,
	},
	.probe = vscmi_legacy_node_probe,
};

static int __init vscmi_init(void)
{
	int ret;

	ret = register_virtio_driver(&vscmi_virtio_driver);
	if (ret)
		return ret;
	ret = platform_driver_register(&vscmi_node_driver);
	if (ret)
		unregister_virtio_driver(&vscmi_virtio_driver);
	return ret;
}
module_init(vscmi_init);

static void __exit vscmi_exit(void)
{
	platform_driver_unregister(&vscmi_node_driver);
	unregister_virtio_driver(&vscmi_virtio_driver);
}
module_exit(vscmi_exit);

MODULE_DESCRIPTION("SCMI transport over virtio");
MODULE_LICENSE("GPL");
