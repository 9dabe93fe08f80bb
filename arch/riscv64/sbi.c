/*
 * Talking to the machine: SBI calls to OpenSBI, and leaving QEMU.
 *
 * Exit goes through QEMU's sifive_test finisher, not SBI system reset:
 * OpenSBI 1.1's reset exits QEMU with status 0 whatever the reason, so
 * it cannot report a failure.  The finisher takes a 32-bit store:
 * 0x5555 exits 0, 0x3333|code<<16 exits code.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"

enum {
	SBI_EXT_HSM		= 0x48534D,	/* hart state management */
	SBI_HSM_HART_START	= 0,
	SBI_HSM_HART_STOP	= 1,
	SBI_HSM_HART_STATUS	= 2,
	SBI_EXT_TIME		= 0x54494D45,
	SBI_TIME_SET_TIMER	= 0,
	SIE_STIE		= 1<<5,	/* supervisor timer interrupt enabled */
	FINISHER_PASS		= 0x5555,
	FINISHER_FAIL		= 0x3333,
};

typedef struct Sbiret Sbiret;
struct Sbiret {
	long	error;
	long	value;
};

static Sbiret
sbicall(long ext, long fid, long a0, long a1, long a2)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;
	Sbiret r;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	r.error = r0;
	r.value = r1;
	return r;
}

/* sbihartstart: start a stopped hart at start, with a0 = hartid and a1 = opaque */
int
sbihartstart(uvlong hartid, uintptr start, uintptr opaque)
{
	return sbicall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start, opaque).error;
}

/* sbihartstop: stop the calling hart; returns only on failure */
void
sbihartstop(void)
{
	sbicall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
}

/* sbihartstatus: 0 started, 1 stopped, 2..6 in transition, negative on error */
long
sbihartstatus(uvlong hartid)
{
	Sbiret r;

	r = sbicall(SBI_EXT_HSM, SBI_HSM_HART_STATUS, hartid, 0, 0);
	return r.error ? r.error : r.value;
}

/*
 * sbinap: this hart waits in wfi, interrupts off, until the timer
 * fires ticks from now (or another interrupt comes).  A hart waiting
 * for others naps now and then: under -icount QEMU runs every hart in
 * one thread, and a hart that only spins can keep QEMU from ever
 * waking one that OpenSBI holds in wfi with its start IPI pending.
 */
void
sbinap(uvlong ticks)
{
	int s;

	s = splhi();
	csrs(sie, SIE_STIE);
	if(sbicall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, rdtime() + ticks, 0, 0).error == 0){	/* no timer: no nap */
		wfi();
		sbicall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0L, 0, 0);	/* never: the pending tick is cleared */
	}
	csrc(sie, SIE_STIE);
	splx(s);
}

void
exitqemu(int code)
{
	volatile u32int *fin;

	fin = (volatile u32int*)FINISHER;
	if(code == 0)
		*fin = FINISHER_PASS;
	else
		*fin = FINISHER_FAIL | (code & 0xFF) << 16;
	for(;;)
		wfi();
}
