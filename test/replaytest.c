/*
 * The replay behind make bench, on a short trace (boot argument
 * benchsmoke, under -icount shift=0): each allocator replays it
 * without damage or failure, twice, to the same instruction.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "test.h"
#include "xalloc.h"
#include "alloc.h"
#include "replay.h"

static Bresult	r1, r2;

static void
twice(char *name)
{
	Balloc *a;
	int i;

	a = benchalloc(name);
	check(a != nil);
	if(benchsetup() < 0)
		testfail(__FILE__, __LINE__, "%r");
	checkeq(benchrun(a, 0, &r1, 1), 0);
	checkeq(r1.corrupt, 0);
	checkeq(r1.misaligned, 0);
	checkeq(r1.fails, 0);
	checkeq(r1.events, trace->nevent);
	check(r1.op[Opalloc].n > 0 && r1.op[Opfree].n > 0);
	check(r1.total > r1.events);
	checkeq(benchrun(a, 0, &r2, 1), 0);
	checkeq(r2.total, r1.total);
	for(i = 0; i < Nop; i++){
		checkeq(r2.op[i].sum, r1.op[i].sum);
		checkeq(r2.op[i].max, r1.op[i].max);
	}
	print("bench-smoke: %s: %llud events, %llud instructions, the same twice\n", name, r1.events, r1.total);
}

static void	smokepool(void) { twice("pool"); }
static void	smokebump(void) { twice("bump"); }
static void	smokefirstfit(void) { twice("firstfit"); }

/* an allocator that hands every caller the same block: the patterns must show it */
static uchar	shared[1<<20] __attribute__((aligned(16)));
static int	badinit(uintptr l) { USED(l); return 0; }
static void*	badalloc(ulong n) { return n <= sizeof shared ? shared : nil; }
static void	badfree(void *v) { USED(v); }
static void*	badrealloc(void *v, ulong n) { USED(v); return badalloc(n); }
static void*	badalign(ulong a, ulong n) { USED(a); return badalloc(n); }
static uintptr	badfootprint(void) { return sizeof shared; }
static void	badfini(void) { }

static Balloc overlapping = {
	"overlapping", badinit, badalloc, badfree, badrealloc, badalign, badfootprint, badfini,
};

static void
smokecatches(void)
{
	if(benchsetup() < 0)
		testfail(__FILE__, __LINE__, "%r");
	checkeq(benchrun(&overlapping, 0, &r1, 0), -1);
	check(r1.corrupt > 0);
}

/* a heap too small must fail the run, not corrupt it */
static void
smokelimit(void)
{
	checkeq(benchrun(benchalloc("pool"), trace->peaklive / 2, &r1, 0), -1);
	checkeq(r1.fails, 1);
	checkeq(r1.corrupt, 0);
}

Test replaytests[] = {
	{"bench-smoke-pool", smokepool},
	{"bench-smoke-bump", smokebump},
	{"bench-smoke-firstfit", smokefirstfit},
	{"bench-smoke-catches-overlap", smokecatches},
	{"bench-smoke-heap-limit", smokelimit},
	{nil},
};
