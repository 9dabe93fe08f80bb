/*
 * Bad input and the debugging flags: every mistake a caller can make
 * is caught with its message (the harness checks the panic text), and
 * each flag does what pool(2) says.
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pooltest.h"
#include "poolio.h"

#define MB	(1UL<<20)

static Pool*
fresh(int flags)
{
	return tpoolinit(MB, 64*1024, flags);
}

/* overflow by k bytes past 10 requested bytes (slack follows), then free */
static void
overflow(int k)
{
	Pool *p;
	uchar *v;
	int i;

	p = fresh(0);
	v = poolalloc(p, 10);
	poolalloc(p, 100);	/* a neighbour for the long overflows to run into */
	for(i = 0; i < k; i++)
		v[10 + i] = 'x';
	poolfree(p, v);
}

static void overflow1(void) { overflow(1); }
static void overflow2(void) { overflow(2); }
static void overflow4(void) { overflow(4); }
static void overflow8(void) { overflow(8); }
static void overflow64(void) { overflow(64); }

/* quantum 32's own fast path: 40 bytes in a 64-byte block, one byte over, caught at free */
static void
overflowq32(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	p->quantum = 32;
	v = poolalloc(p, 40);
	poolalloc(p, 100);
	check(((uchar*)poolalloc(p, 1) - v) % 32 == 0);	/* blocks a multiple of 32 apart */
	v[40] = 'x';
	poolfree(p, v);
}

/* 24 bytes fill a 32-byte block exactly: the first byte over is the next block's header */
static void
overflowtight(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 24);
	poolalloc(p, 24);
	v[24] = 'x';
	poolfree(p, v);
}

/* in the last slack byte the check reaches (the end of the second word), through realloc */
static void
overflowrealloc(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 1);	/* 32-byte block: 23 bytes of slack, 15 of them checked */
	v[15] = 0;
	poolrealloc(p, v, 10);
}

static void
overflowcheck(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 100);
	poolblockcheck(p, v);	/* sound */
	v[100] = 1;
	poolblockcheck(p, v);
}

/* POOL_TOLERANCE: one NUL past the end is reported, not fatal */
static void
tolerance(void)
{
	Pool *p;
	uchar *v, *w;

	p = fresh(POOL_TOLERANCE);
	v = poolalloc(p, 10);
	v[10] = 0;
	poolfree(p, v);
	check(tprintedhas("user overflow (one NUL)"));
	w = poolalloc(p, 24);	/* would fill a 32-byte block, but tolerance keeps a slack byte for the NUL */
	w[24] = 0;
	tprinted[0] = 0;
	poolfree(p, w);
	check(tprintedhas("user overflow (one NUL)"));
	tcheckempty(p);
}

/* ...but only one NUL: two bytes, or one that is not NUL, are fatal */
static void
tolerancelimit(void)
{
	Pool *p;
	uchar *v;

	p = fresh(POOL_TOLERANCE);
	v = poolalloc(p, 10);
	v[10] = 0;
	v[11] = 0;
	poolfree(p, v);
}

static void
doublefree(void)
{
	Pool *p;
	void *v;

	p = fresh(0);
	poolalloc(p, 16);
	v = poolalloc(p, 100);
	poolalloc(p, 16);
	poolfree(p, v);
	poolfree(p, v);
}

/* the second free of a block that was merged into its left neighbour */
static void
doublefreemerged(void)
{
	Pool *p;
	void *a, *b;

	p = fresh(0);
	a = poolalloc(p, 100);
	b = poolalloc(p, 100);
	poolalloc(p, 16);
	poolfree(p, a);
	poolfree(p, b);
	poolfree(p, b);
}

static void
freestack(void)
{
	Pool *p;
	uvlong x[4];

	p = fresh(0);
	poolalloc(p, 100);
	x[0] = 0;
	poolfree(p, &x[2]);
}

static void
freemiddle(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = tfill(poolalloc(p, 100), 100, 1);
	poolfree(p, v + 32);
}

static void
freemisaligned(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 100);
	poolfree(p, v + 1);
}

static Pool other;
static uchar otherheap[64*1024] __attribute__((aligned(16)));

static void*
otheralloc(ulong n)
{
	return n <= sizeof otherheap ? otherheap : nil;
}

static void
freeother(void)
{
	Pool *p;
	void *v;

	p = fresh(0);
	v = poolalloc(p, 100);
	memset(&other, 0, sizeof other);
	other.name = "other";
	other.layout = POOL_LAYOUT;
	other.errstr = poolerrstr;
	other.maxsize = other.minarena = sizeof otherheap;
	other.alloc = otheralloc;
	other.print = p->print;
	other.panic = p->panic;
	check(poolalloc(&other, 10) != nil);
	poolfree(&other, v);
}

static void
headermagic(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 100);
	memset(v - 8, 0x55, 4);	/* the magic */
	poolfree(p, v);
}

static void
headersize(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 100);
	*(u32int*)(v - 4) = 1<<20;	/* the size */
	poolfree(p, v);
}

/* a free block's footer overwritten: caught when the block after it is freed */
static void
footersize(void)
{
	Pool *p;
	uchar *v, *w, *b[3];

	p = fresh(0);
	tlayout(p, 3, (ulong[]){100, 100, 100}, b);
	v = b[0];
	w = b[1];
	poolfree(p, v);
	*(u32int*)(w - 8 - 4) = 12345;	/* the size in v's footer, just before w's header */
	poolfree(p, w);
}

/* a write into the next block's header is caught when that block is freed */
static void
nextheader(void)
{
	Pool *p;
	uchar *v, *w, *b[2];

	p = fresh(0);
	tlayout(p, 2, (ulong[]){112, 100}, b);
	v = b[0];
	w = b[1];
	memset(v + 112 + 8, 0, 8);	/* past v's tail: w's header */
	poolfree(p, w);
}

static void
noreusewrite(void)
{
	Pool *p;
	uchar *v;

	p = fresh(POOL_NOREUSE);
	v = poolalloc(p, 100);
	poolfree(p, v);
	poolcheck(p);	/* dead but untouched: sound */
	checkeq(v[50], 0xDA);
	v[50] = 1;
	poolcheck(p);
}

static void
noreusedouble(void)
{
	Pool *p;
	uchar *v;

	p = fresh(POOL_NOREUSE);
	v = poolalloc(p, 100);
	poolfree(p, v);
	poolfree(p, v);
}

/* NOREUSE: freed blocks are never handed out again */
static void
noreuse(void)
{
	Pool *p;
	uchar *v, *w;
	Poolstats s;

	p = fresh(POOL_NOREUSE);
	v = poolalloc(p, 100);
	poolfree(p, v);
	w = poolalloc(p, 100);
	check(w != v);
	poolstats(p, &s);
	checkeq(s.nalloc, 2);
	tcheckacct(p);
}

static void
reallocfreed(void)
{
	Pool *p;
	void *v;

	p = fresh(0);
	poolalloc(p, 16);
	v = poolalloc(p, 100);
	poolalloc(p, 16);
	poolfree(p, v);
	poolrealloc(p, v, 200);
}

/* largeblocks: a pool with n large blocks side by side, v[i] of Largesize + 4000*i bytes, each in its own list */
static Pool*
largeblocks(int n, uchar **v)
{
	ulong size[6];
	Pool *p;
	int i;

	p = tpoolinit(4*MB, MB, 0);
	for(i = 0; i < n; i++)
		size[i] = Largesize + 4000*i;
	tlayout(p, n, size, v);
	return p;
}

/* a large list's links pointed at an allocated block: poolcheck notices */
static void
largelinkcheck(void)
{
	Pool *p;
	uchar *v[6];
	int i;

	p = largeblocks(6, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	for(i = 0; i < 2; i++)	/* next and prev, in the freed block's data */
		((void**)v[3])[i] = (uchar*)v[4] - 8;
	poolcheck(p);
}

/* ...and so does the next allocation that takes that list's head */
static void
largelinkalloc(void)
{
	Pool *p;
	uchar *v[6];

	p = largeblocks(6, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	poolfree(p, v[5]);
	((void**)v[3])[1] = (uchar*)v[4] - 8;	/* a head's prev */
	poolalloc(p, Largesize + 4000*3);	/* v[3]'s size: its own list's head */
	poolalloc(p, 300000);
}

/* a large block's next link damaged: the free that joins it notices before unlinking it */
static void
largelinkjoin(void)
{
	Pool *p;
	uchar *v[5];

	p = largeblocks(5, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	((void**)v[3])[0] = (uchar*)v[4] - 8;
	poolfree(p, v[2]);	/* between them: both leave their lists */
}

/* largeslotbad: v[1] and v[3] of five large blocks freed, each heading its list; v[3]'s slot word (its list's index, after its links) damaged */
static Pool*
largeslotbad(uchar **v)
{
	Pool *p;

	p = largeblocks(5, v);
	poolfree(p, v[1]);
	poolfree(p, v[3]);
	((ulong*)v[3])[2] ^= 1;
	return p;
}

/* poolcheck notices a damaged slot word... */
static void
largeslotcheck(void)
{
	uchar *v[5];

	poolcheck(largeslotbad(v));
}

/* ...and so does the free that joins the block while it heads its list, before unlinking anything */
static void
largeslotjoin(void)
{
	uchar *v[5];
	Pool *p;

	p = largeslotbad(v);
	poolfree(p, v[2]);
}

/* the pool's copy of its largest arena's bounds, which frees trust, damaged: poolcheck notices */
static void
bigviewcheck(void)
{
	Pool *p;

	p = fresh(0);
	poolalloc(p, 100);
	p->bigspan += 16;
	poolcheck(p);
}

/* a large list's head given a prev: the free that files another block there notices */
static void
largelinkput(void)
{
	Pool *p;
	uchar *v[5];

	p = tpoolinit(4*MB, MB, 0);
	tlayout(p, 5, (ulong[]){16, Largesize, 16, Largesize + 16, 16}, v);	/* one list's sizes */
	poolfree(p, v[1]);
	((void**)v[1])[1] = (uchar*)v[0] - 8;
	poolfree(p, v[3]);
}

/* a small block's list link pointed at an allocated block: the allocation that takes it notices */
static void
listlinkalloc(void)
{
	Pool *p;
	void *v[6];
	int i;

	p = fresh(0);
	for(i = 0; i < 6; i++)
		v[i] = poolalloc(p, 100);
	poolfree(p, v[1]);
	poolfree(p, v[3]);	/* the list of 112: v[3], v[1] */
	((void**)v[3])[0] = (uchar*)v[4] - 8;	/* next */
	poolalloc(p, 100);
}

static void
badquantum(void)
{
	Pool *p;

	p = fresh(0);
	p->quantum = 24;
	poolalloc(p, 10);
}

/* a bad configuration is refused before any of it is used, whatever the call */
#if UINTPTR_MAX > 0xFFFFFFFFu
static void badquantumhuge(void) { Pool *p = fresh(0); p->quantum = 1UL<<32; poolalloc(p, 10); }
#else
static void badquantumhuge(void) { Pool *p = fresh(0); p->quantum = 1UL<<30; poolalloc(p, 10); }
#endif
static void badquantumrealloc(void) { Pool *p = fresh(0); p->quantum = 1UL<<31; poolrealloc(p, nil, 5000); }
static void badquantumalign(void) { Pool *p = fresh(0); p->quantum = ~0UL; poolallocalign(p, 100, 64, 0, 0); }
static void badminblock(void) { Pool *p = fresh(0); p->minblock = 1UL<<30; poolalloc(p, 10); }

static uchar oddheap[8192] __attribute__((aligned(16)));

static void*
oddalloc(ulong n)
{
	return n <= sizeof oddheap - 8 ? oddheap + 8 : nil;
}

static void
misalignedarena(void)
{
	Pool *p;

	p = fresh(0);
	p->alloc = oddalloc;
	p->minarena = 4096;
	poolalloc(p, 10);
}

/*
 * Pointers the pool never returned, near an aligned block's: each is
 * refused, however the block was placed (a plain 16-byte block, or a
 * prefix before a wider alignment).
 */
static uchar*
aligned(Pool **pp, ulong align, long off)
{
	uchar *v;

	*pp = fresh(0);
	v = poolallocalign(*pp, 100, align, off, 0);
	check(v != nil);
	poolalloc(*pp, 100);	/* a neighbour: the block is not the arena's last */
	return v;
}

static void alignfree3(void) { Pool *p; uchar *v = aligned(&p, 16, 0); poolfree(p, v + 3); }
static void alignfree3wide(void) { Pool *p; uchar *v = aligned(&p, 64, 5); poolfree(p, v + 3); }
static void alignfreeprefix(void) { Pool *p; uchar *v = aligned(&p, 64, 0); poolfree(p, v - 8); }
static void alignfreeprefix16(void) { Pool *p; uchar *v = aligned(&p, 64, 16); poolfree(p, v - 16); }
static void alignfree8(void) { Pool *p; uchar *v = aligned(&p, 64, 0); poolfree(p, v + 8); }
static void alignrealloc1(void) { Pool *p; uchar *v = aligned(&p, 16, 0); poolrealloc(p, v + 1, 200); }
static void alignrealloc1wide(void) { Pool *p; uchar *v = aligned(&p, 4096, 0); poolrealloc(p, v + 1, 200); }
static void alignmsize2(void) { Pool *p; uchar *v = aligned(&p, 64, 7); poolmsize(p, v + 2); }

/* the pointers it did return still work, after the refusals above are shown to be refusals */
static void
alignexact(void)
{
	Pool *p;
	uchar *v;
	ulong al[] = {16, 32, 64, 48, 100, 4096};
	long off[] = {0, 1, 5, 16, -3, 63};
	int i, j;

	p = fresh(0);
	for(i = 0; i < (int)nelem(al); i++)
		for(j = 0; j < (int)nelem(off); j++){
			v = poolallocalign(p, 40, al[i], off[j], 0);
			check(v != nil);
			checkeq(((uintptr)v - off[j]) % al[i], 0);
			check(poolmsize(p, v) >= 40);
			poolblockcheck(p, v);
			v = poolrealloc(p, v, 41);
			check(v != nil);
			poolfree(p, v);
		}
	tcheckempty(p);
}

/* a damaged word of an aligned block's prefix is found by poolcheck */
static void
alignprefixcheck(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolallocalign(p, 100, 256, 0, 0);
	poolcheck(p);
	v[-12] ^= 1;	/* a filler word, between the records */
	poolcheck(p);
}

/* a double free of an aligned block says so, under any flags */
static void
aligndouble(int flags)
{
	Pool *p;
	uchar *v;

	p = fresh(flags);
	v = poolallocalign(p, 100, 64, 8, 0);
	poolalloc(p, 100);
	poolfree(p, v);
	poolfree(p, v);
}

static void aligndoubleplain(void) { aligndouble(0); }
static void aligndoublenoreuse(void) { aligndouble(POOL_NOREUSE); }
static void aligndoubleantagonism(void) { aligndouble(POOL_ANTAGONISM); }
static void aligndoubleparanoia(void) { aligndouble(POOL_PARANOIA|POOL_ANTAGONISM); }

/* a plain double free under the same flags */
static void
plaindouble(int flags)
{
	Pool *p;
	uchar *v;

	p = fresh(flags);
	v = poolalloc(p, 100);
	poolalloc(p, 100);
	poolfree(p, v);
	poolfree(p, v);
}

static void plaindoublenoreuse(void) { plaindouble(POOL_NOREUSE); }
static void plaindoubleantagonism(void) { plaindouble(POOL_ANTAGONISM); }

/* the peak is the largest curalloc between calls: an aligned block's working space is not */
static void
peakaligned(void)
{
	Pool *p;
	void *v, *w;

	p = tpoolinit(4*MB, 64*1024, 0);
	v = poolallocalign(p, 16, 1<<20, 0, 0);
	check(v != nil);
	check(p->curalloc < 4096);
	checkeq(p->peakalloc, p->curalloc);
	p = tpoolinit(4*MB, 64*1024, 0);
	v = poolalloc(p, 1000);	/* a realloc that moves: old and new are never both live between calls */
	w = poolalloc(p, 16);
	v = poolrealloc(p, v, 3000);
	check(v != nil);
	checkeq(p->peakalloc, p->curalloc);
	USED(w);
}

/* POOL_TOLERANCE: a NUL one past what msize says is still tolerated */
static void
tolerancemsize(void)
{
	Pool *p;
	uchar *v;
	ulong n;

	p = fresh(POOL_TOLERANCE);
	v = poolalloc(p, 24);
	n = poolmsize(p, v);
	check(n >= 24);
	v[n] = 0;
	poolfree(p, v);
	check(tprintedhas("user overflow (one NUL)"));
	tcheckempty(p);
}

/* an impossible alignment says it cannot be placed, not that the size is too large */
static void
alignhuge(void)
{
	Pool *p;
	char err[ERRMAX];

	p = fresh(0);
	check(poolallocalign(p, 16, sizeof(long) == 8 ? ~0UL/2 + 1 : ~0UL - 15, 0, 0) == nil);	/* 2^63, or 4 GiB - 16 with 32-bit longs */
	rerrstr(err, sizeof err);
	check(strstr(err, "cannot place") != nil);
}

/*
 * A damaged byte of an allocated block's size: the size is what is
 * reported, not an overflow, though the slack is then read from the
 * wrong place.
 */
static void
sizebyte(int byte, int x)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 100);
	poolalloc(p, 200);
	memset(v, 'x', 100);
	v[-4 + byte] ^= x;
	poolfree(p, v);
}

static void sizebyte0down(void) { sizebyte(0, 0x20); }
static void sizebyte0up(void) { sizebyte(0, 0x80); }
static void sizebyte1(void) { sizebyte(1, 0x01); }
static void sizebyte1big(void) { sizebyte(1, 0x40); }

/* the same with no slack: 24 bytes fill a 32-byte block */
static void
sizebytetight(void)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 24);
	poolalloc(p, 200);
	memset(v, 'x', 24);
	v[-4] ^= 0x40;
	poolfree(p, v);
}

/* ...while overflows that run into the next header, however far, are overflows */
static void
overflowheader(int k)
{
	Pool *p;
	uchar *v;

	p = fresh(0);
	v = poolalloc(p, 40);	/* a 48-byte block with no slack */
	poolalloc(p, 60);
	memset(v + 40, 'y', k);
	poolfree(p, v);
}

static void overflowheader1(void) { overflowheader(1); }
static void overflowheader8(void) { overflowheader(8); }
static void overflowheader40(void) { overflowheader(40); }

/* placements whose period is long are still made (they used to fail "period too long") */
static void
alignlongperiod(void)
{
	Pool *p;
	uchar *v;
	struct { ulong n, align; long off; ulong span; } c[] = {
		{1, 99991, 5, 64},		/* a 1-byte block never crosses a span */
		{48, 99991, 5, 64},		/* span/gcd steps: 64 */
		{40, 65537*3, 7, 4096},	/* 196611 windows, 4096 steps */
		{100, 1000003, 0, 1<<20},	/* a million windows, 1<<20 steps */
	};
	int i;

	p = tpoolinit(8*MB, 64*1024, 0);
	for(i = 0; i < (int)nelem(c); i++){
		v = poolallocalign(p, c[i].n, c[i].align, c[i].off, c[i].span);
		check(v != nil);
		checkeq(((uintptr)v - c[i].off) % c[i].align, 0);
		checkeq((uintptr)v / c[i].span, ((uintptr)v + c[i].n - 1) / c[i].span);
		poolfree(p, v);
	}
	tcheckempty(p);
}

/*
 * Two arenas side by side that do not merge: the lower one filled to
 * its end, so an overflow of its last block runs over its tail and
 * into the upper arena's header.  Returns the lower arena's last block
 * and, in *other, a block of the upper arena.
 */
static uchar*
twoarenas(Pool *p, ulong *n, void **other)
{
	uchar *v;
	Poolstats s;

	p->merge = nil;
	p->minarena = 4096;
	v = poolalloc(p, 4096 - 40 - 8 - 8 - 8);	/* fills its arena: header, block header, data, tail */
	*other = poolalloc(p, 100);
	poolstats(p, &s);
	checkeq(s.narena, 2);
	check((uchar*)*other > v);
	*n = 4096 - 40 - 8 - 8 - 8;
	return v;
}

/* an overflow past an arena's last block into the next arena's header: reported, never followed */
static void
arenaoverflow(void)
{
	Pool *p;
	uchar *v;
	void *w;
	ulong n;

	p = fresh(0);
	v = twoarenas(p, &n, &w);
	memset(v + n, 0x41, 56);
	poolfree(p, w);
}

/* an arena whose down link leads to itself: the walk is refused, not looped */
static void
arenaloop(void)
{
	Pool *p;
	uchar *v, *top;
	void *w;
	ulong n;

	p = fresh(0);
	v = twoarenas(p, &n, &w);
	top = p->arenalist;
	*(uchar**)(top + 16) = top;	/* Arena.down: after the header and up */
	USED(v);
	poolcheck(p);
}

/* the arena index, damaged: a free outside the largest arena finds a block where an arena should be */
static void
arenaindexbad(void)
{
	Pool *p;
	uchar *v;
	void *w;
	ulong n;

	p = fresh(0);
	v = twoarenas(p, &n, &w);
	USED(v);
	check(p->arena[1] != p->arenabig);	/* w's arena is found by the search */
	p->arena[1] = w;
	poolfree(p, w);
}

/* POOL_ANTAGONISM: fresh blocks and freed blocks hold pool(2)'s marks */
static void
antagonism(void)
{
	Pool *p;
	u32int *v;
	int i;

	p = fresh(POOL_ANTAGONISM);
	v = poolalloc(p, 64);
	for(i = 0; i < 16; i++)
		checkeq(v[i], (u32int)(uintptr)v ^ 0xF9000000);
	poolalloc(p, 16);
	poolfree(p, v);
	for(i = 8; i < 16; i++)	/* past the free-tree links */
		checkeq(v[i], (u32int)(uintptr)v ^ 0xF7000000);
	v = poolrealloc(p, poolalloc(p, 8), 40);
	for(i = 2; i < 10; i++)	/* the bytes realloc added */
		checkeq(v[i], (u32int)(uintptr)v ^ 0xF9000000);
	tcheckacct(p);
}

/* POOL_PARANOIA: corruption is noticed on entry to any call */
static void
paranoia(void)
{
	Pool *p;
	uchar *v;

	p = fresh(POOL_PARANOIA);
	v = poolalloc(p, 10);
	poolalloc(p, 50);
	v[10] = 'x';
	poolalloc(p, 20);	/* an unrelated call */
}

static void
verbosity(void)
{
	Pool *p;
	void *v;

	p = fresh(POOL_VERBOSITY);
	v = poolalloc(p, 100);
	check(tprintedhas("pool test"));
	check(tprintedhas(" arena "));
	check(tprintedhas("alloc 112 data 100"));
	poolfree(p, v);
}

static void
debugging(void)
{
	Pool *p;

	p = fresh(POOL_DEBUGGING);
	poolalloc(p, 100);
	check(tprintedhas("new arena"));
}

static void
logging(void)
{
	Pool *p;
	void *v;
	char want[64];

	p = fresh(POOL_LOGGING);
	v = poolalloc(p, 100);
	seprint(want, want + sizeof want, "poolalloc %#p 100 = %#p\n", p, v);
	check(tprintedhas(want));
	poolfree(p, v);
	seprint(want, want + sizeof want, "poolfree %#p %#p\n", p, v);
	check(tprintedhas(want));
	checkeq(tlogstack, 2);
}

Test poolbadtests[] = {
	{"pool-overflow-1", overflow1, "user overflow"},
	{"pool-overflow-2", overflow2, "user overflow"},
	{"pool-overflow-quantum32", overflowq32, "user overflow"},
	{"pool-overflow-4", overflow4, "user overflow"},
	{"pool-overflow-8", overflow8, "user overflow"},
	{"pool-overflow-64", overflow64, "user overflow"},
	{"pool-overflow-no-slack", overflowtight, "user overflow"},
	{"pool-overflow-realloc", overflowrealloc, "user overflow"},
	{"pool-overflow-blockcheck", overflowcheck, "user overflow"},
	{"pool-tolerance", tolerance},
	{"pool-tolerance-limit", tolerancelimit, "user overflow"},
	{"pool-double-free", doublefree, "double free"},
	{"pool-double-free-merged", doublefreemerged, "double free"},
	{"pool-free-stack", freestack, "not in pool"},
	{"pool-free-middle", freemiddle, "not a block"},
	{"pool-free-misaligned", freemisaligned, "not a block"},
	{"pool-free-other-pool", freeother, "not in pool"},
	{"pool-header-magic", headermagic, "bad block magic"},
	{"pool-header-size", headersize, "bad block size"},
	{"pool-footer-size", footersize, "corrupt tail"},
	{"pool-next-header", nextheader, "bad block magic"},
	{"pool-noreuse", noreuse},
	{"pool-noreuse-write", noreusewrite, "write after free"},
	{"pool-noreuse-double", noreusedouble, "double free"},
	{"pool-realloc-freed", reallocfreed, "realloc of"},
	{"pool-large-link-check", largelinkcheck, "corrupt free tree"},
	{"pool-large-link-alloc", largelinkalloc, "corrupt free tree"},
	{"pool-large-link-join", largelinkjoin, "corrupt free tree"},
	{"pool-large-link-put", largelinkput, "corrupt free tree"},
	{"pool-large-slot-check", largeslotcheck, "corrupt free tree: large list"},
	{"pool-large-slot-join", largeslotjoin, "corrupt free tree"},
	{"pool-big-view-check", bigviewcheck, "the largest arena's bounds"},
	{"pool-list-link-alloc", listlinkalloc, "corrupt free tree"},
	{"pool-bad-quantum", badquantum, "quantum 24 is not a power of two"},
	{"pool-bad-quantum-huge", badquantumhuge, "is not a power of two"},
	{"pool-bad-quantum-realloc", badquantumrealloc, "is not a power of two"},
	{"pool-bad-quantum-align", badquantumalign, "is not a power of two"},
	{"pool-bad-minblock", badminblock, "minblock"},
	{"pool-misaligned-arena", misalignedarena, "misaligned arena"},
	{"pool-align-free-plus3", alignfree3, "not a block"},
	{"pool-align-free-plus3-wide", alignfree3wide, "not a block"},
	{"pool-align-free-prefix", alignfreeprefix, "not a block"},
	{"pool-align-free-prefix16", alignfreeprefix16, "not a block"},
	{"pool-align-free-plus8", alignfree8, "not a block"},
	{"pool-align-realloc-plus1", alignrealloc1, "not a block"},
	{"pool-align-realloc-plus1-wide", alignrealloc1wide, "not a block"},
	{"pool-align-msize-plus2", alignmsize2, "not a block"},
	{"pool-align-exact", alignexact},
	{"pool-align-prefix-check", alignprefixcheck, "corrupt alignment prefix"},
	{"pool-align-double-free", aligndoubleplain, "double free"},
	{"pool-align-double-free-noreuse", aligndoublenoreuse, "double free"},
	{"pool-align-double-free-antagonism", aligndoubleantagonism, "double free"},
	{"pool-align-double-free-paranoia", aligndoubleparanoia, "double free"},
	{"pool-double-free-noreuse", plaindoublenoreuse, "double free"},
	{"pool-double-free-antagonism", plaindoubleantagonism, "double free"},
	{"pool-peak-between-calls", peakaligned},
	{"pool-tolerance-msize", tolerancemsize},
	{"pool-align-huge", alignhuge},
	{"pool-align-long-period", alignlongperiod},
	{"pool-size-byte0-down", sizebyte0down, "bad block size"},
	{"pool-size-byte0-up", sizebyte0up, "bad block size"},
	{"pool-size-byte1", sizebyte1, "bad block size"},
	{"pool-size-byte1-big", sizebyte1big, "bad block size"},
	{"pool-size-byte-no-slack", sizebytetight, "bad block size"},
	{"pool-overflow-header-1", overflowheader1, "user overflow"},
	{"pool-overflow-header-8", overflowheader8, "user overflow"},
	{"pool-overflow-header-40", overflowheader40, "user overflow"},
	{"pool-arena-overflow", arenaoverflow, "corrupt arena"},
	{"pool-arena-loop", arenaloop, "corrupt arena"},
	{"pool-arena-index", arenaindexbad, "corrupt arena"},
	{"pool-antagonism", antagonism},
	{"pool-paranoia", paranoia, "user overflow"},
	{"pool-verbosity", verbosity},
	{"pool-debugging", debugging},
	{"pool-logging", logging},
	{nil},
};
