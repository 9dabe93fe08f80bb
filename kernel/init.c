/*
 * What this kernel does once booted: a short malloc demo and the
 * usage report, then it stops.  A kernel built on this one puts its
 * own work here; the test and bench kernels link their own init.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"
#include "fdt.h"
#include "xalloc.h"
#include "alloc.h"

extern Fdtinfo	fdtinfo;

/* pages: take every free page as a kernel's page allocator would, say how many, give them back */
static void
pages(void)
{
	void *pg, *held;
	ulong n, ram;

	held = nil;
	for(n = 0; (pg = xallocpage()) != nil; n++){
		*(void**)pg = held;
		held = pg;
	}
	while((pg = held) != nil){
		held = *(void**)pg;
		xfree(pg);
	}
	ram = fdtinfo.memsize / BY2PG;
	print("demo: xallocpage gave %lud pages of %d bytes: %lud.%.2lud%% of the RAM's %lud\n",
		n, BY2PG, n * 100 / ram, n * 10000 / ram % 100, ram);
}

/* demo: what the kernel's malloc looks like in use; one block is leaked on purpose */
void
init(char *bootargs)
{
	char *s, *t;
	static char *leak;

	USED(bootargs);
	s = malloc(32);
	seprint(s, s + 32, "hello from hart %llud", m()->hartid);
	print("demo: malloc(32) = %#p \"%s\", msize %lud\n", s, s, msize(s));
	t = realloc(s, 4000);
	print("demo: realloc to 4000 = %#p, still \"%s\"\n", t, t);
	free(t);
	leak = mallocalign(100, 4096, 0, 0);
	print("demo: mallocalign(100, 4096) = %#p, left allocated for the report\n", leak);
	pages();
	usagereport(mainmem);
}
