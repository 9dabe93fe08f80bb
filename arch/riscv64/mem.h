/* Sizes shared by C and the assembler. */
#define MAXHART		8
#define STACKSIZE	(16*1024)
#define TRAPSTACKSIZE	(4*1024)
#define UARTBASE	0x10000000UL
#define FINISHER	0x100000UL
