/*
 * Spinlocks.  The key is the holder's Mach, taken with one
 * compare-and-swap (lr.d.aq/sc.d) and released with a release store, so
 * the uncontended ilock/iunlock pair is about 30 instructions
 * (measured by `bench lock`).  The holder and the pc it locked at are
 * kept, so that taking a lock twice on one hart, releasing one this
 * hart does not hold, or waiting absurdly long for one, panics with
 * both places instead of hanging.  Everything but the uncontended case
 * is out of line.  ilock also disables interrupts; nested ilocks
 * restore the state the outermost one found.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"

ulong lockspinlimit = LOCKSPINDEFAULT;	/* spins before we call it a deadlock: seconds under QEMU */
ulong lockwaits;	/* acquisitions that found the lock held, all locks */
ulong lockspins;	/* times round the wait loop, all locks */

/*
 * callerpc: where the function that called this one was called from,
 * read from ra directly: __builtin_return_address makes gcc build a
 * stack frame.  Only in the lock calls themselves, before any call.
 */
#define callerpc() ({ uintptr pc_; __asm__ volatile("mv %0, ra" : "=r"(pc_)); pc_; })

static int
take(Lock *l, Mach *me)
{
	Mach *free;

	free = nil;
	return __atomic_compare_exchange_n(&l->key, &free, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* contended: wait for l, which another hart (or, a panic, this one) holds; then note pc */
static void __attribute__((noinline))
contended(Lock *l, Mach *me, uintptr pc)
{
	Mach *h;
	ulong n;

	if(__atomic_load_n(&l->key, __ATOMIC_RELAXED) == me)
		panic("lock %#p: taken again by hart %llud at pc %#p, which took it at pc %#p",
			l, me->hartid, pc, __atomic_load_n(&l->pc, __ATOMIC_RELAXED));
	for(n = 0; !take(l, me); )
		while(__atomic_load_n(&l->key, __ATOMIC_RELAXED) != nil){
			pause();
			if(++n > lockspinlimit){
				h = __atomic_load_n(&l->key, __ATOMIC_RELAXED);
				panic("lock %#p: hart %llud spun %lud times at pc %#p; held by hart %lld since pc %#p",
					l, me->hartid, n, pc, h ? (vlong)h->hartid : -1LL,
					__atomic_load_n(&l->pc, __ATOMIC_RELAXED));
			}
		}
	l->pc = pc;
	__atomic_add_fetch(&lockwaits, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&lockspins, n, __ATOMIC_RELAXED);
}

/* unlockbad: l is not this hart's to release, or (ilocked) no ilock is held */
static void __attribute__((noinline))
unlockbad(Lock *l, uintptr pc, int ilocked)
{
	Mach *h;

	h = __atomic_load_n(&l->key, __ATOMIC_RELAXED);
	if(h == nil)
		panic("unlock of unlocked lock %#p at pc %#p", l, pc);
	if(h != m())
		panic("unlock of lock %#p at pc %#p by hart %llud; it was taken at pc %#p by another hart",
			l, pc, m()->hartid, l->pc);
	if(ilocked)
		panic("iunlock of %#p at pc %#p without ilock", l, pc);
}

/* the slow cases are tail calls, so the fast paths need no stack frame */
void
lock(Lock *l)
{
	uintptr pc = callerpc();

	if(!take(l, m())){
		contended(l, m(), pc);
		return;
	}
	l->pc = pc;
}

int
canlock(Lock *l)
{
	uintptr pc = callerpc();

	if(!take(l, m()))
		return 0;
	l->pc = pc;
	return 1;
}

void
unlock(Lock *l)
{
	uintptr pc = callerpc();

	if(__atomic_load_n(&l->key, __ATOMIC_RELAXED) != m()){
		unlockbad(l, pc, 0);
		return;
	}
	__atomic_store_n(&l->key, nil, __ATOMIC_RELEASE);
}

/* holding: does this hart hold l? */
int
holding(Lock *l)
{
	return __atomic_load_n(&l->key, __ATOMIC_RELAXED) == m();
}

/*
 * ilock and iunlock are arch/riscv64/ilock.S: the uncontended case in
 * 13 and 12 instructions, with the slow cases here.  ilockslow: l was
 * not free; interrupts are off and the depth counted.
 */
void
ilockslow(Lock *l, Mach *me, uintptr pc)
{
	contended(l, me, pc);
}

/* iunlockslow: l is not this hart's, or this hart holds no ilock */
void
iunlockslow(Lock *l, uintptr pc)
{
	unlockbad(l, pc, 1);
}

_Static_assert(offsetof(Mach, ilockdepth) == 16 && offsetof(Mach, ilockie) == 20, "ilock.S's Mach offsets");
_Static_assert(offsetof(Lock, key) == 0 && offsetof(Lock, pc) == 8, "ilock.S's Lock offsets");

