/*
 * The usage and leak report: every live block of a pool grouped by
 * the pc that allocated it, largest total first, then the pool's
 * statistics.  tools/usage.sh turns the pcs into function:line.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"
#include "alloc.h"

enum {
	Nsite	= 256,
};

typedef struct Tally Tally;
struct Tally {
	Site	site[Nsite];
	int	nsite;
	ulong	other;		/* blocks whose site did not fit the table */
};

static Lock	usagelock;
static Tally	tally;

/* count: called by poolblocks with the pool locked: no printing, no allocating */
static void
count(Pool *p, void *v, ulong n, void *arg)
{
	Tally *t;
	uintptr pc;
	int i;

	USED(p);
	t = arg;
	if(n < Mtagsize)
		return;
	pc = getmalloctag((uchar*)v + Mtagsize);
	n -= Mtagsize;
	for(i = 0; i < t->nsite; i++)
		if(t->site[i].pc == pc)
			break;
	if(i == t->nsite){
		if(t->nsite == Nsite){
			t->other++;
			return;
		}
		t->site[i].pc = pc;
		t->site[i].count = 0;
		t->site[i].bytes = 0;
		t->nsite++;
	}
	t->site[i].count++;
	t->site[i].bytes += n;
}

/* usagesites: the allocating sites of p's live blocks, largest total first; returns how many */
int
usagesites(Pool *p, Site *site, int max)
{
	Site tmp;
	int i, j, n;

	lock(&usagelock);
	tally.nsite = 0;
	tally.other = 0;
	poolblocks(p, count, &tally);
	for(i = 1; i < tally.nsite; i++)	/* a few hundred at most */
		for(j = i; j > 0 && tally.site[j].bytes > tally.site[j-1].bytes; j--){
			tmp = tally.site[j];
			tally.site[j] = tally.site[j-1];
			tally.site[j-1] = tmp;
		}
	n = tally.nsite < max ? tally.nsite : max;
	memmove(site, tally.site, n * sizeof(Site));
	unlock(&usagelock);
	return n;
}

void
usagereport(Pool *p)
{
	static Site site[Nsite];
	Poolstats s;
	int i, n;

	n = usagesites(p, site, Nsite);
	print("usage: pool %s, live blocks by caller\n", p->name);
	for(i = 0; i < n; i++)
		print("usage: pc %#p %lud blocks %llud bytes\n", (void*)site[i].pc, site[i].count, site[i].bytes);
	poolstats(p, &s);
	print("usage: arenas %lud, %lud bytes; allocated %lud blocks, %lud bytes (peak %lud); free %lud blocks, %lud bytes, largest %lud\n",
		s.narena, (ulong)s.cursize, s.nalloc, (ulong)s.curalloc, (ulong)s.peakalloc,
		s.nfreeblocks, (ulong)s.curfree, (ulong)s.maxfree);
}
