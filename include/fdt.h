/*
 * What the kernel needs from the flattened device tree (port/fdt.c).
 */
#ifndef FDT_H
#define FDT_H

enum {
	FDTMAXCPU	= 32,
	FDTMAXARGS	= 128,
	FDTMAXRESV	= 8,
};

typedef struct Fdtinfo Fdtinfo;
struct Fdtinfo {
	uvlong	membase;		/* first /memory reg */
	uvlong	memsize;
	int	ncpu;			/* /cpus/cpu@N nodes */
	uvlong	hartid[FDTMAXCPU];	/* their reg values */
	uintptr	base;			/* the tree itself: [base, base+size) */
	uintptr	size;
	char	bootargs[FDTMAXARGS];	/* /chosen/bootargs, "" if none */
	int	nresv;			/* /reserved-memory/NAME reg ranges (the firmware's own, say) */
	uvlong	resvbase[FDTMAXRESV];
	uvlong	resvsize[FDTMAXRESV];
};

/* fdtparse: read the tree at fdt, never looking past fdt+limit; -1 and %r if malformed */
int	fdtparse(void *fdt, uintptr limit, Fdtinfo*);

#endif
