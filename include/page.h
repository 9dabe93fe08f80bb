/*
 * Pages (port/page.c): a region cut into pages of one power-of-two
 * size, handed out one at a time or as runs of contiguous pages, with
 * nothing written into any page, free or handed out: which pages are
 * in use, and where each run starts, live in bitmaps carved from the
 * region's first pages.  Two bits a page (and one a word of them), so
 * a page costs one page, and 128 MiB of 4 KiB pages gives 3 of its
 * 32,768 pages to the bitmaps.  Like pool.c it needs nothing but this
 * file, standard C types and a panic callback; it takes no lock, so
 * the embedder serializes calls.
 *
 * A page is in one of four states, two bits each:
 *	free		may be handed out
 *	run start	handed out, first page of a run (pagefree takes this)
 *	run		handed out, a later page of the run before it
 *	reserved	never handed out (firmware, the kernel's image, a device tree)
 *
 * Checks: pagefree, pagemerge and pagebytes panic on a pointer that is
 * not the first page of a run handed out, naming what it is instead (a
 * double free, a page inside a run, a reserved page, not a page of this
 * map).  Since nothing is written into free pages, reserving a range
 * after pageinit is safe even if it holds data (a loaded file).
 *
 * Cost, for a map of N pages of W-bit words: pagealloc reads at most
 * N/W^2 + 2 words (a summary bit says which words hold a free page;
 * single pages come from the bottom up, from a low mark); pagefree of
 * a run of n pages is O(n/W + 1).  pagerun scans the bitmaps a word at
 * a time, from the lowest free page, for the lowest place that fits;
 * pagehigh the same from the highest, for the highest (a heap that
 * grows down, as the main pool's arenas do, mixes little with the rest);
 * pagemerge and pagebytes scan the run.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stdint.h>

typedef struct Pagemap Pagemap;

struct Pagemap {
	/* the embedder's */
	char	*name;
	uintptr_t	pagesize;	/* a power of two, at least 4 words; 0: 4096 */
	void	(*panic)(Pagemap*, char *fmt, ...);	/* called ("%s", msg); if it returns, the call does nothing more */

	/* the map's own, set by pageinit */
	uintptr_t	base;		/* first page managed, past the bitmaps */
	uintptr_t	npage;		/* pages managed */
	uintptr_t	nfree;		/* free pages */
	uintptr_t	*used;		/* a bit a page: handed out */
	uintptr_t	*start;		/* a bit a page: starts a run, or (not used) reserved */
	uintptr_t	*some;		/* a bit a word of pages: holds a free page */
	uintptr_t	hint;		/* no word of pages above this one holds a free page */
	uintptr_t	low;		/* no page below this one is free */
	unsigned	shift;		/* log2 of pagesize */
};

/* pageinit: manage [v, v+len); returns the pages it can hand out */
uintptr_t	pageinit(Pagemap*, void *v, uintptr_t len);
/* pagereserve: keep the free pages that overlap [v, v+len) from ever being handed out */
void	pagereserve(Pagemap*, void *v, uintptr_t len);
/* pagealloc: one page, the lowest free, or nil when none is free */
void*	pagealloc(Pagemap*);
/*
 * pagerun: npage contiguous pages starting at a multiple of align
 * (a power of two; the page size if smaller) and not crossing a
 * multiple of span (a power of two, or 0: no limit); nil if no place.
 */
void*	pagerun(Pagemap*, uintptr_t npage, uintptr_t align, uintptr_t span);
/* pagehigh: npage contiguous pages, as high as they fit; nil if no place */
void*	pagehigh(Pagemap*, uintptr_t npage);
/* pagefree: give back the page or run that starts at v; nil is ignored */
void	pagefree(Pagemap*, void *v);
/* pagemerge: if run hi begins where run lo ends, make them one run and return 1, else 0 */
int	pagemerge(Pagemap*, void *lo, void *hi);
/* pagebytes: the bytes of the run that starts at v */
uintptr_t	pagebytes(Pagemap*, void *v);
/* pagecheck: check the bitmaps agree with each other and the count; panic if not */
void	pagecheck(Pagemap*);

#endif
