/*
 * The boot sequence: the boot hart reads the device tree, makes the
 * heap (everything from the end of the image to the top of RAM, less
 * the device tree) into xalloc's holes, sets up malloc, starts every
 * hart once to show they run, then does what the boot arguments
 * (QEMU -append) ask:
 *	(none)	a short malloc demo and usage report, then the self-tests
 *	check	the self-tests
 *	fail	the self-tests plus deliberately failing ones
 *	quit	stop after the banner
 *	bench	replay the loaded trace against each allocator (kernel/bench.c)
 *	benchsmoke	the replay's own tests, on a short trace
 *	trap	a deliberate fault (the trap handler must report it)
 *	hang	spin forever (the timeout in test/check.sh must catch it)
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "../arch/riscv64/riscv.h"
#include "dat.h"
#include "fns.h"
#include "xalloc.h"
#include "alloc.h"

enum {
	FDTLIMIT = 1<<20,	/* trust no device tree to be bigger than this */
};

extern char end[];	/* link.ld: end of the kernel image, start of the heap */

Fdtinfo	fdtinfo;
Xalloc	xboot;		/* the holes as boot made them, for the tests */

/* hasarg: is word in args, as a word of its own (separated by spaces, commas or =)? */
int
hasarg(char *args, char *word)
{
	int n;
	char *s;

	n = strlen(word);
	for(s = args; (s = strstr(s, word)) != nil; s += n)
		if((s == args || strchr(" ,=", s[-1]) != nil) && (s[n] == 0 || strchr(" ,", s[n]) != nil))
			return 1;
	return 0;
}

static int	nstarted;
static uvlong	started[MAXHART];

static void
hello(void)
{
	started[__atomic_fetch_add(&nstarted, 1, __ATOMIC_ACQ_REL)] = m()->hartid;
}

/* demo: what the kernel's malloc looks like in use; one block is leaked on purpose */
static void
demo(void)
{
	char *s, *t;
	static char *leak;

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

void
main(uvlong hartid, void *fdt)
{
	Fdtinfo *fi;
	uintptr ramtop, heap;
	int failed, i;

	m()->hartid = hartid;
	m()->machno = 0;
	m()->online = 1;
	print("\npool9: Plan 9 pool allocator on RISC-V; boot hart %llud\n", hartid);

	fi = &fdtinfo;
	if(fdtparse(fdt, FDTLIMIT, fi) < 0)
		panic("device tree at %#p: %r", fdt);
	nhart = fi->ncpu;
	ramtop = fi->membase + fi->memsize;
	print("ram %#p-%#p (%llud MiB), %d harts, device tree %#p-%#p\n",
		(void*)fi->membase, (void*)ramtop, fi->memsize>>20, fi->ncpu,
		(void*)fi->base, (void*)(fi->base + fi->size));
	if(fi->bootargs[0])
		print("bootargs: %s\n", fi->bootargs);

	xinit((uintptr)end, ramtop);
	xreserve(fi->base, fi->size);
	xboot = xlist;
	tracefind(ramtop);
	heap = xlist.free;
	print("heap %#p-%#p: %lud MiB in %d holes (the device tree kept out)\n",
		end, (void*)ramtop, (ulong)(heap >> 20), xlist.nhole);
	mallocinit(heap);
	if(hasarg(fi->bootargs, "quit"))
		exitqemu(Exitpass);

	smprun(hello);
	print("harts started:");
	for(i = 0; i < nstarted; i++)
		print(" %llud", started[i]);
	print("\n");

	if(hasarg(fi->bootargs, "trap")){
		volatile uintptr bad = 8;	/* nothing is mapped there */

		print("deliberate store to address 8\n");
		*(volatile u32int*)bad = 1;
	}
	if(hasarg(fi->bootargs, "hang")){
		print("deliberate hang\n");
		for(;;)
			;
	}
	if(hasarg(fi->bootargs, "bench"))
		exitqemu(benchmain(fi->bootargs) ? Exitfail : Exitpass);
	if(!hasarg(fi->bootargs, "check") && !hasarg(fi->bootargs, "fail") && !hasarg(fi->bootargs, "benchsmoke"))
		demo();
	failed = kerneltests(fi->bootargs);
	exitqemu(failed ? Exitfail : Exitpass);
}
