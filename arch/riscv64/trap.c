/*
 * Every trap is fatal here: say what happened, where, and on which
 * hart, then leave QEMU with Exittrap.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"

static char *excname[] = {
	[0]	"instruction address misaligned",
	[1]	"instruction access fault",
	[2]	"illegal instruction",
	[3]	"breakpoint",
	[4]	"load address misaligned",
	[5]	"load access fault",
	[6]	"store/AMO address misaligned",
	[7]	"store/AMO access fault",
	[8]	"environment call from U-mode",
	[9]	"environment call from S-mode",
	[12]	"instruction page fault",
	[13]	"load page fault",
	[15]	"store/AMO page fault",
};

static char *intrname[] = {
	[1]	"supervisor software interrupt",
	[5]	"supervisor timer interrupt",
	[9]	"supervisor external interrupt",
};

static char*
causename(u64int cause)
{
	u64int code;

	code = cause & ~(1ULL<<63);
	if(cause>>63){
		if(code < nelem(intrname) && intrname[code])
			return intrname[code];
		return "unknown interrupt";
	}
	if(code < nelem(excname) && excname[code])
		return excname[code];
	return "unknown exception";
}

void
trap(Ureg *u)
{
	if(m()->intrap++)	/* a trap while reporting one: just leave */
		exitqemu(Exittrap);
	print("trap: %s (scause %#lux) sepc %#p stval %#p hart %llud\n",
		causename(u->scause), u->scause, (void*)u->sepc, (void*)u->stval, m()->hartid);
	print("trap: ra %#p sp %#p\n", (void*)u->x[1], (void*)u->x[2]);
	exitqemu(Exittrap);
}
