/*
 * xalloc (kernel/xalloc.c): the kernel's heap as pages, for the
 * pools' arenas and for anything that wants whole pages.  The X...l
 * forms work on any Xalloc, the others on the kernel's heap, xlist.
 */
#ifndef XALLOC_H
#define XALLOC_H
#include "page.h"

enum {
	BY2PG	= 4096,
};

typedef struct Xalloc Xalloc;

struct Xalloc {
	Lock	lk;
	Pagemap	map;
	uintptr	total;		/* bytes of pages managed, the reserved ones not */
};

#define xfreebytes(x)	((uintptr)(x)->map.nfree * BY2PG)	/* bytes of free pages */

extern Xalloc xlist;

void	xinit(uintptr base, uintptr top);
void	xreserve(uintptr base, uintptr size);
void*	xalloc(ulong);
void*	xallocz(ulong, int zero);
void*	xspanalloc(ulong size, ulong align, ulong span);
void	xfree(void*);
int	xmerge(void*, void*);
void*	xallocpage(void);
void*	xarena(ulong);
void	xsummary(void);

void	xinitl(Xalloc*, uintptr base, uintptr top);
void	xreservel(Xalloc*, uintptr base, uintptr size);
void*	xspanallocl(Xalloc*, ulong size, ulong align, ulong span);
void*	xallocpagel(Xalloc*);
void*	xarenal(Xalloc*, ulong);
void	xfreel(Xalloc*, void*);
int	xmergel(Xalloc*, void*, void*);
ulong	xsizel(Xalloc*, void*);
void	xsummaryl(Xalloc*);

#endif
