/*
 * xalloc: the kernel's heap as pages (port/page.c), with a lock.  The
 * pools take their arenas from it as runs of pages, which merge when
 * they touch; xallocpage hands out single pages, which cost one page
 * each because the map keeps its state out of the pages.  The main
 * pool's arenas (xarena) come from the top of the heap down, all else
 * from the bottom up: a pool cuts blocks from the back of its free
 * space, so its free space lies at its arenas' fronts, and an arena
 * that arrives below the lowest joins it there.
 *
 * Sizes are rounded up to whole pages: xalloc is for arenas and
 * pages, not for small things (those are malloc's).
 */
#include "u.h"
#include "lib.h"
#include "dat.h"
#include "fns.h"
#include "xalloc.h"

Xalloc	xlist;			/* the kernel's */

/* xpanic: a misuse the page map found (a wrong or double free); the lock is let go first */
static void
xpanic(Pagemap *m, char *fmt, ...)
{
	Xalloc *x;
	char msg[256];
	va_list ap;

	x = (Xalloc*)((uchar*)m - offsetof(Xalloc, map));
	va_start(ap, fmt);
	vseprint(msg, msg + sizeof msg, fmt, ap);
	va_end(ap);
	if(holding(&x->lk))
		iunlock(&x->lk);
	panic("%s", msg);
}

void
xinitl(Xalloc *x, uintptr base, uintptr top)
{
	memset(x, 0, sizeof *x);
	x->map.name = "xalloc";
	x->map.pagesize = BY2PG;
	x->map.panic = xpanic;
	if(top > base)
		pageinit(&x->map, (void*)base, top - base);
	x->total = x->map.npage * BY2PG;
}

/* xreservel: keep [base, base+size) from ever being handed out (the device tree, say) */
void
xreservel(Xalloc *x, uintptr base, uintptr size)
{
	uintptr before;

	ilock(&x->lk);
	before = x->map.nfree;
	pagereserve(&x->map, (void*)base, size);
	x->total -= (before - x->map.nfree) * BY2PG;
	iunlock(&x->lk);
}

/*
 * xspanallocl: size bytes, rounded up to pages, at a multiple of align
 * (a power of two; a page if smaller) and not crossing a multiple of
 * span (a power of two, or 0); nil with %r if no run of free pages fits.
 */
void*
xspanallocl(Xalloc *x, ulong size, ulong align, ulong span)
{
	void *v;

	if((align & (align - 1)) != 0 || (span & (span - 1)) != 0){
		werrstr("xspanalloc: align %lud and span %lud must be powers of two", align, span);
		return nil;
	}
	if(size == 0 || size > (1UL<<62) || (span != 0 && size > span)){
		werrstr("xspanalloc: %lud bytes will not fit", size);
		return nil;
	}
	ilock(&x->lk);
	v = pagerun(&x->map, (size + BY2PG - 1) / BY2PG, align, span);
	iunlock(&x->lk);
	if(v == nil)
		werrstr("xalloc: no run of free pages for %lud bytes (align %lud span %lud)", size, align, span);
	return v;
}

/* xarenal: size bytes, rounded up to pages, as high as they fit (a pool's arena); nil with %r if no run fits */
void*
xarenal(Xalloc *x, ulong size)
{
	void *v;

	if(size == 0 || size > (1UL<<62)){
		werrstr("xarena: %lud bytes will not fit", size);
		return nil;
	}
	ilock(&x->lk);
	v = pagehigh(&x->map, (size + BY2PG - 1) / BY2PG);
	iunlock(&x->lk);
	if(v == nil)
		werrstr("xarena: no run of free pages for %lud bytes", size);
	return v;
}

void*
xallocpagel(Xalloc *x)
{
	void *v;

	ilock(&x->lk);
	v = pagealloc(&x->map);
	iunlock(&x->lk);
	if(v == nil)
		werrstr("xallocpage: no free page");
	return v;
}

void
xfreel(Xalloc *x, void *v)
{
	ilock(&x->lk);
	pagefree(&x->map, v);
	iunlock(&x->lk);
}

/* xmergel: if block hi begins where block lo ends, make them one (a pool's merge callback) */
int
xmergel(Xalloc *x, void *lo, void *hi)
{
	int r;

	ilock(&x->lk);
	r = pagemerge(&x->map, lo, hi);
	iunlock(&x->lk);
	return r;
}

/* xsizel: the bytes usable at v */
ulong
xsizel(Xalloc *x, void *v)
{
	ulong n;

	ilock(&x->lk);
	n = pagebytes(&x->map, v);
	iunlock(&x->lk);
	return n;
}

void
xsummaryl(Xalloc *x)
{
	ilock(&x->lk);
	print("xalloc: %lud KiB free of %lud KiB in %lud pages of %d bytes at %#p\n",
		(ulong)(xfreebytes(x) >> 10), (ulong)(x->total >> 10), (ulong)x->map.npage, BY2PG, (void*)x->map.base);
	iunlock(&x->lk);
}

/* The kernel's heap, for the pools and anyone else. */
void	xinit(uintptr base, uintptr top)	{ xinitl(&xlist, base, top); }
void	xreserve(uintptr base, uintptr size)	{ xreservel(&xlist, base, size); }
void*	xspanalloc(ulong size, ulong align, ulong span)	{ return xspanallocl(&xlist, size, align, span); }
void*	xallocpage(void)			{ return xallocpagel(&xlist); }
void*	xarena(ulong size)			{ return xarenal(&xlist, size); }
void	xfree(void *v)				{ xfreel(&xlist, v); }
int	xmerge(void *a, void *b)		{ return xmergel(&xlist, a, b); }
void	xsummary(void)				{ xsummaryl(&xlist); }

void*
xalloc(ulong size)
{
	return xallocz(size, 1);
}

void*
xallocz(ulong size, int zero)
{
	void *v;

	v = xspanallocl(&xlist, size, BY2PG, 0);
	if(v != nil && zero)
		memset(v, 0, size);
	return v;
}
