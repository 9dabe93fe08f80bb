/*
 * pool(2) routine by routine: what each returns, what it keeps, and
 * that the counters add up afterwards.
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pooltest.h"

#define MB	(1UL<<20)

static void
allocbasic(void)
{
	static ulong sizes[] = {0, 1, 15, 16, 17, 31, 32, 33, 48, 100, 1000, 4000, 65536, 200000};
	void *v[nelem(sizes)];
	Pool *p;
	uint i, j;

	p = tpoolinit(8*MB, 64*1024, 0);
	for(i = 0; i < nelem(sizes); i++){
		v[i] = poolalloc(p, sizes[i]);
		check(v[i] != nil);
		checkeq((uintptr)v[i] % 16, 0);
		check(poolmsize(p, v[i]) >= sizes[i]);
		tfill(v[i], sizes[i], i);
	}
	for(i = 0; i < nelem(sizes); i++)	/* no two overlap */
		for(j = 0; j < nelem(sizes); j++)
			if(i != j)
				check((uchar*)v[i] + sizes[i] <= (uchar*)v[j] || (uchar*)v[j] + sizes[j] <= (uchar*)v[i]);
	tcheckacct(p);
	for(i = 0; i < nelem(sizes); i++){
		check(tverify(v[i], sizes[i], i));
		poolfree(p, v[i]);
		tcheckacct(p);
	}
	tcheckempty(p);
	poolfree(p, nil);	/* legal, a no-op */
	checkeq(p->nfree, nelem(sizes));
}

/* the block for n bytes: n + 8 rounded up to the quantum, at least 32 */
static void
blocksizes(void)
{
	Pool *p;
	void *v;
	ulong before;

	p = tpoolinit(MB, 64*1024, 0);
	before = p->curalloc;
	v = poolalloc(p, 48);
	checkeq(p->curalloc - before, 64);
	poolfree(p, v);
	v = poolalloc(p, 0);
	checkeq(p->curalloc, 32);
	poolfree(p, v);
	v = poolalloc(p, 24);
	checkeq(p->curalloc, 32);	/* 24 + 8 fills it: no slack */
	poolfree(p, v);
	v = poolalloc(p, 33);
	checkeq(p->curalloc, 48);	/* 41 rounds to 48 */
	poolfree(p, v);
	v = poolalloc(p, 41);
	checkeq(p->curalloc, 64);	/* 49 rounds to 64 */
	poolfree(p, v);
	p = tpoolinit(1<<20, 64*1024, 0);	/* the quantum is read at the first call */
	p->quantum = 64;
	v = poolalloc(p, 57);
	checkeq(p->curalloc, 128);
	poolfree(p, v);
	tcheckempty(p);
}

static void
accounting(void)
{
	Pool *p;
	Poolstats s;
	void *a, *b, *c;

	p = tpoolinit(MB, 64*1024, 0);
	a = poolalloc(p, 100);
	b = poolalloc(p, 200);
	c = poolalloc(p, 300);
	poolstats(p, &s);
	checkeq(s.nalloc, 3);
	checkeq(s.curalloc, 112 + 208 + 320);
	checkeq(s.cursize, 64*1024);
	checkeq(s.narena, 1);
	checkeq(s.curalloc + s.curfree + Arenaover, s.cursize);
	poolfree(p, b);
	poolstats(p, &s);
	checkeq(s.nalloc, 2);
	checkeq(s.nfreeblocks, 2);
	checkeq(s.peakalloc, 112 + 208 + 320);
	checkeq(s.maxfree, 64*1024 - Arenaover - 112 - 208 - 320);
	poolfree(p, a);
	poolfree(p, c);
	tcheckempty(p);
	checkeq(p->peakalloc, 112 + 208 + 320);
}

/* freeing the middle of three joins all three, whichever order */
static void
coalesce(void)
{
	Pool *p;
	Poolstats s;
	void *v[4];
	int order, i;
	static int orders[][3] = {{0,1,2}, {0,2,1}, {1,0,2}, {1,2,0}, {2,0,1}, {2,1,0}};

	p = tpoolinit(MB, 64*1024, 0);
	for(order = 0; order < 6; order++){
		for(i = 0; i < 4; i++)
			v[i] = poolalloc(p, 100);
		for(i = 0; i < 3; i++){
			poolfree(p, v[orders[order][i]]);
			tcheckacct(p);
		}
		poolstats(p, &s);
		checkeq(s.nfreeblocks, 2);	/* the three joined, and the arena's end */
		checkeq(s.nalloc, 1);
		poolfree(p, v[3]);
		tcheckempty(p);
	}
}

/* best fit for list sizes: the smallest free block that fits, not the first or the largest */
static void
bestfit1(ulong base)
{
	Pool *p;
	void *big, *mid, *small, *g[4], *v;

	p = tpoolinit(4*MB, MB, 0);
	g[0] = poolalloc(p, 16);
	big = poolalloc(p, base + 300);
	g[1] = poolalloc(p, 16);
	small = poolalloc(p, base + 100);
	g[2] = poolalloc(p, 16);
	mid = poolalloc(p, base + 200);
	g[3] = poolalloc(p, 16);
	poolfree(p, big);
	poolfree(p, small);
	poolfree(p, mid);
	v = poolalloc(p, base + 90);
	check(v == small);
	poolfree(p, v);
	v = poolalloc(p, base + 150);
	check(v == mid);
	poolfree(p, v);
	v = poolalloc(p, base + 250);
	check(v == big);
	poolfree(p, v);
	/* equal sizes: the most recently freed first, deterministically */
	v = poolalloc(p, base + 100);
	check(v == small);
	poolfree(p, v);
	poolfree(p, g[0]);
	poolfree(p, g[1]);
	poolfree(p, g[2]);
	poolfree(p, g[3]);
	tcheckempty(p);
}

static void
bestfit(void)
{
	bestfit1(0);
}

/* n free blocks of one size (in one small or large list) are taken back newest first */
static void
equalsizes1(int n, ulong size)
{
	Pool *p;
	uchar *v[2*16+1], *w;
	ulong sizes[2*16+1];
	int i;

	p = tpoolinit(4*MB, MB, 0);
	for(i = 0; i < 2*n+1; i++)
		sizes[i] = i % 2 ? size : 16;	/* each between allocated guards */
	tlayout(p, 2*n+1, sizes, v);
	for(i = 1; i < 2*n+1; i += 2)
		poolfree(p, v[i]);
	tcheckacct(p);
	for(i = 2*n-1; i >= 1; i -= 2){
		w = poolalloc(p, size);
		check(w == v[i]);
		tcheckacct(p);
	}
	for(i = 0; i < 2*n+1; i++)
		poolfree(p, v[i]);
	tcheckempty(p);
}

static void
equalsizes(void)
{
	equalsizes1(16, 64);
	equalsizes1(6, Largesize);
}

static void
msize(void)
{
	Pool *p;
	uchar *v;
	ulong n;

	p = tpoolinit(MB, 64*1024, 0);
	checkeq(poolmsize(p, nil), 0);
	v = poolalloc(p, 10);
	n = poolmsize(p, v);
	checkeq(n, 24);	/* the 32-byte block less its header */
	memset(v, 0xAB, n);	/* all of it is ours now: no overflow reported */
	poolblockcheck(p, v);
	poolfree(p, v);
	tcheckempty(p);
}

static void
reallocnil(void)
{
	Pool *p;
	void *v;

	p = tpoolinit(MB, 64*1024, 0);
	v = poolrealloc(p, nil, 100);	/* nil: an allocation */
	check(v != nil);
	checkeq(poolmsize(p, v), 104);
	check(poolrealloc(p, v, 0) == nil);	/* zero: a free */
	tcheckempty(p);
	checkeq(p->nfree, 1);
}

static void
reallocshrink(void)
{
	Pool *p;
	Poolstats s;
	void *v, *w;

	p = tpoolinit(MB, 64*1024, 0);
	v = tfill(poolalloc(p, 1000), 1000, 3);
	w = poolalloc(p, 16);	/* a neighbour, so the freed tail stands alone */
	check(poolrealloc(p, v, 100) == v);
	check(tverify(v, 100, 3));
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 2);	/* the tail given back */
	tcheckacct(p);
	check(poolrealloc(p, v, 90) == v);	/* too little to give back */
	check(tverify(v, 90, 3));
	tcheckacct(p);
	poolfree(p, v);
	poolfree(p, w);
	tcheckempty(p);
}

static void
reallocright(void)
{
	Pool *p;
	uchar *v, *r, *g, *b[3];

	p = tpoolinit(MB, 64*1024, 0);
	tlayout(p, 3, (ulong[]){100, 500, 16}, b);
	v = tfill(b[0], 100, 5);
	r = b[1];
	g = b[2];
	poolfree(p, r);
	check(poolrealloc(p, v, 400) == v);	/* into the free right neighbour */
	check(tverify(v, 100, 5));
	tcheckacct(p);
	check(poolrealloc(p, v, 700) != v);	/* 640 bytes right is not enough: moves */
	poolfree(p, g);
	tcheckacct(p);
}

static void
reallocleft(void)
{
	Pool *p;
	uchar *v, *l, *r, *g, *w, *b[4];

	p = tpoolinit(MB, 64*1024, 0);
	tlayout(p, 4, (ulong[]){16, 300, 100, 16}, b);
	g = b[0];
	l = b[1];
	v = tfill(b[2], 100, 7);
	r = b[3];
	poolfree(p, l);
	w = poolrealloc(p, v, 350);	/* left alone has room: the data moves down */
	check(w == l);
	check(tverify(w, 100, 7));
	tcheckacct(p);
	poolfree(p, w);
	poolfree(p, r);
	poolfree(p, g);
	tcheckempty(p);
}

static void
reallocboth(void)
{
	Pool *p;
	uchar *v, *l, *r, *g, *w, *b[5];

	p = tpoolinit(MB, 64*1024, 0);
	tlayout(p, 5, (ulong[]){16, 200, 200, 200, 16}, b);
	g = b[0];
	l = b[1];
	v = tfill(b[2], 200, 9);
	r = b[3];
	poolfree(p, l);
	poolfree(p, r);
	w = poolrealloc(p, v, 600);	/* needs left, itself and right */
	check(w == l);
	check(tverify(w, 200, 9));
	tcheckacct(p);
	poolfree(p, w);
	poolfree(p, g);
	tcheckacct(p);
}

/*
 * freeing b between free blocks l (unless lsz is 0: then allocated)
 * and r makes one block, filed anew in its list; with a lock (the fast
 * path may give up) and without (it may not)
 */
static void
freejoin1(int locked, ulong xsz, ulong lsz, ulong bsz, ulong rsz)
{
	Pool *p;
	Poolstats s0, s1;
	uchar *x[3], *b[5], *v, *start;
	ulong total;

	p = tpoolinit(4*MB, MB, 0);
	tlayout(p, 3, (ulong[]){16, xsz != 0 ? xsz : 16, 16}, x);	/* x: another large block first, unless xsz is 0 */
	tlayout(p, 5, (ulong[]){16, lsz != 0 ? lsz : 16, bsz, rsz, 16}, b);
	if(!locked)	/* after the one arena is taken: alloc must run locked */
		p->lock = p->unlock = nil;
	if(xsz != 0)
		poolfree(p, x[1]);
	if(lsz != 0)
		poolfree(p, b[1]);
	poolfree(p, b[3]);
	poolstats(p, &s0);
	poolfree(p, b[2]);
	tcheckacct(p);
	poolstats(p, &s1);
	checkeq(s1.nfreeblocks, s0.nfreeblocks - (lsz != 0));
	checkeq(s1.curfree, s0.curfree + (ulong)(b[3] - b[2]));	/* b's block */
	start = lsz != 0 ? b[1] : b[2];
	total = b[4] - start;	/* the merged blocks' sizes */
	v = poolalloc(p, total - 8);	/* just fits the merged block: the best fit */
	check(v == start);
	tcheckacct(p);
	poolfree(p, v);
	if(lsz == 0)
		poolfree(p, b[1]);
	if(xsz == 0)
		poolfree(p, x[1]);
	poolfree(p, b[0]);
	poolfree(p, b[4]);
	poolfree(p, x[0]);
	poolfree(p, x[2]);
	tcheckempty(p);
}

static void
freejoin(void)
{
	int locked;

	for(locked = 0; locked < 2; locked++){
		freejoin1(locked, 0, Largesize, 100, Largesize + 26000);	/* two large blocks */
		freejoin1(locked, 0, Slotbase - 8, 100, 100);	/* a large block grows right within its list; a small one joins */
		freejoin1(locked, 0, 100, 100, Slotbase - 8);	/* a small block and b join a large one */
		freejoin1(locked, 0, Smallmax/2 + 1000, 100, Smallmax/2 + 1000);	/* small blocks make a large one */
		freejoin1(locked, 0, 0, 16, Slotbase - 8);	/* a 32-byte b joins a large r: its links reach into r */
		freejoin1(locked, Slotbase - 8, 0, 16, Slotbase + Slotwidth/2 - 24);	/* r shares its list with x */
		freejoin1(locked, 0, 0, 16, Slotbase + Slotwidth - 40);	/* r grows into the next list of its power of two */
		freejoin1(locked, 0, 0, 16, (2UL << Slotbit) - 40);	/* r grows into the next power's first list */
	}
}

/* slotof: the large list of a block of size bytes, as pool.c draws them */
static ulong
slotof(ulong size)
{
	ulong top;

	for(top = 31; (size >> top) == 0; top--)
		;
	return (top - Slotbit) << POOL_LOG2NSUB | (size >> (top - POOL_LOG2NSUB) & ((1 << POOL_LOG2NSUB) - 1));
}

/*
 * good fit for large sizes: free blocks spread over several large
 * lists and three powers of two (two of them in one list), each between
 * allocated guards.  A request takes the newest block of its own list
 * if that fits, else the newest of the first non-empty list above,
 * never a walk: checked against a model of the lists, in which the
 * block used comes back newest of its list when the request is freed.
 */
static void
largefit(void)
{
	enum { N = 7 };
	static ulong req[N] = {	/* each fills its block (8 mod 16), no two alike, whatever the geometry */
		Slotbase + 16 - 8,
		Slotbase + (Slotwidth/2 & ~15UL) + 32 - 8,	/* the list before's */
		Slotbase + 2*Slotwidth + 16 - 8,
		Slotbase + 5*Slotwidth - 8,
		(2UL << Slotbit) + 48 - 8,
		(4UL << Slotbit) + 6*Slotwidth - 8,
		(4UL << Slotbit) + 6*Slotwidth + 64 - 8,	/* the list before's */
	};
	ulong sizes[2*N+1], n, bsize, own, best, age[N], clock;
	uchar *v[2*N+1], *w;
	Pool *p;
	int i, j, k, pick;

	p = tpoolinit(8*MB, 4*MB, 0);
	for(i = 0; i < 2*N+1; i++)
		sizes[i] = i % 2 ? req[i/2] : 16;
	tlayout(p, 2*N+1, sizes, v);
	clock = 0;
	for(i = 1; i < 2*N+1; i += 2){
		poolfree(p, v[i]);
		age[i/2] = ++clock;
	}
	check(slotof(req[0] + 8) == slotof(req[1] + 8) && slotof(req[5] + 8) == slotof(req[6] + 8));
	tcheckacct(p);
	for(i = 0; i < N; i++)
		for(j = -1; j <= 1; j++){	/* just under, at and just over each free block's size */
			n = req[i] + 16*j;
			bsize = n + 8;
			own = slotof(bsize);
			pick = -1;
			for(k = 0; k < N; k++)	/* the newest of the own list */
				if(slotof(req[k] + 8) == own && (pick < 0 || age[k] > age[pick]))
					pick = k;
			if(pick < 0 || req[pick] < n){
				pick = -1;
				best = ~0UL;
				for(k = 0; k < N; k++)	/* the newest of the first list above */
					if(slotof(req[k] + 8) > own && (slotof(req[k] + 8) < best
					|| (slotof(req[k] + 8) == best && age[k] > age[pick]))){
						best = slotof(req[k] + 8);
						pick = k;
					}
			}
			if(pick < 0)	/* only the arena's own free space fits */
				continue;
			w = poolalloc(p, n);	/* inside pick's block, at its back when it is cut */
			check(w >= v[2*pick+1] && w + n <= v[2*pick+1] + req[pick]);
			check(poolmsize(p, w) >= n);
			tcheckacct(p);
			poolfree(p, w);
			age[pick] = ++clock;
		}
	for(i = 0; i < 2*N+1; i += 2)
		poolfree(p, v[i]);
	tcheckempty(p);
}

/*
 * a small request with every small list empty takes the newest block
 * of the first large list, also after a free has emptied the list that
 * held it (the pool keeps only a bound on the first that is not empty)
 */
static void
slotfirst(void)
{
	Pool *p;
	uchar *v[5], *w;
	ulong x, y;

	p = tpoolinit(8*MB, 4*MB, 0);
	x = Slotbase + Slotwidth - 8;	/* in list 2, still there when 32 bytes are cut */
	y = (4UL << Slotbit) - 8;	/* a later power's first list */
	tlayout(p, 5, (ulong[]){16, x, 16, y, 16}, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	w = poolalloc(p, 16);	/* from the back of x, the smallest */
	check(w == v[1] + x - 24);
	poolfree(p, w);
	poolfree(p, v[2]);	/* x's list empties: x, the guard and y are one block */
	tcheckacct(p);
	w = poolalloc(p, 16);	/* from the back of that block */
	check(w == v[3] + y - 24);
	tcheckacct(p);
	poolfree(p, w);
	poolfree(p, v[0]);
	poolfree(p, v[4]);
	tcheckempty(p);

	/* list 0 starts below the largest small size: what is left of its block may be a small one */
	p = tpoolinit(8*MB, 4*MB, 0);
	tlayout(p, 3, (ulong[]){16, Smallmax + 32 - 8, 16}, v);
	poolfree(p, v[1]);
	w = poolalloc(p, 16);	/* from the front: Smallmax bytes left, in their small list */
	check(w == v[1]);
	tcheckacct(p);
	check(poolalloc(p, Smallmax - 8) == v[1] + 32);
	tcheckacct(p);
}

/*
 * large blocks are cut from the back: in a fresh arena each allocation
 * lies just below the one before, also when what is left moves to
 * another list
 */
static void
slotcut(void)
{
	enum { Nmax = 30 };
	Pool *p;
	uchar *v[Nmax];
	ulong n, slice, bsize;
	int i, N;

	p = tpoolinit(8*MB, 2*MB, 0);
	slice = MB >> POOL_LOG2NSUB;	/* of the sizes from 1 MiB, where the arena's free block stays */
	n = 3*slice/2 < MB/4 ? 3*slice/2 : MB/4;	/* what is left changes list every time or two */
	bsize = (n + 8 + 15) & ~15UL;
	N = MB / bsize < Nmax ? MB / bsize : Nmax;
	for(i = 0; i < N; i++){
		v[i] = poolalloc(p, n);
		check(v[i] != nil);
		if(i > 0)
			check(v[i] == v[i-1] - bsize);
	}
	tcheckacct(p);
	for(i = 0; i < N; i++)
		poolfree(p, v[i]);
	tcheckempty(p);
}

static void
reallocmove(void)
{
	Pool *p;
	uchar *v, *w, *g1, *g2;

	p = tpoolinit(MB, 64*1024, 0);
	g1 = poolalloc(p, 16);
	v = tfill(poolalloc(p, 100), 100, 11);
	g2 = poolalloc(p, 16);
	w = poolrealloc(p, v, 5000);
	check(w != nil && w != v);
	check(tverify(w, 100, 11));
	checkeq((uintptr)w % 16, 0);
	tcheckacct(p);
	poolfree(p, w);
	poolfree(p, g1);
	poolfree(p, g2);
	tcheckempty(p);
}

/* a realloc that cannot be met returns nil and leaves the block as it was */
static void
reallocfail(void)
{
	Pool *p;
	uchar *v, *g;
	uintptr alloc;
	char err[ERRMAX];

	p = tpoolinit(64*1024, 64*1024, 0);
	v = tfill(poolalloc(p, 1000), 1000, 13);
	g = poolalloc(p, 16);
	alloc = p->curalloc;
	check(poolrealloc(p, v, 100000) == nil);
	rerrstr(err, sizeof err);
	checkstr(err, "memory pool too large");
	check(poolrealloc(p, v, ~0UL) == nil);
	rerrstr(err, sizeof err);
	check(strstr(err, "too large") != nil);
	checkeq(p->curalloc, alloc);
	check(tverify(v, 1000, 13));
	poolblockcheck(p, v);
	tcheckacct(p);
	poolfree(p, v);
	poolfree(p, g);
	tcheckempty(p);
}

/* growing into a new arena that merges right after the block: in place */
static void
reallocnewarena(void)
{
	Pool *p;
	uchar *v;
	Poolstats s;

	p = tpoolinit(MB, 4096, 0);
	v = tfill(poolalloc(p, 4096 - Arenaover - 16), 4096 - Arenaover - 16, 15);	/* fills the first arena */
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 0);
	check(poolrealloc(p, v, 6000) == v);
	check(tverify(v, 4096 - 64, 15));
	poolstats(p, &s);
	checkeq(s.narena, 1);
	tcheckacct(p);
	poolfree(p, v);
	tcheckempty(p);
}

/*
 * growing a pool whose top arena ends in free space, or in the block
 * being reallocated: the new arena, merged above it, need only make up
 * what that lacks
 */
static void
growbylack(void)
{
	Pool *p;
	uchar *a, *b, *c, *v;
	uintptr before;

	p = tpoolinit(MB, 4096, 0);
	a = poolalloc(p, 1000);	/* cut from the front of the arena's one free block */
	b = poolalloc(p, 1000);
	check(a < b);
	poolfree(p, a);	/* the arena ends in a free block of 4096 - 48 - 2 * 1008 bytes */
	before = p->cursize;
	c = tfill(poolalloc(p, 30000), 30000, 1);
	check(c > b);
	checkeq(p->narena, 1);	/* merged */
	check(p->cursize - before <= 30016 - 2032 + Arenaover);	/* what that free block lacked */
	tcheckacct(p);
	v = tfill(poolalloc(p, 2000), 2000, 2);
	check(v != nil);
	poolfree(p, b);
	poolfree(p, v);
	poolfree(p, c);
	tcheckempty(p);
	p = tpoolinit(MB, 4096, 0);
	v = tfill(poolalloc(p, 4096 - Arenaover - 16), 4096 - Arenaover - 16, 3);	/* fills the first arena */
	before = p->cursize;
	check(poolrealloc(p, v, 40000) == v);	/* in place, into a merged arena */
	check(tverify(v, 4096 - Arenaover - 16, 3));
	check(p->cursize - before <= 40016 - 4048 + Arenaover);	/* what the block lacked, not the whole */
	checkeq(p->narena, 1);
	tcheckacct(p);
	poolfree(p, v);
	tcheckempty(p);
}

/*
 * the same when alloc hands out memory downwards, as xalloc does for
 * arenas: the pool sees which way from the second arena on, grows by
 * what the free block at the front of its lowest arena lacks, and
 * grows a block at that front by merging an arena below it and moving
 * the data down
 */
static void
growdown(void)
{
	Pool *p;
	uchar *a, *c, *v;
	uintptr before;

	p = tpoolinit(4*MB, 128*1024, 0);
	tdown = 1;
	a = tfill(poolalloc(p, 1000), 1000, 1);	/* cut from the back of a large block: the arena begins with the rest free */
	checkeq(p->grows, 0);
	before = p->cursize;
	c = tfill(poolalloc(p, 300000), 300000, 2);	/* that block, the larger edge, made up from below */
	check(c < a);
	checkeq(p->grows, -1);
	checkeq(p->narena, 1);
	checkeq(p->cursize - before, 300016 - (128*1024 - Arenaover - 1008) + Arenaover);
	tcheckacct(p);
	before = p->cursize;
	v = poolrealloc(p, c, 600000);	/* c begins the arena: an arena below, and c moves down into it */
	check(v != nil && v < c);
	check(tverify(v, 300000, 2));
	check(p->cursize - before <= 600016 - 300016 + Arenaover);	/* what c lacked, not the whole */
	checkeq(p->narena, 1);
	tcheckacct(p);
	check(tverify(a, 1000, 1));
	poolfree(p, a);
	poolfree(p, v);
	tcheckempty(p);
	poolreset(p);
	checkeq(p->grows, 0);	/* learnt again: a reset pool grows as a new one does */
}

static void
reallocaligned(void)
{
	Pool *p;
	uchar *v, *w;

	p = tpoolinit(MB, 64*1024, 0);
	v = tfill(poolallocalign(p, 100, 256, 16, 0), 100, 17);
	checkeq((uintptr)v % 256, 16);
	w = poolrealloc(p, v, 50);	/* in place keeps the alignment */
	check(w == v);
	check(tverify(w, 50, 17));
	w = poolrealloc(p, w, 20000);
	check(w != nil);
	check(tverify(w, 50, 17));
	poolfree(p, w);
	tcheckempty(p);
}

static void
toolarge(void)
{
	Pool *p;
	char err[ERRMAX];
	static ulong sizes[] = {~0UL, ~0UL/2, (ulong)0xFFFFFFFFFULL, 0xFFFFFFF0UL, 0xFFFFFFFFUL - 15};	/* the third: ~0 as 32 bits */
	uint i;

	p = tpoolinit(MB, 64*1024, 0);
	for(i = 0; i < nelem(sizes); i++){
		werrstr("");
		check(poolalloc(p, sizes[i]) == nil);
		rerrstr(err, sizeof err);
		check(strstr(err, "too large") != nil);
	}
	check(poolallocalign(p, ~0UL - 10, 64, 0, 0) == nil);
	check(poolallocalign(p, 100, ~0UL, 0, 0) == nil);
	rerrstr(err, sizeof err);
	check(err[0] != 0);
	tcheckacct(p);
	checkeq(p->curalloc, 0);
}

static void
maxsize(void)
{
	Pool *p;
	void *v[64];
	int i, n;
	char err[ERRMAX];
	uintptr alloc, size;

	p = tpoolinit(256*1024, 64*1024, 0);
	for(n = 0; n < 64; n++)
		if((v[n] = poolalloc(p, 10000)) == nil)
			break;
	check(n > 20 && n < 64);
	rerrstr(err, sizeof err);
	checkstr(err, "memory pool too large");
	check(p->cursize <= 256*1024);
	alloc = p->curalloc;
	size = p->cursize;
	check(poolalloc(p, 10000) == nil);	/* a failure changes nothing */
	checkeq(p->curalloc, alloc);
	checkeq(p->cursize, size);
	tcheckacct(p);
	for(i = 0; i < n; i++)
		poolfree(p, v[i]);
	tcheckempty(p);
}

static void
refused(void)
{
	Pool *p;
	char err[ERRMAX];
	void *v;

	p = tpoolinit(MB, 64*1024, 0);
	trefuse = 1;
	check(poolalloc(p, 100) == nil);
	rerrstr(err, sizeof err);
	checkstr(err, "pool test: no arena of 65536 bytes");	/* the pool's reason, through errstr */
	checkeq(p->cursize, 0);
	v = poolalloc(p, 100);	/* the next request is granted */
	check(v != nil);
	poolfree(p, v);
	tcheckempty(p);
}

/* arenas that come back adjacent are merged into one */
static void
arenasmerged(void)
{
	Pool *p;
	void *v[40];
	int i;
	Poolstats s;

	p = tpoolinit(MB, 4096, 0);
	for(i = 0; i < 40; i++)
		v[i] = tfill(poolalloc(p, 1000), 1000, i);
	poolstats(p, &s);
	checkeq(s.narena, 1);
	check(p->cursize >= 40*1024);
	tcheckacct(p);
	for(i = 0; i < 40; i++){
		check(tverify(v[i], 1000, i));
		poolfree(p, v[i]);
	}
	tcheckempty(p);
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 1);
	checkeq(s.maxfree, p->cursize - Arenaover);
}

static void
arenasapart(void)
{
	Pool *p;
	void *v[40];
	int i;
	Poolstats s;

	p = tpoolinit(MB, 4096, 0);
	tgap = 64;
	for(i = 0; i < 40; i++)
		v[i] = tfill(poolalloc(p, 1000), 1000, i);
	poolstats(p, &s);
	checkeq(s.narena, 6);	/* each at least half the pool before it: 4096, 4096, 4096, 6144, 9216, 13824 bytes */
	tcheckacct(p);
	check(poolisoverlap(p, v[0], 1));
	for(i = 0; i < 40; i++){
		check(tverify(v[i], 1000, i));
		poolfree(p, v[i]);
	}
	tcheckempty(p);
}

/*
 * a free outside the largest arena finds the arena the last such free
 * found without a search (here the index hidden); once arenas change
 * it is forgotten
 */
static void
arenalast(void)
{
	Pool *p;
	void *v[40], *a, *w;
	int i, j, k, narena;

	p = tpoolinit(MB, 4096, 0);
	tgap = 64;
	for(i = 0; i < 40; i++)
		v[i] = tfill(poolalloc(p, 1000), 1000, i);
	a = nil;
	for(i = 0; i < 40 && a == nil; i++){	/* v[i] and v[j] in one arena, not the largest */
		for(k = p->narena - 1; k > 0 && (uchar*)p->arena[k] > (uchar*)v[i]; k--)
			;
		for(j = i + 1; j < 40 && a == nil; j++)
			if(p->arena[k] != p->arenabig && (uchar*)v[j] > (uchar*)p->arena[k]
			&& (k + 1 == p->narena || (uchar*)v[j] < (uchar*)p->arena[k+1]))
				a = p->arena[k];
	}
	check(a != nil);
	i--;	/* each loop went one past */
	j--;
	poolfree(p, v[i]);	/* searched for */
	v[i] = nil;
	check(p->arenalast == a);
	narena = p->narena;
	p->narena = 0;	/* the index hidden: a search finds nothing */
	poolfree(p, v[j]);
	v[j] = nil;
	p->narena = narena;
	tcheckacct(p);
	w = poolalloc(p, 4000);	/* a new arena: forgotten */
	check(w != nil && p->narena > narena);
	check(p->arenalast == nil);
	poolfree(p, w);
	for(i = 0; i < 40; i++)
		if(v[i] != nil){
			check(tverify(v[i], 1000, i));
			poolfree(p, v[i]);
		}
	tcheckempty(p);
}

/*
 * Arenas that never merge: after the first each is at least half the
 * pool (maxsize/8 is more here), so their number grows with the log of
 * its size; every free below the first arena is a binary search of
 * the index.
 */
static void
arenasmany(void)
{
	static void *v[3000];
	Pool *p;
	uintptr lo, at, size;
	int i, n;
	Poolstats s;

	p = tpoolinit(8*MB, 4096, 0);
	tgap = 64;
	n = nelem(v);
	for(i = 0; i < n; i++)
		v[i] = tfill(poolalloc(p, 1000), 1000, i);
	poolstats(p, &s);
	checkeq(s.narena, (ulong)p->narena);
	check(s.narena > 8 && s.narena < 30);	/* 3 MB in 4 KiB arenas would be 750 */
	lo = (uintptr)p->arena[0];
	for(i = 1; i < p->narena - 1; i++){	/* laid out by age, 64 bytes apart: each half of all before it */
		at = (uintptr)p->arena[i];
		size = (uintptr)p->arena[i+1] - at - 64;
		check(size >= (at - lo - 64*i) / 2);
	}
	tcheckacct(p);
	for(i = 0; i < n; i += 2){	/* every other one, the oldest (lowest) first */
		check(tverify(v[i], 1000, i));
		poolfree(p, v[i]);
	}
	for(i = 1; i < n; i += 2){
		check(tverify(v[i], 1000, i));
		v[i] = poolrealloc(p, v[i], 2000);	/* found through the index */
		check(tverify(v[i], 1000, i));
		poolfree(p, v[i]);
	}
	tcheckempty(p);
}

/* an embedder whose alloc has only small arenas fills the index: then nil, with a reason, and every block still frees */
static void
arenasfull(void)
{
	Pool *p;
	void *v[2*POOL_NARENA];
	char err[ERRMAX];
	int i, n;

	p = tpoolinit(8*MB, 4096, 0);
	tgap = 64;
	tbiggest = 4096;
	for(n = 0; n < 2*POOL_NARENA; n++)
		if((v[n] = poolalloc(p, 3000)) == nil)
			break;
	checkeq(n, POOL_NARENA);	/* one block an arena */
	checkeq(p->narena, POOL_NARENA);
	rerrstr(err, sizeof err);
	check(strstr(err, "too many arenas") != nil);
	tcheckacct(p);
	for(i = 0; i < n; i++)
		poolfree(p, v[i]);
	tcheckempty(p);
}

static void
isoverlap(void)
{
	Pool *p;
	uchar *v;
	int x;

	p = tpoolinit(MB, 64*1024, 0);
	v = poolalloc(p, 100);
	check(poolisoverlap(p, v, 1));
	check(poolisoverlap(p, v - 4096, 8192));
	check(!poolisoverlap(p, &x, sizeof x));
	check(!poolisoverlap(p, v - 100000, 100));
	check(poolisoverlap(p, v - 100000, ~0UL));	/* wraps: clamped, still overlaps */
	poolfree(p, v);
}

static Pool	*cpool;
static uchar	*ctable[64];
static int	nmoves;

static void
cmove(void *from, void *to)
{
	int i;

	for(i = 0; i < 64; i++)
		if(ctable[i] == from){
			ctable[i] = to;
			nmoves++;
			return;
		}
	testfail(__FILE__, __LINE__, "move of %p, which the test never had", from);
}

static void
compact(void)
{
	Pool *p;
	Poolstats s;
	int i;

	p = cpool = tpoolinit(MB, 64*1024, 0);
	p->move = cmove;
	for(i = 0; i < 64; i++)
		ctable[i] = tfill(poolalloc(p, 50 + 13*i), 50 + 13*i, i);
	for(i = 0; i < 64; i += 2){
		poolfree(p, ctable[i]);
		ctable[i] = nil;
	}
	nmoves = 0;
	checkeq(poolcompact(p), 1);
	checkeq(nmoves, 32);
	for(i = 1; i < 64; i += 2)
		check(tverify(ctable[i], 50 + 13*i, i));
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 1);	/* all the free space at the arena's end */
	checkeq(s.nalloc, 32);
	tcheckacct(p);
	checkeq(poolcompact(p), 0);	/* nothing freed since */
	for(i = 1; i < 64; i += 2)
		poolfree(p, ctable[i]);
	tcheckempty(p);
}

/* an aligned block stays where it is: compaction would break its alignment */
static void
compactpinned(void)
{
	Pool *p;
	Poolstats s;
	uchar *a;
	void *g;

	p = tpoolinit(MB, 64*1024, 0);
	p->move = cmove;
	memset(ctable, 0, sizeof ctable);
	g = poolalloc(p, 1000);
	a = poolallocalign(p, 64, 1024, 0, 0);
	ctable[0] = poolalloc(p, 100);
	poolfree(p, g);
	poolcompact(p);
	checkeq((uintptr)a % 1024, 0);
	poolstats(p, &s);
	checkeq(s.nalloc, 2);
	tcheckacct(p);
	poolfree(p, a);
	poolfree(p, ctable[0]);
	tcheckempty(p);
}

/* when arenas run out, the pool compacts once and tries again */
static void
compactonfail(void)
{
	Pool *p;
	int i;

	p = tpoolinit(64*1024, 64*1024, 0);
	p->move = cmove;
	for(i = 0; i < 64; i++)
		ctable[i] = poolalloc(p, 900);
	for(i = 0; i < 64; i += 2){
		poolfree(p, ctable[i]);
		ctable[i] = nil;
	}
	nmoves = 0;
	ctable[0] = poolalloc(p, 20000);	/* fits only once the holes are joined */
	check(ctable[0] != nil);
	check(nmoves > 0);
	tcheckacct(p);
}

static void
reset(void)
{
	Pool *p;
	int i;

	p = tpoolinit(MB, 4096, 0);
	tgap = 16;
	for(i = 0; i < 20; i++)
		poolalloc(p, 1500);
	check(tnarena > 1);
	i = tnarena;
	poolreset(p);
	checkeq(tnfreed, i);
	checkeq(tnarena, 0);
	checkeq(p->cursize, 0);
	checkeq(p->curalloc, 0);
	checkeq(p->curfree, 0);
	check(p->arenalist == nil);
	check(poolalloc(p, 100) != nil);	/* usable again */
	tcheckacct(p);
}

static void
locking(void)
{
	Pool *p;
	void *v;

	p = tpoolinit(MB, 4096, 0);
	p->move = cmove;
	v = poolalloc(p, 100);
	v = poolrealloc(p, v, 10000);
	poolmsize(p, v);
	poolblockcheck(p, v);
	poolisoverlap(p, v, 1);
	poolfree(p, v);
	poolcompact(p);
	pooldump(p);
	tcheckacct(p);
	checkeq(tlockbad, 0);	/* every call locked once and unlocked; alloc and merge ran locked */
}

static void
dump(void)
{
	Pool *p;
	void *v;

	p = tpoolinit(MB, 64*1024, 0);
	v = poolalloc(p, 100);
	pooldump(p);
	check(tprintedhas("pool test"));
	check(tprintedhas(" alloc 112 data 100"));
	check(tprintedhas(" free "));
	poolfree(p, v);
}

#if defined(HOST) && UINTPTR_MAX > 0xFFFFFFFFu	/* pools past 4 GiB need a 64-bit address space */
#include <sys/mman.h>

static uchar *bigbase;

static void*
bigalloc(ulong n)
{
	uchar *v;

	v = bigbase;
	bigbase += n + 4096;	/* apart, so never merged */
	return v;
}

/* a pool of more than 4 GiB of address space: reserved, barely touched */
static void
over4g(void)
{
	Pool *p;
	void *v[3], *r;
	Poolstats s;
	int i;
	ulong n;

	r = mmap(nil, 12UL<<30, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0);
	check(r != MAP_FAILED);
	bigbase = r;
	p = tpoolinit(~(uintptr)0, 0, 0);
	p->alloc = bigalloc;
	p->merge = nil;
	p->free = nil;
	n = 3UL<<30;
	for(i = 0; i < 3; i++){
		v[i] = poolalloc(p, n);
		check(v[i] != nil);
		*(uchar*)v[i] = i;
		((uchar*)v[i])[n-1] = i;
	}
	check(p->cursize > 9UL<<30);
	check(p->curalloc > 9UL<<30);
	poolstats(p, &s);
	checkeq(s.narena, 3);
	checkeq(s.cursize, p->cursize);
	check(poolalloc(p, 5UL<<30) == nil);	/* larger than a block can be */
	for(i = 0; i < 3; i++)
		poolfree(p, v[i]);
	checkeq(p->curalloc, 0);
	poolcheck(p);
	munmap(r, 12UL<<30);
}

static void*
bigadjacent(ulong n)
{
	uchar *v;

	v = bigbase;
	bigbase += n;	/* side by side: merged */
	return v;
}

static int
bigmerge(void *a, void *b)
{
	USED(a);
	USED(b);
	return 1;
}

/*
 * Free space near the 32-bit block limit: free runs longer than a block
 * are cut so their first block is as large as a block can be, and a
 * cut's rest beside free space joins it.  Every call is legal: none may
 * panic, on the fast paths or under PARANOIA's check of every call.
 */
static void
blocklimit(int flags)
{
	Pool *p;
	uchar *r, *a, *b, *c;
	ulong G;
	Poolstats s;

	G = 1UL<<30;
	r = mmap(nil, 16*G, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0);
	check(r != MAP_FAILED);
	bigbase = (uchar*)(((uintptr)r + 4095) & ~(uintptr)4095);
	p = tpoolinit(~(uintptr)0, 0, flags);
	p->alloc = bigadjacent;
	p->merge = bigmerge;
	p->free = nil;
	a = poolalloc(p, 7*G/2);
	b = poolalloc(p, 16*G/5);	/* a second arena, merged with the first */
	check(a != nil && b != nil);
	poolstats(p, &s);
	checkeq(s.narena, 1);
	poolfree(p, a);
	poolfree(p, b);	/* 6.7 GiB of free space in a row: two blocks, the first as large as can be */
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 2);
	checkeq(s.maxfree, 0xFFFFFFF0UL);
	c = poolalloc(p, 3*G);
	check(c != nil);
	poolstats(p, &s);
	checkeq(s.nfreeblocks, 1);	/* what the cut left joined the space beside it */
	a = poolalloc(p, 36*G/10);	/* 3.7 GiB of free space in a row serves 3.6 */
	check(a != nil);
	poolfree(p, c);
	poolfree(p, a);
	c = poolalloc(p, 0xFFFFFFF0UL - 8 - 4096);	/* the largest request a block always holds */
	check(c != nil);
	a = poolrealloc(p, c, 0xFFFFFFF0UL - 8 - 4096 - 100);	/* shrinks in place, beside free space */
	check(a == c);
	a = poolrealloc(p, c, 0xFFFFFFF0UL - 8 - 4096);
	check(a == c);
	poolfree(p, a);
	checkeq(p->curalloc, 0);
	check(p->peakalloc >= 36*G/10 + 3*G);
	poolcheck(p);
	munmap(r, 16*G);
}

static void blocklimitparanoia(void) { blocklimit(POOL_PARANOIA); }	/* the general path, checked at every call */
static void blocklimitfast(void) { blocklimit(0); }	/* the fast paths */
#endif

Test pooltests[] = {
	{"pool-alloc", allocbasic},
	{"pool-block-sizes", blocksizes},
	{"pool-accounting", accounting},
	{"pool-coalesce", coalesce},
	{"pool-bestfit", bestfit},
	{"pool-equal-sizes", equalsizes},
	{"pool-msize", msize},
	{"pool-realloc-nil-zero", reallocnil},
	{"pool-realloc-shrink", reallocshrink},
	{"pool-realloc-right", reallocright},
	{"pool-realloc-left", reallocleft},
	{"pool-realloc-both", reallocboth},
	{"pool-free-join", freejoin},
	{"pool-large-fit", largefit},
	{"pool-large-first", slotfirst},
	{"pool-large-cut", slotcut},
	{"pool-realloc-move", reallocmove},
	{"pool-realloc-fail", reallocfail},
	{"pool-realloc-new-arena", reallocnewarena},
	{"pool-realloc-aligned", reallocaligned},
	{"pool-too-large", toolarge},
	{"pool-maxsize", maxsize},
	{"pool-arena-refused", refused},
	{"pool-arenas-merged", arenasmerged},
	{"pool-grow-by-lack", growbylack},
	{"pool-grow-down", growdown},
	{"pool-arenas-apart", arenasapart},
	{"pool-arena-last", arenalast},
	{"pool-arenas-many", arenasmany},
	{"pool-arenas-full", arenasfull},
	{"pool-isoverlap", isoverlap},
	{"pool-compact", compact},
	{"pool-compact-pinned", compactpinned},
	{"pool-compact-on-failure", compactonfail},
	{"pool-reset", reset},
	{"pool-locking", locking},
	{"pool-dump", dump},
#if defined(HOST) && UINTPTR_MAX > 0xFFFFFFFFu
	{"pool-over-4gib", over4g},
	{"pool-block-limit", blocklimitparanoia},
	{"pool-block-limit-fast", blocklimitfast},
#endif
	{nil},
};
