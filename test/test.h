/*
 * The test harness: tables of named tests, run one after another in
 * one boot (or one host process).  A test fails through check*(),
 * which jumps back to the runner; a test that names a panic message
 * passes only if it panics with a message containing that text.
 */
#ifndef TEST_H
#define TEST_H
#include "label.h"

typedef struct Test Test;
struct Test {
	char	*name;
	void	(*fn)(void);
	char	*panics;	/* nil, or text the panic message must contain */
};

void	testfail(char *file, int line, char *fmt, ...) __attribute__((noreturn));
int	runtests(Test **suites, char *args);
void	testprintf(char *fmt, ...);
uvlong	testrand(uvlong *seed);

#define check(c) do{ if(!(c)) testfail(__FILE__, __LINE__, "%s", #c); }while(0)
#define checkeq(a, b) do{ vlong a_ = (vlong)(a), b_ = (vlong)(b); \
	if(a_ != b_) testfail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); }while(0)
#define checkstr(a, b) do{ char *a_ = (a), *b_ = (b); \
	if(a_ == nil || strcmp(a_, b_) != 0) testfail(__FILE__, __LINE__, "%s: got \"%s\", want \"%s\"", #a, a_, b_); }while(0)

/* inside: is pc in the first 256 bytes of function fn (a caller tag's check)? */
static inline int	inside(void *fn, uintptr pc)	{ return pc > (uintptr)fn && pc < (uintptr)fn + 256; }

/* suites shared by the kernel and the host (test/suites.c) */
extern Test	*portsuites[];
extern Test	failtests[];

#endif
