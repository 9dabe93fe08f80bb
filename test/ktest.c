/*
 * The test kernel: the kernel with this init in place of kernel/init.c,
 * running the shared suites plus those that need the machine (harts,
 * traps, the kernel's malloc).
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "riscv.h"
#include "test.h"
#include "xalloc.h"
#include "replay.h"

static char othererr[ERRMAX];

static void
seterr1(void)
{
	werrstr("error on hart %llud", m()->hartid);
	rerrstr(othererr, sizeof othererr);
}

/* each hart has its own error string: another hart's werrstr leaves ours alone */
static void
errperhart(void)
{
	char buf[ERRMAX], want[ERRMAX];
	Fdtinfo *fi;
	int i;
	extern Fdtinfo fdtinfo;

	fi = &fdtinfo;
	if(fi->ncpu < 2)
		testfail(__FILE__, __LINE__, "needs 2 harts, device tree has %d", fi->ncpu);
	werrstr("boot hart error");
	for(i = 0; i < fi->ncpu; i++)
		if(fi->hartid[i] != m()->hartid)
			break;
	othererr[0] = 0;
	if(hartstart(1, fi->hartid[i], seterr1) < 0)
		testfail(__FILE__, __LINE__, "hartstart: %r");
	hartwait(1);
	seprint(want, want + sizeof want, "error on hart %llud", fi->hartid[i]);
	checkstr(othererr, want);
	rerrstr(buf, sizeof buf);
	checkstr(buf, "boot hart error");
}

extern Test kalloctests[], replaytests[], smptests[];

static Test kerntests[] = {
	{"errstr-per-hart", errperhart},
	{nil},
};

extern Fdtinfo	fdtinfo;
Xalloc	xboot;		/* the heap as boot made it: its counts */

/*
 * init: the test kernel's work, by boot argument:
 *	check	the self-tests
 *	fail	the self-tests plus deliberately failing ones
 *	benchsmoke	the replay's own tests, on a short trace (its own boot, under -icount)
 *	smp20	the SMP stress of the kernel's malloc, 20 runs
 *	trap	a deliberate fault (the trap handler must report it)
 *	hang	spin forever (the timeout in test/check.sh must catch it)
 * The exit status says whether every test passed.
 */
void
init(char *args)
{
	static Test *suites[64];
	int n, i;

	xboot = xlist;
	tracefind(fdtinfo.membase + fdtinfo.memsize);
	if(hasarg(args, "trap")){
		volatile uintptr bad = 8;	/* nothing is mapped there */

		print("deliberate store to address 8\n");
		*(volatile u32int*)bad = 1;
	}
	if(hasarg(args, "hang")){
		print("deliberate hang\n");
		for(;;)
			;
	}
	n = 0;
	if(hasarg(args, "benchsmoke"))	/* a boot of its own: it needs -icount, the lock tests must not have it */
		suites[n++] = replaytests;
	else if(hasarg(args, "smp20"))
		suites[n++] = smptests;
	else{
		for(i = 0; portsuites[i] != nil; i++)
			suites[n++] = portsuites[i];
		suites[n++] = kerntests;
		suites[n++] = kalloctests;
	}
	if(hasarg(args, "fail"))
		suites[n++] = failtests;
	suites[n] = nil;
	exitqemu(runtests(suites, args) ? Exitfail : Exitpass);
}
