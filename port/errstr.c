/*
 * Error strings in the manner of Plan 9's errstr(2).  The buffer is
 * the environment's when it sets errstrbuf (the kernel gives one per
 * hart, so harts never see each other's errors), else one shared.
 */
#include "u.h"
#include "lib.h"

char	*(*errstrbuf)(void);

char*
errbuffer(void)
{
	static char shared[ERRMAX];

	return errstrbuf != nil ? errstrbuf() : shared;
}

void
werrstr(char *fmt, ...)
{
	va_list ap;
	char tmp[ERRMAX];

	/* format aside first: the arguments may include %r itself */
	va_start(ap, fmt);
	vseprint(tmp, tmp + sizeof tmp, fmt, ap);
	va_end(ap);
	memmove(errbuffer(), tmp, sizeof tmp);
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
	e = errbuffer();
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
	seprint(buf, buf + n, "%s", errbuffer());
}
