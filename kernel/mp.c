/*
 * Harts.  The boot hart is mach[0]; others are started on request
 * through SBI HSM, each on its own stack and trap stack, run one
 * function and stop again so a later request can restart them.
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"

Mach	mach[MAXHART];
uchar	stacks[MAXHART][STACKSIZE] __attribute__((aligned(16)));
uchar	trapstacks[MAXHART][TRAPSTACKSIZE] __attribute__((aligned(16)));
int	nhart;

enum {
	Stopped,
	Running,
	Done,
	Napspins	= 1<<16,	/* turns of a wait loop between naps */
	Naptick		= 1000,		/* a nap: 100 us of the 10 MHz timer */
};

/* hartstart: run fn on hart hartid as mach[machno]; -1 and %r if SBI refuses */
int
hartstart(int machno, uvlong hartid, void (*fn)(void))
{
	Mach *mp;
	int r;

	if(machno <= 0 || machno >= MAXHART){
		werrstr("hartstart: bad machno %d", machno);
		return -1;
	}
	mp = &mach[machno];
	mp->machno = machno;
	mp->hartid = hartid;
	mp->fn = fn;
	mp->stacktop = (uintptr)stacks[machno] + STACKSIZE;
	mp->traptop = (uintptr)trapstacks[machno] + TRAPSTACKSIZE;
	mp->inpanic = 0;
	mp->intrap = 0;
	__atomic_store_n(&mp->online, Stopped, __ATOMIC_RELEASE);
	r = sbihartstart(hartid, (uintptr)secondary, (uintptr)mp);
	if(r != 0){
		werrstr("sbi hart_start of hart %llud: error %d", hartid, r);
		return -1;
	}
	return 0;
}

/* hartwait: wait until mach[machno] has finished its function and stopped */
void
hartwait(int machno)
{
	ulong n;

	for(n = 1; __atomic_load_n(&mach[machno].online, __ATOMIC_ACQUIRE) != Done; n++){
		pause();
		if(n % Napspins == 0)
			sbinap(Naptick);
	}
	while(sbihartstatus(mach[machno].hartid) != 1)	/* 1: STOPPED */
		;
}

void
mpstart(uvlong hartid, Mach *mp)
{
	USED(hartid);
	__atomic_store_n(&mp->online, Running, __ATOMIC_RELEASE);
	mp->fn();
	__atomic_store_n(&mp->online, Done, __ATOMIC_RELEASE);
	sbihartstop();
	for(;;)
		wfi();
}

/*
 * smprun: run fn on every hart the device tree lists, the boot hart
 * included, all starting together (a barrier, so they truly overlap);
 * returns when all have finished.  Returns the number of harts.
 */
static int	nbarrier;
static int	nharts;
static void	(*smpfn)(void);

static void
smpentry(void)
{
	ulong n;

	__atomic_add_fetch(&nbarrier, 1, __ATOMIC_ACQ_REL);
	for(n = 1; __atomic_load_n(&nbarrier, __ATOMIC_ACQUIRE) < nharts; n++){
		pause();
		if(n % Napspins == 0)
			sbinap(Naptick);	/* let QEMU run a hart still to come (sbinap) */
	}
	smpfn();
}

int
smprun(void (*fn)(void))
{
	return smprunn(MAXHART, fn);
}

/* smprunn: fn on at most max harts at once (this one among them), after a barrier; how many ran it */
int
smprunn(int max, void (*fn)(void))
{
	extern Fdtinfo fdtinfo;
	int i, n;

	n = fdtinfo.ncpu < MAXHART ? fdtinfo.ncpu : MAXHART;
	if(n > max)
		n = max;
	smpfn = fn;
	nharts = n;
	__atomic_store_n(&nbarrier, 0, __ATOMIC_RELEASE);
	for(i = 0, n = 1; i < fdtinfo.ncpu && n < nharts; i++)
		if(fdtinfo.hartid[i] != m()->hartid)
			if(hartstart(n++, fdtinfo.hartid[i], smpentry) < 0)
				panic("smprun: %r");
	smpentry();
	for(i = 1; i < nharts; i++)
		hartwait(i);
	return nharts;
}
