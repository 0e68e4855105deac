// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio SCMI transport: devices, DT nodes and their SCMI instances.
 *
 * Two drivers meet here. The virtio driver binds virtio SCMI devices; the
 * platform driver binds "arm,scmi-virtio" DT nodes. Each DT node is paired
 * with one device (in the order they appear) and then gets an SCMI core
 * instance ("arm-scmi" platform device) whose transport supplier is the
 * virtio device: unbinding the device unbinds the SCMI instance first.
 * Several devices and nodes may be bound at once.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/workqueue.h>
#include <uapi/linux/virtio_scmi.h>

#include "virtio_scmi.h"

/**
 * struct vscmi_node - an "arm,scmi-virtio" DT node
 * @np: the node
 * @pdev: its platform device (NULL for a KUnit test's node: never paired)
 * @list: in vscmi_nodes
 * @vsdev: the device paired with it, or NULL
 * @scmi: its SCMI core instance, or NULL
 * @desc: the transport descriptor of that instance
 *
 * Everything but @np and @pdev is under vscmi_lock; @vsdev is also under
 * vscmi_lookup_lock.
 */
struct vscmi_node {
	const struct device_node *np;
	struct platform_device *pdev;
	struct list_head list;
	struct vscmi_dev *vsdev;
	struct platform_device *scmi;
	struct scmi_desc *desc;
};

struct scmi_transport_core_operations *vscmi_core;

/*
 * vscmi_lock protects both lists and the pairs (node <-> device); it is
 * never held across the creation or removal of an SCMI instance, whose
 * probe may wait for the device for a long time. vscmi_lookup_lock
 * protects the node -> device links for lookups from the SCMI core.
 */
static DEFINE_MUTEX(vscmi_lock);
static DEFINE_SPINLOCK(vscmi_lookup_lock);
static LIST_HEAD(vscmi_devs);
static LIST_HEAD(vscmi_nodes);

/**
 * vscmi_dev_for_node() - the device serving a DT node
 * @np: the "arm,scmi-virtio" node
 *
 * Return: the device, or NULL when @np has none.
 */
struct vscmi_dev *vscmi_dev_for_node(const struct device_node *np)
{
	struct vscmi_dev *vsdev = NULL;
	struct vscmi_node *node;

	spin_lock(&vscmi_lookup_lock);
	list_for_each_entry(node, &vscmi_nodes, list) {
		if (node->np == np) {
			vsdev = node->vsdev;
			break;
		}
	}
	spin_unlock(&vscmi_lookup_lock);
	return vsdev;
}

/* Pair @node with @vsdev, or undo it (@vsdev NULL). Under vscmi_lock. */
static void vscmi_link(struct vscmi_node *node, struct vscmi_dev *vsdev)
{
	if (node->vsdev)
		node->vsdev->node = NULL;
	if (vsdev)
		vsdev->node = node;
	spin_lock(&vscmi_lookup_lock);
	node->vsdev = vsdev;
	spin_unlock(&vscmi_lookup_lock);
}

/*
 * Give @node, paired with @vsdev, an SCMI instance. Called without
 * vscmi_lock, from the pairing work only: the instance's probe talks to the
 * device and may take as long as the device's timeouts.
 */
static struct platform_device *vscmi_instance_create(struct vscmi_node *node,
						     struct vscmi_dev *vsdev,
						     struct scmi_desc *desc)
{
	struct scmi_transport trans = {};
	struct platform_device *scmi;
	int ret;

	scmi = platform_device_alloc("arm-scmi", PLATFORM_DEVID_AUTO);
	if (!scmi)
		return ERR_PTR(-ENOMEM);
	device_set_of_node_from_dev(&scmi->dev, &node->pdev->dev);
	trans.supplier = &vsdev->vdev->dev;
	trans.desc = desc;
	trans.core_ops = &vscmi_core;
	ret = platform_device_add_data(scmi, &trans, sizeof(trans));
	if (!ret)
		ret = platform_device_add(scmi);
	if (ret) {
		platform_device_put(scmi);
		return ERR_PTR(ret);
	}
	return scmi;
}

static void vscmi_instance_destroy(struct platform_device *scmi,
				   struct scmi_desc *desc)
{
	if (scmi)
		platform_device_unregister(scmi);
	kfree(desc);
}

/* A free DT node and a free device, paired. Called with vscmi_lock held. */
static struct vscmi_node *vscmi_pair_one(void)
{
	struct vscmi_node *node;
	struct vscmi_dev *vsdev;

	list_for_each_entry(node, &vscmi_nodes, list) {
		if (node->vsdev || !node->pdev)
			continue;
		list_for_each_entry(vsdev, &vscmi_devs, list) {
			if (vsdev->node)
				continue;
			vscmi_link(node, vsdev);
			return node;
		}
		break;
	}
	return NULL;
}

/*
 * Pair every free DT node with a free device and give each pair an SCMI
 * instance. Only this work pairs; unpairing (device or node removal) first
 * takes its side off the lists, then flushes this work, so an instance
 * being created is published before it is taken down.
 */
static void vscmi_pair(struct work_struct *work)
{
	struct platform_device *scmi;
	struct vscmi_node *node;
	struct vscmi_dev *vsdev;
	struct scmi_desc *desc;

	for (;;) {
		mutex_lock(&vscmi_lock);
		node = vscmi_pair_one();
		vsdev = node ? node->vsdev : NULL;
		mutex_unlock(&vscmi_lock);
		if (!node)
			return;

		desc = kmemdup(&vscmi_desc_template, sizeof(*desc), GFP_KERNEL);
		scmi = desc ? vscmi_instance_create(node, vsdev, desc) :
			      ERR_PTR(-ENOMEM);

		mutex_lock(&vscmi_lock);
		if (IS_ERR(scmi)) {
			dev_err(&node->pdev->dev,
				"cannot create an SCMI instance on %s: %ld\n",
				dev_name(&vsdev->vdev->dev), PTR_ERR(scmi));
			kfree(desc);
			/* Stays paired without an instance: no retry loop. */
		} else {
			node->scmi = scmi;
			node->desc = desc;
			dev_info(&node->pdev->dev, "SCMI over %s\n",
				 dev_name(&vsdev->vdev->dev));
		}
		mutex_unlock(&vscmi_lock);
	}
}

static DECLARE_WORK(vscmi_pair_work, vscmi_pair);

#if IS_ENABLED(CONFIG_VIRTIO_SCMI_KUNIT_TEST)
/**
 * vscmi_test_attach() - serve a DT node with a device, without an instance
 * @np: the node the test's channels name
 * @vsdev: the device
 *
 * For KUnit tests that drive the transport operations themselves.
 *
 * Return: 0 or -ENOMEM.
 */
int vscmi_test_attach(const struct device_node *np, struct vscmi_dev *vsdev)
{
	struct vscmi_node *node = kzalloc(sizeof(*node), GFP_KERNEL);

	if (!node)
		return -ENOMEM;
	node->np = np;
	mutex_lock(&vscmi_lock);
	spin_lock(&vscmi_lookup_lock);
	list_add_tail(&node->list, &vscmi_nodes);
	spin_unlock(&vscmi_lookup_lock);
	vscmi_link(node, vsdev);
	mutex_unlock(&vscmi_lock);
	return 0;
}

/**
 * vscmi_test_detach() - undo vscmi_test_attach()
 * @np: the node
 */
void vscmi_test_detach(const struct device_node *np)
{
	struct vscmi_node *node, *found = NULL;

	mutex_lock(&vscmi_lock);
	list_for_each_entry(node, &vscmi_nodes, list) {
		if (node->np == np && !node->pdev) {
			found = node;
			break;
		}
	}
	if (found) {
		vscmi_link(found, NULL);
		spin_lock(&vscmi_lookup_lock);
		list_del(&found->list);
		spin_unlock(&vscmi_lookup_lock);
	}
	mutex_unlock(&vscmi_lock);
	kfree(found);
}
#endif

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
		ret = vscmi_queue_alloc(&vsdev->cmdq, n);
		if (!ret && vsdev->has_eventq) {
			n = min_t(unsigned int,
				  virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_RX]),
				  MSG_TOKEN_MAX);
			ret = vscmi_queue_alloc(&vsdev->eventq, n);
		}
		if (ret)
			goto err;
	}
	if (!vsdev->cmdq.num_msgs ||
	    vsdev->cmdq.num_msgs > virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_TX]) / 2 ||
	    (vsdev->has_eventq &&
	     vsdev->eventq.num_msgs > virtqueue_get_vring_size(vqs[VIRTIO_SCMI_VQ_RX]))) {
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
	vscmi_cmdq_start(&vsdev->cmdq);
	return 0;

err_halt:
	vscmi_queue_halt(&vsdev->eventq);
err_reset:
	virtio_reset_device(vdev);
	virtio_synchronize_cbs(vdev);
err:
	vscmi_queue_reclaim(&vsdev->cmdq);
	vscmi_queue_reclaim(&vsdev->eventq);
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
	vscmi_queue_halt(&vsdev->cmdq);
	vscmi_queue_halt(&vsdev->eventq);
	virtio_reset_device(vdev);
	/*
	 * A reset does not wait for callbacks already raised (virtio-mmio's
	 * does not, nor 6.12's virtio_reset_device() without
	 * CONFIG_VIRTIO_HARDEN_NOTIFICATION). They find the queues halted;
	 * wait for them before the messages are failed and reclaimed.
	 */
	virtio_synchronize_cbs(vdev);
	vscmi_cmdq_abort(&vsdev->cmdq);
	vscmi_queue_reclaim(&vsdev->cmdq);
	vscmi_queue_reclaim(&vsdev->eventq);
	vdev->config->del_vqs(vdev);
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
	vscmi_queue_init(&vsdev->cmdq, vdev, true);
	vscmi_queue_init(&vsdev->eventq, vdev, false);
	vdev->priv = vsdev;
	ret = vscmi_start(vsdev, true);
	if (ret) {
		vscmi_queue_free(&vsdev->cmdq);
		vscmi_queue_free(&vsdev->eventq);
		kfree(vsdev);
		return ret;
	}

	mutex_lock(&vscmi_lock);
	list_add_tail(&vsdev->list, &vscmi_devs);
	mutex_unlock(&vscmi_lock);
	/* Outside this probe: the SCMI instance links to this device. */
	schedule_work(&vscmi_pair_work);
	return 0;
}

/*
 * Take @node's SCMI instance down and unpair it. @node is off the lists or
 * its device is, so the pairing work (flushed here) does not pair it again
 * meanwhile, and the node is not paired anew while its old instance exists.
 */
static void vscmi_node_unpair(struct vscmi_node *node)
{
	struct platform_device *scmi;
	struct scmi_desc *desc;

	flush_work(&vscmi_pair_work);
	mutex_lock(&vscmi_lock);
	scmi = node->scmi;
	desc = node->desc;
	node->scmi = NULL;
	node->desc = NULL;
	mutex_unlock(&vscmi_lock);
	vscmi_instance_destroy(scmi, desc);
	mutex_lock(&vscmi_lock);
	vscmi_link(node, NULL);
	mutex_unlock(&vscmi_lock);
}

static void vscmi_remove(struct virtio_device *vdev)
{
	struct vscmi_dev *vsdev = vdev->priv;
	struct vscmi_node *node;

	/* The SCMI instance was unbound already: it is our consumer. */
	mutex_lock(&vscmi_lock);
	list_del(&vsdev->list);
	mutex_unlock(&vscmi_lock);
	flush_work(&vscmi_pair_work);
	mutex_lock(&vscmi_lock);
	node = vsdev->node;
	mutex_unlock(&vscmi_lock);
	if (node && node->pdev) {
		vscmi_node_unpair(node);
		/* The node may find another device. */
		schedule_work(&vscmi_pair_work);
	} else if (node) {
		/* A KUnit test's node: it stays, without its device. */
		mutex_lock(&vscmi_lock);
		vscmi_link(node, NULL);
		mutex_unlock(&vscmi_lock);
	}

	vscmi_stop(vsdev);
	vscmi_queue_free(&vsdev->cmdq);
	vscmi_queue_free(&vsdev->eventq);
	kfree(vsdev);
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
	if (!ret && vsdev->has_eventq && READ_ONCE(vsdev->eventq.cinfo))
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

static int vscmi_node_probe(struct platform_device *pdev)
{
	struct vscmi_node *node;

	node = devm_kzalloc(&pdev->dev, sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	node->np = pdev->dev.of_node;
	node->pdev = pdev;
	platform_set_drvdata(pdev, node);
	mutex_lock(&vscmi_lock);
	spin_lock(&vscmi_lookup_lock);
	list_add_tail(&node->list, &vscmi_nodes);
	spin_unlock(&vscmi_lookup_lock);
	mutex_unlock(&vscmi_lock);
	schedule_work(&vscmi_pair_work);
	return 0;
}

static void vscmi_node_remove(struct platform_device *pdev)
{
	struct vscmi_node *node = platform_get_drvdata(pdev);
	bool had_dev;

	mutex_lock(&vscmi_lock);
	spin_lock(&vscmi_lookup_lock);
	list_del(&node->list);
	spin_unlock(&vscmi_lookup_lock);
	mutex_unlock(&vscmi_lock);
	flush_work(&vscmi_pair_work);
	had_dev = READ_ONCE(node->vsdev);
	vscmi_node_unpair(node);
	/* Its device may serve another node. */
	if (had_dev)
		schedule_work(&vscmi_pair_work);
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
	.probe = vscmi_node_probe,
	.remove = vscmi_node_remove,
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
	flush_work(&vscmi_pair_work);
}
module_exit(vscmi_exit);

MODULE_DESCRIPTION("SCMI transport over virtio");
MODULE_LICENSE("GPL");
