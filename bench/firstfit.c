/*
 * The classic baseline: first fit over one free list, with Knuth's
 * boundary tags so a free block joins both neighbours at once.  The
 * heap grows like sbrk from the bottom of a region.
 *
 *	block:	| size|used | prevsize | data ...              |
 *	free:	| size      | prevsize | next | prev | ...     |
 *
 * Sizes are multiples of 16 with the header included; prevsize lets a
 * block find its left neighbour.  A header of size 0 marks the top.
 */
#include "u.h"
#include "lib.h"
#include "replay.h"

typedef struct Fblk Fblk;
struct Fblk {
	uintptr	size;		/* low bit: in use */
	uintptr	prevsize;
	Fblk	*next;		/* free blocks only */
	Fblk	*prev;
};

enum {
	Hdr	= 16,
	Minblk	= 32,
	Used	= 1,
};

static uchar	*base, *top, *limit, *regionend;
static Fblk	freelist;	/* sentinel of a circular list */

#define SIZE(b)		((b)->size & ~(uintptr)Used)
#define NEXTB(b)	((Fblk*)((uchar*)(b) + SIZE(b)))
#define PREVB(b)	((Fblk*)((uchar*)(b) - (b)->prevsize))

void
firstfitregion(void *v, uintptr size)
{
	base = v;
	regionend = base + size;
}

static void
link(Fblk *b)
{
	b->next = freelist.next;
	b->prev = &freelist;
	freelist.next->prev = b;
	freelist.next = b;
}

static void
unlink(Fblk *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

static void
setsize(Fblk *b, uintptr size, int used)
{
	b->size = size | used;
	NEXTB(b)->prevsize = size;
}

static int
ffinit(uintptr lim)
{
	Fblk *t;

	limit = lim != 0 && lim < (uintptr)(regionend - base) ? base + lim : regionend;
	freelist.next = freelist.prev = &freelist;
	t = (Fblk*)base;	/* the top marker */
	t->size = Used;
	t->prevsize = 0;
	top = base;
	return 0;
}

/* grow: move the top up by n bytes; the space becomes a block after the old top */
static Fblk*
grow(uintptr n)
{
	Fblk *b, *t;

	if(n + Hdr > (uintptr)(limit - top))
		return nil;
	b = (Fblk*)top;
	top += n;
	t = (Fblk*)top;
	t->size = Used;
	setsize(b, n, Used);
	return b;
}

/* carve: use the first need bytes of free-list-less block b, freeing the rest */
static void*
carve(Fblk *b, uintptr need)
{
	Fblk *r;
	uintptr size;

	size = SIZE(b);
	if(size - need >= Minblk){
		setsize(b, need, Used);
		r = NEXTB(b);
		r->size = size - need;
		if(!(NEXTB(r)->size & Used)){	/* a shrinking realloc may leave it beside a free block */
			unlink(NEXTB(r));
			r->size += SIZE(NEXTB(r));
		}
		setsize(r, r->size, 0);
		link(r);
	}else
		setsize(b, size, Used);
	return (uchar*)b + Hdr;
}

static uintptr
blocksize(ulong n)
{
	uintptr need;

	need = ((uintptr)n + Hdr + 15) & ~(uintptr)15;
	return need < Minblk ? Minblk : need;
}

static void*
ffalloc(ulong n)
{
	Fblk *b;
	uintptr need;

	if(n > (1UL<<40))
		return nil;
	need = blocksize(n);
	for(b = freelist.next; b != &freelist; b = b->next)
		if(SIZE(b) >= need){
			unlink(b);
			return carve(b, need);
		}
	if((b = grow(need)) == nil)
		return nil;
	return (uchar*)b + Hdr;
}

static void
fffree(void *v)
{
	Fblk *b, *n, *p;

	if(v == nil)
		return;
	b = (Fblk*)((uchar*)v - Hdr);
	n = NEXTB(b);
	if(!(n->size & Used)){
		unlink(n);
		b->size = SIZE(b) + SIZE(n);
	}
	if(b->prevsize != 0 && !((p = PREVB(b))->size & Used)){
		unlink(p);
		p->size = SIZE(p) + SIZE(b);
		b = p;
	}
	setsize(b, SIZE(b), 0);
	link(b);
}

static void*
ffrealloc(void *v, ulong n)
{
	Fblk *b, *nb;
	uintptr need, size;
	void *nv;

	if(v == nil)
		return ffalloc(n);
	b = (Fblk*)((uchar*)v - Hdr);
	need = blocksize(n);
	size = SIZE(b);
	nb = NEXTB(b);
	if(need > size && !(nb->size & Used) && size + SIZE(nb) >= need){
		unlink(nb);	/* grow into the free block after */
		size += SIZE(nb);
		setsize(b, size, Used);
	}
	if(need <= size)
		return carve(b, need);
	if((nv = ffalloc(n)) == nil)
		return nil;
	memmove(nv, v, size - Hdr);
	fffree(v);
	return nv;
}

static void*
ffalign(ulong align, ulong n)
{
	USED(align);
	return align <= 16 ? ffalloc(n) : nil;
}

static uintptr
fffootprint(void)
{
	return top + Hdr - base;
}

static void
fffini(void)
{
}

Balloc firstfitalloc = {
	.name = "firstfit",
	.init = ffinit,
	.alloc = ffalloc,
	.free = fffree,
	.realloc = ffrealloc,
	.memalign = ffalign,
	.footprint = fffootprint,
	.fini = fffini,
};
