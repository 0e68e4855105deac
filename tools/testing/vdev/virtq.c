// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueue, device side.
 *
 * Memory ordering follows the virtio spec: the available index is read
 * with acquire semantics before the ring entry and descriptors it covers;
 * used entries (and the buffer contents written before them) are published
 * with a release store of the used index; a full fence separates that store
 * from reading the driver's notification suppression fields.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "virtq.h"

static uint16_t ring_load16(const uint16_t *p, int order)
{
	return le16toh(__atomic_load_n(p, order));
}

static uint16_t *avail_used_event(const struct virtq *vq)
{
	return &vq->avail->ring[vq->num];
}

static uint16_t *used_avail_event(const struct virtq *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

/**
 * virtq_map() - attach a ring described by front-end virtual addresses
 * @vq: virtqueue to set up
 * @mem: guest memory holding the ring and the buffers
 * @num: ring size, a power of 2 not above VIRTQ_MAX_SIZE
 * @desc: front-end address of the descriptor table
 * @avail: front-end address of the available ring
 * @used: front-end address of the used ring
 * @last_avail: available index to start from (SET_VRING_BASE)
 *
 * The used index is taken from the ring itself. Event index use is off
 * until the caller sets @vq->event_idx.
 *
 * Return: 0, or -EINVAL if the size or an address is not acceptable.
 */
int virtq_map(struct virtq *vq, const struct vdev_mem *mem, unsigned int num,
	      uint64_t desc, uint64_t avail, uint64_t used, uint16_t last_avail)
{
	memset(vq, 0, sizeof(*vq));
	if (!num || num > VIRTQ_MAX_SIZE || (num & (num - 1)))
		return -EINVAL;
	vq->desc = vdev_mem_uva(mem, desc, virtq_desc_size(num));
	vq->avail = vdev_mem_uva(mem, avail, virtq_avail_size(num));
	vq->used = vdev_mem_uva(mem, used, virtq_used_size(num));
	if (!vq->desc || !vq->avail || !vq->used)
		return -EINVAL;
	if (((uintptr_t)vq->desc & 15) || ((uintptr_t)vq->avail & 1) ||
	    ((uintptr_t)vq->used & 3))
		return -EINVAL;
	vq->num = num;
	vq->mem = mem;
	vq->last_avail = last_avail;
	vq->used_idx = ring_load16(&vq->used->idx, __ATOMIC_RELAXED);
	return 0;
}

/*
 * Copy a descriptor out of guest memory. The compiler barrier stops the
 * compiler from reading guest memory again later instead of the copy, so
 * every field is checked and used with the same value.
 */
static void desc_fetch(const struct virtq_desc *src, struct virtq_desc *d)
{
	memcpy(d, src, sizeof(*d));
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	d->addr = le64toh(d->addr);
	d->len = le32toh(d->len);
	d->flags = le16toh(d->flags);
	d->next = le16toh(d->next);
}

static int elem_add_iov(struct virtq_elem *elem, void *base, size_t len)
{
	unsigned int n = elem->num_rd + elem->num_wr;

	if (n == elem->iov_cap) {
		unsigned int cap = elem->iov_cap ? elem->iov_cap * 2 : 4;
		struct iovec *iov = realloc(elem->iov, cap * sizeof(*iov));

		if (!iov)
			return -ENOMEM;
		elem->iov = iov;
		elem->iov_cap = cap;
	}
	elem->iov[n].iov_base = base;
	elem->iov[n].iov_len = len;
	return 0;
}

/*
 * Map one descriptor's buffer; it may span several memory regions.
 * @wr_seen tracks writable descriptors, empty ones too: the order rule
 * must not depend on lengths (an empty writable descriptor adds no
 * segment, so num_wr cannot tell).
 */
static const char *elem_add_desc(const struct virtq *vq,
				 struct virtq_elem *elem,
				 const struct virtq_desc *d, bool *wr_seen)
{
	bool write = d->flags & VIRTQ_DESC_F_WRITE;
	uint64_t addr = d->addr, left = d->len;

	if (!write && *wr_seen)
		return "readable descriptor after a writable one";
	*wr_seen |= write;
	if (left && addr + (left - 1) < addr)
		return "buffer address wraps";
	while (left) {
		uint64_t chunk;
		void *p = vdev_mem_gpa_chunk(vq->mem, addr, left, &chunk);

		if (!p)
			return "buffer outside guest memory";
		if (elem_add_iov(elem, p, chunk))
			return "out of memory";
		if (write)
			elem->num_wr++;
		else
			elem->num_rd++;
		addr += chunk;
		left -= chunk;
	}
	if (write)
		elem->wr_len += d->len;
	else
		elem->rd_len += d->len;
	return NULL;
}

/* Switch from the ring's table to an indirect table; NULL on success. */
static const char *desc_indirect(const struct virtq *vq,
				 const struct virtq_desc *d, unsigned int seen,
				 const struct virtq_desc **table,
				 unsigned int *table_num)
{
	if (*table != vq->desc)
		return "nested indirect descriptor";
	if (seen != 1)
		return "indirect descriptor not at the head of the chain";
	if (d->flags & VIRTQ_DESC_F_NEXT)
		return "indirect descriptor with NEXT";
	if (!d->len || d->len % sizeof(struct virtq_desc) ||
	    d->len / sizeof(struct virtq_desc) > vq->num)
		return "bad indirect table length";
	*table = vdev_mem_gpa(vq->mem, d->addr, d->len);
	if (!*table)
		return "indirect table outside guest memory";
	*table_num = d->len / sizeof(struct virtq_desc);
	return NULL;
}

static const char *elem_walk(const struct virtq *vq, struct virtq_elem *elem)
{
	const struct virtq_desc *table = vq->desc;
	unsigned int table_num = vq->num, seen = 0, i = elem->head;
	bool wr_seen = false;
	struct virtq_desc d;
	const char *err;

	if (i >= vq->num)
		return "head index out of range";
	for (;;) {
		/* A chain never has more descriptors than its table. */
		if (++seen > table_num)
			return "descriptor chain too long or looped";
		desc_fetch(&table[i], &d);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			err = desc_indirect(vq, &d, seen, &table, &table_num);
			if (err)
				return err;
			i = 0;
			seen = 0;
			continue;
		}
		err = elem_add_desc(vq, elem, &d, &wr_seen);
		if (err)
			return err;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return NULL;
		i = d.next;
		if (i >= table_num)
			return "next index out of range";
	}
}

static uint16_t avail_pending(struct virtq *vq)
{
	uint16_t idx = ring_load16(&vq->avail->idx, __ATOMIC_ACQUIRE);

	return idx - vq->last_avail;
}

/**
 * virtq_pop() - take the next available descriptor chain
 * @vq: virtqueue
 * @elem: filled with the chain; must be zeroed or released before
 *
 * A malformed chain still counts as popped: @elem->error says why and the
 * caller must push it back (with length 0) like any other.
 *
 * Return: 1 if a chain was taken, 0 if the ring is empty, -EIO if the
 * driver's available index is impossible (the queue is then broken).
 */
int virtq_pop(struct virtq *vq, struct virtq_elem *elem)
{
	uint16_t pending;

	if (vq->broken)
		return -EIO;
	pending = avail_pending(vq);
	if (!pending && vq->event_idx) {
		/* Ask for a kick at the next buffer, then look again. */
		__atomic_store_n(used_avail_event(vq), htole16(vq->last_avail),
				 __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		pending = avail_pending(vq);
	}
	if (!pending)
		return 0;
	if (pending > vq->num) {
		vq->broken = true;
		return -EIO;
	}

	elem->avail_idx = vq->last_avail;
	elem->head = ring_load16(&vq->avail->ring[vq->last_avail & (vq->num - 1)],
				 __ATOMIC_RELAXED);
	vq->last_avail++;
	elem->num_rd = 0;
	elem->num_wr = 0;
	elem->rd_len = 0;
	elem->wr_len = 0;
	elem->error = elem_walk(vq, elem);
	if (elem->error) {
		elem->num_rd = 0;
		elem->num_wr = 0;
		elem->rd_len = 0;
		elem->wr_len = 0;
	}
	return 1;
}

/**
 * virtq_push() - return a chain to the driver through the used ring
 * @vq: virtqueue
 * @elem: chain from virtq_pop()
 * @len: bytes written into the chain's writable part
 *
 * The caller decides about notifying with virtq_needs_notify().
 */
void virtq_push(struct virtq *vq, const struct virtq_elem *elem, uint32_t len)
{
	virtq_used_fill(vq, 0, elem->head, len);
	virtq_used_publish(vq, 1);
}

/**
 * virtq_used_fill() - write a used entry without publishing it
 * @vq: virtqueue
 * @ahead: entries past the next one to fill (0: the next one)
 * @id: descriptor id to report, any value
 * @len: used length to report
 *
 * The entry always lies inside the used ring: its slot is taken modulo the
 * ring size. Nothing is visible to the driver before virtq_used_publish().
 */
void virtq_used_fill(struct virtq *vq, uint16_t ahead, uint32_t id,
		     uint32_t len)
{
	uint16_t slot = (uint16_t)(vq->used_idx + ahead) & (vq->num - 1);
	struct virtq_used_elem *u = &vq->used->ring[slot];

	u->id = htole32(id);
	u->len = htole32(len);
}

/**
 * virtq_used_publish() - move the used index forward
 * @vq: virtqueue
 * @n: entries to publish; more than were filled makes the index jump
 *
 * One release store: entries and buffer contents written before are seen
 * by the driver together with the new index.
 */
void virtq_used_publish(struct virtq *vq, uint16_t n)
{
	vq->used_idx += n;
	__atomic_store_n(&vq->used->idx, htole16(vq->used_idx),
			 __ATOMIC_RELEASE);
}

/**
 * virtq_needs_notify() - decide whether the driver wants an interrupt now
 * @vq: virtqueue, after one or more virtq_push() calls
 *
 * Honours VIRTQ_AVAIL_F_NO_INTERRUPT, or the used_event index when
 * VIRTIO_F_EVENT_IDX is in use.
 *
 * Return: true if the call fd should be signalled.
 */
bool virtq_needs_notify(struct virtq *vq)
{
	uint16_t old = vq->signalled_used, now = vq->used_idx, event;
	bool valid = vq->signalled_valid;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!vq->event_idx)
		return !(ring_load16(&vq->avail->flags, __ATOMIC_RELAXED) &
			 VIRTQ_AVAIL_F_NO_INTERRUPT);
	vq->signalled_used = now;
	vq->signalled_valid = true;
	if (!valid)
		return true;
	event = ring_load16(avail_used_event(vq), __ATOMIC_RELAXED);
	return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
}

/**
 * virtq_rewind() - give back the last @n popped chains
 * @vq: virtqueue
 * @n: number of chains; only valid if none of them was pushed
 *
 * The next virtq_pop() (or a later start from the returned base) takes the
 * same chains again.
 */
void virtq_rewind(struct virtq *vq, uint16_t n)
{
	vq->last_avail -= n;
}

/**
 * virtq_elem_release() - free the segment array of @elem
 * @elem: element; it may be reused for virtq_pop() afterwards
 */
void virtq_elem_release(struct virtq_elem *elem)
{
	free(elem->iov);
	memset(elem, 0, sizeof(*elem));
}

/*
 * Copy between @buf and segments [@first, @first + @count) of @elem,
 * starting @off bytes into them; into the segments if @to_elem.
 */
static size_t elem_copy(const struct virtq_elem *elem, unsigned int first,
			unsigned int count, size_t off, void *buf, size_t len,
			bool to_elem)
{
	size_t done = 0;
	unsigned int i;

	for (i = first; i < first + count && done < len; i++) {
		const struct iovec *v = &elem->iov[i];
		char *seg = v->iov_base;
		size_t n;

		if (off >= v->iov_len) {
			off -= v->iov_len;
			continue;
		}
		n = v->iov_len - off;
		if (n > len - done)
			n = len - done;
		if (to_elem)
			memcpy(seg + off, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, seg + off, n);
		done += n;
		off = 0;
	}
	return done;
}

/**
 * virtq_elem_read() - copy out of the readable part of a chain
 * @elem: element
 * @off: offset into the readable bytes
 * @buf: destination
 * @len: bytes wanted
 *
 * Return: bytes copied, less than @len if the chain is shorter.
 */
size_t virtq_elem_read(const struct virtq_elem *elem, size_t off, void *buf,
		       size_t len)
{
	return elem_copy(elem, 0, elem->num_rd, off, buf, len, false);
}

/**
 * virtq_elem_peek() - copy back out of the writable part of a chain
 * @elem: element
 * @off: offset into the writable bytes
 * @buf: destination
 * @len: bytes wanted
 *
 * For a device that looks at what it wrote. The driver owns the memory
 * too and may have changed it since: treat the bytes as untrusted.
 *
 * Return: bytes copied, less than @len if the chain is shorter.
 */
size_t virtq_elem_peek(const struct virtq_elem *elem, size_t off, void *buf,
		       size_t len)
{
	return elem_copy(elem, elem->num_rd, elem->num_wr, off, buf, len,
			 false);
}

/**
 * virtq_elem_write() - copy into the writable part of a chain
 * @elem: element
 * @off: offset into the writable bytes
 * @buf: source
 * @len: bytes to write
 *
 * Return: bytes copied, less than @len if the chain is shorter.
 */
size_t virtq_elem_write(const struct virtq_elem *elem, size_t off,
			const void *buf, size_t len)
{
	return elem_copy(elem, elem->num_rd, elem->num_wr, off, (void *)buf,
			 len, true);
}
