/*
 * The kernel's test run: the shared suites plus those that need the
 * machine (harts, traps).
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "../arch/riscv64/riscv.h"
#include "test.h"

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

extern Test kalloctests[], kbenchtests[];

static Test kerntests[] = {
	{"errstr-per-hart", errperhart},
	{nil},
};

int
kerneltests(char *args)
{
	static Test *suites[64];
	int n, i;

	n = 0;
	if(hasarg(args, "benchsmoke"))	/* a boot of its own: it needs -icount, the lock tests must not have it */
		suites[n++] = kbenchtests;
	else{
		for(i = 0; portsuites[i] != nil; i++)
			suites[n++] = portsuites[i];
		suites[n++] = kerntests;
		suites[n++] = kalloctests;
	}
	if(hasarg(args, "fail"))
		suites[n++] = failtests;
	suites[n] = nil;
	return runtests(suites, args);
}
