/*
 * The print and panic of a Pool made for a test, a fuzzer or a bench.
 * poolpanicto hands the pool's finished message to the environment's
 * panic, so a harness that set panichook sees it and one that did not
 * stops there.
 */
#include "u.h"
#include "lib.h"
#include "pool.h"
#include "poolio.h"

void
poolnoprint(Pool *p, char *fmt, ...)
{
	USED(p);
	USED(fmt);
}

void
poolpanicto(Pool *p, char *fmt, ...)
{
	char msg[256];
	va_list ap;

	USED(p);
	va_start(ap, fmt);
	vseprint(msg, msg + sizeof msg, fmt, ap);
	va_end(ap);
	panic("%s", msg);
}

/* poolerrstr: the pool's reason for a nil, as this hart's (thread's) error string */
void
poolerrstr(Pool *p, char *msg)
{
	USED(p);
	werrstr("%s", msg);
}
