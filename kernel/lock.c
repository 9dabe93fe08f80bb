/*
 * Spinlocks.  The swap is an amoswap.w with acquire ordering, the
 * release a store with release ordering (gcc's __atomic builtins emit
 * exactly those on RISC-V).  The holder and the pc it locked at are
 * kept, so that taking a lock twice on one hart, or waiting absurdly
 * long for one, panics with both places instead of hanging.
 * ilock also disables interrupts; nested ilocks restore the state the
 * outermost one found.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"

ulong lockspinlimit = LOCKSPINDEFAULT;	/* spins before we call it a deadlock: seconds under QEMU */

static void
lockpc(Lock *l, uintptr pc)
{
	ulong n;

	if(__atomic_load_n(&l->m, __ATOMIC_RELAXED) == m() && __atomic_load_n(&l->key, __ATOMIC_RELAXED))
		panic("lock %#p: taken again by hart %llud at pc %#p, which took it at pc %#p",
			l, m()->hartid, pc, __atomic_load_n(&l->pc, __ATOMIC_RELAXED));
	for(n = 0; __atomic_exchange_n(&l->key, 1, __ATOMIC_ACQUIRE) != 0; ){
		while(__atomic_load_n(&l->key, __ATOMIC_RELAXED) != 0)
			if(++n > lockspinlimit){
				Mach *h = __atomic_load_n(&l->m, __ATOMIC_RELAXED);

				panic("lock %#p: hart %llud spun %lud times at pc %#p; held by hart %lld since pc %#p",
					l, m()->hartid, n, pc, h ? (vlong)h->hartid : -1LL,
					__atomic_load_n(&l->pc, __ATOMIC_RELAXED));
			}
	}
	__atomic_store_n(&l->m, m(), __ATOMIC_RELAXED);
	__atomic_store_n(&l->pc, pc, __ATOMIC_RELAXED);
}

void
lock(Lock *l)
{
	lockpc(l, (uintptr)__builtin_return_address(0));
}

int
canlock(Lock *l)
{
	if(__atomic_exchange_n(&l->key, 1, __ATOMIC_ACQUIRE) != 0)
		return 0;
	__atomic_store_n(&l->m, m(), __ATOMIC_RELAXED);
	__atomic_store_n(&l->pc, (uintptr)__builtin_return_address(0), __ATOMIC_RELAXED);
	return 1;
}

void
unlock(Lock *l)
{
	if(__atomic_load_n(&l->key, __ATOMIC_RELAXED) == 0)
		panic("unlock of unlocked lock %#p at pc %#p", l, __builtin_return_address(0));
	if(l->m != m())
		panic("unlock of lock %#p at pc %#p by hart %llud; it was taken at pc %#p by another hart",
			l, __builtin_return_address(0), m()->hartid, l->pc);
	__atomic_store_n(&l->m, nil, __ATOMIC_RELAXED);
	__atomic_store_n(&l->pc, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&l->key, 0, __ATOMIC_RELEASE);
}

/* holding: does this hart hold l? */
int
holding(Lock *l)
{
	return __atomic_load_n(&l->key, __ATOMIC_RELAXED) && __atomic_load_n(&l->m, __ATOMIC_RELAXED) == m();
}

void
ilock(Lock *l)
{
	int s;

	s = splhi();
	if(m()->ilockdepth++ == 0)
		m()->ilockie = s;
	lockpc(l, (uintptr)__builtin_return_address(0));
}

void
iunlock(Lock *l)
{
	unlock(l);
	if(m()->ilockdepth <= 0)
		panic("iunlock of %#p without ilock", l);
	if(--m()->ilockdepth == 0)
		splx(m()->ilockie);
}
