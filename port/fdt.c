/*
 * A reader for the flattened device tree (devicetree specification,
 * chapter 5): a header, a structure block of big-endian 32-bit tokens,
 * and a strings block holding property names.  We take the RAM range,
 * the harts, the boot arguments and the reserved memory, and bound every read by the
 * header's sizes and the caller's limit, so a malformed tree is an
 * error, never a wild read.
 */
#include "u.h"
#include "lib.h"
#include "fdt.h"

enum {
	FDT_MAGIC	= 0xd00dfeed,
	FDT_BEGIN_NODE	= 1,
	FDT_END_NODE	= 2,
	FDT_PROP	= 3,
	FDT_NOP		= 4,
	FDT_END		= 9,
	HDRSIZE		= 40,
	MAXDEPTH	= 16,
};

static u32int
be32(uchar *p)
{
	return (u32int)p[0]<<24 | (u32int)p[1]<<16 | (u32int)p[2]<<8 | p[3];
}

/* cells: a big-endian number of n 32-bit cells (n <= 2) */
static uvlong
cells(uchar *p, int n)
{
	uvlong v;

	v = 0;
	while(n-- > 0){
		v = v<<32 | be32(p);
		p += 4;
	}
	return v;
}

/* nodename: does the node name s equal base, or base@unit? */
static int
nodename(char *s, char *base)
{
	int n;

	n = strlen(base);
	return strncmp(s, base, n) == 0 && (s[n] == 0 || s[n] == '@');
}

/* strat: the NUL-terminated string at [p, e), or nil if it runs off the end */
static char*
strat(uchar *p, uchar *e)
{
	uchar *q;

	for(q = p; q < e; q++)
		if(*q == 0)
			return (char*)p;
	return nil;
}

int
fdtparse(void *fdt, uintptr limit, Fdtinfo *info)
{
	uchar *b, *s, *se, *strs, *stre, *val;
	u32int tok, len, nameoff, total, off, size, soff, ssize;
	int depth, acells, scells, cpuacells, racells, rscells, gotmem;
	char *name, *prop, *path[MAXDEPTH];

	memset(info, 0, sizeof *info);
	b = fdt;
	if(limit < HDRSIZE){
		werrstr("device tree truncated: %lud bytes", (ulong)limit);
		return -1;
	}
	if(be32(b) != FDT_MAGIC){
		werrstr("device tree bad magic %.8ux", be32(b));
		return -1;
	}
	total = be32(b+4);
	off = be32(b+8);
	soff = be32(b+12);
	ssize = be32(b+32);
	size = be32(b+36);
	if(total < HDRSIZE || total > limit
	|| off > total || size > total - off || soff > total || ssize > total - soff){
		werrstr("device tree truncated: size %ud, structure %ud+%ud, strings %ud+%ud, limit %lud",
			total, off, size, soff, ssize, (ulong)limit);
		return -1;
	}
	info->base = (uintptr)fdt;
	info->size = total;
	s = b + off;
	se = s + size;
	strs = b + soff;
	stre = strs + ssize;

	depth = 0;
	acells = 2;
	scells = 1;
	cpuacells = 1;
	racells = 2;
	rscells = 2;
	gotmem = 0;
	for(;;){
		if(se - s < 4)
			goto truncated;
		tok = be32(s);
		s += 4;
		switch(tok){
		case FDT_BEGIN_NODE:
			name = strat(s, se);
			if(name == nil)
				goto truncated;
			s += (strlen(name) + 1 + 3) & ~3;
			if(s > se)
				goto truncated;
			if(depth >= MAXDEPTH){
				werrstr("device tree nested too deep");
				return -1;
			}
			path[depth++] = name;
			if(depth == 3 && nodename(path[1], "cpus") && nodename(name, "cpu")){
				if(info->ncpu >= FDTMAXCPU){
					werrstr("device tree has more than %d cpus", FDTMAXCPU);
					return -1;
				}
				info->ncpu++;
			}
			break;
		case FDT_END_NODE:
			if(depth == 0){
				werrstr("device tree unbalanced");
				return -1;
			}
			depth--;
			break;
		case FDT_PROP:
			if(se - s < 8)
				goto truncated;
			len = be32(s);
			nameoff = be32(s+4);
			s += 8;
			val = s;
			if(len > (uintptr)(se - s))
				goto truncated;
			s += (len + 3) & ~3;
			if(s > se)
				goto truncated;
			if(nameoff >= ssize || (prop = strat(strs + nameoff, stre)) == nil)
				goto truncated;
			if(depth == 1 && strcmp(prop, "#address-cells") == 0 && len == 4)
				acells = be32(val);
			else if(depth == 1 && strcmp(prop, "#size-cells") == 0 && len == 4)
				scells = be32(val);
			else if(depth == 2 && nodename(path[1], "cpus") && strcmp(prop, "#address-cells") == 0 && len == 4)
				cpuacells = be32(val);
			else if(depth == 2 && nodename(path[1], "reserved-memory") && strcmp(prop, "#address-cells") == 0 && len == 4)
				racells = be32(val);
			else if(depth == 2 && nodename(path[1], "reserved-memory") && strcmp(prop, "#size-cells") == 0 && len == 4)
				rscells = be32(val);
			else if(depth == 3 && nodename(path[1], "reserved-memory") && strcmp(prop, "reg") == 0){
				if(racells < 1 || racells > 2 || rscells < 1 || rscells > 2 || len < 4*(u32int)(racells+rscells)){
					werrstr("device tree /reserved-memory reg malformed");
					return -1;
				}
				if(info->nresv >= FDTMAXRESV){
					werrstr("device tree reserves more than %d ranges", FDTMAXRESV);
					return -1;
				}
				info->resvbase[info->nresv] = cells(val, racells);
				info->resvsize[info->nresv++] = cells(val + 4*racells, rscells);
			}else if(depth == 2 && nodename(path[1], "memory") && strcmp(prop, "reg") == 0 && !gotmem){
				if(acells < 1 || acells > 2 || scells < 1 || scells > 2 || len < 4*(u32int)(acells+scells)){
					werrstr("device tree /memory reg malformed");
					return -1;
				}
				info->membase = cells(val, acells);
				info->memsize = cells(val + 4*acells, scells);
				gotmem = 1;
			}else if(depth == 3 && nodename(path[1], "cpus") && nodename(path[2], "cpu") && strcmp(prop, "reg") == 0){
				if(cpuacells < 1 || cpuacells > 2 || len < 4*(u32int)cpuacells){
					werrstr("device tree cpu reg malformed");
					return -1;
				}
				info->hartid[info->ncpu-1] = cells(val, cpuacells);
			}else if(depth == 2 && nodename(path[1], "chosen") && strcmp(prop, "bootargs") == 0){
				if(len > 0 && val[len-1] != 0)
					goto truncated;
				seprint(info->bootargs, info->bootargs + sizeof info->bootargs, "%s", len ? (char*)val : "");
			}
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			if(depth != 0){
				werrstr("device tree unbalanced");
				return -1;
			}
			if(!gotmem){
				werrstr("device tree has no /memory");
				return -1;
			}
			if(info->ncpu == 0){
				werrstr("device tree has no /cpus");
				return -1;
			}
			return 0;
		default:
			werrstr("device tree bad token %.8ux at offset %ud", tok, (u32int)(s - 4 - b));
			return -1;
		}
	}
truncated:
	werrstr("device tree truncated at offset %ud", (u32int)(s - b));
	return -1;
}
