/*
 * The replay on the host, for callgrind: the portable pool against the
 * malloc this program is linked with (glibc's, or jemalloc or mimalloc
 * when linked with -ljemalloc or -lmimalloc).  Only the hb_* functions
 * are calls into the allocator; bench.sh has callgrind count just them.
 *	hostbench pool|malloc trace.bin
 */
#include "u.h"
#include "lib.h"
#include "pool.h"
#include "replay.h"
#include "poolio.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

/* The pool given a 1 GiB heap as one arena up front, as in the QEMU bench. */
static Pool	pool;
static uchar	*region, *next;

enum {
	Regionsize	= 1UL<<32,
	Ahdr		= 16,	/* like xalloc: each arena's size before it */
};

static void*
arena(ulong n)
{
	uchar *v;

	n = (n + 15) & ~15UL;
	if(n + Ahdr > (uintptr)(region + Regionsize - next))
		return nil;
	*(ulong*)next = n + Ahdr;
	v = next + Ahdr;
	next = v + n;
	return v;
}

static int
merge(void *a, void *b)
{
	uchar *h;

	h = (uchar*)a - Ahdr;
	if(h + *(ulong*)h != (uchar*)b - Ahdr)
		return 0;
	*(ulong*)h += *(ulong*)((uchar*)b - Ahdr);
	return 1;
}

static int
poolinit(uintptr limit)
{
	memset(&pool, 0, sizeof pool);
	pool.name = "bench";
	pool.layout = POOL_LAYOUT;
	pool.errstr = poolerrstr;
	pool.maxsize = limit ? limit : Regionsize;
	pool.minarena = 1UL<<30;
	pool.quantum = getenv("QUANTUM") ? strtoul(getenv("QUANTUM"), nil, 0) : 16;
	pool.alloc = arena;
	pool.merge = merge;
	pool.print = poolnoprint;
	pool.panic = poolpanicto;
	next = region;
	poolfree(&pool, poolalloc(&pool, 1));	/* the arena, outside the count */
	return 0;
}

static Balloc	*A;
static int	usepool;

void* __attribute__((noinline))
hb_alloc(ulong n)
{
	return usepool ? poolalloc(&pool, n) : malloc(n);
}

void __attribute__((noinline))
hb_free(void *v)
{
	if(usepool)
		poolfree(&pool, v);
	else
		free(v);
}

void* __attribute__((noinline))
hb_realloc(void *v, ulong n)
{
	return usepool ? poolrealloc(&pool, v, n) : realloc(v, n);
}

void* __attribute__((noinline))
hb_memalign(ulong align, ulong n)
{
	void *v;

	if(usepool)
		return poolallocalign(&pool, n, align, 0, 0);
	return posix_memalign(&v, align < sizeof(void*) ? sizeof(void*) : align, n) ? nil : v;
}

static uintptr	footprint(void) { return usepool ? pool.cursize : 0; }
static void	fini(void) { }
static int	sysinit(uintptr limit) { USED(limit); return 0; }

static Balloc hb = { "host", nil, hb_alloc, hb_free, hb_realloc, hb_memalign, footprint, fini };

int
main(int argc, char **argv)
{
	FILE *f;
	long len;
	Tracehdr *h;
	Btable t;
	Bresult r;
	char *why;

	if(argc != 3){
		fprintf(stderr, "usage: hostbench pool|malloc trace.bin\n");
		return 2;
	}
	usepool = strcmp(argv[1], "pool") == 0;
	if((f = fopen(argv[2], "rb")) == nil || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0){
		perror(argv[2]);
		return 1;
	}
	rewind(f);
	h = mmap(nil, len, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	if(h == MAP_FAILED || fread(h, 1, len, f) != (size_t)len){
		perror("read");
		return 1;
	}
	if((why = tracecheck(h, len)) != nil){
		fprintf(stderr, "%s: %s\n", argv[2], why);
		return 1;
	}
	region = mmap(nil, Regionsize, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0);
	t.ptr = calloc(h->nid, sizeof t.ptr[0]);
	t.size = calloc(h->nid, sizeof t.size[0]);
	if(region == MAP_FAILED || t.ptr == nil || t.size == nil){
		perror("memory");
		return 1;
	}
	A = &hb;
	hb.init = usepool ? poolinit : sysinit;
	A->init(0);
	replay(A, h, (Tevent*)(h + 1), &t, &r, nil, 0);
	printf("hostbench: %s %s: %llu events, %llu corrupt, %llu failed, %llu not 16-byte aligned\n", argv[1], h->name,
		(unsigned long long)r.events, (unsigned long long)r.corrupt, (unsigned long long)r.fails,
		(unsigned long long)r.misaligned);
	return r.corrupt || r.fails;
}
