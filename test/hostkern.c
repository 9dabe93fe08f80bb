/*
 * The kernel's locks, for kernel/alloc.c and kernel/xalloc.c built on
 * the host (test/kmalloc.c): the host tests are single-threaded, so a
 * lock only checks that it is taken and released in turn.
 */
#include "u.h"
#include "lib.h"
#include "dat.h"
#include "fns.h"

ulong lockspinlimit = LOCKSPINDEFAULT;

void
lock(Lock *l)
{
	if(l->key)
		panic("lock %#p: taken again", l);
	l->key = (Mach*)l;
}

void
unlock(Lock *l)
{
	if(!l->key)
		panic("unlock of unlocked lock %#p", l);
	l->key = nil;
}

int
canlock(Lock *l)
{
	if(l->key)
		return 0;
	l->key = (Mach*)l;
	return 1;
}

int	holding(Lock *l) { return l->key != nil; }
void	ilock(Lock *l) { lock(l); }
void	iunlock(Lock *l) { unlock(l); }
int	machoff(void) { return 0; }	/* one "hart", no interrupts */
void	machon(int x) { USED(x); }
uintptr	introff(void) { return 0; }
void	intron(uintptr x) { USED(x); }
Mach	mach[MAXHART];
