/*
 * The kernel's malloc family (kernel/alloc.c over kernel/xalloc.c), in
 * the kernel and on the host: there under ASan and UBSan, with the
 * libc names renamed (KRENAME in the Makefile), over a heap of its own.
 */
#include "u.h"
#include "lib.h"
#include "dat.h"
#include "test.h"
#include "xalloc.h"
#include "alloc.h"

#ifdef HOST
static uchar	kheap[8<<20] __attribute__((aligned(4096)));

/* setup: the host's kernel heap, once: xalloc's pages and the main pool's size */
static void
setup(void)
{
	static int done;

	if(done)
		return;
	xinit((uintptr)kheap, (uintptr)kheap + sizeof kheap);
	mallocinit(xfreebytes(&xlist), 1);
	done = 1;
}
#else
static void	setup(void) {}	/* boot made the heap */
#endif

static void
mallocbasic(void)
{
	uchar *v, *w;
	ulong i, n;

	setup();
	v = malloc(4000);
	memset(v, 0xFF, 4000);
	free(v);
	w = malloc(4000);	/* zeroed even if it is the same memory */
	for(i = 0; i < 4000; i++)
		if(w[i] != 0)
			testfail(__FILE__, __LINE__, "malloc byte %lud is %ux", i, w[i]);
	free(w);
	for(n = 0; n < 300; n += 7){
		v = malloc(n);
		checkeq((uintptr)v % 16, 0);
		check(msize(v) >= n);
		free(v);
	}
	v = mallocz(100, 0);
	check(v != nil);
	free(v);
	v = calloc(10, 100);
	for(i = 0; i < 1000; i++)
		checkeq(v[i], 0);
	free(v);
	check(calloc(~0UL/2, 4) == nil);
	check(malloc(~0UL) == nil);
	v = realloc(nil, 10);
	check(v != nil);
	free(v);
	free(nil);
}

static void
mallocaligned(void)
{
	uchar *v;

	setup();
	v = mallocalign(100, 4096, 0, 0);
	checkeq((uintptr)v % 4096, 0);
	checkeq(v[99], 0);
	check(msize(v) >= 100);
	free(v);
	v = mallocalign(100, 64, 8, 0);
	checkeq((uintptr)v % 64, 8);
	free(v);
	v = mallocalign(1000, 0, 0, 1024);	/* the tags count against the span */
	checkeq((uintptr)(v - 8) / 1024, ((uintptr)v + 999) / 1024);
	free(v);
}


/* the barriers keep gcc from making these tail calls, which would tag our caller instead */
static void* __attribute__((noinline))
allocsite(void)
{
	void *v;

	v = malloc(10);
	__asm__ volatile("" ::: "memory");
	return v;
}

static void* __attribute__((noinline))
reallocsite(void *v)
{
	v = realloc(v, 5000);
	__asm__ volatile("" ::: "memory");
	return v;
}

static void
malloctags(void)
{
	void *v, *w;

	setup();
	v = allocsite();
	check(inside(allocsite, getmalloctag(v)));
	checkeq(getrealloctag(v), 0);
	w = reallocsite(v);
	check(inside(allocsite, getmalloctag(w)));	/* the allocator stays */
	check(inside(reallocsite, getrealloctag(w)));
	setmalloctag(w, (uintptr)malloctags + 0x1234);	/* any pc in the image: the tags keep its low half */
	setrealloctag(w, (uintptr)malloctags - 0x5678);
	checkeq(getmalloctag(w), (uintptr)malloctags + 0x1234);
	checkeq(getrealloctag(w), (uintptr)malloctags - 0x5678);
	free(w);
}


/* the tags take one word: 48 bytes, the word and the pool's header fill a 64-byte block; the caller's pointer 16-byte aligned */
static void
tagword(void)
{
	uchar *v, *w;

	setup();
	v = malloc(48);
	w = malloc(40);
	checkeq((uintptr)v % 16, 0);
	checkeq((uintptr)w % 16, 0);
	checkeq(msize(v), 48);
	checkeq(msize(w), 48);	/* the same block: 40 bytes, 8 of slack */
	check(inside(tagword, getmalloctag(v)));
	free(v);
	free(w);
}

/* an aligned block's realloc in place stores the realloc tag at an odd address: byte by byte */
static void
mallocalignrealloc(void)
{
	uchar *v, *w;
	int i;

	setup();
	v = mallocalign(100, 64, 1, 0);
	checkeq((uintptr)v % 64, 1);
	for(i = 0; i < 100; i++)
		v[i] = i;
	w = realloc(v, 60);	/* shrinks in place */
	check(w == v);
	w = realloc(w, 100);
	check(w == v);
	for(i = 0; i < 60; i++)
		checkeq(w[i], i);
	check(getrealloctag(w) != 0);
	w = realloc(w, 100000);	/* moves */
	for(i = 0; i < 60; i++)
		checkeq(w[i], i);
	free(w);
}

/* free takes only what mallocalign returned */
static void
mallocalignfree8(void)
{
	uchar *v;

	setup();
	v = mallocalign(100, 64, 0, 0);
	free(v + 8);
}

static void
mallocalignfree1(void)
{
	uchar *v;

	setup();
	v = mallocalign(100, 4096, 0, 0);
	free(v + 1);
}

Test kmalloctests[] = {
	{"malloc-basic", mallocbasic},
	{"malloc-align", mallocaligned},
	{"malloc-tags", malloctags},
	{"malloc-tag-word", tagword},
	{"malloc-align-realloc", mallocalignrealloc},
	{"malloc-align-free-plus8", mallocalignfree8, "not a block"},
	{"malloc-align-free-plus1", mallocalignfree1, "not a block"},
	{nil},
};
