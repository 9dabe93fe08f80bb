/*
 * The boot sequence: the boot hart reads the device tree, makes the
 * heap (everything from the end of the image to the top of RAM, less
 * the device tree) into xalloc's holes, sets up malloc, starts every
 * hart once to show they run, then calls init with the boot arguments
 * (QEMU -append).  init is kernel/init.c's in the kernel a user keeps;
 * the test and bench kernels link their own (test/ktest.c,
 * bench/benchinit.c) in its place.
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"
#include "xalloc.h"
#include "alloc.h"

enum {
	FDTLIMIT = 1<<20,	/* trust no device tree to be bigger than this */
};

extern char end[];	/* link.ld: end of the kernel image, start of the heap */

Fdtinfo	fdtinfo;

static int	nstarted;
static uvlong	started[MAXHART];

static void
hello(void)
{
	started[__atomic_fetch_add(&nstarted, 1, __ATOMIC_ACQ_REL)] = m()->hartid;
}

void
main(uvlong hartid, void *fdt)
{
	Fdtinfo *fi;
	uintptr ramtop, heap;
	int i;

	consout = consputs;
	errstrbuf = macherrstr;
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
	heap = xlist.free;
	print("heap %#p-%#p: %lud MiB in %d holes (the device tree kept out)\n",
		end, (void*)ramtop, (ulong)(heap >> 20), xlist.nhole);
	mallocinit(heap);

	smprun(hello);
	print("harts started:");
	for(i = 0; i < nstarted; i++)
		print(" %llud", started[i]);
	print("\n");
	init(fi->bootargs);
	exitqemu(Exitpass);
}
