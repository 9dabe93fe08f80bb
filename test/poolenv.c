/*
 * The environment of the test pools.
 */
#include "u.h"
#include "lib.h"
#include "test.h"
#include "pooltest.h"
#include "poolio.h"

Pool	tpool;
char	tprinted[8192];
int	tnarena, tnfreed, trefuse, tgap, tlogstack, tlockbad, tdown;
ulong	tbiggest;

static uchar	heap[TESTHEAP] __attribute__((aligned(4096)));
static uintptr	heapused, heaplow;	/* used from the bottom to heapused, from heaplow to the top */
static int	locked;
static struct {
	uchar	*base;
	ulong	size;
} arenas[MAXTARENA];
static int	narenas;

static void*
talloc(ulong n)
{
	uchar *v;

	if(locked != 1)
		tlockbad++;
	if(trefuse > 0 || (tbiggest != 0 && n > tbiggest)){
		if(trefuse > 0)
			trefuse--;
		werrstr("test arena refused");
		return nil;
	}
	if(!tdown)
		heapused = (heapused + tgap + 15) & ~(uintptr)15;
	if(n > heaplow - heapused || (tdown && n + tgap + 15 > heaplow - heapused) || narenas == MAXTARENA){
		werrstr("test heap exhausted");
		return nil;
	}
	if(tdown){
		heaplow = (heaplow - n - tgap) & ~(uintptr)15;
		v = heap + heaplow;
	}else{
		v = heap + heapused;
		heapused += n;
	}
	arenas[narenas].base = v;
	arenas[narenas].size = n;
	narenas++;
	tnarena++;
	return v;
}

static int
find(void *v)
{
	int i;

	for(i = 0; i < narenas; i++)
		if(arenas[i].base == v)
			return i;
	return -1;
}

/* tmerge: adjacent arenas become one record, as xalloc would */
static int
tmerge(void *a, void *b)
{
	int i, j;

	if(locked != 1)
		tlockbad++;
	i = find(a);
	j = find(b);
	if(i < 0 || j < 0 || arenas[i].base + arenas[i].size != (uchar*)b)
		return 0;
	arenas[i].size += arenas[j].size;
	arenas[j] = arenas[--narenas];
	tnarena--;
	return 1;
}

static void
tfree(void *v, ulong n)
{
	int i;

	i = find(v);
	if(i < 0 || arenas[i].size != n)
		testfail(__FILE__, __LINE__, "free of arena %p size %lud never handed out", v, n);
	arenas[i] = arenas[--narenas];
	tnarena--;
	tnfreed++;
}

static void
tprint(Pool *p, char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n, m;

	USED(p);
	va_start(ap, fmt);
	vseprint(buf, buf + sizeof buf, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	m = strlen(tprinted);
	if(m + n >= (int)sizeof tprinted){	/* keep the most recent text */
		memmove(tprinted, tprinted + sizeof tprinted/2, m - sizeof tprinted/2 + 1);
		m = strlen(tprinted);
	}
	memmove(tprinted + m, buf, n + 1);
}

static void
tlock(Pool *p)
{
	USED(p);
	if(locked++ != 0)
		tlockbad++;
}

static void
tunlock(Pool *p)
{
	USED(p);
	if(--locked != 0)
		tlockbad++;
}

static void
tlog(Pool *p)
{
	USED(p);
	tlogstack++;
}

/* tpoolinit: a fresh pool on a fresh heap (the last test's pool is abandoned) */
Pool*
tpoolinit(ulong maxsize, ulong minarena, int flags)
{
	memset(&tpool, 0, sizeof tpool);
	tpool.name = "test";
	tpool.layout = POOL_LAYOUT;
	tpool.errstr = poolerrstr;
	tpool.maxsize = maxsize;
	tpool.minarena = minarena;
	tpool.quantum = 16;
	tpool.flags = flags;
	tpool.alloc = talloc;
	tpool.merge = tmerge;
	tpool.free = tfree;
	tpool.lock = tlock;
	tpool.unlock = tunlock;
	tpool.print = tprint;
	tpool.panic = poolpanicto;	/* a panic under the lock: the next tpoolinit clears `locked' */
	tpool.logstack = tlog;
	memset(heap, 0, heapused);	/* no test sees what the last one left */
	memset(heap + heaplow, 0, TESTHEAP - heaplow);
	heapused = 0;
	heaplow = TESTHEAP;
	narenas = 0;
	tnarena = tnfreed = trefuse = tgap = tlogstack = tlockbad = tdown = 0;
	tbiggest = 0;
	locked = 0;
	tprinted[0] = 0;
	return &tpool;
}

/*
 * tlayout: n blocks of the given sizes side by side at rising
 * addresses.  A pool cuts new blocks from the back of a tree block and
 * from the front of a list block, so they are allocated last first,
 * and if that does not lay them out, given back and allocated first
 * first.
 */
static int
adjacent(int n, ulong *size, uchar **v)
{
	ulong bsize;
	int i;

	for(i = 1; i < n; i++){
		bsize = (size[i-1] + 8 + 15) & ~15UL;	/* an 8-byte header and the data, to 16 bytes, at least 32 */
		if(v[i] != v[i-1] + (bsize < 32 ? 32 : bsize))
			return 0;
	}
	return 1;
}

void
tlayout(Pool *p, int n, ulong *size, uchar **v)
{
	int i;

	for(i = n - 1; i >= 0; i--)
		v[i] = poolalloc(p, size[i]);
	if(adjacent(n, size, v))
		return;
	for(i = 0; i < n; i++)
		poolfree(p, v[i]);
	for(i = 0; i < n; i++)
		v[i] = poolalloc(p, size[i]);
	check(adjacent(n, size, v));
}

int
tprintedhas(char *s)
{
	return strstr(tprinted, s) != nil;
}

uchar*
tfill(void *v, ulong n, int seed)
{
	uchar *q;
	ulong i;

	q = v;
	for(i = 0; i < n; i++)
		q[i] = seed + i*7 + (i>>8);
	return v;
}

int
tverify(void *v, ulong n, int seed)
{
	uchar *q;
	ulong i;

	q = v;
	for(i = 0; i < n; i++)
		if(q[i] != (uchar)(seed + i*7 + (i>>8)))
			return 0;
	return 1;
}

void
tcheckacct(Pool *p)
{
	Poolstats s;

	poolcheck(p);
	poolstats(p, &s);
	checkeq(s.cursize, p->cursize);
	checkeq(s.curalloc + s.curcache, p->curalloc);	/* cached blocks are the pool's allocated ones */
	checkeq(s.curfree, p->curfree);
	checkeq(s.narena, tnarena);
	check(p->peakalloc >= p->curalloc);
	checkeq(tlockbad, 0);
}

void
tcheckempty(Pool *p)
{
	Poolstats s;

	tcheckacct(p);
	poolstats(p, &s);
	checkeq(p->curalloc, 0);
	checkeq(s.nalloc, 0);
	checkeq(s.nfreeblocks, s.narena);
	checkeq(p->curfree + Arenaover*s.narena, p->cursize);	/* arena header and tail */
}
