/*
 * The replay: every allocation is filled with a pattern made from its
 * object id, checked before it is freed or reallocated and once more at
 * the end, so an allocator that hands out overlapping blocks or moves
 * data wrongly is caught.  Only the allocator calls are counted: the
 * counter is read just before and just after each one, and the cost of
 * that bracket around an empty function is subtracted.
 */
#include "u.h"
#include "lib.h"
#include "replay.h"

/* keepworst: remember a call if it is among the Nworst costliest allocs and frees so far */
static void
keepworst(Bresult *r, u64int ev, int op, ulong size, uvlong cost)
{
	Bworst *w, *least;

	least = r->worst;
	for(w = r->worst; w < r->worst + Nworst; w++)
		if(w->cost < least->cost)
			least = w;
	if(cost <= least->cost)
		return;
	least->ev = ev;
	least->cost = cost;
	least->size = size;
	least->op = op;
}

static u64int
pattern(u32int id)
{
	return (u64int)(id + 1) * 0x9E3779B97F4A7C15ULL;
}

/* fill and verify run a word at a time: every allocator returns 16-byte aligned blocks */
static void
fill(void *v, ulong n, u32int id)
{
	u64int *w, x;
	uchar *b;
	ulong i;

	x = pattern(id);
	w = v;
	for(i = 0; i < n/8; i++)
		w[i] = x + i;
	b = (uchar*)(w + i);
	x += i;	/* byte j of word k holds byte j of x+k, whole or not */
	for(i = 0; i < n%8; i++)
		b[i] = (uchar)(x >> (8*i));
}

static int
intact(void *v, ulong n, u32int id)
{
	u64int *w, x;
	uchar *b;
	ulong i;

	x = pattern(id);
	w = v;
	for(i = 0; i < n/8; i++)
		if(w[i] != x + i)
			return 0;
	b = (uchar*)(w + i);
	x += i;
	for(i = 0; i < n%8; i++)
		if(b[i] != (uchar)(x >> (8*i)))
			return 0;
	return 1;
}

static void
record(Bstat *s, uvlong c)
{
	int k;

	s->n++;
	s->sum += c;
	if(c > s->max)
		s->max = c;
	if(c < Nhist)
		s->hist[c]++;
	else{
		for(k = 0; (c >> k) > 1; k++)
			;
		s->over[k]++;
	}
}

/* bpercentile: the cost at or below which fraction f of the calls fall (above Nhist: a power of two) */
uvlong
bpercentile(Bstat *s, double f)
{
	uvlong want, seen, i;
	int k;

	if(s->n == 0)
		return 0;
	want = (uvlong)(f * s->n);
	if(want >= s->n)
		want = s->n - 1;
	seen = 0;
	for(i = 0; i < Nhist; i++){
		seen += s->hist[i];
		if(seen > want)
			return i;
	}
	for(k = 0; k < 64; k++){
		seen += s->over[k];
		if(seen > want)
			return 1ULL << k;
	}
	return s->max;
}

/* bover: how many calls cost more than c instructions (c < Nhist: above it only powers of two are kept) */
uvlong
bover(Bstat *s, uvlong c)
{
	uvlong i, n;
	int k;

	n = 0;
	for(i = c + 1; i < Nhist; i++)
		n += s->hist[i];
	for(k = 0; k < 64; k++)
		n += s->over[k];
	return n;
}

static void* __attribute__((noinline))
nopalloc(ulong n)
{
	__asm__ volatile("" ::: "memory");
	return (void*)n;
}

/* replayoverhead: what the counting itself costs around a call */
uvlong
replayoverhead(uvlong (*counter)(void))
{
	uvlong c0, c1, best;
	int i;
	void *(*volatile fn)(ulong) = nopalloc;

	best = ~0ULL;
	for(i = 0; i < 16; i++){
		c0 = counter();
		fn(i);
		c1 = counter();
		if(c1 - c0 < best)
			best = c1 - c0;
	}
	return best;
}

char*
tracecheck(Tracehdr *h, uintptr len)
{
	if(len < sizeof *h || h->magic != TRACEMAGIC)
		return "no trace header";
	if(h->version != TRACEVERSION)
		return "wrong trace version";
	if(h->nevent > (len - sizeof *h) / sizeof(Tevent))
		return "trace truncated";
	if(tracesum(h + 1, h->nevent * sizeof(Tevent)) != h->sum)
		return "trace checksum wrong";
	return nil;
}

int
replay(Balloc *a, Tracehdr *h, Tevent *ev, Btable *t, Bresult *r, uvlong (*counter)(void), int stoponfail)
{
	Tevent *e, *end;
	uvlong c0, c1, over;
	uintptr g0;
	void *v, *old;
	ulong n, keep;
	u32int i;
	int op;

	memset(r, 0, sizeof *r);
	memset(t->ptr, 0, h->nid * sizeof t->ptr[0]);
	over = counter ? replayoverhead(counter) : 0;
	c0 = c1 = 0;
	for(e = ev, end = ev + h->nevent; e < end; e++){
		r->events++;
		g0 = a->grown != nil ? a->grown() : 0;
		n = e->size;
		switch(e->op){
		case 'a':
		case 'm':
			op = Opalloc;
			if(counter)
				c0 = counter();
			v = e->op == 'a' ? a->alloc(n) : a->memalign(e->arg, n);
			if(counter)
				c1 = counter();
			break;
		case 'f':
			op = Opfree;
			v = t->ptr[e->id];
			if(v == nil)
				continue;	/* its allocation failed */
			if(!intact(v, t->size[e->id], e->id))
				r->corrupt++;
			if(counter)
				c0 = counter();
			a->free(v);
			if(counter)
				c1 = counter();
			t->ptr[e->id] = nil;
			break;
		default:	/* 'r' */
			op = Oprealloc;
			old = t->ptr[e->arg];
			keep = 0;
			if(old != nil){
				keep = t->size[e->arg] < n ? t->size[e->arg] : n;
				if(!intact(old, t->size[e->arg], e->arg))
					r->corrupt++;
			}
			if(counter)
				c0 = counter();
			v = a->realloc(old, n);
			if(counter)
				c1 = counter();
			if(v == nil && n != 0)
				t->ptr[e->arg] = old;	/* still the old object's */
			else
				t->ptr[e->arg] = nil;
			if(v != nil && !intact(v, keep, e->arg))
				r->corrupt++;
			break;
		}
		if(counter){
			c1 = c1 - c0 > over ? c1 - c0 - over : 0;
			record(&r->op[op], c1);
			r->total += c1;
			if(a->grown != nil && a->grown() != g0)
				record(&r->grew[op], c1);	/* shown apart, and not among the worst */
			else if(op != Oprealloc)
				keepworst(r, e - ev, op, op == Opfree ? t->size[e->id] : n, c1);
		}
		if(op == Opfree)
			continue;
		if(v == nil && n != 0){
			r->fails++;
			if(stoponfail)
				return -1;
			continue;
		}
		if(((uintptr)v & 15) != 0)
			r->misaligned++;
		t->ptr[e->id] = v;
		t->size[e->id] = n;
		fill(v, n, e->id);
	}
	for(i = 0; i < h->nid; i++)	/* what the program never freed */
		if(t->ptr[i] != nil && !intact(t->ptr[i], t->size[i], i))
			r->corrupt++;
	r->footprint = a->footprint();
	return r->fails || r->corrupt || r->misaligned ? -1 : 0;
}
