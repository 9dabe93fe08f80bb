/*
 * The pool and the page map embedded with nothing but the C library:
 * a static array as all the memory there is, cut into pages; the
 * pool's arenas are runs of those pages; printf for reports, abort for
 * panics.  The glue is what stands between them; the README shows it.
 *	cc -std=c11 -Iinclude examples/embed.c port/pool.c port/page.c -o embed && ./embed
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pool.h"
#include "page.h"

/* ---- glue ---- */
static _Alignas(4096) unsigned char ram[4<<20];	/* pageinit(&pages, ram, sizeof ram) first */

static void say(Pool *p, char *fmt, ...) { va_list a; (void)p; va_start(a, fmt); vprintf(fmt, a); va_end(a); }
static void die(Pool *p, char *fmt, ...) { va_list a; (void)p; va_start(a, fmt); vfprintf(stderr, fmt, a); va_end(a); abort(); }
static void why(Pool *p, char *msg) { (void)p; fprintf(stderr, "pool: %s\n", msg); }
static void pagedie(Pagemap *m, char *fmt, ...) { va_list a; (void)m; va_start(a, fmt); vfprintf(stderr, fmt, a); va_end(a); abort(); }

static Pagemap pages = { .name = "ram", .pagesize = 4096, .panic = pagedie };

static void* arena(unsigned long n) { return pagehigh(&pages, (n + 4095) / 4096); }	/* from the top down: the way a pool fills */
static int join(void *lo, void *hi) { return pagemerge(&pages, lo, hi); }

static Pool pool = {
	.name = "example", .layout = POOL_LAYOUT,
	.maxsize = sizeof ram, .minarena = 64<<10,
	.alloc = arena, .merge = join, .print = say, .panic = die, .errstr = why,
};
/* ---- end of glue ---- */

int
main(void)
{
	char *s, *t, *u, *pg;
	Poolstats st;
	unsigned long n;

	n = pageinit(&pages, ram, sizeof ram);
	pg = pagealloc(&pages);	/* a page: page-aligned, and it costs one page */
	s = poolalloc(&pool, 100);
	strcpy(s, "hello from the pool");
	t = poolallocalign(&pool, 4096, 4096, 0, 0);
	s = poolrealloc(&pool, s, 100000);	/* grows the pool by a second run of pages, which merges */
	u = poolalloc(&pool, 8<<20);	/* more than there is: nil, and errstr says why */
	if(pg == NULL || ((unsigned long)pg & 4095) != 0 || s == NULL || t == NULL || ((unsigned long)t & 4095) != 0
	|| u != NULL || strcmp(s, "hello from the pool") != 0){
		fprintf(stderr, "embed: wrong results\n");
		return 1;
	}
	poolfree(&pool, t);
	poolfree(&pool, s);
	poolcheck(&pool);
	poolstats(&pool, &st);
	pagefree(&pages, pg);
	pagecheck(&pages);
	printf("embed: ok: %lu pages, %lu arena of %lu bytes, %lu bytes allocated, %lu free\n",
		n, st.narena, (unsigned long)st.cursize, (unsigned long)st.curalloc, (unsigned long)st.curfree);
	return st.curalloc == 0 && st.narena == 1 && pages.nfree + (st.cursize + 4095) / 4096 == n ? 0 : 1;
}
