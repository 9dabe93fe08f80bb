/*
 * The host's side of the environment port/ expects (console, error
 * buffer, panic) and the host test program's main.  Built with
 * -fsanitize=address,undefined.
 *	hosttest [fail]
 */
#include "u.h"
#include "lib.h"
#include "test.h"

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
		exit(2);
	}
	va_start(ap, fmt);
	vseprint(buf, buf + sizeof buf, fmt, ap);
	va_end(ap);
	if((hook = panichook) != nil){
		panichook = nil;
		hook(buf);
	}
	inpanic = 1;
	print("panic: %s\n", buf);
	exit(2);
}

int
main(int argc, char **argv)
{
	static Test *suites[64];
	int n, i;
	char *args;

	args = argc > 1 ? argv[1] : "";
	n = 0;
	for(i = 0; portsuites[i] != nil; i++)
		suites[n++] = portsuites[i];
	if(strcmp(args, "fail") == 0)
		suites[n++] = failtests;
	suites[n] = nil;
	return runtests(suites, args) ? 1 : 0;
}
