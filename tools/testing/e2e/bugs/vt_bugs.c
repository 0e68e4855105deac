// SPDX-License-Identifier: GPL-2.0-only
/*
 * vt_bugs: a deliberately broken module for the test kernels. Loaded with
 * bug=KIND it commits one kind of bug that a debug option of the test
 * kernels reports; the harness must then fail the guest run. Proves each
 * detector works (tools/testing/e2e/tests/harness-report.sh). Never load it
 * anywhere else.
 */

#include <linux/delay.h>
#include <linux/kfence.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "lockdep|sleep|kasan|ubsan|kfence|list|objects|leak|warn");

static DEFINE_MUTEX(vt_a);
static DEFINE_MUTEX(vt_b);
static DEFINE_SPINLOCK(vt_lock);

/* A then B, later B then A: lockdep's "circular locking dependency". */
static void vt_lockdep(void)
{
	mutex_lock(&vt_a);
	mutex_lock(&vt_b);
	mutex_unlock(&vt_b);
	mutex_unlock(&vt_a);
	mutex_lock(&vt_b);
	mutex_lock(&vt_a);
	mutex_unlock(&vt_a);
	mutex_unlock(&vt_b);
}

/*
 * "BUG: sleeping function called from invalid context": an allocation that
 * may sleep, under a spinlock.
 */
static void vt_sleep(void)
{
	void *p;

	spin_lock(&vt_lock);
	p = kmalloc(32, GFP_KERNEL);
	spin_unlock(&vt_lock);
	kfree(p);
}

/*
 * KASAN: a read one byte past a 13-byte allocation. KFENCE takes one
 * allocation per sample interval and KASAN does not check its objects
 * (KFENCE would report the read as its own out-of-bounds): use a slab one.
 */
static void vt_kasan(void)
{
	char *p, *kf = NULL;
	size_t i = 13;

	p = kmalloc(13, GFP_KERNEL);
	if (p && is_kfence_address(p)) {
		kf = p;
		p = kmalloc(13, GFP_KERNEL);
	}
	kfree(kf);
	if (!p)
		return;
	OPTIMIZER_HIDE_VAR(i);
	pr_info("vt_bugs: read %d\n", READ_ONCE(p[i]));
	kfree(p);
}

/* UBSAN: a shift by more than the type's width. */
static void vt_ubsan(void)
{
	volatile int shift = 40;
	int one = 1;

	pr_info("vt_bugs: shifted %d\n", one << shift);
}

/*
 * KFENCE samples one allocation per interval: allocate until one is
 * KFENCE's, then read it after freeing it.
 */
static void vt_kfence(void)
{
	unsigned long end = jiffies + 20 * HZ;
	char *p;

	while (time_before(jiffies, end)) {
		p = kmalloc(32, GFP_KERNEL);
		if (!p)
			return;
		if (is_kfence_address(p)) {
			kfree(p);
			pr_info("vt_bugs: read %d\n", READ_ONCE(p[0]));
			return;
		}
		kfree(p);
		usleep_range(100, 200);
	}
	pr_info("vt_bugs: no KFENCE allocation within 20 s\n");
}

/* DEBUG_LIST: the same entry added twice. */
static void vt_list(void)
{
	LIST_HEAD(head);
	struct list_head entry;

	list_add(&entry, &head);
	list_add(&entry, &head);
	INIT_LIST_HEAD(&head);
}

struct vt_timed {
	struct timer_list timer;
};

static void vt_timer_fn(struct timer_list *t)
{
}

/* DEBUG_OBJECTS: memory freed with an armed timer in it (fixed up). */
static void vt_objects(void)
{
	struct vt_timed *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return;
	timer_setup(&t->timer, vt_timer_fn, 0);
	mod_timer(&t->timer, jiffies + 60 * HZ);
	kfree(t);
}

/*
 * kmemleak: allocations nobody points to any more. Several of them: a
 * stale copy of a pointer (a stack slot, a register) hides an object from
 * kmemleak's scan, and one CI run's proof missed a single leaked object.
 */
static void vt_leak(void)
{
	unsigned int i;
	char *p;

	for (i = 0; i < 32; i++) {
		p = kmalloc(64, GFP_KERNEL);
		if (p)
			strscpy(p, "vt_bugs leak", 64);
	}
}

static int __init vt_bugs_init(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} bugs[] = {
		{ "lockdep", vt_lockdep }, { "sleep", vt_sleep },
		{ "kasan", vt_kasan }, { "ubsan", vt_ubsan },
		{ "kfence", vt_kfence }, { "list", vt_list },
		{ "objects", vt_objects }, { "leak", vt_leak },
	};
	unsigned int i;

	if (!strcmp(bug, "warn")) {
		WARN(1, "vt_bugs: deliberate warning\n");
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(bugs); i++) {
		if (!strcmp(bug, bugs[i].name)) {
			bugs[i].fn();
			return 0;
		}
	}
	return -EINVAL;
}
module_init(vt_bugs_init);

static void __exit vt_bugs_exit(void)
{
}
module_exit(vt_bugs_exit);

MODULE_DESCRIPTION("Deliberate bugs that the test kernels' debug options report");
MODULE_LICENSE("GPL");
