# ilock/iunlock, uncontended: interrupts off (nesting counted in the
# hart's Mach, at tp), the lock's key compare-and-swapped from 0 to this
# hart's Mach with lr/sc, the caller's pc noted.  Every other case (a
# held lock, a lock held by this very hart, releasing one not held) is
# kernel/lock.c's, with the registers it needs.  Offsets: Mach
# ilockdepth 16, ilockie 20; Lock key 0, pc 8 (lock.c asserts them).

	.text
	.globl ilock
ilock:
	csrrci	t0, sstatus, 2		# splhi
	lw	t1, 16(tp)
	addiw	t2, t1, 1
	sw	t2, 16(tp)
	bnez	t1, 1f
	andi	t0, t0, 2		# the outermost keeps SIE as it was
	sw	t0, 20(tp)
1:	lr.d.aq	t0, (a0)
	bnez	t0, 2f
	sc.d	t1, tp, (a0)
	bnez	t1, 1b
	sd	ra, 8(a0)
	ret
2:	mv	a1, tp
	mv	a2, ra
	j	ilockslow		# spins, or panics if this hart holds it

	.globl iunlock
iunlock:
	ld	t0, 0(a0)
	lw	t1, 16(tp)
	bne	t0, tp, 2f
	addiw	t1, t1, -1
	bltz	t1, 2f
	fence	rw, w			# release
	sd	zero, 0(a0)
	sw	t1, 16(tp)
	bnez	t1, 1f
	lw	t0, 20(tp)
	csrs	sstatus, t0		# splx
1:	ret
2:	mv	a1, ra
	j	iunlockslow		# panics
