/*
 * port/page.c: pages with out-of-band state, in the kernel and on the host.
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pool.h"
#include "page.h"
#include "poolio.h"

enum {
	Ps	= 4096,
	Region	= 1<<20,
};

static uchar	region[Region + Ps] __attribute__((aligned(4096)));
static Pagemap	pm;

/* fresh: a map over len bytes at region+off */
static uintptr
fresh(uintptr off, uintptr len)
{
	memset(&pm, 0, sizeof pm);
	pm.name = "test";
	pm.panic = pagepanicto;
	return pageinit(&pm, region + off, len);
}

static int
within(void *v)
{
	return (uchar*)v >= region && (uchar*)v < region + sizeof region;
}

/* every page once, page-aligned, none lost but the bitmaps' one page; all back */
static void
everypage(void)
{
	static void *got[Region / Ps];
	uintptr n, i;

	n = fresh(100, Region);	/* not page-aligned: the partial pages at both ends are not pages */
	checkeq(n, Region / Ps - 2);	/* one partial page lost, one page of bitmaps */
	checkeq(pm.pagesize, Ps);
	for(i = 0; i < n; i++){
		got[i] = pagealloc(&pm);
		check(got[i] != nil && within(got[i]));
		checkeq((uintptr)got[i] % Ps, 0);
		check(got[i] >= (void*)(region + 100) && (uchar*)got[i] + Ps <= region + 100 + Region);
		if(i > 0)
			check(got[i] > got[i-1]);	/* from the bottom up: all distinct */
		memset(got[i], 0xA5, Ps);	/* nothing of the map's lives in a page */
	}
	check(pagealloc(&pm) == nil);
	checkeq(pm.nfree, 0);
	pagecheck(&pm);
	for(i = 0; i < n; i += 2)	/* every other page back, then the rest */
		pagefree(&pm, got[i]);
	pagecheck(&pm);
	for(i = 1; i < n; i += 2)
		pagefree(&pm, got[i]);
	checkeq(pm.nfree, n);
	pagecheck(&pm);
	for(i = 0; i < n; i++)	/* and all of them again */
		check(pagealloc(&pm) != nil);
	check(pagealloc(&pm) == nil);
}

/* 128 MiB would give 2 of 32,768 pages to the bitmaps; 1 MiB gives 1 of 256 */
static void
overhead(void)
{
	checkeq(fresh(0, Region), Region / Ps - 1);
	checkeq(fresh(0, 3 * Ps), 2);
	checkeq(fresh(0, Ps), 0);	/* nothing is left for pages */
	check(pagealloc(&pm) == nil);
	checkeq(fresh(Ps - 1, 2 * Ps), 0);	/* no whole page fits after the rounding */
}

static void
runs(void)
{
	uchar *a, *b, *c, *d, *one;
	uintptr n;

	n = fresh(0, Region);
	one = pagealloc(&pm);	/* single pages come from the bottom, as runs do */
	check(one == region + Ps);
	a = pagerun(&pm, 3, 0, 0);
	check(a == region + 2 * Ps);
	b = pagerun(&pm, 2, 0, 0);
	check(b == a + 3 * Ps);
	c = pagerun(&pm, 2, 16 * Ps, 0);	/* aligned: skips to the next multiple */
	check(c != nil);
	checkeq((uintptr)c % (16 * Ps), 0);
	d = pagerun(&pm, 3, 0, 4 * Ps);	/* must not cross a multiple of 4 pages */
	check(d != nil);
	checkeq((uintptr)d / (4 * Ps), ((uintptr)d + 3 * Ps - 1) / (4 * Ps));
	check(pagerun(&pm, 5, 0, 4 * Ps) == nil);	/* larger than the span */
	check(pagerun(&pm, 1, 3 * Ps, 0) == nil);	/* not a power of two */
	check(pagerun(&pm, n, 0, 0) == nil);		/* no room for that many */
	checkeq(pagebytes(&pm, a), 3 * Ps);
	checkeq(pagebytes(&pm, one), Ps);
	checkeq(pagemerge(&pm, a, c), 0);	/* b between */
	checkeq(pagemerge(&pm, b, a), 0);	/* the wrong way round */
	checkeq(pagemerge(&pm, a, b), 1);
	checkeq(pagebytes(&pm, a), 5 * Ps);
	checkeq(pm.nfree, n - 1 - 3 - 2 - 2 - 3);
	pagecheck(&pm);
	pagefree(&pm, a);	/* both runs back as one */
	pagefree(&pm, c);
	pagefree(&pm, d);
	pagefree(&pm, one);
	checkeq(pm.nfree, n);
	pagecheck(&pm);
	a = pagerun(&pm, n, 0, 0);	/* all of them, as one run */
	check(a == region + Ps);
	check(pagealloc(&pm) == nil);
	pagefree(&pm, a);
	checkeq(pm.nfree, n);
}

static void
reserve(void)
{
	uintptr n, i;
	uchar *v;

	n = fresh(0, Region);
	pagereserve(&pm, region + 10 * Ps + 5, 2 * Ps);	/* touches three pages */
	checkeq(pm.nfree, n - 3);
	for(i = 0; i < n - 3; i++){
		v = pagealloc(&pm);
		check(v != nil);
		check(v < region + 10 * Ps || v >= region + 13 * Ps);
	}
	check(pagealloc(&pm) == nil);
	pagecheck(&pm);
}

static void
doublefree(void)
{
	void *v;

	fresh(0, Region);
	v = pagealloc(&pm);
	pagefree(&pm, v);
	pagefree(&pm, v);
}

static void
freeinside(void)
{
	uchar *v;

	fresh(0, Region);
	v = pagerun(&pm, 4, 0, 0);
	pagefree(&pm, v + 2 * Ps);
}

static void
freemisaligned(void)
{
	uchar *v;

	fresh(0, Region);
	v = pagealloc(&pm);
	pagefree(&pm, v + 16);
}

static void
freeoutside(void)
{
	static uchar other[2 * Ps] __attribute__((aligned(4096)));

	fresh(0, Region);
	pagefree(&pm, other);
}

static void
freereserved(void)
{
	fresh(0, Region);
	pagereserve(&pm, region + 8 * Ps, Ps);
	pagefree(&pm, region + 8 * Ps);
}

static void
reservetaken(void)
{
	fresh(0, Region);
	pagereserve(&pm, pagealloc(&pm), Ps);
}

/* nothing is written into a page, free or handed out: reserving after pageinit keeps what it holds */
static void
untouched(void)
{
	uchar *v;
	uintptr n, i;

	memset(region, 0x5A, sizeof region);
	n = fresh(0, Region);
	for(i = Ps; i < Region; i++)
		if(region[i] != 0x5A)
			testfail(__FILE__, __LINE__, "pageinit wrote at offset %lud", (ulong)i);
	pagereserve(&pm, region + 40 * Ps, 3 * Ps);
	for(i = 0; i < n - 3; i++){
		v = pagealloc(&pm);
		check(v[0] == 0x5A && v[Ps - 1] == 0x5A);
		pagefree(&pm, v);	/* straight back: the next is the same page */
		check(pagealloc(&pm) == v);
	}
	check(pagealloc(&pm) == nil);
	for(i = 40 * Ps; i < 43 * Ps; i++)
		check(region[i] == 0x5A);
}

/* pagehigh: runs from the top down, each just below the last, so they merge; all pages as one; too many */
static void
runshigh(void)
{
	uchar *a, *b, *one;
	uintptr n;

	n = fresh(0, Region);
	one = pagealloc(&pm);	/* from the bottom: out of pagehigh's way */
	a = pagehigh(&pm, 3);
	check(a == region + Region - 3 * Ps);
	b = pagehigh(&pm, 2);
	check(b == a - 2 * Ps);
	checkeq(pagemerge(&pm, b, a), 1);	/* a heap that grows down stays one run */
	checkeq(pagebytes(&pm, b), 5 * Ps);
	check(pagehigh(&pm, 0) == nil);
	check(pagehigh(&pm, n - 5) == nil);	/* one page short: the single page holds it */
	pagefree(&pm, one);
	check(pagehigh(&pm, n - 5) == region + Ps);	/* the rest, as one run */
	checkeq(pm.nfree, 0);
	check(pagehigh(&pm, 1) == nil);
	pagecheck(&pm);
}

/* a summary bit gone wrong: pagecheck notices */
static void
badsummary(void)
{
	fresh(0, Region);
	pm.some[0] = 0;
	pagecheck(&pm);
}

/*
 * gaps: a map of 64-byte pages (so 4 summary words) all taken but for
 * a 1-page gap at 5000, 2 pages at 9000 and 10000, 3 at 15000; returns
 * its first page
 */
static uchar*
gaps(void)
{
	uchar *base;
	uintptr n;

	memset(&pm, 0, sizeof pm);
	pm.name = "test";
	pm.panic = pagepanicto;
	pm.pagesize = 64;
	n = pageinit(&pm, region, Region);
	check(n > 16000);
	base = (uchar*)pm.base;
	pagereserve(&pm, base, 5000*64);
	pagereserve(&pm, base + 5001*64, (9000-5001)*64);
	pagereserve(&pm, base + 9002*64, (10000-9002)*64);
	pagereserve(&pm, base + 10002*64, (15000-10002)*64);
	pagereserve(&pm, base + 15003*64, (n-15003)*64);
	return base;
}

/*
 * runs past long taken stretches, found through the summary: gaps too
 * small for the run asked for are passed over, and words with no free
 * page skipped
 */
static void
runspast(void)
{
	uchar *base;

	base = gaps();
	check(pagerun(&pm, 2, 0, 0) == base + 9000*64);
	check(pagerun(&pm, 2, 0, 0) == base + 10000*64);
	check(pagerun(&pm, 3, 0, 0) == base + 15000*64);
	check(pagerun(&pm, 2, 0, 0) == nil);	/* only page 5000 is left */
	checkeq(pm.nfree, 1);
	pagecheck(&pm);
}

/* pagehigh past taken stretches from the top, as runspast */
static void
runshighpast(void)
{
	uchar *base;

	base = gaps();
	check(pagehigh(&pm, 2) == base + 15001*64);	/* the highest two of the three */
	check(pagehigh(&pm, 2) == base + 10000*64);	/* page 15000 alone is too small */
	check(pagehigh(&pm, 2) == base + 9000*64);
	check(pagehigh(&pm, 2) == nil);
	check(pagehigh(&pm, 1) == base + 15000*64);
	check(pagehigh(&pm, 1) == base + 5000*64);
	checkeq(pm.nfree, 0);
	pagecheck(&pm);
}

Test pagetests[] = {
	{"page-every-page", everypage},
	{"page-overhead", overhead},
	{"page-runs", runs},
	{"page-runs-past-taken", runspast},
	{"page-runs-high", runshigh},
	{"page-runs-high-past-taken", runshighpast},
	{"page-reserve", reserve},
	{"page-double-free", doublefree, "is free (a double free?)"},
	{"page-free-inside-run", freeinside, "is inside a run, not its first page"},
	{"page-free-misaligned", freemisaligned, "is not a page of this map"},
	{"page-free-outside", freeoutside, "is not a page of this map"},
	{"page-free-reserved", freereserved, "is reserved, never handed out"},
	{"page-reserve-taken", reservetaken, "is handed out"},
	{"page-untouched", untouched},
	{"page-check-summary", badsummary, "is wrong"},
	{nil},
};
