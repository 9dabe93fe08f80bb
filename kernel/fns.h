/*
 * Kernel and arch functions.
 */
#ifndef FNS_H
#define FNS_H

/* arch/riscv64 */
void	uartputc(int);
void	exitqemu(int) __attribute__((noreturn));
int	sbihartstart(uvlong hartid, uintptr start, uintptr opaque);
void	sbihartstop(void);
long	sbihartstatus(uvlong hartid);
void	sbinap(uvlong ticks);
void	trap(Ureg*) __attribute__((noreturn));
int	setlabel(Label*) __attribute__((returns_twice));
void	gotolabel(Label*) __attribute__((noreturn));
extern char trapvec[], secondary[];

/* kernel */
void	lock(Lock*);
void	unlock(Lock*);
int	canlock(Lock*);
int	holding(Lock*);
void	ilock(Lock*);
void	iunlock(Lock*);
void	ilockslow(Lock*, Mach*, uintptr);	/* ilock.S's slow cases, in lock.c */
void	iunlockslow(Lock*, uintptr);
#ifdef HOST
int	machoff(void);	/* test/hostkern.c's: one "hart", no interrupts */
void	machon(int);
uintptr	introff(void);
void	intron(uintptr);
#else
#include "riscv.h"
/*
 * machoff: interrupts off on this hart; returns its number shifted left
 * one, with bit 0 set if they were on (a pool's cpuoff).  machon undoes
 * it, given what machoff returned.
 */
static inline int
machoff(void)
{
	u64int s;

	__asm__ volatile("csrrci %0, sstatus, 2" : "=r"(s) :: "memory");
	return m()->machno << 1 | (int)(s >> 1 & 1);
}

static inline void
machon(int x)
{
	__asm__ volatile("csrs sstatus, %0" :: "r"((u64int)(x & 1) << 1) : "memory");
}

/* introff: interrupts off on this hart; returns sstatus's SIE bit as it was, for intron */
static inline uintptr
introff(void)
{
	u64int s;

	__asm__ volatile("csrrci %0, sstatus, 2" : "=r"(s) :: "memory");
	return s & SSTATUS_SIE;
}

static inline void
intron(uintptr sie)
{
	__asm__ volatile("csrs sstatus, %0" :: "r"(sie) : "memory");
}
#endif
extern ulong lockspinlimit;
extern ulong lockwaits, lockspins;	/* waits for a held lock, and turns of their loops */
enum { LOCKSPINDEFAULT = 1<<30 };	/* seconds of spinning: far past any wait a busy host causes */
int	smprun(void (*fn)(void));
int	smprunn(int max, void (*fn)(void));

#ifndef HOST	/* a host program's main is its own */
void	main(uvlong hartid, void *fdt) __attribute__((noreturn));
#endif
void	init(char *bootargs);	/* what the booted kernel does: kernel/init.c, or the test or bench kernel's */
char*	macherrstr(void);
void	mpstart(uvlong hartid, Mach*) __attribute__((noreturn));
int	hartstart(int machno, uvlong hartid, void (*fn)(void));
void	hartwait(int machno);

/* exit codes through QEMU's test finisher */
enum {
	Exitpass	= 0,
	Exitfail	= 1,
	Exitpanic	= 2,
	Exittrap	= 3,
};

#endif
