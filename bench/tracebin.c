/*
 * tracebin: text allocation trace on stdin (bench/traces/README.md)
 * to the binary form of include/trace.h on stdout.
 *	xz -dc sqlite.trace.xz | tracebin sqlite [maxevents] > sqlite.trace
 * Frees of objects the trace never made are dropped; a realloc of one
 * becomes an alloc.  Object ids are renumbered densely.
 */
#include "u.h"
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
fail(char *msg, long line)
{
	fprintf(stderr, "tracebin: line %ld: %s\n", line, msg);
	exit(1);
}

int
main(int argc, char **argv)
{
	Tracehdr h;
	Tevent *ev, *e;
	u32int *map, *size;
	unsigned long long a1, a2, a3, maxid;
	u64int live, nev, cap, limit;
	char line[256], op;
	long ln;
	int n;

	if(argc < 2){
		fprintf(stderr, "usage: tracebin name [maxevents] < trace > trace.bin\n");
		return 2;
	}
	limit = argc > 2 ? strtoull(argv[2], nil, 10) : ~0ULL;
	memset(&h, 0, sizeof h);
	h.magic = TRACEMAGIC;
	h.version = TRACEVERSION;
	snprintf(h.name, sizeof h.name, "%s", argv[1]);
	maxid = 1<<20;
	map = calloc(maxid, sizeof *map);	/* trace id -> dense id + 1; 0 when not live */
	cap = 1<<20;
	ev = malloc(cap * sizeof *ev);
	size = malloc(cap * sizeof *size);	/* dense id -> size */
	if(map == nil || ev == nil || size == nil)
		fail("out of memory", 0);
	nev = 0;
	live = 0;
	for(ln = 1; nev < limit && fgets(line, sizeof line, stdin) != nil; ln++){
		if(line[0] == '#' || line[0] == '\n')
			continue;
		n = sscanf(line, "%c %llu %llu %llu", &op, &a1, &a2, &a3);
		if(n < 2)
			fail("bad line", ln);
		if(a1 >= maxid || (op == 'r' && a2 >= maxid)){
			u64int m = maxid;
			while(a1 >= maxid || (op == 'r' && a2 >= maxid))
				maxid *= 2;
			map = realloc(map, maxid * sizeof *map);
			memset(map + m, 0, (maxid - m) * sizeof *map);
		}
		if(nev == cap){
			cap *= 2;
			ev = realloc(ev, cap * sizeof *ev);
			size = realloc(size, cap * sizeof *size);
		}
		e = &ev[nev];
		memset(e, 0, sizeof *e);
		switch(op){
		case 'a':
			if(n != 3 || map[a1] != 0 || a2 > 0xFFFFFFFFULL)
				fail("bad alloc", ln);
			e->op = 'a';
			e->size = a2;
			break;
		case 'm':
			if(n != 4 || map[a1] != 0 || a3 > 0xFFFFFFFFULL || a2 > 0xFFFFFFFFULL)
				fail("bad memalign", ln);
			e->op = 'm';
			e->arg = a2;
			e->size = a3;
			break;
		case 'f':
			if(n != 2)
				fail("bad free", ln);
			if(map[a1] == 0)
				continue;	/* freed memory from before the recording */
			e->op = 'f';
			e->id = map[a1] - 1;
			live -= size[e->id];
			map[a1] = 0;
			nev++;
			continue;
		case 'r':
			if(n != 4 || a3 > 0xFFFFFFFFULL || map[a2] != 0)
				fail("bad realloc", ln);
			e->size = a3;
			if(map[a1] == 0)
				e->op = 'a';	/* of memory from before the recording */
			else{
				e->op = 'r';
				e->arg = map[a1] - 1;
				live -= size[e->arg];
				map[a1] = 0;
			}
			a1 = a2;
			break;
		default:
			fail("unknown operation", ln);
		}
		e->id = h.nid++;
		map[a1] = e->id + 1;
		size[e->id] = e->size;
		live += e->size;
		h.totalbytes += e->size;
		if(live > h.peaklive)
			h.peaklive = live;
		nev++;
	}
	h.nevent = nev;
	h.sum = tracesum(ev, nev * sizeof *ev);
	if(fwrite(&h, sizeof h, 1, stdout) != 1 || fwrite(ev, sizeof *ev, nev, stdout) != nev)
		fail("write failed", ln);
	fprintf(stderr, "tracebin: %s: %llu events, %llu objects, peak live %llu bytes\n",
		h.name, (unsigned long long)nev, (unsigned long long)h.nid, (unsigned long long)h.peaklive);
	return 0;
}
