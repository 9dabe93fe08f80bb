/*
 * The kernel's malloc: a main pool over xalloc, and a pool for
 * secrets that wipes what is freed.
 *
 * Each block carries two tags in one word in front of the caller's
 * data: the pc that allocated it and the pc that last reallocated it,
 * each as its low 32 bits.  A tag is read back as the pc within 2 GiB
 * of this file's code with those low bits (tagpc), so every pc in the
 * kernel's image survives it (9front's 32-bit tags, whole pcs, lose
 * the high half of a RISC-V kernel's addresses).  The pools have
 * phase 8: their pointers are 8 bytes short of a 16-byte boundary, so
 * the caller's pointer after the word is 16-byte aligned, as RISC-V's
 * LP64 ABI wants of malloc.  Two 64-bit tags cost 8 bytes more a
 * block: python's smallest heap 1.384 of peak live, not 1.241.
 *
 *	| pool header | malloc pc, realloc pc | caller's data ... |
 *	              ^ pool's pointer        ^ caller's pointer
 *
 * Choices for the main pool:
 *	quantum 16: the smallest that keeps data 16-byte aligned, and the
 *		least rounding waste; a 24-byte request takes 48 bytes
 *		(24 + 8 tags + 8 pool header, rounded), not the 64 quantum
 *		32 gives.
 *	minarena 128 KiB: the first arena; later ones are half the pool,
 *		to an eighth of maxsize (pool.c), and merge, since xarena
 *		hands out neighbours.
 *	maxsize: the whole heap.
 *
 * The pool's print may run with the pool locked: it appends to a
 * buffer, and unlock prints what gathered after releasing the lock
 * (as Plan 9 does), so nothing prints under the pool lock and lines
 * from different harts do not interleave mid-message.
 */
#include "u.h"
#include "lib.h"
#include "dat.h"
#include "fns.h"
#include "xalloc.h"
#include "alloc.h"

enum {
	Tagsize		= Mtagsize,
	Printbuf	= 1024,
	Secrmax		= 16<<20,
	Cachebytes	= 64<<20,	/* the most a hart's cache keeps */
	Cacheshare	= 64,	/* the harts' caches together keep at most 1/Cacheshare of the heap */
};

typedef struct Private Private;
struct Private {
	Lock	lk;
	ulong	nlock;		/* times taken (counted as released): the bench's lock acquisitions */
	char	msg[Printbuf];	/* what print gathered while locked */
	int	nmsg;
};

static Private	mainpriv, secrpriv;

static void
plock(Pool *p)
{
	ilock(&((Private*)p->private)->lk);	/* a tail call */
}

/* poollocks: how many times p's lock has been taken (a pool of this file's) */
ulong
poollocks(Pool *p)
{
	return ((Private*)p->private)->nlock;
}

/* unlockprint: release pv's lock, then print what gathered under it */
static void __attribute__((noinline))
unlockprint(Private *pv)
{
	char msg[Printbuf];
	int n;

	n = pv->nmsg;
	memmove(msg, pv->msg, n);
	pv->nmsg = 0;
	iunlock(&pv->lk);
	consputs(msg, n);
}

static void
punlock(Pool *p)
{
	Private *pv;

	pv = p->private;
	pv->nlock++;
	if(pv->nmsg != 0){
		unlockprint(pv);
		return;
	}
	iunlock(&pv->lk);	/* the common case: nothing printed */
}

static void
pprint(Pool *p, char *fmt, ...)
{
	Private *pv;
	va_list ap;
	char *e;

	pv = p->private;
	if(pv->nmsg > Printbuf - 256){	/* a long dump: let it out now */
		consputs(pv->msg, pv->nmsg);
		pv->nmsg = 0;
	}
	va_start(ap, fmt);
	e = vseprint(pv->msg + pv->nmsg, pv->msg + Printbuf, fmt, ap);
	va_end(ap);
	pv->nmsg = e - pv->msg;
}

static void
ppanic(Pool *p, char *fmt, ...)
{
	Private *pv;
	char msg[256];
	va_list ap;

	pv = p->private;
	consputs(pv->msg, pv->nmsg);	/* the block dump that explains it */
	pv->nmsg = 0;
	va_start(ap, fmt);
	vseprint(msg, msg + sizeof msg, fmt, ap);
	va_end(ap);
	if(holding(&pv->lk))	/* always, from the pool: let go, since a test harness may catch the panic */
		iunlock(&pv->lk);
	panic("%s", msg);
}

/* perrstr: why a pool call returns nil, as this hart's error string (%r) */
static void
perrstr(Pool *p, char *msg)
{
	USED(p);
	werrstr("%s", msg);
}

/* mainarena: the main pool's arenas, from the top of the heap down, the way it fills them; secrarena: the secrets' from the bottom, so that the two do not interleave and the main pool's stay one */
static void*
mainarena(ulong n)
{
	return xarena(n);
}

static void*
secrarena(ulong n)
{
	return xallocz(n, 0);
}

static void
arenafree(void *v, ulong n)
{
	USED(n);
	xfree(v);
}

/*
 * The main pool's per-CPU caches: blocks up to 4 KiB, as many as fit
 * in a hart's share: all the harts' together a 64th of the heap, at
 * most 64 MiB each; the pool takes them back when memory is short.
 * The share is what a burst of frees can leave in the cache before
 * they go back to the pool; python frees hundreds of thousands of
 * blocks in bursts: 4 MiB, 143.7 instructions an event; 64 MiB,
 * 113.9.  A larger fraction of a small heap spreads cached blocks so
 * that the smallest heap grows (cc1: an eighth, 1.435 of peak live; a
 * 32nd, 1.343; a 64th, 1.311).  Blocks to 4 KiB rather than 1 KiB:
 * cc1 75.0 pool locks per 1,000 events to 15.6, sqlite 127.8
 * instructions an event to 112.9; cc1's smallest heap 1.311 to 1.347.
 */
static Poolcache	maincache[MAXHART];

static int	cpuoff(Pool *p) { USED(p); return machoff(); }
static void	cpuon(Pool *p, int x) { USED(p); machon(x); }

static Pool mainpool = {
	.name = "main",
	.layout = POOL_LAYOUT,
	.minarena = 128*1024,
	.quantum = 16,
	.phase = Tagsize,
	.alloc = mainarena,
	.merge = xmerge,
	.free = arenafree,
	.lock = plock,
	.unlock = punlock,
	.print = pprint,
	.panic = ppanic,
	.errstr = perrstr,
	.private = &mainpriv,
	.cache = maincache,
	.ncache = MAXHART,
	.cachebytes = Cachebytes,
	.cachemax = 4096,
	.cpuoff = cpuoff,
	.cpuon = cpuon,
};

static Pool secrpool = {
	.name = "secrets",
	.layout = POOL_LAYOUT,
	.maxsize = Secrmax,
	.minarena = 64*1024,
	.quantum = 16,
	.phase = Tagsize,
	.alloc = secrarena,
	.merge = xmerge,
	.free = arenafree,
	.lock = plock,
	.unlock = punlock,
	.print = pprint,
	.panic = ppanic,
	.errstr = perrstr,
	.private = &secrpriv,
};

Pool	*mainmem = &mainpool;
Pool	*secrmem = &secrpool;
int	smalloctries = 1000;

void
mallocinit(uintptr heapsize, int ncpu)
{
	uintptr share;
	int i;

	for(i = 0; i < MAXHART; i++)
		mach[i].mcache = &maincache[i];	/* the malloc family's way to it, as cpuoff's index is the pool's */
	mainpool.maxsize = heapsize;
	share = heapsize / Cacheshare / (ncpu > 0 ? ncpu : 1);
	mainpool.cachebytes = share < Cachebytes ? share : Cachebytes;
}

/* tags: the tags' word before the caller's pointer v: malloc's pc's low half, then realloc's */
static u32int*
tags(void *v)
{
	return (u32int*)((uchar*)v - Tagsize);
}

/* tagpc: the pc a tag's low 32 bits stand for: the one within 2 GiB of this code; 0 for none */
static uintptr
tagpc(u32int tag)
{
	uintptr here;

	if(tag == 0)
		return 0;
	here = (uintptr)mallocinit;
	return here + (int32_t)(tag - (u32int)here);
}

/* tagged: the caller's pointer into t, a block just allocated (or nil) of size bytes and the tags, for pc */
static inline __attribute__((always_inline)) void*
tagged(u32int *t, ulong size, int clr, uintptr pc)
{
	if(t == nil)
		return nil;
	t[0] = pc;
	t[1] = 0;
	if(clr)
		memset(t + 2, 0, size);
	return t + 2;
}

void*
poolmalloc(Pool *p, ulong size, int clr, uintptr pc)
{
	u32int *t;
	int x;

	if(p->phase != Tagsize)	/* else the caller's pointer would not be 16-byte aligned */
		panic("malloc: pool %s has phase %lud, not %d", p->name, p->phase, Tagsize);
	if(size > ~0UL - Tagsize){
		werrstr("malloc: %lud bytes is too large", size);
		return nil;
	}
	if(p->cache != nil){	/* through this hart's cache, interrupts off */
		x = machoff();
		t = poolcachealloc(p, &p->cache[x >> 1], size + Tagsize);
		machon(x);
	}else
		t = poolalloc(p, size + Tagsize);
	return tagged(t, size, clr, pc);
}

/* mainmalloc: poolmalloc of the main pool, inline in each call (the pool and its caches known) */
static inline __attribute__((always_inline)) void*
mainmalloc(ulong size, int clr, uintptr pc)
{
	u32int *t;
	uintptr s;

	if(size > ~0UL - Tagsize)
		return poolmalloc(mainmem, size, clr, pc);	/* which says why not */
	s = introff();
	t = poolcachealloc(&mainpool, m()->mcache, size + Tagsize);
	intron(s);
	return tagged(t, size, clr, pc);
}

void*
malloc(ulong size)
{
	return mainmalloc(size, 1, (uintptr)__builtin_return_address(0));
}

void*
mallocz(ulong size, int clr)
{
	if(clr)
		return malloc(size);	/* a tail call (the caller's pc stays the tag), so this path keeps no size across the pool's call */
	return mainmalloc(size, 0, (uintptr)__builtin_return_address(0));
}

void*
calloc(ulong n, ulong size)
{
	ulong total;

	if(__builtin_mul_overflow(n, size, &total)){
		werrstr("calloc: %lud x %lud overflows", n, size);
		return nil;
	}
	return poolmalloc(mainmem, total, 1, (uintptr)__builtin_return_address(0));
}

void*
realloc(void *v, ulong size)
{
	u32int *t, tag;
	uintptr pc, s;

	pc = (uintptr)__builtin_return_address(0);
	if(v == nil)
		return poolmalloc(mainmem, size, 0, pc);
	if(size == 0){
		free(v);
		return nil;
	}
	if(size > ~0UL - Tagsize){
		werrstr("realloc: %lud bytes is too large", size);
		return nil;
	}
	s = introff();
	t = poolcacherealloc(&mainpool, m()->mcache, tags(v), size + Tagsize);
	intron(s);
	if(t == nil)
		return nil;
	tag = pc;
	if((uintptr)t % sizeof tag == 0)	/* the malloc tag moved with the data */
		t[1] = tag;
	else	/* t is unaligned (mallocalign's odd offsets) */
		memmove(t + 1, &tag, sizeof tag);
	return t + 2;
}

void
free(void *v)
{
	uintptr s;

	if(v == nil)
		return;
	s = introff();
	poolcachefree(&mainpool, m()->mcache, tags(v));
	intron(s);
}

ulong
msize(void *v)
{
	return poolmsize(mainmem, tags(v)) - Tagsize;
}

/*
 * mallocalign: the pool aligns its pointer, so it is asked for offset
 * less the tags; the span then covers the tags too, so size + 8 must
 * fit in it.
 */
void*
mallocalign(ulong size, ulong align, long offset, ulong span)
{
	uchar *v;
	u32int tag;

	tag = (uintptr)__builtin_return_address(0);
	if(size > ~0UL - Tagsize || offset < -(long)(~0UL>>2) || offset > (long)(~0UL>>2)){
		werrstr("mallocalign: %lud bytes at offset %ld is too large", size, offset);
		return nil;
	}
	v = poolallocalign(mainmem, size + Tagsize, align, offset - Tagsize, span);
	if(v == nil)
		return nil;
	memmove(v, &tag, sizeof tag);	/* tags may be unaligned, for odd offsets */
	memset(v + sizeof tag, 0, sizeof tag);
	memset(v + Tagsize, 0, size);
	return v + Tagsize;
}

/*
 * poolsmalloc: never nil.  We have no scheduler to sleep in, so we
 * retry, giving other harts time to free; if memory does not come, or
 * never could, that is a panic with the reason.
 */
void*
poolsmalloc(Pool *p, ulong size, uintptr pc)
{
	void *v;
	int i;
	volatile int spin;

	if(size > p->maxsize)
		panic("smalloc: %lud bytes can never come from pool %s of at most %lud",
			size, p->name, (ulong)p->maxsize);
	for(i = 0;; i++){
		if((v = poolmalloc(p, size, 1, pc)) != nil)
			return v;
		if(i == smalloctries)
			panic("smalloc: no %lud bytes in pool %s after %d tries: %r", size, p->name, i);
		for(spin = 0; spin < 100000; spin++)
			;
	}
}

void*
smalloc(ulong size)
{
	return poolsmalloc(mainmem, size, (uintptr)__builtin_return_address(0));
}

void*
secalloc(ulong size)
{
	return poolmalloc(secrmem, size, 1, (uintptr)__builtin_return_address(0));
}

/* secfree: wipe every byte the block had, tags included, before it goes back */
void
secfree(void *v)
{
	u32int *t;

	if(v == nil)
		return;
	t = tags(v);
	memset(t, 0, poolmsize(secrmem, t));
	poolfree(secrmem, t);
}

/* the tags, by memmove: mallocalign's odd offsets leave them unaligned */
void
setmalloctag(void *v, uintptr pc)
{
	u32int tag;

	tag = pc;
	memmove(tags(v), &tag, sizeof tag);
}

uintptr
getmalloctag(void *v)
{
	u32int tag;

	memmove(&tag, tags(v), sizeof tag);
	return tagpc(tag);
}

void
setrealloctag(void *v, uintptr pc)
{
	u32int tag;

	tag = pc;
	memmove(tags(v) + 1, &tag, sizeof tag);
}

uintptr
getrealloctag(void *v)
{
	u32int tag;

	memmove(&tag, tags(v) + 1, sizeof tag);
	return tagpc(tag);
}
