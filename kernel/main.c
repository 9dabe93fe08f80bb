/*
 * The boot sequence: the boot hart reads the device tree, makes the
 * heap (all of RAM less the image, the device tree and what the tree
 * reserves) into xalloc's pages, sets up malloc, starts every
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

extern char _entry[], end[];	/* link.ld: the kernel image */

/*
 * heapstart: where the heap begins.  The RAM below the image is the
 * firmware's; if the device tree reserves the firmware's own range at
 * the bottom of RAM (OpenSBI does: 512 KiB of the 2 MiB below the
 * image), the heap starts above it, else at the image's end.
 */
static uintptr
heapstart(Fdtinfo *fi)
{
	uvlong lo;
	int i, moved;

	lo = fi->membase;
	do{
		moved = 0;
		for(i = 0; i < fi->nresv; i++)
			if(fi->resvbase[i] <= lo && fi->resvbase[i] + fi->resvsize[i] > lo){
				lo = fi->resvbase[i] + fi->resvsize[i];
				moved = 1;
			}
	}while(moved);
	return lo > fi->membase && lo < (uintptr)_entry ? lo : (uintptr)end;
}

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

	heap = heapstart(fi);
	xinit(heap, ramtop);
	if(heap < (uintptr)end)
		xreserve((uintptr)_entry, end - _entry);
	for(i = 0; i < fi->nresv; i++)
		xreserve(fi->resvbase[i], fi->resvsize[i]);
	xreserve(fi->base, fi->size);
	print("heap %#p-%#p: %lud MiB in %lud pages (the image, device tree and firmware kept out)\n",
		(void*)heap, (void*)ramtop, (ulong)(xfreebytes(&xlist) >> 20), (ulong)xlist.map.nfree);
	heap = xfreebytes(&xlist);
	mallocinit(heap, nhart);

	smprun(hello);
	print("harts started:");
	for(i = 0; i < nstarted; i++)
		print(" %llud", started[i]);
	print("\n");
	init(fi->bootargs);
	exitqemu(Exitpass);
}
