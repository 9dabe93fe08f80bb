/*
 * Runs the suites: prints "test NAME: ok" or "test NAME: FAIL why"
 * for each test, and last of all "N passed, N failed" alone on a line.
 */
#include "u.h"
#include "lib.h"
#include "test.h"

static Tlabel	testlabel;
static char	failmsg[512];
static char	panicmsg[256];

static void
testpanic(char *msg)
{
	seprint(panicmsg, panicmsg + sizeof panicmsg, "%s", msg);
	tgotolabel(&testlabel);
}

void
testfail(char *file, int line, char *fmt, ...)
{
	va_list ap;
	char *p, *e;

	panichook = nil;
	e = failmsg + sizeof failmsg;
	p = seprint(failmsg, e, "%s:%d ", file, line);
	va_start(ap, fmt);
	vseprint(p, e, fmt, ap);
	va_end(ap);
	tgotolabel(&testlabel);
}

/* testrand: xorshift64*, so every run and both builds see the same sequence */
uvlong
testrand(uvlong *seed)
{
	uvlong x;

	x = *seed;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*seed = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* runtest: 1 if t passed */
static int
runtest(Test *t)
{
	failmsg[0] = 0;
	panicmsg[0] = 0;
	if(tsetlabel(&testlabel) == 0){
		panichook = testpanic;
		t->fn();
		panichook = nil;
		if(t->panics == nil)
			return 1;
		seprint(failmsg, failmsg + sizeof failmsg, "expected a panic with \"%s\", none came", t->panics);
		return 0;
	}
	panichook = nil;
	if(failmsg[0])
		return 0;
	if(t->panics != nil && strstr(panicmsg, t->panics) != nil)
		return 1;
	if(t->panics != nil)
		seprint(failmsg, failmsg + sizeof failmsg, "panic \"%s\", expected \"%s\"", panicmsg, t->panics);
	else
		seprint(failmsg, failmsg + sizeof failmsg, "unexpected panic: %s", panicmsg);
	return 0;
}

int
runtests(Test **suites, char *args)
{
	Test **s, *t;
	int pass, fail;

	USED(args);
	pass = fail = 0;
	for(s = suites; *s != nil; s++)
		for(t = *s; t->name != nil; t++){
			if(runtest(t)){
				print("test %s: ok\n", t->name);
				pass++;
			}else{
				print("test %s: FAIL %s\n", t->name, failmsg);
				fail++;
			}
		}
	print("%d passed, %d failed\n", pass, fail);
	return fail;
}
