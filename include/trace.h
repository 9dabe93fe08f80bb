/*
 * Allocation traces in the binary form the kernel replays (bench/):
 * a header, then nevent fixed-size events.  bench/tracebin makes it
 * from the text form (bench/traces/README.md); QEMU's generic
 * loader puts it at TRACEADDR, where the kernel looks for it.
 */
enum {
	TRACEMAGIC	= 0x43525450,	/* "PTRC" */
	TRACEVERSION	= 1,
};

#define TRACEADDR	0xF0000000UL	/* needs -m 2G or more */

typedef struct Tracehdr Tracehdr;
typedef struct Tevent Tevent;

struct Tracehdr {
	u32int	magic;
	u32int	version;
	u64int	nevent;
	u64int	nid;		/* object ids are 0..nid-1 */
	u64int	peaklive;	/* most bytes live at once */
	u64int	totalbytes;	/* bytes asked for by every alloc and realloc */
	u64int	sum;		/* FNV-1a 64 of the events */
	char	name[32];	/* the trace's name, NUL-terminated */
};

struct Tevent {
	u8int	op;		/* 'a' alloc, 'f' free, 'r' realloc, 'm' memalign */
	u8int	pad[3];
	u32int	id;		/* the object made (a, r, m) or freed (f) */
	u32int	arg;		/* r: the old object; m: the alignment */
	u32int	size;
};

/* tracesum: FNV-1a over n bytes */
static inline u64int
tracesum(void *v, u64int n)
{
	u64int h;
	u8int *p;

	h = 0xcbf29ce484222325ULL;
	for(p = v; n > 0; n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}
