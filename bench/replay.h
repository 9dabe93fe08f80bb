/*
 * Replaying a trace against an allocator (bench/replay.c), in the
 * kernel under QEMU or on the host.
 */
#ifndef REPLAY_H
#define REPLAY_H
#include "trace.h"

typedef struct Balloc Balloc;
typedef struct Bstat Bstat;
typedef struct Bresult Bresult;

/* An allocator under test, over a heap of at most limit bytes (0: no limit). */
struct Balloc {
	char	*name;
	int	(*init)(uintptr limit);		/* a fresh heap; -1 if it cannot */
	void*	(*alloc)(ulong);
	void	(*free)(void*);
	void*	(*realloc)(void*, ulong);
	void*	(*memalign)(ulong align, ulong);
	uintptr	(*footprint)(void);		/* bytes taken from below it, at the most */
	void	(*fini)(void);			/* give everything back */
	uintptr	(*grown)(void);			/* nil, or what changes when a call takes more from below */
};

enum {
	Opalloc,
	Opfree,
	Oprealloc,
	Nop,
	Nhist	= 1<<16,	/* costs below this are counted exactly */
	Nworst	= 24,		/* the costliest allocs and frees kept for a look */
};

typedef struct Bworst Bworst;
struct Bworst {
	u64int	ev;		/* event index in the trace */
	u32int	cost;
	u32int	size;		/* asked for, or (free) of the object freed */
	int	op;
};

struct Bstat {
	uvlong	n;
	uvlong	sum;
	uvlong	max;
	uvlong	over[64];	/* costs of Nhist or more, by power of two */
	u32int	hist[Nhist];
};

struct Bresult {
	uvlong	events;
	uvlong	total;		/* instructions in all allocator calls */
	uvlong	fails;		/* allocations that returned nil */
	uvlong	corrupt;	/* blocks whose contents changed */
	uvlong	misaligned;	/* blocks not 16-byte aligned (RISC-V's LP64 malloc must be) */
	uintptr	footprint;
	Bstat	op[Nop];
	Bstat	grew[Nop];	/* the calls among those that took more memory from below (Balloc.grown) */
	Bworst	worst[Nworst];	/* the costliest alloc and free calls, in no order */
};

/* Work space for a replay: a pointer and a size per object. */
typedef struct Btable Btable;
struct Btable {
	void	**ptr;
	u32int	*size;
};

/*
 * replay: run the trace through a (already initialised); count with
 * counter (nil: no counting) less overhead per call; stop at the first
 * failed allocation if stoponfail.  Returns 0 if every allocation
 * succeeded, 16-byte aligned, and no block was damaged.
 */
int	replay(Balloc *a, Tracehdr *h, Tevent *ev, Btable *t, Bresult *r, uvlong (*counter)(void), int stoponfail);
uvlong	replayoverhead(uvlong (*counter)(void));
uvlong	bpercentile(Bstat*, double);
uvlong	bover(Bstat*, uvlong);
char*	tracecheck(Tracehdr *h, uintptr len);	/* nil if sound, else why not */

extern Balloc bumpalloc, firstfitalloc;
void	bumpregion(void *base, uintptr size);
void	firstfitregion(void *base, uintptr size);

/* The kernel's side (bench/kbench.c): the loaded trace and the allocators it replays. */
extern Tracehdr	*trace;
void	tracefind(uintptr ramtop);	/* keep a trace at TRACEADDR out of the heap */
Balloc*	benchalloc(char*);
int	benchsetup(void);
int	worstgen(void);	/* bench/worstgen.c: the worst heaps, built on purpose */
int	benchrun(Balloc*, uintptr limit, Bresult*, int count);
int	benchmain(char *args);

#endif
