/*
 * The pool allocator of pool(2), 64-bit clean.
 *
 * A pool takes arenas from a coarser allocator (p->alloc) and carves
 * them into blocks.  An allocated block carries an 8-byte header; a
 * free block carries the same header and a footer, so the block after
 * it can find its start and the two can be coalesced.  Whether a
 * block's left neighbour is free (and so has a footer) is a bit in the
 * block's own header.
 *
 * Layout.  Arenas are 16-byte aligned.  A block starts 8 bytes before
 * a 16-byte boundary, so the data after its header is 16-byte aligned;
 * block sizes are multiples of 16 (of the quantum when we choose them).
 * A pool of phase 8 (p->phase) starts each arena 8 bytes into what
 * alloc gave and ends it 8 bytes short, so its blocks start on a
 * 16-byte boundary and its pointers lie 8 past one.  So the checks of
 * where a block or pointer may lie are made from its arena (its start,
 * its tail, or p->lo, the lowest), never from 16-byte boundaries.
 *
 *   arena:  | Arena header block (40) | block | block | ... | arena tail (8) |
 *
 *   header: | magic (16) | bits (16) | size (32) |
 *             bits: LEFTFREE, and the slack of an allocated block
 *
 *   allocated:  | header | data ...              | slack       | next header
 *                        ^ the caller's pointer   ^ SLACKPAT, up to 2 words
 *
 *   free:       | header | next | prev | ... | Foot (8) |
 *                                               magic, size
 *
 * - magic says what a block is: allocated (ALLOC, or ALIGNED when
 *   poolallocalign put a prefix of ALIGN_MAGIC words before the
 *   caller's pointer), FREE, DEAD (freed under POOL_NOREUSE), or
 *   UNALLOC (in transit inside one call; never seen between calls).
 *   No two magics share their high byte, so a one-byte overflow into
 *   the next header never turns one valid magic into another.
 * - The slack is the block's size minus the header and the bytes the
 *   caller asked for.  From the first slack byte to the end of its
 *   8-byte word, and the whole word after that when the block has it,
 *   the slack holds SLACKPAT; with no slack the next header follows
 *   the data directly.  Either way writing even one byte past the end
 *   is noticed when the block is freed or checked.
 * - Sizes are 32 bits, so a block is at most MAXBLOCK bytes; arenas
 *   and pool totals are uintptr.
 *
 * Free blocks sit in doubly linked lists, newest first.  Blocks of up
 * to SMALLMAX bytes have a list for each size, 16 bytes apart
 * (p->small: the small lists); larger ones have NSUB lists for each
 * power of two, each for a 1/NSUB slice of its sizes (p->slot: the
 * large lists, TLSF's second level).  Bitmaps say which lists are not
 * empty, and a summary word which bitmap words are not zero, so the
 * first non-empty list at or above any size is found with at most two
 * bit scans.  A request takes the head of the first small list at or
 * above its size (the best fit); with none, the head of its own large
 * list if that fits, else the head of the first large list above it,
 * every block of which fits (a good fit, within 1/NSUB of its size,
 * found without a walk).  p->slotup is NSLOT less a large list at or
 * below the first that is not empty (0 when all are empty): the first
 * is found without a bit scan while a heap grows into one block
 * (slotfirst).  A block is cut from the back of a large block (carve),
 * so the rest keeps its address, and its place in its list while its
 * size allows, and from the front of a small one.
 *
 * Arenas are kept in a list sorted by descending address (p->arenalist,
 * up/down), and in an array sorted by address (p->arena), which a
 * pointer below the first arena is found in by a binary search.  A new
 * arena is offered to p->merge with each neighbour; when merged, the
 * seam between them becomes an ordinary free block.
 *
 * The paths.  poolalloc in a pool with no flags is allocfast: the size
 * rounded to a block's (roundb), the first non-empty list at or above
 * it (listfind: the exact list, else at most two bitmap words), its
 * head vetted by three word compares (listheadok) and cut from the
 * front (cutfront, cutlist); with every small list too small, the
 * head of the first large list cut from its back (fromslot, carve); a
 * larger block, the head of the first large list that fits (allocbig,
 * takeslot).  Anything else (a pool to grow or compact, flags) is
 * poolallocl: the same choice through bestfit, takefit and trim.
 * poolfree is freeptr: a sound plain block (blockok: the largest
 * arena, else the one the last such free found, else a binary search
 * of the index) goes straight to release,
 * which vets and joins its free neighbours and files the result in its
 * list; any other pointer goes through ptr2block, which finds its arena
 * and block or says what is wrong.  Every path takes, cuts and joins blocks with the same
 * functions; damage found on a fast path is reported by a small cold
 * function (listheadbad, slotbad, neighbourbad) that works out the
 * message, so the paths need no stack frame and no check is written
 * twice.  poolrealloc tries reallocsmall (in place with a list block
 * after it, or moved within the lists) before poolreallocl.
 *
 * Cost.  An allocation or a free has no loop: at most two bit scans
 * through a summary to find a list, a head vetted and unlinked, a cut
 * filed, two neighbours joined (README.md's worst case; bench
 * worstgen builds it).  A pointer outside the largest arena costs a
 * binary search of the arena index, at most log2(POOL_NARENA) = 7
 * steps.  What depends on the heap: growing the pool walks the arena
 * list, and compaction, poolcheck and a panic's diagnosis walk blocks.
 *
 * The file, in layers: the block layout and its helpers; messages and
 * the one way out; the arena list; the slack, and a caller's pointer
 * vetted (ptr2block); the lists, small and large; blocks made free, joined
 * and trimmed (release, trim); arenas added; allocation (the general
 * path, then the fast path); freeing; reallocation; aligned placement;
 * compaction; the per-CPU caches; the public calls; the checker.
 *
 * Per-CPU caches (optional, in front of the fast path) keep freed
 * blocks of up to 4112 bytes as CACHE_MAGIC blocks on their CPU's
 * lists, taken and given without the lock (poolcacherealloc too,
 * while its block's size holds or another cached block will do); to
 * the rest of the pool they are allocated.  A block freed to a full
 * cache goes to the pool at once, so no call frees more than one.
 * So that a CPU can rewrite a cached block's header while the lock's
 * holder sets its LEFTFREE bit, the pool changes another block's
 * LEFTFREE only with atomic and/or (leftset, leftclear), and reads a
 * neighbour's tag and bits as one word (magicat).  A CPU cuts blocks
 * from a fill's block it holds without the lock, writing their
 * headers before the shorter size (sizepublish), so a walk under the
 * lock sees one state or the other.  A cached free looks first in its
 * CPU's own views of the largest arena and the last two others it
 * found, then finds any other without the lock (arenapeek), as the
 * lock's holder marks the index's changes (arenagen); a block too big
 * to cache goes to the pool without that lookup.
 *
 * Invariants, between calls (poolcheck verifies every one):
 * - Each arena is a chain of valid blocks from its header to its tail.
 * - A block's LEFTFREE bit is set exactly when the block before it is
 *   free; the arena tail's header has the bit too.
 * - No two free blocks are adjacent, unless together they would exceed
 *   MAXBLOCK and the first is as large as it can be, MAXBLOCK - 16 or
 *   more (settle): any request a run of free space holds fits its
 *   first block.
 * - Every FREE block is in its list exactly once; nothing else is; a
 *   list's bit is set exactly when it is not empty, and a summary bit
 *   exactly when its bitmap word is not zero.
 * - cursize = sum of arena sizes; curalloc = sum of ALLOC, ALIGNED,
 *   DEAD and CACHE block sizes; curfree = sum of FREE block sizes.
 * - p->arena holds every arena, by address, as the list does; arenabig
 *   is the largest, biglo and bigspan its blocks' bounds.
 * - A large FREE block's slot word (after its links) is its list's.
 *
 * Bad input: every pointer a caller hands us is first found inside an
 * arena, and every size we follow is checked against the arena's
 * bounds before we read through it.  Every free-list link is vetted
 * before it is followed (only poolcheck walks a list, bounded by the
 * number of free blocks), so a corrupt list is reported, never
 * followed into the wild or round a cycle (test/campaign.c measures
 * this).  What the allocator itself has just written is not checked
 * again.  Problems are reported by printing the message and a dump of
 * the block through p->print, then calling p->panic with
 * "pool NAME: MESSAGE".  The messages:
 *	"not in pool"		a pointer outside every arena
 *	"double free"		the block is already free (or merged, dead or cached)
 *	"not a block"		a pointer inside an arena but not one we returned
 *	"bad block magic"	a header overwritten
 *	"bad block size"	a header's size impossible for its arena
 *	"bad block header"	a header's slack impossible for its size
 *	"corrupt tail"		a free block's footer overwritten
 *	"user overflow"		bytes written past the size asked for
 *	"write after free"	a POOL_NOREUSE block written after its free
 *	"corrupt free tree"	free-list links that do not hold together (pool(2)'s word)
 *	"corrupt free block"	a free block's size or footer damaged
 *	"corrupt arena"		arena headers, tails or list broken
 *	"corrupt alignment prefix"	the words before an aligned pointer damaged
 *	"corrupt per-CPU cache"	a cached block, or a cache's count, damaged
 *	"adjacent free blocks"	free blocks that should have joined
 *	"accounting"		counters that do not match the blocks
 * A call that fails returns nil and tells p->errstr why.
 *
 * Locking, callbacks and what a call may cost: include/pool.h.
 */

#include <stdarg.h>
#include "pool.h"

/* What the allocator needs from its environment: these two, standard C's. */
void*	memmove(void*, const void*, size_t);
void*	memset(void*, int, size_t);

typedef unsigned char	uchar;
typedef unsigned int	uint;
typedef unsigned long	ulong;
typedef uint16_t	u16int;
typedef uint32_t	u32int;
typedef uint64_t	u64int;
typedef uintptr_t	uintptr;

#define nil	((void*)0)

/* GNU C's hints and builtins where there are any; plain C11 elsewhere */
#ifdef __GNUC__
#define HOT	static inline __attribute__((always_inline))
#define COLD	__attribute__((noinline, cold))
#define NOINLINE	__attribute__((noinline))
#define NORETURN	__attribute__((noreturn))
#define TRAP()	__builtin_trap()
#define UNREACHABLE()	__builtin_unreachable()
#ifdef __clang__
#define NOIPA
#else
#define NOIPA	__attribute__((noipa))
#endif
#else
#define HOT	static inline
#define COLD
#define NOINLINE
#define NORETURN	_Noreturn
#define TRAP()	for(;;)
#define UNREACHABLE()
#define NOIPA
#endif

typedef struct Bhdr	Bhdr;
typedef struct Foot	Foot;
typedef struct Free	Free;
typedef struct Arena	Arena;

struct Bhdr {
	u16int	tag;		/* the magic, its low byte xor slackhash(bits) */
	u16int	bits;		/* LEFTFREE | slack */
	u32int	size;		/* of the whole block, header included */
};

struct Foot {
	u32int	magic;		/* FOOT_MAGIC */
	u32int	size;		/* same as the header's */
};

struct Free {
	Bhdr	h;
	Free	*next;		/* in its list */
	Free	*prev;		/* nil at the head */
};

struct Arena {
	Bhdr	h;		/* ARENA_MAGIC, size ARENAHDR */
	Arena	*up;		/* next arena at a higher address */
	Arena	*down;		/* next arena at a lower address */
	uintptr	asize;		/* of the whole arena */
	uintptr	nasize;		/* ~asize, a check */
};

/*
 * Block magics: the high bytes all differ.  The two the fast paths
 * test and write most, ALLOC and FREE, are under 2048, so RISC-V
 * makes each in one instruction (li, ori, xori take 12 bits) where
 * 0xA10C and 0xF4EE took two: 4.7 instructions an event on sqlite.
 */
enum {
	ALLOC_MAGIC	= 0x01AC,
	ALIGNED_MAGIC	= 0x5A1A,	/* allocated, with an alignment prefix */
	FREE_MAGIC	= 0x07EE,
	UNALLOC_MAGIC	= 0xCA0B,
	DEAD_MAGIC	= 0xDEAD,
	NOT_MAGIC	= 0xFA11,	/* a header erased by a merge */
	ARENA_MAGIC	= 0x3A4E,
	ARENATAIL_MAGIC	= 0xE7A1,
	CACHE_MAGIC	= 0x6CAC,	/* allocated to the pool, free to its caller: in a per-CPU cache */
};

#define FOOT_MAGIC	0x07F0U	/* under 2048, as ALLOC and FREE: ori makes a footer word in one step */
#define ALIGN_MAGIC	0xA1F1D1C1U	/* odd, so never a block size */
#define SLACKPAT	0xFAF0F1FEFAF0F1FEULL	/* the slack bytes, as 8-byte words */

enum {
	LEFTFREE	= 0x8000,	/* in bits: the block before this one is free */
	SLACKMASK	= 0x7FFF,
	MAXSLACK	= SLACKMASK,
	DEAD_FILL	= 0xDA,
	HDRSIZE		= sizeof(Bhdr),
	FOOTSIZE	= sizeof(Foot),
	MINBLOCK	= 32,			/* a list block: header, two links, footer (with 32-bit pointers, room to spare) */
	ARENAHDR	= sizeof(Arena),		/* 40 (24 with 32-bit pointers): first block at 8 mod 16 */
	ARENAOVER	= ARENAHDR + HDRSIZE,		/* arena header and tail */
	MINQUANTUM	= 16,
	MAXQUANTUM	= 4096,
	MAXMINBLOCK	= 0x4000,	/* keeps every slack within SLACKMASK */
	NSMALL		= POOL_NSMALL,	/* exact-size lists: 32, 48, ... SMALLMAX */
	SMALLMAX	= MINBLOCK + (NSMALL - 1)*16,
	NMAPW		= NSMALL/64,
	MAXWORTHFRONT	= 4096,		/* an alignment gap this big is always given back */
	MARK_NEW	= 0xF1,		/* antagonism: newly created free space */
	MARK_FREE	= 0xF7,		/* antagonism: freed blocks */
	MARK_ALLOC	= 0xF9,		/* antagonism: newly allocated data */
};

_Static_assert(MINBLOCK >= HDRSIZE + 2*sizeof(Free*) + FOOTSIZE, "a list block has room for its links");
_Static_assert(ARENAHDR % 16 == 8, "an arena's first block starts 8 bytes before a 16-byte boundary");

#define MAXBLOCK	0xFFFFFFF0UL
#define MAXDATA		(MAXBLOCK - HDRSIZE - MAXQUANTUM)	/* any request up to this fits a block */
#define MAXARENA	((uintptr)-1 - MAXBLOCK >= ARENAOVER ? (uintptr)MAXBLOCK + ARENAOVER : ~(uintptr)15)	/* an arena holding a largest block, or all a 32-bit address space can */


static uchar datamagic[8] = { 0xFE, 0xF1, 0xF0, 0xFA, 0xFE, 0xF1, 0xF0, 0xFA };	/* SLACKPAT's bytes */

/* block arithmetic */
static inline Bhdr*	nextb(Bhdr *b)		{ return (Bhdr*)((uchar*)b + b->size); }
static inline Foot*	footof(Bhdr *b)		{ return (Foot*)((uchar*)b + b->size - FOOTSIZE); }
static inline Foot*	prevfoot(Bhdr *b)	{ return (Foot*)((uchar*)b - FOOTSIZE); }
static inline uchar*	datap(Bhdr *b)		{ return (uchar*)b + HDRSIZE; }
static inline Bhdr*	firstb(Arena *a)	{ return (Bhdr*)((uchar*)a + ARENAHDR); }
static inline Bhdr*	arenatail(Arena *a)	{ return (Bhdr*)((uchar*)a + a->asize - HDRSIZE); }
static inline int	isalloc(uint m)		{ return m == ALLOC_MAGIC || m == ALIGNED_MAGIC; }
static inline ulong	slackof(Bhdr *b)	{ return b->bits & SLACKMASK; }
static inline ulong	getdsize(Bhdr *b)	{ return b->size - HDRSIZE - slackof(b); }
static inline ulong	classof(ulong size)	{ return (size - MINBLOCK) / 16; }
static inline ulong	classsize(ulong c)	{ return MINBLOCK + c*16; }

/*
 * A block's magic is stored with its low byte xor a hash of the slack,
 * so a damaged slack reads as a bad magic; any one damaged byte of the
 * slack changes the hash.  Blocks with no slack (free, in transit, the
 * arena tail) store the magic as it is.  The hash folds bits 7 to 14
 * onto 0 to 7: LEFTFREE, bit 15, lands on bit 8 and drops out, so it
 * needs no mask, and a slack under 128 is its own hash.
 */
static inline uint	slackhash(uint bits)	{ return (bits ^ bits >> 7) & 0xFF; }
static inline void	setmagic(Bhdr *b, uint m)	{ b->tag = m ^ slackhash(b->bits); }

/*
 * A header, a footer, or the two 8-byte words of slack are read and
 * written whole, as one 64-bit word (wordat, wordset: through a
 * may_alias type, or memmove, never a cast that breaks C's aliasing
 * rules).  A header's tag and bits, its first 32-bit word, are read and changed
 * as one, atomically: a block in a per-CPU cache (below) has them
 * rewritten by its CPU without the lock, while the lock's holder may
 * set or clear its LEFTFREE bit.  So magicat reads the word once (kind,
 * for a block the call itself owns, need not), and the left-free bit
 * of another block is set and cleared by atomic and/or, never by a
 * load and a store.
 */
#ifdef __GNUC__
typedef u32int __attribute__((may_alias))	Hword;
typedef u64int __attribute__((may_alias))	Dword;
HOT u64int	wordat(void *v)		{ return *(Dword*)v; }
HOT void	wordset(void *v, u64int w)	{ *(Dword*)v = w; }
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "tag in the low half of a header's first word");
HOT u32int	hword(Bhdr *b)		{ return __atomic_load_n((Hword*)b, __ATOMIC_RELAXED); }
HOT u64int	hdrword(Bhdr *b)	{ return __atomic_load_n((Dword*)b, __ATOMIC_RELAXED); }	/* tag, bits and size at once */
HOT void	leftset(Bhdr *b)	{ __atomic_fetch_or((Hword*)b, (u32int)LEFTFREE << 16, __ATOMIC_RELAXED); }
HOT void	leftclear(Bhdr *b)	{ __atomic_fetch_and((Hword*)b, ~((u32int)LEFTFREE << 16), __ATOMIC_RELAXED); }
#define ATOMICS	1
#else
HOT u64int	wordat(void *v)		{ u64int w; memmove(&w, v, sizeof w); return w; }
HOT void	wordset(void *v, u64int w)	{ memmove(v, &w, sizeof w); }
HOT u32int	hword(Bhdr *b)		{ return b->tag | (u32int)b->bits << 16; }
HOT u64int	hdrword(Bhdr *b)	{ return wordat(b); }
HOT void	leftset(Bhdr *b)	{ b->bits |= LEFTFREE; }
HOT void	leftclear(Bhdr *b)	{ b->bits &= ~LEFTFREE; }
#define ATOMICS	0	/* no per-CPU caches */
#endif
static inline uint	magicof(Bhdr *b)		{ return b->tag ^ slackhash(b->bits); }	/* of a block this call owns */
HOT uint	magicat(Bhdr *b)		{ u32int h = hword(b); return (h & 0xFFFF) ^ slackhash(h >> 16); }	/* of any block */

/* ctz: the index of the lowest set bit of x (x != 0); rv64imac has no instruction for it */
static inline uint
ctz(u64int x)
{
	static const uchar debruijn[64] = {
		0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
	};

	return debruijn[((x & -x) * 0x03F79D71B4CB0A89ULL) >> 58];
}


/*
 * Messages.  The pool formats its own, in standard C's verbs (%d %u %x
 * %p %s %c, with 0, width and l or ll), and hands print, panic and
 * errstr the finished text, so any printf-like function, or none that
 * formats at all, serves.
 */
enum {
	MSGMAX	= 256,	/* bytes in a message, its NUL included */
};

static char*
fmtnum(char *s, char *e, unsigned long long v, int base, int neg, int width, int zero)
{
	char d[24];
	int n;

	n = 0;
	do{
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	}while(v != 0);
	if(neg && zero && s < e){
		*s++ = '-';
		width--;
	}
	for(width -= n + (neg && !zero); width > 0 && s < e; width--)
		*s++ = zero ? '0' : ' ';
	if(neg && !zero && s < e)
		*s++ = '-';
	while(n > 0 && s < e)
		*s++ = d[--n];
	return s;
}

/* vfmt: fmt and its arguments into [s, e), NUL-terminated (e > s); the end of the text */
static char*
vfmt(char *s, char *e, char *fmt, va_list ap)
{
	int c, width, zero, lng;
	long long v;
	unsigned long long u;
	char *t;

	e--;	/* room for the NUL */
	while((c = *fmt++) != 0 && s < e){
		if(c != '%'){
			*s++ = c;
			continue;
		}
		zero = *fmt == '0';
		width = 0;
		while(*fmt >= '0' && *fmt <= '9')
			width = width*10 + *fmt++ - '0';
		for(lng = 0; *fmt == 'l'; fmt++)
			lng++;
		switch(c = *fmt++){
		case 'd':
			v = lng > 1 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			s = fmtnum(s, e, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, v < 0, width, zero);
			break;
		case 'u':
		case 'x':
			u = lng > 1 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			s = fmtnum(s, e, u, c == 'u' ? 10 : 16, 0, width, zero);
			break;
		case 'p':
			if(s + 2 <= e){
				*s++ = '0';
				*s++ = 'x';
			}
			s = fmtnum(s, e, (uintptr)va_arg(ap, void*), 16, 0, 0, 0);
			break;
		case 's':
			for(t = va_arg(ap, char*), t = t ? t : "<nil>"; *t != 0 && s < e; )
				*s++ = *t++;
			break;
		case 'c':
			*s++ = va_arg(ap, int);
			break;
		case 0:
			fmt--;
			break;
		default:	/* %% and anything unknown: as written */
			*s++ = c;
			break;
		}
	}
	*s = 0;
	return s;
}

static char*
sfmt(char *s, char *e, char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	s = vfmt(s, e, fmt, ap);
	va_end(ap);
	return s;
}

/* vpprint, pprint: a line for p->print */
static void
vpprint(Pool *p, char *fmt, va_list ap)
{
	char msg[MSGMAX];

	vfmt(msg, msg + sizeof msg, fmt, ap);
	p->print(p, "%s", msg);
}

static void
pprint(Pool *p, char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpprint(p, fmt, ap);
	va_end(ap);
}

/* poolerr: why the call about to return nil fails, for p->errstr */
static void
poolerr(Pool *p, char *fmt, ...)
{
	char msg[MSGMAX];
	va_list ap;

	if(p->errstr == nil)
		return;
	va_start(ap, fmt);
	vfmt(msg, msg + sizeof msg, fmt, ap);
	va_end(ap);
	p->errstr(p, msg);
}

static void	poolcheckl(Pool*);
static void	poolwalk(Pool*, Poolstats*);
static void	blockcheck(Pool*, Bhdr*, Arena*);
static void	pooldumpl(Pool*);
static int	poolcompactl(Pool*);
static void	poolfreel(Pool*, void*);
static void*	poolallocl(Pool*, ulong);
static void	poolfreeslow(Pool*, void*);
static void	cachecheck(Pool*);
static void*	poolalloc1(Pool*, ulong);
static void	poolfree1(Pool*, void*);
static void*	poolalloccpu(Pool*, ulong);
static void*	poolalloccache(Pool*, Poolcache*, ulong);
static void	poolfreecpu(Pool*, void*);
static void	freeflagged(Pool*, Bhdr*, Arena*, void*);

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
magicname(uint m)
{
	switch(m){
	case FREE_MAGIC:	return "free";
	case ALLOC_MAGIC:	return "alloc";
	case ALIGNED_MAGIC:	return "aligned";
	case UNALLOC_MAGIC:	return "unalloc";
	case DEAD_MAGIC:	return "dead";
	case CACHE_MAGIC:	return "cached";
	case NOT_MAGIC:		return "merged";
	case ARENA_MAGIC:	return "arena";
	case ARENATAIL_MAGIC:	return "arenatail";
	}
	return "bad";
}

/*
 * nextok, nextis: could m (16 bits) be the magic of the header after a
 * block, between calls?  The magics' high bytes differ, so one look in
 * a table by the high byte says (no magic has high byte 0).  nextok
 * compares the two a pool's blocks are most often followed by first;
 * nextis, for a free to a cache (whose neighbours are often cached),
 * only looks.
 */
static const u16int nextmagic[256] = {
	[0] = 0xFFFF,
	[FREE_MAGIC >> 8] = FREE_MAGIC, [ALLOC_MAGIC >> 8] = ALLOC_MAGIC, [ALIGNED_MAGIC >> 8] = ALIGNED_MAGIC,
	[ARENATAIL_MAGIC >> 8] = ARENATAIL_MAGIC, [DEAD_MAGIC >> 8] = DEAD_MAGIC, [CACHE_MAGIC >> 8] = CACHE_MAGIC,
};

static inline int
nextis(uint m)
{
	return nextmagic[m >> 8 & 0xFF] == m;
}

static inline int
nextok(uint m)
{
	return m == FREE_MAGIC || m == ALLOC_MAGIC || nextis(m);	/* the common two first */
}

/* nextsound: nextok for the header n after a block with no slack, read once; the common two (no bits: the block before is not free, no slack) without the hash */
static inline int
nextsound(Bhdr *n)
{
	u32int h;

	h = hword(n);
	return h == FREE_MAGIC || h == ALLOC_MAGIC || nextok((h & 0xFFFF) ^ slackhash(h >> 16));
}

/* sizeok: could b be a block of its recorded size inside arena a? */
static inline int
sizeok(Bhdr *b, Arena *a)
{
	ulong size;

	size = b->size;
	return size >= MINBLOCK && size % 16 == 0 && size <= (uintptr)((uchar*)arenatail(a) - (uchar*)b);
}

/* dumpblock: print what a block holds, reading nothing outside its arena */
static void
dumpblock(Pool *p, Bhdr *b, Arena *a)
{
	u32int *w;
	Foot *f;
	uchar *q;
	ulong dsize;

	w = (u32int*)b;
	pprint(p, "pool %s block %p: %s magic %04x bits %04x size %u\n", p->name, b,
		magicname(magicat(b)), b->tag, b->bits, b->size);
	if(a == nil || (uchar*)b + 16 > (uchar*)arenatail(a))
		return;
	pprint(p, "hdr %08x %08x | %08x %08x\n", w[0], w[1], w[2], w[3]);
	if(!sizeok(b, a))
		return;
	if(magicat(b) == FREE_MAGIC || magicat(b) == UNALLOC_MAGIC){
		f = footof(b);
		pprint(p, "foot magic %08x size %u\n", f->magic, f->size);
	}else if(isalloc(magicat(b)) || magicat(b) == DEAD_MAGIC){
		dsize = getdsize(b);
		if(dsize + HDRSIZE > b->size || dsize < 8)
			return;
		q = datap(b) + dsize;
		pprint(p, "data end %02x %02x %02x %02x %02x %02x %02x %02x | %02x %02x %02x %02x\n",
			q[-8], q[-7], q[-6], q[-5], q[-4], q[-3], q[-2], q[-1], q[0], q[1], q[2], q[3]);
	}
}

/* poolpanic: report a problem with block b (nil if none) and never return */
static void COLD NORETURN
poolpanic(Pool *p, Bhdr *b, Arena *a, char *fmt, ...)
{
	char msg[MSGMAX], *e;
	va_list ap;

	e = sfmt(msg, msg + sizeof msg, "pool %s: ", p->name);
	va_start(ap, fmt);
	vfmt(e, msg + sizeof msg, fmt, ap);
	va_end(ap);
	pprint(p, "%s\n", msg);
	if(b != nil)
		dumpblock(p, b, a);
	p->panic(p, "%s", msg);
	TRAP();	/* p->panic must not return */
}

/*
 * The arena list.  Every arena is vetted before anything is read
 * through it (its header word, its size against its check copy, its
 * bounds) and every link before it is followed: a link must lead
 * strictly down in address, and stay in the pool, so no walk can loop
 * or leave the pool, however the headers are damaged.
 */
static void COLD NORETURN
arenabad(Pool *p, Arena *a, Arena *from)
{
	poolpanic(p, nil, nil, "corrupt arena %p (reached from %p)", a, from);
}

/* arenasound: do a's header and size agree, and does it end by lim?  a itself is known to lie in the pool. */
HOT int
arenasound(Arena *a, uintptr lim)
{
	return a->h.tag == ARENA_MAGIC && a->h.size == ARENAHDR && a->asize == ~a->nasize
		&& a->asize >= ARENAOVER + MINBLOCK && a->asize <= lim - (uintptr)a;
}

/* arenawhole: a is sound (arenasound), or a panic */
HOT Arena*
arenawhole(Pool *p, Arena *a, uintptr lim, Arena *from)
{
	if(!arenasound(a, lim))
		arenabad(p, a, from);
	return a;
}

/* arenafirst, arenadown: the vetted arenas, by descending address; nil after the last */
HOT Arena*
arenafirst(Pool *p)
{
	Arena *a;

	a = p->arenalist;	/* from the Pool: it lies in the pool */
	return a == nil ? nil : arenawhole(p, a, p->hi, nil);
}

HOT Arena*
arenadown(Pool *p, Arena *a)
{
	Arena *d;

	d = a->down;
	if(d == nil)
		return nil;
	if(((uintptr)d - p->lo) % 16 != 0 || (uintptr)d < p->lo || (uintptr)d >= (uintptr)a)
		arenabad(p, d, a);
	arenawhole(p, d, (uintptr)a, a);
	if(d->up != a)
		arenabad(p, d, a);
	return d;
}

/* inarena: do a's blocks hold [q, q+n)? */
HOT int
inarena(Arena *a, uintptr q, ulong n)
{
	return q >= (uintptr)firstb(a) && q < (uintptr)arenatail(a) && n <= (uintptr)arenatail(a) - q;
}

/*
 * arenasearch: the arena whose blocks hold [q, q+n), or nil: a binary
 * search of p->arena, at most log2(POOL_NARENA) = 7 steps, then the
 * arena found vetted as a link is (arenadown).  arenabelow: the same
 * out of line, so the common case stays small.
 */
HOT Arena*
arenasearch(Pool *p, uintptr q, ulong n)
{
	Arena *a;
	void **base;
	uintptr lim;
	ulong k, half;

	k = p->narena;
	base = p->arena;
	if(k - 1 >= POOL_NARENA || q < (uintptr)base[0])
		return nil;
	while(k > 1){	/* the last arena at or below q is one of base[0..k) */
		half = k / 2;
		if(q >= (uintptr)base[half]){
			base += half;
			k -= half;
		}else
			k = half;
	}
	a = base[0];
	lim = base + 1 < p->arena + p->narena ? (uintptr)base[1] : p->hi;
	if(((uintptr)a - p->lo) % 16 != 0 || (uintptr)a < p->lo || (uintptr)a >= p->hi || !arenasound(a, lim))
		arenabad(p, a, nil);
	return inarena(a, q, n) ? a : nil;
}

static NOINLINE Arena*
arenabelow(Pool *p, uintptr q, ulong n)
{
	return arenasearch(p, q, n);
}

/* arenahas: is a (maybe nil) an arena whose size agrees with its copy and whose blocks hold q? */
HOT int
arenahas(Arena *a, uintptr q)
{
	return a != nil && a->asize == ~a->nasize && inarena(a, q, 1);
}

/*
 * arenapeek: arenasearch without the lock, for a free to a cache: the
 * arena holding q, vetted as arenahas vets, with the index's generation
 * it was found in (*gp); nil if q is in none, or the lock's holder
 * changed the index meanwhile (arenagen odd, or not as it was).  Reads
 * may see an index half changed, so nothing here panics; the caller
 * then asks under the lock.
 */
static Arena*
arenapeek(Pool *p, uintptr q, ulong *gp)
{
	Arena *a;
	void **base;
	ulong g, k, half;

	g = __atomic_load_n(&p->arenagen, __ATOMIC_ACQUIRE);
	k = __atomic_load_n(&p->narena, __ATOMIC_RELAXED);
	if(g & 1 || k - 1 >= POOL_NARENA)
		return nil;
	base = p->arena;
	while(k > 1){	/* as arenasearch */
		half = k / 2;
		if(q >= (uintptr)__atomic_load_n(&base[half], __ATOMIC_RELAXED)){
			base += half;
			k -= half;
		}else
			k = half;
	}
	a = __atomic_load_n(&base[0], __ATOMIC_RELAXED);
	if(!arenahas(a, q))
		return nil;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* what was read, read before the generation is looked at again */
	if(__atomic_load_n(&p->arenagen, __ATOMIC_RELAXED) != g)
		return nil;
	*gp = g;
	return a;
}

/* arenatop: the largest arena, if its size agrees with its copy and its blocks hold [v, v+n); else nil (the caller then looks it up the long way) */
HOT Arena*
arenatop(Pool *p, void *v, ulong n)
{
	Arena *a;

	a = p->arenabig;	/* only its size is read: checked against its copy */
	if(a == nil || a->asize != ~a->nasize || !inarena(a, (uintptr)v, n))
		return nil;
	return a;
}

/* arenaof: the arena whose blocks hold [v, v+n), or nil */
HOT Arena*
arenaof(Pool *p, void *v, ulong n)
{
	Arena *a;
	uintptr q;

	q = (uintptr)v;
	if((a = arenafirst(p)) == nil)
		return nil;
	if(q < (uintptr)a)
		return arenabelow(p, q, n);
	return inarena(a, q, n) ? a : nil;
}

/*
 * The slack.  Its first bytes, to the end of the 8-byte word holding
 * the first one and the whole next word if the block has it, hold
 * SLACKPAT; the caller's bytes in the first word are kept.  Setting
 * the slack encodes the magic m with it.
 */
HOT void
setslack(Bhdr *b, ulong dsize, uint m)
{
	ulong slack;
	uintptr q;
	u64int *w, keep;

	slack = b->size - HDRSIZE - dsize;
	b->bits = (b->bits & LEFTFREE) | slack;
	setmagic(b, m);
	if(slack == 0)
		return;
	q = (uintptr)b + HDRSIZE + dsize;
	w = (u64int*)(q & ~(uintptr)7);
	keep = ((u64int)1 << (q & 7)*8) - 1;
	*w = (*w & keep) | (SLACKPAT & ~keep);
	if((uintptr)(w + 2) <= (uintptr)b + b->size)
		w[1] = SLACKPAT;
}

/* slackbadat: the first slack byte of b, were it size bytes long with slack bytes of slack, that is not as setslack left it, or nil */
HOT uchar*
slackbadat(Bhdr *b, ulong size, ulong slack)
{
	uintptr q;
	u64int *w, x;

	q = (uintptr)b + size - slack;
	w = (u64int*)(q & ~(uintptr)7);
	x = (*w ^ SLACKPAT) >> (q & 7)*8;
	if(x != 0)
		return (uchar*)q + ctz(x)/8;
	if((uintptr)(w + 2) <= (uintptr)b + size && (x = w[1] ^ SLACKPAT) != 0)
		return (uchar*)(w + 1) + ctz(x)/8;
	return nil;
}

/* slackbad: the first slack byte of b that is not as setslack left it, or nil */
HOT uchar*
slackbad(Bhdr *b)
{
	return slackbadat(b, b->size, slackof(b));
}

/* magicbyte: could x be the high byte of the magic of a header that follows a block? */
static int
magicbyte(uint x)
{
	return x == ALLOC_MAGIC>>8 || x == ALIGNED_MAGIC>>8 || x == FREE_MAGIC>>8 || x == DEAD_MAGIC>>8 || x == ARENATAIL_MAGIC>>8
		|| x == CACHE_MAGIC>>8;
}

/*
 * chainok: do the blocks from h on, the first after an allocated one,
 * lead soundly to the arena's tail: every magic one that can follow a
 * block, every size in the arena, every left-free bit true, every free
 * block's footer and every allocated block's slack intact?
 */
static int
chainok(Bhdr *h, Arena *a)
{
	int prevfree;
	Foot *t;

	for(prevfree = 0; ; h = nextb(h)){
		if(((h->bits & LEFTFREE) != 0) != prevfree || !nextok(magicat(h)))
			return 0;
		if(h == arenatail(a))
			return 1;
		if(!sizeok(h, a))
			return 0;
		prevfree = h->tag == FREE_MAGIC;
		if(prevfree){
			t = footof(h);
			if(t->magic != FOOT_MAGIC || t->size != h->size)
				return 0;
		}else if(slackof(h) > h->size - HDRSIZE || (slackof(h) != 0 && slackbad(h) != nil))
			return 0;
	}
}

/*
 * sizefits: were b's size damaged in one byte, the size t it had:
 * its slack intact at t (with no slack, t smaller than the damaged
 * size), and the blocks from b+t on sound to the arena's tail.  0 if
 * no such size.
 */
static ulong
sizefits(Bhdr *b, Arena *a)
{
	ulong r, t, room;
	uint j, v;

	r = b->size;
	room = (uchar*)arenatail(a) - (uchar*)b;
	for(j = 0; j < 32; j += 8)
		for(v = 0; v < 256; v++){
			t = (r & ~(0xFFUL << j)) | (ulong)v << j;
			if(t == r || t % 16 != 0 || t < MINBLOCK || t > room || slackof(b) > t - HDRSIZE)
				continue;
			if(slackof(b) != 0 ? slackbadat(b, t, slackof(b)) != nil : t > r)	/* with no slack, a larger t is as likely an overflow over the next block */
				continue;
			if(chainok((Bhdr*)((uchar*)b + t), a))
				return t;
		}
	return 0;
}

/*
 * overflowed: b's slack or the header after it is damaged: a user
 * overflow, unless the header after b is damaged too and a size one
 * byte from b's fits what is there (a damaged size, read from the
 * wrong place).  An overflow that reached only the first byte of the
 * next header leaves its magic's high byte.  A single NUL just past
 * the end is the classic string bug: POOL_TOLERANCE only reports it
 * (and under it every block has a slack byte).
 */
static void COLD
overflowed(Pool *p, Bhdr *b, Arena *a, uchar *bad)
{
	uchar *q;
	Bhdr *n;
	ulong t;

	n = nextb(b);
	if(!nextok(magicat(n)) && !magicbyte(n->tag >> 8) && !(n->size % 16 == 0 && n->size >= MINBLOCK && n->size <= (uintptr)((uchar*)arenatail(a) - (uchar*)n) && chainok(nextb(n), a))
	&& (t = sizefits(b, a)) != 0)	/* the header after b gone, even its size, and another size fits */
		poolpanic(p, b, a, "bad block size %u at %p (%lu fits)", b->size, b, t);
	q = datap(b) + getdsize(b);
	if(bad == q && *q == 0 && (p->flags & POOL_TOLERANCE)){
		*q = datamagic[(uintptr)q & 7];
		if(slackbad(b) == nil){
			*q = 0;
			pprint(p, "pool %s: user overflow (one NUL) of block %p tolerated\n", p->name, b);
			return;
		}
		*q = 0;
	}
	poolpanic(p, b, a, "user overflow of block %p", b);
}

static ulong	prefixlen(Bhdr*);

/*
 * allocok: is the allocated (or dead) block b, of kind m, in arena a
 * sound: its size, its slack (or with none, the header right after
 * the data) and, for a dead block, its fill?
 */
HOT void
allocok(Pool *p, Bhdr *b, Arena *a, uint m)
{
	uchar *q, *bad;
	ulong slack;

	if(!sizeok(b, a))
		poolpanic(p, b, a, "bad block size %u at %p", b->size, b);
	slack = slackof(b);
	if(slack > b->size - HDRSIZE)
		poolpanic(p, b, a, "bad block header at %p: slack %lu", b, slack);
	if(slack != 0){
		if((bad = slackbad(b)) != nil)
			overflowed(p, b, a, bad);
	}else if(!nextsound(nextb(b)))	/* the data runs up to the next header */
		overflowed(p, b, a, nil);
	if(m == DEAD_MAGIC){	/* filled from the caller's pointer: an aligned block keeps its prefix */
		for(q = datap(b) + prefixlen(b); q < datap(b) + getdsize(b); q++)
			if(*q != DEAD_FILL)
				poolpanic(p, b, a, "write after free of block %p at offset %lu", b, (ulong)(q - datap(b)));
	}
}

/*
 * The alignment prefix.  A block from poolallocalign hands out a
 * pointer skip bytes (16 or more) past its data.  The prefix holds
 * ALIGN_MAGIC words, and a record (skip << 32 | ALIGN_MAGIC) twice:
 * in its first 8 bytes, and in the last whole 8-byte word before the
 * caller's pointer, where free finds it from the pointer alone.  So
 * only the pointer poolallocalign returned leads back to its block.
 */
enum {
	MINSKIP	= 16,	/* room for both records, each in a whole word of the prefix */
};

static inline u64int	prefixrec(ulong skip)	{ return (u64int)skip << 32 | ALIGN_MAGIC; }
static inline u64int*	prefixhead(Bhdr *b)	{ return (u64int*)datap(b); }
static inline u64int*	prefixtail(uintptr v)	{ return (u64int*)((v & ~(uintptr)7) - 8); }

/* prefixset: write b's prefix for a pointer skip bytes into its data */
static void
prefixset(Bhdr *b, ulong skip)
{
	u32int *u;
	uchar *q, *e;
	u64int rec;

	e = datap(b) + skip;
	for(u = (u32int*)datap(b); (uchar*)(u + 1) <= e; u++)
		*u = ALIGN_MAGIC;
	for(q = (uchar*)u; q < e; q++)
		*q = ((uchar*)&(u32int){ALIGN_MAGIC})[(uintptr)q & 3];
	rec = prefixrec(skip);
	*prefixhead(b) = rec;
	*prefixtail((uintptr)e) = rec;
}

/* prefixlen: the skip b's prefix records, or 0 if its head holds no record that fits the block */
static ulong
prefixlen(Bhdr *b)
{
	u64int rec;
	ulong skip;

	rec = *prefixhead(b);
	skip = rec >> 32;
	if((u32int)rec != ALIGN_MAGIC || skip < MINSKIP || skip > getdsize(b))
		return 0;
	return skip;
}

/* prefixok: is b's whole prefix as prefixset left it?  0 if not, else its skip */
static ulong
prefixok(Bhdr *b)
{
	ulong skip, i, t;
	uchar *d, *fill;

	if((skip = prefixlen(b)) == 0)
		return 0;
	d = datap(b);
	t = (uchar*)prefixtail((uintptr)d + skip) - d;
	if(*(u64int*)(d + t) != prefixrec(skip))
		return 0;
	fill = (uchar*)&(u32int){ALIGN_MAGIC};
	for(i = 8; i < skip; i++)
		if((i < t || i >= t + 8) && d[i] != fill[i & 3])
			return 0;
	return skip;
}

/*
 * whyrefused: the message for a pointer v into arena a that leads to
 * no block: the arena is walked to the block holding v.  In a free (or
 * dead) block it was freed before; in an allocated block it is not the
 * pointer that block was returned as.  Only on the way to a panic.
 */
static void COLD NORETURN
whyrefused(Pool *p, void *v, Arena *a, char *op)
{
	Bhdr *b;
	uint m;

	for(b = firstb(a); b != arenatail(a); b = nextb(b)){
		m = magicat(b);
		if(!nextok(m) || !sizeok(b, a)){
			if((uchar*)v == datap(b))
				poolpanic(p, b, a, "%s of %p: not a block (bad block magic %04x)", op, v, b->tag);
			break;
		}
		if((uchar*)v < (uchar*)b + b->size){
			if(m == FREE_MAGIC || m == DEAD_MAGIC || m == CACHE_MAGIC)
				poolpanic(p, b, a, "%s of %p: double free", op, v);
			break;
		}
	}
	poolpanic(p, nil, nil, "%s of %p: not a block", op, v);
}

/*
 * ptr2block: the allocated block behind a caller's pointer, found and
 * vetted before anything is read through it; op names the call.  A
 * plain block's pointer is 16-byte aligned with the header just
 * before it; an aligned block's is found through its prefix's record.
 */
static Bhdr*
ptr2block(Pool *p, void *v, Arena **ap, char *op)
{
	Arena *a;
	Bhdr *b;
	uintptr q, lo;
	u64int rec;
	ulong skip;
	uint m;

	a = arenaof(p, v, 1);
	if(a == nil)
		poolpanic(p, nil, nil, "%s of %p: not in pool", op, v);
	q = (uintptr)v;
	if((q - (uintptr)a) % 16 == 0){
		b = (Bhdr*)(q - HDRSIZE);
		m = magicat(b);	/* a free block's is its tag: no slack */
		switch(m){
		case ALLOC_MAGIC:
			allocok(p, b, a, m);
			*ap = a;
			return b;
		case FREE_MAGIC:
		case DEAD_MAGIC:
		case CACHE_MAGIC:
		case NOT_MAGIC:
			poolpanic(p, b, a, "%s of %p: double free", op, v);
		}
	}
	lo = (uintptr)datap(firstb(a));
	if(q >= lo + MINSKIP){
		rec = *prefixtail(q);
		skip = rec >> 32;
		if((u32int)rec == ALIGN_MAGIC && skip >= MINSKIP && skip <= q - lo && (q - skip - (uintptr)a) % 16 == 0){
			b = (Bhdr*)(q - skip - HDRSIZE);
			m = magicat(b);	/* a free block's is its tag: no slack */
			if(m == FREE_MAGIC || m == NOT_MAGIC)
				poolpanic(p, b, a, "%s of %p: double free", op, v);
			if((m == ALIGNED_MAGIC || m == DEAD_MAGIC) && sizeok(b, a) && *prefixhead(b) == rec){
				if(m == DEAD_MAGIC)
					poolpanic(p, b, a, "%s of %p: double free", op, v);
				allocok(p, b, a, m);
				if(skip > getdsize(b))
					poolpanic(p, b, a, "corrupt alignment prefix of block %p", b);
				*ap = a;
				return b;
			}
		}
	}
	whyrefused(p, v, a, op);
}

/*
 * The free lists and the free tree.  Every link is vetted before it
 * is followed, and no walk takes more steps than there are free
 * blocks, so a corrupt list or tree is a panic, never a wild read or
 * an endless loop.
 */

static void COLD NORETURN
badlink(Pool *p, Free *f, void *link)
{
	poolpanic(p, nil, nil, "corrupt free tree: %p links to %p", f, link);
}

/*
 * freehdrok: could the header of f, whose tag says free, be a free
 * block's: a size that is a block's and stays in the pool, no slack?
 * The one check of a free block's header, wherever one is read.
 */
HOT int
freehdrok(Pool *p, Bhdr *f)
{
	return f->size >= MINBLOCK && f->size % 16 == 0 && f->size <= p->hi - (uintptr)f && (f->bits & SLACKMASK) == 0;
}

/* freeok: is the free block f, about to be used, whole (its header, and its footer agreeing)?  A panic that says what is wrong if not */
static void
freeok(Pool *p, Free *f)
{
	Foot *t;

	if(!freehdrok(p, &f->h))
		poolpanic(p, nil, nil, "corrupt free block %p: size %u bits %04x", f, f->h.size, f->h.bits);
	t = footof(&f->h);
	if(t->magic != FOOT_MAGIC || t->size != f->h.size)
		poolpanic(p, nil, nil, "corrupt free block %p: footer %08x size %u", f, t->magic, t->size);
}

/*
 * The lists, small and large: doubly linked, newest first.  A head
 * comes from the Pool, so only its magic and size are checked (a
 * caller may have overwritten the block); a link read from a block is
 * checked to lie in the pool before it is written through, and to
 * point back.
 */
#define INPOOL(f, lo, span)	((uintptr)(f) - (lo) < (span))

/* blockplace: could b start a block of p: between its lowest and highest arena, 8 mod 16 from them?  (Unlocked, lo and hi may be stale.) */
HOT int
blockplace(Pool *p, void *b)
{
	return INPOOL(b, p->lo, p->hi - p->lo - MINBLOCK) && ((uintptr)b - p->lo) % 16 == 8;
}

enum {	/* what linkcut and linkput found */
	LINKBAD,	/* a link that does not hold together: nothing changed */
	LINKOK,
	LINKEND,	/* linkcut emptied the list; linkput found it empty */
};

/* linkcut: take f out of the list headed by *hp */
HOT int
linkcut(Pool *p, Free *f, Free **hp)
{
	Free *n, *pv;
	uintptr lo, span;

	lo = p->lo;
	span = p->span;
	n = f->next;
	pv = f->prev;
	if(n != nil && (!INPOOL(n, lo, span) || n->prev != f))
		return LINKBAD;
	if(pv != nil ? !INPOOL(pv, lo, span) || pv->next != f : *hp != f)
		return LINKBAD;
	if(n != nil)
		n->prev = pv;
	if(pv != nil){
		pv->next = n;
		return LINKOK;
	}
	*hp = n;
	return n == nil ? LINKEND : LINKOK;
}

/* linkput: f heads the list headed by *hp */
HOT int
linkput(Free *f, Free **hp)
{
	Free *h;

	h = *hp;
	if(h != nil && h->prev != nil)	/* only a head has none */
		return LINKBAD;
	f->next = h;
	f->prev = nil;
	*hp = f;
	if(h == nil)
		return LINKEND;
	h->prev = f;
	return LINKOK;
}

/*
 * listbad: the panic for a link of f, in the list headed by *hp, that
 * linkcut (f) or linkput (f nil) found wrong.  It never returns, but
 * is not known to (NOIPA), so a call to it can be a tail call.
 */
static int COLD NOIPA
listbad(Pool *p, Free *f, Free **hp)
{
	Free *n, *h;

	h = *hp;
	if(f == nil)
		badlink(p, h, h->prev);
	n = f->next;
	if(n != nil && (!INPOOL(n, p->lo, p->span) || n->prev != f))
		badlink(p, f, n);
	badlink(p, f->prev != nil ? f : h, f->prev != nil ? (void*)f->prev : (void*)f);
}

/*
 * headok: is f, the head of a list, whole (a free block's header and
 * footer, no prev) and its next link sound?  freeok's checks, the
 * header and footer each read as one word: its tag and bits (no
 * slack) one compare, its footer another.
 */
HOT int
headok(Pool *p, Free *f)
{
	u64int h;
	ulong size;
	Free *n;

	h = wordat(f);
	size = h >> 32;
	if(((u32int)h & ~((u32int)LEFTFREE << 16)) != FREE_MAGIC || size < MINBLOCK || size % 16 != 0 || size > p->hi - (uintptr)f
	|| wordat((uchar*)f + size - FOOTSIZE) != ((h & ~(u64int)0xFFFFFFFF) | FOOT_MAGIC) || f->prev != nil)
		return 0;
	n = f->next;
	return n == nil || (INPOOL(n, p->lo, p->span) && n->prev == f);
}

/* headbad: the panic for a list head f that headok refused */
static void COLD NORETURN
headbad(Pool *p, Free *f)
{
	if(f->h.tag != FREE_MAGIC || f->prev != nil)
		badlink(p, nil, f);
	freeok(p, f);
	badlink(p, f, f->next);
}

/*
 * The small lists: free blocks of up to SMALLMAX bytes, one list per
 * 16 bytes of size (p->small, class c), with a bitmap of the
 * non-empty ones (p->smallmap) and a word with a bit for each bitmap
 * word that is not zero (p->smallsum).
 */

/* mapset, mapclear: list c is no longer, is now, empty; the summary has a bit per word of the map that is not 0 */
HOT void
mapset(Pool *p, ulong c)
{
	u64int *w;

	w = &p->smallmap[c/64];
	if(*w == 0)
		p->smallsum |= (u64int)1 << c/64;
	*w |= (u64int)1 << c%64;
}

HOT void
mapclear(Pool *p, ulong c)
{
	if((p->smallmap[c/64] &= ~((u64int)1 << c%64)) == 0)
		p->smallsum &= ~((u64int)1 << c/64);
}

/*
 * listcut, listput: take f out of, or put it at the head of, the list
 * of class c; 0, having changed nothing, if a link does not hold
 * together.  release reports that through a tail call to listbad (so
 * it needs no stack frame of its own); listdel and listadd panic.
 */
HOT int
listcut(Pool *p, Free *f, ulong c)
{
	int r;

	if((r = linkcut(p, f, (Free**)&p->small[c])) == LINKEND)
		mapclear(p, c);
	return r != LINKBAD;
}

HOT int
listput(Pool *p, Free *f, ulong c)
{
	int r;

	if((r = linkput(f, (Free**)&p->small[c])) == LINKEND)
		mapset(p, c);
	return r != LINKBAD;
}

/* listadd: f heads the list of class c */
HOT void
listadd(Pool *p, Free *f, ulong c)
{
	if(!listput(p, f, c)){
		listbad(p, nil, (Free**)&p->small[c]);
		UNREACHABLE();
	}
}

/* listdel: take f out of the list of class c */
HOT void
listdel(Pool *p, Free *f, ulong c)
{
	if(!listcut(p, f, c)){
		listbad(p, f, (Free**)&p->small[c]);
		UNREACHABLE();
	}
}

/* listfind: the class of the first non-empty list for bsize bytes or more (bsize <= SMALLMAX), or -1 */
HOT long
listfind(Pool *p, ulong bsize)
{
	ulong c, w;
	u64int m;

	c = classof(bsize);
	if(p->small[c] != nil)	/* an exact fit: no map to search */
		return c;
	w = c/64;
	m = p->smallmap[w] & (~(u64int)1 << c%64);
	if(m == 0){	/* the next word with a bit set, from the summary */
		m = p->smallsum & (~(u64int)1 << w);
		if(m == 0)
			return -1;
		w = ctz(m);
		m = p->smallmap[w];
	}
	return w*64 + ctz(m);
}

/* listheadok: headok for the head f of list c, its size known: its header, no prev, its footer, each read as one word */
HOT int
listheadok(Pool *p, Free *f, ulong c)
{
	ulong size;
	Free *n;

	size = classsize(c);
	if((wordat(f) & ~((u64int)LEFTFREE << 16)) != ((u64int)size << 32 | FREE_MAGIC) || f->prev != nil
	|| wordat((uchar*)f + size - FOOTSIZE) != ((u64int)size << 32 | FOOT_MAGIC))
		return 0;
	n = f->next;
	return n == nil || (INPOOL(n, p->lo, p->span) && n->prev == f);
}

/*
 * listheadbad: the head of the list listfind chose for bsize failed
 * listheadok: say what is wrong.  Never returns, but is not known to
 * (NOIPA), so a call to it can be a tail call.
 */
static void* COLD NOIPA
listheadbad(Pool *p, ulong bsize)
{
	Free *f;
	long c;

	c = listfind(p, bsize);
	f = p->small[c];
	if(f->h.size != classsize(c))
		badlink(p, nil, f);
	headbad(p, f);
}

/*
 * The large lists: free blocks of more than SMALLMAX bytes, in NSLOT
 * lists by size, as TLSF's second level.  The sizes whose top bit is
 * 2^(SLOTMIN+w) are split by their next SUBBITS bits among NSUB lists,
 * p->slot[w*NSUB] to p->slot[w*NSUB + NSUB-1] (slotof); bit j of
 * p->slotmap[w] is set while list w*NSUB + j is not empty, and bit w
 * of p->slotsum while p->slotmap[w] is not 0, so the first list at or
 * above any size's is two ctz's away.  A list's sizes lie within
 * 1/NSUB of each other, in no order.  A request takes the head of its
 * own list if that fits, else the head of the first list above, where
 * every block fits (slotfit): a good fit, never a walk, and larger
 * than the best by less than 1/NSUB of the block at most.
 */
enum {
	SLOTMIN	= 4 + POOL_LOG2NSMALL,	/* slot[0] holds sizes with top bit 2^SLOTMIN */
	NPOWER	= POOL_NPOWER,
	SUBBITS	= POOL_LOG2NSUB,
	NSUB	= 1 << SUBBITS,	/* lists per power of two */
	NSLOT	= POOL_NSLOT,
};

_Static_assert(SMALLMAX >= 1 << SLOTMIN && SMALLMAX < 2 << SLOTMIN, "large sizes start in slot 0's power");
_Static_assert(SLOTMIN + NPOWER == 32, "the lists cover every 32-bit size");
_Static_assert(NSMALL >= 64 && NSMALL <= 64*64, "the summary word has a bit for each bitmap word");
_Static_assert(SUBBITS >= 0 && SUBBITS <= 6 && SLOTMIN - SUBBITS >= 4, "a power's lists fit a word; a list spans whole quanta");

/* topbit: the index of the highest set bit of x (0 < x < 2^32), by bytes */
#define R2(n)	n, n
#define R4(n)	R2(n), R2(n)
#define R8(n)	R4(n), R4(n)
#define R16(n)	R8(n), R8(n)
#define R32(n)	R16(n), R16(n)
#define R64(n)	R32(n), R32(n)
#define R128(n)	R64(n), R64(n)
static const uchar topbits[256] = { 0, 0, R2(1), R4(2), R8(3), R16(4), R32(5), R64(6), R128(7) };

HOT uint
topbit(ulong x)
{
	if(x >> 16)
		return x >> 24 ? 24 + topbits[x >> 24] : 16 + topbits[x >> 16];
	return x >> 8 ? 8 + topbits[x >> 8] : topbits[x];
}

/* slotof: the list for size (SMALLMAX < size < 2^32): its power of two's, then its next SUBBITS bits */
HOT ulong
slotof(ulong size)
{
	ulong t;	/* the top bit's index less SLOTMIN: the power's */

	if(SLOTMIN == 16)	/* the low bytes cannot hold the top bit */
		t = size >> 24 ? 8 + (ulong)topbits[size >> 24] : (ulong)topbits[size >> 16];
	else
		t = topbit(size) - SLOTMIN;
	return t << SUBBITS | (size >> (t + SLOTMIN - SUBBITS) & (NSUB - 1));
}

/*
 * slotmin: where list i's slice of sizes starts.  List 0's starts at or
 * below SMALLMAX, so a caller asking whether a size stays in a list
 * first rules out a small one (takefit, fromslot: a small rest is cut
 * off the front).
 */
HOT ulong	slotmin(ulong i)	{ return (NSUB | (i & (NSUB - 1))) << ((i >> SUBBITS) + SLOTMIN - SUBBITS); }

/*
 * slotset, slotclear: list i is no longer, is now, empty.  p->slotup
 * is NSLOT less a list at or below the first that is not empty (0
 * while every list has been): slotset lowers it, slotfirst raises it
 * when it finds that list empty, so a free that empties a list does
 * not also search for the next.
 */
HOT void
slotset(Pool *p, ulong i)
{
	p->slotmap[i >> SUBBITS] |= (u64int)1 << (i & (NSUB - 1));
	p->slotsum |= 1UL << (i >> SUBBITS);
	if(NSLOT - i > p->slotup)
		p->slotup = NSLOT - i;
}

HOT void
slotclear(Pool *p, ulong i)
{
	if((p->slotmap[i >> SUBBITS] &= ~((u64int)1 << (i & (NSUB - 1)))) == 0)
		p->slotsum &= ~(1UL << (i >> SUBBITS));
}

/* slotlow: p->slotup raised to the first list that is not empty, which it returns (NSLOT if none) */
HOT ulong
slotlow(Pool *p)
{
	ulong i, w;

	i = NSLOT;
	if(p->slotsum != 0){
		w = ctz(p->slotsum);
		i = w << SUBBITS | ctz(p->slotmap[w]);
	}
	p->slotup = NSLOT - i;
	return i;
}

/* slotfirst: the head of the first large list that is not empty, that list in *ip; nil if all are empty */
HOT Free*
slotfirst(Pool *p, ulong *ip)
{
	Free *f;
	ulong i;

	if(p->slotup == 0)
		return nil;
	i = NSLOT - p->slotup;
	if((f = p->slot[i]) == nil){
		if((i = slotlow(p)) == NSLOT)
			return nil;
		f = p->slot[i];
	}
	*ip = i;
	return f;
}

/* slotabove: the first list after list i that is not empty, or -1 */
HOT long
slotabove(Pool *p, ulong i)
{
	ulong w;
	u64int m;

	w = i >> SUBBITS;
	m = p->slotmap[w] & (~(u64int)1 << (i & (NSUB - 1)));
	if(m == 0){
		m = p->slotsum & (~1UL << w);
		if(m == 0)
			return -1;
		w = ctz(m);
		m = p->slotmap[w];
	}
	return w << SUBBITS | ctz(m);
}

/* slotfit: the head of the large list to use for bsize bytes (slotfit's rule above), not yet vetted; nil if none */
HOT Free*
slotfit(Pool *p, ulong bsize, ulong *ip)
{
	Free *f;
	ulong i;
	long j;

	if(bsize <= SMALLMAX)	/* every large block fits */
		return slotfirst(p, ip);
	i = slotof(bsize);
	f = p->slot[i];
	if(f != nil && f->h.size >= bsize){
		*ip = i;
		return f;
	}
	if((j = slotabove(p, i)) < 0)
		return nil;
	*ip = j;
	return p->slot[j];
}

/*
 * slotword: where a large free block keeps its list's index, after its
 * links (slotput writes it), so a free that joins it need not work
 * the index out from its size.  Read back, it is used only by
 * slotcut, whose link checks vet it: the index matters only when f
 * heads its list, and that head is then checked to be f.
 */
_Static_assert((NSLOT & (NSLOT - 1)) == 0 && SMALLMAX >= sizeof(Free) + sizeof(ulong), "a slot word masks to a list; a large block holds it");
HOT ulong*	slotword(Free *f)	{ return (ulong*)(f + 1); }

/* slotput, slotcut: linkput and linkcut on list i, keeping the maps; slotadd, slotdel: the same or a panic */
HOT int
slotput(Pool *p, Free *f, ulong i)
{
	int r;

	*slotword(f) = i;
	if((r = linkput(f, (Free**)&p->slot[i])) == LINKEND)
		slotset(p, i);
	return r != LINKBAD;
}

HOT int
slotcut(Pool *p, Free *f, ulong i)
{
	int r;

	if((r = linkcut(p, f, (Free**)&p->slot[i])) == LINKEND)
		slotclear(p, i);
	return r != LINKBAD;
}

HOT void
slotadd(Pool *p, Free *f, ulong i)
{
	if(!slotput(p, f, i)){
		listbad(p, nil, (Free**)&p->slot[i]);
		UNREACHABLE();
	}
}

HOT void
slotdel(Pool *p, Free *f, ulong i)
{
	if(!slotcut(p, f, i)){
		listbad(p, f, (Free**)&p->slot[i]);
		UNREACHABLE();
	}
}

/*
 * Filing.
 */

/* addfree: file the free block f, whose header is written, in its list */
HOT void
addfree(Pool *p, Free *f)
{
	if(f->h.size <= SMALLMAX)
		listadd(p, f, classof(f->h.size));
	else
		slotadd(p, f, slotof(f->h.size));
	p->curfree += f->h.size;
}

/* unfile: take the free block f out of its list, still counted free (as part of a merge) */
HOT void
unfile(Pool *p, Free *f)
{
	if(f->h.size <= SMALLMAX)
		listdel(p, f, classof(f->h.size));
	else
		slotdel(p, f, *slotword(f) & (NSLOT - 1));	/* vetted by slotcut */
}

/* unlisted: free block f, just taken out of its list, becomes UNALLOC */
HOT Bhdr*
unlisted(Pool *p, Free *f)
{
	p->curfree -= f->h.size;
	f->h.tag = UNALLOC_MAGIC;
	return &f->h;
}

/* delfree: take free block f out of its list; it becomes UNALLOC */
static Bhdr*
delfree(Pool *p, Free *f)
{
	unfile(p, f);
	return unlisted(p, f);
}

/* bestfit: the free block to use for bsize bytes (the first list's head that fits, small or large), vetted; or nil.  Nothing changes. */
HOT Free*
bestfit(Pool *p, ulong bsize)
{
	Free *f;
	ulong i;
	long c;

	if(bsize <= SMALLMAX && (c = listfind(p, bsize)) >= 0){
		f = p->small[c];
		if(!listheadok(p, f, c))
			listheadbad(p, bsize);
		return f;
	}
	if((f = slotfit(p, bsize, &i)) != nil && !headok(p, f))
		headbad(p, f);
	return f;
}

/*
 * Blocks.
 */

/* sethdr, setfoot: a whole header or footer in one store */
HOT void
sethdr(Bhdr *b, ulong tag, ulong bits, ulong size)	/* tag and bits: 16 bits each; wide, so nothing is zero-extended */
{
	wordset(b, (u64int)size << 32 | (u64int)bits << 16 | tag);
}

HOT void
setfoot(Bhdr *b, ulong size)
{
	wordset((uchar*)b + size - FOOTSIZE, (u64int)size << 32 | FOOT_MAGIC);
}

/*
 * allocset: b becomes an allocated block of kind m, size bytes holding
 * dsize, its header and slack words written whole: nothing of the
 * caller's is in a block just handed out, so unlike setslack it need
 * not keep the data bytes that share the first slack word.
 * smallslack: the slack is under 128, so its hash is itself.
 */
HOT void
allocset(Bhdr *b, ulong size, ulong dsize, uint leftbit, uint m, int smallslack)
{
	ulong slack;
	uintptr w;

	slack = size - HDRSIZE - dsize;
	sethdr(b, m ^ (smallslack ? slack : slackhash(slack)), leftbit | slack, size);
	if(slack == 0)
		return;
	w = ((uintptr)b + HDRSIZE + dsize) & ~(uintptr)7;
	wordset((void*)w, SLACKPAT);
	if(w + 16 <= (uintptr)b + size)
		wordset((void*)(w + 8), SLACKPAT);
}

/* roundb: the block size for dsize bytes of data (dsize <= MAXDATA) in quanta of qm+1, at least minb */
HOT ulong
roundb(ulong dsize, ulong qm, ulong minb)
{
	ulong b;

	b = (dsize + HDRSIZE + qm) & ~qm;
	return b < minb ? minb : b;
}

/* dsize2bsize: the block size for dsize bytes of data in p (dsize <= MAXDATA) */
HOT ulong
dsize2bsize(Pool *p, ulong dsize)
{
	if(p->flags & POOL_TOLERANCE)
		dsize++;	/* a slack byte for the NUL it tolerates */
	return roundb(dsize, p->qmask, p->minbsize);
}

HOT int
canjoin(ulong a, ulong b)
{
	return a + b <= MAXBLOCK;
}

/* freeat: r, the block after b, if it is free, checked; else nil */
HOT Free*
freeat(Pool *p, Bhdr *r, Bhdr *b)
{
	if(r->tag != FREE_MAGIC)
		return nil;
	if(!freehdrok(p, r))
		poolpanic(p, r, nil, "corrupt free block %p after %p", r, b);
	return (Free*)r;	/* its footer is about to be rewritten: not read */
}

/* rightneighbour: the free block after b, checked, or nil */
HOT Free*
rightneighbour(Pool *p, Bhdr *b)
{
	return freeat(p, nextb(b), b);
}

/* leftfootok: could the footer before b, in arena a, be a free block's? */
HOT int
leftfootok(Bhdr *b, Arena *a)
{
	Foot *t;

	t = prevfoot(b);
	return t->magic == FOOT_MAGIC && t->size >= MINBLOCK && t->size % 16 == 0
		&& t->size <= (uintptr)((uchar*)b - (uchar*)firstb(a));
}

/* leftok: is l, which the footer before it leads to, the free block that footer ends? */
HOT int
leftok(Bhdr *l, ulong size)
{
	return l->tag == FREE_MAGIC && l->size == size && (l->bits & SLACKMASK) == 0;
}

/* leftneighbour: the free block before b in arena a, checked, or nil */
HOT Free*
leftneighbour(Pool *p, Bhdr *b, Arena *a)
{
	Bhdr *l;

	if((b->bits & LEFTFREE) == 0)
		return nil;
	if(!leftfootok(b, a))
		poolpanic(p, b, a, "corrupt tail before block %p", b);
	l = (Bhdr*)((uchar*)b - prevfoot(b)->size);
	if(!leftok(l, prevfoot(b)->size))
		poolpanic(p, l, a, "corrupt free block %p before block %p", l, b);
	return (Free*)l;
}

/* rightjoin, leftjoin: the free neighbour b may join, or nil */
HOT Free*
rightjoin(Pool *p, Bhdr *b)
{
	Free *r;

	if((r = rightneighbour(p, b)) == nil || !canjoin(b->size, r->h.size))
		return nil;
	return r;
}

HOT Free*
leftjoin(Pool *p, Bhdr *b, Arena *a)
{
	Free *l;

	if((l = leftneighbour(p, b, a)) == nil || !canjoin(l->h.size, b->size))
		return nil;
	return l;
}

/* absorb: the free block r after b becomes part of b, which keeps its magic */
HOT void
absorb(Pool *p, Bhdr *b, Free *r)
{
	delfree(p, r);
	r->h.tag = NOT_MAGIC;
	b->size += r->h.size;
}

/*
 * settle: b, out of every list, becomes free with the free blocks
 * either side (in arena a; nil will do when the block before b is
 * not free), when together they are more than a block can hold.
 * The run is cut from its left into blocks of MAXBLOCK, the last at
 * least MINBLOCK, so two free blocks lie side by side only when the
 * first is as large as it can be (MAXBLOCK - 16 or more), and any
 * request a run could hold fits its first block.  Only pools with
 * blocks near 4 GiB come here.
 */
static void COLD
settle(Pool *p, Bhdr *b, Arena *a)
{
	uchar *start;
	uintptr len;
	ulong k, leftbit;
	Free *f;
	Bhdr *h;

	start = (uchar*)b;
	len = b->size;
	while((f = leftneighbour(p, (Bhdr*)start, a)) != nil){
		delfree(p, f);
		((Bhdr*)start)->tag = NOT_MAGIC;
		start = (uchar*)f;
		len += f->h.size;
	}
	while((f = freeat(p, (Bhdr*)(start + len), (Bhdr*)start)) != nil){
		if(len > ~(uintptr)0 - f->h.size)
			poolpanic(p, &f->h, a, "corrupt free block %p", f);
		delfree(p, f);
		f->h.tag = NOT_MAGIC;
		len += f->h.size;
	}
	leftbit = ((Bhdr*)start)->bits & LEFTFREE;	/* clear: the run is whole */
	while(len > 0){
		k = len <= MAXBLOCK ? len : len - MAXBLOCK >= MINBLOCK ? MAXBLOCK : len - MINBLOCK;
		h = (Bhdr*)start;
		sethdr(h, FREE_MAGIC, leftbit, k);
		setfoot(h, k);
		addfree(p, (Free*)h);
		leftbit = LEFTFREE;
		start += k;
		len -= k;
	}
	leftset((Bhdr*)start);
}

/*
 * neighbourbad: release found a free neighbour of b, in arena a,
 * damaged; leftneighbour and rightneighbour say how.  It never
 * returns, but is not known to (NOIPA), so release reaches it by a
 * tail call and needs no stack frame.
 */
static void COLD NOIPA
neighbourbad(Pool *p, Bhdr *b, Arena *a)
{
	leftneighbour(p, b, a);
	rightneighbour(p, b);
	TRAP();
}

/*
 * releaselarge: release's work when b, with its free neighbours l and
 * r (either nil), makes a large block of total bytes: the neighbours
 * leave their lists and the joined block is filed anew.
 */
static NOINLINE void
releaselarge(Pool *p, Bhdr *b, Arena *a, Free *l, Free *r, ulong total)
{
	Free *m;

	if(total > MAXBLOCK){	/* more than a block holds */
		settle(p, b, a);
		return;
	}
	p->curfree += b->size;
	if(l != nil)
		unfile(p, l);
	if(r != nil){
		unfile(p, r);
		r->h.tag = NOT_MAGIC;
	}
	m = l != nil ? l : (Free*)b;	/* the joined block */
	if(l != nil){	/* b's header, inside m now, says so (its slack no longer counts) */
		b->tag = NOT_MAGIC;
		b->bits = 0;
	}
	sethdr(&m->h, FREE_MAGIC, m->h.bits & LEFTFREE, total);
	setfoot(&m->h, total);
	leftset((Bhdr*)((uchar*)m + total));
	slotadd(p, m, slotof(total));
}

/*
 * release: b, in arena a (nil will do when the block before b is not
 * free), out of every list and not counted free, becomes free, joined
 * with its free neighbours, each vetted before it is touched.  A list
 * block's work is done here; a large block's in releaselarge.
 */
HOT void
release(Pool *p, Bhdr *b, Arena *a)
{
	Bhdr *r;
	Free *l;
	ulong size, lsize, rsize, total;
	uint leftbit;

	size = b->size;
	l = nil;
	lsize = 0;
	if(b->bits & LEFTFREE){
		if(!leftfootok(b, a)){
			neighbourbad(p, b, a);
			return;
		}
		lsize = prevfoot(b)->size;
		l = (Free*)((uchar*)b - lsize);
		if(!leftok(&l->h, lsize)){
			neighbourbad(p, b, a);
			return;
		}
	}
	r = nextb(b);
	rsize = 0;
	if(r->tag == FREE_MAGIC){
		rsize = r->size;
		if(!freehdrok(p, r)){
			neighbourbad(p, b, a);
			return;
		}
	}
	total = lsize + size + rsize;
	if(total > SMALLMAX){
		releaselarge(p, b, a, l, rsize != 0 ? (Free*)r : nil, total);
		return;
	}
	p->curfree += size;
	leftbit = 0;	/* b's is clear: a free block before it is l */
	if(l != nil){
		if(!listcut(p, l, classof(lsize))){
			listbad(p, l, (Free**)&p->small[classof(lsize)]);
			return;
		}
		b->tag = NOT_MAGIC;	/* inside l now: its slack no longer counts */
		b->bits = 0;
		b = &l->h;
		leftbit = b->bits & LEFTFREE;
	}
	if(rsize != 0){	/* the block after r knows it follows a free one */
		if(!listcut(p, (Free*)r, classof(rsize))){
			listbad(p, (Free*)r, (Free**)&p->small[classof(rsize)]);
			return;
		}
		r->tag = NOT_MAGIC;
	}else
		leftset(r);
	sethdr(b, FREE_MAGIC, leftbit, total);
	setfoot(b, total);
	if(!listput(p, (Free*)b, classof(total)))
		listbad(p, nil, (Free**)&p->small[classof(total)]);
}

/* freeblock: the sound allocated block b of arena a is freed */
HOT void
freeblock(Pool *p, Bhdr *b, Arena *a)
{
	p->nfree++;
	p->curalloc -= b->size;
	release(p, b, a);
}

/*
 * cutlist: the extra bytes of b after its first bsize, a list block's
 * worth, become a free list block (the block after them must know it
 * follows a free one), counted free by the caller; 0, the list
 * unchanged, if its head does not hold together.  The fast paths'
 * split; trim is the general one.
 */
HOT int
cutlist(Pool *p, Bhdr *b, ulong bsize, ulong extra)
{
	Bhdr *frag;

	frag = (Bhdr*)((uchar*)b + bsize);
	sethdr(frag, FREE_MAGIC, 0, extra);
	setfoot(frag, extra);
	return listput(p, (Free*)frag, classof(extra));
}

/*
 * trim: cut the block b down to bsize bytes for dsize bytes of data,
 * giving back the rest when it makes a block (else it stays slack);
 * the caller then records dsize (allocset for a block just handed
 * out, setslack for one that holds data).
 */
static void
trim(Pool *p, Bhdr *b, ulong bsize, ulong dsize)
{
	ulong extra;
	Bhdr *frag, *r;

	extra = b->size - bsize;
	if(extra >= MINBLOCK && (extra >= p->minblock || b->size - HDRSIZE - dsize > MAXSLACK)){
		r = nextb(b);
		b->size = bsize;
		frag = nextb(b);
		if(p->flags & POOL_ANTAGONISM)
			memmark(datap(frag), extra - HDRSIZE, MARK_NEW, datap(frag));
		if(r->tag != FREE_MAGIC){	/* the usual: nothing to join */
			sethdr(frag, FREE_MAGIC, 0, extra);
			setfoot(frag, extra);
			leftset(r);
			addfree(p, (Free*)frag);
		}else{	/* joining r: a realloc shrinking */
			sethdr(frag, UNALLOC_MAGIC, 0, extra);
			release(p, frag, nil);
		}
	}else
		leftclear(nextb(b));
}

/*
 * Arenas.
 */

/*
 * configure: check the Pool's configuration before anything of it is
 * used (its layout first, so nothing is read or written past a Pool
 * compiled with other settings), and keep what the paths need of it.
 * Read once: the configuration is not to change after the first call.
 */
static void COLD
configure(Pool *p)
{
	ulong q, mb;

	if(p->panic == nil || p->print == nil)
		TRAP();	/* no way to say why */
	if(p->layout != (ulong)POOL_LAYOUT)
		poolpanic(p, nil, nil, "its Pool has layout %lx, not this allocator's %lx: set .layout to POOL_LAYOUT, "
			"and compile it with POOL_LOG2NSMALL %d and POOL_LOG2NSUB %d", p->layout, (ulong)POOL_LAYOUT,
			POOL_LOG2NSMALL, POOL_LOG2NSUB);
	q = p->quantum < MINQUANTUM ? MINQUANTUM : p->quantum;
	if((q & (q - 1)) != 0 || q > MAXQUANTUM)
		poolpanic(p, nil, nil, "quantum %lu is not a power of two from 16 to %d", p->quantum, MAXQUANTUM);
	if(p->minblock > MAXMINBLOCK)
		poolpanic(p, nil, nil, "minblock %lu above %d", p->minblock, MAXMINBLOCK);
	if(p->phase != 0 && p->phase != 8)
		poolpanic(p, nil, nil, "phase %lu is not 0 or 8", p->phase);
	mb = (p->minblock + q - 1) & ~(q - 1);
	p->minbsize = mb > MINBLOCK ? mb : MINBLOCK;
	p->cachelimit = 0;
	if(p->cache != nil){
		p->cachemax &= ~(q - 1);
		if(!ATOMICS || p->ncache < 1 || p->cpuoff == nil || p->cpuon == nil
		|| p->cachemax < p->minbsize || p->cachemax > classsize(POOL_NCACHE - 1))
			poolpanic(p, nil, nil, "per-CPU caches: ncache %d, cachemax %lu (%lu to %lu), cpuoff and cpuon %s%s",
				p->ncache, p->cachemax, p->minbsize, classsize(POOL_NCACHE - 1),
				p->cpuoff != nil && p->cpuon != nil ? "set" : "not both set", ATOMICS ? "" : "; and this compiler has no atomics");
		p->cachelimit = p->cachemax - HDRSIZE;
	}
	p->qmask = q - 1;
	p->plain = p->qmask == MINQUANTUM - 1 && p->minbsize == MINBLOCK;
}

/* ready: the configuration is checked (a zero qmask says not yet) */
HOT void
ready(Pool *p)
{
	if(p->qmask == 0)
		configure(p);
}

/* arenasize: the arena to ask alloc for, at least want and need, within MAXARENA and maxsize; 0 if none fits */
static uintptr
arenasize(Pool *p, uintptr want, uintptr need)
{
	uintptr asize, room, max;

	asize = p->minarena > want ? p->minarena : want;
	max = MAXARENA <= (uintptr)-1 - 16 ? MAXARENA + 2*p->phase : MAXARENA;	/* with the pads; all a 32-bit space can */
	if(asize > max)
		asize = max;
	asize = (asize + 15) & ~(uintptr)15;
	room = p->cursize < p->maxsize ? p->maxsize - p->cursize : 0;
	if(asize > room)	/* near maxsize: settle for what is left */
		asize = room & ~(uintptr)15;
	return asize < need ? 0 : asize;
}

/*
 * arenaindex: a, new, into p->arena, which is sorted by address;
 * arenaunindex: a, merged into the arena below it, out.
 */
/* arenawrite: p's arena index about to change (odd), or changed (even); p locked */
static void
arenawrite(Pool *p)
{
	__atomic_store_n(&p->arenagen, p->arenagen + 1, __ATOMIC_RELEASE);	/* even after the changes before it */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* odd before the changes after it */
}

static void
arenaindex(Pool *p, Arena *a)
{
	int i;

	for(i = p->narena; i > 0 && (uintptr)p->arena[i-1] > (uintptr)a; i--)
		p->arena[i] = p->arena[i-1];
	p->arena[i] = a;
	p->narena++;
}

static void
arenaunindex(Pool *p, Arena *a)
{
	int i;

	for(i = 0; i < p->narena && p->arena[i] != a; i++)
		;
	if(i == p->narena)
		poolpanic(p, nil, nil, "corrupt arena index: merged arena %p not in it", a);
	for(p->narena--; i < p->narena; i++)
		p->arena[i] = p->arena[i+1];
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
		poolpanic(p, nil, nil, "corrupt arena: %p+%lu overlaps %p", bot, (ulong)bot->asize, top);
	gap = (uchar*)top - botend;
	if(gap > MAXBLOCK - ARENAOVER || p->merge == nil || p->merge((uchar*)bot - p->phase, (uchar*)top - p->phase) == 0)
		return;
	arenaunindex(p, top);	/* a cache's view of top stays true: its blocks and tail stay where they are */
	bot->up = top->up;
	if(bot->up != nil)
		bot->up->down = bot;
	else
		p->arenalist = bot;
	p->cursize += gap;
	seam = arenatail(bot);	/* from bot's tail to top's first block; keeps the tail's LEFTFREE */
	bot->asize = (uchar*)top - (uchar*)bot + top->asize;
	bot->nasize = ~bot->asize;
	seam->tag = UNALLOC_MAGIC;
	seam->size = gap + ARENAOVER;
	release(p, seam, bot);
}

/* arenabiggest: p->arenabig, after arenas were added or merged (p->arenalast forgotten: it may have gone) */
static void
arenabiggest(Pool *p)
{
	Arena *a;
	int i;

	p->arenalast = nil;
	p->arenabig = nil;
	for(i = 0; i < p->narena; i++){
		a = p->arena[i];
		if(((uintptr)a - p->lo) % 16 != 0 || (uintptr)a < p->lo || (uintptr)a >= p->hi || !arenasound(a, p->hi))
			arenabad(p, a, nil);
		if(p->arenabig == nil || a->asize > ((Arena*)p->arenabig)->asize)
			p->arenabig = a;
	}
	p->biglo = p->bigspan = 0;
	if((a = p->arenabig) != nil){
		p->biglo = (uintptr)firstb(a);
		p->bigspan = a->asize - ARENAOVER;
	}
}

/*
 * newarena: get an arena with room for a block of bsize; -1 and %r
 * if none.  After the first, an arena is at least half the pool, or
 * an eighth of maxsize if less (if alloc has that much; near maxsize,
 * what is left): a pool grown by the least it lacks would leave its
 * free space in slivers between blocks allocated since, so a block
 * that grows must move while its old copy still holds its place (kmalloc's
 * smallest heap, sqlite3: 1.250 of peak live; so, 1.019).  It also
 * keeps the arena index (POOL_NARENA) from filling while alloc can
 * give: the count of arenas grows with the log of the pool's size.
 */
static int
newarena(Pool *p, ulong bsize)
{
	uintptr need, asize, geo;
	Arena *a, *ap, *up;
	Bhdr *b, *t;

	ready(p);
	need = bsize + ARENAOVER + 2*p->phase;
	if(p->narena >= POOL_NARENA){
		poolerr(p, "memory pool has too many arenas");
		return -1;
	}
	if((asize = arenasize(p, need, need)) == 0){
		poolerr(p, "memory pool too large");
		if(p->flags & POOL_LOGGING)
			pprint(p, "pool %s: too large: %lu+%lu > %lu\n", p->name,
				(ulong)p->cursize, (ulong)need, (ulong)p->maxsize);
		return -1;
	}
	geo = arenasize(p, p->cursize/2 < p->maxsize/8 ? p->cursize/2 : p->maxsize/8, need);
	a = nil;
	if(geo > asize && (a = p->alloc(geo)) != nil)
		asize = geo;
	if(a == nil && (a = p->alloc(asize)) == nil){
		poolerr(p, "pool %s: no arena of %lu bytes", p->name, (ulong)asize);
		return -1;
	}
	if((uintptr)a % 16 != 0)
		poolpanic(p, nil, nil, "alloc returned misaligned arena %p", a);
	if(p->flags & POOL_DEBUGGING)
		pprint(p, "pool %s: new arena %p size %lu\n", p->name, a, (ulong)asize);
	a = (Arena*)((uchar*)a + p->phase);	/* a phase-8 pool's arena starts 8 bytes in, and ends 8 bytes short */
	asize -= 2*p->phase;
	p->cursize += asize;
	if(p->lo != 0)
		p->grows = (uintptr)a > p->lo ? 1 : -1;
	if(p->lo == 0 || (uintptr)a < p->lo)
		p->lo = (uintptr)a;
	if((uintptr)a + asize > p->hi)
		p->hi = (uintptr)a + asize;
	p->span = p->hi - p->lo - MINBLOCK;

	a->h.tag = ARENA_MAGIC;
	a->h.bits = 0;
	a->h.size = ARENAHDR;
	a->asize = asize;
	a->nasize = ~asize;
	t = arenatail(a);
	t->tag = ARENATAIL_MAGIC;
	t->bits = 0;
	t->size = 0;
	b = firstb(a);
	b->tag = UNALLOC_MAGIC;
	b->bits = 0;
	b->size = asize - ARENAOVER;
	if(p->flags & POOL_ANTAGONISM)
		memmark(datap(b), b->size - HDRSIZE, MARK_NEW, datap(b));
	release(p, b, a);

	/* into the list, sorted by descending address */
	arenawrite(p);
	up = nil;
	for(ap = arenafirst(p); ap != nil && ap > a; ap = arenadown(p, ap))
		up = ap;
	a->up = up;
	a->down = ap;
	if(ap != nil)
		ap->up = a;
	if(up != nil)
		up->down = a;
	else
		p->arenalist = a;
	arenaindex(p, a);

	/* a with the one above first: that keeps a, which the one below may then absorb */
	if(a->up != nil)
		arenamerge(p, a, a->up);
	if(a->down != nil)
		arenamerge(p, a->down, a);
	arenabiggest(p);
	arenawrite(p);
	return 0;
}

/*
 * Allocation.
 */

/*
 * carve: the back bsize bytes of the large free block f as an UNALLOC
 * block.  Cutting from the back leaves f where it is: when what is
 * left stays in f's list, no link changes.
 */
HOT Bhdr*
carve(Pool *p, Free *f, ulong bsize)
{
	Bhdr *b, *r;
	ulong rest;

	r = nextb(&f->h);
	rest = f->h.size - bsize;
	f->h.size = rest;
	setfoot(&f->h, rest);
	b = nextb(&f->h);
	sethdr(b, UNALLOC_MAGIC, LEFTFREE, bsize);
	leftclear(r);
	p->curfree -= bsize;
	return b;
}

/* fitbad: f, found for bsize bytes, is smaller */
static void COLD NORETURN
fitbad(Pool *p, Free *f, ulong bsize)
{
	poolpanic(p, nil, nil, "corrupt free tree: %p of %u bytes filed for %lu", f, f->h.size, bsize);
}

/* carvemove: carve from f, the head of large list i, what is left of it moving to its own, lower, list */
HOT Bhdr*
carvemove(Pool *p, Free *f, ulong bsize, ulong i)
{
	Bhdr *b;

	slotdel(p, f, i);
	b = carve(p, f, bsize);
	slotadd(p, f, slotof(f->h.size));
	return b;
}

/* carveslot: carve from f, the head of large list i, moving what is left of it if it leaves that list */
HOT Bhdr*
carveslot(Pool *p, Free *f, ulong bsize, ulong i)
{
	if(f->h.size - bsize >= slotmin(i))
		return carve(p, f, bsize);
	return carvemove(p, f, bsize, i);
}

/* carves: is a large free block of size bytes (at least bsize) cut to bsize off its back: its rest large, and nothing beside it too big to join */
HOT int
carves(ulong size, ulong bsize)
{
	return size - bsize > SMALLMAX && size < MAXBLOCK - 16;
}

/*
 * takefit: the sound free block f, found for bsize bytes, out of its
 * list as an UNALLOC block; takeslot, the same for the head of large
 * list i (its list known, not worked out again).  When what is left
 * over is a large block, the new block is cut from f's back instead
 * (carve), f moving to another list only if its new size belongs
 * there.
 */
HOT Bhdr*
takeslot(Pool *p, Free *f, ulong bsize, ulong i)
{
	if(f->h.size < bsize)
		fitbad(p, f, bsize);
	if(f->h.size - bsize <= SMALLMAX || (f->h.size >= MAXBLOCK - 16 && nextb(&f->h)->tag == FREE_MAGIC)){
		slotdel(p, f, i);	/* cut from the front: a rest beside free space joins it */
		return unlisted(p, f);
	}
	return carveslot(p, f, bsize, i);
}

HOT Bhdr*
takefit(Pool *p, Free *f, ulong bsize)
{
	if(f->h.size > SMALLMAX)
		return takeslot(p, f, bsize, slotof(f->h.size));
	if(f->h.size < bsize)
		fitbad(p, f, bsize);
	return delfree(p, f);
}

/* notepeak: a call that may have raised curalloc ends: the peak is the highest seen between calls */
HOT void
notepeak(Pool *p)
{
	if(p->curalloc > p->peakalloc)
		p->peakalloc = p->curalloc;
}

/* handcarved: handout for a block carved off a free block's back: exact, its neighbours told already */
HOT Bhdr*
handcarved(Pool *p, Bhdr *b, ulong bsize, ulong dsize, int smallslack)
{
	allocset(b, bsize, dsize, LEFTFREE, ALLOC_MAGIC, smallslack);
	p->curalloc += bsize;
	return b;
}

/* handout: the UNALLOC block b, cut down to bsize bytes for dsize, allocated and counted (its caller notes the peak) */
HOT Bhdr*
handout(Pool *p, Bhdr *b, ulong bsize, ulong dsize)
{
	trim(p, b, bsize, dsize);
	allocset(b, b->size, dsize, b->bits & LEFTFREE, ALLOC_MAGIC, 0);
	p->curalloc += b->size;
	return b;
}

/*
 * edgefree: the bytes of the free block at the edge where the pool
 * grows, if one is there and arenas may merge: the front of the lowest
 * arena when arenas arrive below the others (an alloc that hands out
 * memory downwards, as kernel/xalloc.c does, so that a heap grown an
 * arena at a time lies as one given whole would: blocks are cut from
 * the back of free space, which so stays at the front), the back of
 * the highest when they arrive above, the larger of the two before a
 * second arena shows which.  A new arena that merges beside it need
 * only make up the rest (with the seam between them, a block of the
 * size asked for), so the pool grows by what it lacks, not by the
 * whole request.  One that does not merge stays as free space, and the
 * whole request follows.
 */
static ulong
edgefree(Pool *p)
{
	Arena *a;
	Free *f;
	ulong front, back;

	if(p->merge == nil || p->narena == 0)
		return 0;
	front = back = 0;
	a = p->arena[0];
	if(p->grows <= 0 && (f = freeat(p, firstb(a), &a->h)) != nil)	/* the lowest arena's first block */
		front = f->h.size;
	a = arenafirst(p);
	if(p->grows >= 0 && (f = leftneighbour(p, arenatail(a), a)) != nil)
		back = f->h.size;
	return front > back ? front : back;
}

static int	cacheflush(Pool*, Poolcache*);
static Poolcache*	cpucache(Pool*, int);

/*
 * shortflush: within a third of maxsize, before the pool grows: this
 * CPU's cached blocks back to the pool, and the other CPUs' at their
 * next call, so that free space is whole before more is taken; 1 if
 * this CPU's cache held any.  (A miss that fails empties it anyway.)
 */
static NOINLINE int
shortflush(Pool *p)
{
	Poolcache *c;
	int x, any;

	if(p->cache == nil || p->maxsize == 0 || p->cursize < p->maxsize - p->maxsize/3)
		return 0;
	x = p->cpuoff(p);
	c = cpucache(p, x);
	any = c->bytes != 0 && cacheflush(p, c);
	p->cpuon(p, x);
	return any;
}

/* getblock: a free block for bsize bytes taken out of its list or the tree, the pool grown if need be; or nil with %r */
HOT Bhdr*
getblock(Pool *p, ulong bsize)
{
	Free *f;
	ulong edge;

	f = bestfit(p, bsize);
	if(f == nil && shortflush(p))
		f = bestfit(p, bsize);
	if(f == nil && (edge = edgefree(p)) != 0 && edge < bsize && newarena(p, bsize - edge) == 0)
		f = bestfit(p, bsize);	/* it merged */
	if(f == nil && newarena(p, bsize) == 0)
		f = bestfit(p, bsize);
	if(f == nil)
		return nil;
	return takefit(p, f, bsize);
}

static int
toobig(Pool *p, ulong n)
{
	if(n <= MAXDATA)
		return 0;
	poolerr(p, "pool %s: %lu bytes is too large", p->name, n);
	return 1;
}

/* allocb: an allocated block for dsize bytes, or nil with %r; the pool is grown if need be, never compacted (a realloc holds a block) */
HOT Bhdr*
allocb(Pool *p, ulong dsize)
{
	ulong bsize;
	Bhdr *b;

	ready(p);
	if(toobig(p, dsize))
		return nil;
	bsize = dsize2bsize(p, dsize);
	if((b = getblock(p, bsize)) == nil)
		return nil;
	handout(p, b, bsize, dsize);
	if(p->flags & POOL_ANTAGONISM)
		memmark(datap(b), dsize, MARK_ALLOC, datap(b));
	return b;
}

/* poolallocl: a block for dsize bytes in any pool, locked, or nil with %r; when nothing fits even in a grown pool, compaction and a second try */
static NOINLINE void*
poolallocl(Pool *p, ulong dsize)
{
	Bhdr *b;

	if((b = allocb(p, dsize)) == nil && dsize <= MAXDATA && poolcompactl(p))
		b = allocb(p, dsize);
	notepeak(p);
	return b == nil ? nil : datap(b);
}

/*
 * The allocation fast path: a pool with no flags (locked around it if
 * it has a lock) and a block of up to SMALLMAX bytes, from its exact
 * list, the first larger list or the smallest tree block.  It vets
 * what it takes as the general path does, reporting damage through
 * tail calls (so it needs little or no stack frame), and hands
 * everything else (larger blocks, nothing that fits, a pool to grow or
 * configure, a block beside one too big to join) to poolallocl.
 */

/* listputbad: cutfront's report of a list head that does not hold together (NOIPA: as listheadbad) */
static void* COLD NOIPA
listputbad(Pool *p, ulong c)
{
	listbad(p, nil, (Free**)&p->small[c]);
	TRAP();
}

/* listcutbad: the same for a block f of list c whose links do not hold together */
static void* COLD NOIPA
listcutbad(Pool *p, Free *f, ulong c)
{
	listbad(p, f, (Free**)&p->small[c]);
	TRAP();
}

/*
 * cutfront: the unlisted block b of size bytes, still counted free,
 * whose right neighbour r is not free, allocated for dsize bytes in
 * its first bsize; the rest,
 * when it makes a block (minb bytes, the pool's smallest), goes to its list.  For the fast path: at most
 * a list block's worth left over, allocset's slack.  Returns b's data.
 */
HOT void*
cutfront(Pool *p, Bhdr *b, Bhdr *r, ulong size, ulong bsize, ulong dsize, uint leftbit, ulong minb, int smallslack)
{
	ulong extra;

	extra = size - bsize;
	if(extra >= minb){
		if(!cutlist(p, b, bsize, extra))	/* r knows it follows a free block already */
			return listputbad(p, classof(extra));
		size = bsize;
	}else
		leftclear(r);
	p->curfree -= size;	/* the rest, filed, stays counted */
	allocset(b, size, dsize, leftbit, ALLOC_MAGIC, smallslack);
	p->curalloc += size;
	notepeak(p);
	return datap(b);
}

/* slotbad: fromslot found the head it chose damaged: headbad says how (NOIPA: as listheadbad) */
static void* COLD NOIPA
slotbad(Pool *p)
{
	ulong i;

	headbad(p, slotfirst(p, &i));
}

/* frontcut: f, the head of large list i, whose rest once cut is a small block: cut from the front, the rest to its list, as allocfit's */
HOT void*
frontcut(Pool *p, Free *f, ulong i, ulong bsize, ulong dsize, ulong minb)
{
	ulong size;

	size = f->h.size;
	slotdel(p, f, i);
	return cutfront(p, &f->h, (Bhdr*)((uchar*)f + size), size, bsize, dsize, f->h.bits & LEFTFREE, minb, 0);
}

/*
 * fromslotmove, slotfront: fromslot's block v, which must change
 * lists once cut (carved off v's back, what is left of v one list
 * down), or be cut from the front (takeslot's and handout's way, as
 * for allocbig).  Apart, so that the first needs no stack frame.
 */
static NOINLINE void*
fromslotmove(Pool *p, Free *v, ulong dsize, ulong bsize, ulong i)
{
	Bhdr *b;

	b = handcarved(p, carvemove(p, v, bsize, i), bsize, dsize, 0);
	notepeak(p);
	return datap(b);
}

static NOINLINE void*
slotfront(Pool *p, Free *v, ulong dsize, ulong bsize, ulong i)
{
	Bhdr *b;

	if(v->h.size - bsize <= SMALLMAX)
		return frontcut(p, v, i, bsize, dsize, p->minbsize);
	b = handout(p, takeslot(p, v, bsize, i), bsize, dsize);
	notepeak(p);
	return datap(b);
}

/*
 * fromslot: with every small list too small, the head of the first
 * large list.  When what is left of it stays in that list, as with
 * the block a heap grows into for long stretches, the new block is
 * cut off its back (carve): no link changes.
 */
HOT void*
fromslot(Pool *p, ulong dsize, ulong bsize, int smallslack)
{
	Free *v;
	Bhdr *b;
	ulong extra, i;

	if((v = slotfirst(p, &i)) == nil)
		return poolallocl(p, dsize);
	if(!headok(p, v))
		return slotbad(p);
	extra = v->h.size - bsize;
	if(extra <= SMALLMAX || extra < slotmin(i) || v->h.size >= MAXBLOCK - 16)	/* takefit's rule */
		return carves(v->h.size, bsize) ? fromslotmove(p, v, dsize, bsize, i) : slotfront(p, v, dsize, bsize, i);
	b = handcarved(p, carve(p, v, bsize), bsize, dsize, smallslack);
	notepeak(p);
	return datap(b);
}

/*
 * allocfit: a block of bsize bytes (at most SMALLMAX) for dsize from
 * the lists, or the smallest tree block.  smallslack: every slack it
 * leaves is under 128, so its own hash (a constant where inlined).
 * allocat: the same from small list c, listfind's answer for bsize
 * (-1: the large lists).
 */
HOT void*	allocat(Pool*, long, ulong, ulong, ulong, int);

HOT void*
allocfit(Pool *p, ulong dsize, ulong bsize, ulong minb, int smallslack)
{
	ulong c;

	c = classof(bsize);
	if(p->small[c] != nil)	/* an exact fit: allocat's own copy, so the head is read once */
		return allocat(p, c, dsize, bsize, minb, smallslack);
	return allocat(p, listfind(p, bsize), dsize, bsize, minb, smallslack);
}

HOT void*
allocat(Pool *p, long c, ulong dsize, ulong bsize, ulong minb, int smallslack)
{
	ulong size;
	Free *f, *n;
	Bhdr *r;

	if(c < 0)
		return fromslot(p, dsize, bsize, smallslack);
	f = p->small[c];
	if(!listheadok(p, f, c))
		return listheadbad(p, bsize);
	size = classsize(c);
	n = f->next;
	r = (Bhdr*)((uchar*)f + size);
	if(r->tag == FREE_MAGIC)	/* beside a block too big to join with it */
		return poolallocl(p, dsize);
	p->small[c] = n;
	if(n == nil)
		mapclear(p, c);
	else
		n->prev = nil;
	return cutfront(p, &f->h, r, size, bsize, dsize, f->h.bits & LEFTFREE, minb, smallslack);
}

/*
 * allocbig: a block above SMALLMAX from the large lists, as getblock
 * and handout would take it, without the general path's round trip;
 * poolallocl when none fits (to grow the pool) or dsize is too large.
 * It ends as slotfront does, inline: through that call the worst
 * large allocation cost 27 instructions more (bench worstgen).
 */
static NOINLINE void*
allocbig(Pool *p, ulong dsize, ulong qm, ulong minb)
{
	Free *f;
	Bhdr *b;
	ulong bsize, i;

	if(dsize > MAXDATA)
		return poolallocl(p, dsize);
	bsize = roundb(dsize, qm, minb);
	if((f = slotfit(p, bsize, &i)) == nil)
		return poolallocl(p, dsize);
	if(!headok(p, f))
		headbad(p, f);
	if(f->h.size < bsize)
		fitbad(p, f, bsize);
	if(f->h.size - bsize <= SMALLMAX)
		return frontcut(p, f, i, bsize, dsize, minb);
	if(carves(f->h.size, bsize))	/* no trim */
		b = handcarved(p, carveslot(p, f, bsize, i), bsize, dsize, 0);
	else
		b = handout(p, takeslot(p, f, bsize, i), bsize, dsize);
	notepeak(p);
	return datap(b);
}

/* allocquantum: allocfit with bsize rounded to the quantum qm+1, at least minb; smallslack as allocfit's */
HOT void*
allocquantum(Pool *p, ulong dsize, ulong qm, ulong minb, int smallslack)
{
	ulong bsize;

	if(dsize > SMALLMAX - HDRSIZE || (bsize = roundb(dsize, qm, minb)) > SMALLMAX)
		return allocbig(p, dsize, qm, minb);
	return allocfit(p, dsize, bsize, minb, smallslack);
}

/* allocany: allocquantum for any configuration but quantum 16 or 32 with no minblock (its slacks hashed), or a pool not configured yet */
static NOINLINE void*
allocany(Pool *p, ulong dsize)
{
	if(p->qmask == 0)	/* not configured yet */
		return poolallocl(p, dsize);
	return allocquantum(p, dsize, p->qmask, p->minbsize, 0);
}

/* allocq32: allocquantum for quantum 32 (Plan 9's kernel's) and no minblock, its constants folded in */
static NOINLINE void*
allocq32(Pool *p, ulong dsize)
{
	return allocquantum(p, dsize, 32 - 1, MINBLOCK, 1);
}

/*
 * allocfast: a block for dsize bytes in a pool with no flags.
 * Quantum 16 and no minblock, the usual, inline with its constants
 * folded in; quantum 32 the same out of line; any other configuration
 * through allocany.
 */
static NOINLINE void*
allocfast(Pool *p, ulong dsize)
{
	if(!p->plain)
		return p->qmask == 32 - 1 && p->minbsize == MINBLOCK ? allocq32(p, dsize) : allocany(p, dsize);
	return allocquantum(p, dsize, MINQUANTUM - 1, MINBLOCK, 1);
}

/*
 * allocfill: allocfast for a cache fill's block of fb bytes, already a
 * multiple of the quantum, from small list c as fillbytes found it:
 * if it is a small block, no size to round, no list to find again,
 * and no slack but a cut's leftover, under the smallest block (so
 * under 128 bytes for allocfit's smallslack, minblock permitting).
 */
static NOINLINE void*
allocfill(Pool *p, ulong fb, long c)
{
	if(fb > SMALLMAX || p->minbsize > 128)
		return allocfast(p, fb - HDRSIZE);
	return allocat(p, c, fb - HDRSIZE, fb, p->minbsize, 1);
}

/*
 * Freeing.
 */

/* poolfreel: free v (nil: nothing), whatever it is, in any pool, locked */
static NOINLINE void
poolfreel(Pool *p, void *v)
{
	Arena *a;
	Bhdr *b;

	ready(p);
	if(v == nil)
		return;
	b = ptr2block(p, v, &a, "free");
	freeflagged(p, b, a, v);
}

/* freeflagged: free the vetted block b in arena a, known to its caller as v */
static void
freeflagged(Pool *p, Bhdr *b, Arena *a, void *v)
{
	if(p->flags & POOL_NOREUSE){	/* never reused: filled, so a later write shows */
		memset(v, DEAD_FILL, datap(b) + getdsize(b) - (uchar*)v);	/* an aligned block keeps its prefix */
		setmagic(b, DEAD_MAGIC);
		return;
	}
	if(p->flags & POOL_ANTAGONISM)
		memmark(datap(b), b->size - HDRSIZE, MARK_FREE, v);
	freeblock(p, b, a);
}

/* blockat: the sound block (no prefix) of at most max bytes behind v, in the arena whose tail is at tail; nil if it is not that */
HOT Bhdr*
blockat(void *v, uintptr tail, ulong max)
{
	Bhdr *b;
	ulong slack, size;
	uintptr room;

	b = (Bhdr*)((uchar*)v - HDRSIZE);
	room = tail - (uintptr)b;
	if(room % 16 != 0)	/* blocks lie 0 mod 16 from the tail */
		return nil;
	if(magicof(b) != ALLOC_MAGIC)
		return nil;
	slack = slackof(b);
	size = b->size;
	if(size < MINBLOCK || size % 16 != 0 || size > room || size > max || slack > size - HDRSIZE)	/* sizeok's, on room: through a shared helper a free cost one more instruction */
		return nil;
	if(slack != 0 ? slackbad(b) != nil : !nextsound(nextb(b)))
		return nil;
	return b;
}

/* blockin: blockat in arena a (nil: none) */
HOT Bhdr*
blockin(void *v, Arena *a, ulong max)
{
	return a == nil ? nil : blockat(v, (uintptr)arenatail(a), max);
}

/* blockok: blockat for a block of the largest arena, that arena in *ap (nil if v is outside it), found through the pool's view of it */
HOT Bhdr*
blockok(Pool *p, void *v, Arena **ap, ulong max)
{
	if((uintptr)v - p->biglo >= p->bigspan){
		*ap = nil;
		return nil;
	}
	*ap = p->arenabig;
	return blockat(v, p->biglo + p->bigspan, max);
}

/*
 * blockbelow: blockin for a block of another arena than the largest,
 * that arena in *ap: the one the last such free found, if it holds v
 * (its size checked against its copy, as arenatop's), else searched
 * for.  Big frees come in runs into one arena.
 */
HOT Bhdr*
blockbelow(Pool *p, void *v, Arena **ap, ulong max)
{
	Arena *a;

	a = p->arenalast;
	if(a == nil || a->asize != ~a->nasize || !inarena(a, (uintptr)v, 1))
		p->arenalast = a = arenasearch(p, (uintptr)v, 1);
	*ap = a;
	return blockin(v, a, max);
}

/* freebelow: freeptr's way for a pointer outside the largest arena */
static NOINLINE void
freebelow(Pool *p, void *v)
{
	Arena *a;
	Bhdr *b;

	if((b = blockbelow(p, v, &a, MAXBLOCK)) == nil){
		poolfreel(p, v);
		return;
	}
	freeblock(p, b, a);
}

/*
 * freeptr: free v, in a pool with no flags: a sound plain block at
 * once, anything else (nil, an aligned block, or something wrong)
 * through poolfreel, which finds the block or says what is wrong.
 */
static NOINLINE void
freeptr(Pool *p, void *v)
{
	Arena *a;
	Bhdr *b;

	if((b = blockok(p, v, &a, MAXBLOCK)) == nil){
		if(a == nil)	/* not in the largest arena */
			freebelow(p, v);
		else
			poolfreel(p, v);
		return;
	}
	freeblock(p, b, a);
}

/*
 * Reallocation, and the size of a block.
 */

/* resize: b keeps its place and now holds dsize bytes (b->size must be enough) */
static void
resize(Pool *p, Bhdr *b, ulong dsize)
{
	uint m;

	m = magicof(b);
	p->curalloc -= b->size;
	trim(p, b, dsize2bsize(p, dsize), dsize);
	setslack(b, dsize, m);
	p->curalloc += b->size;
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
	Bhdr *b, *nb, *frag;
	Free *l, *r;
	Arena *a;
	ulong skip, odsize, keep, have, want, rest, edge;
	int tries;

	if(v == nil)
		return poolallocl(p, n);
	ready(p);
	if(n == 0){
		poolfreel(p, v);
		return nil;
	}
	if((b = blockok(p, v, &a, MAXBLOCK)) == nil)	/* a plain block of the largest arena, or the long way */
		b = ptr2block(p, v, &a, "realloc");
	if(toobig(p, n))
		return nil;
	skip = (uchar*)v - datap(b);
	odsize = getdsize(b) - skip;
	keep = odsize < n ? odsize : n;
	for(tries = 0; ; tries++){
		/* in place, growing to the right if need be */
		r = rightjoin(p, b);
		have = b->size + (r != nil ? r->h.size : 0);
		if(dsize2bsize(p, skip + n) <= have){
			if(dsize2bsize(p, skip + n) > b->size){
				p->curalloc += r->h.size;
				absorb(p, b, r);
			}
			resize(p, b, skip + n);
			break;
		}
		/* a free right neighbour too large to join whole: its front */
		if(r == nil && (r = rightneighbour(p, b)) != nil && (want = dsize2bsize(p, skip + n)) <= MAXBLOCK
		&& want - b->size <= r->h.size - MINBLOCK){
			rest = r->h.size - (want - b->size);
			delfree(p, r);
			r->h.tag = NOT_MAGIC;
			p->curalloc += want - b->size;
			b->size = want;
			frag = nextb(b);
			sethdr(frag, UNALLOC_MAGIC, 0, rest);
			release(p, frag, nil);
			resize(p, b, skip + n);
			break;
		}
		r = rightjoin(p, b);
		/* into the free left neighbour too: the data moves down, the prefix goes */
		l = leftjoin(p, b, a);
		if(l != nil && canjoin(have, l->h.size) && dsize2bsize(p, n) <= have + l->h.size){
			p->curalloc += have - b->size + l->h.size;
			if(r != nil)
				absorb(p, b, r);
			delfree(p, l);
			l->h.size += b->size;
			setmagic(&l->h, ALLOC_MAGIC);	/* l's slack is 0 until resize sets it */
			setmagic(b, NOT_MAGIC);
			b = &l->h;
			memmove(datap(b), v, keep);
			v = datap(b);
			resize(p, b, n);
			break;
		}
		/* elsewhere: never compacting, which would move b under us */
		if(bestfit(p, dsize2bsize(p, n)) != nil || tries > 0){
			nb = allocb(p, n);
			if(nb == nil)
				return nil;
			memmove(datap(nb), v, keep);
			freeflagged(p, b, a, v);	/* b was vetted on the way in and is untouched since */
			v = datap(nb);
			break;
		}
		/* nothing fits: a new arena, then look again (at the edge where the pool grows, it may merge beside b, which then needs only what it lacks) */
		want = dsize2bsize(p, n);
		edge = 0;
		if(tries == 0 && p->grows >= 0 && a == arenafirst(p) && nextb(r != nil ? &r->h : b) == arenatail(a))
			edge = have;
		else if(tries == 0 && p->grows <= 0 && a == p->arena[0] && (l != nil ? &l->h : b) == firstb(a))
			edge = have + (l != nil ? l->h.size : 0);
		if(edge != 0 && want > edge + ARENAOVER)
			want -= edge;
		if(newarena(p, want) < 0)
			return nil;
		a = arenaof(p, b, b->size);
	}
	notepeak(p);
	if((p->flags & POOL_ANTAGONISM) && n > keep)
		memmark((uchar*)v + keep, n - keep, MARK_ALLOC, v);
	return v;
}

static ulong
poolmsizel(Pool *p, void *v)
{
	Bhdr *b;
	Arena *a;
	ulong skip, tol;

	if(v == nil)
		return 0;
	b = ptr2block(p, v, &a, "msize");
	skip = (uchar*)v - datap(b);
	tol = (p->flags & POOL_TOLERANCE) != 0;	/* its slack byte for the NUL stays */
	setslack(b, b->size - HDRSIZE - tol, magicof(b));
	return b->size - HDRSIZE - tol - skip;
}

/*
 * reallocmove: reallocsmall's move of v's sound block b, in arena a,
 * to a block allocfast finds, if one fits; else the general path.
 * Apart, so that the paths in place need no stack frame.
 */
static NOINLINE void*
reallocmove(Pool *p, void *v, ulong n, Bhdr *b, Arena *a, ulong bsize)
{
	ulong keep;
	uintptr peak;
	void *nv;

	peak = p->peakalloc;	/* old and new are both live only inside this call */
	if((b->bits & LEFTFREE) || (p->slotsum == 0 && listfind(p, bsize) < 0))
		return poolreallocl(p, v, n);	/* nothing fits: growing the pool (it may join b's arena) or compacting it (which moves b) is the general path's */
	if((nv = allocfast(p, n)) == nil)
		return poolreallocl(p, v, n);
	keep = getdsize(b) < n ? getdsize(b) : n;
	memmove(nv, v, keep);
	freeblock(p, b, a);	/* sound when blockok saw it, and untouched since */
	p->peakalloc = peak;
	notepeak(p);
	return nv;
}

/*
 * reallocsmall: poolrealloc with no flags (under the lock if any): v's small
 * block resized to n bytes in place when it, with a free list block
 * after it, has room; else moved to a block allocfast finds; else (or
 * for any other block) the general path, poolreallocl.
 */
static void*
reallocsmall(Pool *p, void *v, ulong n)
{
	Arena *a;
	Bhdr *b, *r;
	ulong bsize, osize, size, rsize, extra;

	if(n == 0 || n > SMALLMAX - HDRSIZE || p->qmask == 0 || (b = blockok(p, v, &a, SMALLMAX)) == nil)
		return poolreallocl(p, v, n);
	bsize = dsize2bsize(p, n);	/* no flags: no NUL byte for TOLERANCE */
	if(bsize > SMALLMAX)
		return poolreallocl(p, v, n);
	osize = b->size;
	r = nextb(b);
	rsize = 0;
	if(r->tag == FREE_MAGIC){	/* usable only as a list block that stays one */
		rsize = r->size;
		if(!freehdrok(p, r) || rsize > SMALLMAX - osize || nextb(r)->tag == FREE_MAGIC)
			return poolreallocl(p, v, n);
	}
	if(bsize > osize + rsize)	/* elsewhere, unless the general path would grow it to the left */
		return reallocmove(p, v, n, b, a, bsize);
	if(bsize <= osize && osize - bsize < MINBLOCK){	/* the block as it is */
		setslack(b, n, ALLOC_MAGIC);
		return v;
	}
	size = osize;
	if(rsize != 0){	/* r joins b, and gives back what b does not need */
		if(!listcut(p, (Free*)r, classof(rsize)))
			return listcutbad(p, (Free*)r, classof(rsize));	/* a tail call: no frame */
		r->tag = NOT_MAGIC;
		p->curfree -= rsize;
		size += rsize;
	}
	extra = size - bsize;
	if(extra >= p->minbsize){	/* else it stays as slack, as trim leaves it */
		b->size = bsize;
		leftset((Bhdr*)((uchar*)b + size));
		if(!cutlist(p, b, bsize, extra))
			return listputbad(p, classof(extra));
		p->curfree += extra;
	}else{
		b->size = size;
		leftclear(nextb(b));
	}
	p->curalloc += b->size - osize;
	notepeak(p);
	setslack(b, n, ALLOC_MAGIC);
	return v;
}

/*
 * Aligned placement.
 */

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
 * meaning off modulo align (align > 0) with n bytes inside one span
 * (0 < n <= span).  Modulo span the good addresses are the residues
 * off mod g (g = gcd(align, span)) up to span - n, so there are none
 * if off mod g > span - n, and every address off mod align is good if
 * the largest such residue is.  Else good addresses repeat every
 * lcm(align, span): one period is scanned exactly, by span windows
 * (align/g of them) or by align steps (span/g), whichever is fewer.
 * 0 if there are none; ~0 if both scans are over MAXSCAN, or the gap
 * is larger than any block.
 */
enum {
	MAXSCAN = 1<<20,
};

static ulong
gapwindows(ulong n, ulong align, ulong off, ulong nw, ulong span)
{
	u64int w, b, c, r, period, first, last, prevlast, gap;	/* 64 bits: the period can pass 2^32 with 32-bit longs */
	int any;

	period = (u64int)nw * span;
	gap = first = prevlast = 0;
	any = 0;
	for(w = 0; w < nw; w++){	/* in window w, the good addresses from c to last, align apart */
		b = w * span;
		r = b % align;
		c = b + (off >= r ? off - r : align - r + off);
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
	if(first + period - prevlast > gap)
		gap = first + period - prevlast;
	return gap > ~0UL ? ~0UL : (ulong)gap;
}

static ulong
gapsteps(ulong n, ulong align, ulong off, ulong ns, ulong span)
{
	ulong k, r, step, first, last, most;
	int any;

	step = align % span;
	r = off % span;
	first = last = most = 0;
	any = 0;
	for(k = 0; k < ns; k++){	/* address off + k*align lies at r in its window */
		if(r <= span - n){
			if(!any)
				first = k;
			else if(k - last > most)
				most = k - last;
			last = k;
			any = 1;
		}
		r += step;
		if(r >= span)
			r -= span;
	}
	if(first + ns - last > most)
		most = first + ns - last;
	if(most > ~0UL / align)
		return ~0UL;	/* larger than any block */
	return most * align;
}

static ulong
worstgap(ulong n, ulong align, ulong off, ulong span)
{
	ulong g, r0, nw, ns;

	g = gcd(align, span);
	r0 = off % g;
	if(r0 > span - n)
		return 0;
	if(n <= g - r0)	/* never crosses */
		return align;
	nw = align / g;
	ns = span / g;
	if(nw <= ns && nw <= MAXSCAN)
		return gapwindows(n, align, off, nw, span);
	if(ns <= MAXSCAN)
		return gapsteps(n, align, off, ns, span);
	return ~0UL;
}

/*
 * poolallocalignl: n bytes at an address that is offset modulo align,
 * not crossing a multiple of span.  We allocate enough that a good
 * address at least MINSKIP into the data lies inside wherever the
 * block lands, take the first one, give back what lies before it when
 * that is worth a block, and write the prefix (prefixset) before it.
 */
static void*
poolallocalignl(Pool *p, ulong n, ulong align, long offset, ulong span)
{
	ulong off, need, gap, front, q, skip;
	uintptr c, lim, peak;
	Bhdr *b, *nb;
	Arena *a;
	void *v;

	if(n == 0)
		span = 0;	/* nothing to cross */
	off = align ? offsetmod(offset, align) : 0;
	if(align == 0 && span == 0)
		return poolallocl(p, n);
	gap = align;
	if(span != 0){
		if(n > span){
			poolerr(p, "pool %s: %lu bytes cannot fit in span %lu", p->name, n, span);
			return nil;
		}
		gap = worstgap(n, align ? align : 1, off, span);
		if(gap == 0){
			poolerr(p, "pool %s: cannot place %lu bytes at %lu mod %lu within span %lu", p->name,
				n, off, align, span);
			return nil;
		}
	}
	if(gap > MAXDATA || n > MAXDATA - gap - MINSKIP){
		poolerr(p, "pool %s: cannot place %lu bytes at %lu mod %lu within span %lu: no block is that large",
			p->name, n, off, align, span);
		return nil;
	}
	need = n + gap + MINSKIP;
	peak = p->peakalloc;	/* the block is this large only inside this call */
	if((v = poolallocl(p, need)) == nil)
		return nil;
	p->peakalloc = peak;
	b = (Bhdr*)((uchar*)v - HDRSIZE);
	lim = (uintptr)datap(b) + need;
	c = alignup((uintptr)datap(b) + MINSKIP, align, off);
	while(crosses(c, n, span) && c + n <= lim)
		c = alignup(((uintptr)c / span + 1) * span, align, off);
	if(c + n > lim)
		poolpanic(p, b, nil, "allocalign: no place for %lu bytes in %lu", n, need);

	/* give back the space before c, in whole quanta, if it is worth a block */
	q = p->qmask + 1;
	skip = c - (uintptr)datap(b);
	front = (skip - MINSKIP) & ~(q - 1);
	if(front >= MINBLOCK && front >= p->minblock && (front >= MAXWORTHFRONT || front >= b->size/4)
	&& b->size - front >= dsize2bsize(p, skip - front + n)){
		a = arenaof(p, b, b->size);
		nb = (Bhdr*)((uchar*)b + front);
		nb->bits = 0;
		nb->tag = ALLOC_MAGIC;
		nb->size = b->size - front;
		p->curalloc -= front;
		b->bits &= LEFTFREE;
		b->tag = UNALLOC_MAGIC;
		b->size = front;
		release(p, b, a);
		b = nb;
		skip -= front;
	}
	prefixset(b, skip);
	p->curalloc -= b->size;
	trim(p, b, dsize2bsize(p, skip + n), skip + n);
	setslack(b, skip + n, ALIGNED_MAGIC);	/* not allocset: with n under 8, the slack's first word holds prefix bytes */
	p->curalloc += b->size;
	notepeak(p);
	if(p->flags & POOL_ANTAGONISM)
		memmark((void*)c, n, MARK_ALLOC, (void*)c);
	return (void*)c;
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
	ulong fsize, nsize, lf;
	int moved;

	moved = 0;
	for(b = firstb(a); b != arenatail(a); ){
		blockcheck(p, b, a);
		nb = nextb(b);
		if(b->tag != FREE_MAGIC || magicat(nb) != ALLOC_MAGIC){
			b = nb;
			continue;
		}
		blockcheck(p, nb, a);
		fsize = b->size;
		nsize = nb->size;
		lf = b->bits & LEFTFREE;
		delfree(p, (Free*)b);
		memmove(b, nb, nsize);	/* the slack pattern repeats every 8 bytes: it moves intact */
		b->bits = (b->bits & ~LEFTFREE) | lf;
		f = nextb(b);
		f->tag = UNALLOC_MAGIC;
		f->bits = 0;
		f->size = fsize;
		release(p, f, a);
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
	for(a = arenafirst(p); a != nil; a = arenadown(p, a))
		moved |= arenacompact(p, a);
	return moved;
}

/*
 * The public calls: lock, check or dump as the flags ask, do the
 * work, log, unlock.
 */

HOT void
plock(Pool *p)
{
	if(p->lock != nil)
		p->lock(p);
}

HOT void
punlock(Pool *p)
{
	if(p->unlock != nil)
		p->unlock(p);
}

/*
 * Per-CPU caches (Pool.cache).  A block freed while the pool has caches
 * and no flags is vetted as the fast free path vets it, so an overflow
 * is caught then, before the block is cached; it becomes CACHE_MAGIC
 * (slack 0, its LEFTFREE bit kept) and goes on its CPU's list for its
 * size, its first data word linking to the block cached before it.  To
 * the pool a cached block is allocated: nothing merges with it, and it
 * counts in curalloc.  An allocation takes the last cached block of
 * the size it needs, vets it (in the pool, its header), and makes it
 * an allocated block for the new request; so a link is vetted before
 * anything is written through it.  Only the CPU that holds a
 * cache touches it, with interrupts off: no lock.  The lock's holder
 * may meanwhile set or clear a cached block's LEFTFREE bit, so the
 * flips between cached and allocated change the header's first word
 * atomically: a compare-and-swap when a block is cached (so of two
 * CPUs freeing one block at once, one sees the double free), an xor
 * with the difference when it is taken (the rest is known).
 *
 * A miss on an empty list takes the lock and fills it: one block of
 * up to CACHEFILL bytes from free space, its last bsize bytes the
 * caller's, the rest left whole on the list (a cached block holding
 * several, cutword).  A miss that finds such a block at the head cuts
 * up to CUTN blocks from its end, without the lock; so a fill's cost
 * does not grow with the blocks it holds.  A free to a full cache,
 * like one of a block above cachemax, is the pool's, under the lock:
 * one block a call (a batch of 64 under one lock cost a call 14,665
 * instructions; python with a 4 MiB cache freed 5,243 such batches).
 * A cache is emptied
 * back into the pool, under the lock, by its own CPU: when memory runs
 * short or the pool, within a third of maxsize, is about to grow
 * (shortflush), on poolcompact, and when another CPU asked (flush).
 */
_Static_assert(offsetof(Poolcache, head) % sizeof(void*) == 0 && offsetof(Poolcache, head) / sizeof(void*) >= MINBLOCK/16, "cachelist's arithmetic");

enum {
	CACHEFILL	= 1536,	/* bytes a miss takes from the pool at once */
	CUTN		= 16,	/* blocks a miss cuts at once from a fill's block */
};

#define CACHEDWORD	((u32int)CACHE_MAGIC)	/* a cached block's tag and bits, LEFTFREE aside */
#define HWMASK	(~((u32int)LEFTFREE << 16))

/* hflip: b's tag and bits from what they are (from, LEFTFREE aside, known) to to, keeping LEFTFREE */
HOT void
hflip(Bhdr *b, u32int from, u32int to)
{
#if ATOMICS
	__atomic_fetch_xor((Hword*)b, from ^ to, __ATOMIC_RELEASE);
#else
	(void)b; (void)from; (void)to;
#endif
}

/* sizepublish: b's size, a block this CPU holds, set to size after what it now leads to is written */
HOT void
sizepublish(Bhdr *b, ulong size)
{
#if ATOMICS
	__atomic_store_n(&b->size, (u32int)size, __ATOMIC_RELEASE);
#else
	b->size = size;
#endif
}

/*
 * hclaim: b's tag and bits from old, as this CPU read them, to to,
 * keeping LEFTFREE (which the lock's holder may change meanwhile), if
 * no other CPU changed anything else first; 0 if one did.
 */
HOT int
hclaim(Bhdr *b, u32int old, u32int to)
{
#if ATOMICS
	u32int from;

	from = old & HWMASK;
	while(__builtin_expect(!__atomic_compare_exchange_n((Hword*)b, &old, to | (old & ~HWMASK), 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED), 0))
		if((old & HWMASK) != from)
			return 0;
	return 1;
#else
	(void)b; (void)old; (void)to;
	return 0;
#endif
}

/*
 * A block on a cache list is of the list's size, or a fill's block
 * holding several (maybe 16 bytes over), which keeps ~size in its
 * second data word (cutword), so that a size damaged with the header
 * shows before anything is cut past the block's end.
 */
HOT u64int*	cutword(Bhdr *b)	{ return (u64int*)datap(b) + 1; }

/* listblock: is b, of size bytes (as read once), a block that can be on the cache list of bsize-byte blocks? */
HOT int
listblock(Bhdr *b, ulong size, ulong bsize)
{
	return size == bsize || (size > bsize && size <= CACHEFILL + 16 && size % 16 == 0 && *cutword(b) == ~(u64int)size);
}

/* cachebad: c's list k starts with something that is not a cached block that list can hold (listblock); p locked */
static void COLD NORETURN
cachebad(Pool *p, Poolcache *c, ulong k)
{
	Bhdr *b;

	b = c->head[k];
	if(!blockplace(p, b) || arenaof(p, b, 16) == nil)
		poolpanic(p, nil, nil, "corrupt per-CPU cache: %p, in the list of %lu-byte blocks, is not in the pool"
			" (a write after free?)", b, classsize(k));
	poolpanic(p, b, arenaof(p, b, 16), "corrupt per-CPU cache: block %p, in the list of %lu-byte blocks, is not one"
		" (a write after free?)", b, classsize(k));
}

/*
 * cacheverify: the first block of c's list k failed the unlocked look:
 * look again under the lock, which sees the pool as its holders left
 * it (another CPU may have grown it since this one last looked); a
 * panic if it is still wrong.
 */
static NOINLINE void
cacheverify(Pool *p, Poolcache *c, ulong k)
{
	Bhdr *b;

	plock(p);
	b = c->head[k];
	if(!blockplace(p, b) || arenaof(p, b, MINBLOCK) == nil
	|| b->tag != CACHE_MAGIC || !listblock(b, b->size, classsize(k)))
		cachebad(p, c, k);
	punlock(p);
}

/*
 * A cache's views of arenas: the largest (biglo, bigspan), the one
 * its last free outside that found (farlo, farspan) and the one
 * before (prevlo, prevspan), each from the arena's first block to its
 * tail, so that a free to the cache finds its arena in two words of
 * its own, not in the arena's header.  Two far views, because a
 * kernel's heap often has two arenas apart from the largest (one
 * below the kernel's image, one past what else took memory), and
 * frees that alternate between them would look each up again.  An
 * arena never shrinks or goes while the caches live (poolreset clears
 * them), and one merged with another keeps its blocks and its tail
 * where they were, so a view stays true, if smaller than the arena
 * now; a free outside all three looks again (cachelook).
 */
HOT int	inview(uintptr lo, uintptr span, void *v)	{ return (uintptr)v - lo < span; }

/* viewof: *lo and *span for arena a, its size read once and checked against its copy; 0 if they disagree (a merge under way) */
static int
viewof(Arena *a, uintptr *lo, uintptr *span)
{
	uintptr asize;

	asize = __atomic_load_n(&a->asize, __ATOMIC_RELAXED);
	if(asize != ~__atomic_load_n(&a->nasize, __ATOMIC_RELAXED) || asize < ARENAOVER)
		return 0;
	*lo = (uintptr)firstb(a);
	*span = asize - ARENAOVER;
	return 1;
}

/*
 * cachelook: the tail of the arena holding v, for a free to cache c
 * (or a realloc through it) outside its largest and far views: the
 * view before the far one, which changes places with it, if that
 * holds v; the largest arena's view brought up to date if that does;
 * else the arena found becomes c's far view (the far view the one
 * before), by a search of the index without the lock (arenapeek),
 * else under it, with the index's generation then (so a free can
 * tell the arena is still as it was); 0 if v is in no arena.
 */
static NOINLINE uintptr
cachelook(Pool *p, Poolcache *c, void *v)
{
	Arena *a;
	uintptr lo, span;
	ulong g;

	lo = c->prevlo;
	span = c->prevspan;
	g = c->prevgen;
	if(inview(lo, span, v))
		goto swap;
	if((a = p->arenabig) != nil && viewof(a, &c->biglo, &c->bigspan) && inview(c->biglo, c->bigspan, v))
		return c->biglo + c->bigspan;	/* the largest arena's view, up to date */
	if((a = arenapeek(p, (uintptr)v, &g)) == nil || !viewof(a, &lo, &span) || !inview(lo, span, v)){
		plock(p);
		a = arenaof(p, v, 1);
		if(a == nil || !viewof(a, &lo, &span) || !inview(lo, span, v)){
			punlock(p);
			return 0;
		}
		g = p->arenagen;
		punlock(p);
	}
swap:
	c->prevlo = c->farlo;
	c->prevspan = c->farspan;
	c->prevgen = c->fargen;
	c->farlo = lo;
	c->farspan = span;
	c->fargen = g;
	return lo + span;
}

/* cachelist: c's list of bsize-byte blocks (a size the caches keep, a multiple of 16): head[classof(bsize)], the constant part an offset of the load */
HOT void**
cachelist(Poolcache *c, ulong bsize)
{
	return (void**)((uchar*)c + bsize / (16 / sizeof(void*))) + (offsetof(Poolcache, head) / sizeof(void*) - MINBLOCK/16);
}

/* cachepush: b, cached, of size bytes, onto its list in c */
HOT void
cachepush(Poolcache *c, Bhdr *b, ulong size)
{
	void **l;

	l = cachelist(c, size);
	*(void**)datap(b) = *l;
	*l = b;
	c->bytes += size;
}

/* cacheempty: give every block of cache c, this CPU's, back to the pool; p locked */
static NOINLINE void
cacheempty(Pool *p, Poolcache *c)
{
	Bhdr *b;
	ulong k;

	c->flush = 0;
	for(k = 0; k < POOL_NCACHE; k++){
		while((b = c->head[k]) != nil){
			if(!blockplace(p, b) || (hword(b) & HWMASK) != CACHEDWORD || !listblock(b, b->size, classsize(k)))
				cachebad(p, c, k);
			hflip(b, CACHEDWORD, ALLOC_MAGIC);	/* slack 0: its tag is the magic */
			c->head[k] = *(void**)datap(b);
			c->bytes -= b->size;
			poolfreel(p, datap(b));
		}
	}
}

/* cacheflush: empty this CPU's cache c, and have every other CPU empty its own at its next call; p locked; 1 if c held any */
static int
cacheflush(Pool *p, Poolcache *c)
{
	int i, any;

	any = c->bytes != 0;
	cacheempty(p, c);
	for(i = 0; i < p->ncache; i++)
		if(&p->cache[i] != c)
			__atomic_store_n(&p->cache[i].flush, 1, __ATOMIC_RELAXED);
	return any;
}

/* cpucache: the cache of the CPU cpuoff's x names */
static Poolcache*
cpucache(Pool *p, int x)
{
	if((uint)(x >> 1) >= (uint)p->ncache)
		poolpanic(p, nil, nil, "per-CPU caches: cpuoff says CPU %d, of %d caches", x >> 1, p->ncache);
	return &p->cache[x >> 1];
}

/* cacheflushhere: cacheflush of this CPU's cache, found by cpuoff; p locked */
static void
cacheflushhere(Pool *p)
{
	int x;

	if(p->cache == nil)
		return;
	x = p->cpuoff(p);
	cacheflush(p, cpucache(p, x));
	p->cpuon(p, x);
}

/*
 * fillbytes: the bytes of a fill of bsize-byte blocks for cache c: as
 * many as CACHEFILL holds and c has room for, and no more than the
 * free block one allocation would take holds (the best fit: a fill
 * goes where the pool's own allocation would, not into a larger
 * block for the batch's sake); 0 for just the block asked for (bsize
 * over half CACHEFILL, c full, a best fit of one block, or no free
 * block to cut the fill from: a fill never grows the pool).
 */
HOT ulong
fillbytes(Pool *p, Poolcache *c, ulong bsize, long *kp)
{
	ulong n;
	long k;

	if(bsize > CACHEFILL/2)
		return 0;
	n = CACHEFILL / bsize;
	if(c->bytes + (n - 1)*bsize > p->cachebytes)
		n = c->bytes < p->cachebytes ? (p->cachebytes - c->bytes) / bsize + 1 : 1;
	*kp = k = listfind(p, bsize);	/* the best fit for one block: no list between holds any, so it is the fill's too */
	if(k >= 0){
		if(classsize(k) < n*bsize)
			n = classsize(k) / bsize;
	}else if(p->slotsum == 0)
		return 0;
	return n < 2 ? 0 : n*bsize;
}

/* cacheone: cachefill's block for dsize bytes alone, the general way (growing the pool, and giving back c's blocks if memory is short); unlocks p */
static NOINLINE void*
cacheone(Pool *p, Poolcache *c, ulong dsize)
{
	void *v;

	if((v = allocfast(p, dsize)) == nil && cacheflush(p, c))
		v = allocfast(p, dsize);	/* this CPU's cache gave its blocks back: once more */
	punlock(p);
	return v;
}

/*
 * cachefill: a miss on c's empty list l of bsize-byte blocks: under the
 * lock, one block of as many as CACHEFILL bytes and the cache's room
 * allow, put on l whole to be cut as misses come (cachecut), its last
 * bsize bytes the caller's now; or, if the fast path cannot give that,
 * a block for dsize the general way (growing the pool, and emptying c
 * if memory is short).
 */
static NOINLINE void*
cachefill(Pool *p, Poolcache *c, void **l, ulong dsize, ulong bsize)
{
	Bhdr *b, *nb;
	ulong fb, size;
	long k;
	u64int h;
	void *v;

	plock(p);
	if(c->flush)
		cacheempty(p, c);
	if((fb = fillbytes(p, c, bsize, &k)) == 0 || (v = allocfill(p, fb, k)) == nil)
		return cacheone(p, c, dsize);
	b = (Bhdr*)((uchar*)v - HDRSIZE);	/* allocated whole to us: fb bytes and maybe 16 more, their slack */
	h = wordat(b);
	size = (h >> 32) - bsize;
	wordset(b, (u64int)size << 32 | (h & (u64int)LEFTFREE << 16) | CACHE_MAGIC);
	*(void**)datap(b) = *l;
	*cutword(b) = ~(u64int)size;
	*l = b;
	c->bytes += size;
	nb = (Bhdr*)((uchar*)b + size);
	allocset(nb, bsize, dsize, 0, ALLOC_MAGIC, 0);	/* b, on its left, is allocated to the pool */
	punlock(p);
	return datap(nb);
}

/* cachedok: is b, the head of a cache list of bsize-byte blocks, a cached block of that size in the pool?  (Unlocked: lo and hi may be stale.) */
HOT int
cachedok(Pool *p, Bhdr *b, ulong bsize)
{
	return blockplace(p, b)
		&& (wordat(b) & ~((u64int)LEFTFREE << 16)) == ((u64int)bsize << 32 | CACHEDWORD);
}

/* cachepop: the vetted head b of c's list k, allocated for dsize bytes */
HOT void*
cachepop(Poolcache *c, Bhdr *b, void **l, ulong bsize, ulong dsize)
{
	ulong slack;
	u64int *w;

	*l = *(Bhdr**)datap(b);
	c->bytes -= bsize;
	slack = bsize - HDRSIZE - dsize;
	if(slack == 0){	/* no slack: a constant flip */
		hflip(b, CACHEDWORD, ALLOC_MAGIC);
		return datap(b);
	}
	w = (u64int*)(((uintptr)b + HDRSIZE + dsize) & ~(uintptr)7);	/* the slack's pattern first: a check that sees the new header sees it */
	w[0] = SLACKPAT;
	if((uintptr)(w + 2) <= (uintptr)b + bsize)
		w[1] = SLACKPAT;
	hflip(b, CACHEDWORD, ALLOC_MAGIC ^ ((slack ^ slack >> 7) & 0xFF) ^ (u32int)slack << 16);	/* slackhash (slack < SLACKMASK); xor, so the constants fold */
	return datap(b);
}

/*
 * cachecut: a block for dsize bytes cut from the end of b, a block of
 * size bytes on c's list l (its head) holding several of bsize, and up
 * to CUTN-1 more cut below it for l, so that the next misses are hits;
 * b keeps the rest, at least one block.  No lock: the new blocks'
 * headers and the slack are written before b's size says they are
 * there (a release), so the lock's holder, walking the arena
 * meanwhile, sees b whole or the pieces.
 */
HOT void*
cachecut(Poolcache *c, void **l, Bhdr *b, ulong size, ulong bsize, ulong dsize)
{
	Bhdr *nb, *mine;
	u64int hdr;
	void *head;
	ulong k;

	size -= bsize;
	mine = (Bhdr*)((uchar*)b + size);
	hdr = (u64int)bsize << 32 | CACHE_MAGIC;	/* LEFTFREE clear: each follows a block allocated to the pool */
	head = b;
	for(k = 1; k < CUTN && size >= 2*bsize; k++){	/* down from mine, each linked to the one above: handed out up */
		size -= bsize;
		nb = (Bhdr*)((uchar*)b + size);
		wordset(nb, hdr);
		*(void**)datap(nb) = head;
		head = nb;
	}
	*cutword(b) = ~(u64int)size;
	allocset(mine, bsize, dsize, 0, ALLOC_MAGIC, 0);
	sizepublish(b, size);
	*l = head;
	c->bytes -= bsize;
	return datap(mine);
}

/*
 * cachemiss: cachetake's way when the head of c's list l of bsize-byte
 * blocks failed the unlocked look: a block outside the pool as this
 * CPU last saw it (looked at again under the lock), or a fill's block
 * holding several, cut.
 */
static NOINLINE void*
cachemiss(Pool *p, Poolcache *c, void **l, ulong dsize, ulong bsize)
{
	Bhdr *b;
	u64int h;
	ulong size;

	b = *l;
	if(!blockplace(p, b))
		cacheverify(p, c, classof(bsize));	/* a panic unless the pool grew since this CPU looked */
	h = wordat(b) & ~((u64int)LEFTFREE << 16);
	size = h >> 32;
	if((u32int)h != CACHEDWORD || !listblock(b, size, bsize)){
		plock(p);
		cachebad(p, c, classof(bsize));
	}
	if(size < 2*bsize)	/* one block, maybe 16 bytes over */
		return cachepop(c, b, l, size, dsize);
	return cachecut(c, l, b, size, bsize, dsize);
}

/*
 * cachetake: a block for dsize bytes (a size c keeps) from cache c, or
 * a fill of it; nil if none is to be had.  The block taken is vetted
 * (in the pool, a cached block of the size); its link is vetted when
 * it in turn is taken.  No stack frame: anything else is a tail call.
 */
HOT void*
cachetake(Pool *p, Poolcache *c, ulong dsize)
{
	Bhdr *b;
	ulong bsize;
	void **l;

	bsize = roundb(dsize, p->qmask, p->minbsize);
	l = cachelist(c, bsize);
	b = *l;
	if(b == nil)	/* a flush asked for waits for the next fill or free */
		return cachefill(p, c, l, dsize, bsize);
	if(!cachedok(p, b, bsize))
		return cachemiss(p, c, l, dsize, bsize);
	return cachepop(c, b, l, bsize, dsize);
}

/* cachedrain: empty cache c, this CPU's, as another CPU asked */
static NOINLINE void
cachedrain(Pool *p, Poolcache *c)
{
	plock(p);
	cacheempty(p, c);
	punlock(p);
}

/*
 * cacheable: v's block, if it is a sound plain block of at most max
 * bytes in the arena whose tail is at tail, as blockin vets it, with
 * its tag and bits as read in *hp and its size in *sizep, so that
 * caching it can check that nothing but LEFTFREE changed since
 * (another CPU freeing it at once) and reads nothing of it again; nil
 * if not.  The header is read once, as one word.
 */
HOT Bhdr*
cacheable(void *v, uintptr tail, ulong max, u32int *hp, ulong *sizep)
{
	Bhdr *b;
	u64int h;
	uintptr room;
	ulong slack, size;

	b = (Bhdr*)((uchar*)v - HDRSIZE);
	room = tail - (uintptr)b;	/* blocks lie 0 mod 16 from the tail */
	if(room % 16 != 0)
		return nil;
	h = hdrword(b);	/* one load; shifts, not mask constants, take it apart */
	size = h >> 32;
	slack = h << 33 >> 49;	/* h >> 16 & SLACKMASK */
	if((h ^ ALLOC_MAGIC ^ ((slack ^ slack >> 8) & 0xFF)) << 48 != 0 || size - MINBLOCK > max - MINBLOCK || size % 16 != 0
	|| size > room || slack > size - HDRSIZE)
		return nil;
	if(slack != 0){
		if(slackbadat(b, size, slack) != nil)
			return nil;
	}else if(!nextis(magicat(nextb(b))))
		return nil;
	*hp = (u32int)h;
	*sizep = size;
	return b;
}

/* cacheover: b, vetted and claimed for a cache that turned out full, back to the pool at once (one block a call, so no call frees more) */
static NOINLINE void
cacheover(Pool *p, Bhdr *b)
{
	Arena *a;

	plock(p);
	if((a = arenatop(p, b, b->size)) == nil && (a = arenaof(p, b, b->size)) == nil)
		poolpanic(p, b, nil, "corrupt arena: cached block %p in none", b);
	hflip(b, CACHEDWORD, ALLOC_MAGIC);	/* slack 0: its tag is the magic */
	freeflagged(p, b, a, datap(b));
	punlock(p);
}

HOT int	inbig(Poolcache *c, void *v)	{ return inview(c->biglo, c->bigspan, v); }
HOT uintptr	bigtail(Poolcache *c)	{ return c->biglo + c->bigspan; }
HOT int	infar(Poolcache *c, void *v)	{ return inview(c->farlo, c->farspan, v); }
HOT uintptr	fartail(Poolcache *c)	{ return c->farlo + c->farspan; }

/*
 * cachefreepool: v, in one of c's views, to the pool (a block too big
 * to cache, or not sound: then its free says what).  In the far view
 * with the arena index as it was when the view was taken, its arena
 * is the view's, so the lock's holder need not search the index;
 * after a change, one search says whether it still is.
 */
static NOINLINE void
cachefreepool(Pool *p, Poolcache *c, void *v)
{
	Arena *a;
	Bhdr *b;

	if(inbig(c, v) || !infar(c, v)){	/* the largest arena: freeptr finds it at once */
		poolfree1(p, v);
		return;
	}
	plock(p);
	a = (Arena*)(c->farlo - ARENAHDR);
	if(p->arenagen != c->fargen){	/* the index changed: is the view's arena still one? */
		if(arenaof(p, v, 1) != a){
			freeptr(p, v);
			punlock(p);
			return;
		}
		c->fargen = p->arenagen;
	}
	if((b = blockin(v, a, MAXBLOCK)) != nil)
		freeblock(p, b, a);
	else
		freeptr(p, v);	/* which says what v is */
	punlock(p);
}

/* cacheputin: v, in the arena whose tail is at tail, into cache c if it is a sound block of a size kept and its list has room; else the pool's way */
HOT void
cacheputin(Pool *p, Poolcache *c, void *v, uintptr tail, int far)
{
	Bhdr *b;
	u32int h;
	ulong size;

	if((b = cacheable(v, tail, p->cachemax, &h, &size)) == nil || !hclaim(b, h, CACHEDWORD)){
		if(far)	/* not a sound block of a size kept, or freed at once on another CPU: the pool's path says what */
			cachefreepool(p, c, v);
		else
			poolfree1(p, v);
		return;
	}
	if(c->bytes + size > p->cachebytes){
		cacheover(p, b);	/* the cache full */
		return;
	}
	cachepush(c, b, size);
}

/* cachefreeslow: poolcachefree's way for a pointer outside c's largest and far views, a flush asked for, or flags */
static NOINLINE void
cachefreeslow(Pool *p, Poolcache *c, void *v)
{
	uintptr tail;
	Bhdr *b;

	if(p->flags != 0){
		poolfree1(p, v);
		return;
	}
	if(c->flush)
		cachedrain(p, c);
	b = (Bhdr*)((uintptr)v - HDRSIZE);	/* v may be nil */
	if(blockplace(p, b) && hdrword(b) >> 32 > p->cachemax){	/* too big to cache, if its header is right: the pool's way, which finds its arena and vets it */
		plock(p);
		freeptr(p, v);
		punlock(p);
		return;
	}
	if((tail = cachelook(p, c, v)) == 0){
		poolfree1(p, v);	/* which says what v is */
		return;
	}
	cacheputin(p, c, v, tail, tail != bigtail(c));
}

/* cachecheck: this CPU's cache, every list: each block cached, of its list's size or a fill's holding several (listblock), in the pool; the bytes counted; p locked */
static void
cachecheck(Pool *p)
{
	Poolcache *c;
	Bhdr *b;
	ulong k;
	uintptr bytes;
	int x;

	if(p->cache == nil)
		return;
	x = p->cpuoff(p);
	c = cpucache(p, x);
	bytes = 0;
	for(k = 0; k < POOL_NCACHE; k++){
		for(b = c->head[k]; b != nil; b = *(Bhdr**)datap(b)){
			if(!blockplace(p, b) || arenaof(p, b, classsize(k)) == nil)
				poolpanic(p, nil, nil, "corrupt per-CPU cache: %p, in the list of %lu-byte blocks, is not in the pool",
					b, classsize(k));
			if(magicat(b) != CACHE_MAGIC || !listblock(b, b->size, classsize(k)) || slackof(b) != 0)
				poolpanic(p, b, arenaof(p, b, 16), "corrupt per-CPU cache: block %p, in the list of %lu-byte blocks, "
					"is not one (a write after free?)", b, classsize(k));
			if((bytes += b->size) > c->bytes)	/* so a loop ends */
				poolpanic(p, b, nil, "corrupt per-CPU cache %d: its lists hold more than the %lu bytes counted (a loop?)",
					x >> 1, (ulong)c->bytes);
		}
	}
	if(bytes != c->bytes)
		poolpanic(p, nil, nil, "corrupt per-CPU cache %d: %lu bytes, counted %lu", x >> 1, (ulong)bytes, (ulong)c->bytes);
	p->cpuon(p, x);
}

static void COLD
checkdump(Pool *p)
{
	if(p->flags & POOL_PARANOIA)
		poolcheckl(p);
	if(p->flags & POOL_VERBOSITY)
		pooldumpl(p);
}

static void
enter(Pool *p)
{
	plock(p);
	ready(p);
	if(p->flags & (POOL_PARANOIA|POOL_VERBOSITY))
		checkdump(p);
}

static void
leave(Pool *p)
{
	if(p->flags & (POOL_PARANOIA|POOL_VERBOSITY|POOL_LOGGING)){
		checkdump(p);
		if((p->flags & POOL_LOGGING) && p->logstack != nil)
			p->logstack(p);
	}
	punlock(p);
}

/* logcall: POOL_LOGGING's line for a call */
static void
logcall(Pool *p, char *fmt, ...)
{
	va_list ap;

	if(!(p->flags & POOL_LOGGING))
		return;
	va_start(ap, fmt);
	vpprint(p, fmt, ap);
	va_end(ap);
}

static void* COLD
poolallocslow(Pool *p, ulong n)
{
	void *v;

	enter(p);
	v = poolallocl(p, n);
	logcall(p, "poolalloc %p %lu = %p\n", p, n, v);
	leave(p);
	return v;
}

/* poolalloclocked, poolfreelocked: a locked pool with no flags set: allocfast and freeptr under the lock */
static NOINLINE void*
poolalloclocked(Pool *p, ulong n)
{
	void *v;

	p->lock(p);
	v = allocfast(p, n);
	p->unlock(p);
	return v;
}

static NOINLINE void
poolfreelocked(Pool *p, void *v)
{
	p->lock(p);
	freeptr(p, v);
	p->unlock(p);
}

/* poolalloc1, poolfree1: poolalloc and poolfree with no cache, for the caches' misses (out of line: the public calls keep their own) */
static NOINLINE void*
poolalloc1(Pool *p, ulong n)
{
	if(p->flags != 0)
		return poolallocslow(p, n);
	if(p->lock != nil)
		return poolalloclocked(p, n);
	return allocfast(p, n);
}

static NOINLINE void
poolfree1(Pool *p, void *v)
{
	if(p->flags != 0)
		poolfreeslow(p, v);
	else if(p->lock != nil)
		poolfreelocked(p, v);
	else
		freeptr(p, v);
}

void*
poolalloc(Pool *p, ulong n)
{
	if(p->flags != 0)
		return poolallocslow(p, n);
	if(p->lock != nil)	/* caches save only a lock: a pool without one passes them by */
		return p->cache != nil ? poolalloccpu(p, n) : poolalloclocked(p, n);
	return allocfast(p, n);
}

void*
poolallocalign(Pool *p, ulong n, ulong align, long offset, ulong span)
{
	void *v;

	enter(p);
	v = poolallocalignl(p, n, align, offset, span);
	logcall(p, "poolallocalign %p %lu %lu %ld %lu = %p\n", p, n, align, offset, span, v);
	leave(p);
	return v;
}

static void COLD
poolfreeslow(Pool *p, void *v)
{
	enter(p);
	poolfreel(p, v);
	logcall(p, "poolfree %p %p\n", p, v);
	leave(p);
}

/*
 * poolcachealloc, poolcachefree: poolalloc and poolfree through cache
 * c, this CPU's, interrupts off (pool.h); poolalloc and poolfree call
 * them between cpuoff and cpuon.
 */
void*
poolcachealloc(Pool *p, Poolcache *c, ulong n)
{
	if(p->flags == 0 && n <= p->cachelimit)	/* cachelimit 0: not configured yet */
		return cachetake(p, c, n);
	return poolalloccache(p, c, n);
}

void
poolcachefree(Pool *p, Poolcache *c, void *v)
{
	if(p->flags != 0 || c->flush){
		cachefreeslow(p, c, v);
		return;
	}
	if(inbig(c, v)){	/* the largest arena, else the one this CPU's last free outside it found */
		cacheputin(p, c, v, bigtail(c), 0);
		return;
	}
	if(!infar(c, v)){
		cachefreeslow(p, c, v);
		return;
	}
	cacheputin(p, c, v, fartail(c), 1);
}

/* reallocshort: poolrealloc for a CPU with cache c; if memory is short, c's blocks go back and it tries again */
static NOINLINE void*
reallocshort(Pool *p, Poolcache *c, void *v, ulong n)
{
	void *nv;
	int any;

	if((nv = poolrealloc(p, v, n)) != nil || n == 0 || c->bytes == 0)
		return nv;
	plock(p);
	any = cacheflush(p, c);
	punlock(p);
	return any ? poolrealloc(p, v, n) : nil;
}

/* cachemove: cacheresize's move when c's list for n bytes misses: a block for n from a fill, or the pool's way */
static NOINLINE void*
cachemove(Pool *p, Poolcache *c, void *v, Bhdr *b, u32int h, ulong size, ulong n)
{
	ulong odsize;
	void *nv;

	if((nv = cachetake(p, c, n)) == nil)
		return reallocshort(p, c, v, n);	/* in place, if it can be */
	odsize = size - HDRSIZE - (h >> 16 & SLACKMASK);
	memmove(nv, v, odsize < n ? odsize : n);
	if(c->flush || c->bytes + size > p->cachebytes
	|| !hclaim(b, h, CACHEDWORD)){	/* as cacheputin, b vetted already */
		poolcachefree(p, c, v);
		return nv;
	}
	cachepush(c, b, size);
	return nv;
}

/* cachemovefree: cacheresize's move to nv when v's block cannot join the cache: keep bytes copied, then v freed the way that says why */
static NOINLINE void*
cachemovefree(Pool *p, Poolcache *c, void *v, void *nv, ulong keep)
{
	memmove(nv, v, keep);
	poolcachefree(p, c, v);
	return nv;
}

/* datacopy: keep bytes from s to d, both 8-byte aligned and in different blocks, a word at a time; d's bytes after them left as they were */
HOT void
datacopy(u64int *d, const u64int *s, ulong keep)
{
	u64int *e, m;

	for(e = d + keep/32*4; d < e; d += 4, s += 4){	/* unrolled: python's reallocs copy up to 4 KiB */
		d[0] = s[0];
		d[1] = s[1];
		d[2] = s[2];
		d[3] = s[3];
	}
	for(e = d + keep%32/8; d < e; d++, s++)
		*d = *s;
	if(keep % 8 != 0){	/* little-endian, as the slack's pattern is written */
		m = ((u64int)1 << keep % 8 * 8) - 1;
		*d = (*d & ~m) | (*s & m);
	}
}

/*
 * cacheresize: poolcacherealloc's way once v's arena's tail is known: in
 * place if its block size stays, else to a block from c's list, the
 * data copied inline and v's block cached in turn.  No stack frame:
 * anything else is a tail call.
 */
HOT void*
cacheresize(Pool *p, Poolcache *c, void *v, ulong n, uintptr tail)
{
	Bhdr *b, *nb;
	u32int h;
	ulong bsize, slack, size, odsize, keep;
	u64int *w, mask;
	void *nv, **l;

	if((b = cacheable(v, tail, p->cachemax, &h, &size)) == nil)
		return reallocshort(p, c, v, n);
	bsize = roundb(n, p->qmask, p->minbsize);
	if(bsize != size){
		l = cachelist(c, bsize);
		nb = *l;
		if(nb == nil || !cachedok(p, nb, bsize))
			return cachemove(p, c, v, b, h, size, n);
		nv = cachepop(c, nb, l, bsize, n);
		odsize = size - HDRSIZE - (h >> 16 & SLACKMASK);
		keep = odsize < n ? odsize : n;
		if(c->flush || c->bytes + size > p->cachebytes
		|| !hclaim(b, h, CACHEDWORD))	/* as cacheputin, b vetted already; its data intact until pushed */
			return cachemovefree(p, c, v, nv, keep);
		datacopy(nv, v, keep);
		cachepush(c, b, size);
		return nv;
	}
	slack = bsize - HDRSIZE - n;	/* in place: the new slack's pattern, then the header that says so */
	if(slack != 0){	/* the caller's bytes in the first word kept, as setslack does */
		w = (u64int*)(((uintptr)v + n) & ~(uintptr)7);
		mask = ((u64int)1 << ((uintptr)v + n) % 8 * 8) - 1;
		*w = (*w & mask) | (SLACKPAT & ~mask);
		if((uintptr)(w + 2) <= (uintptr)b + bsize)
			w[1] = SLACKPAT;
	}
	if(!hclaim(b, h, (ALLOC_MAGIC ^ ((slack ^ slack >> 8) & 0xFF)) | (u32int)slack << 16))
		return reallocshort(p, c, v, n);	/* freed at once on another CPU: the pool's path says so */
	return v;
}

/* cachereallocfar: poolcacherealloc for a pointer in neither arena it looks in first */
static NOINLINE void*
cachereallocfar(Pool *p, Poolcache *c, void *v, ulong n)
{
	uintptr tail;

	if((tail = cachelook(p, c, v)) == 0)
		return reallocshort(p, c, v, n);
	return cacheresize(p, c, v, n, tail);
}

/*
 * poolcacherealloc: poolrealloc through cache c, this CPU's,
 * interrupts off.  A plain block of a size the caches keep, going to
 * another such size, changes in place if its block size stays, else
 * moves to a block from the cache, and goes to the cache itself; no
 * lock unless the cache misses.  Anything else is poolrealloc's way.
 */
void*
poolcacherealloc(Pool *p, Poolcache *c, void *v, ulong n)
{
	if(p->flags != 0 || v == nil || n == 0 || n > p->cachelimit || p->move != nil)	/* move: a fill could compact, moving v's block */
		return reallocshort(p, c, v, n);
	if(inbig(c, v))
		return cacheresize(p, c, v, n, bigtail(c));
	if(!infar(c, v))
		return cachereallocfar(p, c, v, n);
	return cacheresize(p, c, v, n, fartail(c));
}

/* poolalloccache: a block the cache does not keep; if memory is short, c's blocks go back and it tries again */
static NOINLINE void*
poolalloccache(Pool *p, Poolcache *c, ulong n)
{
	void *v;
	int any;

	if((v = poolalloc1(p, n)) != nil || c->bytes == 0)
		return v;
	plock(p);
	any = cacheflush(p, c);
	punlock(p);
	return any ? poolalloc1(p, n) : nil;
}

static NOINLINE void*
poolalloccpu(Pool *p, ulong n)
{
	void *v;
	int x;

	if(p->cpuoff == nil)	/* not configured: the first call panics */
		return poolalloc1(p, n);
	x = p->cpuoff(p);
	v = poolcachealloc(p, cpucache(p, x), n);
	p->cpuon(p, x);
	return v;
}

static NOINLINE void
poolfreecpu(Pool *p, void *v)
{
	int x;

	if(p->cpuoff == nil){
		poolfree1(p, v);
		return;
	}
	x = p->cpuoff(p);
	poolcachefree(p, cpucache(p, x), v);
	p->cpuon(p, x);
}

void
poolfree(Pool *p, void *v)
{
	if(p->flags != 0)
		poolfreeslow(p, v);
	else if(p->lock != nil){
		if(p->cache != nil)
			poolfreecpu(p, v);
		else
			poolfreelocked(p, v);
	}else
		freeptr(p, v);
}


/* realloclocked: poolrealloc in a pool with a lock or flags (its own, so the bare pool's path needs no frame) */
static NOINLINE void*
realloclocked(Pool *p, void *v, ulong n)
{
	void *nv;

	if(p->flags == 0 && v != nil){	/* not through a cache: poolcacherealloc is */
		plock(p);
		nv = reallocsmall(p, v, n);
		punlock(p);
		return nv;
	}
	enter(p);
	nv = poolreallocl(p, v, n);
	logcall(p, "poolrealloc %p %p %lu = %p\n", p, v, n, nv);
	leave(p);
	return nv;
}

void*
poolrealloc(Pool *p, void *v, ulong n)
{
	if(p->flags == 0 && v != nil && p->lock == nil)
		return reallocsmall(p, v, n);
	return realloclocked(p, v, n);
}

ulong
poolmsize(Pool *p, void *v)
{
	ulong n;

	enter(p);
	n = poolmsizel(p, v);
	logcall(p, "poolmsize %p %p = %lu\n", p, v, n);
	leave(p);
	return n;
}

int
poolcompact(Pool *p)
{
	int moved;

	enter(p);
	cacheflushhere(p);
	moved = poolcompactl(p);
	logcall(p, "poolcompact %p = %d\n", p, moved);
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
	ready(p);
	for(a = arenafirst(p); a != nil; a = arenadown(p, a))
		if(hi > (uintptr)a && lo < (uintptr)a + a->asize)
			break;
	punlock(p);
	return a != nil;
}

void
poolcheck(Pool *p)
{
	plock(p);
	ready(p);
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
	ready(p);
	ptr2block(p, v, &a, "blockcheck");
	punlock(p);
}

void
pooldump(Pool *p)
{
	plock(p);
	ready(p);
	pooldumpl(p);
	punlock(p);
}

void
poolstats(Pool *p, Poolstats *s)
{
	plock(p);
	ready(p);
	poolwalk(p, s);
	punlock(p);
}

/* poolblocks: every allocated block's pointer, as it was returned, and the bytes asked for */
void
poolblocks(Pool *p, void (*f)(Pool*, void*, ulong, void*), void *arg)
{
	Arena *a;
	Bhdr *b;
	ulong skip;

	plock(p);
	ready(p);
	for(a = arenafirst(p); a != nil; a = arenadown(p, a))
		for(b = firstb(a); b != arenatail(a); b = nextb(b)){
			blockcheck(p, b, a);
			if(isalloc(magicat(b))){
				skip = magicat(b) == ALIGNED_MAGIC ? prefixlen(b) : 0;
				f(p, datap(b) + skip, getdsize(b) - skip, arg);
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
	uchar *base;

	if(p == nil || p->qmask == 0)	/* never used: nothing to give back */
		return;
	enter(p);
	for(a = arenafirst(p); a != nil; a = arenadown(p, a))	/* vetted whole before any is given back */
		;
	if(p->cache != nil)	/* every block goes: the caches too (no other CPU may be using the pool) */
		memset(p->cache, 0, p->ncache * sizeof p->cache[0]);
	a = p->arenalist;
	p->arenalist = nil;
	p->arenagen += 2;	/* no cache's arena holds */
	p->arenabig = nil;
	p->biglo = p->bigspan = 0;
	p->arenalast = nil;
	p->narena = p->grows = 0;	/* which way alloc goes is learnt again */
	p->slotsum = 0;
	p->slotup = 0;
	memset(p->slotmap, 0, sizeof p->slotmap);
	memset(p->slot, 0, sizeof p->slot);
	memset(p->smallmap, 0, sizeof p->smallmap);
	p->smallsum = 0;
	memset(p->small, 0, sizeof p->small);
	p->cursize = p->curfree = p->curalloc = p->peakalloc = 0;
	p->lo = p->hi = p->span = 0;
	p->nfree = p->lastcompact = 0;
	logcall(p, "poolreset %p\n", p);
	punlock(p);
	for(; a != nil; a = down){
		down = a->down;
		base = (uchar*)a - p->phase;	/* what alloc gave, pads and all */
		asize = a->asize + 2*p->phase;
		if(p->flags & POOL_ANTAGONISM)
			memmark(base, asize, 0xFF, base);
		if(p->free != nil)
			p->free(base, asize);
	}
}

/*
 * Checking a block, and the whole pool.
 */

/* blockcheck: is b, in arena a, a sound block of whatever kind it says? */
static void
blockcheck(Pool *p, Bhdr *b, Arena *a)
{
	Foot *t;
	u32int h;

	h = hword(b);	/* one reading: a cached block's CPU may flip it to allocated meanwhile */
	switch((h & 0xFFFF) ^ slackhash(h >> 16)){
	case ALIGNED_MAGIC:
		allocok(p, b, a, magicat(b));
		if(prefixok(b) == 0)
			poolpanic(p, b, a, "corrupt alignment prefix of block %p", b);
		return;
	case ALLOC_MAGIC:
	case DEAD_MAGIC:
		allocok(p, b, a, magicat(b));
		return;
	case CACHE_MAGIC:	/* its slack as that reading saw it; its size may shrink as its CPU cuts it, to another sound one */
		if(!sizeok(b, a) || ((h >> 16) & SLACKMASK) != 0)
			poolpanic(p, b, a, "bad block header at %p: a cached block of %u bytes, slack %lu", b, b->size, (ulong)((h >> 16) & SLACKMASK));
		return;
	case FREE_MAGIC:
	case UNALLOC_MAGIC:
		break;
	default:
		poolpanic(p, b, a, "bad block magic at %p", b);
	}
	if(!sizeok(b, a))
		poolpanic(p, b, a, "bad block size %u at %p", b->size, b);
	if(b->tag == FREE_MAGIC && slackof(b) != 0)
		poolpanic(p, b, a, "bad block header at %p: slack %lu in a free block", b, slackof(b));
	t = footof(b);
	if(b->tag == FREE_MAGIC && (t->magic != FOOT_MAGIC || t->size != b->size))
		poolpanic(p, b, a, "corrupt tail of block %p", b);
}

/* inpool: could f be a free block of this pool?  Checked before following a link. */
static int
inpool(Pool *p, Free *f)
{
	return ((uintptr)f - p->lo) % 16 == 8 && arenaof(p, f, MINBLOCK) != nil && f->h.tag == FREE_MAGIC;
}

/* listcheck: every list holds blocks of its size, linked both ways; its map bit says it is there */
static void
listcheck(Pool *p, ulong nfree, ulong *count, uintptr *sum)
{
	Free *f, *prev;
	uint c;

	for(c = 0; c < NSMALL; c++){
		f = p->small[c];
		if((f != nil) != ((p->smallmap[c/64] >> c%64) & 1)
		|| (p->smallmap[c/64] != 0) != ((p->smallsum >> c/64) & 1))
			poolpanic(p, nil, nil, "corrupt free tree: list of %lu and its map bits disagree", classsize(c));
		for(prev = nil; f != nil; prev = f, f = f->next){
			if(!inpool(p, f) || f->h.size != classsize(c) || f->prev != prev || ++*count > nfree)
				poolpanic(p, nil, nil, "corrupt free tree: list of %lu at %p", classsize(c), f);
			*sum += f->h.size;
		}
	}
}

/* slotcheck: every large list holds blocks of its sizes, linked both ways; the maps and p->slotup agree */
static void
slotcheck(Pool *p, ulong nfree, ulong *count, uintptr *sum)
{
	Free *f, *prev;
	uint i, first;

	first = NSLOT;
	for(i = 0; i < NSLOT; i++){
		f = p->slot[i];
		if(f != nil && first == NSLOT)
			first = i;
		if((f != nil) != ((p->slotmap[i >> SUBBITS] >> (i & (NSUB - 1))) & 1)
		|| (p->slotmap[i >> SUBBITS] != 0) != ((p->slotsum >> (i >> SUBBITS)) & 1))
			poolpanic(p, nil, nil, "corrupt free tree: large list %d and its map bits disagree", i);
		for(prev = nil; f != nil; prev = f, f = f->next){
			if(!inpool(p, f) || f->h.size <= SMALLMAX || slotof(f->h.size) != i || *slotword(f) != i || f->prev != prev || ++*count > nfree)
				poolpanic(p, nil, nil, "corrupt free tree: large list %d at %p", i, f);
			*sum += f->h.size;
		}
	}
	if(NSLOT - p->slotup > first || (first < NSLOT && p->slotup == 0))
		poolpanic(p, nil, nil, "corrupt free tree: first large list %lu, found %u", NSLOT - p->slotup, first);
}

/* poolwalk: check every arena and block; fill in the counts */
static void
poolwalk(Pool *p, Poolstats *s)
{
	Arena *a, *up;
	Bhdr *b, *t, *prev;
	int prevfree;

	memset(s, 0, sizeof *s);
	up = nil;
	for(a = arenafirst(p); a != nil; up = a, a = arenadown(p, a)){
		if(a->up != up || a->asize % 16 != 0 || a->h.bits != 0)
			arenabad(p, a, up);
		if(s->narena >= (ulong)p->narena || p->arena[p->narena - 1 - s->narena] != a)
			poolpanic(p, nil, nil, "corrupt arena index: arena %p not at %lu of %d", a,
				(ulong)(p->narena - 1 - s->narena), p->narena);
		t = arenatail(a);
		if(t->tag != ARENATAIL_MAGIC || t->size != 0)
			poolpanic(p, nil, nil, "corrupt arena %p: tail", a);
		s->narena++;
		s->cursize += a->asize;
		prev = nil;
		for(b = firstb(a); ; prev = b, b = nextb(b)){
			prevfree = prev != nil && prev->tag == FREE_MAGIC;
			if(((b->bits & LEFTFREE) != 0) != prevfree)
				poolpanic(p, b, a, "bad block header at %p: left-free bit %d after a %s block", b,
					(b->bits & LEFTFREE) != 0, prevfree ? "free" : "used");
			if(b == t)
				break;
			blockcheck(p, b, a);	/* so its size leads to the next block */
			switch(magicat(b)){
			case FREE_MAGIC:
				if(prevfree && (canjoin(prev->size, b->size) || prev->size < MAXBLOCK - 16))
					poolpanic(p, b, a, "adjacent free blocks at %p", b);
				s->nfreeblocks++;
				s->curfree += b->size;
				if(b->size > s->maxfree)
					s->maxfree = b->size;
				break;
			case UNALLOC_MAGIC:
				poolpanic(p, b, a, "bad block magic at %p: unallocated between calls", b);
			case CACHE_MAGIC:
				s->curcache += b->size;
				break;
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
	int i;
	ulong count;
	uintptr sum;

	poolwalk(p, &s);
	if(s.narena != (ulong)p->narena)
		poolpanic(p, nil, nil, "corrupt arena index: %d arenas, the list has %lu", p->narena, s.narena);
	for(i = 0; i < p->narena && p->arena[i] != p->arenabig; i++)
		;
	if(p->narena > 0 && i == p->narena)
		poolpanic(p, nil, nil, "corrupt arena index: %p, the largest, is not an arena", p->arenabig);
	for(i = 0; i < p->narena; i++)	/* walked whole above: each is sound */
		if(((Arena*)p->arena[i])->asize > ((Arena*)p->arenabig)->asize)
			poolpanic(p, nil, nil, "corrupt arena index: %p is not the largest arena", p->arenabig);
	if(p->narena > 0 && (p->biglo != (uintptr)firstb(p->arenabig) || p->bigspan != ((Arena*)p->arenabig)->asize - ARENAOVER))
		poolpanic(p, nil, nil, "corrupt pool: the largest arena's bounds %p+%lu, not %p's", (void*)p->biglo, (ulong)p->bigspan, p->arenabig);
	count = 0;
	sum = 0;
	listcheck(p, s.nfreeblocks, &count, &sum);
	slotcheck(p, s.nfreeblocks, &count, &sum);
	if(count != s.nfreeblocks || sum != s.curfree)
		poolpanic(p, nil, nil, "corrupt free tree: %lu blocks of %lu bytes, arenas have %lu of %lu",
			count, (ulong)sum, s.nfreeblocks, (ulong)s.curfree);
	cachecheck(p);
	if(s.cursize != p->cursize || s.curalloc + s.curcache != p->curalloc || s.curfree != p->curfree)
		poolpanic(p, nil, nil, "accounting: arenas %lu/%lu alloc %lu/%lu free %lu/%lu (found/counted)",
			(ulong)s.cursize, (ulong)p->cursize, (ulong)(s.curalloc + s.curcache), (ulong)p->curalloc,
			(ulong)s.curfree, (ulong)p->curfree);
}

static void
pooldumpl(Pool *p)
{
	Arena *a;
	Bhdr *b;

	pprint(p, "pool %s %p: size %lu alloc %lu free %lu\n", p->name, p,
		(ulong)p->cursize, (ulong)p->curalloc, (ulong)p->curfree);
	for(a = arenafirst(p); a != nil; a = arenadown(p, a)){
		pprint(p, " arena %p size %lu\n", a, (ulong)a->asize);
		for(b = firstb(a); b != arenatail(a) && sizeok(b, a); b = nextb(b)){
			if(isalloc(magicat(b)) || magicat(b) == DEAD_MAGIC)
				pprint(p, "  %p %s %u data %lu\n", b, magicname(magicat(b)), b->size, getdsize(b));
			else
				pprint(p, "  %p %s %u\n", b, magicname(magicat(b)), b->size);
		}
	}
}
