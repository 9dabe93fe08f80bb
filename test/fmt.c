/*
 * The formatter against expected strings, error strings, and the
 * harness's own panic interception.
 */
#include "u.h"
#include "lib.h"
#include "test.h"

static char*
f(char *fmt, ...)
{
	static char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vseprint(buf, buf + sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

static void
fmtint(void)
{
	checkstr(f("%d", 0), "0");
	checkstr(f("%d", 42), "42");
	checkstr(f("%d", -42), "-42");
	checkstr(f("%i", -7), "-7");
	checkstr(f("%d", (int)0x80000000), "-2147483648");
	checkstr(f("%ld", (long)(~0UL/2 + 1)), sizeof(long) == 8 ? "-9223372036854775808" : "-2147483648");	/* LONG_MIN */
	checkstr(f("%lld", (vlong)0x7fffffffffffffffLL), "9223372036854775807");
	checkstr(f("%lud", ~0UL), sizeof(long) == 8 ? "18446744073709551615" : "4294967295");
	checkstr(f("%llud", ~0ULL), "18446744073709551615");
	checkstr(f("%u", 4000000000U), "4000000000");
	checkstr(f("%u\n", 5U), "5\n");
	checkstr(f("%ud", -1), "4294967295");
	checkstr(f("%hd", 70000), "4464");
	checkstr(f("%hhd", 255), "-1");
	checkstr(f("%hud", -1), "65535");
	checkstr(f("%+d %+d", 5, -5), "+5 -5");
	checkstr(f("% d", 5), " 5");
}

static void
fmthex(void)
{
	checkstr(f("%x", 255), "ff");
	checkstr(f("%X", 255), "FF");
	checkstr(f("%x", -1), "-1");		/* Plan 9: signed unless u */
	checkstr(f("%ux", -1), "ffffffff");
	checkstr(f("%lux", ~0UL), sizeof(long) == 8 ? "ffffffffffffffff" : "ffffffff");
	checkstr(f("%.8lux", 0xbeefUL), "0000beef");
	checkstr(f("%.8llux", 0x123456789aULL), "123456789a");
	checkstr(f("%#x", 255), "0xff");
	checkstr(f("%#X", 255), "0XFF");
	checkstr(f("%#x", 0), "0");
	checkstr(f("%o", 8), "10");
	checkstr(f("%#o", 8), "010");
	checkstr(f("%#.2ux", 0xabU), "0xab");
	checkstr(f("%.2ux", 0x5U), "05");
}

static void
fmtwidth(void)
{
	checkstr(f("[%5d]", 42), "[   42]");
	checkstr(f("[%-5d]", 42), "[42   ]");
	checkstr(f("[%05d]", 42), "[00042]");
	checkstr(f("[%05d]", -42), "[-0042]");
	checkstr(f("[%-05d]", 42), "[42   ]");
	checkstr(f("[%.3d]", 7), "[007]");
	checkstr(f("[%6.3d]", -7), "[  -007]");
	checkstr(f("[%.0d]", 0), "[]");
	checkstr(f("[%*d]", 4, 1), "[   1]");
	checkstr(f("[%*d]", -4, 1), "[1   ]");
	checkstr(f("[%.*d]", 3, 1), "[001]");
	checkstr(f("[%08x]", 0xabc), "[00000abc]");
	checkstr(f("[%#08x]", 0xabc), "[0x000abc]");
}

static void
fmtstrs(void)
{
	checkstr(f("%s", "hello"), "hello");
	checkstr(f("[%7s]", "abc"), "[    abc]");
	checkstr(f("[%-7s]", "abc"), "[abc    ]");
	checkstr(f("[%.2s]", "abc"), "[ab]");
	checkstr(f("[%5.1s]", "abc"), "[    a]");
	checkstr(f("%s", (char*)nil), "<nil>");
	checkstr(f("%c%c%c", 'a', 'b', 'c'), "abc");
	checkstr(f("[%3c]", 'x'), "[  x]");
	checkstr(f("100%%"), "100%");
	checkstr(f("%q"), "%q");
	checkstr(f("%"), "%");
}

static void
fmtptr(void)
{
	checkstr(f("%p", (void*)0x80200000UL), "80200000");
	checkstr(f("%#p", (void*)0x80200000UL), "0x80200000");
	checkstr(f("%p", (void*)~0UL), sizeof(void*) == 8 ? "ffffffffffffffff" : "ffffffff");
	checkstr(f("%p", nil), "0");
}

/* truncation: never a byte past the end, always NUL-terminated */
static void
fmttrunc(void)
{
	char buf[16], *p;
	int i, n;

	memset(buf, 'Z', sizeof buf);
	p = seprint(buf, buf + 8, "%s", "0123456789");
	checkstr(buf, "0123456");
	check(p == buf + 7);
	for(i = 8; i < (int)sizeof buf; i++)
		checkeq(buf[i], 'Z');

	memset(buf, 'Z', sizeof buf);
	n = snprint(buf, 5, "%d", -123456);
	checkeq(n, 4);
	checkstr(buf, "-123");
	checkeq(buf[5], 'Z');

	memset(buf, 'Z', sizeof buf);
	n = snprint(buf, 1, "abc");
	checkeq(n, 0);
	checkeq(buf[0], 0);
	checkeq(buf[1], 'Z');

	memset(buf, 'Z', sizeof buf);
	check(seprint(buf, buf, "abc") == buf);	/* empty buffer: nothing written */
	checkeq(buf[0], 'Z');
	checkeq(snprint(buf, 0, "abc"), 0);
	checkeq(buf[0], 'Z');

	p = seprint(buf, buf + sizeof buf, "%llud", ~0ULL);	/* 20 digits into 16 */
	checkstr(buf, "184467440737095");
	check(p == buf + 15);
}

/* a Fmt whose 8-byte buffer flushes into out: long output arrives whole and in order */
static char flushout[512];
static int nflushout;

static int
flushcapture(Fmt *fm)
{
	int n;

	n = fm->to - fm->start;
	memmove(flushout + nflushout, fm->start, n);
	nflushout += n;
	fm->to = fm->start;
	return 1;
}

static void
fmtflush(void)
{
	char buf[8], want[400];
	Fmt fm;
	int n;

	fm.start = fm.to = buf;
	fm.stop = buf + sizeof buf;
	fm.flush = flushcapture;
	fm.nfmt = 0;
	nflushout = 0;
	n = fmtprint(&fm, "%300s|%d", "right-justified", -12345);
	flushcapture(&fm);
	flushout[nflushout] = 0;
	checkeq(n, 307);
	checkeq(nflushout, 307);
	seprint(want, want + sizeof want, "%300s|%d", "right-justified", -12345);
	checkstr(flushout, want);
	check(strncmp(flushout + 285, "right-justified|-12345", 22) == 0);
}

static void
errstrs(void)
{
	char buf[ERRMAX], big[2*ERRMAX];
	int i;

	werrstr("first %d", 1);
	rerrstr(buf, sizeof buf);
	checkstr(buf, "first 1");
	checkstr(f("error: %r"), "error: first 1");
	werrstr("wrapped: %r");
	checkstr(f("%r"), "wrapped: first 1");

	seprint(buf, buf + sizeof buf, "mine");
	errstr(buf, sizeof buf);	/* swaps */
	checkstr(buf, "wrapped: first 1");
	checkstr(f("%r"), "mine");

	rerrstr(buf, 4);	/* truncated copy */
	checkstr(buf, "min");

	for(i = 0; i < (int)sizeof big - 1; i++)
		big[i] = 'a' + i % 26;
	big[i] = 0;
	werrstr("%s", big);	/* longer than ERRMAX: cut, not overrun */
	rerrstr(buf, sizeof buf);
	checkeq(strlen(buf), ERRMAX - 1);
}

static void
panics(void)
{
	panic("expected %s %d", "panic", 42);
}

static void
panicsformatted(void)
{
	werrstr("the reason");
	panic("failed: %r");
}

Test fmttests[] = {
	{"fmt-int", fmtint},
	{"fmt-hex", fmthex},
	{"fmt-width", fmtwidth},
	{"fmt-strings", fmtstrs},
	{"fmt-pointer", fmtptr},
	{"fmt-truncation", fmttrunc},
	{"fmt-flush", fmtflush},
	{"errstr", errstrs},
	{"panic-intercepted", panics, "expected panic 42"},
	{"panic-errstr", panicsformatted, "failed: the reason"},
	{nil},
};

/* Deliberate failures (boot argument or host argument "fail"): the harness must report each. */
static void
failcheck(void)
{
	checkeq(1 + 1, 3);
}

static void
failnopanic(void)
{
}

static void
failwrongpanic(void)
{
	panic("some other message");
}

Test failtests[] = {
	{"deliberate-check-failure", failcheck},
	{"deliberate-missing-panic", failnopanic, "this never comes"},
	{"deliberate-wrong-panic", failwrongpanic, "this never comes"},
	{nil},
};
