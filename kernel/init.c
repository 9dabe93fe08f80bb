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
#include "alloc.h"

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
	usagereport(mainmem);
}
