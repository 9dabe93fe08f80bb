/* The suites that run both in the kernel and on the host. */
#include "u.h"
#include "lib.h"
#include "test.h"

extern Test fmttests[], fdttests[], pooltests[], poolbadtests[], poolstresstests[], layouttests[], phasetests[], pagetests[], poolcachetests[], kmalloctests[];

Test *portsuites[] = {
	fmttests,
	fdttests,
	pooltests,
	poolbadtests,
	poolstresstests,
	layouttests,
	phasetests,
	pagetests,
	poolcachetests,
#ifndef NOKMALLOC	/* the kernel's malloc is built for RV64 only */
	kmalloctests,
#endif
	nil,
};
