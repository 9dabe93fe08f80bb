/*
 * The bench kernel: the kernel with this init in place of
 * kernel/init.c.  It finds the trace QEMU's loader put at TRACEADDR
 * (before anything is allocated), replays it (bench/kbench.c) and
 * exits 1 if any allocator could not be set up, failed or damaged a
 * block.
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"
#include "replay.h"

extern Fdtinfo	fdtinfo;

void
init(char *args)
{
	tracefind(fdtinfo.membase + fdtinfo.memsize);
	exitqemu(benchmain(args) ? Exitfail : Exitpass);
}
