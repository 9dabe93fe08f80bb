/*
 * The host test program (test/hostenv.c is its environment).  Built
 * with -fsanitize=address,undefined.
 *	hosttest [fail|probe]
 */
#include "u.h"
#include "lib.h"
#include "test.h"


int
main(int argc, char **argv)
{
	static Test *suites[64];
	int n, i;
	char *args;

	args = argc > 1 ? argv[1] : "";
	if(strcmp(args, "probe") == 0)	/* can this machine run it at all? */
		return 0;
	n = 0;
	for(i = 0; portsuites[i] != nil; i++)
		suites[n++] = portsuites[i];
	if(strcmp(args, "fail") == 0)
		suites[n++] = failtests;
	suites[n] = nil;
	return runtests(suites, args) ? 1 : 0;
}
