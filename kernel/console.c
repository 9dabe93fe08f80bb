/*
 * The kernel's console (print), error buffers and panic.
 */
#include "u.h"
#include "lib.h"
#include "riscv.h"
#include "dat.h"
#include "fns.h"

void (*panichook)(char*);
static Lock conslock;

/* consputs: one caller's bytes out whole; a panicking hart takes no lock */
void
consputs(char *s, int n)
{
	int locked;

	locked = !m()->inpanic;
	if(locked)
		ilock(&conslock);
	while(n-- > 0)
		uartputc(*s++);
	if(locked)
		iunlock(&conslock);
}

/* macherrstr: this hart's error buffer (errstrbuf, set at boot) */
char*
macherrstr(void)
{
	return m()->errstr;
}


/*
 * panic: say why, where and on which hart, then stop the machine
 * (leaving QEMU stops every hart).  A panic raised while panicking
 * on the same hart exits at once instead of recursing.
 */
void
panic(char *fmt, ...)
{
	char buf[256];
	va_list ap;
	void (*hook)(char*);

	if(m()->inpanic){
		consputs("panic: recursive panic\n", 23);
		exitqemu(Exitpanic);
	}
	va_start(ap, fmt);
	vseprint(buf, buf + sizeof buf, fmt, ap);
	va_end(ap);
	if((hook = panichook) != nil){	/* the test harness expects this one */
		panichook = nil;
		hook(buf);
	}
	m()->inpanic = 1;
	print("panic: %s\n", buf);
	print("panic: hart %llud pc %#p\n", m()->hartid, __builtin_return_address(0));
	exitqemu(Exitpanic);
}
