/* The suites that run both in the kernel and on the host. */
#include "u.h"
#include "lib.h"
#include "test.h"

extern Test fmttests[], fdttests[], pooltests[], poolbadtests[], poolstresstests[], layouttests[], pagetests[], poolcachetests[], kmalloctests[];

Test *portsuites[] = {
	fmttests,
	fdttests,
	pooltests,
	poolbadtests,
	poolstresstests,
	layouttests,
	pagetests,
	poolcachetests,
#ifndef NOKMALLOC	/* the kernel's malloc is for RV64: 16-byte tags need 64-bit words */
	kmalloctests,
#endif
	nil,
};
