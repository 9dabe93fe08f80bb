/*
 * The worst heaps, built on purpose (boot argument "bench worstgen"):
 * for each costly path of poolalloc, poolfree and poolrealloc, a fresh
 * pool (quantum 16, no flags, no lock, as the bench's "pool") is laid
 * out so that the call measured takes every optional step that path
 * has: both bit scans, a list head with a next, a block moved to an
 * empty list, both neighbours unlinked from the middles of their
 * lists, a slack to check.  Then the call is counted with rdinstret.
 * README.md's worst-case section derives the bound these reach.
 * Lines: "bench: worstgen path=NAME op=OP cost=N".
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"
#include "xalloc.h"
#include "pool.h"
#include "replay.h"
#include "poolio.h"

enum {
	Smallmax	= 32 + (POOL_NSMALL - 1)*16,	/* pool.c's largest small block */
	Slotbit		= 32 - POOL_NPOWER,		/* the top bit of large list 0's sizes */
	Nsub		= 1 << POOL_LOG2NSUB,
	Guard		= 24,	/* a request of 32 bytes of block: between the blocks laid out */
	Maxlay		= 16,
};

static Pool	wp;
static uvlong	overhead;	/* of the two rdinstret around a call */
static int	bad;

static ulong	wbiggest;	/* the largest arena wparena gives; 0: any */

static void*	wparena(ulong n) { return wbiggest != 0 && n > wbiggest ? nil : xallocz(n, 0); }
static void	wpfree(void *v, ulong n) { USED(n); xfree(v); }

/* fresh: an empty pool; merge nil keeps every arena apart */
static Pool*
fresh(ulong minarena, int merge)
{
	poolreset(&wp);
	memset(&wp, 0, sizeof wp);
	wbiggest = 0;
	wp.name = "worst";
	wp.layout = POOL_LAYOUT;
	wp.errstr = poolerrstr;
	wp.maxsize = 256<<20;
	wp.minarena = minarena;
	wp.quantum = 16;
	wp.alloc = wparena;
	wp.merge = merge ? xmerge : nil;
	wp.free = wpfree;
	wp.print = poolnoprint;
	wp.panic = poolpanicto;
	return &wp;
}

/* slotsize: the smallest block size of large list j of the power with top bit 2^top */
static ulong
slotsize(int top, ulong j)
{
	return (1UL << top) + j*((1UL << top) / Nsub);
}

/* fill: the request that fills a block of bsize bytes exactly */
static ulong	fill(ulong bsize) { return bsize - 8; }

/* layout: n blocks side by side, rising, of the requests in n[] */
static void
layout(Pool *p, int n, ulong *req, uchar **v)
{
	int i;

	for(i = n - 1; i >= 0; i--)
		if((v[i] = poolalloc(p, req[i])) == nil)
			panic("worstgen: no room for %lud bytes", req[i]);
	for(i = 0; i + 1 < n; i++)
		if(v[i] + ((req[i] + 8 + 15) & ~15UL) != v[i+1]){
			print("bench: worstgen: blocks %d and %d are not side by side\n", i, i + 1);
			bad = 1;
		}
}

static void
report(char *path, char *op, uvlong t0, uvlong t1)
{
	print("bench: worstgen path=%s op=%s cost=%llud\n", path, op, t1 - t0 - overhead);
}

static void*
alloc1(char *path, Pool *p, ulong n)
{
	uvlong t0, t1;
	void *v;

	t0 = rdinstret();
	v = poolalloc(p, n);
	t1 = rdinstret();
	if(v == nil){
		print("bench: worstgen path=%s: poolalloc(%lud) failed\n", path, n);
		bad = 1;
	}
	report(path, "alloc", t0, t1);
	return v;
}

static void
free1(char *path, Pool *p, void *v)
{
	uvlong t0, t1;

	t0 = rdinstret();
	poolfree(p, v);
	t1 = rdinstret();
	report(path, "free", t0, t1);
}

static void*
realloc1(char *path, Pool *p, void *v, ulong n)
{
	uvlong t0, t1;
	void *w;

	t0 = rdinstret();
	w = poolrealloc(p, v, n);
	t1 = rdinstret();
	if(w == nil){
		print("bench: worstgen path=%s: poolrealloc(%lud) failed\n", path, n);
		bad = 1;
	}
	report(path, "realloc", t0, t1);
	return w;
}

/*
 * A small request with its exact list empty and none above it in its
 * bitmap word: the summary word and a second scan find a list whose
 * head has a next; what is left goes to an empty list.
 */
static void
smallscan(void)
{
	Pool *p;
	uchar *v[5];
	ulong x;

	p = fresh(1<<20, 1);
	x = fill(32 + 64*16);	/* class 64: the second bitmap word */
	layout(p, 5, (ulong[]){Guard, x, Guard, x, Guard}, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	alloc1("small-scan", p, 19);	/* 13 bytes of slack to mark */
}

/* layoutfill: smallfromlarge's heap */
static void
layoutfill(Pool *p, int twins)
{
	uchar *v[7];
	ulong j, b;

	j = fill(slotsize(Slotbit, 5));
	b = fill(slotsize(Slotbit + 1, 0));
	layout(p, 7, (ulong[]){Guard, j, Guard, b, Guard, b, Guard}, v);
	poolfree(p, v[1]);
	if(poolalloc(p, j) != v[1]){	/* list 5 empty again, p->slotup still naming it */
		print("bench: worstgen: small-from-large: not laid out\n");
		bad = 1;
	}
	if(twins)
		poolfree(p, v[3]);
	poolfree(p, v[5]);
}

/*
 * A small request with every small list empty and p->slotup stale (the
 * list it names emptied since): two bit scans find the first large
 * list, whose head has a next (twins) or is alone in its power (then
 * its list and its power's bit are cleared); cut, it belongs one list
 * lower, in the power below, an empty list.  Or (front) the request,
 * near the largest small size, leaves a small rest: that is cut off
 * the front into the last small list, empty (its word's and the
 * summary's bits set).
 */
static void
smallfromlarge(char *path, int twins, ulong n)
{
	Pool *p;

	p = fresh(1<<20, 1);
	layoutfill(p, twins);
	alloc1(path, p, n);
}

/*
 * A per-CPU cache's fill at its worst: the heap of small-from-large-
 * alone, the pool given a cache as kmalloc's (blocks to 4 KiB) and a
 * lock (the kernel's ilock), its lists empty.  A miss for 32-byte
 * blocks takes a 1.5 KiB fill's block under the lock by the costliest
 * small path (a fill is never larger than a small block).  Counted is
 * poolcachealloc; kmalloc adds its interrupts, tags and call, about 30.
 */
static Poolcache	wcache;
static Lock	wlock;
static int	wcpuoff(Pool *p) { USED(p); return 0; }
static void	wcpuon(Pool *p, int x) { USED(p); USED(x); }
static void	wplock(Pool *p) { USED(p); ilock(&wlock); }
static void	wpunlock(Pool *p) { USED(p); iunlock(&wlock); }

static void
cachefillworst(char *path)
{
	Pool *p;
	uvlong t0, t1;
	void *v;

	p = fresh(1<<20, 1);
	memset(&wcache, 0, sizeof wcache);
	p->cache = &wcache;	/* no lock yet: the layout passes the cache by */
	p->ncache = 1;
	p->cachebytes = 1<<20;
	p->cachemax = 4096;
	p->cpuoff = wcpuoff;
	p->cpuon = wcpuon;
	layoutfill(p, 0);
	p->lock = wplock;
	p->unlock = wpunlock;
	t0 = rdinstret();
	v = poolcachealloc(p, &wcache, 19);
	t1 = rdinstret();
	if(v == nil || wcache.bytes != 1536 - 32){
		print("bench: worstgen path=%s: not a fill (%#p, %lud cached)\n", path, v, (ulong)wcache.bytes);
		bad = 1;
	}
	report(path, "alloc", t0, t1);
	p->lock = nil;	/* as fresh leaves the next */
	p->unlock = nil;
}

/*
 * A large request (a block of nb bytes) whose own list's head is too
 * small: the first list above is in the next power, found through the
 * summary; its head (a block of kb bytes) has a next (twins) or is
 * alone, and what is left of it moves to an empty list or, a small
 * size, is cut off the front into an empty small list.  The request
 * leaves slack bytes of the block unused, to be marked.
 */
static void
largeabove(char *path, ulong nb, ulong kb, int twins, ulong slack)
{
	Pool *p;
	uchar *v[11];
	ulong own, k;

	p = fresh(4<<20, 1);
	own = fill(nb - 32);	/* in nb's list, too small */
	k = fill(kb);
	layout(p, 11, (ulong[]){Guard, own, Guard, own, Guard, k, Guard, k, Guard, Guard, Guard}, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	if(twins)
		poolfree(p, v[5]);
	poolfree(p, v[7]);
	alloc1(path, p, fill(nb) - slack);
}

/*
 * above: n more arenas of 1 MiB and 64 KiB, none merged, the most the
 * index holds with n = POOL_NARENA - 1, one block filling each (p's
 * free space is less); the pool's first arena, of 1 MiB, is then the
 * lowest and not the largest, found by the longest binary search.
 * Returns the last block, in an arena not the largest (n > 1), whose
 * free makes that arena the one a free last found (Pool.arenalast),
 * so that the next free below the largest searches.
 */
static void*
above(Pool *p, int n)
{
	void *v;
	int i;

	wbiggest = (1<<20) + (64<<10);	/* no arena half the pool: each new one stays this size, so n of them */
	v = nil;
	for(i = 0; i < n; i++)
		if((v = poolalloc(p, wbiggest - 256)) == nil)
			panic("worstgen: arena %d of %d: %r", i + 1, n);
	if(p->narena != n + 1)
		panic("worstgen: %d arenas, not %d", p->narena, n + 1);
	return v;
}

/*
 * A free that joins free blocks on both sides (of lb and rb bytes),
 * each in the middle of its list or alone in its power, into a block
 * for an empty list; the freed block, of 1008 bytes, has slack bytes
 * to check (with none, its right neighbour's header is read instead).
 * With narena over 1, the blocks lie in the lowest of narena arenas.
 */
static void
joinboth(char *path, ulong lb, ulong rb, ulong slack, int middle, int narena)
{
	Pool *p;
	uchar *v[15];
	void *w;
	ulong l, r;

	p = narena > 1 ? fresh(1<<20, 0) : fresh(4<<20, 1);
	l = fill(lb);
	r = fill(rb);
	if(!middle){	/* each alone in its list and power: both leave maps to clear */
		layout(p, 5, (ulong[]){Guard, l, 1000 - slack, r, Guard}, v);
		w = narena > 1 ? above(p, narena - 1) : nil;
		poolfree(p, v[1]);
		poolfree(p, v[3]);
		poolfree(p, w);	/* the free measured then searches */
		free1(path, p, v[2]);
		return;
	}
	layout(p, 15, (ulong[]){Guard, l, Guard, l, 1000 - slack, r, Guard, r, Guard, l, Guard, r, Guard, Guard, Guard}, v);
	if(narena > 1)
		above(p, narena - 1);
	poolfree(p, v[1]);
	poolfree(p, v[7]);
	poolfree(p, v[3]);	/* the left neighbour */
	poolfree(p, v[5]);	/* the right one */
	poolfree(p, v[9]);
	poolfree(p, v[11]);
	free1(path, p, v[4]);
}

/* A realloc growing in place into a large free neighbour from the middle of its list; the rest to an empty list */
static void
growinplace(void)
{
	Pool *p;
	uchar *v[9];
	ulong x;

	p = fresh(4<<20, 1);
	x = fill(slotsize(Slotbit, 16));
	layout(p, 9, (ulong[]){Guard, x, Guard, 2000, x, Guard, x, Guard, Guard}, v);
	poolfree(p, v[1]);
	poolfree(p, v[4]);
	poolfree(p, v[6]);
	realloc1("realloc-grow", p, v[3], 2000 + slotsize(Slotbit, 8));
}

/* A realloc shrinking a large block whose right neighbour is free in the middle of its list: the cut joins it */
static void
shrinkjoin(char *path, int narena)
{
	Pool *p;
	uchar *v[9];
	ulong x;

	p = narena > 1 ? fresh(1<<20, 0) : fresh(4<<20, 1);
	x = fill(slotsize(Slotbit, 16));
	layout(p, 9, (ulong[]){Guard, x, Guard, x, x, Guard, x, Guard, Guard}, v);
	if(narena > 1)
		above(p, narena - 1);
	poolfree(p, v[1]);
	poolfree(p, v[4]);
	poolfree(p, v[6]);
	realloc1(path, p, v[3], x/2);
}

/* A realloc that moves 16 bytes: an allocation, the copy and a free */
static void
move16(void)
{
	Pool *p;
	uchar *v[5];

	p = fresh(1<<20, 1);
	layout(p, 5, (ulong[]){Guard, Guard, Guard, 1000, Guard}, v);
	poolfree(p, v[3]);
	realloc1("realloc-move-16", p, v[1], fill(slotsize(Slotbit, 3)));
}

int
worstgen(void)
{
	uvlong t0, t1;

	t0 = rdinstret();
	t1 = rdinstret();
	overhead = t1 - t0;
	smallscan();
	smallfromlarge("small-from-large-twins", 1, 19);
	smallfromlarge("small-from-large-alone", 0, 19);
	smallfromlarge("small-from-large-front", 0, fill(Smallmax - 32) - 13);	/* the rest: Smallmax */
	cachefillworst("cache-fill-from-large-alone");
	largeabove("large-above-move-twins", slotsize(Slotbit + 1, 0) + 48, slotsize(Slotbit + 2, 0), 1, 13);
	largeabove("large-above-move-alone", slotsize(Slotbit + 1, 0) + 48, slotsize(Slotbit + 2, 0), 0, 13);
	largeabove("large-above-front-twins", slotsize(Slotbit, Nsub - 1) + 48, slotsize(Slotbit + 1, 0), 1, 13);
	largeabove("large-above-front-alone", slotsize(Slotbit, Nsub - 1) + 48, slotsize(Slotbit + 1, 0), 0, 13);
	largeabove("large-above-front-alone-slack8", slotsize(Slotbit, Nsub - 1) + 48, slotsize(Slotbit + 1, 0), 0, 8);
	largeabove("large-above-front-alone-slack0", slotsize(Slotbit, Nsub - 1) + 48, slotsize(Slotbit + 1, 0), 0, 0);
	joinboth("free-join-large-middle", slotsize(Slotbit, 16), slotsize(Slotbit, 20), 13, 1, 1);
	joinboth("free-join-large-alone", slotsize(Slotbit, 16), slotsize(Slotbit + 1, 8), 13, 0, 1);
	joinboth("free-join-large-alone-noslack", slotsize(Slotbit, 16), slotsize(Slotbit + 1, 8), 0, 0, 1);
	joinboth("free-join-mixed-middle", 1024, slotsize(Slotbit, 20), 13, 1, 1);
	joinboth("free-join-mixed-alone", 1024, slotsize(Slotbit + 1, 8), 13, 0, 1);
	joinboth("free-join-small-middle", 1024, 2048, 13, 1, 1);
	joinboth("free-join-small-alone", 1024, 2048, 13, 0, 1);
	growinplace();
	shrinkjoin("realloc-shrink", 1);
	shrinkjoin("realloc-shrink-low-of-128", POOL_NARENA);
	move16();
	joinboth("free-join-large-alone-low-of-16", slotsize(Slotbit, 16), slotsize(Slotbit + 1, 8), 13, 0, 16);
	joinboth("free-join-large-alone-low-of-128", slotsize(Slotbit, 16), slotsize(Slotbit + 1, 8), 13, 0, POOL_NARENA);
	poolreset(&wp);
	return bad;
}
