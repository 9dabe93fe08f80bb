/*
 * The ns16550a UART of QEMU's virt machine, polled: wait for the
 * transmit holding register to empty, then write the byte.
 */
#include "u.h"
#include "lib.h"
#include "dat.h"
#include "fns.h"

enum {
	THR	= 0,		/* transmit holding register */
	LSR	= 5,		/* line status register */
	LSR_THRE = 1<<5,	/* THR empty */
};

#define UARTREG(r)	((volatile uchar*)(UARTBASE + (r)))

void
uartputc(int c)
{
	while((*UARTREG(LSR) & LSR_THRE) == 0)
		;
	*UARTREG(THR) = c;
}
