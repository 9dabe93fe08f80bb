/*
 * Basic types, Plan 9 style, for LP64 (RISC-V 64 and the host).
 * Note: unlike Plan 9, ulong here is C's unsigned long: 64 bits.
 */
#ifndef U_H
#define U_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

typedef unsigned char	uchar;
typedef unsigned short	ushort;
typedef unsigned int	uint;
typedef unsigned long	ulong;
typedef long long	vlong;
typedef unsigned long long	uvlong;
typedef uint8_t		u8int;
typedef uint16_t	u16int;
typedef uint32_t	u32int;
typedef uint64_t	u64int;
typedef uintptr_t	uintptr;

#define nil		((void*)0)
#define nelem(x)	(sizeof(x)/sizeof((x)[0]))
#define USED(x)		((void)(x))

#endif
