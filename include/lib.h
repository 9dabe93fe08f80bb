/*
 * The little C library shared by the kernel, port/ and the tests:
 * formatting (port/fmt.c), error strings (port/errstr.c), string
 * routines (port/string.c), and what the environment that links them
 * supplies (print, console, panic).
 */
#ifndef LIB_H
#define LIB_H

#include "u.h"

enum {
	ERRMAX = 128,	/* bytes in an error string, NUL included */
};

/* Formatting state: characters go to [to, stop); flush empties the buffer. */
typedef struct Fmt Fmt;
struct Fmt {
	char	*start;		/* buffer */
	char	*to;		/* next free byte */
	char	*stop;		/* end of buffer */
	int	(*flush)(Fmt*);	/* make room; returns 0 to stop output */
	void	*farg;		/* for flush */
	int	nfmt;		/* characters produced so far, flushed or not */
};

int	fmtprint(Fmt*, char*, ...);
int	fmtvprint(Fmt*, char*, va_list);
int	fmtputc(Fmt*, int);

int	vputprint(void (*put)(char*, int), char*, va_list);
int	print(char*, ...);	/* to consout */
int	vprint(char*, va_list);
extern void (*consout)(char*, int);	/* set by the environment: where print's text goes */
int	snprint(char*, int, char*, ...);
int	vsnprint(char*, int, char*, va_list);
char*	seprint(char*, char*, char*, ...);
char*	vseprint(char*, char*, char*, va_list);

/* Error strings (port/errstr.c): the environment may give each hart its own buffer. */
void	werrstr(char*, ...);
int	errstr(char*, uint);	/* swap the caller's buffer with the error string */
void	rerrstr(char*, uint);	/* copy the error string out */
char*	errbuffer(void);	/* the ERRMAX-byte buffer in use */
extern char *(*errstrbuf)(void);	/* set by the environment: this hart's buffer; nil: one shared */

/* The environment's (kernel/console.c, test/hostenv.c); port/ calls none of them. */
void	consputs(char*, int);	/* write n bytes to the console */
void	panic(char*, ...) __attribute__((noreturn));
extern void (*panichook)(char*);	/* if set, panic calls it (once) with the message */

/* String and memory routines (the host's libc supplies its own). */
void*	memset(void*, int, size_t);
void*	memmove(void*, const void*, size_t);
void*	memcpy(void*, const void*, size_t);
int	memcmp(const void*, const void*, size_t);
size_t	strlen(const char*);
int	strcmp(const char*, const char*);
int	strncmp(const char*, const char*, size_t);
char*	strchr(const char*, int);
char*	strstr(const char*, const char*);
char*	strecpy(char*, char*, char*);
int	hasarg(char *args, char *word);	/* is word in args, a word of its own? */

#endif
