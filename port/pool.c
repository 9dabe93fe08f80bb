/*
 * The pool allocator of pool(2), 64-bit clean.
 *
 * A pool takes arenas from a coarser allocator (p->alloc) and carves
 * them into blocks.  Every block carries boundary tags: an 8-byte
 * header and an 8-byte tail, both recording its size, so a block can
 * find both neighbours and free blocks can be coalesced either way.
 *
 * Layout.  Arenas are 16-byte aligned.  A block starts 8 bytes before
 * a 16-byte boundary, so the data after its header is 16-byte aligned;
 * block sizes are multiples of 16 (of the quantum when we choose them).
 *
 *   arena:  | Arena header block (40) | block | block | ... | arena tail (8) |
 *
 *   block:  +0      +4      +8                                size-8        size
 *           | magic | size  | data ...            | slack     | Btail        |
 *                           ^ the caller's pointer  ^ magic bytes
 *
 *   Btail:  | magic0 | dsize (16 bits) | magic1 | size (32 bits) |
 *           magic1 is TAIL_MAGIC1 xor both dsize bytes, so a damaged
 *           dsize is caught like a damaged magic.
 *
 *   free block data: | left | right | next | prev | (rest unused) |
 *
 * - magic says what a block is: allocated (ALLOC, or ALIGNED when
 *   poolallocalign put a prefix of ALIGN_MAGIC words before the
 *   caller's pointer), FREE, DEAD (freed under POOL_NOREUSE), or
 *   UNALLOC (in transit inside one call; never seen between calls).
 * - The tail's dsize is size minus the bytes the caller asked for; up
 *   to SLACKCHECK slack bytes after the data hold datamagic, so writing
 *   even one byte past the end is noticed at the next check.
 * - Sizes are 32 bits (the seed's overhead: 16 bytes a block), so a
 *   block is at most MAXBLOCK bytes; arenas and pool totals are uintptr.
 *
 * Free blocks sit in a tree keyed by size (p->freeroot), a top-down
 * splay tree in which each node heads a ring (next, prev) of the other
 * free blocks of exactly its size; ring members have left == right ==
 * LISTED.  Best fit is the smallest node not smaller than the request;
 * among equal sizes the block freed most recently is taken.
 *
 * Arenas are kept in a list sorted by descending address (p->arenalist,
 * up/down).  A new arena is offered to p->merge with each neighbour;
 * when merged, the seam between them becomes an ordinary free block.
 *
 * Invariants, between calls (poolcheck verifies every one):
 * - Each arena is a chain of valid blocks from its header to its tail.
 * - No two free blocks are adjacent, unless together they would exceed
 *   MAXBLOCK.
 * - Every FREE block is in the tree exactly once; nothing else is.
 * - cursize = sum of arena sizes; curalloc = sum of ALLOC, ALIGNED and
 *   DEAD block sizes; curfree = sum of FREE block sizes.
 *
 * Bad input: every pointer a caller hands us is first found inside an
 * arena, and every size we follow is checked against the arena's
 * bounds before we read through it.  Every free-tree link is vetted
 * before it is followed and every walk is bounded by the number of
 * free blocks, so a corrupt tree is reported, never followed into the
 * wild or round a cycle (test/campaign.c measures this).  Problems are
 * reported by printing
 * the message and a dump of the block through p->print, then calling
 * p->panic with "pool NAME: MESSAGE".  The messages:
 *	"not in pool"		a pointer outside every arena
 *	"double free"		the block is already free (or merged, or dead)
 *	"not a block"		a pointer inside an arena but not one we returned
 *	"bad block magic"	a header overwritten
 *	"bad block size"	a header's size impossible for its arena
 *	"corrupt tail"		a tail overwritten
 *	"user overflow"		bytes written past the size asked for
 *	"write after free"	a POOL_NOREUSE block written after its free
 *	"corrupt free tree"	free-tree links that do not hold together
 *	"corrupt free block"	a free block's size or tail damaged
 *	"corrupt arena"		arena headers, tails or list broken
 *	"accounting"		counters that do not match the blocks
 *
 * Locking: p->lock and p->unlock (when non-nil) bracket every public
 * call.  p->alloc, p->merge and p->move are called with the pool locked
 * and consistent; they must not call back into the pool.  p->print and
 * p->panic may be called with the lock held.  p->free is called by
 * poolreset after unlocking.
 */

#include "u.h"
#include "lib.h"
#include "pool.h"

typedef struct Bhdr	Bhdr;
typedef struct Btail	Btail;
typedef struct Free	Free;
typedef struct Arena	Arena;

struct Bhdr {
	u32int	magic;
	u32int	size;		/* of the whole block, header and tail included */
};

struct Btail {
	uchar	magic0;
	uchar	dsize[2];	/* size minus the caller's byte count, little-endian */
	uchar	magic1;
	u32int	size;		/* same as the header's */
};

struct Free {
	Bhdr	h;
	Free	*left;		/* tree: smaller sizes */
	Free	*right;		/* tree: larger sizes */
	Free	*next;		/* ring of blocks of this size */
	Free	*prev;
};

struct Arena {
	Bhdr	h;		/* ARENA_MAGIC, size ARENAHDR */
	Arena	*up;		/* next arena at a higher address */
	Arena	*down;		/* next arena at a lower address */
	uintptr	asize;		/* of the whole arena */
	Btail	tail;		/* so the first block can look left */
};

#define FREE_MAGIC	0xBA5EBA11U
#define ALLOC_MAGIC	0x0A110C09U
#define ALIGNED_MAGIC	0x0A11A119U	/* allocated, with an alignment prefix */
#define UNALLOC_MAGIC	0xCAB00D1FU
#define DEAD_MAGIC	0xDEADDEADU
#define NOT_MAGIC	0xDEADFA11U	/* a header or tail erased by a merge */
#define ARENA_MAGIC	0xC0A1E5CFU
#define ARENATAIL_MAGIC	0xEC5E1A0DU
#define ALIGN_MAGIC	0xA1F1D1C1U	/* odd, so never a block size */

enum {
	TAIL_MAGIC0	= 0xBE,
	TAIL_MAGIC1	= 0xEF,
	DEAD_FILL	= 0xDA,
	HDRSIZE		= sizeof(Bhdr),
	TAILSIZE	= sizeof(Btail),
	OVERHEAD	= HDRSIZE + TAILSIZE,
	MINBLOCK	= sizeof(Free) + TAILSIZE,	/* 48: room for the tree links */
	ARENAHDR	= sizeof(Arena),		/* 40: first block at 8 mod 16 */
	ARENAOVER	= ARENAHDR + HDRSIZE,		/* arena header and tail */
	MINQUANTUM	= 16,
	MAXQUANTUM	= 4096,
	MAXMINBLOCK	= 0x8000,	/* keeps size - dsize within 16 bits */
	MAXSLACK	= 0xFFFF,
	SLACKCHECK	= 8,		/* slack bytes written and checked */
	MAXWORTHFRONT	= 4096,		/* an alignment gap this big is always given back */
	MARK_NEW	= 0xF1,		/* antagonism: newly created free space */
	MARK_FREE	= 0xF7,		/* antagonism: freed blocks */
	MARK_ALLOC	= 0xF9,		/* antagonism: newly allocated data */
};

#define MAXBLOCK	0xFFFFFFF0UL
#define MAXDATA		(MAXBLOCK - OVERHEAD - MAXQUANTUM)	/* any request up to this fits a block */

static uchar datamagic[4] = { 0xFE, 0xF1, 0xF0, 0xFA };
static Free listed;			/* its address marks ring members */
#define LISTED	(&listed)

/* block arithmetic */
static inline Bhdr*	nextb(Bhdr *b)		{ return (Bhdr*)((uchar*)b + b->size); }
static inline Btail*	tailof(Bhdr *b)		{ return (Btail*)((uchar*)b + b->size - TAILSIZE); }
static inline Btail*	prevtail(Bhdr *b)	{ return (Btail*)((uchar*)b - TAILSIZE); }
static inline uchar*	datap(Bhdr *b)		{ return (uchar*)b + HDRSIZE; }
static inline Bhdr*	firstb(Arena *a)	{ return (Bhdr*)((uchar*)a + ARENAHDR); }
static inline Bhdr*	arenatail(Arena *a)	{ return (Bhdr*)((uchar*)a + a->asize - HDRSIZE); }
static inline int	isalloc(u32int m)	{ return m == ALLOC_MAGIC || m == ALIGNED_MAGIC; }
static inline uchar	slackbyte(uchar *q)	{ return datamagic[(uintptr)q & 3]; }
static inline uchar	magic1(Btail *t)	{ return TAIL_MAGIC1 ^ t->dsize[0] ^ t->dsize[1]; }

/* tailok: t is a sound tail (magic0 aside) for a block of size bytes */
static inline int
tailok(Btail *t, ulong size)
{
	return t->magic1 == magic1(t) && t->size == size;
}

static ulong
getdsize(Bhdr *b)
{
	Btail *t;

	t = tailof(b);
	return b->size - (t->dsize[0] | t->dsize[1]<<8);
}

static ulong
quantum(Pool *p)
{
	return p->quantum < MINQUANTUM ? MINQUANTUM : p->quantum;
}

static void	poolcheckl(Pool*);
static void	pooldumpl(Pool*);
static int	poolcompactl(Pool*);
static void	poolfreel(Pool*, void*);

/*
 * Debugging: marking, dumping, and the one way out on corruption.
 */

/*
 * memmark: antagonism's fill of [v, v+n): each aligned 32-bit word
 * holds the low 32 bits of the block's pointer xor sig<<24 (pool(2));
 * bytes outside whole words hold sig.
 */
static void
memmark(void *v, ulong n, int sig, void *block)
{
	uchar *q, *e;
	u32int w;

	q = v;
	e = q + n;
	w = (u32int)(uintptr)block ^ (u32int)sig<<24;
	for(; q < e && ((uintptr)q & 3); q++)
		*q = sig;
	for(; q + 4 <= e; q += 4)
		*(u32int*)q = w;
	for(; q < e; q++)
		*q = sig;
}

static char*
magicname(u32int m)
{
	switch(m){
	case FREE_MAGIC:	return "free";
	case ALLOC_MAGIC:	return "alloc";
	case ALIGNED_MAGIC:	return "aligned";
	case UNALLOC_MAGIC:	return "unalloc";
	case DEAD_MAGIC:	return "dead";
	case NOT_MAGIC:		return "merged";
	case ARENA_MAGIC:	return "arena";
	case ARENATAIL_MAGIC:	return "arenatail";
	}
	return "bad";
}

/* sizeok: could b be a block of its recorded size inside arena a? */
static int
sizeok(Bhdr *b, Arena *a)
{
	return b->size >= MINBLOCK && b->size % 16 == 0
		&& b->size <= (uintptr)((uchar*)arenatail(a) - (uchar*)b);
}

/* dumpblock: print what a block holds, reading nothing outside its arena */
static void
dumpblock(Pool *p, Bhdr *b, Arena *a)
{
	u32int *w;
	Btail *t;
	uchar *q;
	ulong dsize;

	w = (u32int*)b;
	p->print(p, "pool %s block %#p: %s magic %.8ux size %ud\n", p->name, b, magicname(b->magic), b->magic, b->size);
	if(a == nil || (uchar*)b + 16 > (uchar*)arenatail(a))
		return;
	p->print(p, "hdr %.8ux %.8ux | %.8ux %.8ux\n", w[0], w[1], w[2], w[3]);
	if(!sizeok(b, a))
		return;
	t = tailof(b);
	p->print(p, "tail magic0 %.2ux dsize %ud magic1 %.2ux size %ud\n",
		t->magic0, t->dsize[0] | t->dsize[1]<<8, t->magic1, t->size);
	if(isalloc(b->magic) || b->magic == DEAD_MAGIC){
		dsize = getdsize(b);
		if(dsize + OVERHEAD > b->size || dsize < 8)
			return;
		q = datap(b) + dsize;
		p->print(p, "data end %.2ux %.2ux %.2ux %.2ux %.2ux %.2ux %.2ux %.2ux | %.2ux %.2ux %.2ux %.2ux\n",
			q[-8], q[-7], q[-6], q[-5], q[-4], q[-3], q[-2], q[-1], q[0], q[1], q[2], q[3]);
	}
}

/* poolpanic: report a problem with block b (nil if none) and never return */
static void __attribute__((noreturn))
poolpanic(Pool *p, Bhdr *b, Arena *a, char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vseprint(msg, msg + sizeof msg, fmt, ap);
	va_end(ap);
	p->print(p, "pool %s: %s\n", p->name, msg);
	if(b != nil)
		dumpblock(p, b, a);
	p->panic(p, "pool %s: %s", p->name, msg);
	__builtin_trap();	/* p->panic must not return */
}

/* arenaof: the arena whose blocks hold [v, v+n), or nil */
static Arena*
arenaof(Pool *p, void *v, ulong n)
{
	Arena *a;
	uchar *q;

	q = v;
	for(a = p->arenalist; a != nil; a = a->down)
		if(q >= (uchar*)firstb(a) && q < (uchar*)arenatail(a)
		&& n <= (uintptr)((uchar*)arenatail(a) - q))
			return a;
	return nil;
}

/*
 * blockcheck: is b, in arena a, a sound block?  For allocated blocks
 * that includes the slack after the caller's data; for dead ones, that
 * nobody wrote to them.
 */
static void
blockcheck(Pool *p, Bhdr *b, Arena *a)
{
	Btail *t;
	uchar *q, *e;
	ulong dsize;

	switch(b->magic){
	case ALLOC_MAGIC:
	case ALIGNED_MAGIC:
	case FREE_MAGIC:
	case DEAD_MAGIC:
	case UNALLOC_MAGIC:
		break;
	default:
		poolpanic(p, b, a, "bad block magic at %#p", b);
	}
	if(!sizeok(b, a))
		poolpanic(p, b, a, "bad block size %ud at %#p", b->size, b);
	t = tailof(b);
	if(b->magic == FREE_MAGIC || b->magic == UNALLOC_MAGIC){
		if(t->magic0 != TAIL_MAGIC0 || !tailok(t, b->size))
			poolpanic(p, b, a, "corrupt tail of block %#p", b);
		return;
	}

	/*
	 * magic0 is the first tail byte after the data and slack: if it
	 * changed, the write came from the caller's side.  A single NUL
	 * just past the end is the classic string bug: POOL_TOLERANCE
	 * only reports it.
	 */
	if(t->magic0 != TAIL_MAGIC0){
		if(t->magic0 == 0 && (p->flags & POOL_TOLERANCE) && tailok(t, b->size)
		&& getdsize(b) == b->size - OVERHEAD)
			p->print(p, "pool %s: user overflow (one NUL) of block %#p tolerated\n", p->name, b);
		else
			poolpanic(p, b, a, "user overflow of block %#p", b);
	}
	if(!tailok(t, b->size))
		poolpanic(p, b, a, "corrupt tail of block %#p", b);
	dsize = getdsize(b);
	if(dsize > b->size - OVERHEAD)
		poolpanic(p, b, a, "corrupt tail of block %#p: data size %lud", b, dsize);
	q = datap(b) + dsize;
	if(b->magic == DEAD_MAGIC){
		for(e = datap(b); e < q; e++)
			if(*e != DEAD_FILL)
				poolpanic(p, b, a, "write after free of block %#p at offset %lud", b, (ulong)(e - datap(b)));
	}
	e = q + SLACKCHECK;
	if(e > (uchar*)t)
		e = (uchar*)t;
	for(; q < e; q++)
		if(*q != slackbyte(q)){
			if(q == datap(b) + dsize && *q == 0 && (p->flags & POOL_TOLERANCE)){
				p->print(p, "pool %s: user overflow (one NUL) of block %#p tolerated\n", p->name, b);
				continue;
			}
			poolpanic(p, b, a, "user overflow of block %#p", b);
		}
}

/*
 * ptr2block: the allocated block behind a caller's pointer, found and
 * vetted before anything is read through it; op names the call.
 */
static Bhdr*
ptr2block(Pool *p, void *v, Arena **ap, char *op)
{
	Arena *a;
	u32int *u, *lo;
	Bhdr *b;

	a = arenaof(p, v, 1);
	if(a == nil)
		poolpanic(p, nil, nil, "%s of %#p: not in pool", op, v);
	u = (u32int*)((uintptr)v & ~(uintptr)3);
	lo = (u32int*)datap(firstb(a));
	while(u > lo && u[-1] == ALIGN_MAGIC)	/* skip an alignment prefix */
		u--;
	if((uintptr)u % 16 != 0 || u < lo)
		poolpanic(p, nil, nil, "%s of %#p: not a block", op, v);
	b = (Bhdr*)((uchar*)u - HDRSIZE);
	switch(b->magic){
	case ALLOC_MAGIC:
		if((void*)u != v)
			poolpanic(p, b, a, "%s of %#p: not a block", op, v);
		break;
	case ALIGNED_MAGIC:
		break;
	case FREE_MAGIC:
	case DEAD_MAGIC:
	case NOT_MAGIC:
		poolpanic(p, b, a, "%s of %#p: double free", op, v);
	default:
		poolpanic(p, b, a, "%s of %#p: not a block (bad block magic %.8ux)", op, v, b->magic);
	}
	blockcheck(p, b, a);
	*ap = a;
	return b;
}

/*
 * The free tree.  Every link is vetted before it is followed, and no
 * walk takes more steps than there are free blocks, so a corrupt tree
 * is a panic, never a wild read or an endless loop.
 */

/* linkok: could f be a free block of p? */
static inline int
linkok(Pool *p, Free *f)
{
	return (uintptr)f - p->lo < p->hi - p->lo && ((uintptr)f & 15) == 8 && f->h.magic == FREE_MAGIC;
}

static void __attribute__((noreturn))
badlink(Pool *p, Free *f, void *link)
{
	poolpanic(p, nil, nil, "corrupt free tree: %#p links to %#p", f, link);
}

/* freeok: the free block f, about to be used, is whole: its size fits the pool and its tail agrees */
static void
freeok(Pool *p, Free *f)
{
	uintptr size;

	size = f->h.size;
	if(size < MINBLOCK || size % 16 != 0 || size > p->hi - (uintptr)f
	|| tailof(&f->h)->magic0 != TAIL_MAGIC0 || !tailok(tailof(&f->h), size))
		poolpanic(p, nil, nil, "corrupt free block %#p: size %lud", f, (ulong)size);
}

/*
 * Walks keep the pool's bounds in locals (stores into the tree could
 * alias the Pool, which would make the compiler reload them) and vet
 * each node once, just before it is first read.
 */
#define VET(f, lo, span)	((uintptr)(f) - (lo) < (span) && ((uintptr)(f) & 15) == 8 && (f)->h.magic == FREE_MAGIC)

/* splay: top-down splay of tree t on size; returns the new root */
static Free*
splay(Pool *p, Free *t, ulong size)
{
	Free n, *l, *r, *y;
	uintptr lo, span;
	ulong steps;

	lo = p->lo;
	span = p->hi - lo;
	steps = p->nfreeblk + 1;
	n.left = n.right = nil;
	l = r = &n;
	if(!VET(t, lo, span))
		badlink(p, nil, t);
	for(;;){
		if(steps-- == 0)
			poolpanic(p, nil, nil, "corrupt free tree: a cycle through %#p", t);
		if(size < t->h.size){
			if((y = t->left) == nil)
				break;
			if(!VET(y, lo, span))
				badlink(p, t, y);
			if(size < y->h.size){	/* rotate right */
				t->left = y->right;
				y->right = t;
				t = y;
				if((y = t->left) == nil)
					break;
				if(!VET(y, lo, span))
					badlink(p, t, y);
			}
			r->left = t;	/* link right */
			r = t;
			t = y;
		}else if(size > t->h.size){
			if((y = t->right) == nil)
				break;
			if(!VET(y, lo, span))
				badlink(p, t, y);
			if(size > y->h.size){	/* rotate left */
				t->right = y->left;
				y->left = t;
				t = y;
				if((y = t->right) == nil)
					break;
				if(!VET(y, lo, span))
					badlink(p, t, y);
			}
			l->right = t;	/* link left */
			l = t;
			t = y;
		}else
			break;
	}
	l->right = t->left;
	r->left = t->right;
	t->left = n.right;
	t->right = n.left;
	return t;
}

/* bestfit: the free block to use for bsize bytes, or nil; no tree change */
static Free*
bestfit(Pool *p, ulong bsize)
{
	Free *t, *best;
	uintptr lo, span;
	ulong steps;

	lo = p->lo;
	span = p->hi - lo;
	steps = p->nfreeblk + 1;
	best = nil;
	for(t = p->freeroot; t != nil; ){
		if(!VET(t, lo, span) || steps-- == 0)
			badlink(p, best, t);
		if(bsize == t->h.size){
			best = t;
			break;
		}
		if(bsize < t->h.size){
			best = t;
			t = t->left;
		}else
			t = t->right;
	}
	if(best != nil && best->next != best){
		if(!VET(best->next, lo, span) || best->next->h.size != best->h.size)
			badlink(p, best, best->next);
		best = best->next;	/* a ring member: leaves the tree alone */
	}
	if(best != nil)
		freeok(p, best);
	return best;
}

/* addfree: put the out-of-tree block b into the tree, as it is */
static void
addfree(Pool *p, Bhdr *b)
{
	Free *f, *root;

	f = (Free*)b;
	f->h.magic = FREE_MAGIC;
	f->next = f->prev = f;
	root = p->freeroot;
	if(root == nil)
		f->left = f->right = nil;
	else{
		root = splay(p, root, b->size);
		if(root->h.size == b->size){	/* join its ring; the tree is unchanged */
			if(!linkok(p, root->next))
				badlink(p, root, root->next);
			f->left = f->right = LISTED;
			f->prev = root;
			f->next = root->next;
			root->next->prev = f;
			root->next = f;
			f = root;
		}else if(b->size < root->h.size){
			f->left = root->left;
			f->right = root;
			root->left = nil;
		}else{
			f->right = root->right;
			f->left = root;
			root->right = nil;
		}
	}
	p->freeroot = f;
	p->curfree += b->size;
	p->nfreeblk++;
}

/* delfree: take free block f out of the tree; it becomes UNALLOC */
static Bhdr*
delfree(Pool *p, Free *f)
{
	Free *root, *n;

	if((f->next != f || f->prev != f)	/* alone in its ring, as most are: nothing to vet */
	&& (!linkok(p, f->next) || !linkok(p, f->prev) || f->next->prev != f || f->prev->next != f))
		poolpanic(p, nil, nil, "corrupt free tree: ring at %#p", f);
	if(f->left == LISTED){		/* a ring member */
		if(f->right != LISTED)
			badlink(p, f, f->right);
		f->next->prev = f->prev;
		f->prev->next = f->next;
	}else{
		root = splay(p, p->freeroot, f->h.size);
		if(root != f)
			poolpanic(p, (Bhdr*)f, nil, "corrupt free tree: %#p not found", f);
		if(f->next != f){	/* promote a ring member to f's place */
			n = f->next;
			n->prev = f->prev;
			f->prev->next = n;
			n->left = f->left;
			n->right = f->right;
			root = n;
		}else if(f->left == nil)
			root = f->right;
		else{
			root = splay(p, f->left, f->h.size);	/* the largest on the left: no right child */
			root->right = f->right;
		}
		p->freeroot = root;
	}
	p->curfree -= f->h.size;
	p->nfreeblk--;
	f->h.magic = UNALLOC_MAGIC;
	f->left = f->right = f->next = f->prev = nil;
	return &f->h;
}

/*
 * Blocks.
 */

/* setsize: give b a new size and a fresh tail; its magic is the caller's */
static void
setsize(Bhdr *b, ulong size)
{
	Btail *t;

	b->size = size;
	t = tailof(b);
	t->magic0 = TAIL_MAGIC0;
	t->dsize[0] = t->dsize[1] = 0;
	t->magic1 = TAIL_MAGIC1;
	t->size = size;
}

/* setdsize: record that the caller has dsize bytes, and fill the slack after them */
static void
setdsize(Bhdr *b, ulong dsize)
{
	Btail *t;
	uchar *q, *e;
	ulong slack;

	t = tailof(b);
	slack = b->size - dsize;
	t->dsize[0] = slack;
	t->dsize[1] = slack >> 8;
	t->magic1 = magic1(t);
	q = datap(b) + dsize;
	e = q + SLACKCHECK;
	if(e > (uchar*)t)
		e = (uchar*)t;
	for(; q < e; q++)
		*q = slackbyte(q);
}

/* dsize2bsize: the block size for dsize bytes of data (dsize <= MAXDATA) */
static ulong
dsize2bsize(Pool *p, ulong dsize)
{
	ulong q, b;

	q = quantum(p);
	b = (dsize + OVERHEAD + q - 1) & ~(q - 1);
	if(b < p->minblock)
		b = (p->minblock + q - 1) & ~(q - 1);
	if(b < MINBLOCK)
		b = MINBLOCK;
	return b;
}

/* join: merge b with its right neighbour nb (both out of the tree), erasing the tags between */
static Bhdr*
join(Bhdr *b, Bhdr *nb)
{
	Btail *t;
	u32int size;

	size = b->size + nb->size;
	t = tailof(b);
	t->magic0 = t->magic1 = 0;
	t->size = NOT_MAGIC;
	nb->magic = NOT_MAGIC;
	nb->size = NOT_MAGIC;
	setsize(b, size);
	return b;
}

static int
canjoin(Bhdr *a, Bhdr *b)
{
	return (uvlong)a->size + b->size <= MAXBLOCK;
}

/* addfreeright: make the unallocated b free, merged with a free right neighbour */
static void
addfreeright(Pool *p, Bhdr *b)
{
	Bhdr *r;

	r = nextb(b);
	if(r->magic == FREE_MAGIC && canjoin(b, r)){
		freeok(p, (Free*)r);
		b = join(b, delfree(p, (Free*)r));
	}
	addfree(p, b);
}

/* release: make the unallocated b in arena a free, merged with free neighbours either side */
static void
release(Pool *p, Bhdr *b, Arena *a)
{
	Btail *pt;
	Bhdr *l;

	pt = prevtail(b);
	if(pt->magic1 != magic1(pt) || pt->size > (uintptr)((uchar*)b - (uchar*)a) || pt->size < ARENAHDR)
		poolpanic(p, b, a, "corrupt tail before block %#p", b);
	l = (Bhdr*)((uchar*)b - pt->size);
	if(l->magic == FREE_MAGIC && canjoin(l, b)){
		if(l->size != pt->size)
			poolpanic(p, l, a, "corrupt tail of block %#p", l);
		b = join(delfree(p, (Free*)l), b);
	}
	addfreeright(p, b);
}

/*
 * trim: cut the unallocated or allocated block b down to what dsize
 * bytes need, giving back the rest if it is worth a block of its own
 * (or must be: the tail records at most MAXSLACK bytes of slack).
 */
static void
trim(Pool *p, Bhdr *b, ulong dsize)
{
	ulong bsize, extra;
	Bhdr *frag;

	bsize = dsize2bsize(p, dsize);
	extra = b->size - bsize;
	if(b->size - dsize > MAXSLACK
	|| (extra >= bsize/4 && extra >= MINBLOCK && extra >= p->minblock)){
		setsize(b, bsize);
		frag = nextb(b);
		frag->magic = UNALLOC_MAGIC;
		setsize(frag, extra);
		if(p->flags & POOL_ANTAGONISM)
			memmark(datap(frag), extra - OVERHEAD, MARK_NEW, datap(frag));
		addfreeright(p, frag);
	}
	setdsize(b, dsize);
}

/*
 * Arenas.
 */

static void
configcheck(Pool *p)
{
	ulong q;

	q = quantum(p);
	if((q & (q - 1)) != 0 || q > MAXQUANTUM)
		p->panic(p, "pool %s: quantum %lud is not a power of two from 16 to %d", p->name, p->quantum, MAXQUANTUM);
	if(p->minblock > MAXMINBLOCK)
		p->panic(p, "pool %s: minblock %lud above %d", p->name, p->minblock, MAXMINBLOCK);
}

/* arenamerge: if p->merge says bot and top (its upper neighbour) are one, make them one */
static void
arenamerge(Pool *p, Arena *bot, Arena *top)
{
	uchar *botend;
	uintptr gap;
	Bhdr *seam;

	botend = (uchar*)bot + bot->asize;
	if(botend > (uchar*)top)
		poolpanic(p, nil, nil, "corrupt arena: %#p+%lud overlaps %#p", bot, (ulong)bot->asize, top);
	gap = (uchar*)top - botend;
	if(gap > MAXBLOCK - ARENAOVER || p->merge == nil || p->merge(bot, top) == 0)
		return;
	bot->up = top->up;
	if(bot->up != nil)
		bot->up->down = bot;
	else
		p->arenalist = bot;
	p->cursize += gap;
	seam = arenatail(bot);	/* from bot's tail to top's first block */
	bot->asize = (uchar*)top - (uchar*)bot + top->asize;
	seam->magic = UNALLOC_MAGIC;
	setsize(seam, gap + ARENAOVER);
	release(p, seam, bot);
}

/* newarena: get an arena with room for a block of bsize; -1 and %r if none */
static int
newarena(Pool *p, ulong bsize)
{
	uintptr need, asize, room;
	Arena *a, *ap, *up;
	Bhdr *b;

	configcheck(p);
	need = bsize + ARENAOVER;
	asize = p->minarena > need ? p->minarena : need;
	if(asize > MAXBLOCK + ARENAOVER)
		asize = MAXBLOCK + ARENAOVER;
	asize = (asize + 15) & ~(uintptr)15;
	room = p->cursize < p->maxsize ? p->maxsize - p->cursize : 0;
	if(asize > room){	/* near maxsize: settle for what is left */
		asize = room & ~(uintptr)15;
		if(asize < need){
			werrstr("memory pool too large");
			if(p->flags & POOL_LOGGING)
				p->print(p, "pool %s: too large: %lud+%lud > %lud\n", p->name,
					(ulong)p->cursize, (ulong)need, (ulong)p->maxsize);
			return -1;
		}
	}
	werrstr("pool %s: no arena of %lud bytes", p->name, (ulong)asize);	/* unless alloc says better */
	a = p->alloc(asize);
	if(a == nil)
		return -1;
	if((uintptr)a % 16 != 0)
		p->panic(p, "pool %s: alloc returned misaligned arena %#p", p->name, a);
	if(p->flags & POOL_DEBUGGING)
		p->print(p, "pool %s: new arena %#p size %lud\n", p->name, a, (ulong)asize);
	p->cursize += asize;
	if(p->lo == 0 || (uintptr)a < p->lo)
		p->lo = (uintptr)a;
	if((uintptr)a + asize > p->hi)
		p->hi = (uintptr)a + asize;

	a->h.magic = ARENA_MAGIC;
	a->h.size = ARENAHDR;
	a->asize = asize;
	a->tail.magic0 = TAIL_MAGIC0;
	a->tail.magic1 = TAIL_MAGIC1;
	a->tail.dsize[0] = a->tail.dsize[1] = 0;
	a->tail.size = ARENAHDR;
	b = arenatail(a);
	b->magic = ARENATAIL_MAGIC;
	b->size = 0;
	b = firstb(a);
	b->magic = UNALLOC_MAGIC;
	setsize(b, asize - ARENAOVER);
	if(p->flags & POOL_ANTAGONISM)
		memmark(datap(b), b->size - OVERHEAD, MARK_NEW, datap(b));
	addfree(p, b);

	/* into the list, sorted by descending address */
	up = nil;
	for(ap = p->arenalist; ap != nil && ap > a; ap = ap->down)
		up = ap;
	a->up = up;
	a->down = ap;
	if(ap != nil)
		ap->up = a;
	if(up != nil)
		up->down = a;
	else
		p->arenalist = a;

	/* a with the one above first: that keeps a, which the one below may then absorb */
	if(a->up != nil)
		arenamerge(p, a, a->up);
	if(a->down != nil)
		arenamerge(p, a->down, a);
	return 0;
}

/*
 * Allocation.
 */

/* getblock: a free block for bsize bytes, taken out of the tree, or nil with %r */
static Bhdr*
getblock(Pool *p, ulong bsize, int cancompact)
{
	Free *f;

	f = bestfit(p, bsize);
	if(f == nil && newarena(p, bsize) == 0)
		f = bestfit(p, bsize);
	if(f == nil && cancompact && poolcompactl(p))
		f = bestfit(p, bsize);
	if(f == nil)
		return nil;
	if(f->h.size < bsize)
		poolpanic(p, nil, nil, "corrupt free tree: %#p of %ud bytes filed for %lud", f, f->h.size, bsize);
	return delfree(p, f);
}

static int
toobig(Pool *p, ulong n)
{
	if(n <= MAXDATA)
		return 0;
	werrstr("pool %s: %lud bytes is too large", p->name, n);
	return 1;
}

/* allocb: an allocated block for dsize bytes, or nil with %r */
static Bhdr*
allocb(Pool *p, ulong dsize, int cancompact)
{
	Bhdr *b;

	if(toobig(p, dsize))
		return nil;
	b = getblock(p, dsize2bsize(p, dsize), cancompact);
	if(b == nil)
		return nil;
	trim(p, b, dsize);
	b->magic = ALLOC_MAGIC;
	p->curalloc += b->size;
	if(p->curalloc > p->peakalloc)
		p->peakalloc = p->curalloc;
	if(p->flags & POOL_ANTAGONISM)
		memmark(datap(b), dsize, MARK_ALLOC, datap(b));
	return b;
}

static void*
poolallocl(Pool *p, ulong dsize)
{
	Bhdr *b;

	b = allocb(p, dsize, 1);
	return b == nil ? nil : datap(b);
}

/* offsetmod: offset reduced into [0, align), for negative offsets too */
static ulong
offsetmod(long offset, ulong align)
{
	if(offset >= 0)
		return (ulong)offset % align;
	return align - 1 - (ulong)(-(offset + 1)) % align;
}

/* alignup: the first address at or above c that is offset modulo align */
static uintptr
alignup(uintptr c, ulong align, ulong offset)
{
	ulong r;

	if(align == 0)
		return c;
	r = c % align;
	return c + (offset >= r ? offset - r : align - r + offset);
}

static int
crosses(uintptr c, ulong n, ulong span)
{
	return span != 0 && n != 0 && c / span != (c + n - 1) / span;
}

static ulong
gcd(ulong a, ulong b)
{
	ulong t;

	while(b != 0){
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * worstgap: how far past an address the next good one can lie, good
 * meaning off modulo align with n bytes inside one span (0 < n <= span).
 * Good addresses repeat every lcm(align, span), so scanning the
 * align/gcd span windows of one period tells.  0 if there are none;
 * ~0 if the period has more than MAXWINDOWS windows.
 */
enum {
	MAXWINDOWS = 1<<16,
};

static ulong
worstgap(ulong n, ulong align, ulong off, ulong span)
{
	ulong nw, w, b, c, period, first, last, prevlast, gap;
	int any;

	nw = align / gcd(align, span);
	if(nw > MAXWINDOWS || __builtin_mul_overflow(nw, span, &period) || period > ~0UL - align)
		return ~0UL;
	gap = first = prevlast = 0;
	any = 0;
	for(w = 0; w < nw; w++){
		b = w * span;
		c = alignup(b, align, off);
		if(c - b > span - n)
			continue;
		last = c + (b + span - n - c) / align * align;
		if(!any)
			first = c;
		else if(c - prevlast > gap)
			gap = c - prevlast;
		if(last > c && align > gap)
			gap = align;
		prevlast = last;
		any = 1;
	}
	if(!any)
		return 0;
	if(first + period - prevlast > gap)
		gap = first + period - prevlast;
	return gap;
}

/*
 * poolallocalignl: n bytes at an address that is offset modulo align,
 * not crossing a multiple of span.  We allocate enough that a good
 * address lies inside wherever the block lands, slide to the first
 * one, give back what lies before it when that is worth a block, and
 * mark the rest of the prefix with ALIGN_MAGIC words so the block can
 * be found again.
 */
static void*
poolallocalignl(Pool *p, ulong n, ulong align, long offset, ulong span)
{
	ulong off, need, gap, front, q;
	uintptr c, lim;
	Bhdr *b, *nb;
	Arena *a;
	u32int *u;

	if(n == 0)
		span = 0;	/* nothing to cross */
	if(align == 0 && span == 0)
		return poolallocl(p, n);
	off = align ? offsetmod(offset, align) : 0;
	if(span != 0){
		if(n > span){
			werrstr("pool %s: %lud bytes cannot fit in span %lud", p->name, n, span);
			return nil;
		}
		gap = worstgap(n, align ? align : 1, off, span);
		if(gap == 0 || gap == ~0UL){
			werrstr("pool %s: cannot place %lud bytes at %lud mod %lud within span %lud%s", p->name,
				n, off, align, span, gap ? ": period too long" : "");
			return nil;
		}
	}else if(align > 16 || 16 % align != 0 || off != 0)
		gap = align;
	else
		gap = 0;	/* every block is 16-byte aligned already */
	if(__builtin_add_overflow(n, gap, &need))
		need = ~0UL;
	b = allocb(p, need, 1);
	if(b == nil)
		return nil;
	lim = (uintptr)datap(b) + need;
	c = alignup((uintptr)datap(b), align, off);
	while(crosses(c, n, span) && c + n <= lim)
		c = alignup(((uintptr)c / span + 1) * span, align, off);
	if(c + n > lim)
		poolpanic(p, b, nil, "allocalign: no place for %lud bytes in %lud", n, need);

	/* give back the space before c, in whole quanta, if it is worth a block */
	q = quantum(p);
	front = (c - (uintptr)datap(b)) & ~(q - 1);
	if(front >= MINBLOCK && front >= p->minblock && (front >= MAXWORTHFRONT || front >= b->size/4)
	&& b->size - front >= dsize2bsize(p, c - (uintptr)datap(b) - front + n)){
		a = arenaof(p, b, b->size);
		nb = (Bhdr*)((uchar*)b + front);
		nb->magic = ALLOC_MAGIC;
		setsize(nb, b->size - front);
		p->curalloc -= front;
		b->magic = UNALLOC_MAGIC;
		setsize(b, front);
		release(p, b, a);
		b = nb;
	}
	for(u = (u32int*)datap(b); (uintptr)(u + 1) <= c; u++)
		*u = ALIGN_MAGIC;
	p->curalloc -= b->size;
	trim(p, b, c - (uintptr)datap(b) + n);
	p->curalloc += b->size;
	b->magic = ALIGNED_MAGIC;
	if(p->flags & POOL_ANTAGONISM)
		memmark((void*)c, n, MARK_ALLOC, (void*)c);
	return (void*)c;
}

static void
poolfreel(Pool *p, void *v)
{
	Bhdr *b;
	Arena *a;

	if(v == nil)
		return;
	b = ptr2block(p, v, &a, "free");
	if(p->flags & POOL_NOREUSE){	/* never reused: filled, so a later write shows */
		memset(datap(b), DEAD_FILL, getdsize(b));
		b->magic = DEAD_MAGIC;
		return;
	}
	p->nfree++;
	p->curalloc -= b->size;
	b->magic = UNALLOC_MAGIC;
	if(p->flags & POOL_ANTAGONISM)
		memmark(datap(b), b->size - OVERHEAD, MARK_FREE, v);
	release(p, b, a);
}

/* resize: b keeps its place and now holds dsize bytes (b->size must be enough) */
static void
resize(Pool *p, Bhdr *b, ulong dsize)
{
	p->curalloc -= b->size;
	trim(p, b, dsize);
	p->curalloc += b->size;
	if(p->curalloc > p->peakalloc)
		p->peakalloc = p->curalloc;
}

/*
 * poolreallocl: in place if the block or its free neighbours have
 * room (growing left moves the data down), else a new block and a
 * copy.  On failure the old block is untouched.  An aligned block
 * keeps its prefix while it stays in place.
 */
static void*
poolreallocl(Pool *p, void *v, ulong n)
{
	Bhdr *b, *l, *r, *nb;
	Btail *pt;
	Arena *a;
	ulong skip, odsize, keep, have;
	u32int magic;
	int tries;

	if(v == nil)
		return poolallocl(p, n);
	if(n == 0){
		poolfreel(p, v);
		return nil;
	}
	b = ptr2block(p, v, &a, "realloc");
	if(toobig(p, n))
		return nil;
	skip = (uchar*)v - datap(b);
	odsize = getdsize(b) - skip;
	keep = odsize < n ? odsize : n;
	for(tries = 0; ; tries++){
		/* in place, growing to the right if need be */
		r = nextb(b);
		have = b->size;
		if(r->magic == FREE_MAGIC && canjoin(b, r))
			have += r->size;
		if(dsize2bsize(p, skip + n) <= have){
			if(dsize2bsize(p, skip + n) > b->size){
				magic = b->magic;
				p->curalloc += r->size;
				b = join(b, delfree(p, (Free*)r));
				b->magic = magic;
			}
			resize(p, b, skip + n);
			break;
		}
		/* into the free left neighbour too: the data moves down, the prefix goes */
		pt = prevtail(b);
		l = (Bhdr*)((uchar*)b - pt->size);
		if(pt->size >= MINBLOCK && pt->size <= (uintptr)((uchar*)b - (uchar*)firstb(a))
		&& l->magic == FREE_MAGIC && l->size == pt->size
		&& have + l->size <= MAXBLOCK && dsize2bsize(p, n) <= have + l->size){
			p->curalloc += have - b->size + l->size;
			if(have > b->size)
				b = join(b, delfree(p, (Free*)r));
			b = join(delfree(p, (Free*)l), b);
			memmove(datap(b), v, keep);
			b->magic = ALLOC_MAGIC;
			v = datap(b);
			resize(p, b, n);
			break;
		}
		/* elsewhere: never compacting, which would move b under us */
		if(bestfit(p, dsize2bsize(p, n)) != nil || tries > 0){
			nb = allocb(p, n, 0);
			if(nb == nil)
				return nil;
			memmove(datap(nb), v, keep);
			poolfreel(p, v);
			v = datap(nb);
			break;
		}
		/* nothing fits: a new arena, then look again (it may have merged beside b) */
		if(newarena(p, dsize2bsize(p, n)) < 0)
			return nil;
		a = arenaof(p, b, b->size);
	}
	if((p->flags & POOL_ANTAGONISM) && n > keep)
		memmark((uchar*)v + keep, n - keep, MARK_ALLOC, v);
	return v;
}

static ulong
poolmsizel(Pool *p, void *v)
{
	Bhdr *b;
	Arena *a;
	ulong skip;

	if(v == nil)
		return 0;
	b = ptr2block(p, v, &a, "msize");
	skip = (uchar*)v - datap(b);
	setdsize(b, b->size - OVERHEAD);
	return b->size - OVERHEAD - skip;
}

/*
 * Compaction: in each arena, slide every movable allocated block down
 * over the free block before it, so the free space collects at the
 * end.  Blocks with an alignment prefix and dead blocks stay put.
 * The pool is consistent whenever p->move is called.
 */
static int
arenacompact(Pool *p, Arena *a)
{
	Bhdr *b, *nb, *f;
	ulong fsize, nsize;
	int moved;

	moved = 0;
	for(b = firstb(a); b != arenatail(a); ){
		blockcheck(p, b, a);
		nb = nextb(b);
		if(b->magic != FREE_MAGIC || nb->magic != ALLOC_MAGIC){
			b = nb;
			continue;
		}
		blockcheck(p, nb, a);
		fsize = b->size;
		nsize = nb->size;
		delfree(p, (Free*)b);
		memmove(b, nb, nsize);	/* tags move too; slack magic depends on address mod 4, kept */
		f = nextb(b);
		f->magic = UNALLOC_MAGIC;
		setsize(f, fsize);
		addfreeright(p, f);
		p->move(datap(nb), datap(b));
		moved = 1;
		b = f;
	}
	return moved;
}

static int
poolcompactl(Pool *p)
{
	Arena *a;
	int moved;

	if(p->move == nil || p->lastcompact == p->nfree)
		return 0;
	p->lastcompact = p->nfree;
	moved = 0;
	for(a = p->arenalist; a != nil; a = a->down)
		moved |= arenacompact(p, a);
	return moved;
}

/*
 * Checking the whole pool.
 */

/* inpool: could f be a free block of this pool?  Checked before following a tree link. */
static int
inpool(Pool *p, Free *f)
{
	return (uintptr)f % 16 == 8 && arenaof(p, f, MINBLOCK) != nil;
}

static void
checknode(Pool *p, Free *f)
{
	if(!inpool(p, f) || f->h.magic != FREE_MAGIC || f->left == LISTED || f->right == LISTED)
		poolpanic(p, nil, nil, "corrupt free tree at %#p", f);
}

/*
 * treecheck: walk the tree in size order without a stack (each next
 * node is found by a search from the root), checking every link before
 * following it; the blocks found must be exactly the free blocks.
 */
static void
treecheck(Pool *p, ulong nfree, uintptr sumfree)
{
	Free *t, *best, *f;
	ulong count, steps, last, lo, hi;
	uintptr sum;
	int first;

	count = 0;
	sum = 0;
	last = 0;
	for(first = 1;; first = 0){
		best = nil;
		steps = 0;
		lo = 0;
		hi = ~0UL;
		for(t = p->freeroot; t != nil; ){
			checknode(p, t);
			if(++steps > nfree)
				poolpanic(p, nil, nil, "corrupt free tree: a cycle");
			if(t->h.size <= lo || t->h.size >= hi)
				poolpanic(p, nil, nil, "corrupt free tree: %#p of size %ud out of order", t, t->h.size);
			if(first || t->h.size > last){
				best = t;
				hi = t->h.size;
				t = t->left;
			}else{
				lo = t->h.size;
				t = t->right;
			}
		}
		if(best == nil)
			break;
		last = best->h.size;
		f = best;
		do{
			if(!inpool(p, f->next) || f->next->prev != f || ++count > nfree)
				poolpanic(p, nil, nil, "corrupt free tree: ring at %#p", f);
			f = f->next;
			if(f != best && (f->h.magic != FREE_MAGIC || f->left != LISTED || f->right != LISTED || f->h.size != best->h.size))
				poolpanic(p, nil, nil, "corrupt free tree: ring member %#p", f);
			sum += f->h.size;
		}while(f != best);
	}
	if(count != nfree || sum != sumfree || p->nfreeblk != nfree)
		poolpanic(p, nil, nil, "corrupt free tree: %lud blocks of %lud bytes, arenas have %lud of %lud",
			count, (ulong)sum, nfree, (ulong)sumfree);
}

/* poolwalk: check every arena and block; fill in the counts */
static void
poolwalk(Pool *p, Poolstats *s)
{
	Arena *a, *up;
	Bhdr *b, *prev, *t;

	memset(s, 0, sizeof *s);
	up = nil;
	for(a = p->arenalist; a != nil; up = a, a = a->down){
		if((uintptr)a % 16 != 0 || a->h.magic != ARENA_MAGIC || a->h.size != ARENAHDR || a->up != up
		|| (up != nil && (uchar*)a + a->asize > (uchar*)up)
		|| a->asize % 16 != 0 || a->asize < ARENAOVER + MINBLOCK
		|| !tailok(&a->tail, ARENAHDR))
			poolpanic(p, nil, nil, "corrupt arena %#p", a);
		t = arenatail(a);
		if(t->magic != ARENATAIL_MAGIC || t->size != 0)
			poolpanic(p, nil, nil, "corrupt arena %#p: tail", a);
		s->narena++;
		s->cursize += a->asize;
		prev = nil;
		for(b = firstb(a); b != t; prev = b, b = nextb(b)){
			blockcheck(p, b, a);	/* so its size leads to the next block */
			switch(b->magic){
			case FREE_MAGIC:
				if(prev != nil && prev->magic == FREE_MAGIC && canjoin(prev, b))
					poolpanic(p, b, a, "adjacent free blocks at %#p", b);
				s->nfreeblocks++;
				s->curfree += b->size;
				if(b->size > s->maxfree)
					s->maxfree = b->size;
				break;
			case UNALLOC_MAGIC:
				poolpanic(p, b, a, "bad block magic at %#p: unallocated between calls", b);
			default:
				s->nalloc++;
				s->curalloc += b->size;
			}
		}
	}
	s->peakalloc = p->peakalloc;
}

static void
poolcheckl(Pool *p)
{
	Poolstats s;

	poolwalk(p, &s);
	treecheck(p, s.nfreeblocks, s.curfree);
	if(s.cursize != p->cursize || s.curalloc != p->curalloc || s.curfree != p->curfree)
		poolpanic(p, nil, nil, "accounting: arenas %lud/%lud alloc %lud/%lud free %lud/%lud (found/counted)",
			(ulong)s.cursize, (ulong)p->cursize, (ulong)s.curalloc, (ulong)p->curalloc,
			(ulong)s.curfree, (ulong)p->curfree);
}

static void
pooldumpl(Pool *p)
{
	Arena *a;
	Bhdr *b;

	p->print(p, "pool %s %#p: size %lud alloc %lud free %lud\n", p->name, p,
		(ulong)p->cursize, (ulong)p->curalloc, (ulong)p->curfree);
	for(a = p->arenalist; a != nil; a = a->down){
		p->print(p, " arena %#p size %lud\n", a, (ulong)a->asize);
		for(b = firstb(a); b != arenatail(a) && sizeok(b, a); b = nextb(b)){
			if(isalloc(b->magic) || b->magic == DEAD_MAGIC)
				p->print(p, "  %#p %s %ud data %lud\n", b, magicname(b->magic), b->size, getdsize(b));
			else
				p->print(p, "  %#p %s %ud\n", b, magicname(b->magic), b->size);
		}
	}
}

/*
 * The public calls: lock, check or dump as the flags ask, do the
 * work, log, unlock.
 */

static void
plock(Pool *p)
{
	if(p->lock != nil)
		p->lock(p);
}

static void
punlock(Pool *p)
{
	if(p->unlock != nil)
		p->unlock(p);
}

static void
enter(Pool *p)
{
	plock(p);
	if(p->flags & POOL_PARANOIA)
		poolcheckl(p);
	if(p->flags & POOL_VERBOSITY)
		pooldumpl(p);
}

static void
leave(Pool *p)
{
	if(p->flags & POOL_PARANOIA)
		poolcheckl(p);
	if(p->flags & POOL_VERBOSITY)
		pooldumpl(p);
	if((p->flags & POOL_LOGGING) && p->logstack != nil)
		p->logstack(p);
	punlock(p);
}

#define LOG	if(!(p->flags & POOL_LOGGING)){}else p->print

void*
poolalloc(Pool *p, ulong n)
{
	void *v;

	enter(p);
	v = poolallocl(p, n);
	LOG(p, "poolalloc %#p %lud = %#p\n", p, n, v);
	leave(p);
	return v;
}

void*
poolallocalign(Pool *p, ulong n, ulong align, long offset, ulong span)
{
	void *v;

	enter(p);
	v = poolallocalignl(p, n, align, offset, span);
	LOG(p, "poolallocalign %#p %lud %lud %ld %lud = %#p\n", p, n, align, offset, span, v);
	leave(p);
	return v;
}

void
poolfree(Pool *p, void *v)
{
	enter(p);
	poolfreel(p, v);
	LOG(p, "poolfree %#p %#p\n", p, v);
	leave(p);
}

void*
poolrealloc(Pool *p, void *v, ulong n)
{
	void *nv;

	enter(p);
	nv = poolreallocl(p, v, n);
	LOG(p, "poolrealloc %#p %#p %lud = %#p\n", p, v, n, nv);
	leave(p);
	return nv;
}

ulong
poolmsize(Pool *p, void *v)
{
	ulong n;

	enter(p);
	n = poolmsizel(p, v);
	LOG(p, "poolmsize %#p %#p = %lud\n", p, v, n);
	leave(p);
	return n;
}

int
poolcompact(Pool *p)
{
	int moved;

	enter(p);
	moved = poolcompactl(p);
	LOG(p, "poolcompact %#p = %d\n", p, moved);
	leave(p);
	return moved;
}

int
poolisoverlap(Pool *p, void *v, ulong n)
{
	Arena *a;
	uintptr lo, hi;

	lo = (uintptr)v;
	hi = n > ~lo ? ~(uintptr)0 : lo + n;
	plock(p);
	for(a = p->arenalist; a != nil; a = a->down)
		if(hi > (uintptr)a && lo < (uintptr)a + a->asize)
			break;
	punlock(p);
	return a != nil;
}

void
poolcheck(Pool *p)
{
	plock(p);
	poolcheckl(p);
	punlock(p);
}

void
poolblockcheck(Pool *p, void *v)
{
	Arena *a;

	if(v == nil)
		return;
	plock(p);
	ptr2block(p, v, &a, "blockcheck");
	punlock(p);
}

void
pooldump(Pool *p)
{
	plock(p);
	pooldumpl(p);
	punlock(p);
}

void
poolstats(Pool *p, Poolstats *s)
{
	plock(p);
	poolwalk(p, s);
	punlock(p);
}

/*
 * poolblocks: every allocated block's pointer and the bytes asked for.
 * For a block from poolallocalign the pointer is the first byte after
 * the whole ALIGN_MAGIC words, which is the caller's pointer whenever
 * that is 4-byte aligned relative to the block (any align that is a
 * multiple of 4, with an offset that is too).
 */
void
poolblocks(Pool *p, void (*f)(Pool*, void*, ulong, void*), void *arg)
{
	Arena *a;
	Bhdr *b;
	u32int *u, *e;

	plock(p);
	for(a = p->arenalist; a != nil; a = a->down)
		for(b = firstb(a); b != arenatail(a); b = nextb(b)){
			blockcheck(p, b, a);
			if(b->magic == ALLOC_MAGIC)
				f(p, datap(b), getdsize(b), arg);
			else if(b->magic == ALIGNED_MAGIC){
				u = (u32int*)datap(b);
				e = (u32int*)(datap(b) + getdsize(b));
				while(u < e && *u == ALIGN_MAGIC)
					u++;
				f(p, u, (uchar*)datap(b) + getdsize(b) - (uchar*)u, arg);
			}
		}
	punlock(p);
}

/* poolreset: forget every block and give every arena back through p->free */
void
poolreset(Pool *p)
{
	Arena *a, *down;
	uintptr asize;

	if(p == nil)
		return;
	enter(p);
	a = p->arenalist;
	p->arenalist = nil;
	p->freeroot = nil;
	p->cursize = p->curfree = p->curalloc = p->peakalloc = 0;
	p->lo = p->hi = 0;
	p->nfreeblk = 0;
	p->nfree = p->lastcompact = 0;
	LOG(p, "poolreset %#p\n", p);
	punlock(p);
	for(; a != nil; a = down){
		down = a->down;
		asize = a->asize;
		if(p->flags & POOL_ANTAGONISM)
			memmark(a, asize, 0xFF, a);
		if(p->free != nil)
			p->free(a, asize);
	}
}
