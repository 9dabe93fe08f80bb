/*
 * Benchmarks (boot argument "bench"): replay the trace QEMU's loader
 * put at TRACEADDR against each allocator, counting instructions with
 * rdinstret (exact under -icount shift=0), then search for the
 * smallest heap each can replay the whole trace in.  Results are
 * "bench:" lines that bench/bench.sh turns into tables and charts.
 * The bench kernel (bench/benchinit.c) runs it; the test kernel's
 * benchsmoke replays a short trace through the same calls.
 *	bench [alloc=pool,pool-locked,kmalloc,bump,firstfit] [nominheap] [repeat] [worst] [quantum=N] [heap=MiB]
 * heap=MiB: the measured replay's heap limit (kmalloc's caches take
 * their share of it, as on a machine with that heap); else all there is.
 *	bench worstgen	(bench/worstgen.c; no trace needed)
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"
#include "fdt.h"
#include "xalloc.h"
#include "alloc.h"
#include "replay.h"
#include "poolio.h"

Tracehdr	*trace;		/* the loaded trace, if any */
static Tevent	*events;
static Btable	table;
static uchar	*bumpmem, *ffmem;
static uintptr	regionsize;	/* the heap the pool and firstfit are given whole */
static uintptr	bumpsize;	/* what bump needs: every byte the trace asks for */

/*
 * tracefind: at boot, before xalloc hands anything out: is there a trace
 * at TRACEADDR?  If so keep it from the heap; a damaged one is a panic.
 */
void
tracefind(uintptr ramtop)
{
	Tracehdr *h;
	char *why;

	if(ramtop < TRACEADDR + sizeof(Tracehdr))
		return;
	h = (Tracehdr*)TRACEADDR;
	if(h->magic != TRACEMAGIC)
		return;
	if((why = tracecheck(h, ramtop - TRACEADDR)) != nil)
		panic("trace at %#p: %s", h, why);
	xreserve(TRACEADDR, sizeof *h + h->nevent * sizeof(Tevent));
	trace = h;
	events = (Tevent*)(h + 1);
	print("trace %s: %llud events, %llud objects, peak live %llud bytes\n",
		h->name, h->nevent, h->nid, h->peaklive);
}

static uvlong
instret(void)
{
	return rdinstret();
}

/*
 * The pool, with the kernel main pool's quantum and checks, given its
 * whole heap as one arena up front, as TLSF and the baselines are
 * given theirs: what is measured is the pool, not xalloc growing it.
 */
static Pool	bpool;
static ulong	benchquantum;	/* quantum=N among the arguments: the pool's quantum; else the main pool's */
static Lock	bpoollock;

static void	bplock(Pool *p) { USED(p); ilock(&bpoollock); }
static void	bpunlock(Pool *p) { USED(p); iunlock(&bpoollock); }
static void*	bparena(ulong n) { return xallocz(n, 0); }
static void	bpfree(void *v, ulong n) { USED(n); xfree(v); }

static int
poolinit1(uintptr limit, int locked)
{
	void *v;

	poolreset(&bpool);
	memset(&bpool, 0, sizeof bpool);
	if(limit == 0)
		limit = regionsize;	/* what bump and firstfit get */
	bpool.name = "bench";
	bpool.layout = POOL_LAYOUT;
	bpool.errstr = poolerrstr;
	bpool.maxsize = limit;
	bpool.minarena = limit;
	bpool.quantum = benchquantum != 0 ? benchquantum : mainmem->quantum;
	bpool.alloc = bparena;
	bpool.merge = xmerge;
	bpool.free = bpfree;
	bpool.print = poolnoprint;
	bpool.panic = poolpanicto;
	if(locked){
		bpool.lock = bplock;
		bpool.unlock = bpunlock;
	}
	if((v = poolalloc(&bpool, 1)) == nil)	/* the arena, now, outside the count */
		return -1;
	poolfree(&bpool, v);
	return 0;
}

static int	bpinit(uintptr limit) { return poolinit1(limit, 0); }
static int	bpinitlocked(uintptr limit) { return poolinit1(limit, 1); }
static void*	bpalloc(ulong n) { return poolalloc(&bpool, n); }
static void	bpfreeb(void *v) { poolfree(&bpool, v); }
static void*	bprealloc(void *v, ulong n) { return poolrealloc(&bpool, v, n); }
static void*	bpalign(ulong a, ulong n) { return poolallocalign(&bpool, n, a, 0, 0); }
static uintptr	bpfootprint(void) { return bpool.cursize; }
static void	bpfini(void) { poolreset(&bpool); }

static Balloc poolballoc = {
	"pool", bpinit, bpalloc, bpfreeb, bprealloc, bpalign, bpfootprint, bpfini,
};

static Balloc poollockedballoc = {
	"pool-locked", bpinitlocked, bpalloc, bpfreeb, bprealloc, bpalign, bpfootprint, bpfini,
};

/*
 * kmalloc: the kernel's own malloc exactly as the kernel calls it (its
 * lock, tags and checks), on the main pool, which grows by arenas from
 * xalloc as it does in use; the heap limit is the main pool's maxsize.
 * Calls that grow the pool are counted apart (Balloc.grown).
 */
static uintptr	kmheap;		/* the main pool's maxsize as boot set it */

static int
kminit(uintptr limit)
{
	if(kmheap == 0){
		kmheap = mainmem->maxsize;
		free(malloc(1));	/* the pool's first call checks its configuration: not in any run's count */
	}
	poolreset(mainmem);
	mallocinit(limit != 0 ? limit : kmheap, nhart);	/* the kernel's malloc as a machine with that heap sets it up: maxsize, the caches' share */
	return 0;
}

static void*	kmalloc1(ulong n) { return mallocz(n, 0); }
static void	kmfree(void *v) { free(v); }
static void*	kmrealloc(void *v, ulong n) { return realloc(v, n); }
static void*	kmalign(ulong a, ulong n) { return mallocalign(n, a, 0, 0); }
static uintptr	kmfootprint(void) { return mainmem->cursize; }
static void	kmfini(void) { poolreset(mainmem); mallocinit(kmheap, nhart); }
static uintptr	kmgrown(void) { return mainmem->cursize; }

static Balloc kmallocballoc = {
	"kmalloc", kminit, kmalloc1, kmfree, kmrealloc, kmalign, kmfootprint, kmfini, kmgrown,
};

static Balloc *ballocs[] = { &poolballoc, &poollockedballoc, &kmallocballoc, &bumpalloc, &firstfitalloc };

Balloc*
benchalloc(char *name)
{
	uint i;

	for(i = 0; i < nelem(ballocs); i++)
		if(strcmp(ballocs[i]->name, name) == 0)
			return ballocs[i];
	return nil;
}

/* benchsetup: the object table and the baselines' regions, once */
int
benchsetup(void)
{
	if(trace == nil){
		werrstr("no trace loaded at %#p", (void*)TRACEADDR);
		return -1;
	}
	if(table.ptr != nil)
		return 0;
	table.ptr = xalloc(trace->nid * sizeof table.ptr[0]);
	table.size = xalloc(trace->nid * sizeof table.size[0]);
	bumpsize = (trace->totalbytes + 32 * trace->nid + (1<<20)) & ~(uintptr)4095;
	regionsize = (4 * trace->peaklive + (64<<20)) & ~(uintptr)4095;	/* firstfit's worst fragmentation, and room */
	if(regionsize > bumpsize)
		regionsize = bumpsize;
	bumpmem = xspanalloc(bumpsize, 4096, 0);
	ffmem = xspanalloc(regionsize, 4096, 0);
	if(table.ptr == nil || table.size == nil || bumpmem == nil || ffmem == nil){
		werrstr("no room for the replay: %lud bytes for bump, %lud for each other allocator; more -m",
			(ulong)bumpsize, (ulong)regionsize);
		return -1;
	}
	bumpregion(bumpmem, bumpsize);
	firstfitregion(ffmem, regionsize);
	return 0;
}

/* benchrun: one replay of the whole trace in a fresh heap of at most limit bytes */
int
benchrun(Balloc *a, uintptr limit, Bresult *r, int count)
{
	int rv;

	if(a->init(limit) < 0){
		memset(r, 0, sizeof *r);	/* no events: it never ran */
		return -1;
	}
	rv = replay(a, trace, events, &table, r, count ? instret : nil, !count);
	a->fini();
	return rv;
}

/*
 * minheap: the smallest limit (to 0.05%) under which the whole trace
 * replays, known being enough.  Closing in from below first keeps the
 * steps fine when known is far above the need (a heap given whole).
 */
static uintptr
minheap(Balloc *a, uintptr known, Bresult *r)
{
	uintptr lo, hi, mid, step;

	lo = trace->peaklive;	/* nothing can do with less */
	hi = known;
	for(mid = lo + lo/8; mid < hi; mid += mid/8){
		if(benchrun(a, mid, r, 0) == 0){
			hi = mid;
			break;
		}
		lo = mid;
	}
	step = hi / 2000 > 64 ? hi / 2000 : 64;
	while(hi - lo > step){
		mid = lo + (hi - lo) / 2;
		if(benchrun(a, mid, r, 0) == 0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* printstat: a kind of call's figures; over436 leaves out the calls that grew the heap (g), shown apart */
static void
printstat(char *name, Bstat *s, Bstat *g)
{
	print(" %s_n=%llud %s_sum=%llud %s_p50=%llud %s_p99=%llud %s_p999=%llud %s_max=%llud %s_over436=%llud",
		name, s->n, name, s->sum, name, bpercentile(s, 0.5), name, bpercentile(s, 0.99),
		name, bpercentile(s, 0.999), name, s->max, name, bover(s, 436) - bover(g, 436));
	if(g->n != 0)
		print(" %s_grew_n=%llud %s_grew_max=%llud", name, g->n, name, g->max);
}

/* printworst: the costliest allocs and frees, dearest first */
static void
printworst(Bresult *r)
{
	Bworst w[Nworst], x;
	int i, j;

	memmove(w, r->worst, sizeof w);
	for(i = 1; i < Nworst; i++)
		for(j = i; j > 0 && w[j].cost > w[j-1].cost; j--){
			x = w[j];
			w[j] = w[j-1];
			w[j-1] = x;
		}
	for(i = 0; i < Nworst && w[i].cost != 0; i++)
		print("bench: worst event=%llud op=%s size=%ud cost=%ud\n",
			w[i].ev, w[i].op == Opfree ? "free" : "alloc", w[i].size, w[i].cost);
}

static Bresult	res, res2;

/*
 * The multi-hart replay (bench smp=N): 1, 2, 4 ... N harts each replay
 * the whole trace at once against kmalloc, each with its own object
 * table.  Under -icount the instructions of each hart's calls are
 * counted (hartinstret), spinning included; the pool lock's
 * acquisitions are counted in kernel/alloc.c, waits for any held lock
 * in kernel/lock.c; rdtime gives the wall time (meaningful without
 * -icount, where QEMU runs the harts in threads of their own, so
 * rounds=R runs every count of harts R times over, in turn, for
 * bench.sh to keep each one's best against the host's other work;
 * threads says so, and the counter is rdinstret).
 */
extern Fdtinfo	fdtinfo;
static Btable	htable[MAXHART];
static Bresult	*hres;		/* MAXHART of them, xalloc'd: 1.5 MiB each */

/*
 * hartinstret: the replay's counter on several harts under -icount.
 * There rdinstret is QEMU's one virtual clock, which counts every
 * hart's instructions: QEMU runs the harts in turns of about 10^8/N
 * instructions, so a call during which QEMU switched harts would be
 * charged the other harts' whole turns.  The replay reads the counter
 * in pairs around each call; the first of a pair notes this hart in
 * lastrun, so the second sees whether another hart read it meanwhile,
 * and if so the call counts 0 and in its hart's switched.  A hart that
 * has finished keeps noting itself (smpreplay) until all have.  A hart
 * that spins for a lock inside a call begun before this one reads
 * nothing: so a call that took more than Switchmin instructions (a
 * tenth of QEMU's round, far above any call in the traces, whose
 * dearest is about 25,000) counts as switched too.
 */
enum {
	Switchmin	= 10*1000*1000,
};
typedef struct Hcount Hcount;
struct Hcount {
	uvlong	t0;		/* the counter before this hart's call */
	uvlong	switched;	/* calls during which QEMU ran another hart */
	int	during;		/* between a pair's two reads */
	uchar	pad[64 - 2*sizeof(uvlong) - sizeof(int)];
};
static Hcount	hcount[MAXHART];
static int	lastrun;	/* the hart that last began a call */
static int	ndone;		/* harts whose replay has finished */
static int	smpicount;	/* under -icount: hartinstret, not instret */
static int	nhartsrun;	/* harts in this run */

static uvlong
hartinstret(void)
{
	Hcount *c;
	uvlong t;
	int me;

	t = rdinstret();
	me = m()->machno;
	c = &hcount[me];
	if(!c->during){
		__atomic_store_n(&lastrun, me, __ATOMIC_RELAXED);
		c->during = 1;
		c->t0 = rdinstret();
		return c->t0;
	}
	c->during = 0;
	if(__atomic_load_n(&lastrun, __ATOMIC_RELAXED) != me || t - c->t0 > Switchmin){
		c->switched++;
		return c->t0;	/* the replay records 0 */
	}
	return t;
}

static void
smpreplay(void)
{
	int i;

	i = m()->machno;
	replay(&kmallocballoc, trace, events, &htable[i], &hres[i], smpicount ? hartinstret : instret, 0);
	__atomic_add_fetch(&ndone, 1, __ATOMIC_ACQ_REL);
	while(smpicount && __atomic_load_n(&ndone, __ATOMIC_ACQUIRE) < nhartsrun)	/* a turn here is no other hart's call */
		__atomic_store_n(&lastrun, i, __ATOMIC_RELAXED);
}

static int
smpbench(int max, int rounds, int icount)
{
	uvlong t0, t1, ev, tot, fails, corrupt, switched;
	ulong locks, waits, spins;
	int h, i, n, r, bad;

	if(max < 1 || max > MAXHART){
		print("bench: smp=%d: 1 to %d harts\n", max, MAXHART);
		return 1;
	}
	if(hres == nil && (hres = xalloc(MAXHART * sizeof hres[0])) == nil){
		print("bench: smp: no room for the results; more -m\n");
		return 1;
	}
	for(i = 0; i < max; i++)
		if(htable[i].ptr == nil){
			htable[i].ptr = xalloc(trace->nid * sizeof htable[i].ptr[0]);
			htable[i].size = xalloc(trace->nid * sizeof htable[i].size[0]);
			if(htable[i].ptr == nil || htable[i].size == nil){
				print("bench: smp: no room for %d object tables; more -m\n", max);
				return 1;
			}
		}
	bad = 0;
	for(r = 0; r < rounds; r++)
	for(h = 1; h <= max; h *= 2){
		kminit(0);
		memset(hres, 0, MAXHART * sizeof hres[0]);
		memset(hcount, 0, sizeof hcount);
		smpicount = icount;
		ndone = 0;
		nhartsrun = h < fdtinfo.ncpu ? h : fdtinfo.ncpu;	/* as smprunn counts them */
		if(nhartsrun > MAXHART)
			nhartsrun = MAXHART;
		locks = poollocks(mainmem);
		waits = lockwaits;
		spins = lockspins;
		t0 = rdtime();
		n = smprunn(h, smpreplay);
		t1 = rdtime();
		locks = poollocks(mainmem) - locks;
		ev = tot = fails = corrupt = switched = 0;
		for(i = 0; i < n; i++){
			ev += hres[i].events;
			tot += hres[i].total;
			fails += hres[i].fails;
			corrupt += hres[i].corrupt;
			switched += hcount[i].switched;
		}
		kmfini();
		print("bench: smp trace=%s allocator=kmalloc harts=%d events=%llud total=%llud locks=%lud waits=%lud spins=%lud switched=%llud ticks=%llud fails=%llud corrupt=%llud\n",
			trace->name, n, ev, tot, locks, lockwaits - waits, lockspins - spins, switched, t1 - t0, fails, corrupt);
		if(n != h || fails || corrupt)
			bad = 1;
	}
	return bad;
}

/* lockcost: an uncontended ilock/iunlock pair as a caller pays it, the call instructions included */
static void
lockcost(void)
{
	static Lock l;
	uvlong t0, t1, t2;
	int i;

	t0 = rdinstret();
	for(i = 0; i < 1000; i++){
		ilock(&l);
		iunlock(&l);
	}
	t1 = rdinstret();
	for(i = 0; i < 1000; i++)
		__asm__ volatile("" ::: "memory");
	t2 = rdinstret();
	print("bench: lock ilock+iunlock=%llud instructions a pair, uncontended\n", ((t1 - t0) - (t2 - t1)) / 1000);
}

/*
 * hitcost: kmalloc's calls that a warm per-hart cache serves, each
 * counted alone (rdinstret's own pair subtracted): a block with no
 * slack, whose free reads the next header, and one with slack to mark
 * and check.
 */
static void
hitcost(void)
{
	uvlong t0, t1, t2, t3, t4, t5, t6, t7;
	ulong keep;
	void *v[8];
	int i;

	for(i = 0; i < 8; i++)
		v[i] = mallocz(48 + 16*i, 0);
	for(i = 0; i < 8; i++)
		free(v[i]);
	t0 = rdinstret();
	t1 = rdinstret();
	v[0] = mallocz(48, 0);
	t2 = rdinstret();
	free(v[0]);
	t3 = rdinstret();
	v[1] = mallocz(100, 0);
	t4 = rdinstret();
	free(v[1]);
	t5 = rdinstret();
	v[2] = mallocz(32, 0);
	t6 = rdinstret();
	v[2] = realloc(v[2], 48);
	t7 = rdinstret();
	free(v[2]);
	print("bench: hit malloc=%llud free=%llud malloc-slack=%llud free-slack=%llud realloc=%llud instructions, kmalloc from a warm cache\n",
		(t2 - t1) - (t1 - t0), (t3 - t2) - (t1 - t0), (t4 - t3) - (t1 - t0), (t5 - t4) - (t1 - t0), (t7 - t6) - (t1 - t0));
	v[0] = malloc(256);	/* warm its list */
	free(v[0]);
	t2 = rdinstret();
	v[0] = malloc(256);
	t3 = rdinstret();
	free(v[0]);
	print("bench: hit malloc(256)=%llud instructions, cleared as malloc does\n", (t3 - t2) - (t1 - t0));
	keep = mainmem->cachebytes;
	v[0] = mallocz(48, 0);
	mainmem->cachebytes = 0;	/* a full cache: the free goes to the pool under its lock */
	t2 = rdinstret();
	free(v[0]);
	t3 = rdinstret();
	mainmem->cachebytes = keep;
	print("bench: full-cache free=%llud instructions\n", (t3 - t2) - (t1 - t0));
	poolcompact(mainmem);	/* the caches emptied: the next call misses */
	t2 = rdinstret();
	v[0] = mallocz(200, 0);
	t3 = rdinstret();
	v[1] = mallocz(200, 0);
	t4 = rdinstret();
	print("bench: miss fill=%llud cut=%llud instructions, kmalloc with an empty list (1.5 KiB taken under the lock), "
		"then with the fill's block at its head (16 blocks cut from it)\n", (t3 - t2) - (t1 - t0), (t4 - t3) - (t1 - t0));
	free(v[1]);
	free(v[0]);
}

/* numarg: the decimal number after name (as "heap=") among the arguments; 0 if none */
static uintptr
numarg(char *args, char *name)
{
	uintptr n;
	char *q;

	n = 0;
	if((q = strstr(args, name)) != nil)
		for(q += strlen(name); *q >= '0' && *q <= '9'; q++)
			n = n*10 + *q - '0';
	return n;
}

int
benchmain(char *args)
{
	Balloc *a;
	uintptr min, heap;
	uint i;
	int bad;
	char *q, *r;

	if(hasarg(args, "worstgen"))
		return worstgen();
	if(benchsetup() < 0){
		print("bench: %r\n");
		return 1;
	}
	lockcost();
	hitcost();
	benchquantum = numarg(args, "quantum=");
	heap = numarg(args, "heap=") << 20;
	if((q = strstr(args, "smp=")) != nil)
		return smpbench(q[4] - '0', (r = strstr(args, "rounds=")) != nil ? r[7] - '0' : 1,	/* 1 to 8 harts, 1 to 9 rounds */
			strstr(args, "threads") == nil);
	bad = 0;
	for(i = 0; i < nelem(ballocs); i++){
		a = ballocs[i];
		if(strstr(args, "alloc=") != nil && !hasarg(args, a->name))
			continue;
		if(benchrun(a, heap, &res, 1) < 0 && res.events == 0){	/* never a result but its own */
			print("bench: trace=%s allocator=%s: cannot be set up: %r\n", trace->name, a->name);
			bad = 1;
			continue;
		}
		if(res.fails || res.corrupt || res.misaligned)
			bad = 1;
		if(hasarg(args, "nominheap"))
			min = 0;
		else if(a == &bumpalloc)
			min = res.footprint;	/* it never reuses: its footprint is its need */
		else
			min = minheap(a, res.footprint, &res2);
		if(min != 0 && min < res.footprint)
			res.footprint = min;	/* a heap given whole is all footprint: what it needed */
		print("bench: trace=%s allocator=%s events=%llud total=%llud", trace->name, a->name, res.events, res.total);
		printstat("alloc", &res.op[Opalloc], &res.grew[Opalloc]);
		printstat("free", &res.op[Opfree], &res.grew[Opfree]);
		printstat("realloc", &res.op[Oprealloc], &res.grew[Oprealloc]);
			print(" peak_live=%llud footprint=%lud min_heap=%lud corrupt=%llud misaligned=%llud fails=%llud\n",
			trace->peaklive, (ulong)res.footprint, (ulong)min, res.corrupt, res.misaligned, res.fails);
		if(hasarg(args, "worst"))
			printworst(&res);
		if(hasarg(args, "repeat")){
			benchrun(a, heap, &res2, 1);
			print("bench: repeat trace=%s allocator=%s %s: %llud and %llud instructions\n", trace->name, a->name,
				res2.total == res.total ? "identical" : "DIFFERENT", res.total, res2.total);
			if(res2.total != res.total)
				bad = 1;
		}
	}
	return bad;
}
