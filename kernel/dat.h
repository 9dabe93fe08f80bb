/*
 * Kernel data structures.
 */
#ifndef DAT_H
#define DAT_H
#include "mem.h"

typedef struct Mach Mach;
typedef struct Ureg Ureg;
typedef struct Label Label;
typedef struct Lock Lock;

/* One per hart; tp points at the running hart's.  The first four fields are read by assembler. */
struct Mach {
	uintptr	stacktop;	/* entry.S: the hart's stack */
	uintptr	traptop;	/* trapvec.S: the hart's trap stack */
	int	ilockdepth;	/* ilock.S: ilocks held */
	int	ilockie;	/* ilock.S: sstatus's SIE bit before the outermost ilock */
	int	machno;		/* index in mach[]; the boot hart is 0 */
	uvlong	hartid;		/* RISC-V hart id, as the firmware numbers it */
	void	(*fn)(void);	/* what a started hart runs */
	int	online;
	int	inpanic;
	int	intrap;
	void	*mcache;	/* alloc.c: this hart's cache of the main pool */
	char	errstr[ERRMAX];
};

/* A spinlock; key and pc say who holds it, for the panics that catch misuse (ilock.S reads both). */
struct Lock {
	Mach	*key;		/* the holder, nil when free */
	uintptr	pc;		/* where the holder took it */
};

/* Registers saved by trapvec.S: x0..x31 (x0 slot unused), then sepc, scause, stval. */
struct Ureg {
	u64int	x[32];
	u64int	sepc;
	u64int	scause;
	u64int	stval;
	u64int	pad;
};

/* Callee-saved state for setlabel/gotolabel (label.S). */
struct Label {
	u64int	ra;
	u64int	sp;
	u64int	s[12];
};

extern Mach	mach[MAXHART];
extern int	nhart;		/* harts the device tree lists */

#ifdef HOST
#define m()	(&mach[0])	/* test/hostkern.c's one "hart" */
#else
register Mach	*tpmach __asm__("tp");	/* this hart's Mach, which tp holds (never allocated by the compiler): m()->x is one load */
#define m()	tpmach
#endif

#endif
