/*
 * A pool of phase 8 (Pool.phase): its pointers lie 8 bytes short of a
 * 16-byte boundary, for an embedder that keeps a word in front of its
 * callers' data; each arena starts 8 bytes into what alloc gave and
 * ends 8 bytes short of its end.  (Its caches: test/poolcache.c.)
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pooltest.h"
#include "poolio.h"

static Pool*
phasepool(ulong maxsize, ulong minarena)
{
	Pool *p;

	p = tpoolinit(maxsize, minarena, 0);
	p->phase = 8;
	return p;
}

/* blocks side by side, 8 mod 16, joined again when freed; the arena goes back as alloc gave it */
static void
phasebasic(void)
{
	enum { N = 40 };
	Pool *p;
	uchar *v[N];
	ulong n;
	int i;

	p = phasepool(1<<20, 64*1024);
	for(i = 0; i < N; i++){
		n = 1 + 37*i;
		v[i] = tfill(poolalloc(p, n), n, i);
		checkeq((uintptr)v[i] % 16, 8);
		check(poolmsize(p, v[i]) >= n);
	}
	tcheckacct(p);
	for(i = 0; i < N; i += 2)
		poolfree(p, v[i]);
	for(i = 1; i < N; i += 2)
		check(tverify(v[i], 1 + 37*i, i));
	v[0] = poolrealloc(p, v[1], 5000);	/* moved or grown: the pool's pointers keep their phase */
	checkeq((uintptr)v[0] % 16, 8);
	check(tverify(v[0], 38, 1));
	poolfree(p, v[0]);
	for(i = 3; i < N; i += 2)
		poolfree(p, v[i]);
	tcheckempty(p);
	checkeq(p->curfree + Arenaover, p->cursize);	/* the pads are not the arena's */
	poolreset(p);	/* tfree checks the base and size alloc gave */
	checkeq(tnfreed, 1);
	checkeq(tnarena, 0);
}

/* arenas that alloc hands out side by side merge, pads and all, and a block spans the seam */
static void
phasemerge(void)
{
	Pool *p;
	uchar *v, *w, *big;

	p = phasepool(1<<20, 4096);
	v = poolalloc(p, 4096 - Arenaover - 16 - 16);	/* fills the first arena: header, tail, pads, its own header */
	check(v != nil);
	w = poolalloc(p, 2000);	/* a second arena, merged */
	checkeq(tnarena, 1);
	check(p->cursize > 4096);	/* a second arena, joined to the first */
	checkeq((uintptr)w % 16, 8);
	poolfree(p, v);
	poolfree(p, w);
	tcheckempty(p);
	big = poolalloc(p, p->cursize - Arenaover - 8);	/* the whole merged arena in one block */
	check(big != nil);
	checkeq((uintptr)big % 16, 8);
	poolfree(p, big);
	poolreset(p);
	checkeq(tnfreed, 1);
}

/* aligned blocks land where asked, whatever the phase, and free */
static void
phasealign(void)
{
	Pool *p;
	uchar *v, *w, *x;

	p = phasepool(1<<20, 64*1024);
	v = poolallocalign(p, 100, 64, 0, 0);
	w = poolallocalign(p, 100, 16, 8, 0);
	x = poolallocalign(p, 100, 16, 0, 0);
	checkeq((uintptr)v % 64, 0);
	checkeq((uintptr)w % 16, 8);
	checkeq((uintptr)x % 16, 0);
	tfill(v, 100, 1);
	tfill(w, 100, 2);
	tfill(x, 100, 3);
	tcheckacct(p);
	check(tverify(v, 100, 1) && tverify(w, 100, 2) && tverify(x, 100, 3));
	poolfree(p, v);
	poolfree(p, w);
	poolfree(p, x);
	tcheckempty(p);
}

/* a pointer 16-byte aligned into a phase-8 block is not one */
static void
phasemisplaced(void)
{
	Pool *p;
	uchar *v;

	p = phasepool(1<<20, 64*1024);
	v = poolalloc(p, 100);
	poolfree(p, v + 8);
}

/* compaction slides blocks down in whole blocks: they keep their phase */
static uchar	*moved[2];
static void	notemove(void *from, void *to) { if(moved[0] == nil){ moved[0] = from; moved[1] = to; } }

static void
phasecompact(void)
{
	Pool *p;
	uchar *v, *w;

	p = phasepool(1<<20, 64*1024);
	p->move = notemove;
	moved[0] = moved[1] = nil;
	v = poolalloc(p, 500);
	w = tfill(poolalloc(p, 300), 300, 5);
	poolfree(p, v);
	poolcompact(p);
	check(moved[1] != nil);
	checkeq((uintptr)moved[1] % 16, 8);
	w = moved[0] == w ? moved[1] : w;
	check(tverify(w, 300, 5));
	poolfree(p, w);
	tcheckempty(p);
}

static void
phasebad(void)
{
	Pool *p;

	p = tpoolinit(1<<20, 64*1024, 0);
	p->phase = 4;
	poolalloc(p, 10);
}

Test phasetests[] = {
	{"pool-phase-basic", phasebasic},
	{"pool-phase-merge", phasemerge},
	{"pool-phase-align", phasealign},
	{"pool-phase-misplaced", phasemisplaced, "not a block"},
	{"pool-phase-compact", phasecompact},
	{"pool-phase-bad", phasebad, "phase 4 is not 0 or 8"},
	{nil},
};
