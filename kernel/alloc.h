/*
 * The kernel's malloc (kernel/alloc.c) and what is built on it.
 */
#ifndef ALLOC_H
#define ALLOC_H
#include "pool.h"

enum {
	Mtagsize	= 8,	/* the word of tags before each block's data (and the pools' phase) */
};

extern Pool	*mainmem;
extern Pool	*secrmem;

void	mallocinit(uintptr heapsize, int ncpu);	/* first, before any other call: the heap's size and the harts, for maxsize and the caches' shares */
void*	malloc(ulong);
void*	mallocz(ulong, int clr);
void*	calloc(ulong, ulong);
void*	realloc(void*, ulong);
void	free(void*);
ulong	msize(void*);
void*	mallocalign(ulong size, ulong align, long offset, ulong span);
void*	smalloc(ulong);
void*	secalloc(ulong);
void	secfree(void*);
void	setmalloctag(void*, uintptr);
uintptr	getmalloctag(void*);
void	setrealloctag(void*, uintptr);
uintptr	getrealloctag(void*);

/* for tests and tools: the same on any pool of phase Mtagsize */
void*	poolmalloc(Pool*, ulong size, int clr, uintptr pc);
void*	poolsmalloc(Pool*, ulong size, uintptr pc);
extern int smalloctries;

/* kernel/usage.c */
typedef struct Site Site;
struct Site {
	uintptr	pc;	/* the caller of malloc */
	ulong	count;	/* live blocks */
	uvlong	bytes;	/* bytes they asked for */
};
int	usagesites(Pool*, Site*, int);
void	usagereport(Pool*);
ulong	poollocks(Pool*);

#endif
