/*
 * Error strings in the manner of Plan 9's errstr(2).  The buffer is
 * the environment's (errbuf): one per hart in the kernel, one per
 * thread on the host, so harts never see each other's errors.
 */
#include "u.h"
#include "lib.h"

void
werrstr(char *fmt, ...)
{
	va_list ap;
	char tmp[ERRMAX];

	/* format aside first: the arguments may include %r itself */
	va_start(ap, fmt);
	vseprint(tmp, tmp + sizeof tmp, fmt, ap);
	va_end(ap);
	memmove(errbuf(), tmp, sizeof tmp);
}

/* errstr: exchange buf and the error string (at most n bytes each) */
int
errstr(char *buf, uint n)
{
	char tmp[ERRMAX], *e;

	if(n == 0)
		return 0;
	if(n > ERRMAX)
		n = ERRMAX;
	e = errbuf();
	seprint(tmp, tmp + n, "%s", e);
	seprint(e, e + ERRMAX, "%s", buf);
	memmove(buf, tmp, strlen(tmp) + 1);
	return 0;
}

void
rerrstr(char *buf, uint n)
{
	if(n == 0)
		return;
	seprint(buf, buf + n, "%s", errbuf());
}
