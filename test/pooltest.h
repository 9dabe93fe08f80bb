/*
 * A pool for tests (test/poolenv.c): arenas carved from a static heap,
 * optionally with gaps between them (so they cannot merge) or refused;
 * print captured so tests can read it; panic into the harness.
 */
#ifndef POOLTEST_H
#define POOLTEST_H
#include "pool.h"

enum {
	TESTHEAP	= 16<<20,
	MAXTARENA	= 256,
	Smallmax	= 32 + (POOL_NSMALL - 1)*16,	/* pool.c's largest list block */
	Slotbit		= 32 - POOL_NPOWER,	/* large list 0 holds the block sizes with this top bit */
	Largesize	= Smallmax + 4000,	/* a request that makes a large block */
	Slotwidth	= 1 << (Slotbit - POOL_LOG2NSUB),	/* the sizes one large list holds, at that top bit */
	Slotbase	= (1 << Slotbit) + Slotwidth,	/* the first size of large list 1, past the small lists */
	Arenaover	= sizeof(void*) == 8 ? 48 : 32,	/* an arena's header and tail */
};

extern Pool	tpool;
extern char	tprinted[8192];		/* what the pool printed, most recent last */
extern int	tnarena;		/* arenas handed out, not yet freed */
extern int	tnfreed;		/* arenas given back */
extern int	trefuse;		/* refuse arena requests while > 0 */
extern int	tgap;			/* leave this many bytes between arenas */
extern ulong	tbiggest;		/* refuse arenas larger than this, if not 0 */
extern int	tdown;			/* hand out arenas from the top of the heap down, as xalloc does */
extern int	tlogstack;		/* logstack calls */
extern int	tlockbad;		/* a callback ran unlocked, or lock/unlock unbalanced */

Pool*	tpoolinit(ulong maxsize, ulong minarena, int flags);
int	tprintedhas(char*);
uchar*	tfill(void *v, ulong n, int seed);	/* pattern for block contents */
void	tlayout(Pool *p, int n, ulong *size, uchar **v);	/* n blocks side by side, rising */
int	tverify(void *v, ulong n, int seed);	/* 1 if the pattern is intact */
void	tcheckempty(Pool*);	/* nothing allocated, one free block per arena, accounting exact */
void	tcheckacct(Pool*);	/* poolcheck, and poolstats agrees with the counters */

#endif
