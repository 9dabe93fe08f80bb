/*
 * xalloc: the coarse allocator the pools take their arenas from, in
 * the manner of Plan 9's.  Free memory is a list of holes sorted by
 * address.  Each block handed out is preceded by an Xhdr recording its
 * whole size, so xfree needs only the pointer and xmerge can tell two
 * blocks that touch.  Blocks and holes are multiples of 16 bytes on
 * 16-byte boundaries, so every pointer returned is 16-byte aligned.
 *
 *	| Xhdr: size, magic | data ...               | next block or hole
 *	^ block             ^ returned pointer
 */
#include "u.h"
#include "lib.h"
#include "dat.h"
#include "fns.h"
#include "xalloc.h"

enum {
	Magichole = 0x484F4C45,	/* "HOLE": on blocks handed out */
};

typedef struct Xhdr Xhdr;
struct Xhdr {
	uintptr	size;		/* whole block, this header included */
	uintptr	magic;
};

Xalloc	xlist;			/* the kernel's */

static uintptr
round16(uintptr v)
{
	return (v + 15) & ~(uintptr)15;
}

/* addhole: give [addr, addr+size) back, merged with the holes it touches; x locked */
static void
addhole(Xalloc *x, uintptr addr, uintptr size)
{
	int i;
	Hole *h;

	if(size == 0)
		return;
	for(i = 0; i < x->nhole && x->hole[i].addr < addr; i++)
		;
	if(i > 0 && x->hole[i-1].addr + x->hole[i-1].size > addr)
		panic("xfree: %#p+%lud overlaps hole %#p+%lud", (void*)addr, (ulong)size,
			(void*)x->hole[i-1].addr, (ulong)x->hole[i-1].size);
	if(i < x->nhole && addr + size > x->hole[i].addr)
		panic("xfree: %#p+%lud overlaps hole %#p", (void*)addr, (ulong)size, (void*)x->hole[i].addr);
	if(i > 0 && x->hole[i-1].addr + x->hole[i-1].size == addr){
		h = &x->hole[i-1];
		h->size += size;
		if(i < x->nhole && h->addr + h->size == x->hole[i].addr){
			h->size += x->hole[i].size;
			memmove(&x->hole[i], &x->hole[i+1], (x->nhole - i - 1) * sizeof(Hole));
			x->nhole--;
		}
	}else if(i < x->nhole && addr + size == x->hole[i].addr){
		x->hole[i].addr = addr;
		x->hole[i].size += size;
	}else{
		if(x->nhole == nelem(x->hole)){
			print("xfree: no room for another hole: %lud bytes at %#p lost\n", (ulong)size, (void*)addr);
			return;
		}
		memmove(&x->hole[i+1], &x->hole[i], (x->nhole - i) * sizeof(Hole));
		x->hole[i].addr = addr;
		x->hole[i].size = size;
		x->nhole++;
	}
	x->free += size;
}

/* carve: take [addr, addr+size) out of hole i; x locked */
static void
carve(Xalloc *x, int i, uintptr addr, uintptr size)
{
	Hole *h;
	uintptr end;

	h = &x->hole[i];
	end = h->addr + h->size;
	x->free -= size;
	if(addr == h->addr && addr + size == end){
		memmove(&x->hole[i], &x->hole[i+1], (x->nhole - i - 1) * sizeof(Hole));
		x->nhole--;
	}else if(addr == h->addr){
		h->addr += size;
		h->size -= size;
	}else if(addr + size == end)
		h->size -= size;
	else{
		if(x->nhole == nelem(x->hole)){	/* cannot split: give up the tail part */
			print("xalloc: no room for another hole: %lud bytes at %#p lost\n",
				(ulong)(end - addr - size), (void*)(addr + size));
			x->free -= end - addr - size;
			h->size = addr - h->addr;
			return;
		}
		h->size = addr - h->addr;
		memmove(&x->hole[i+2], &x->hole[i+1], (x->nhole - i - 1) * sizeof(Hole));
		x->hole[i+1].addr = addr + size;
		x->hole[i+1].size = end - addr - size;
		x->nhole++;
	}
}

void
xinitl(Xalloc *x, uintptr base, uintptr top)
{
	memset(x, 0, sizeof *x);
	base = round16(base);
	top &= ~(uintptr)15;
	if(top > base){
		addhole(x, base, top - base);
		x->total = top - base;
	}
}

/* xreservel: keep [base, base+size) from ever being handed out (the device tree, say) */
void
xreservel(Xalloc *x, uintptr base, uintptr size)
{
	uintptr lo, hi, end;
	int i;

	lo = base & ~(uintptr)15;
	hi = round16(base + size);
	ilock(&x->lk);
	for(i = 0; i < x->nhole; i++){
		end = x->hole[i].addr + x->hole[i].size;
		if(hi <= x->hole[i].addr || lo >= end)
			continue;
		base = lo > x->hole[i].addr ? lo : x->hole[i].addr;
		carve(x, i, base, (hi < end ? hi : end) - base);
		x->total -= (hi < end ? hi : end) - base;
		i = -1;	/* the list changed: look again */
	}
	iunlock(&x->lk);
}

/*
 * xspanallocl: size bytes whose address is a multiple of align (a power
 * of two, 16 if smaller) and which do not cross a multiple of span (a
 * power of two, or 0); nil with %r if no hole has such a place.  The
 * lowest such place is used.
 */
void*
xspanallocl(Xalloc *x, ulong size, ulong align, ulong span)
{
	uintptr need, c, end;
	Xhdr *xh;
	int i;

	if(align < 16)
		align = 16;
	if((align & (align - 1)) != 0 || (span & (span - 1)) != 0){
		werrstr("xspanalloc: align %lud and span %lud must be powers of two", align, span);
		return nil;
	}
	if(size > (1UL<<62) || (span != 0 && size > span)){
		werrstr("xspanalloc: %lud bytes will not fit", size);
		return nil;
	}
	need = round16(size);
	ilock(&x->lk);
	for(i = 0; i < x->nhole; i++){
		end = x->hole[i].addr + x->hole[i].size;
		c = (x->hole[i].addr + sizeof(Xhdr) + align - 1) & ~(uintptr)(align - 1);
		if(span != 0 && size != 0 && c / span != (c + size - 1) / span)
			c = (c + span - 1) & ~(uintptr)(span - 1);	/* the next span: c is span-aligned, so aligned */
		if(c + need > end || c + need < c)
			continue;
		xh = (Xhdr*)(c - sizeof(Xhdr));
		carve(x, i, (uintptr)xh, need + sizeof(Xhdr));
		/* what lies between the hole's start and our header stays a hole (carve kept it) */
		xh->size = need + sizeof(Xhdr);
		xh->magic = Magichole;
		iunlock(&x->lk);
		return (void*)c;
	}
	iunlock(&x->lk);
	werrstr("xalloc: no hole for %lud bytes (align %lud span %lud)", size, align, span);
	return nil;
}

void
xfreel(Xalloc *x, void *v)
{
	Xhdr *xh;

	if(v == nil)
		return;
	xh = (Xhdr*)((uchar*)v - sizeof(Xhdr));
	if(xh->magic != Magichole)
		panic("xfree of %#p: not from xalloc (magic %#lux)", v, (ulong)xh->magic);
	xh->magic = 0;
	ilock(&x->lk);
	addhole(x, (uintptr)xh, xh->size);
	iunlock(&x->lk);
}

/* xmergel: if block q begins where block p ends, make them one (a pool's merge callback) */
int
xmergel(Xalloc *x, void *vp, void *vq)
{
	Xhdr *p, *q;

	p = (Xhdr*)((uchar*)vp - sizeof(Xhdr));
	q = (Xhdr*)((uchar*)vq - sizeof(Xhdr));
	if(p->magic != Magichole || q->magic != Magichole)
		panic("xmerge of %#p and %#p: not from xalloc", vp, vq);
	ilock(&x->lk);
	if((uchar*)p + p->size != (uchar*)q){
		iunlock(&x->lk);
		return 0;
	}
	p->size += q->size;
	q->magic = 0;
	iunlock(&x->lk);
	return 1;
}

/* xsizel: the bytes usable at v */
ulong
xsizel(Xalloc *x, void *v)
{
	USED(x);
	return ((Xhdr*)((uchar*)v - sizeof(Xhdr)))->size - sizeof(Xhdr);
}

void
xsummaryl(Xalloc *x)
{
	int i;

	ilock(&x->lk);
	for(i = 0; i < x->nhole; i++)
		print("xalloc: hole %#p-%#p %lud KiB\n", (void*)x->hole[i].addr,
			(void*)(x->hole[i].addr + x->hole[i].size), (ulong)(x->hole[i].size >> 10));
	print("xalloc: %lud KiB free of %lud KiB in %d holes\n", (ulong)(x->free >> 10), (ulong)(x->total >> 10), x->nhole);
	iunlock(&x->lk);
}

/* The kernel's heap, for the pools and anyone else. */
void	xinit(uintptr base, uintptr top)	{ xinitl(&xlist, base, top); }
void	xreserve(uintptr base, uintptr size)	{ xreservel(&xlist, base, size); }
void*	xspanalloc(ulong size, ulong align, ulong span)	{ return xspanallocl(&xlist, size, align, span); }
void	xfree(void *v)				{ xfreel(&xlist, v); }
int	xmerge(void *a, void *b)		{ return xmergel(&xlist, a, b); }
void	xsummary(void)				{ xsummaryl(&xlist); }

void*
xalloc(ulong size)
{
	return xallocz(size, 1);
}

void*
xallocz(ulong size, int zero)
{
	void *v;

	v = xspanallocl(&xlist, size, 16, 0);
	if(v != nil && zero)
		memset(v, 0, size);
	return v;
}
