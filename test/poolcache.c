/*
 * The pool's per-CPU caches, in the kernel and on the host: the test
 * pool with four caches and a pretend CPU (tcpu) that cpuoff reports.
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pooltest.h"
#include "poolio.h"

enum {
	Ncpu	= 4,
};

static Poolcache	caches[Ncpu];
static void*	arenaat(Pool*, void*);
static int	tcpu;		/* the CPU the calls run on */
static int	offdepth;	/* cpuoff less cpuon: 0 between calls */

static int	cpuoff(Pool *p) { USED(p); offdepth++; return tcpu << 1; }
static void	cpuon(Pool *p, int x) { USED(p); USED(x); offdepth--; }

/* cachepool: the test pool with caches: blocks to 512 bytes, 4 KiB a CPU */
static Pool*
cachepool(ulong maxsize)
{
	Pool *p;

	p = tpoolinit(maxsize, 64*1024, 0);
	memset(caches, 0, sizeof caches);
	p->cache = caches;
	p->ncache = Ncpu;
	p->cachebytes = 4096;
	p->cachemax = 512;
	p->cpuoff = cpuoff;
	p->cpuon = cpuon;
	tcpu = 0;
	offdepth = 0;
	return p;
}

/* ncached: the blocks of size bytes in cache c's list, counted by following its links (a fill's block, not yet cut, holds several) */
static int
ncached(Poolcache *c, ulong size)
{
	uchar *b;
	int n;

	n = 0;
	for(b = c->head[(size - 32)/16]; b != nil; b = *(uchar**)(b + 8))
		n += *(u32int*)(b + 4) / size;
	return n;
}

static ulong
cached(Pool *p)
{
	Poolstats s;

	poolstats(p, &s);
	return s.curcache;
}

/* a freed block is kept by its CPU and handed out again, to the same size only */
static void
reuse(void)
{
	Pool *p;
	uchar *v, *w;
	Poolstats s;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);	/* a 48-byte block */
	tfill(v, 40, 1);
	poolfree(p, v);
	checkeq(caches[0].bytes, 48);
	checkeq(ncached(&caches[0], 48), 1);
	poolstats(p, &s);
	checkeq(s.curcache, 48);
	checkeq(s.nalloc, 0);	/* not live */
	checkeq(s.curalloc, 0);
	tcheckacct(p);
	w = poolalloc(p, 100);	/* another size: not it */
	check(w != v);
	check(poolalloc(p, 33) == v);	/* 33 bytes take the same 48-byte block */
	checkeq(ncached(&caches[0], 48), 0);
	tfill(v, 33, 2);
	check(tverify(v, 33, 2));
	poolfree(p, v);
	poolfree(p, w);
	tcheckacct(p);
	checkeq(offdepth, 0);
}

/* a miss fills the list with one block, cut as misses come: the next allocations of that size side by side, down */
static void
fill(void)
{
	Pool *p;
	uchar *v[4];
	int i;

	p = cachepool(1<<20);
	p->cachebytes = 8*112;
	for(i = 0; i < 4; i++)
		v[i] = poolalloc(p, 100);	/* 112-byte blocks; the first configures the pool, passing the cache by */
	checkeq(ncached(&caches[0], 112), 8 - 2);	/* the second missed: 1008 bytes taken, 112 its, 896 kept */
	checkeq(v[1] - v[2], 112);	/* the fill's last, then the next one cut, below it */
	check(v[3] < v[2] && v[3] >= v[1] - 8*112);	/* one of the blocks cut with it */
	for(i = 0; i < 4; i++){
		tfill(v[i], 100, i);
		check(tverify(v[i], 100, i));
	}
	tcheckacct(p);
	for(i = 0; i < 4; i++)
		poolfree(p, v[i]);
	checkeq(ncached(&caches[0], 112), 8);	/* full: the last two went back to the pool */
	checkeq(cached(p), 8*112);
	tcheckacct(p);
}

/*
 * a fill's block stays whole on its list, counted as cached, until
 * misses cut it, 16 blocks at a time; the walk sees each state; a
 * flush gives back what is left of it whole
 */
static void
fillcut(void)
{
	Pool *p;
	uchar *v[50], *b;
	int i, j;

	p = cachepool(1<<20);
	p->cachebytes = 1<<20;
	v[0] = poolalloc(p, 24);	/* passes the cache by: configures the pool */
	v[1] = poolalloc(p, 24);	/* a fill: 48 blocks of 32 bytes, the last v[1]'s */
	b = caches[0].head[0];
	checkeq(*(u32int*)(b + 4), 47*32);	/* one block holding the other 47 */
	check(*(uchar**)(b + 8) == nil);
	checkeq(ncached(&caches[0], 32), 47);
	check(v[1] == b + 47*32 + 8);
	checkeq(cached(p), 47*32);
	tcheckacct(p);
	v[2] = poolalloc(p, 24);	/* a miss: 16 cut, the highest v[2]'s */
	check(v[2] == v[1] - 32);
	checkeq(*(u32int*)(b + 4), 31*32);	/* 31 left in it, 15 on the list above it */
	checkeq(ncached(&caches[0], 32), 46);
	checkeq(cached(p), 46*32);
	tcheckacct(p);
	for(i = 3; i < 49; i++){	/* hits and cuts: the fill's blocks, each once */
		v[i] = poolalloc(p, 24);
		check(v[i] >= b + 8 && v[i] < v[1] && (v[i] - b - 8) % 32 == 0);
		for(j = 1; j < i; j++)
			check(v[j] != v[i]);
		tfill(v[i], 24, i);
		if(i % 7 == 0)
			tcheckacct(p);
	}
	check(v[3] == b + 31*32 + 8);	/* the lowest cut first, then up */
	check(v[17] == v[2] - 32);
	check(v[48] == b + 8);	/* the fill's block itself, last */
	check(caches[0].head[0] == nil);
	checkeq(cached(p), 0);
	for(i = 3; i < 49; i++)
		check(tverify(v[i], 24, i));
	v[49] = poolalloc(p, 24);	/* a new fill */
	checkeq(ncached(&caches[0], 32), 47);
	poolcompact(p);	/* its block back whole */
	checkeq(cached(p), 0);
	tcheckacct(p);
	for(i = 0; i < 50; i++)
		poolfree(p, v[i]);
	poolcompact(p);
	tcheckempty(p);
}

/* a fill's block whose size is damaged with its header (an overflow into it) is caught before anything is cut */
static void
filldamage(void)
{
	Pool *p;
	uchar *b;

	p = cachepool(1<<20);
	poolalloc(p, 24);
	poolalloc(p, 24);	/* a fill: 47 blocks of 32 bytes in one */
	b = caches[0].head[0];
	*(u32int*)(b + 4) += 32;	/* still a size such a block could have */
	poolalloc(p, 24);
}

/* farpool: the test pool with caches, 4 arenas that do not merge, holding v[i] (200 bytes) and big[i] (1000, too big to cache); n of each */
static Pool*
farpool(uchar **v, uchar **big, int max, int *n)
{
	Pool *p;
	int i;

	p = cachepool(1<<20);
	p->cachebytes = 1<<20;
	tgap = 64;	/* no arena merges */
	for(i = 0; i < max && p->narena < 4; i++){
		v[i] = poolalloc(p, 200);
		big[i] = poolalloc(p, 1000);
	}
	checkeq(p->narena, 4);
	*n = i;
	return p;
}

/* farempty: farpool's blocks still held freed, and the pool left empty */
static void
farempty(Pool *p, uchar **v, uchar **big, int n)
{
	int i;

	for(i = 0; i < n; i++){
		poolfree(p, v[i]);
		poolfree(p, big[i]);
	}
	poolcompact(p);
	tcheckempty(p);
}

/* farblock: a big block in an arena not the largest, the far view made that arena's by a cached free there; the block taken out of big */
static uchar*
farblock(Pool *p, uchar **v, uchar **big, int n)
{
	uchar *far;
	void *a;
	int i, j;

	for(i = 0; i < n; i++)
		if(v[i] != nil && (a = arenaat(p, v[i])) != p->arenabig)
			for(j = 0; j < n; j++)
				if(big[j] != nil && arenaat(p, big[j]) == a){
					far = big[j];
					big[j] = nil;
					poolfree(p, v[i]);
					v[i] = nil;
					check((uintptr)far - caches[0].farlo < caches[0].farspan);
					return far;
				}
	check(0);
	return nil;
}

/*
 * a block too big to cache freed in this CPU's far arena goes to the
 * pool with that arena, not one the index is searched for: found with
 * the index hidden; once the index changes, the pool's way finds it
 */
static void
farbig(void)
{
	Pool *p;
	uchar *v[400], *big[400], *far;
	int j, n, nb, narena;

	p = farpool(v, big, nelem(v), &n);
	far = farblock(p, v, big, n);
	narena = p->narena;
	p->narena = 0;	/* the index hidden: a search finds nothing */
	poolfree(p, far);
	p->narena = narena;
	tcheckacct(p);
	nb = 0;
	for(j = 0; j < n; j++)	/* another, after an index change */
		if(big[j] != nil && (uintptr)big[j] - caches[0].farlo < caches[0].farspan){
			p->arenagen += 2;
			poolfree(p, big[j]);
			big[j] = nil;
			nb++;
			break;
		}
	checkeq(nb, 1);
	tcheckacct(p);
	farempty(p, v, big, n);
}

/* once the arena index has changed, the far view's arena is not trusted: the index is searched (here hidden, so the free is refused) */
static void
farbigstale(void)
{
	Pool *p;
	uchar *v[400], *big[400], *far;
	int n;

	p = farpool(v, big, nelem(v), &n);
	far = farblock(p, v, big, n);
	p->arenagen += 2;
	p->narena = 0;
	poolfree(p, far);
}

static int	nlock;		/* locks taken, with lockcounted */
static void	(*poollock)(Pool*);
static void	lockcounted(Pool *p) { nlock++; poollock(p); }

/* a block too big to cache, outside this CPU's views, goes to the pool, which finds its arena: no lookup, the views as they were */
static void
bigoutside(void)
{
	Pool *p;
	uchar *v[400], *big[400], *far;
	uintptr lo, span;
	void *a;
	int i, n;

	p = farpool(v, big, nelem(v), &n);
	far = farblock(p, v, big, n);
	lo = caches[0].farlo;
	span = caches[0].farspan;
	for(i = 0; i < n; i++)
		if(big[i] != nil && (a = arenaat(p, big[i])) != p->arenabig && a != arenaat(p, far))
			break;
	check(i < n);
	nlock = 0;
	poollock = p->lock;
	p->lock = lockcounted;
	poolfree(p, big[i]);
	big[i] = nil;
	p->lock = poollock;
	checkeq(nlock, 1);
	checkeq(caches[0].farlo, lo);
	checkeq(caches[0].farspan, span);
	tcheckacct(p);
	poolfree(p, far);
	farempty(p, v, big, n);
}

/* a cache keeps as many blocks of a size as its bytes allow, 65,536 and more */
static void
many(void)
{
	enum { N = 70000 };
	Pool *p;
	void *v, *head;
	int i;

	p = cachepool(8<<20);
	p->cachebytes = N*64;
	head = nil;
	for(i = 0; i < N; i++){	/* linked through their data */
		v = poolalloc(p, 40);
		check(v != nil);
		*(void**)v = head;
		head = v;
	}
	poolcompact(p);	/* the last fill's rest back */
	checkeq(cached(p), 0);
	for(i = 0; head != nil; i++){
		v = head;
		head = *(void**)v;
		poolfree(p, v);
	}
	checkeq(i, N);
	checkeq(ncached(&caches[0], 48) + ncached(&caches[0], 64), N);	/* a fill's last block may hold its 16 bytes over */
	check(ncached(&caches[0], 48) > 65535);
	tcheckacct(p);
	poolcompact(p);
	tcheckempty(p);
}

/* a block a fill holds only one of is filled alone; no more are kept than the cache's bytes */
static void
filllarge(void)
{
	Pool *p;
	uchar *v[3];
	int i;

	p = cachepool(1<<20);
	p->cachemax = 1040;
	p->cachebytes = 2*1040;
	for(i = 0; i < 3; i++)
		v[i] = poolalloc(p, 1020);	/* 1040-byte blocks: one fits the 1536 bytes a fill cuts */
	checkeq(ncached(&caches[0], 1040), 0);
	checkeq(cached(p), 0);
	for(i = 0; i < 3; i++)
		poolfree(p, v[i]);
	checkeq(ncached(&caches[0], 1040), 2);	/* its bytes; the third went back to the pool */
	tcheckacct(p);
}

/*
 * a fill is cut from the block one allocation would take: a hole of
 * three blocks gives three, a hole of one that block alone; only with
 * no hole that fits is a larger block cut for a whole fill
 */
static void
fillbestfit(void)
{
	Pool *p;
	uchar *y, *h, *v;
	Poolstats s;

	p = cachepool(1<<20);
	y = poolalloc(p, 600);	/* 608-byte blocks, not cached, cut from the front of the arena's free block */
	h = poolalloc(p, 600);
	check(poolrealloc(p, y, 456) == y);	/* 464 bytes: a hole of 144 between y and h */
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 2);
	v = poolalloc(p, 40);	/* a miss for 48-byte blocks: the hole, the caller's its last */
	check(v == h - 48);
	checkeq(ncached(&caches[0], 48), 2);
	y = poolalloc(p, 600);
	h = poolalloc(p, 600);
	check(poolrealloc(p, y, 536) == y);	/* 544 bytes: a hole of 64 */
	v = poolalloc(p, 56);	/* a miss for 64-byte blocks: the hole, alone */
	check(v == h - 64);
	checkeq(ncached(&caches[0], 64), 0);
	v = poolalloc(p, 56);	/* no hole left: a whole fill of 1536 bytes from the arena's free block */
	check(v > h);
	checkeq(ncached(&caches[0], 64), 1536/64 - 1);
	tcheckacct(p);
}

static void
doublefree(void)
{
	Pool *p;
	void *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	poolfree(p, v);
	poolfree(p, v);
}

static void
reallocfreed(void)
{
	Pool *p;
	void *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	poolfree(p, v);
	poolrealloc(p, v, 50);
}

/* crealloc: poolcacherealloc through the current CPU's cache, as a kernel with interrupts off calls it */
static void*
crealloc(Pool *p, void *v, ulong n)
{
	return poolcacherealloc(p, &caches[tcpu], v, n);
}

/* realloc through the cache: in place while the block size holds, else moved, the old block cached */
static void
realloccache(void)
{
	Pool *p;
	uchar *v, *w;

	p = cachepool(1<<20);
	v = tfill(poolalloc(p, 40), 40, 1);	/* a 48-byte block */
	check(crealloc(p, v, 33) == v);
	check(tverify(v, 33, 1));
	check(crealloc(p, v, 40) == v);
	check(tverify(v, 33, 1));
	tfill(v, 40, 2);
	w = crealloc(p, v, 200);	/* a 208-byte block: moved */
	check(w != v && tverify(w, 40, 2));
	checkeq(ncached(&caches[0], 48), 1);	/* the old one, cached */
	check(poolalloc(p, 40) == v);
	tcheckacct(p);
	w = crealloc(p, w, 3000);	/* not a size kept: the pool's way */
	check(tverify(w, 40, 2));
	poolfree(p, w);
	poolfree(p, v);
	tcheckacct(p);
}

/*
 * a realloc that moves the block gives the old one to the cache if it
 * has room, else to the pool; with a flush pending, the cache is
 * emptied first
 */
static void
realloccachefull(void)
{
	Pool *p;
	uchar *v, *w, *x, *y;

	p = cachepool(1<<20);
	p->cachebytes = 3*208;
	w = tfill(poolalloc(p, 40), 40, 3);	/* a 48-byte block: the first call passes the cache by */
	v = tfill(poolalloc(p, 200), 200, 4);	/* a 208-byte block, from a fill: 4 cut (the cache's bytes take 3), 3 kept */
	checkeq(ncached(&caches[0], 208), 3);
	x = crealloc(p, w, 200);	/* to a cached 208-byte block; the old one cached */
	check(x != w && tverify(x, 40, 3));
	checkeq(ncached(&caches[0], 208), 2);
	checkeq(ncached(&caches[0], 48), 1);
	check(poolalloc(p, 40) == w);	/* and handed out again */
	tfill(w, 40, 5);
	p->cachebytes = caches[0].bytes - 208;	/* the cache full once the realloc takes its block */
	y = crealloc(p, w, 200);	/* to the last cached 208-byte block; the old one to the pool */
	check(y != w && tverify(y, 40, 5));
	checkeq(ncached(&caches[0], 208), 1);
	checkeq(ncached(&caches[0], 48), 0);
	checkeq(cached(p), 208);
	tcheckacct(p);
	p->cachebytes = 4096;
	caches[0].flush = 1;
	v = crealloc(p, v, 40);	/* a flush pending: the cache is emptied, then keeps the old block */
	check(tverify(v, 40, 4));
	checkeq(caches[0].flush, 0);
	checkeq(ncached(&caches[0], 208), 1);
	poolfree(p, v);
	poolfree(p, x);
	poolfree(p, y);
	tcheckacct(p);
	checkeq(offdepth, 0);
}

static void	nomove(void *from, void *to) { USED(from); USED(to); }

/* a pool that compacts (move set) reallocates the pool's way: a fill could move the block under the cache's realloc */
static void
reallocmoving(void)
{
	Pool *p;
	uchar *v, *w;

	p = cachepool(1<<20);
	p->move = nomove;
	v = tfill(poolalloc(p, 40), 40, 1);
	w = crealloc(p, v, 200);
	check(w != nil && tverify(w, 40, 1));
	checkeq(ncached(&caches[0], 48), 0);	/* the old block not cached */
	poolfree(p, w);
	tcheckacct(p);
	checkeq(offdepth, 0);
}

/* a pool of phase 8 (test/poolphase.c) keeps, hands out, reallocates and gives back cached blocks the same */
static void
phase8(void)
{
	Pool *p;
	uchar *v, *w;
	int n;

	p = cachepool(1<<20);
	p->phase = 8;
	v = poolalloc(p, 40);	/* passes the cache by: configures the pool */
	w = poolalloc(p, 40);	/* a fill */
	checkeq((uintptr)v % 16, 8);
	checkeq((uintptr)w % 16, 8);
	n = ncached(&caches[0], 48);	/* the fill's rest */
	check(n > 0);
	poolfree(p, w);
	checkeq(ncached(&caches[0], 48), n + 1);
	check(poolalloc(p, 33) == w);	/* the cached block again */
	tfill(w, 33, 1);
	v = crealloc(p, v, 200);	/* moved through the cache, the old block cached */
	checkeq((uintptr)v % 16, 8);
	checkeq(ncached(&caches[0], 48), n + 1);
	tcheckacct(p);
	poolfree(p, v);
	check(tverify(w, 33, 1));
	poolfree(p, w);
	poolcompact(p);	/* the caches emptied */
	tcheckempty(p);
}

/* a cached block reallocated through the cache: the pool's way says what it is */
static void
creallocfreed(void)
{
	Pool *p;
	void *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	poolfree(p, v);
	crealloc(p, v, 50);
}

/* a block shrunk in place has its new slack checked at the free */
static void
reallocoverflow(void)
{
	Pool *p;
	uchar *v;

	p = cachepool(1<<20);
	v = crealloc(p, poolalloc(p, 40), 33);
	v[33] = 'x';
	poolfree(p, v);
}

/* an overflow is caught at the free, before the block would be cached */
static void
overflow(void)
{
	Pool *p;
	uchar *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	v[40] = 'x';
	poolfree(p, v);
}

/* a write to a cached block's link: caught when the block is taken */
static void
linkdamage(void)
{
	Pool *p;
	uchar *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	poolfree(p, v);
	((uintptr*)v)[0] = (uintptr)v + 0x1000;	/* a stale pointer written after the free */
	check(poolalloc(p, 40) == v);
	poolalloc(p, 40);
}

/* a block freed on another CPU than the one that allocated it goes to that CPU's cache */
static void
crosscpu(void)
{
	Pool *p;
	uchar *v[6];
	int i;

	p = cachepool(1<<20);
	for(i = 0; i < 6; i++){
		v[i] = poolalloc(p, 200);
		tfill(v[i], 200, i);
	}
	tcpu = 2;
	for(i = 0; i < 6; i++){
		check(tverify(v[i], 200, i));
		poolfree(p, v[i]);
	}
	checkeq(ncached(&caches[2], 208), 6);
	tcheckacct(p);
	for(i = 5; i >= 0; i--)
		check(poolalloc(p, 200) == v[i]);	/* last freed first */
	checkeq(caches[2].bytes, 0);
	tcpu = 0;
	for(i = 0; i < 6; i++)
		poolfree(p, v[i]);
	tcheckacct(p);
}

/* arenaat: the arena (its index's entry) at or below v */
static void*
arenaat(Pool *p, void *v)
{
	int i;

	for(i = p->narena - 1; i > 0 && (uchar*)p->arena[i] > (uchar*)v; i--)
		;
	return p->arena[i];
}

/*
 * frees into arenas that do not merge find theirs without the lock:
 * the last two found are this CPU's (far and prev, changing places),
 * and the index is searched unlocked; an arena added since is found
 * too
 */
static void
arenas(void)
{
	Pool *p;
	uchar *v[1200], *w;
	void *a0, *a1;
	int i, j, n, k[2][21], nk[2];

	p = cachepool(1<<20);
	p->cachebytes = 1<<20;
	tgap = 64;	/* no arena merges */
	poollock = p->lock;
	p->lock = lockcounted;
	for(n = 0; n < (int)nelem(v) && p->narena < 4; n++){
		v[n] = poolalloc(p, 200);	/* fills cut from each arena in turn */
		tfill(v[n], 200, n);
	}
	checkeq(p->narena, 4);
	a0 = a1 = nil;	/* two arenas, neither the largest, and 21 blocks in each */
	for(i = 0; i < 4; i++)
		if(p->arena[i] != p->arenabig){
			if(a0 == nil)
				a0 = p->arena[i];
			else if(a1 == nil)
				a1 = p->arena[i];
		}
	nk[0] = nk[1] = 0;
	for(i = 0; i < n; i++){
		j = arenaat(p, v[i]) == a0 ? 0 : arenaat(p, v[i]) == a1 ? 1 : -1;
		if(j >= 0 && nk[j] < 21)
			k[j][nk[j]++] = i;
	}
	check(a1 != nil && nk[0] == 21 && nk[1] == 21);
	nlock = 0;
	for(i = 0; i < 20; i++)	/* from either arena in turn */
		for(j = 0; j < 2; j++){
			check(tverify(v[k[j][i]], 200, k[j][i]));
			w = v[k[j][i]];
			poolfree(p, w);
			v[k[j][i]] = nil;
			check((uintptr)w - caches[0].farlo < caches[0].farspan);	/* the far view: the arena just found */
			check(arenaat(p, (uchar*)caches[0].farlo) == (j ? a1 : a0));
			if(i > 0 || j > 0)	/* the one before: the other arena */
				check(arenaat(p, (uchar*)caches[0].prevlo) == (j ? a0 : a1));
		}
	checkeq(nlock, 0);
	checkeq(caches[0].bytes, 40*208);
	w = poolalloc(p, 100*1024);	/* a new arena: the index changes */
	check(w != nil);
	check(p->narena > 4);
	nlock = 0;
	poolfree(p, v[k[0][20]]);
	poolfree(p, v[k[1][20]]);
	v[k[0][20]] = v[k[1][20]] = nil;
	checkeq(nlock, 0);
	checkeq(caches[0].bytes, 42*208);
	poolfree(p, w);
	for(i = 0; i < n; i++)
		poolfree(p, v[i]);
	tcheckacct(p);
}

/*
 * a cache's view of the largest arena (Poolcache.biglo, bigspan): set
 * by its first free, still true for the blocks it covers after the
 * arena grows by a merge, and widened, without the lock, by a free
 * past it
 */
static void
bigview(void)
{
	Pool *p;
	uchar *v, *w[64], *big[4];
	uintptr lo, span;
	int i, n;

	p = cachepool(1<<20);
	p->cachebytes = 1<<20;
	poollock = p->lock;
	p->lock = lockcounted;
	v = poolalloc(p, 200);
	poolfree(p, v);	/* the first free: the view is the one arena */
	checkeq(p->narena, 1);
	lo = caches[0].biglo;
	span = caches[0].bigspan;
	check(span > 0 && (uintptr)v - lo < span);
	for(i = 0; i < (int)nelem(big); i++)
		check((big[i] = poolalloc(p, 30000)) != nil);	/* not cached: the pool grows, its arenas merging */
	checkeq(p->narena, 1);
	check(p->cursize > span + 64*1024);
	check(poolalloc(p, 200) == v);	/* the cached block back */
	nlock = 0;
	poolfree(p, v);	/* inside the old view, which still holds */
	checkeq(nlock, 0);
	checkeq(caches[0].biglo, lo);
	checkeq(caches[0].bigspan, span);
	for(n = 0; n < (int)nelem(w); n++)	/* fills cut from the new space too */
		if((uintptr)(w[n] = poolalloc(p, 200)) - lo >= span)
			break;
	check(n < (int)nelem(w));
	i = ncached(&caches[0], 208);
	nlock = 0;
	poolfree(p, w[n]);	/* past the view: it widens to the arena now */
	checkeq(nlock, 0);
	checkeq(ncached(&caches[0], 208), i + 1);
	checkeq(caches[0].biglo, lo);
	check(caches[0].bigspan > span && (uintptr)w[n] - lo < caches[0].bigspan);
	for(i = 0; i < n; i++)
		poolfree(p, w[i]);
	for(i = 0; i < (int)nelem(big); i++)
		poolfree(p, big[i]);
	tcheckacct(p);
	poolreset(p);	/* the caches cleared: no view */
	checkeq(caches[0].bigspan, 0);
}

/*
 * a free a full cache cannot keep goes back to the pool at once, one
 * lock each, as does a block larger than the cache keeps: no call
 * gives back more than its own block
 */
enum {
	Nfull	= 24,
};

static void
fullfree(void)
{
	Pool *p;
	uchar *v[Nfull], *big;
	ulong freebefore;
	int i;

	p = cachepool(1<<20);
	p->cachebytes = 8*112;
	poollock = p->lock;
	p->lock = lockcounted;
	for(i = 0; i < Nfull; i++)
		tfill(v[i] = poolalloc(p, 100), 100, i);
	big = poolalloc(p, 2000);
	poolcompact(p);	/* the fills' rest back: the lists empty */
	checkeq(cached(p), 0);
	nlock = 0;
	freebefore = p->curfree;
	for(i = 0; i < 8; i++){
		check(tverify(v[i], 100, i));
		poolfree(p, v[i]);
	}
	checkeq(ncached(&caches[0], 112), 8);	/* the cache full, without the lock */
	checkeq(nlock, 0);
	checkeq(p->curfree, freebefore);
	for(; i < Nfull; i++){
		poolfree(p, v[i]);	/* each back to the pool, under the lock, at once */
		checkeq(nlock, i - 7);
		checkeq(p->curfree, freebefore + (i - 7)*112);
	}
	poolfree(p, big);	/* larger than the cache keeps: back at once */
	checkeq(nlock, Nfull - 7);
	checkeq(cached(p), 8*112);
	tcheckacct(p);
	poolcompact(p);	/* every cached block back */
	checkeq(cached(p), 0);
	tcheckempty(p);
}

/* fullcache: a cache with room for 8 48-byte blocks, holding them; v[8], still allocated, goes to the pool when freed */
static Pool*
fullcache(uchar *v[9])
{
	Pool *p;
	int i;

	p = cachepool(1<<20);
	p->cachebytes = 8*48;
	for(i = 0; i < 9; i++)
		v[i] = poolalloc(p, 40);
	for(i = 0; i < 8; i++)
		poolfree(p, v[i]);
	checkeq(ncached(&caches[0], 48), 8);	/* the fill's last kept, and 7 of the 8 freed */
	return p;
}

/* a block freed to a full cache, freed again: a double free */
static void
fulldouble(void)
{
	Pool *p;
	uchar *v[9];

	p = fullcache(v);
	poolfree(p, v[8]);
	checkeq(ncached(&caches[0], 48), 8);	/* not kept */
	poolfree(p, v[8]);
}

/* an overflow of a block freed to a full cache: caught at its free */
static void
fulloverflow(void)
{
	Pool *p;
	uchar *v[9];

	p = fullcache(v);
	v[8][40] = 'x';
	poolfree(p, v[8]);
}

/* poolcompact empties this CPU's cache and has the others empty theirs at their next call */
static void
flush(void)
{
	Pool *p;
	void *v, *w;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	w = poolalloc(p, 300);
	poolfree(p, v);
	tcpu = 1;
	poolfree(p, w);
	check(caches[0].bytes != 0 && caches[1].bytes != 0);
	tcpu = 0;
	poolcompact(p);
	checkeq(caches[0].bytes, 0);
	check(caches[1].bytes != 0 && caches[1].flush);
	tcpu = 1;
	v = poolalloc(p, 1000);	/* not a size kept: the cache is not touched */
	check(caches[1].flush);
	checkeq(ncached(&caches[1], 320), 1);
	poolfree(p, v);	/* any free empties it first */
	checkeq(caches[1].flush, 0);
	checkeq(ncached(&caches[1], 320), 0);
	poolfree(p, poolalloc(p, 300));	/* a fill, and the block back */
	check(ncached(&caches[1], 320) > 0);
	caches[1].flush = 1;
	v = poolalloc(p, 40);	/* a miss: the fill empties it first */
	checkeq(caches[1].flush, 0);
	checkeq(ncached(&caches[1], 320), 0);
	poolfree(p, v);
	tcpu = 2;
	w = poolalloc(p, 300);
	caches[2].flush = 1;
	poolfree(p, w);	/* a free it could keep: first its cache is emptied */
	checkeq(caches[2].flush, 0);
	checkeq(caches[2].bytes, 320);
	tcheckacct(p);
}

/* memory short: an allocation that fails empties this CPU's cache and tries again */
static void
short1(void)
{
	Pool *p;
	void *v[64], *big;
	int i, n;

	p = cachepool(16*1024);	/* arenas of at most 16 KiB in all */
	for(n = 0; n < 64 && (v[n] = poolalloc(p, 496)) != nil; n++)
		;
	check(n > 8);
	for(i = 0; i < n; i++)
		poolfree(p, v[i]);
	check(caches[0].bytes >= 8*512);
	big = poolalloc(p, 12*1024);	/* fits only with the cached blocks back in the pool */
	check(big != nil);
	checkeq(caches[0].bytes, 0);
	poolfree(p, big);
	tcheckacct(p);
}

/*
 * near maxsize (within a third), a pool about to grow first takes
 * this CPU's cached blocks back: the freed space joins up and the
 * block fits without a new arena; further from it, the pool grows
 */
static void
shortgrow(void)
{
	Pool *p;
	uchar *v[128], *big, *w;
	uintptr size;
	int i, n;

	p = cachepool(4<<20);
	p->cachebytes = 1<<20;
	big = poolalloc(p, 700*1024);	/* an arena of its own */
	check(big != nil);
	tbiggest = 80*1024;	/* arenas as asked for, not half the pool */
	for(n = 0; n < (int)nelem(v); n++)	/* fills cut from a new 64 KiB arena */
		check((v[n] = poolalloc(p, 496)) != nil);
	for(i = 0; i < n; i++)
		poolfree(p, v[i]);
	check(caches[0].bytes >= 100*512);
	size = p->cursize;
	p->maxsize = 2*size;	/* room, and not within a third of the limit */
	w = poolalloc(p, 40000);	/* no free block that large: a new arena */
	check(w != nil);
	check(p->cursize > size);
	check(caches[0].bytes >= 100*512);
	poolfree(p, w);
	size = p->cursize;
	p->maxsize = size + 100*1024;	/* room for another arena, but within a third of the limit */
	w = poolalloc(p, 70000);	/* no free block that large until the cached ones go back */
	check(w != nil);
	checkeq(p->cursize, size);
	checkeq(caches[0].bytes, 0);
	checkeq(cached(p), 0);
	poolfree(p, w);
	poolfree(p, big);
	p->maxsize = 4<<20;
	tcheckacct(p);
}

/* poolreset forgets the caches with everything else */
static void
reset(void)
{
	Pool *p;

	p = cachepool(1<<20);
	poolfree(p, poolalloc(p, 40));
	poolreset(p);
	checkeq(caches[0].bytes, 0);
	check(caches[0].head[(48 - 32)/16] == nil);
	poolfree(p, poolalloc(p, 40));
	tcheckacct(p);
}

/* with a flag set the caches are passed by: NOREUSE's freed blocks stay dead */
static void
flags(void)
{
	Pool *p;
	void *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	poolfree(p, v);
	p->flags = POOL_NOREUSE;
	v = poolalloc(p, 40);	/* not the cached one */
	poolfree(p, v);
	checkeq(ncached(&caches[0], 48), 1);
	check(poolalloc(p, 40) != v);
	tcheckacct(p);
}

static void	countblock(Pool *p, void *v, ulong n, void *arg) { USED(p); USED(v); USED(n); (*(int*)arg)++; }

/* the usage walk sees live blocks only */
static void
blocks(void)
{
	Pool *p;
	void *v, *w;
	int n;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	w = poolalloc(p, 80);
	poolfree(p, v);
	n = 0;
	poolblocks(p, countblock, &n);
	checkeq(n, 1);
	poolfree(p, w);
}

/* poolcheck counts the bytes of this CPU's lists, so a list that loops ends */
static void
checkcount(void)
{
	Pool *p;
	uchar *v;

	p = cachepool(1<<20);
	v = poolalloc(p, 40);
	poolfree(p, v);
	*(uchar**)v = v - 8;	/* the block links to itself */
	poolcheck(p);
}

/* poolcheck compares the bytes in this CPU's lists with its count */
static void
checkbytes(void)
{
	Pool *p;

	p = cachepool(1<<20);
	poolfree(p, poolalloc(p, 40));
	caches[0].bytes = 96;
	poolcheck(p);
}

static void
badcpu(void)
{
	Pool *p;

	p = cachepool(1<<20);
	poolfree(p, poolalloc(p, 40));
	tcpu = Ncpu;
	poolalloc(p, 40);
}

/*
 * a move through the cache copies the kept bytes a word at a time:
 * every old size and new size to 80 bytes, so each last partial word;
 * the bytes kept arrive, and the new block's slack pattern after them
 * is intact (poolcheck and the free check it)
 */
static void
realloccopy(void)
{
	Pool *p;
	uchar *v;
	ulong o, n;

	p = cachepool(1<<20);
	for(o = 1; o <= 80; o++)
		for(n = 1; n <= 80; n += 3){
			v = tfill(poolalloc(p, o), o, o);
			v = crealloc(p, v, n);
			check(v != nil && tverify(v, o < n ? o : n, o));
			poolcheck(p);
			poolfree(p, v);
		}
	tcheckacct(p);
}

static void
badconfig(void)
{
	Pool *p;

	p = cachepool(1<<20);
	p->cachemax = 16;	/* below the smallest block */
	poolalloc(p, 1);
}

/* random calls on four CPUs, blocks freed anywhere, contents and accounts checked as it goes */
static void
stress(void)
{
	Pool *p;
	struct { uchar *v; ulong n; int seed; } s[256];
	uvlong r;
	ulong n;
	int i, op;

	p = cachepool(4<<20);
	memset(s, 0, sizeof s);
	r = 7;
	for(op = 0; op < 40000; op++){
		tcpu = testrand(&r) % Ncpu;
		i = testrand(&r) % nelem(s);
		if(s[i].v == nil){
			n = testrand(&r) % 8 == 0 ? testrand(&r) % 3000 : testrand(&r) % 520;
			s[i].v = testrand(&r) % 4 == 0 ? poolrealloc(p, nil, n) : poolalloc(p, n);
			check(s[i].v != nil);
			s[i].n = n;
			s[i].seed = op;
			tfill(s[i].v, n, op);
			continue;
		}
		if(!tverify(s[i].v, s[i].n, s[i].seed))
			testfail(__FILE__, __LINE__, "op %d: block %p changed", op, s[i].v);
		if(testrand(&r) % 3 == 0){
			n = testrand(&r) % 600;
			s[i].v = testrand(&r) % 2 ? crealloc(p, s[i].v, n) : poolrealloc(p, s[i].v, n);
			if(n == 0)
				continue;
			check(s[i].v != nil && tverify(s[i].v, s[i].n < n ? s[i].n : n, s[i].seed));
			s[i].n = n;
			s[i].seed = op;
			tfill(s[i].v, n, op);
			continue;
		}
		poolfree(p, s[i].v);
		s[i].v = nil;
		if(op % 1000 == 0)
			tcheckacct(p);
	}
	for(i = 0; i < (int)nelem(s); i++)
		poolfree(p, s[i].v);
	check(cached(p) != 0);
	for(tcpu = 0; tcpu < Ncpu; tcpu++)
		poolcompact(p);	/* each CPU empties its own */
	tcpu = 0;
	checkeq(cached(p), 0);
	tcheckempty(p);
	checkeq(offdepth, 0);
}

Test poolcachetests[] = {
	{"cache-reuse", reuse},
	{"cache-fill", fill},
	{"cache-fill-cut", fillcut},
	{"cache-fill-damage", filldamage, "corrupt per-CPU cache"},
	{"cache-phase8", phase8},
	{"cache-fill-large", filllarge},
	{"cache-fill-best-fit", fillbestfit},
	{"cache-many", many},
	{"cache-double-free", doublefree, "double free"},
	{"cache-realloc-freed", reallocfreed, "double free"},
	{"cache-overflow", overflow, "user overflow"},
	{"cache-realloc", realloccache},
	{"cache-realloc-copy", realloccopy},
	{"cache-realloc-full", realloccachefull},
	{"cache-realloc-moving", reallocmoving},
	{"cache-realloc-cached", creallocfreed, "double free"},
	{"cache-realloc-overflow", reallocoverflow, "user overflow"},
	{"cache-link-damage", linkdamage, "corrupt per-CPU cache"},
	{"cache-cross-cpu", crosscpu},
	{"cache-arenas", arenas},
	{"cache-big-view", bigview},
	{"cache-far-big", farbig},
	{"cache-far-big-stale", farbigstale, "not in pool"},
	{"cache-big-outside", bigoutside},
	{"cache-full-free", fullfree},
	{"cache-full-double-free", fulldouble, "double free"},
	{"cache-full-overflow", fulloverflow, "user overflow"},
	{"cache-flush", flush},
	{"cache-memory-short", short1},
	{"cache-short-before-growing", shortgrow},
	{"cache-reset", reset},
	{"cache-flags", flags},
	{"cache-blocks", blocks},
	{"cache-check-count", checkcount, "than the 48 bytes counted (a loop?)"},
	{"cache-check-bytes", checkbytes, "48 bytes, counted 96"},
	{"cache-bad-config", badconfig, "per-CPU caches"},
	{"cache-bad-cpu", badcpu, "cpuoff says CPU 4, of 4 caches"},
	{"cache-stress", stress},
	{nil},
};
