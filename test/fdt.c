/*
 * The device-tree reader on trees built here: a good one, and the ways
 * a bad one can be bad (magic, sizes, truncation at every length).
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"
#include "test.h"

typedef struct Builder Builder;
struct Builder {
	uchar	blob[2048];
	uchar	st[1024];	/* structure block */
	int	nst;
	char	strs[256];	/* strings block */
	int	nstrs;
};

static Builder bld;

static void
put32(uchar *p, u32int v)
{
	p[0] = v>>24;
	p[1] = v>>16;
	p[2] = v>>8;
	p[3] = v;
}

static void
tok(u32int v)
{
	put32(bld.st + bld.nst, v);
	bld.nst += 4;
}

static void
bytes(void *v, int n)
{
	memmove(bld.st + bld.nst, v, n);
	bld.nst += n;
	while(bld.nst % 4)
		bld.st[bld.nst++] = 0;
}

static void
begin(char *name)
{
	tok(1);
	bytes(name, strlen(name) + 1);
}

static void
prop(char *name, void *val, int len)
{
	int off;

	for(off = 0; off < bld.nstrs; off += strlen(bld.strs + off) + 1)
		if(strcmp(bld.strs + off, name) == 0)
			break;
	if(off == bld.nstrs){
		memmove(bld.strs + off, name, strlen(name) + 1);
		bld.nstrs += strlen(name) + 1;
	}
	tok(3);
	tok(len);
	tok(off);
	bytes(val, len);
}

static void
propcells(char *name, int n, u32int *v)
{
	uchar b[64];
	int i;

	for(i = 0; i < n; i++)
		put32(b + 4*i, v[i]);
	prop(name, b, 4*n);
}

/* finish: lay out header, structure and strings; returns the total size */
static int
finish(void)
{
	int off, soff, total;

	memset(bld.blob, 0, sizeof bld.blob);
	off = 40 + 16;	/* header, then an empty memory reservation map */
	soff = off + bld.nst;
	total = soff + bld.nstrs;
	put32(bld.blob, 0xd00dfeed);
	put32(bld.blob + 4, total);
	put32(bld.blob + 8, off);
	put32(bld.blob + 12, soff);
	put32(bld.blob + 16, 40);
	put32(bld.blob + 20, 17);
	put32(bld.blob + 24, 16);
	put32(bld.blob + 32, bld.nstrs);
	put32(bld.blob + 36, bld.nst);
	memmove(bld.blob + off, bld.st, bld.nst);
	memmove(bld.blob + soff, bld.strs, bld.nstrs);
	return total;
}

/* a tree shaped like QEMU virt's: memory at 2 GiB, two harts, boot arguments */
static int
virttree(int withmem)
{
	u32int two[] = {2}, one[] = {1}, mem[] = {0, 0x80000000, 0, 0x10000000}, r0[] = {0}, r3[] = {3};

	memset(&bld, 0, sizeof bld);
	begin("");
	propcells("#address-cells", 1, two);
	propcells("#size-cells", 1, two);
	begin("chosen");
	prop("bootargs", "check fail", 11);
	tok(2);
	if(withmem){
		begin("memory@80000000");
		prop("device_type", "memory", 7);
		propcells("reg", 4, mem);
		tok(2);
	}
	begin("reserved-memory");	/* as OpenSBI makes it: the firmware's own RAM */
	propcells("#address-cells", 1, one);
	propcells("#size-cells", 1, one);
	begin("mmode_resv0@80000000");
	propcells("reg", 2, (u32int[]){0x80000000, 0x80000});
	tok(2);
	tok(2);
	begin("cpus");
	propcells("#address-cells", 1, one);
	propcells("#size-cells", 1, (u32int[]){0});
	begin("cpu@0");
	propcells("reg", 1, r0);
	tok(2);
	begin("cpu@3");
	propcells("reg", 1, r3);
	begin("interrupt-controller");	/* nested deeper: not a cpu */
	tok(2);
	tok(2);
	begin("cpu-map");	/* not cpu@N */
	tok(2);
	tok(2);
	tok(2);
	tok(9);
	return finish();
}

static void
fdtgood(void)
{
	Fdtinfo fi;
	int n;

	n = virttree(1);
	checkeq(fdtparse(bld.blob, sizeof bld.blob, &fi), 0);
	checkeq(fi.membase, 0x80000000);
	checkeq(fi.memsize, 0x10000000);
	checkeq(fi.ncpu, 2);
	checkeq(fi.hartid[0], 0);
	checkeq(fi.hartid[1], 3);
	check(fi.base == (uintptr)bld.blob);
	checkeq(fi.size, n);
	checkstr(fi.bootargs, "check fail");
	checkeq(fi.nresv, 1);
	checkeq(fi.resvbase[0], 0x80000000);
	checkeq(fi.resvsize[0], 0x80000);
}

static void
fdtbadmagic(void)
{
	Fdtinfo fi;
	char err[ERRMAX];

	virttree(1);
	bld.blob[0] = 0xde;
	checkeq(fdtparse(bld.blob, sizeof bld.blob, &fi), -1);
	rerrstr(err, sizeof err);
	check(strstr(err, "bad magic") != nil);
}

/* a tree cut short anywhere, or whose header lies about sizes, is refused */
static void
fdttruncated(void)
{
	Fdtinfo fi;
	char err[ERRMAX];
	int n, lim;

	n = virttree(1);
	for(lim = 0; lim < n; lim++){
		if(fdtparse(bld.blob, lim, &fi) != -1)
			testfail(__FILE__, __LINE__, "limit %d of %d accepted", lim, n);
		rerrstr(err, sizeof err);
		check(strstr(err, "truncated") != nil);
	}
	put32(bld.blob + 36, bld.nst - 8);	/* structure block cut before FDT_END */
	checkeq(fdtparse(bld.blob, sizeof bld.blob, &fi), -1);
	rerrstr(err, sizeof err);
	check(strstr(err, "truncated") != nil);
	n = virttree(1);
	put32(bld.blob + 32, 0x7fffffff);	/* strings block past the end */
	checkeq(fdtparse(bld.blob, sizeof bld.blob, &fi), -1);
	n = virttree(1);
	put32(bld.blob + 4, 0xffffffff);	/* total size past the limit */
	checkeq(fdtparse(bld.blob, n, &fi), -1);
}

static void
fdtmalformed(void)
{
	Fdtinfo fi;
	char err[ERRMAX];

	virttree(0);
	checkeq(fdtparse(bld.blob, sizeof bld.blob, &fi), -1);
	rerrstr(err, sizeof err);
	checkstr(err, "device tree has no /memory");

	virttree(1);
	put32(bld.blob + 40 + 16, 7);	/* first token is not BEGIN_NODE */
	checkeq(fdtparse(bld.blob, sizeof bld.blob, &fi), -1);
	rerrstr(err, sizeof err);
	check(strstr(err, "bad token") != nil);
}

Test fdttests[] = {
	{"fdt-good", fdtgood},
	{"fdt-bad-magic", fdtbadmagic},
	{"fdt-truncated", fdttruncated},
	{"fdt-malformed", fdtmalformed},
	{nil},
};
