/*
 * setlabel/gotolabel: libc's setjmp/longjmp on the host (so the
 * sanitizers know the stack was unwound), label.S in the kernel.
 */
#ifdef HOST
#include <setjmp.h>
typedef struct Label Label;
struct Label {
	jmp_buf	buf;
};
#define setlabel(l)	setjmp((l)->buf)
#define gotolabel(l)	longjmp((l)->buf, 1)
#else
#include "../kernel/dat.h"
#include "../kernel/fns.h"
#endif
