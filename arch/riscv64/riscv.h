/*
 * RISC-V supervisor-mode registers and instructions, as inline
 * functions so C never needs an assembler file for one instruction.
 */
#ifndef RISCV_H
#define RISCV_H

#define SSTATUS_SIE	(1UL<<1)	/* supervisor interrupts enabled */

#define csrr(name)	({ u64int v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csrw(name, v)	__asm__ volatile("csrw " #name ", %0" :: "r"((u64int)(v)))
#define csrs(name, v)	__asm__ volatile("csrs " #name ", %0" :: "r"((u64int)(v)) : "memory")
#define csrc(name, v)	__asm__ volatile("csrc " #name ", %0" :: "r"((u64int)(v)) : "memory")

/*
 * pause: Zihintpause's hint that this hart is spinning (a fence with
 * predecessor w and no successor, so a no-op where unknown).  QEMU 7.2
 * does not run another hart for it: under -icount a hart waiting for
 * one that QEMU has switched away from spins out its turn (bench smp
 * counts those turns).
 */
static inline void
pause(void)
{
	__asm__ volatile(".4byte 0x0100000f");
}

/* rdtime: the platform timer (10 MHz on QEMU's virt) */
static inline u64int
rdtime(void)
{
	u64int v;

	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

static inline u64int
rdinstret(void)
{
	u64int v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* splhi: disable interrupts; returns whether they were enabled */
static inline int
splhi(void)
{
	u64int s;

	__asm__ volatile("csrrci %0, sstatus, 2" : "=r"(s) :: "memory");
	return (s & SSTATUS_SIE) != 0;
}

/* splx: enable interrupts again if s says they were */
static inline void
splx(int s)
{
	if(s)
		__asm__ volatile("csrsi sstatus, 2" ::: "memory");
}

static inline int
islo(void)
{
	return (csrr(sstatus) & SSTATUS_SIE) != 0;
}

static inline void
wfi(void)
{
	__asm__ volatile("wfi");
}

#endif
