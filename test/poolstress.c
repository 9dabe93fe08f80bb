/*
 * Random operations against a shadow model of every live block, and a
 * sweep of poolallocalign over align x offset x span x size.
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pooltest.h"
#include "alignref.h"

enum {
	NSLOT	= 512,
	NOPS	= 20000,
	BATCH	= 250,	/* operations between full checks */
};

typedef struct Slot Slot;
struct Slot {
	uchar	*p;
	ulong	n;
	int	seed;
};

static Slot	slots[NSLOT];
static int	nmoved;

static void
smove(void *from, void *to)
{
	int i;

	for(i = 0; i < NSLOT; i++)
		if(slots[i].p == from){
			slots[i].p = to;
			nmoved++;
			return;
		}
	testfail(__FILE__, __LINE__, "move of %p, which no slot holds", from);
}

static ulong
randsize(uvlong *r, int large)
{
	uvlong x;

	x = testrand(r);
	if(!large){
		if(x % 8 != 0)
			return x>>8 & 255;		/* mostly small */
		return x>>8 & 4095;
	}
	if(x % 4 != 0)
		return x>>8 & 16383;
	return x>>8 & ((1<<18) - 1);			/* up to 256 KiB */
}

static int
crossesspan(uchar *v, ulong n, ulong span)
{
	return span != 0 && n != 0 && (uintptr)v / span != ((uintptr)v + n - 1) / span;
}

/*
 * stress: NOPS random calls.  A nil is allowed only when mayfail, and
 * then only as "memory pool too large", and it must change nothing.
 */
static void
stress(uvlong seed, int large, ulong maxsize, ulong minarena, ulong quantum, int mayfail)
{
	Pool *p;
	Slot *s;
	uvlong r;
	uchar *v;
	ulong n, k, align, span, m;
	long off;
	int op, i, fails;
	uintptr alloc;
	char err[ERRMAX];
	static ulong aligns[] = {8, 16, 32, 64, 256, 4096, 24, 100};

	r = seed;
	p = tpoolinit(maxsize, minarena, 0);
	p->quantum = quantum;
	p->move = smove;
	if(seed & 1)
		tgap = 32;	/* arenas apart as well as merged */
	memset(slots, 0, sizeof slots);
	fails = 0;
	for(op = 1; op <= NOPS; op++){
		s = &slots[testrand(&r) % NSLOT];
		k = testrand(&r) % 100;
		alloc = p->curalloc;
		if(s->p == nil){
			n = randsize(&r, large);
			align = span = 0;
			off = 0;
			if(k < 70)
				v = poolalloc(p, n);
			else if(k < 85){
				align = aligns[testrand(&r) % nelem(aligns)];
				off = (long)(testrand(&r) % 64) - 32;
				span = (testrand(&r) & 1) ? 0 : n + (testrand(&r) % 8192);
				v = poolallocalign(p, n, align, off, span);
			}else
				v = poolrealloc(p, nil, n);
			if(v == nil){
				rerrstr(err, sizeof err);
				if(align != 0 && !refpossible(n, align, refoffset(off, align), span)){
					check(strstr(err, "cannot place") != nil);
					continue;
				}
				if(!mayfail)
					testfail(__FILE__, __LINE__, "op %d: alloc %lud failed: %s", op, n, err);
				checkstr(err, "memory pool too large");
				checkeq(p->curalloc, alloc);
				fails++;
				continue;
			}
			if(align == 0)
				checkeq((uintptr)v % 16, 0);
			else{
				m = refoffset(off, align);
				checkeq((uintptr)v % align, m);
			}
			check(!crossesspan(v, n, span));
			s->p = v;
			s->n = n;
			s->seed = op;
			tfill(v, n, op);
		}else{
			if(!tverify(s->p, s->n, s->seed))
				testfail(__FILE__, __LINE__, "op %d: contents of %p (%lud bytes) changed", op, s->p, s->n);
			if(k < 50){
				poolfree(p, s->p);
				s->p = nil;
			}else if(k < 80){
				n = randsize(&r, large);
				v = poolrealloc(p, s->p, n);
				if(v == nil && n != 0){
					rerrstr(err, sizeof err);
					if(!mayfail)
						testfail(__FILE__, __LINE__, "op %d: realloc %lud failed: %s", op, n, err);
					checkstr(err, "memory pool too large");
					checkeq(p->curalloc, alloc);
					check(tverify(s->p, s->n, s->seed));
					fails++;
					continue;
				}
				if(n == 0){
					check(v == nil);
					s->p = nil;
					continue;
				}
				checkeq((uintptr)v % 16 == 0 || v == s->p, 1);
				if(!tverify(v, s->n < n ? s->n : n, s->seed))
					testfail(__FILE__, __LINE__, "op %d: realloc lost contents", op);
				s->p = v;
				s->n = n;
				s->seed = op;
				tfill(v, n, op);
			}else if(k < 90){
				m = poolmsize(p, s->p);
				check(m >= s->n);
				s->n = m;
				tfill(s->p, m, s->seed);
			}else if(k < 99)
				poolblockcheck(p, s->p);
			else{
				nmoved = 0;
				poolcompact(p);
			}
		}
		if(op % BATCH == 0)
			tcheckacct(p);
	}
	tcheckacct(p);
	if(mayfail == 2)
		check(fails > 0);	/* the failure path really was exercised */
	for(i = 0; i < NSLOT; i++)
		if(slots[i].p != nil){
			check(tverify(slots[i].p, slots[i].n, slots[i].seed));
			poolfree(p, slots[i].p);
		}
	tcheckempty(p);
}

static void stresssmall(void) { stress(1, 0, 12<<20, 64<<10, 16, 0); }
static void stresssmallarenas(void) { stress(2, 0, 12<<20, 4<<10, 16, 0); }
static void stresslarge(void) { stress(3, 1, 12<<20, 64<<10, 16, 1); }
static void stresstight(void) { stress(5, 1, 1<<20, 16<<10, 16, 2); }
static void stressquantum(void) { stress(7, 0, 12<<20, 32<<10, 64, 0); }
static void stressquantum32(void) { stress(8, 0, 12<<20, 32<<10, 32, 0); }	/* its own fast path */

static void
alignsweep(void)
{
	static ulong aligns[] = {0, 1, 2, 3, 8, 16, 24, 32, 48, 64, 100, 128, 1000, 4096, 65536};
	static long offsets[] = {0, 1, -1, 5, -8, 100, -1000, 4097};
	static ulong spans[] = {0, 32, 100, 4096, 65536, 1};	/* 1: just larger than the block */
	static ulong sizes[] = {0, 1, 7, 16, 31, 100, 1000, 5000};
	Pool *p;
	uint ia, io, is, in;
	ulong n, align, span, m, tries, nils;
	long off;
	uchar *v, *w;
	char err[ERRMAX];

	p = tpoolinit(12<<20, 64<<10, 0);
	tries = nils = 0;
	for(ia = 0; ia < nelem(aligns); ia++)
	for(io = 0; io < nelem(offsets); io++)
	for(is = 0; is < nelem(spans); is++)
	for(in = 0; in < nelem(sizes); in++){
		align = aligns[ia];
		off = offsets[io];
		n = sizes[in];
		span = spans[is] == 1 ? n + 1 : spans[is];
		m = align ? refoffset(off, align) : 0;
		tries++;
		werrstr("");
		v = poolallocalign(p, n, align, off, span);
		if(v == nil){
			rerrstr(err, sizeof err);
			check(err[0] != 0);
			/* possible only with more room than the pool has (align 4096, span 5001: megabytes) */
			if(refpossible(n, align, m, span) && strcmp(err, "memory pool too large") == 0 && span % (align ? align : 1) != 0)
				continue;
			if(refpossible(n, align, m, span))
				testfail(__FILE__, __LINE__, "n %lud align %lud off %ld span %lud: nil (%s) but possible",
					n, align, off, span, err);
			nils++;
			continue;
		}
		if(!refpossible(n, align, m, span))
			testfail(__FILE__, __LINE__, "n %lud align %lud off %ld span %lud: impossible, yet %p", n, align, off, span, v);
		if(align)
			checkeq((uintptr)v % align, m);
		check(!crossesspan(v, n, span));
		check(poolmsize(p, v) >= n);
		tfill(v, n, n);
		poolblockcheck(p, v);
		if(in % 2){
			w = poolrealloc(p, v, n + 10);
			check(w != nil && tverify(w, n, n));
			v = w;
		}
		poolfree(p, v);
	}
	check(nils > 0 && nils < tries);
	tcheckempty(p);
}

Test poolstresstests[] = {
	{"pool-stress-small", stresssmall},
	{"pool-stress-small-arenas", stresssmallarenas},
	{"pool-stress-large", stresslarge},
	{"pool-stress-maxsize", stresstight},
	{"pool-stress-quantum64", stressquantum},
	{"pool-stress-quantum32", stressquantum32},
	{"pool-align-sweep", alignsweep},
	{nil},
};
