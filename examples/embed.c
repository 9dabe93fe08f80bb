/*
 * The pool embedded with nothing but the C library: a static array as
 * its one arena, printf for its reports, abort for its panics.  The
 * glue is what stands between the two rules; the README shows it.
 *	cc -std=c11 -Iinclude examples/embed.c port/pool.c -o embed && ./embed
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pool.h"

/* ---- glue ---- */
static _Alignas(16) unsigned char heap[1<<20];

static void*
arena(unsigned long n)	/* the whole heap, once */
{
	static int given;

	if(given || n > sizeof heap)
		return NULL;
	given = 1;
	return heap;
}

static void say(Pool *p, char *fmt, ...) { va_list a; (void)p; va_start(a, fmt); vprintf(fmt, a); va_end(a); }
static void die(Pool *p, char *fmt, ...) { va_list a; (void)p; va_start(a, fmt); vfprintf(stderr, fmt, a); va_end(a); abort(); }
static void why(Pool *p, char *msg) { (void)p; fprintf(stderr, "pool: %s\n", msg); }

static Pool pool = {
	.name = "example", .layout = POOL_LAYOUT,
	.maxsize = sizeof heap, .minarena = sizeof heap,
	.alloc = arena, .print = say, .panic = die, .errstr = why,
};
/* ---- end of glue ---- */

int
main(void)
{
	char *s, *t, *u;
	Poolstats st;

	s = poolalloc(&pool, 100);
	strcpy(s, "hello from the pool");
	t = poolallocalign(&pool, 4096, 4096, 0, 0);
	s = poolrealloc(&pool, s, 5000);
	u = poolalloc(&pool, 2<<20);	/* more than the heap: nil, and errstr says why */
	if(s == NULL || t == NULL || ((unsigned long)t & 4095) != 0 || u != NULL || strcmp(s, "hello from the pool") != 0){
		fprintf(stderr, "embed: wrong results\n");
		return 1;
	}
	poolfree(&pool, t);
	poolfree(&pool, s);
	poolcheck(&pool);
	poolstats(&pool, &st);
	printf("embed: ok: %lu arena, %lu bytes allocated, %lu free\n",
		st.narena, (unsigned long)st.curalloc, (unsigned long)st.curfree);
	return st.curalloc == 0 ? 0 : 1;
}
