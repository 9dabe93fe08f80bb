/*
 * What port/ expects of its environment (include/lib.h), on the host:
 * the console is stdout, each thread has its own error string, and a
 * panic not claimed by panichook prints its message and aborts (so the
 * sanitizers and libFuzzer see it).  Shared by every host program.
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

char*
errbuf(void)
{
	static _Thread_local char buf[ERRMAX];

	return buf;
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
