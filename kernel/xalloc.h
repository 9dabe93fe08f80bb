/*
 * xalloc (kernel/xalloc.c): an allocator of whole regions, for pools'
 * arenas.  The X...l forms work on any Xalloc, the others on the
 * kernel's heap, xlist.
 */
#ifndef XALLOC_H
#define XALLOC_H
typedef struct Hole Hole;
typedef struct Xalloc Xalloc;

struct Hole {
	uintptr	addr;
	uintptr	size;
};

struct Xalloc {
	Lock	lk;
	int	nhole;
	Hole	hole[128];	/* sorted by address, never touching */
	uintptr	total;		/* bytes managed */
	uintptr	free;		/* bytes in holes */
};

extern Xalloc xlist;

void	xinit(uintptr base, uintptr top);
void	xreserve(uintptr base, uintptr size);
void*	xalloc(ulong);
void*	xallocz(ulong, int zero);
void*	xspanalloc(ulong size, ulong align, ulong span);
void	xfree(void*);
int	xmerge(void*, void*);
void	xsummary(void);

void	xinitl(Xalloc*, uintptr base, uintptr top);
void	xreservel(Xalloc*, uintptr base, uintptr size);
void*	xspanallocl(Xalloc*, ulong size, ulong align, ulong span);
void	xfreel(Xalloc*, void*);
int	xmergel(Xalloc*, void*, void*);
ulong	xsizel(Xalloc*, void*);
void	xsummaryl(Xalloc*);

#endif
