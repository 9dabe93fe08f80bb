/*
 * The print and panic of a Pool (or a Pagemap) made for a test, a
 * fuzzer or a bench.  poolpanicto hands the pool's finished message to
 * the environment's panic, so a harness that set panichook sees it and
 * one that did not stops there.
 */
#include "u.h"
#include "lib.h"
#include "pool.h"
#include "page.h"
#include "poolio.h"

void
poolnoprint(Pool *p, char *fmt, ...)
{
	USED(p);
	USED(fmt);
}

static void
vpanicto(char *fmt, va_list ap)
{
	char msg[256];

	vseprint(msg, msg + sizeof msg, fmt, ap);
	panic("%s", msg);
}

void
poolpanicto(Pool *p, char *fmt, ...)
{
	va_list ap;

	USED(p);
	va_start(ap, fmt);
	vpanicto(fmt, ap);
	va_end(ap);
}

void
pagepanicto(Pagemap *m, char *fmt, ...)
{
	va_list ap;

	USED(m);
	va_start(ap, fmt);
	vpanicto(fmt, ap);
	va_end(ap);
}

/* poolerrstr: the pool's reason for a nil, as this hart's (thread's) error string */
void
poolerrstr(Pool *p, char *msg)
{
	USED(p);
	werrstr("%s", msg);
}
