/*
 * A Pool compiled with other settings than the allocator's (here 16
 * tries a power of two, not 32): its first call refuses it, before
 * reading or writing past the smaller struct; and one whose layout
 * was never set.
 */
#define POOL_LOG2NSUB	4
#include "pool.h"
#include "u.h"
#include "lib.h"
#include "test.h"
#include "poolio.h"

static uchar	arena[4096] __attribute__((aligned(16)));

static void*	onearena(ulong n) { return n <= sizeof arena ? arena : nil; }

static void
otherlayout(void)
{
	static Pool p = {
		.name = "other", .layout = POOL_LAYOUT, .maxsize = sizeof arena, .minarena = sizeof arena,
		.alloc = onearena, .print = poolnoprint, .panic = poolpanicto,
	};

	poolalloc(&p, 10);
}

static void
nolayout(void)
{
	static Pool p = {
		.name = "unset", .maxsize = sizeof arena, .minarena = sizeof arena,
		.alloc = onearena, .print = poolnoprint, .panic = poolpanicto,
	};

	poolfree(&p, poolalloc(&p, 10));
}

Test layouttests[] = {
	{"pool-layout-other", otherlayout, "not this allocator's"},
	{"pool-layout-unset", nolayout, "set .layout to POOL_LAYOUT"},
	{nil},
};
