# Kernel entry.  OpenSBI's fw_jump enters here in S-mode with
# a0 = hart id and a1 = device tree.  The first hart to arrive claims
# the boot; any other that arrives parks before touching memory.
# Harts started later through SBI HSM enter at secondary with
# a1 = their Mach, whose first two words are the stack and trap-stack tops.

#include "mem.h"

	.section .text.entry
	.globl _entry
_entry:
	la	t0, trapvec		# a trap vector before anything else runs
	csrw	stvec, t0
	csrw	sie, zero		# no interrupts: we poll
	la	t0, bootclaim
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, park

	la	t0, __bss_start		# clear BSS once, before any C runs
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	la	tp, mach		# the boot hart is mach[0]
	la	sp, stacks
	li	t0, STACKSIZE
	add	sp, sp, t0
	sd	sp, 0(tp)
	la	t0, trapstacks
	li	t1, TRAPSTACKSIZE
	add	t0, t0, t1
	sd	t0, 8(tp)
	call	main			# main(hartid, dtb) never returns
	j	park

	.globl secondary
secondary:
	la	t0, trapvec
	csrw	stvec, t0
	csrw	sie, zero
	mv	tp, a1
	ld	sp, 0(tp)
	call	mpstart			# mpstart(hartid, mach) never returns
park:
	wfi
	j	park

	.section .data
	.align 2
bootclaim:
	.word	0
