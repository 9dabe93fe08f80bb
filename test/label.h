/*
 * The harness's way back from a failed test: libc's setjmp/longjmp on
 * the host (so the sanitizers know the stack was unwound), the
 * kernel's setlabel/gotolabel (label.S) in the kernel.
 */
#ifndef LABEL_H
#define LABEL_H
#ifdef HOST
#include <setjmp.h>
typedef struct Tlabel Tlabel;
struct Tlabel {
	jmp_buf	buf;
};
#define tsetlabel(l)	setjmp((l)->buf)
#define tgotolabel(l)	longjmp((l)->buf, 1)
#else
#include "dat.h"
#include "fns.h"
typedef Label	Tlabel;
#define tsetlabel(l)	setlabel(l)
#define tgotolabel(l)	gotolabel(l)
#endif

#endif
