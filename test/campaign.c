/*
 * The corruption campaign: for each seed, in a child process under
 * ASan, build a random heap (several arenas, allocated and free blocks
 * of mixed sizes), corrupt allocator-owned memory once, then make the
 * next call that touches it and a poolcheck.  The child's end says what
 * happened: the pool's own panic (detected), nothing (missed), a
 * sanitizer report or signal (crashed), or the per-case timeout (hung).
 *	campaign [cases]
 * Exits non-zero if any case crashed or hung, or header, footer or arena
 * header corruption was caught less than 99% of the time.
 */
#include "u.h"
#include "lib.h"
#include "pool.h"
#include "poolio.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
	Heap	= 16<<20,
	Smallmax = 32 + (POOL_NSMALL - 1)*16,	/* pool.c's largest list block */
	Nslot	= 128,
	Detected = 10,		/* child exit status when the pool panicked */
	Timeout	= 10,		/* seconds a case may take */
};

enum {	/* kinds of corruption */
	Hdrbyte, Hdrword, Footbyte, Footword, Arenabyte, Slacknear, Slackfar, Linkplausible, Linkrandom, Nkind,
};

static char *kindname[] = {
	"header byte", "header word", "free block footer byte", "free block footer word",
	"arena header byte",
	"slack byte, first 8 past the data", "slack byte, further on",
	"free link, plausible pointer", "free link, random word",
};

static Pool	pool;
static uchar	*heap;
static uintptr	used;
static void	*slot[Nslot];
static ulong	slotn[Nslot];

/* detected: the pool's panic (through poolpanicto and panic) ends the child with Detected */
static void
detected(char *msg)
{
	if(getenv("CAMPAIGN_VERBOSE"))
		fprintf(stderr, "detected: %s\n", msg);
	_exit(Detected);
}

static void*
carena(ulong n)
{
	void *v;

	used = (used + 64 + 15) & ~(uintptr)15;	/* a gap: arenas stay apart */
	if(n > Heap - used)
		return nil;
	v = heap + used;
	used += n;
	return v;
}

static uvlong
rnd(uvlong *s)
{
	uvlong x;

	x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* the block header of an allocated pointer (unaligned blocks are not made here) */
#define HDR(v)	((uchar*)(v) - 8)

/* tagof: a block's magic, its low byte decoded with the slack hash pool.c draws */
static u16int
tagof(uchar *b)
{
	uint s;

	s = *(u16int*)(b + 2);
	return *(u16int*)b ^ ((s ^ s >> 7) & 0xFF);
}

/* linkof: which link of a free block to damage: every list block has next and prev */
static int
linkof(uvlong *r)
{
	return rnd(r) % 2;
}

/* blocks: walk the arenas through the layout pool.c draws (header: 16-bit magic, 16-bit bits, 32-bit size) */
static int
blocks(uchar **out, int max, u16int magic)
{
	uchar *a, *b;
	int n;

	n = 0;
	for(a = pool.arenalist; a != nil; a = *(uchar**)(a + 16)){
		uintptr asize = *(uintptr*)(a + 24);
		for(b = a + 40; b < a + asize - 8; b += *(u32int*)(b + 4)){
			if(tagof(b) == magic && n < max)
				out[n++] = b;
			if(*(u32int*)(b + 4) == 0)
				break;
		}
	}
	return n;
}

static void
runcase(uvlong seed, int kind)
{
	uvlong r;
	uchar *cand[4096], *b, *t;
	int i, n, k, freeb;
	ulong sz, off;

	r = seed * 0x9E3779B97F4A7C15ULL + 1;
	heap = aligned_alloc(16, Heap);
	memset(&pool, 0, sizeof pool);
	pool.name = "campaign";
	pool.layout = POOL_LAYOUT;
	pool.errstr = poolerrstr;
	pool.maxsize = Heap;
	pool.minarena = Smallmax;	/* about the largest list block, as it was when this was 16 KiB */
	pool.quantum = 16;
	pool.alloc = carena;
	pool.print = poolnoprint;
	pool.panic = poolpanicto;
	panichook = detected;
	for(i = 0; i < 600; i++){
		k = rnd(&r) % Nslot;
		if(slot[k] != nil && rnd(&r) % 3 == 0){
			poolfree(&pool, slot[k]);
			slot[k] = nil;
		}else if(slot[k] == nil){
			sz = rnd(&r) % 8 == 0 ? rnd(&r) % (3*Smallmax) : rnd(&r) % 300;	/* tree and list sizes */
			slot[k] = poolalloc(&pool, sz);
			slotn[k] = sz;
			memset(slot[k], 0x5A, sz);
		}
	}
	poolcheck(&pool);	/* sound before we touch it */

	/* the victim: a free block for footers and links; either for headers; an allocated one for slack */
	freeb = kind >= Linkplausible || kind == Footbyte || kind == Footword || (kind <= Hdrword && rnd(&r) % 2 == 0);
	n = blocks(cand, nelem(cand), freeb ? 0x07EE : 0x01AC);
	if(n == 0)
		_exit(20);	/* no such block: not a case */
	b = cand[rnd(&r) % n];
	t = b + *(u32int*)(b + 4) - 8;
	switch(kind){
	case Hdrbyte:
		k = rnd(&r) % 8;
		off = 1 + rnd(&r) % 255;
		if(getenv("CAMPAIGN_VERBOSE"))
			fprintf(stderr, "seed %llu: header byte %d of %p (%s, size %u) xor %#lx\n", seed, k, b,
				freeb ? "free" : "allocated", *(u32int*)(b + 4), off);
		b[k] ^= off;
		break;
	case Hdrword:
		*(uvlong*)b ^= rnd(&r) | 1;
		break;
	case Footbyte:
		t[rnd(&r) % 8] ^= 1 + rnd(&r) % 255;
		break;
	case Footword:
		*(uvlong*)t ^= rnd(&r) | 1;
		break;
	case Arenabyte:	/* a byte of some arena's header: magic, bits, size, up, down, asize, nasize */
		for(n = 0, t = pool.arenalist; t != nil; t = *(uchar**)(t + 16))
			n++;
		k = rnd(&r) % n;
		for(t = pool.arenalist; k-- > 0; t = *(uchar**)(t + 16))
			;
		k = rnd(&r) % 40;
		off = 1 + rnd(&r) % 255;
		if(getenv("CAMPAIGN_VERBOSE"))
			fprintf(stderr, "seed %llu: arena %p byte %d xor %#lx\n", seed, t, k, off);
		t[k] ^= off;
		break;
	case Slacknear:
	case Slackfar:
		off = *(u16int*)(b + 2) & 0x7FFF;		/* slack bytes, from the header */
		sz = *(u32int*)(b + 4) - 8 - off;		/* dsize */
		if(kind == Slacknear && off > 0)
			b[8 + sz + rnd(&r) % (off < 8 ? off : 8)] ^= 1 + rnd(&r) % 255;
		else if(kind == Slackfar && off > 8)
			b[8 + sz + 8 + rnd(&r) % (off - 8)] ^= 1 + rnd(&r) % 255;
		else
			_exit(20);
		break;
	case Linkplausible:
		k = linkof(&r);
		if(getenv("CAMPAIGN_VERBOSE"))
			fprintf(stderr, "seed %llu: link %d of %p (size %u) was %p\n", seed, k, b, *(u32int*)(b+4), ((uchar**)(b + 8))[k]);
		do	/* another free block, or an arena's header or first block: never the value it had */
			t = rnd(&r) % 2 ? cand[rnd(&r) % n] : (uchar*)pool.arenalist + 40 * (rnd(&r) % 2);
		while(t == ((uchar**)(b + 8))[k]);
		((uchar**)(b + 8))[k] = t;
		break;
	case Linkrandom:
		k = linkof(&r);
		if(getenv("CAMPAIGN_VERBOSE"))
			fprintf(stderr, "seed %llu: link %d of %p (size %u) was %p\n", seed, k, b, *(u32int*)(b+4), ((uchar**)(b + 8))[k]);
		((uvlong*)(b + 8))[k] = rnd(&r);
		break;
	}

	/* the next call that touches it, then a full check */
	if(!freeb){
		for(i = 0; i < Nslot; i++)
			if(slot[i] != nil && HDR(slot[i]) == b)
				break;
		if(i < Nslot)
			poolfree(&pool, slot[i]);
	}else{
		sz = *(u32int*)(b + 4);
		poolalloc(&pool, sz > 32 && sz < 1<<20 ? sz - 32 : 100);
	}
	poolcheck(&pool);
	_exit(0);
}

int
main(int argc, char **argv)
{
	int cases, kind, status, i, tally[Nkind][4], skipped;
	uvlong seed;
	pid_t pid;

	cases = argc > 1 ? atoi(argv[1]) : 7000;
	memset(tally, 0, sizeof tally);
	skipped = 0;
	for(seed = getenv("CAMPAIGN_SEED") ? strtoull(getenv("CAMPAIGN_SEED"), nil, 0) : 1; seed <= (uvlong)cases; seed++){
		kind = seed % Nkind;
		fflush(stdout);
		if((pid = fork()) == 0){
			alarm(Timeout);
			if(!getenv("CAMPAIGN_VERBOSE"))
				freopen("/dev/null", "w", stderr);
			runcase(seed, kind);
		}
		waitpid(pid, &status, 0);
		if(WIFEXITED(status) && WEXITSTATUS(status) == 20)
			skipped++;
		else if(WIFEXITED(status) && WEXITSTATUS(status) == Detected)
			tally[kind][0]++;
		else if(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			tally[kind][1]++;
		else if(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			tally[kind][3]++;
		else{
			tally[kind][2]++;
			if(getenv("CAMPAIGN_VERBOSE"))
				fprintf(stderr, "seed %llu (%s): crashed, status %#x\n", seed, kindname[kind], status);
		}
		if(getenv("CAMPAIGN_VERBOSE") && WIFEXITED(status) && WEXITSTATUS(status) == 0)
			fprintf(stderr, "seed %llu (%s): missed\n", seed, kindname[kind]);
	}
	printf("| corruption | cases | detected | missed | crashed | hung | detection |\n|---|---|---|---|---|---|---|\n");
	for(kind = 0; kind < Nkind; kind++){
		int total = 0;
		for(i = 0; i < 4; i++)
			total += tally[kind][i];
		printf("| %s | %d | %d | %d | %d | %d | %.1f%% |\n", kindname[kind], total,
			tally[kind][0], tally[kind][1], tally[kind][2], tally[kind][3],
			total ? 100.0 * tally[kind][0] / total : 0.0);
	}
	printf("(%d seeds had no block of the kind wanted)\n", skipped);
	/* the bar: nothing crashes or hangs, and headers, footers and arena headers are caught 99% of the time */
	for(kind = 0; kind < Nkind; kind++){
		int total = tally[kind][0] + tally[kind][1] + tally[kind][2] + tally[kind][3];
		if(tally[kind][2] || tally[kind][3])
			return 1;
		if(kind <= Arenabyte && total > 0 && tally[kind][0] * 100 < 99 * total)
			return 1;
	}
	return 0;
}
