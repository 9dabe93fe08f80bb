/*
 * The few libc string and memory routines the freestanding kernel
 * needs; the compiler may also emit calls to memset/memcpy/memmove.
 * Not built for the host, whose libc has the same routines.
 */
#include "u.h"
#include "lib.h"

/* memset: a word at a time once aligned (malloc clears every block it hands out) */
void*
memset(void *v, int c, size_t n)
{
	uchar *p;
	u64int w;

	p = v;
	if(n >= 16){
		w = (uchar)c * 0x0101010101010101ULL;
		for(; ((uintptr)p & 7) != 0; n--)
			*p++ = c;
		for(; n >= 32; n -= 32, p += 32){
			((u64int*)p)[0] = w;
			((u64int*)p)[1] = w;
			((u64int*)p)[2] = w;
			((u64int*)p)[3] = w;
		}
		for(; n >= 8; n -= 8, p += 8)
			*(u64int*)p = w;
	}
	for(; n > 0; n--)
		*p++ = c;
	return v;
}

void*
memmove(void *dst, const void *src, size_t n)
{
	uchar *d;
	const uchar *s;

	d = dst;
	s = src;
	if(d == s || n == 0)
		return dst;
	if(d < s || d >= s + n){
		/* forward: word at a time when both are aligned alike */
		if((((uintptr)d ^ (uintptr)s) & 7) == 0){
			while(n > 0 && ((uintptr)d & 7) != 0){
				*d++ = *s++;
				n--;
			}
			for(; n >= 32; n -= 32, d += 32, s += 32){	/* unrolled: realloc copies */
				((u64int*)d)[0] = ((const u64int*)s)[0];
				((u64int*)d)[1] = ((const u64int*)s)[1];
				((u64int*)d)[2] = ((const u64int*)s)[2];
				((u64int*)d)[3] = ((const u64int*)s)[3];
			}
			for(; n >= 8; n -= 8, d += 8, s += 8)
				*(u64int*)d = *(const u64int*)s;
		}
		while(n-- > 0)
			*d++ = *s++;
	}else{
		d += n;
		s += n;
		while(n-- > 0)
			*--d = *--s;
	}
	return dst;
}

void*
memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const uchar *p, *q;

	for(p = a, q = b; n > 0; n--, p++, q++)
		if(*p != *q)
			return *p - *q;
	return 0;
}

size_t
strlen(const char *s)
{
	const char *p;

	for(p = s; *p; p++)
		;
	return p - s;
}

int
strcmp(const char *a, const char *b)
{
	while(*a && *a == *b){
		a++;
		b++;
	}
	return (uchar)*a - (uchar)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for(; n > 0; n--, a++, b++)
		if(*a != *b || *a == 0)
			return (uchar)*a - (uchar)*b;
	return 0;
}

char*
strchr(const char *s, int c)
{
	for(;; s++){
		if(*s == (char)c)
			return (char*)s;
		if(*s == 0)
			return nil;
	}
}

char*
strstr(const char *s, const char *t)
{
	size_t n;

	n = strlen(t);
	for(; *s; s++)
		if(strncmp(s, t, n) == 0)
			return (char*)s;
	return n == 0 ? (char*)s : nil;
}

/* hasarg: is word in args, as a word of its own (separated by spaces, commas or =)? */
int
hasarg(char *args, char *word)
{
	int n;
	char *s;

	n = strlen(word);
	for(s = args; (s = strstr(s, word)) != nil; s += n)
		if((s == args || strchr(" ,=", s[-1]) != nil) && (s[n] == 0 || strchr(" ,", s[n]) != nil))
			return 1;
	return 0;
}
