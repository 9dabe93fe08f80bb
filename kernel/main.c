/*
 * The boot sequence: the boot hart reads the device tree, shows what
 * it found, then does what the boot arguments (QEMU -append) ask:
 *	(none)	the self-tests		check	the self-tests
 *	fail	the self-tests plus deliberately failing ones
 *	trap	a deliberate fault (the trap handler must report it)
 *	hang	spin forever (the timeout in test/check.sh must catch it)
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "../arch/riscv64/riscv.h"
#include "dat.h"
#include "fns.h"

enum {
	FDTLIMIT = 1<<20,	/* trust no device tree to be bigger than this */
};

extern char end[];	/* link.ld: end of the kernel image, start of the heap */

Fdtinfo	fdtinfo;

static int
hasarg(char *args, char *word)
{
	int n;
	char *s;

	n = strlen(word);
	for(s = args; (s = strstr(s, word)) != nil; s += n)
		if((s == args || s[-1] == ' ') && (s[n] == 0 || s[n] == ' '))
			return 1;
	return 0;
}

void
main(uvlong hartid, void *fdt)
{
	Fdtinfo *fi;
	uintptr ramtop;
	int failed;

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
	print("heap %#p-%#p (%lud MiB), less the device tree\n",
		end, (void*)ramtop, (ulong)(ramtop - (uintptr)end)>>20);
	if(fi->bootargs[0])
		print("bootargs: %s\n", fi->bootargs);

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
	failed = kerneltests(fi->bootargs);
	exitqemu(failed ? Exitfail : Exitpass);
}
