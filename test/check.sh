#!/usr/bin/env bash
# make check: the tests in QEMU, the failure paths of the harness itself,
# then the same tests on the host under ASan/UBSan.  Passes only if every
# run did what it must; the last line is the total "N passed, N failed".
# Every part is deterministic: fixed seeds, fixed run counts, no timing.
#	env: QEMU (command line without -kernel and -append), QEMUBASE,
#	     TIMEOUT (seconds), ARGS, BUILD
set -u
norand="setarch $(uname -m) -R"	# no address randomization: host runs see the same addresses every time
pass=0
fail=0
logs=$BUILD/logs
mkdir -p "$logs"
kernel=$BUILD/kernel.elf
testkernel=$BUILD/testkernel.elf

ok()  { echo "check $1: ok"; pass=$((pass+1)); }
bad() { echo "check $1: FAIL $2"; fail=$((fail+1)); }

# boot NAME SECONDS KERNEL ARGS: run QEMU with boot arguments; sets $status, log in $logs/NAME.log
boot() {
	timeout "$2" $QEMU -kernel "$3" -append "$4" </dev/null >"$logs/$1.log" 2>&1
	status=$?
}

# count LOG: add the "N passed, N failed" of a test run to the totals; 0 if it is there and clean
count() {
	local last n f
	last=$(tail -n 1 "$1")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		n=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
		pass=$((pass+n)); fail=$((fail+f))
		[ "$f" = 0 ] && [ "$n" -gt 0 ]
		return
	fi
	return 1
}

# 1. the self-tests in QEMU, in the test kernel
timeout "$TIMEOUT" $QEMU -kernel "$testkernel" -append "check $ARGS" </dev/null 2>&1 | tee "$logs/qemu.log"
status=${PIPESTATUS[0]}
if [ "$status" = 124 ]; then
	bad qemu "timed out after ${TIMEOUT}s (log: $logs/qemu.log)"
elif ! count "$logs/qemu.log"; then
	bad qemu "exit status $status, last line: $(tail -n 1 "$logs/qemu.log")"
elif [ "$status" != 0 ]; then
	bad qemu "exit status $status"
fi

# 1b. the SMP stress of the kernel's malloc (per-hart caches, blocks freed by other
#     harts), 20 runs in a boot of their own: all 20 must pass
boot smp20 "$TIMEOUT" "$testkernel" smp20
if [ "$status" = 0 ] && tail -n 1 "$logs/smp20.log" | grep -q '^20 passed, 0 failed$'; then
	ok "smp-stress-20-of-20"
else
	bad smp-stress-20-of-20 "exit status $status, last line: $(tail -n 1 "$logs/smp20.log") (log: $logs/smp20.log)"
fi

# 2. a fault must be caught, decoded and reported with exit status 3
boot trap "$TIMEOUT" "$testkernel" trap
if [ "$status" = 3 ] && grep -q 'trap: store/AMO access fault (scause 0x7) sepc 0x.* stval 0x8 hart' "$logs/trap.log"; then
	ok trap-boot
else
	bad trap-boot "exit status $status, expected 3 and the decoded cause (log: $logs/trap.log)"
fi

# 3. deliberately failing tests must fail the run, each named
boot fail "$TIMEOUT" "$testkernel" "check fail"
if [ "$status" = 1 ] && grep -q '^test deliberate-check-failure: FAIL .*fmt.c:[0-9]* 1 + 1 == 3: 2 != 3' "$logs/fail.log" \
   && grep -q '^test deliberate-missing-panic: FAIL expected a panic' "$logs/fail.log" \
   && grep -q '^test deliberate-wrong-panic: FAIL panic "some other message"' "$logs/fail.log" \
   && tail -n 1 "$logs/fail.log" | grep -q ' passed, 3 failed$'; then
	ok failing-tests-reported
else
	bad failing-tests-reported "exit status $status (log: $logs/fail.log)"
fi

# 4. a kernel that hangs must be killed by the timeout
boot hang 5 "$testkernel" hang
if [ "$status" = 124 ] && grep -q 'deliberate hang' "$logs/hang.log"; then
	ok hang-timeout
else
	bad hang-timeout "exit status $status, expected the timeout's 124 (log: $logs/hang.log)"
fi

# 5. the kernel a user keeps: it boots, shows its demo and usage report and
#    exits 0, and its heap follows the RAM QEMU is given: all of it but
#    OpenSBI's 512 KiB, the device tree and an image of under 1 MiB; and
#    99 in 100 of the RAM's pages can be had as pages (xallocpage)
for mem in 128M 256M 2G; do
	timeout "$TIMEOUT" $QEMUBASE -m $mem -smp $SMP -kernel "$kernel" </dev/null >"$logs/mem$mem.log" 2>&1
	status=$?
	mib=${mem%M}; [ "$mem" = 2G ] && mib=2048
	heap=$(sed -n 's/^heap .*: \([0-9]*\) MiB in .*/\1/p' "$logs/mem$mem.log")
	pages=$(sed -n 's/^demo: xallocpage gave \([0-9]*\) pages.*/\1/p' "$logs/mem$mem.log")
	ram=$((mib * 256))
	if [ "$status" = 0 ] && [ -n "$heap" ] && [ "$heap" -ge $((mib - 2)) ] && [ "$heap" -le $((mib - 1)) ] \
	   && [ -n "$pages" ] && [ $((pages * 100)) -ge $((ram * 99)) ] \
	   && grep -q '^usage: pool main' "$logs/mem$mem.log"; then
		ok "kernel-$mem (heap $heap MiB, $pages pages of the RAM's $ram)"
	else
		bad "kernel-$mem" "exit status $status, heap '${heap}' MiB for $mib MiB of RAM, '${pages}' pages of $ram (log: $logs/mem$mem.log)"
	fi
done

# 5b. harts started under -icount, where QEMU runs them all in one thread: the
#     kernel boots and finishes on 2 and 4 (a hart that only spun while it waited
#     kept QEMU from ever running the one it had started: -smp 2 hung every time)
for n in 2 4; do
	timeout "$TIMEOUT" $QEMUBASE -m 256M -smp $n -icount shift=0 -kernel "$kernel" </dev/null >"$logs/icount$n.log" 2>&1
	status=$?
	started=$(sed -n 's/^harts started: //p' "$logs/icount$n.log" | wc -w)
	if [ "$status" = 0 ] && [ "$started" = $n ] && grep -q '^usage: pool main' "$logs/icount$n.log"; then
		ok "kernel-icount-smp$n"
	else
		bad "kernel-icount-smp$n" "exit status $status, $started harts started (log: $logs/icount$n.log)"
	fi
done

# 6. the benchmark's replay on a 20,000-event prefix of a committed trace: its own
#    boot, under -icount shift=0 (the lock tests above need real parallelism, this
#    needs exact counts)
smoke=$BUILD/smoke.trace
xz -dc bench/traces/sqlite3.trace.xz | "$BUILD/tracebin" smoke 20000 > "$smoke" 2>"$logs/tracebin.log"
grep -q ': 20000 events' "$logs/tracebin.log" || bad bench-smoke-trace "the prefix is not 20000 events: $(cat "$logs/tracebin.log")"
timeout "$TIMEOUT" $QEMUBASE -m 2G -smp 1 -icount shift=0 -kernel "$testkernel" \
	-device loader,file="$smoke",addr=0xF0000000,force-raw=on \
	-append benchsmoke </dev/null 2>&1 | tee "$logs/benchsmoke.log" | grep -E '^(test|bench-smoke)'
status=${PIPESTATUS[0]}
if ! count "$logs/benchsmoke.log" || [ "$status" != 0 ]; then
	bad bench-smoke "exit status $status, last line: $(tail -n 1 "$logs/benchsmoke.log")"
fi

# 7. the fuzzer: the committed corpus, then a fixed number of runs from a fixed
#    seed, new inputs kept out of the tree; and the corruption campaign's first
#    800 seeds.  The long, random runs are make fuzz and make campaign.
runs=3000
scratch=$BUILD/fuzzsmoke
rm -rf "$scratch"; mkdir -p "$scratch"
if $norand "$BUILD/poolfuzz" -seed=1 -runs=$runs -max_len=65536 -len_control=0 -reload=0 \
	"$scratch" test/fuzz/corpus >"$logs/fuzz.log" 2>&1 && ! grep -q -E 'ERROR|panic|divergence' "$logs/fuzz.log"; then
	ok "fuzz-smoke ($(ls test/fuzz/corpus | wc -l) corpus inputs, then $runs runs from seed 1: $(sed -n 's/^poolfuzz: \([0-9]*\) pool operations.*/\1/p' "$logs/fuzz.log" | tail -n 1) pool operations)"
else
	bad fuzz-smoke "$(grep -m 3 -E 'ERROR|panic|divergence' "$logs/fuzz.log" | tr '\n' ' ') (log: $logs/fuzz.log)"
fi
if ASAN_OPTIONS=detect_leaks=0 $norand "$BUILD/campaign" 800 >"$logs/campaign.log" 2>&1; then
	ok corruption-campaign
else
	bad corruption-campaign "crashes, hangs or detection under 99% (log: $logs/campaign.log)"
fi

# 8. the same tests on the host, under the sanitizers
$norand "$BUILD/hosttest" $ARGS 2>&1 | tee "$logs/host.log"
status=${PIPESTATUS[0]}
if ! count "$logs/host.log"; then
	bad host "exit status $status, last line: $(tail -n 1 "$logs/host.log")"
elif [ "$status" != 0 ]; then
	bad host "exit status $status"
fi

# 9. the same host tests built with clang, and as 32-bit (-m32), whose
#    binary runs under qemu-i386 where the machine runs no 32-bit code
#    (LeakSanitizer, which needs ptrace, is off there)
$norand "$BUILD/hosttest-clang" $ARGS >"$logs/host-clang.log" 2>&1
status=$?
if ! count "$logs/host-clang.log" || [ "$status" != 0 ]; then
	bad host-clang "exit status $status, last line: $(tail -n 1 "$logs/host-clang.log")"
fi
run32=""
"$BUILD/hosttest32" probe >/dev/null 2>&1 || run32=qemu-i386
ASAN_OPTIONS=detect_leaks=0 timeout 600 $norand $run32 "$BUILD/hosttest32" $ARGS >"$logs/host32.log" 2>&1
status=$?
if ! count "$logs/host32.log" || [ "$status" != 0 ]; then
	bad host-m32 "exit status $status, last line: $(tail -n 1 "$logs/host32.log")"
fi
echo "host tests: gcc $(tail -n 1 "$logs/host.log"); clang $(tail -n 1 "$logs/host-clang.log"); -m32${run32:+ under $run32} $(tail -n 1 "$logs/host32.log")"

# 10. the README's embedding: the pool with nothing but the C library
if "$BUILD/embed" >"$logs/embed.log" 2>&1 && grep -q '^embed: ok' "$logs/embed.log"; then
	ok "embed ($(sed -n '/---- glue ----/,/---- end of glue/p' examples/embed.c | grep -c '[^[:space:]]') lines of glue)"
else
	bad embed "$(tail -n 2 "$logs/embed.log" | tr '\n' ' ') (log: $logs/embed.log)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
