/*
 * The kernel around the pool: xalloc, locks, the malloc family, and
 * every hart hammering the main pool at once.  Kernel only.
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "riscv.h"
#include "test.h"
#include "xalloc.h"
#include "alloc.h"
#include "poolio.h"

extern Fdtinfo	fdtinfo;
extern Xalloc	xboot;
extern char	_entry[], end[];

/* pages of [lo, lo+n) within the heap's */
static uintptr
heappages(Xalloc *x, uintptr lo, uintptr n)
{
	uintptr hi, top;

	top = x->map.base + x->map.npage * BY2PG;
	hi = (lo + n + BY2PG - 1) & ~(uintptr)(BY2PG - 1);
	lo &= ~(uintptr)(BY2PG - 1);
	if(lo < x->map.base)
		lo = x->map.base;
	if(hi > top)
		hi = top;
	return hi > lo ? (hi - lo) / BY2PG : 0;
}

/* the heap boot made: all of RAM above the firmware's own, the image and the device tree reserved */
static void
xheap(void)
{
	Xalloc *x;
	uintptr top, kept;
	int i;

	x = &xboot;
	top = fdtinfo.membase + fdtinfo.memsize;
	checkeq(x->map.base % BY2PG, 0);
	check(x->map.base < (uintptr)_entry);	/* OpenSBI says what it keeps: the RAM below the image is ours */
	checkeq(x->map.base + x->map.npage * BY2PG, top);
	kept = heappages(x, (uintptr)_entry, end - _entry) + heappages(x, fdtinfo.base, fdtinfo.size);
	for(i = 0; i < fdtinfo.nresv; i++)
		kept += heappages(x, fdtinfo.resvbase[i], fdtinfo.resvsize[i]);
	checkeq(x->total, (x->map.npage - kept) * BY2PG);
	checkeq(xfreebytes(x), x->total);	/* nothing taken before init */
	check(x->total + (end - _entry) + fdtinfo.size + (1<<20) >= fdtinfo.memsize);	/* the firmware keeps under 1 MiB */
}

/* every free page of the kernel's heap can be had, one at a time, and given back */
static void
xpages(void)
{
	uintptr n, want;
	void **held, *v;

	want = xfreebytes(&xlist) / BY2PG;
	held = nil;
	for(n = 0; (v = xallocpage()) != nil; n++){
		checkeq((uintptr)v % BY2PG, 0);
		*(void***)v = held;
		held = v;
	}
	checkeq(n, want);
	checkeq(xfreebytes(&xlist), 0);
	while((v = held) != nil){
		held = *(void***)v;
		xfree(v);
	}
	checkeq(xfreebytes(&xlist), want * BY2PG);
}

static uchar	xregion[256*1024] __attribute__((aligned(4096)));
static Xalloc	xt;

static void
xops(void)
{
	uchar *a, *b, *c;
	uintptr all;
	char err[ERRMAX];

	xinitl(&xt, (uintptr)xregion, (uintptr)xregion + sizeof xregion);
	all = xfreebytes(&xt);
	checkeq(all, sizeof xregion - BY2PG);	/* a page for the bitmaps */
	a = xspanallocl(&xt, 1000, 16, 0);
	b = xspanallocl(&xt, 1000, 16, 0);
	c = xspanallocl(&xt, 5, 16, 0);
	check(a != nil && b != nil && c != nil);
	checkeq((uintptr)a % BY2PG, 0);
	checkeq(b - a, BY2PG);	/* a page each, from the bottom up */
	checkeq(c - b, BY2PG);
	checkeq(xsizel(&xt, a), BY2PG);
	checkeq(xfreebytes(&xt), all - 3 * BY2PG);
	xfreel(&xt, b);
	xfreel(&xt, a);
	xfreel(&xt, c);
	checkeq(xfreebytes(&xt), all);
	check(xspanallocl(&xt, sizeof xregion, 16, 0) == nil);	/* the bitmaps' page is not there */
	rerrstr(err, sizeof err);
	check(strstr(err, "no run of free pages") != nil);
	check(xspanallocl(&xt, 0, 16, 0) == nil);
	a = xspanallocl(&xt, all, 16, 0);	/* exactly all of it */
	check(a != nil);
	checkeq(xfreebytes(&xt), 0);
	check(xspanallocl(&xt, 1, 16, 0) == nil);
	check(xallocpagel(&xt) == nil);
	xfreel(&xt, a);
	checkeq(xfreebytes(&xt), all);
}

static void
xspan(void)
{
	uchar *v[8];
	int i;

	xinitl(&xt, (uintptr)xregion, (uintptr)xregion + sizeof xregion);
	xspanallocl(&xt, 100, 16, 0);	/* so nothing below starts aligned by luck */
	for(i = 0; i < 8; i++){
		v[i] = xspanallocl(&xt, 6000, 8192, 8192);
		check(v[i] != nil);
		checkeq((uintptr)v[i] % 8192, 0);
		checkeq(xsizel(&xt, v[i]), 2 * BY2PG);
	}
	check(xspanallocl(&xt, 5000, 16, 4096) == nil);	/* larger than the span */
	check(xspanallocl(&xt, 10, 24, 0) == nil);		/* not a power of two */
	for(i = 0; i < 8; i++)
		xfreel(&xt, v[i]);
}

static void
xmerges(void)
{
	uchar *a, *b, *c;

	xinitl(&xt, (uintptr)xregion, (uintptr)xregion + sizeof xregion);
	a = xspanallocl(&xt, 8192, 16, 0);	/* runs come from the bottom up */
	b = xspanallocl(&xt, 8192, 16, 0);
	c = xspanallocl(&xt, 5000, 16, 0);
	checkeq(b - a, 2 * BY2PG);
	checkeq(xmergel(&xt, a, c), 0);	/* b between */
	checkeq(xmergel(&xt, b, a), 0);	/* the wrong way round */
	checkeq(xmergel(&xt, a, b), 1);
	checkeq(xsizel(&xt, a), 4 * BY2PG);
	checkeq(xmergel(&xt, a, c), 1);	/* now a ends where c starts */
	xfreel(&xt, a);	/* all three go back as one */
	checkeq(xfreebytes(&xt), sizeof xregion - BY2PG);
}

/* arenas come from the top down, each just below the last, so a pool's arenas merge as it grows; other runs from the bottom */
static void
xarenas(void)
{
	uchar *a, *b, *r;

	xinitl(&xt, (uintptr)xregion, (uintptr)xregion + sizeof xregion);
	a = xarenal(&xt, 10000);
	check(a == xregion + sizeof xregion - 3 * BY2PG);
	r = xspanallocl(&xt, 8192, 16, 0);
	check(r == xregion + BY2PG);	/* past the bitmaps' page */
	b = xarenal(&xt, 4096);
	check(b == a - BY2PG);
	checkeq(xmergel(&xt, b, a), 1);
	checkeq(xsizel(&xt, b), 4 * BY2PG);
	check(xarenal(&xt, sizeof xregion) == nil);
	check(xarenal(&xt, 0) == nil);
	xfreel(&xt, b);
	xfreel(&xt, r);
	checkeq(xfreebytes(&xt), sizeof xregion - BY2PG);
}

/* a wrong free of the kernel's heap: a clear panic, the lock let go */
static void
xdoublefree(void)
{
	void *v;

	v = xallocpage();
	xfree(v);
	xfree(v);
}

/* the kernel's pools take their arenas from xalloc, merged */
static void
xmainpool(void)
{
	Poolstats s;
	void *v;

	v = malloc(1<<20);
	check(v != nil);
	check(poolisoverlap(mainmem, v, 1));
	poolstats(mainmem, &s);
	check(s.narena <= 2);
	free(v);
	check(xfreebytes(&xlist) < xfreebytes(&xboot));
	check(mainmem->maxsize == xfreebytes(&xboot));
}

/* the main pool's arenas come from the top and the secrets' from the bottom: both growing by turns, the main pool's still merge */
static void
poolsapart(void)
{
	void *m[4], *s[4];
	Poolstats st;
	ulong n;
	int i;

	poolstats(mainmem, &st);
	n = st.narena;
	for(i = 0; i < 4; i++){
		poolstats(mainmem, &st);
		m[i] = malloc(st.maxfree + 4096);	/* more than any free block: the pool grows */
		s[i] = secalloc(64*1024);	/* more than a secret arena holds: so does that pool */
		check(m[i] != nil && s[i] != nil);
	}
	poolstats(mainmem, &st);
	checkeq(st.narena, n);
	for(i = 0; i < 4; i++){
		free(m[i]);
		secfree(s[i]);
	}
}

enum {
	Nincr = 200000,
};

static Lock	countlock;
static long	counter;
static volatile long vcounter;

static void
incrlocked(void)
{
	int i;

	for(i = 0; i < Nincr; i++){
		lock(&countlock);
		counter++;
		unlock(&countlock);
	}
}

static void
incrunlocked(void)
{
	int i;

	for(i = 0; i < Nincr; i++)
		vcounter = vcounter + 1;
}

/*
 * every hart at once: with the lock nothing is lost.  The same run
 * without the lock is printed, not judged: whether the harts overlap
 * is up to the host's scheduler, and a busy host may run them one
 * after another, which the locked count must survive too.
 */
static void
lockcounter(void)
{
	int n;

	lockspinlimit = LOCKSPINDEFAULT;
	counter = 0;
	n = smprun(incrlocked);
	check(n >= 2);
	checkeq(counter, (long)n * Nincr);
	vcounter = 0;
	smprun(incrunlocked);
	print("lock-counter: %d harts x %d: %ld with the lock, %ld without (%s)\n", n, Nincr, counter, vcounter,
		vcounter < (long)n * Nincr ? "the harts overlapped" : "no overlap seen this run");
}

static void
ilocknest(void)
{
	Lock a, b;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	splx(1);	/* enabled, though no source is: sie is 0 */
	check(islo());
	ilock(&a);
	check(!islo());
	ilock(&b);
	iunlock(&b);
	check(!islo());	/* the inner iunlock leaves them off */
	iunlock(&a);
	check(islo());	/* the outermost restores */
	splhi();
	ilock(&a);
	iunlock(&a);
	check(!islo());	/* restored to off, as found */
	check(canlock(&a));
	check(!canlock(&a));
	unlock(&a);
}

/* ilock twice on one hart: a panic naming both pcs, not a hang */
static Lock	ir;
static int	irdepth;

static void
irelock(void)
{
	memset(&ir, 0, sizeof ir);
	irdepth = m()->ilockdepth;
	ilock(&ir);
	ilock(&ir);
}

/* what that panic left: the lock still this hart's, both ilocks counted; put it right */
static void
irelockstate(void)
{
	check(holding(&ir));
	check(ir.pc != 0);
	checkeq(m()->ilockdepth, irdepth + 2);
	m()->ilockdepth = irdepth + 1;
	iunlock(&ir);
	checkeq(m()->ilockdepth, irdepth);
	check(!holding(&ir));
}

/* iunlock of a lock this hart does not hold, or with no ilock held */
static void
iunlockunheld(void)
{
	Lock l;

	memset(&l, 0, sizeof l);
	iunlock(&l);
}

static void
iunlockother(void)
{
	static Lock l;

	l.key = &mach[1];
	l.pc = 0x1234;
	iunlock(&l);
}

static void
relock(void)
{
	Lock l;

	memset(&l, 0, sizeof l);
	lock(&l);
	lock(&l);
}

static void
lockspin(void)
{
	static Lock l;

	l.key = &mach[1];	/* as if hart mach[1] took it at pc 0x1234 and never let go */
	l.pc = 0x1234;
	lockspinlimit = 1<<16;
	lock(&l);
}

static void
unlockunlocked(void)
{
	Lock l;

	memset(&l, 0, sizeof l);
	unlock(&l);
}


/* a small pool with a real lock, over xalloc, for smalloc */
static Lock	smlock;
static Pool	smpool;

static void	smlk(Pool *p) { USED(p); ilock(&smlock); }
static void	smunlk(Pool *p) { USED(p); iunlock(&smlock); }
static void*	smalloc1(ulong n) { return xalloc(n); }
static void	smfree1(void *v, ulong n) { USED(n); xfree(v); }
static void	smprint(Pool *p, char *fmt, ...) { USED(p); USED(fmt); }
static void	smpanic(Pool *p, char *fmt, ...) { USED(p); panic("%s", fmt); }

static void
smallpool(void)
{
	poolreset(&smpool);
	memset(&smpool, 0, sizeof smpool);
	smpool.name = "small";
	smpool.layout = POOL_LAYOUT;
	smpool.errstr = poolerrstr;
	smpool.maxsize = 64*1024;
	smpool.minarena = 64*1024;
	smpool.quantum = 16;
	smpool.phase = Mtagsize;	/* as the kernel's pools: poolmalloc's pointers 16-byte aligned */
	smpool.alloc = smalloc1;
	smpool.free = smfree1;
	smpool.merge = xmerge;
	smpool.lock = smlk;
	smpool.unlock = smunlk;
	smpool.print = smprint;
	smpool.panic = smpanic;
}

static void	*smheld;

static void
freelater(void)
{
	volatile int spin;

	if(m()->machno != 1)
		return;
	for(spin = 0; spin < 2000000; spin++)
		;
	poolfree(&smpool, (uchar*)smheld - Mtagsize);
}

static void
smallocwait(void)
{
	void *v;
	int i;

	smalloctries = 100000;
	smallpool();
	for(i = 0; (v = poolmalloc(&smpool, 4000, 0, 0)) != nil; i++)
		smheld = v;
	check(i > 10);
	for(i = 0; i < fdtinfo.ncpu; i++)
		if(fdtinfo.hartid[i] != m()->hartid)
			break;
	check(hartstart(1, fdtinfo.hartid[i], freelater) == 0);
	v = poolsmalloc(&smpool, 4000, 0);	/* waits until the other hart frees */
	check(v == smheld);
	hartwait(1);
}

static void
smallocnever(void)
{
	smallpool();
	poolsmalloc(&smpool, 1<<20, 0);
}

/* poolmalloc's tags need a pool of phase Mtagsize: any other is a panic, not a misaligned pointer */
static void
mallocphase0(void)
{
	smallpool();
	smpool.phase = 0;
	poolmalloc(&smpool, 100, 0, 0);
}

static void
smallocexhausted(void)
{
	smallpool();
	smalloctries = 3;
	while(poolmalloc(&smpool, 4000, 0, 0) != nil)
		;
	poolsmalloc(&smpool, 4000, 0);
}

static void
secrets(void)
{
	static char secret[] = "correct horse battery staple: the password is 0xC0FFEE!";
	uchar *v;
	int i, n;

	n = sizeof secret;
	v = secalloc(n);
	check(v != nil && poolisoverlap(secrmem, v, n));
	memmove(v, secret, n);
	secfree(v);
	for(i = 0; i < n; i++)	/* wiped, or since then free-block links or a footer: nothing of the secret */
		if(v[i] == (uchar)secret[i] && v[i] != 0)
			testfail(__FILE__, __LINE__, "byte %d of the secret survives: %ux", i, v[i]);
	for(i = 32; i < n - 8; i++)	/* between the links and where a footer can be: zero */
		if(v[i] != 0)
			testfail(__FILE__, __LINE__, "byte %d is not wiped: %ux", i, v[i]);
}

/* every hart, 100,000 random calls each, on the main pool at once */
enum {
	Nsmpops	= 100000,
	Nsmpslot = 64,
};

typedef struct Sslot Sslot;
struct Sslot {
	uchar	*p;
	ulong	n;
	uchar	seed;
};

static Sslot	smpslots[MAXHART][Nsmpslot];
static int	smpbad[MAXHART];
static uchar	*handoff[16];	/* blocks one hart leaves for another to check and free */
static ulong	smpcross[MAXHART];

/* handed: a block from another hart: its size and seed in its first 16 bytes, then the pattern */
static void
handed(uchar *v)
{
	ulong j, n;
	uchar seed;

	memmove(&n, v, sizeof n);
	seed = v[8];
	for(j = 16; j < n; j++)
		if(v[j] != (uchar)(seed + j)){
			smpbad[m()->machno]++;
			break;
		}
	free(v);
	smpcross[m()->machno]++;
}

static void
smpstress1(void)
{
	Sslot *sl, *s;
	uvlong r;
	ulong i, j, n, k;
	uchar *v;

	sl = smpslots[m()->machno];
	memset(sl, 0, Nsmpslot * sizeof(Sslot));
	r = 0x9E3779B97F4A7C15ULL * (m()->hartid + 1);
	for(i = 0; i < Nsmpops; i++){
		if(i % 2048 == 1024)
			poolcheck(mainmem);	/* walks every arena while the other harts cut, flip and free without the lock */
		s = &sl[testrand(&r) % Nsmpslot];
		k = testrand(&r) % 16;
		if(s->p != nil){
			for(j = 0; j < s->n; j++)
				if(s->p[j] != (uchar)(s->seed + j)){
					smpbad[m()->machno]++;
					break;
				}
			if(k < 10){
				free(s->p);
				s->p = nil;
				continue;
			}
			if(k == 15 && s->n >= 16){	/* to another hart, which frees it (and this one frees what it finds) */
				memmove(s->p, &s->n, sizeof s->n);
				s->p[8] = s->seed;
				v = __atomic_exchange_n(&handoff[testrand(&r) % nelem(handoff)], s->p, __ATOMIC_ACQ_REL);
				s->p = nil;
				if(v != nil)
					handed(v);
				continue;
			}
			n = testrand(&r) % 2000;
			if((v = realloc(s->p, n)) == nil){
				if(n != 0)
					smpbad[m()->machno]++;
				s->p = nil;
				continue;
			}
		}else{
			n = testrand(&r) % (k < 2 ? 20000 : 500);
			v = k == 3 ? mallocalign(n, 64, 0, 0) : malloc(n);
			if(v == nil || (uintptr)v % 16 != 0){
				smpbad[m()->machno]++;
				continue;
			}
		}
		s->p = v;
		s->n = n;
		s->seed = i;
		for(j = 0; j < n; j++)
			v[j] = s->seed + j;
	}
	for(i = 0; i < Nsmpslot; i++)
		free(sl[i].p);
}

static void
smpstress(void)
{
	Poolstats s;
	uintptr before;
	int n, i;

	ulong cross;

	lockspinlimit = LOCKSPINDEFAULT;
	poolstats(mainmem, &s);
	before = s.curalloc;
	memset(smpbad, 0, sizeof smpbad);
	memset(smpcross, 0, sizeof smpcross);
	n = smprun(smpstress1);
	for(i = 0; i < (int)nelem(handoff); i++)
		if(handoff[i] != nil){
			handed(handoff[i]);
			handoff[i] = nil;
		}
	cross = 0;
	for(i = 0; i < n; i++){
		checkeq(smpbad[i], 0);
		cross += smpcross[i];
	}
	check(cross > 1000);
	poolcheck(mainmem);
	poolstats(mainmem, &s);
	checkeq(s.curalloc + s.curcache, mainmem->curalloc);
	checkeq(s.curfree, mainmem->curfree);
	checkeq(s.cursize, mainmem->cursize);
	checkeq(s.curalloc, before);	/* every block given back, to the pool or a cache */
	print("smp-stress: %d harts x %d calls, %lud blocks freed by another hart; pool %lud bytes in %lud arenas, "
		"%lud in caches, peak %lud allocated\n",
		n, Nsmpops, cross, (ulong)s.cursize, s.narena, (ulong)s.curcache, (ulong)s.peakalloc);
}

static void* __attribute__((noinline))
leaker(void)
{
	void *v;

	v = malloc(12345);
	__asm__ volatile("" ::: "memory");
	return v;
}

static void
usageleak(void)
{
	static Site site[256];
	int i, n;
	void *v;

	v = leaker();
	n = usagesites(mainmem, site, nelem(site));
	for(i = 0; i < n; i++)
		if(inside(leaker, site[i].pc))
			break;
	check(i < n);
	checkeq(site[i].count, 1);
	checkeq(site[i].bytes, 12345);
	for(; i > 0; i--)	/* sorted: nothing before it is smaller */
		check(site[i-1].bytes >= site[i].bytes);
	usagereport(mainmem);
	USED(v);	/* leaked on purpose */
}

/* smptests: the SMP stress 20 times over, a boot of its own (test/check.sh: 20 runs out of 20) */
/*
 * The kernel's memset and memmove (port/string.c; the host has libc's):
 * every start mod 8 and length to 80, around a guard that must not
 * change, against byte-at-a-time references; memmove both ways over
 * overlaps.
 */
static void
stringops(void)
{
	static uchar buf[128], ref[128];
	int off, n, d, i, c;

	for(off = 0; off < 8; off++)
		for(n = 0; n <= 80; n++){
			for(i = 0; i < (int)sizeof buf; i++)
				buf[i] = ref[i] = i*7 + 1;
			c = 0xA5 ^ n;
			memset(buf + 16 + off, c, n);
			for(i = 0; i < n; i++)
				ref[16 + off + i] = c;
			check(memcmp(buf, ref, sizeof buf) == 0);
		}
	for(off = 0; off < 8; off++)
		for(d = -9; d <= 9; d++)
			for(n = 0; n <= 80; n += 7){
				for(i = 0; i < (int)sizeof buf; i++)
					buf[i] = ref[i] = i*13 + 3;
				memmove(buf + 24 + off + d, buf + 24 + off, n);
				if(d < 0)
					for(i = 0; i < n; i++)
						ref[24 + off + d + i] = ref[24 + off + i];
				else
					for(i = n - 1; i >= 0; i--)
						ref[24 + off + d + i] = ref[24 + off + i];
				check(memcmp(buf, ref, sizeof buf) == 0);
			}
}

#define S	{"smp-stress", smpstress}
Test smptests[] = {
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
	{nil},
};
#undef S

Test kalloctests[] = {
	{"string-memset-memmove", stringops},
	{"xalloc-heap", xheap},
	{"xalloc-every-page", xpages},
	{"xalloc-double-free", xdoublefree, "is free (a double free?)"},
	{"xalloc-alloc-free", xops},
	{"xalloc-span", xspan},
	{"xalloc-merge", xmerges},
	{"xalloc-arenas", xarenas},
	{"xalloc-main-pool", xmainpool},
	{"xalloc-pools-apart", poolsapart},
	{"lock-counter", lockcounter},
	{"lock-ilock-nesting", ilocknest},
	{"lock-relock", relock, "taken again by hart"},
	{"lock-irelock", irelock, "taken again by hart"},
	{"lock-irelock-state", irelockstate},
	{"lock-iunlock-unlocked", iunlockunheld, "unlock of unlocked lock"},
	{"lock-iunlock-other-hart", iunlockother, "by another hart"},
	{"lock-spin-limit", lockspin, "held by hart"},
	{"lock-unlock-unlocked", unlockunlocked, "unlock of unlocked lock"},
	{"smalloc-waits", smallocwait},
	{"smalloc-never", smallocnever, "can never come from pool small"},
	{"smalloc-exhausted", smallocexhausted, "no 4000 bytes in pool small after 3 tries"},
	{"malloc-phase-0", mallocphase0, "pool small has phase 0, not 8"},
	{"secfree-wipes", secrets},
	{"smp-stress", smpstress},
	{"usage-report-leak", usageleak},
	{nil},
};
