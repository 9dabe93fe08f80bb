/*
 * The print and panic of a Pool or Pagemap made for a test, a fuzzer or a bench
 * (test/poolio.c): one copy for all of them.
 */
#ifndef POOLIO_H
#define POOLIO_H
#include "page.h"
void	poolnoprint(Pool*, char*, ...);	/* drops what the pool prints */
void	poolpanicto(Pool*, char*, ...);	/* the message to panic(), which a harness may catch (panichook) */
void	poolerrstr(Pool*, char*);	/* the reason for a nil to werrstr */
void	pagepanicto(Pagemap*, char*, ...);	/* as poolpanicto, for a page map */

#endif
