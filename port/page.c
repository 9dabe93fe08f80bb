/*
 * Pages with out-of-band state: include/page.h says what and why.
 *
 * Invariants, which pagecheck verifies:
 *	- a page is free exactly when both its bits are clear; nfree counts them;
 *	- bit w of some is set exactly when word w of the page bits holds a
 *	  free page; no word above the hint's summary word does, and no page
 *	  below low is free;
 *	- the bits past the last page are reserved, so no word needs a mask;
 *	- a run is a run-start page followed by run pages (used, not start).
 */
#include "page.h"

#define nil	((void*)0)

enum {
	Wbits	= 8 * sizeof(uintptr_t),
};

/* what findpage looks for */
enum {
	Free,		/* a free page */
	Taken,		/* a page that is not free */
	Runend,		/* a page that does not continue a run */
};

static unsigned
lowbit(uintptr_t w)	/* w != 0 */
{
#ifdef __GNUC__
	if(sizeof w == sizeof(long))
		return __builtin_ctzl(w);
	return __builtin_ctzll(w);
#else
	unsigned n;

	for(n = 0; (w & 1) == 0; n++)
		w >>= 1;
	return n;
#endif
}

static unsigned
highbit(uintptr_t w)	/* w != 0 */
{
#ifdef __GNUC__
	if(sizeof w == sizeof(long))
		return Wbits - 1 - __builtin_clzl(w);
	return Wbits - 1 - __builtin_clzll(w);
#else
	unsigned n;

	for(n = Wbits - 1; (w >> n) == 0; n--)
		;
	return n;
#endif
}

static int
bit(uintptr_t *map, uintptr_t i)
{
	return map[i / Wbits] >> (i % Wbits) & 1;
}

static void
setbit(uintptr_t *map, uintptr_t i, int on)
{
	uintptr_t m;

	m = (uintptr_t)1 << (i % Wbits);
	if(on)
		map[i / Wbits] |= m;
	else
		map[i / Wbits] &= ~m;
}

static uintptr_t
addr(Pagemap *m, uintptr_t i)
{
	return m->base + (i << m->shift);
}

/* freeword: the first word of the page bits at or after w, and before nw, with a free page (by the summary); else nw */
static uintptr_t
freeword(Pagemap *m, uintptr_t w, uintptr_t nw)
{
	uintptr_t b;

	while(w < nw){
		b = m->some[w / Wbits] >> (w % Wbits);
		if(b != 0)
			return w + lowbit(b) < nw ? w + lowbit(b) : nw;
		w = (w / Wbits + 1) * Wbits;
	}
	return nw;
}

/*
 * findpage: the lowest page in [i, lim) of the kind asked for, else
 * lim; a word at a time, and a free page past words with none found
 * by the summary, a summary word's worth of words a step (4,096 pages
 * on 64 bits), so a run is found past a large taken region quickly.
 */
static uintptr_t
findpage(Pagemap *m, uintptr_t i, uintptr_t lim, int kind)
{
	uintptr_t w, u, s;

	while(i < lim){
		u = m->used[i / Wbits];
		s = m->start[i / Wbits];
		switch(kind){
		case Free:	w = ~(u | s); break;
		case Taken:	w = u | s; break;
		default:	w = ~u | s; break;
		}
		w >>= i % Wbits;
		if(w != 0){
			i += lowbit(w);
			return i < lim ? i : lim;
		}
		if(kind == Free)
			i = freeword(m, i / Wbits + 1, (lim + Wbits - 1) / Wbits) * Wbits;
		else
			i = (i / Wbits + 1) * Wbits;
	}
	return lim;
}

/* lastfreeword: one past the highest word of the page bits in [lw, w) with a free page (by the summary); lw if none */
static uintptr_t
lastfreeword(Pagemap *m, uintptr_t lw, uintptr_t w)
{
	uintptr_t b, k;

	while(w > lw){
		k = w - 1;
		b = m->some[k / Wbits] & (~(uintptr_t)0 >> (Wbits - 1 - k % Wbits));
		if(b != 0){
			k = k / Wbits * Wbits + highbit(b);
			return k >= lw ? k + 1 : lw;
		}
		w = k / Wbits * Wbits;
	}
	return lw;
}

/* lastpage: the highest page in [lo, i) of the kind asked for (Free or Taken), else npage; findpage downwards */
static uintptr_t
lastpage(Pagemap *m, uintptr_t lo, uintptr_t i, int kind)
{
	uintptr_t w, k;

	while(i > lo){
		k = i - 1;
		w = m->used[k / Wbits] | m->start[k / Wbits];
		if(kind == Free)
			w = ~w;
		w &= ~(uintptr_t)0 >> (Wbits - 1 - k % Wbits);	/* the pages of k's word up to k */
		if(w != 0){
			k = k / Wbits * Wbits + highbit(w);
			return k >= lo ? k : m->npage;
		}
		if(kind == Free)
			i = lastfreeword(m, lo / Wbits, k / Wbits) * Wbits;
		else
			i = k / Wbits * Wbits;
	}
	return m->npage;
}

static char*
put(char *p, char *e, char *s)
{
	while(*s != 0 && p < e)
		*p++ = *s++;
	return p;
}

static char*
puthex(char *p, char *e, uintptr_t v)
{
	char d[2 * sizeof v];
	int n;

	n = 0;
	do
		d[n++] = "0123456789abcdef"[v & 15];
	while((v >>= 4) != 0);
	p = put(p, e, "0x");
	while(n > 0 && p < e)
		*p++ = d[--n];
	return p;
}

/* fail: "pages NAME: CALL ADDR: WHY", to the embedder's panic */
static void
fail(Pagemap *m, char *call, uintptr_t a, char *why)
{
	char msg[160], *p, *e;

	p = msg;
	e = msg + sizeof msg - 1;
	p = put(p, e, "pages ");
	p = put(p, e, m->name != nil ? m->name : "?");
	p = put(p, e, ": ");
	p = put(p, e, call);
	p = put(p, e, " ");
	p = puthex(p, e, a);
	p = put(p, e, ": ");
	p = put(p, e, why);
	*p = 0;
	m->panic(m, "%s", msg);
}

/* pagenum: a's page number, or npage if a is not the first byte of a page of m */
static uintptr_t
pagenum(Pagemap *m, uintptr_t a)
{
	uintptr_t off;

	off = a - m->base;
	if(a < m->base || (off & (((uintptr_t)1 << m->shift) - 1)) != 0 || off >> m->shift >= m->npage)
		return m->npage;
	return off >> m->shift;
}

/* freebits: the free pages of word w of the page bits */
static uintptr_t
freebits(Pagemap *m, uintptr_t w)
{
	return ~(m->used[w] | m->start[w]);
}

/* setpage: page i's two bits; keeps the summary and the count */
static void
setpage(Pagemap *m, uintptr_t i, int used, int start)
{
	uintptr_t w;
	int wasfree;

	w = i / Wbits;
	wasfree = !bit(m->used, i) && !bit(m->start, i);
	setbit(m->used, i, used);
	setbit(m->start, i, start);
	m->nfree += (!used && !start) - wasfree;
	setbit(m->some, w, freebits(m, w) != 0);
	if(!used && !start){
		if(w / Wbits > m->hint)
			m->hint = w / Wbits;
		if(i < m->low)
			m->low = i;
	}
}

/* markrun: pages [i, i+n), all free, become a run handed out (take), or the run [i, i+n) becomes free; a word at a time */
static void
markrun(Pagemap *m, uintptr_t i, uintptr_t n, int take)
{
	uintptr_t w, lo, hi, mask, end;

	end = i + n;
	for(w = i / Wbits; w * Wbits < end; w++){
		lo = w * Wbits > i ? 0 : i % Wbits;
		hi = (w + 1) * Wbits <= end ? Wbits : end % Wbits;
		mask = (hi == Wbits ? ~(uintptr_t)0 : ((uintptr_t)1 << hi) - 1) & ~(((uintptr_t)1 << lo) - 1);
		if(take)
			m->used[w] |= mask;
		else{
			m->used[w] &= ~mask;
			m->start[w] &= ~mask;
		}
		setbit(m->some, w, freebits(m, w) != 0);
	}
	if(take){
		setbit(m->start, i, 1);
		m->nfree -= n;
		return;
	}
	m->nfree += n;
	if((end - 1) / Wbits / Wbits > m->hint)
		m->hint = (end - 1) / Wbits / Wbits;
	if(i < m->low)
		m->low = i;
}

uintptr_t
pageinit(Pagemap *m, void *v, uintptr_t len)
{
	uintptr_t ps, lo, hi, n, meta, words, sums, i;

	ps = m->pagesize != 0 ? m->pagesize : 4096;
	m->pagesize = ps;
	m->npage = m->nfree = m->hint = m->low = 0;
	if((ps & (ps - 1)) != 0 || ps < 4 * sizeof(uintptr_t)){
		fail(m, "pageinit: page size", ps, "is not a power of two of at least 4 words");
		return 0;
	}
	for(m->shift = 0; (uintptr_t)1 << m->shift < ps; m->shift++)
		;
	lo = ((uintptr_t)v + ps - 1) & ~(ps - 1);
	hi = ((uintptr_t)v + len) & ~(ps - 1);
	if((uintptr_t)v + len < (uintptr_t)v || hi <= lo)
		return 0;
	n = (hi - lo) >> m->shift;
	for(meta = 1; meta < n; meta++){	/* the fewest pages that hold the bitmaps of what is left */
		words = (n - meta + Wbits - 1) / Wbits;
		sums = (words + Wbits - 1) / Wbits;
		if((2 * words + sums) * sizeof(uintptr_t) <= meta << m->shift)
			break;
	}
	if(meta >= n)
		return 0;
	m->used = (uintptr_t*)lo;
	m->start = m->used + words;
	m->some = m->start + words;
	for(i = 0; i < 2 * words + sums; i++)
		m->used[i] = 0;
	m->base = lo + (meta << m->shift);
	m->npage = n - meta;
	for(i = m->npage; i < words * Wbits; i++)	/* past the end: reserved */
		setbit(m->start, i, 1);
	for(i = 0; i < words; i++)
		setbit(m->some, i, freebits(m, i) != 0);
	m->nfree = m->npage;
	m->hint = sums - 1;
	return m->npage;
}

void
pagereserve(Pagemap *m, void *v, uintptr_t len)
{
	uintptr_t a, end, i, lim;

	a = (uintptr_t)v;
	end = a + len < a ? addr(m, m->npage) : a + len;
	if(end > addr(m, m->npage))
		end = addr(m, m->npage);
	if(a < m->base)
		a = m->base;
	if(a >= end)
		return;
	lim = (end - m->base + ((uintptr_t)1 << m->shift) - 1) >> m->shift;
	for(i = (a - m->base) >> m->shift; i < lim; i++){
		if(bit(m->used, i))
			fail(m, "pagereserve: page", addr(m, i), "is handed out");
		else
			setpage(m, i, 0, 1);
	}
}

void*
pagealloc(Pagemap *m)
{
	uintptr_t i;

	if(m->nfree == 0)
		return nil;
	i = m->low = findpage(m, m->low, m->npage, Free);
	if(i == m->npage){
		fail(m, "pagealloc: free pages", m->nfree, "counted but none in the summary");
		return nil;
	}
	setpage(m, i, 1, 1);
	return (void*)addr(m, i);
}

void*
pagehigh(Pagemap *m, uintptr_t npage)
{
	uintptr_t top, i, j, t;

	if(npage == 0 || npage > m->npage)
		return nil;
	top = (m->hint + 1) * Wbits * Wbits;	/* no free page at or above */
	if(top > m->npage)
		top = m->npage;
	for(;;){
		j = lastpage(m, 0, top, Free);	/* the highest free page left: a run may end there */
		if(j == m->npage || j + 1 < npage)
			return nil;
		i = j + 1 - npage;
		t = lastpage(m, i, j + 1, Taken);
		if(t == m->npage)
			break;
		top = t;	/* a run ends below its highest taken page */
	}
	markrun(m, i, npage, 1);
	return (void*)addr(m, i);
}

void*
pagerun(Pagemap *m, uintptr_t npage, uintptr_t align, uintptr_t span)
{
	uintptr_t i, j, a, ps;

	ps = (uintptr_t)1 << m->shift;
	if(align < ps)
		align = ps;
	if(npage == 1 && align == ps && span == 0)
		return pagealloc(m);
	if(npage == 0 || npage > m->npage || (align & (align - 1)) != 0 || (span & (span - 1)) != 0
	|| (span != 0 && (span < ps || npage > span >> m->shift)))
		return nil;
	i = m->low = findpage(m, m->low, m->npage, Free);
	for(;;){
		i = findpage(m, i, m->npage, Free);
		a = (addr(m, i) + align - 1) & ~(align - 1);	/* aligned up */
		if(span != 0 && a / span != (a + (npage << m->shift) - 1) / span)
			a = (a + span - 1) & ~(span - 1);	/* the next span: a multiple of align too */
		if(a < addr(m, i) || ((a - m->base) >> m->shift) + npage > m->npage)
			return nil;
		i = (a - m->base) >> m->shift;
		j = findpage(m, i, i + npage, Taken);
		if(j == i + npage)
			break;
		i = j + 1;
	}
	markrun(m, i, npage, 1);
	return (void*)addr(m, i);
}

/* runstart: the page number of the run at v, checked (npage after a panic) */
static uintptr_t
runstart(Pagemap *m, void *v, char *call)
{
	uintptr_t i;

	i = pagenum(m, (uintptr_t)v);
	if(i == m->npage){
		fail(m, call, (uintptr_t)v, "is not a page of this map");
		return i;
	}
	if(bit(m->used, i) && bit(m->start, i))
		return i;
	if(bit(m->used, i))
		fail(m, call, (uintptr_t)v, "is inside a run, not its first page");
	else if(bit(m->start, i))
		fail(m, call, (uintptr_t)v, "is reserved, never handed out");
	else
		fail(m, call, (uintptr_t)v, "is free (a double free?)");
	return m->npage;
}

void
pagefree(Pagemap *m, void *v)
{
	uintptr_t i, end;

	if(v == nil)
		return;
	i = runstart(m, v, "pagefree");
	if(i == m->npage)
		return;
	end = findpage(m, i + 1, m->npage, Runend);
	markrun(m, i, end - i, 0);
}

int
pagemerge(Pagemap *m, void *lo, void *hi)
{
	uintptr_t i, j;

	i = runstart(m, lo, "pagemerge");
	j = runstart(m, hi, "pagemerge");
	if(i == m->npage || j == m->npage || findpage(m, i + 1, m->npage, Runend) != j)
		return 0;
	setbit(m->start, j, 0);
	return 1;
}

uintptr_t
pagebytes(Pagemap *m, void *v)
{
	uintptr_t i;

	i = runstart(m, v, "pagebytes");
	if(i == m->npage)
		return 0;
	return (findpage(m, i + 1, m->npage, Runend) - i) << m->shift;
}

void
pagecheck(Pagemap *m)
{
	uintptr_t n, i, w, words;

	n = 0;
	for(i = 0; (i = findpage(m, i, m->npage, Free)) < m->npage; i++)
		n++;
	if(n != m->nfree)
		fail(m, "pagecheck: count of free pages", m->nfree, "disagrees with the bitmaps");
	words = (m->npage + Wbits - 1) / Wbits;
	for(w = 0; w < words; w++){
		if(bit(m->some, w) != (freebits(m, w) != 0))
			fail(m, "pagecheck: summary of the pages at", addr(m, w * Wbits), "is wrong");
		if(freebits(m, w) != 0 && w / Wbits > m->hint)
			fail(m, "pagecheck: free page at", addr(m, w * Wbits), "is above the hint");
	}
	if(findpage(m, 0, m->low, Free) != m->low)
		fail(m, "pagecheck: free page at", addr(m, findpage(m, 0, m->low, Free)), "is below the low mark");
	for(i = m->npage; i < words * Wbits; i++)
		if(!bit(m->start, i) || bit(m->used, i))
			fail(m, "pagecheck: bits past the last page at", addr(m, i), "are not reserved");
	for(i = 0; i < m->npage; i++)
		if(bit(m->used, i) && !bit(m->start, i) && (i == 0 || !bit(m->used, i - 1)))
			fail(m, "pagecheck: page", addr(m, i), "continues a run that does not start before it");
}
