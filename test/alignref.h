/* test/alignref.c: brute-force answers for poolallocalign */
ulong	refoffset(long offset, ulong align);
int	refpossible(ulong n, ulong align, ulong off, ulong span);
