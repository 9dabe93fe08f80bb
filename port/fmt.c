/*
 * Formatted output in the manner of Plan 9's print(2), written for
 * this project.  Everything funnels through fmtvprint, which writes
 * into a Fmt buffer and asks fmt->flush for room when it fills.
 *
 * Verbs: %d %i %u %x %X %o %c %s %p %r %%.
 * Flags: - 0 # + space, width and precision (digits or *).
 * Modifiers: h, hh, l, ll, and Plan 9's u (unsigned): %ud %lux %llud.
 * As in Plan 9, %x and %o are signed unless u is given (%x of -1 is
 * "-1", %ux is "ffffffff"), and %p is bare hex (%#p adds 0x).
 */
#include "u.h"
#include "lib.h"

enum {
	FmtLeft		= 1<<0,
	FmtZero		= 1<<1,
	FmtSharp	= 1<<2,
	FmtSign		= 1<<3,
	FmtSpace	= 1<<4,
	FmtUnsigned	= 1<<5,
	FmtShort	= 1<<6,
	FmtByte		= 1<<7,
	FmtLong		= 1<<8,
	FmtVlong	= 1<<9,
	FmtPrec		= 1<<10,
};

int
fmtputc(Fmt *f, int c)
{
	f->nfmt++;
	if(f->to >= f->stop){
		if(f->flush == nil || f->flush(f) == 0 || f->to >= f->stop)
			return -1;	/* no room: the character is dropped */
	}
	*f->to++ = c;
	return 0;
}

static void
fmtpad(Fmt *f, int c, int n)
{
	while(n-- > 0)
		fmtputc(f, c);
}

static void
fmtstr(Fmt *f, char *s, int n, int width, int flags)
{
	int i;

	if(!(flags & FmtLeft))
		fmtpad(f, ' ', width - n);
	for(i = 0; i < n; i++)
		fmtputc(f, s[i]);
	if(flags & FmtLeft)
		fmtpad(f, ' ', width - n);
}

static void
fmtstring(Fmt *f, char *s, int width, int prec, int flags)
{
	int n;

	if(s == nil)
		s = "<nil>";
	for(n = 0; s[n] != 0; n++)
		if((flags & FmtPrec) && n >= prec)
			break;
	fmtstr(f, s, n, width, flags);
}

/* fmtint: an integer already widened to 64 bits, with its sign split off */
static void
fmtint(Fmt *f, uvlong u, int neg, int base, int upper, int width, int prec, int flags)
{
	char buf[3*sizeof(uvlong)+2], *p, *digits, *prefix;
	int ndig, npre, nzero;

	digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	p = buf + sizeof buf;
	ndig = 0;
	while(u != 0){
		*--p = digits[u % base];
		u /= base;
		ndig++;
	}
	if(ndig == 0 && !((flags & FmtPrec) && prec == 0)){
		*--p = '0';
		ndig = 1;
	}
	prefix = "";
	if(neg)
		prefix = "-";
	else if(flags & FmtSign)
		prefix = "+";
	else if(flags & FmtSpace)
		prefix = " ";
	if(flags & FmtSharp){
		if(base == 16 && (ndig > 1 || *p != '0'))
			prefix = upper ? "0X" : "0x";
		else if(base == 8 && *p != '0')
			prefix = "0";
	}
	npre = strlen(prefix);
	nzero = 0;
	if(flags & FmtPrec){
		if(prec > ndig)
			nzero = prec - ndig;
	}else if((flags & FmtZero) && !(flags & FmtLeft) && width > npre + ndig)
		nzero = width - npre - ndig;
	width -= npre + nzero + ndig;
	if(!(flags & FmtLeft))
		fmtpad(f, ' ', width);
	while(*prefix)
		fmtputc(f, *prefix++);
	fmtpad(f, '0', nzero);
	while(ndig-- > 0)
		fmtputc(f, *p++);
	if(flags & FmtLeft)
		fmtpad(f, ' ', width);
}

/* fetch the next integer argument as the modifiers say, widened to 64 bits */
static uvlong
intarg(va_list *ap, int flags, int *neg)
{
	vlong v;
	uvlong u;

	*neg = 0;
	if(flags & FmtUnsigned){
		if(flags & FmtVlong)
			u = va_arg(*ap, uvlong);
		else if(flags & FmtLong)
			u = va_arg(*ap, ulong);
		else
			u = va_arg(*ap, uint);
		if(flags & FmtByte)
			u = (uchar)u;
		else if(flags & FmtShort)
			u = (ushort)u;
		return u;
	}
	if(flags & FmtVlong)
		v = va_arg(*ap, vlong);
	else if(flags & FmtLong)
		v = va_arg(*ap, long);
	else
		v = va_arg(*ap, int);
	if(flags & FmtByte)
		v = (signed char)v;
	else if(flags & FmtShort)
		v = (short)v;
	if(v < 0){
		*neg = 1;
		return -(uvlong)v;	/* right for LLONG_MIN too */
	}
	return v;
}

static int
isintverb(int c)
{
	return c == 'd' || c == 'i' || c == 'x' || c == 'X' || c == 'o';
}

int
fmtvprint(Fmt *f, char *fmt, va_list ap0)
{
	va_list ap;
	int c, flags, width, prec, neg, n0;
	uvlong u;
	char cbuf[1];

	va_copy(ap, ap0);
	n0 = f->nfmt;
	while((c = *fmt++) != 0){
		if(c != '%'){
			fmtputc(f, c);
			continue;
		}
		flags = 0;
		width = 0;
		prec = 0;
		for(;; fmt++){	/* flags */
			switch(*fmt){
			case '-': flags |= FmtLeft; continue;
			case '0': flags |= FmtZero; continue;
			case '#': flags |= FmtSharp; continue;
			case '+': flags |= FmtSign; continue;
			case ' ': flags |= FmtSpace; continue;
			}
			break;
		}
		if(*fmt == '*'){
			fmt++;
			width = va_arg(ap, int);
			if(width < 0){
				flags |= FmtLeft;
				width = -width;
			}
		}else
			while(*fmt >= '0' && *fmt <= '9')
				width = width*10 + *fmt++ - '0';
		if(*fmt == '.'){
			fmt++;
			flags |= FmtPrec;
			if(*fmt == '*'){
				fmt++;
				prec = va_arg(ap, int);
				if(prec < 0)
					flags &= ~FmtPrec;
			}else
				while(*fmt >= '0' && *fmt <= '9')
					prec = prec*10 + *fmt++ - '0';
		}
		for(;; fmt++){	/* modifiers */
			if(*fmt == 'h')
				flags |= (flags & FmtShort) ? FmtByte : FmtShort;
			else if(*fmt == 'l')
				flags |= (flags & FmtLong) ? FmtVlong : FmtLong;
			else if(*fmt == 'u' && isintverb(fmt[1]))
				flags |= FmtUnsigned;
			else
				break;
		}
		c = *fmt++;
		switch(c){
		case 0:
			fmt--;	/* a lone % at the end */
			fmtputc(f, '%');
			break;
		case 'd':
		case 'i':
			u = intarg(&ap, flags, &neg);
			fmtint(f, u, neg, 10, 0, width, prec, flags);
			break;
		case 'u':
			u = intarg(&ap, flags|FmtUnsigned, &neg);
			fmtint(f, u, 0, 10, 0, width, prec, flags);
			break;
		case 'x':
		case 'X':
			u = intarg(&ap, flags, &neg);
			fmtint(f, u, neg, 16, c == 'X', width, prec, flags);
			break;
		case 'o':
			u = intarg(&ap, flags, &neg);
			fmtint(f, u, neg, 8, 0, width, prec, flags);
			break;
		case 'p':
			u = (uintptr)va_arg(ap, void*);
			fmtint(f, u, 0, 16, 0, width, prec, flags & ~FmtSign & ~FmtSpace);
			break;
		case 'c':
			cbuf[0] = va_arg(ap, int);
			fmtstr(f, cbuf, 1, width, flags);
			break;
		case 's':
			fmtstring(f, va_arg(ap, char*), width, prec, flags);
			break;
		case 'r':
			fmtstring(f, errbuffer(), width, prec, flags);
			break;
		case '%':
			fmtputc(f, '%');
			break;
		default:	/* unknown verb: show it as written */
			fmtputc(f, '%');
			fmtputc(f, c);
			break;
		}
	}
	va_end(ap);
	return f->nfmt - n0;
}

int
fmtprint(Fmt *f, char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmtvprint(f, fmt, ap);
	va_end(ap);
	return n;
}

/* vseprint: format into [buf, e), always NUL-terminated; returns the NUL */
char*
vseprint(char *buf, char *e, char *fmt, va_list ap)
{
	Fmt f;

	if(buf == nil || e <= buf)
		return buf;
	f.start = f.to = buf;
	f.stop = e - 1;
	f.flush = nil;
	f.farg = nil;
	f.nfmt = 0;
	fmtvprint(&f, fmt, ap);
	*f.to = 0;
	return f.to;
}

char*
seprint(char *buf, char *e, char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vseprint(buf, e, fmt, ap);
	va_end(ap);
	return p;
}

/* vsnprint: like vseprint into n bytes; returns the characters stored */
int
vsnprint(char *buf, int n, char *fmt, va_list ap)
{
	if(n <= 0)
		return 0;
	return vseprint(buf, buf + n, fmt, ap) - buf;
}

int
snprint(char *buf, int n, char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	n = vsnprint(buf, n, fmt, ap);
	va_end(ap);
	return n;
}

static int
putflush(Fmt *f)
{
	((void(*)(char*, int))f->farg)(f->start, f->to - f->start);
	f->to = f->start;
	return 1;
}

/* vputprint: format and hand the text to put, a buffer at a time; the environment's print is built on it */
int
vputprint(void (*put)(char*, int), char *fmt, va_list ap)
{
	char buf[256];
	Fmt f;
	int n;

	f.start = f.to = buf;
	f.stop = buf + sizeof buf;
	f.flush = putflush;
	f.farg = (void*)put;
	f.nfmt = 0;
	n = fmtvprint(&f, fmt, ap);
	putflush(&f);
	return n;
}

/* print: to the environment's console, consout (set before the first print); nothing if unset */
void	(*consout)(char*, int);

static void
printout(char *s, int n)
{
	if(consout != nil)
		consout(s, n);
}

int
vprint(char *fmt, va_list ap)
{
	return vputprint(printout, fmt, ap);
}

int
print(char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprint(fmt, ap);
	va_end(ap);
	return n;
}
