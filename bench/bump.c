/*
 * The bump allocator: the least work an allocator can do.  Each block
 * has a 16-byte header holding its size (realloc must know what to
 * copy); nothing is ever freed.
 */
#include "u.h"
#include "lib.h"
#include "replay.h"

static uchar	*base, *next, *limit, *regionend;

void
bumpregion(void *v, uintptr size)
{
	base = v;
	regionend = base + size;
}

static int
bumpinit(uintptr lim)
{
	next = base;
	limit = lim != 0 && lim < (uintptr)(regionend - base) ? base + lim : regionend;
	return 0;
}

static void*
bump(ulong n)
{
	uchar *v;

	n = (n + 15) & ~15UL;
	if(n + 16 > (uintptr)(limit - next))
		return nil;
	v = next + 16;
	*(ulong*)next = n;
	next = v + n;
	return v;
}

static void
bumpfree(void *v)
{
	USED(v);
}

static void*
bumprealloc(void *v, ulong n)
{
	uchar *nv;
	ulong old;

	if(v == nil)
		return bump(n);
	old = *(ulong*)((uchar*)v - 16);
	if((nv = bump(n)) != nil)
		memmove(nv, v, old < n ? old : n);
	return nv;
}

static void*
bumpalign(ulong align, ulong n)
{
	uchar *v;

	while(align > 16 && ((uintptr)next + 16) % align != 0)
		next += 16;
	v = bump(n);
	return v;
}

static uintptr
bumpfootprint(void)
{
	return next - base;
}

static void
bumpfini(void)
{
}

Balloc bumpalloc = {
	.name = "bump",
	.init = bumpinit,
	.alloc = bump,
	.free = bumpfree,
	.realloc = bumprealloc,
	.memalign = bumpalign,
	.footprint = bumpfootprint,
	.fini = bumpfini,
};
