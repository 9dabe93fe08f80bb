/*
 * The environment include/lib.h names, on the host: print goes to
 * stdout, and a panic not claimed by panichook prints its message and
 * aborts (so the sanitizers and libFuzzer see it).  The host programs
 * are single-threaded, so they share port/'s one error buffer.
 * Shared by every host program.
 */
#include "u.h"
#include "lib.h"

#include <stdio.h>
#include <stdlib.h>

void (*panichook)(char*);

void
consputs(char *s, int n)
{
	fwrite(s, 1, n, stdout);
	fflush(stdout);
}

/* print goes to stdout from the start of every host program */
static void __attribute__((constructor))
hostprint(void)
{
	consout = consputs;
}


void
panic(char *fmt, ...)
{
	static int inpanic;
	char buf[256];
	va_list ap;
	void (*hook)(char*);

	if(inpanic){
		fprintf(stderr, "panic: recursive panic\n");
		abort();
	}
	va_start(ap, fmt);
	vseprint(buf, buf + sizeof buf, fmt, ap);
	va_end(ap);
	if((hook = panichook) != nil){
		panichook = nil;
		hook(buf);
	}
	inpanic = 1;
	fflush(stdout);
	fprintf(stderr, "panic: %s\n", buf);
	abort();
}
