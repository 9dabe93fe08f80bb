/*
 * The pool allocator, as pool(2) describes it.  A Pool is set up by
 * filling in its fields (zero the rest); port/pool.c does the work.
 */
#ifndef POOL_H
#define POOL_H

#include "u.h"

typedef struct Pool Pool;

/*
 * Free blocks of up to 16*POOL_NSMALL + 16 bytes sit in exact-size
 * lists, one per 16 bytes; larger ones in size tries, 2^POOL_LOG2NSUB
 * per power of two (each holds one slice of the power's sizes).  More
 * lists make a Pool larger (8 bytes a list) and take more blocks off
 * the tries, whose walks are the costliest calls; more tries make each
 * walk shorter.  The default is 4,096 lists (blocks to 65,552 bytes)
 * and 32 tries per power of two, a 37 KiB Pool.  POOL_LOG2NSMALL may be
 * 6 to 12 and POOL_LOG2NSUB 0 to 6, each the same in every file that
 * includes this one, since they size struct Pool.
 */
#ifndef POOL_LOG2NSMALL
#define POOL_LOG2NSMALL	12
#endif
#ifndef POOL_LOG2NSUB
#define POOL_LOG2NSUB	5
#endif

enum {
	POOL_NSMALL	= 1 << POOL_LOG2NSMALL,	/* exact-size free lists */
	POOL_NTREE	= 28 - POOL_LOG2NSMALL,	/* powers of two with tries: 2^(32-POOL_NTREE) to 2^31 */
	POOL_NTRIE	= POOL_NTREE << POOL_LOG2NSUB,	/* size tries */
};
typedef struct Poolstats Poolstats;

struct Pool {
	char	*name;
	uintptr	maxsize;	/* of the entire pool */
	uintptr	cursize;	/* of the pool: arenas taken from alloc */
	uintptr	curfree;	/* bytes in free blocks */
	uintptr	curalloc;	/* bytes in allocated blocks */
	ulong	minarena;	/* smallest size of a new arena */
	ulong	quantum;	/* block sizes are a multiple of this: a power of two, at least 16 */
	ulong	minblock;	/* smallest newly allocated block */
	int	flags;
	int	nfree;		/* number of calls to free */
	int	lastcompact;	/* nfree at the time of the last poolcompact */

	void*	(*alloc)(ulong);		/* a new arena, 16-byte aligned, or nil */
	int	(*merge)(void*, void*);		/* make two adjacent arenas one; 0 if not adjacent */
	void	(*move)(void *from, void *to);	/* a block moved by poolcompact */
	void	(*free)(void*, ulong);		/* give an arena back (poolreset) */
	void	(*lock)(Pool*);
	void	(*unlock)(Pool*);
	void	(*print)(Pool*, char*, ...);	/* may be called with the pool locked */
	void	(*panic)(Pool*, char*, ...);	/* must not return; may be called with the pool locked */
	void	(*logstack)(Pool*);

	void	*private;

	/* the allocator's own; zero when the pool is set up */
	void	*arenalist;	/* arenas, by descending address */
	uintptr	peakalloc;	/* highest curalloc seen */
	uintptr	lo, hi;		/* the arenas lie within [lo, hi): links are checked against it */
	ulong	nfreeblk;	/* blocks in the tries */
	ulong	treemap;	/* which powers of two have a trie that is not empty */
	ulong	trieup;		/* POOL_NTRIE less a trie at or below the first that is not empty; 0 if none */
	uvlong	treesub[POOL_NTREE];	/* which of each power's tries are not empty */
	uvlong	smallsum;	/* which words of smallmap are not 0 */
	uvlong	smallmap[POOL_NSMALL/64];	/* which of small[] are not empty */
	void	*small[POOL_NSMALL];	/* exact-size lists of small free blocks (first: the hot paths reach them with short offsets) */
	void	*tree[POOL_NTRIE];	/* size tries of the larger free blocks */
};

enum {	/* flags */
	POOL_ANTAGONISM	= 1<<0,	/* fill blocks with recognisable garbage */
	POOL_PARANOIA	= 1<<1,	/* check the whole pool on every entry and exit */
	POOL_VERBOSITY	= 1<<2,	/* dump the whole pool on every entry and exit */
	POOL_DEBUGGING	= 1<<3,	/* internal tracing */
	POOL_LOGGING	= 1<<4,	/* one line per call, and logstack */
	POOL_TOLERANCE	= 1<<5,	/* one NUL written past the end is reported, not fatal */
	POOL_NOREUSE	= 1<<6,	/* freed blocks are filled and never reused */
};

struct Poolstats {
	uintptr	cursize;	/* arena bytes */
	uintptr	curalloc;	/* bytes in allocated blocks */
	uintptr	curfree;	/* bytes in free blocks */
	uintptr	peakalloc;	/* highest curalloc since the pool began (or was reset) */
	uintptr	maxfree;	/* largest free block */
	ulong	nalloc;		/* allocated blocks (dead NOREUSE blocks included) */
	ulong	nfreeblocks;	/* free blocks */
	ulong	narena;		/* arenas, after merging */
};

void*	poolalloc(Pool*, ulong);
void*	poolallocalign(Pool*, ulong size, ulong align, long offset, ulong span);
void	poolfree(Pool*, void*);
ulong	poolmsize(Pool*, void*);
int	poolisoverlap(Pool*, void*, ulong);
void*	poolrealloc(Pool*, void*, ulong);
int	poolcompact(Pool*);
void	poolcheck(Pool*);
void	poolblockcheck(Pool*, void*);
void	pooldump(Pool*);
void	poolreset(Pool*);
void	poolstats(Pool*, Poolstats*);
/* poolblocks: f(p, ptr, size, arg) for each allocated block, with the pool locked; f must not call the pool */
void	poolblocks(Pool*, void (*f)(Pool*, void*, ulong, void*), void*);

#endif
