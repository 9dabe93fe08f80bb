/* The suites that run both in the kernel and on the host. */
#include "u.h"
#include "lib.h"
#include "test.h"

extern Test fmttests[], fdttests[], pooltests[], poolbadtests[], poolstresstests[], kmalloctests[];

Test *portsuites[] = {
	fmttests,
	fdttests,
	pooltests,
	poolbadtests,
	poolstresstests,
	kmalloctests,
	nil,
};
