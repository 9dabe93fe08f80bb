/*
 * Reference answers for poolallocalign, by brute force, for the tests
 * and the fuzzer to hold the pool's answers against.
 */
#include "u.h"
#include "lib.h"
#include "alignref.h"

/* refoffset: offset reduced into [0, align) the slow, obvious way (align > 0) */
ulong
refoffset(long offset, ulong align)
{
	if(offset >= 0)
		return (ulong)offset % align;
	return align - 1 - (ulong)(-(offset + 1)) % align;
}

/*
 * refpossible: is there any address that is off mod align whose n bytes
 * stay inside one span?  Trying span successive candidates covers every
 * residue mod span they can have.
 */
int
refpossible(ulong n, ulong align, ulong off, ulong span)
{
	ulong k, c;

	if(span == 0 || n == 0)
		return 1;
	if(n > span)
		return 0;
	if(align == 0)
		return 1;
	for(k = 0; k < span; k++){
		c = off + k*align;
		if(c % span + n <= span)
			return 1;
	}
	return 0;
}
