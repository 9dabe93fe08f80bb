/*
 * The pool allocator of pool(2): port/pool.c and this file are all an
 * embedder needs, with memmove and memset.  Only standard C11 types
 * appear here, so it sits beside any kernel's own headers; it and
 * pool.c include only <stddef.h>, <stdint.h> and <stdarg.h>, which
 * every C11 compiler provides even freestanding.  For pages at one
 * page each, see page.h.
 *
 * Setting up: fill in a Pool's configuration, zero the rest (a static
 * Pool with designated initializers does both), and set .layout to
 * POOL_LAYOUT, which says the Pool was compiled with the same
 * POOL_LOG2NSMALL and POOL_LOG2NSUB as the allocator; the first call
 * on it panics if not.  Nothing else needs calling first.
 *
 * Locking: every public call brackets its work with lock and unlock
 * (when not nil), but for a pool with per-CPU caches, whose hits run
 * unlocked with interrupts off (cpuoff); poolreset must not race with
 * any other call.  alloc, merge and move are called with the lock
 * held and the pool consistent, and must not call back into the pool.
 * print, panic and errstr may be called with the lock held.  free is
 * called by poolreset after it unlocks.  No call sleeps or spins on
 * its own, so with a spinlock that disables interrupts (or none, on
 * one hart with interrupts off) every call is safe with interrupts
 * off.  A call needs under 1 KiB of stack (messages are formatted in
 * a 256-byte buffer on it).
 *
 * Cost: no call's work depends on how many blocks the pool holds,
 * except arena lookup (a binary search of at most POOL_NARENA),
 * emptying a per-CPU cache (its blocks, at most cachebytes of them),
 * poolallocalign's search for a placement whose period is long (up to
 * 2^20 steps), the walk of one arena on the way to a panic, and
 * poolcheck, pooldump, poolblocks, poolcompact and poolreset, which
 * walk every block.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Free blocks of up to 16*POOL_NSMALL + 16 bytes sit in exact-size
 * lists, one per 16 bytes (the best fit); larger ones in lists of
 * 2^POOL_LOG2NSUB slices of each power of two (a fit within that slice
 * of the best).  More small lists make a Pool larger (8 bytes a list)
 * and keep more blocks on the best fit; more slices waste less of a
 * large block.  The default, 4,096 small lists (blocks to 65,552
 * bytes) and 32 slices a power of two, makes a Pool of about 37 KiB.
 * POOL_LOG2NSMALL may be 6 to 12, POOL_LOG2NSUB 0 to
 * 6; they size struct Pool, so must be the same wherever this file is
 * included (POOL_LAYOUT checks that).
 */
#ifndef POOL_LOG2NSMALL
#define POOL_LOG2NSMALL	12
#endif
#ifndef POOL_LOG2NSUB
#define POOL_LOG2NSUB	5
#endif
#define POOL_LAYOUT	(0x9D000000 | POOL_LOG2NSMALL << 8 | POOL_LOG2NSUB << 4 | (int)sizeof(void*))

enum {
	POOL_NSMALL	= 1 << POOL_LOG2NSMALL,	/* exact-size free lists */
	POOL_NPOWER	= 28 - POOL_LOG2NSMALL,	/* powers of two of large lists: 2^(32-POOL_NPOWER) to 2^31 */
	POOL_NSLOT	= POOL_NPOWER << POOL_LOG2NSUB,	/* large lists */
	POOL_NARENA	= 128,	/* arenas a pool holds at most, after merging */
};

typedef struct Pool Pool;
typedef struct Poolstats Poolstats;
typedef struct Poolcache Poolcache;

/*
 * A per-CPU cache (optional, see Pool.cache): freed blocks of up to
 * 32 + 16*(POOL_NCACHE-1) bytes, linked through their data, one list a
 * size, handed out again by the CPU that holds them without the pool's
 * lock.  The embedder provides one per CPU, zeroed; the pool owns them.
 */
enum {
	POOL_NCACHE	= 256,	/* sizes a cache keeps: blocks of 32, 48, ... 4112 bytes */
};

struct Poolcache {
	uintptr_t	bytes;		/* in all the lists */
	int	flush;			/* set by another CPU: give every block back at the next call */
	uintptr_t	biglo, bigspan;	/* the largest arena as this CPU last saw it: its first block, and the bytes to its tail */
	uintptr_t	farlo, farspan;	/* the same for the arena this CPU's last free outside that found */
	unsigned long	fargen;		/* the arena index's generation (Pool.arenagen) when that was found */
	uintptr_t	prevlo, prevspan;	/* the far view before */
	unsigned long	prevgen;		/* and its generation */
	void	*head[POOL_NCACHE];	/* the last cached block of each size; each links to the one before */
};

struct Pool {
	/* configuration, the embedder's */
	char	*name;
	unsigned long	layout;		/* POOL_LAYOUT */
	uintptr_t	maxsize;	/* most bytes of arenas to take; 0: none */
	unsigned long	minarena;	/* smallest arena to ask alloc for (after the first, half the pool at least, or maxsize/8 if less) */
	unsigned long	quantum;	/* block sizes are a multiple of this: a power of two from 16 to 4096 (0: 16) */
	unsigned long	minblock;	/* smallest block to hand out, at most 16384 */
	int	flags;			/* POOL_ANTAGONISM ... below */
	unsigned long	phase;		/* 0: pointers 16-byte aligned; 8: 8 bytes past, for an embedder's word before them (an arena loses 16 bytes) */

	/*
	 * alloc(n): n bytes (n a multiple of 16, at most 4 GiB + 32) for
	 * a new arena, 16-byte aligned, or nil; best each just below the
	 * last (a pool's free space lies at its arenas' fronts, where a
	 * new arena below joins it), but any order works.  merge(lo, hi): 1 if arena
	 * hi begins exactly where arena lo ends, and the coarse allocator
	 * has joined them in its books (the pool then owns both and the
	 * seam between), else 0; nil: never.  move(from, to): poolcompact
	 * moved the block at from to to; nil: no compaction.  free(a, n):
	 * arena a of n bytes back, on poolreset; nil: kept.  lock and
	 * unlock: nil for a pool used by one thread.  print(p, fmt, ...):
	 * a line of a report (a dump, a warning); panic(p, fmt, ...): a
	 * fatal error, and must not return.  Both get finished text as
	 * ("%s", msg), so a printf or a Plan 9 print will do; neither may
	 * be nil.  errstr(p, msg): why the call about to return nil
	 * failed; nil to drop it.  logstack: POOL_LOGGING's stack trace;
	 * may be nil.
	 */
	void*	(*alloc)(unsigned long);
	int	(*merge)(void*, void*);
	void	(*move)(void *from, void *to);
	void	(*free)(void*, unsigned long);
	void	(*lock)(Pool*);
	void	(*unlock)(Pool*);
	void	(*print)(Pool*, char*, ...);
	void	(*panic)(Pool*, char*, ...);
	void	(*errstr)(Pool*, char*);
	void	(*logstack)(Pool*);
	void	*private;		/* the embedder's */

	/*
	 * Per-CPU caches, optional: cache points at ncache zeroed
	 * Poolcaches, one per CPU; nil turns them off.  cachebytes: the
	 * most bytes a cache keeps; cachemax: the largest block size
	 * cached (at most 4112).  A block freed to a full cache goes
	 * back to the pool at once, under the lock.  cpuoff(p) turns
	 * interrupts off on this CPU and returns its cache's index (0 to
	 * ncache-1) shifted left one, with bit 0 set if they were on;
	 * cpuon(p, x) restores what cpuoff(p) found, given its return.
	 * poolalloc and poolfree use them for a pool with a lock (they
	 * save only the lock), poolcachealloc and poolcachefree for any;
	 * either only while flags is 0.  The README says what they cost
	 * and check.
	 */
	Poolcache	*cache;
	int	ncache;
	unsigned long	cachebytes;
	unsigned long	cachemax;
	int	(*cpuoff)(Pool*);
	void	(*cpuon)(Pool*, int);

	/* the allocator's own, readable: zero at setup */
	uintptr_t	cursize;	/* bytes of arenas taken */
	uintptr_t	curfree;	/* bytes in free blocks */
	uintptr_t	curalloc;	/* bytes in allocated blocks */
	uintptr_t	peakalloc;	/* highest curalloc between calls */
	int	nfree;			/* calls to free */
	int	lastcompact;		/* nfree at the last poolcompact */

	/* the allocator's own: zero at setup, never touched by the embedder */
	void	*arenalist;	/* arenas, by descending address */
	unsigned long	arenagen;	/* odd while the arena index changes, bumped past each change: a cached free searches it unlocked */
	void	*arenabig;	/* the largest arena: the fast paths look there first */
	uintptr_t	biglo, bigspan;	/* its blocks, from the first to its tail: the fast paths' view, not read from its header */
	void	*arenalast;	/* the arena a free outside it last found; nil after arenas change */
	void	*arena[POOL_NARENA];	/* the arenas by ascending address, for a binary search */
	int	narena;		/* in arena[] */
	int	grows;		/* where the last arena added lay: 1 above the lowest, -1 below; 0 before a second */
	uintptr_t	lo, hi;		/* the arenas lie within [lo, hi) */
	uintptr_t	span;		/* hi - lo - the smallest block: where a free block's links may lead (read under the lock) */
	unsigned long	qmask;		/* quantum - 1 once the configuration is checked; 0 before */
	unsigned long	plain;		/* quantum 16 and no minblock: allocfast's inlined case */
	unsigned long	minbsize;	/* the smallest block the configuration allows */
	unsigned long	cachelimit;	/* the most bytes a cached block holds for its caller; 0 if none is */
	unsigned long	slotsum;	/* which powers of two have a large list that is not empty */
	unsigned long	slotup;		/* POOL_NSLOT less a large list at or below the first that is not empty; 0 if none */
	uint64_t	slotmap[POOL_NPOWER];	/* which of each power's large lists are not empty */
	uint64_t	smallsum;	/* which words of smallmap are not 0 */
	uint64_t	smallmap[POOL_NSMALL/64];	/* which of small[] are not empty */
	void	*small[POOL_NSMALL];	/* exact-size lists */
	void	*slot[POOL_NSLOT];	/* large lists, 2^POOL_LOG2NSUB a power of two */
};

enum {	/* flags, as pool(2) */
	POOL_ANTAGONISM	= 1<<0,	/* fill blocks with recognisable garbage */
	POOL_PARANOIA	= 1<<1,	/* check the whole pool on every entry and exit */
	POOL_VERBOSITY	= 1<<2,	/* dump the whole pool on every entry and exit */
	POOL_DEBUGGING	= 1<<3,	/* internal tracing */
	POOL_LOGGING	= 1<<4,	/* one line per call, and logstack */
	POOL_TOLERANCE	= 1<<5,	/* one NUL written past the end is reported, not fatal */
	POOL_NOREUSE	= 1<<6,	/* freed blocks are filled and never reused */
};

struct Poolstats {
	uintptr_t	cursize;	/* arena bytes */
	uintptr_t	curalloc;	/* bytes in allocated blocks */
	uintptr_t	curfree;	/* bytes in free blocks */
	uintptr_t	peakalloc;	/* highest curalloc between calls */
	uintptr_t	maxfree;	/* largest free block */
	uintptr_t	curcache;	/* bytes in per-CPU caches (not in curalloc) */
	unsigned long	nalloc;		/* allocated blocks (dead NOREUSE blocks included, cached ones not) */
	unsigned long	nfreeblocks;	/* free blocks */
	unsigned long	narena;		/* arenas, after merging */
};

/*
 * The calls.  Those that can fail return nil (0 for poolcompact) and
 * tell errstr why; a wrong pointer, a double free or damage found is
 * a panic, never a return.
 *	poolalloc(p, n): n bytes, 16-byte aligned; n may be 0.
 *	poolallocalign(p, n, align, offset, span): n bytes at an address
 *		that is offset modulo align (any align; 0: none) and does not
 *		cross a multiple of span (0: none).  Such a block never moves.
 *	poolfree(p, v): v nil, or a pointer a call returned.
 *	poolrealloc(p, v, n): in place when it can; nil v is poolalloc,
 *		zero n is poolfree; on failure v is untouched.
 *	poolmsize(p, v): the bytes usable at v.
 *	poolcompact(p): slide blocks down (calling move); 1 if any moved.
 *	poolcheck(p): check every block, list and counter; panic if wrong.
 *	poolblockcheck(p, v): check v's block.
 *	pooldump(p): print every arena and block.
 *	poolreset(p): forget every block; give the arenas to free.
 *	poolstats(p, s): the counts above, from a walk of every block.
 *	poolisoverlap(p, v, n): does [v, v+n) touch an arena?
 *	poolblocks(p, f, arg): f(p, v, n, arg) for each allocated block,
 *		with the pool locked; f must not call the pool.
 *	poolcachealloc(p, c, n), poolcachefree(p, c, v),
 *	poolcacherealloc(p, c, v, n): poolalloc, poolfree and
 *		poolrealloc (which itself takes the lock) through per-CPU
 *		cache c, for an embedder that has interrupts off and knows
 *		its CPU (c is that CPU's, one of p->cache); poolalloc and
 *		poolfree call them between cpuoff and cpuon.  Any may take
 *		the lock, on a miss; poolcacherealloc always does in a pool
 *		with move (a fill could compact the block away).
 */
void*	poolalloc(Pool*, unsigned long);
void*	poolallocalign(Pool*, unsigned long size, unsigned long align, long offset, unsigned long span);
void	poolfree(Pool*, void*);
unsigned long	poolmsize(Pool*, void*);
int	poolisoverlap(Pool*, void*, unsigned long);
void*	poolrealloc(Pool*, void*, unsigned long);
int	poolcompact(Pool*);
void	poolcheck(Pool*);
void	poolblockcheck(Pool*, void*);
void	pooldump(Pool*);
void	poolreset(Pool*);
void	poolstats(Pool*, Poolstats*);
void	poolblocks(Pool*, void (*f)(Pool*, void*, unsigned long, void*), void*);
void*	poolcachealloc(Pool*, Poolcache*, unsigned long);
void	poolcachefree(Pool*, Poolcache*, void*);
void*	poolcacherealloc(Pool*, Poolcache*, void*, unsigned long);

#endif
