/*
 * libFuzzer target: the input is a program of pool calls, run against
 * a shadow model of every live block.  Any divergence aborts: contents
 * changed, two live blocks overlapping, alignment or span broken,
 * counters off, a pool panic (only legal calls are made), or a nil
 * when the model says the call could be met (no arena was refused and
 * the pool was not at maxsize).
 *	clang -fsanitize=fuzzer,address,undefined (make fuzz)
 */
#include "u.h"
#include "lib.h"
#include "pool.h"
#include "alignref.h"
#include "poolio.h"

#include <stdio.h>
#include <stdlib.h>

enum {
	Nslot		= 64,
	Heap		= 64<<20,
	Maxsize		= 48<<20,
	Checkevery	= 1024,	/* calls between full checks (and one at the end of every input) */
};

typedef struct Blk Blk;
struct Blk {
	uchar	*p;
	ulong	n;
	uchar	seed;
	int	aligned;	/* poolcompact leaves it where it is */
};

static Pool	pool;
static Blk	blk[Nslot];
static uchar	*heap;
static uintptr	heapused, heaplow;	/* arenas up from the bottom to heapused, or down from the top to heaplow */
static int	narena, refuse, refused, gap, down;
static uvlong	nops;

#define diverge(...)	panic(__VA_ARGS__)

/* arenas: a bump over one buffer, up or (as xalloc's) down, sometimes with gaps, sometimes refused */
static void*
falloc(ulong n)
{
	uchar *v;

	if(refuse > 0){
		refuse--;
		refused = 1;
		werrstr("fuzz: arena refused");
		return nil;
	}
	if(!down)
		heapused = (heapused + gap + 15) & ~(uintptr)15;
	if(n + (down ? gap + 15 : 0) > heaplow - heapused){
		refused = 1;
		werrstr("fuzz: heap exhausted");
		return nil;
	}
	if(down){
		heaplow = (heaplow - n - gap) & ~(uintptr)15;
		v = heap + heaplow;
	}else{
		v = heap + heapused;
		heapused += n;
	}
	narena++;
	return v;
}

static int
fmerge(void *a, void *b)
{
	USED(a);
	USED(b);
	if(gap != 0)
		return 0;	/* arenas are laid end to end exactly when there is no gap */
	narena--;
	return 1;
}

static void
ffree(void *v, ulong n)
{
	USED(v);
	USED(n);
	if(--narena == 0){
		heapused = 0;
		heaplow = Heap;
	}
}

static void
fmove(void *from, void *to)
{
	int i;

	for(i = 0; i < Nslot; i++)
		if(blk[i].p == from){
			if(blk[i].aligned)
				diverge("compaction moved an aligned block %p", from);
			blk[i].p = to;
			return;
		}
	diverge("move of %p, which is no live block", from);
}

/*
 * The pattern: every byte of a block up to 512 bytes; beyond that the
 * first and last 256 bytes and every 61st byte between (whole-block
 * fills under ASan would cost more than the pool calls they check).
 */
static ulong
nextbyte(ulong i, ulong n)
{
	if(n <= 512 || i < 256 || i + 256 >= n)
		return i + 1;
	if(i + 61 + 256 >= n)
		return n - 256;
	return i + 61;
}

static void
fill(Blk *b)
{
	ulong i;

	for(i = 0; i < b->n; i = nextbyte(i, b->n))
		b->p[i] = b->seed + i;
}

static void
verify(Blk *b)
{
	ulong i;

	for(i = 0; i < b->n; i = nextbyte(i, b->n))
		if(b->p[i] != (uchar)(b->seed + i))
			diverge("block %p byte %lud changed", b->p, i);
}

/* newblock: checks on a block the pool just handed out */
static void
newblock(Blk *b, uchar *v, ulong n, uchar seed)
{
	int i;

	for(i = 0; i < Nslot; i++)
		if(blk[i].p != nil && &blk[i] != b && v < blk[i].p + blk[i].n + (blk[i].n == 0) && blk[i].p < v + n + (n == 0))
			diverge("%p+%lud overlaps live %p+%lud", v, n, blk[i].p, blk[i].n);
	if(!poolisoverlap(&pool, v, n + 1))
		diverge("%p is not in the pool's arenas", v);
	b->p = v;
	b->n = n;
	b->seed = seed;
	fill(b);
}

/* failed: a nil is legal only when an arena was refused, the pool is full, or the request is impossible */
static void
failed(char *what, ulong n)
{
	char err[ERRMAX];

	rerrstr(err, sizeof err);
	if(refused || strcmp(err, "memory pool too large") == 0 || strstr(err, "cannot place") != nil
	|| strstr(err, "cannot fit") != nil || strstr(err, "too large") != nil)
		return;
	diverge("%s of %lud failed though it could be met: %s", what, n, err);
}

static void
fullcheck(void)
{
	Poolstats s;
	uintptr live;
	int i;

	poolcheck(&pool);
	poolstats(&pool, &s);
	if(s.curalloc != pool.curalloc || s.curfree != pool.curfree || s.cursize != pool.cursize)
		diverge("accounting: stats %lud %lud %lud, counters %lud %lud %lud",
			(ulong)s.curalloc, (ulong)s.curfree, (ulong)s.cursize,
			(ulong)pool.curalloc, (ulong)pool.curfree, (ulong)pool.cursize);
	if(s.curalloc + s.curfree + 48*s.narena != s.cursize)
		diverge("accounting: blocks and arenas do not add up to the pool");
	live = 0;
	for(i = 0; i < Nslot; i++)
		if(blk[i].p != nil){
			verify(&blk[i]);
			live += blk[i].n;
		}
	if(live > pool.curalloc)
		diverge("accounting: %lud live bytes but curalloc %lud", (ulong)live, (ulong)pool.curalloc);
}

static void
reset(void)
{
	poolreset(&pool);
	memset(blk, 0, sizeof blk);
	if(narena != 0)
		diverge("poolreset left %d arenas", narena);
	heapused = 0;
	heaplow = Heap;
}

static void
setup(void)
{
	memset(&pool, 0, sizeof pool);
	pool.name = "fuzz";
	pool.layout = POOL_LAYOUT;
	pool.errstr = poolerrstr;
	pool.maxsize = Maxsize;
	pool.minarena = 64UL << POOL_LOG2NSMALL;	/* 4 of the largest list blocks: arenas' free space is tree-sized */
	pool.quantum = 16;
	pool.alloc = falloc;
	pool.merge = fmerge;
	pool.free = ffree;
	pool.move = fmove;
	pool.print = poolnoprint;
	pool.panic = poolpanicto;	/* only legal calls are made: any panic is a finding */
	heapused = 0;
	heaplow = Heap;
	narena = 0;
}

/* a byte stream with zeros past its end */
typedef struct In In;
struct In {
	const uchar	*p, *e;
};

static uint
get(In *in)
{
	return in->p < in->e ? *in->p++ : 0;
}

static ulong
getsize(In *in)
{
	uint a, b;

	a = get(in);
	b = get(in);
	if(a < 0xC0)
		return b & 127;			/* small: most calls */
	if(a < 0xF8)
		return (a & 31) << 8 | b;	/* up to 8 KiB */
	return ((a & 7) << 8 | b) << (POOL_LOG2NSMALL - 4);	/* up to 8 list-block sizes, now and then: tree blocks */
}

static ulong aligns[] = {0, 1, 2, 3, 8, 16, 24, 32, 64, 100, 256, 4096, 65536};
static ulong spans[] = {0, 0, 64, 100, 4096, 1<<20};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	USED(argc);
	USED(argv);
	heap = aligned_alloc(4096, Heap);
	return heap == nil;
}

static void
report(void)
{
	fprintf(stderr, "poolfuzz: %llu pool operations\n", (unsigned long long)nops);
}

int
LLVMFuzzerTestOneInput(const uchar *data, size_t size)
{
	static int once;
	In in;
	Blk *b;
	uchar *v;
	ulong n, align, span, m, k;
	long off;
	uint op;
	int i, calls;

	if(!once){
		once = 1;
		atexit(report);
	}
	setup();
	memset(blk, 0, sizeof blk);
	in.p = data;
	in.e = data + size;
	op = get(&in);
	gap = (op & 3) == 3 ? 32 : 0;
	pool.phase = op & 4 ? 8 : 0;	/* pointers 8 past a 16-byte boundary, arenas padded */
	down = (op & 8) != 0;	/* arenas from the top down */
	for(calls = 1; in.p < in.e; calls++){
		op = get(&in);
		b = &blk[get(&in) % Nslot];
		refused = 0;
		nops++;
		switch(op % 16){
		case 0: case 1: case 2: case 3: case 4:	/* alloc, into an empty slot */
			if(b->p != nil){
				verify(b);
				poolfree(&pool, b->p);
				b->p = nil;
			}
			n = getsize(&in);
			if((v = poolalloc(&pool, n)) == nil){
				failed("alloc", n);
				break;
			}
			if((uintptr)v % 16 != pool.phase)
				diverge("alloc %lud: %p not %lud mod 16", n, v, pool.phase);
			newblock(b, v, n, op);
			b->aligned = 0;
			break;
		case 5: case 6: case 7:
			if(b->p == nil)
				break;
			verify(b);
			poolfree(&pool, b->p);
			b->p = nil;
			break;
		case 8: case 9:
			n = getsize(&in);
			if(b->p != nil)
				verify(b);
			v = poolrealloc(&pool, b->p, n);
			if(v == nil && n != 0 && b->p == nil){
				failed("realloc(nil)", n);
				break;
			}
			if(v == nil && n != 0){
				failed("realloc", n);
				verify(b);	/* untouched */
				break;
			}
			if(v == nil){
				b->p = nil;
				break;
			}
			if(b->p != nil){
				m = b->n < n ? b->n : n;
				for(k = 0; k < m; k = nextbyte(k, b->n))
					if(v[k] != (uchar)(b->seed + k))
						diverge("realloc lost byte %lud", k);
			}
			b->p = nil;
			newblock(b, v, n, op);
			b->aligned = 0;
			break;
		case 10:
			if(b->p != nil){
				verify(b);
				poolfree(&pool, b->p);
				b->p = nil;
			}
			n = getsize(&in);
			align = get(&in);
			align = align < 200 ? aligns[align % nelem(aligns)] : align;
			off = (signed char)get(&in);
			span = get(&in);
			span = span < 200 ? spans[span % nelem(spans)] : span;
			m = align ? refoffset(off, align) : 0;
			v = poolallocalign(&pool, n, align, off, span);
			if(v == nil){
				if(refpossible(n, align, m, span))
					failed("allocalign", n);
				break;
			}
			if(align && (uintptr)v % align != m)
				diverge("allocalign: %p not %lud mod %lud", v, m, align);
			if(span && n && (uintptr)v / span != ((uintptr)v + n - 1) / span)
				diverge("allocalign: %p+%lud crosses a multiple of %lud", v, n, span);
			newblock(b, v, n, op);
			b->aligned = align != 0 || (span != 0 && n != 0);	/* else a plain block, free to move */
			break;
		case 11:
			if(b->p == nil)
				break;
			m = poolmsize(&pool, b->p);
			if(m < b->n)
				diverge("msize %lud below the %lud asked for", m, b->n);
			b->n = m;
			fill(b);
			break;
		case 12:
			poolcompact(&pool);
			break;
		case 13:
			fullcheck();
			break;
		case 14:
			if((op >> 4) == 0)
				reset();
			break;
		case 15:
			refuse = op >> 4;	/* the next few arena requests fail */
			break;
		}
		if(calls % Checkevery == 0)
			fullcheck();
	}
	fullcheck();
	for(i = 0; i < Nslot; i++)
		if(blk[i].p != nil){
			poolfree(&pool, blk[i].p);
			blk[i].p = nil;
		}
	poolcheck(&pool);
	if(pool.curalloc != 0 || pool.curfree + 48*(uintptr)narena != pool.cursize)
		diverge("emptied pool: curalloc %lud curfree %lud cursize %lud arenas %d",
			(ulong)pool.curalloc, (ulong)pool.curfree, (ulong)pool.cursize, narena);
	reset();
	return 0;
}
