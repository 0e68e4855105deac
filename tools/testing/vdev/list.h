/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal intrusive doubly linked list for the vdev backend.
 *
 * A list head is a struct vlist whose prev/next point at itself when the
 * list is empty. Entries embed a struct vlist and are recovered with
 * vlist_entry().
 */
#ifndef VDEV_LIST_H
#define VDEV_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct vlist {
	struct vlist *prev;
	struct vlist *next;
};

#define vlist_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline void vlist_init(struct vlist *head)
{
	head->prev = head;
	head->next = head;
}

static inline bool vlist_empty(const struct vlist *head)
{
	return head->next == head;
}

/* Insert @node before @pos; with @pos a list head this appends. */
static inline void vlist_add_before(struct vlist *node, struct vlist *pos)
{
	node->prev = pos->prev;
	node->next = pos;
	pos->prev->next = node;
	pos->prev = node;
}

static inline void vlist_add_tail(struct vlist *node, struct vlist *head)
{
	vlist_add_before(node, head);
}

/* Unlink @node and leave it pointing at itself, so a second del is safe. */
static inline void vlist_del(struct vlist *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	vlist_init(node);
}

#endif /* VDEV_LIST_H */
