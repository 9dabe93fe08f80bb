# pool9: the Plan 9 pool allocator as a RISC-V kernel's malloc.
#	make		the kernel a user keeps, build/kernel.elf (no tests, no benchmark)
#	make qemu	boot it: banner, harts, a malloc demo and usage report, then exit
#	make qemu-gdb	boot it stopped, waiting for gdb-multiarch
#	make check	every test: in QEMU (build/testkernel.elf), then on the host under ASan/UBSan
#	make bench	replay allocation traces (build/benchkernel.elf), tables and chart
#	make deps	install the Debian packages this needs (make qemu/check do it first)
#	make clean
#
# Layers: port/ (portable: the pool, formatting, device tree) calls
# nothing above it; kernel/ is the kernel, arch/riscv64/ its machine
# half (it implements what kernel/fns.h declares, as in Plan 9);
# test/ and bench/ link their own init in place of kernel/init.c.
# Headers are found through the include paths, never "../".

CROSS	?= riscv64-unknown-elf-
KCC	= $(CROSS)gcc
HOSTCC	?= gcc
BUILD	= build

# rv64imac: no FPU state to manage.  gcc 12 needs zicsr/zifencei spelled
# out, which confuses its multilib choice, so libgcc is named explicitly.
KARCH	= -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
KINC	= -Iinclude -Ikernel -Iarch/riscv64 -Ibench -Itest
KCFLAGS	= -std=c11 -Wall -Wextra -Werror -Wno-missing-field-initializers -O2 -g $(KARCH) -ffreestanding -nostdlib \
	-fno-stack-protector -fno-pie -fno-common -fno-tree-loop-distribute-patterns $(KINC) -MMD -MP
KLDFLAGS = -nostdlib -no-pie -Wl,--no-warn-rwx-segments -T link.ld
LIBGCC	= $(shell $(KCC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name 2>/dev/null)

HINC	= -Iinclude -Ikernel -Iarch/riscv64 -Ibench -Itest
HCFLAGS	= -std=c11 -Wall -Wextra -Werror -Wno-missing-field-initializers -O1 -g -DHOST -D_DEFAULT_SOURCE $(HINC) \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -MMD -MP

FW	= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
MEM	?= 256M
SMP	?= 4
QEMUBASE = qemu-system-riscv64 -machine virt -bios $(FW) -display none -serial stdio -monitor none -no-reboot
QEMU	= $(QEMUBASE) -m $(MEM) -smp $(SMP)
TIMEOUT	?= 300
GDBPORT	?= 1234

ARCHSRC	= arch/riscv64/entry.S arch/riscv64/trapvec.S arch/riscv64/label.S arch/riscv64/ilock.S \
	arch/riscv64/uart.c arch/riscv64/sbi.c arch/riscv64/trap.c
KERNSRC	= kernel/main.c kernel/console.c kernel/mp.c kernel/lock.c kernel/xalloc.c \
	kernel/alloc.c kernel/usage.c
PORTSRC	= port/fmt.c port/errstr.c port/fdt.c port/pool.c port/page.c
BASESRC	= $(ARCHSRC) $(KERNSRC) $(PORTSRC) port/string.c
REPLAYSRC = bench/kbench.c bench/worstgen.c bench/replay.c bench/bump.c bench/firstfit.c test/poolio.c
TESTSRC	= test/harness.c test/suites.c test/fmt.c test/fdt.c \
	test/poolenv.c test/pool.c test/poolbad.c test/poolstress.c test/poollayout.c test/poolphase.c test/alignref.c test/page.c test/poolcache.c test/kmalloc.c

kobj	= $(patsubst %,$(BUILD)/k/%.o,$(1))
KOBJ	= $(call kobj,$(BASESRC) kernel/init.c)
TKOBJ	= $(call kobj,$(BASESRC) $(TESTSRC) test/ktest.c test/kalloc.c test/replaytest.c $(REPLAYSRC))
BKOBJ	= $(call kobj,$(BASESRC) bench/benchinit.c $(REPLAYSRC))
HOSTKSRC = kernel/alloc.c kernel/xalloc.c
HOBJ	= $(patsubst %,$(BUILD)/h/%.o,$(PORTSRC) $(TESTSRC) $(HOSTKSRC) test/poolio.c test/host.c test/hostenv.c test/hostkern.c)

PKGS	= make gcc libc6-dev gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf \
	qemu-system-misc opensbi gdb-multiarch xz-utils clang libclang-rt-14-dev \
	gcc-multilib lib32asan8 lib32ubsan1 qemu-user
BENCHPKGS = valgrind gnuplot-nox libjemalloc-dev libmimalloc-dev

all: $(BUILD)/kernel.elf

$(BUILD)/kernel.elf: $(KOBJ) link.ld
	@echo "LD	$@"
	@$(KCC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(KOBJ) $(LIBGCC)

$(BUILD)/testkernel.elf: $(TKOBJ) link.ld
	@echo "LD	$@"
	@$(KCC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(TKOBJ) $(LIBGCC)

$(BUILD)/benchkernel.elf: $(BKOBJ) link.ld
	@echo "LD	$@"
	@$(KCC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(BKOBJ) $(LIBGCC)

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC	$<"
	@$(KCC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "AS	$<"
	@$(KCC) $(KCFLAGS) -c -o $@ $<

# The kernel's malloc and xalloc on the host too, under the sanitizers:
# their libc names are renamed so the host's own malloc is left alone.
KRENAME	= -Dmalloc=kmalloc -Dmallocz=kmallocz -Dcalloc=kcalloc -Drealloc=krealloc -Dfree=kfree -Dmsize=kmsize

$(BUILD)/hosttest: $(HOBJ)
	@echo "HOSTLD	$@"
	@$(HOSTCC) $(HCFLAGS) -o $@ $(HOBJ)

$(BUILD)/h/kernel/%.c.o: kernel/%.c
	@mkdir -p $(dir $@)
	@echo "HOSTCC	$<"
	@$(HOSTCC) $(HCFLAGS) $(KRENAME) -c -o $@ $<

$(BUILD)/h/test/kmalloc.c.o: test/kmalloc.c
	@mkdir -p $(dir $@)
	@echo "HOSTCC	$<"
	@$(HOSTCC) $(HCFLAGS) $(KRENAME) -c -o $@ $<

$(BUILD)/h/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "HOSTCC	$<"
	@$(HOSTCC) $(HCFLAGS) -c -o $@ $<

# The host tests twice more: built with clang, and as 32-bit (-m32: 32-bit
# longs and pointers, an RV32 kernel's world; the kernel's malloc, RV64's,
# left out).  Both under ASan and UBSan.
HCOBJ	= $(patsubst %,$(BUILD)/hc/%.o,$(PORTSRC) $(TESTSRC) $(HOSTKSRC) test/poolio.c test/host.c test/hostenv.c test/hostkern.c)
H32OBJ	= $(patsubst %,$(BUILD)/h32/%.o,$(PORTSRC) $(filter-out test/kmalloc.c,$(TESTSRC)) test/poolio.c test/host.c test/hostenv.c)

$(BUILD)/hosttest-clang: $(HCOBJ)
	@echo "CLANGLD	$@"
	@clang $(HCFLAGS) -o $@ $(HCOBJ)

$(BUILD)/hc/kernel/%.c.o: kernel/%.c
	@mkdir -p $(dir $@)
	@echo "CLANG	$<"
	@clang $(HCFLAGS) $(KRENAME) -c -o $@ $<

$(BUILD)/hc/test/kmalloc.c.o: test/kmalloc.c
	@mkdir -p $(dir $@)
	@echo "CLANG	$<"
	@clang $(HCFLAGS) $(KRENAME) -c -o $@ $<

$(BUILD)/hc/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "CLANG	$<"
	@clang $(HCFLAGS) -c -o $@ $<

$(BUILD)/hosttest32: $(H32OBJ)
	@echo "HOSTLD	$@ (-m32)"
	@$(HOSTCC) -m32 $(HCFLAGS) -o $@ $(H32OBJ)

$(BUILD)/h32/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "HOSTCC	$< (-m32)"
	@$(HOSTCC) -m32 -DNOKMALLOC $(HCFLAGS) -c -o $@ $<

# The README's embedding example: the pool with the C library, nothing else.
$(BUILD)/embed: examples/embed.c port/pool.c port/page.c include/pool.h include/page.h
	@mkdir -p $(BUILD)
	@echo "HOSTCC	$@"
	@$(HOSTCC) -std=c11 -Wall -Wextra -Werror -pedantic -O2 -Iinclude -o $@ examples/embed.c port/pool.c port/page.c

deps:
	@missing=""; \
	for p in $(PKGS) $(EXTRAPKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	[ -f $(FW) ] || missing="$$missing opensbi"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo=sudo; else sudo=none; fi; \
		if ! command -v apt-get >/dev/null || [ "$$sudo" = none ]; then \
			echo "make deps: cannot install (need apt-get and root or sudo); install these Debian packages:$$missing"; exit 1; \
		fi; \
		echo "make deps: installing$$missing"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

qemu: deps $(BUILD)/kernel.elf
	timeout $(TIMEOUT) $(QEMU) -kernel $(BUILD)/kernel.elf -append "$(ARGS)" </dev/null

qemu-gdb: deps $(BUILD)/kernel.elf
	@echo "QEMU is waiting for a debugger; in another terminal:"
	@echo "	gdb-multiarch $(BUILD)/kernel.elf -ex 'target remote :$(GDBPORT)'"
	timeout 3600 $(QEMU) -kernel $(BUILD)/kernel.elf -append "$(ARGS)" -S -gdb tcp::$(GDBPORT) </dev/null

CHECKBIN = $(BUILD)/kernel.elf $(BUILD)/testkernel.elf $(BUILD)/hosttest $(BUILD)/hosttest-clang $(BUILD)/hosttest32 \
	$(BUILD)/tracebin $(BUILD)/poolfuzz $(BUILD)/campaign $(BUILD)/embed

check: deps $(CHECKBIN)
	@QEMU="$(QEMU)" QEMUBASE="$(QEMUBASE)" SMP=$(SMP) TIMEOUT=$(TIMEOUT) ARGS="$(ARGS)" BUILD=$(BUILD) bash test/check.sh

hostcheck: $(BUILD)/hosttest
	$(BUILD)/hosttest $(ARGS)

clean:
	rm -rf $(BUILD)

.PHONY: all deps qemu qemu-gdb check hostcheck clean

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Benchmarks: bench/bench.sh.  TRACE= replays one trace, else every one in bench/traces
# (and, when it is beside the checkout, the team's ../shared/traces: never required).
TRACES	?= $(wildcard bench/traces/*.trace.xz ../shared/traces/*.trace.xz)

$(BUILD)/tracebin: bench/tracebin.c include/trace.h
	@mkdir -p $(BUILD)
	@echo "HOSTCC	$<"
	@$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -Iinclude -o $@ bench/tracebin.c

benchdeps:
	@$(MAKE) -s deps EXTRAPKGS="$(BENCHPKGS)"

bench: benchdeps $(BUILD)/benchkernel.elf $(BUILD)/tracebin
	@QEMUBASE="$(QEMUBASE)" BUILD=$(BUILD) HOSTCC=$(HOSTCC) BENCHSMP=$(SMP) bash bench/bench.sh $(if $(TRACE),$(TRACE),$(TRACES))

.PHONY: bench benchdeps

HBSRC	= bench/hostbench.c bench/replay.c port/pool.c port/fmt.c port/errstr.c test/hostenv.c test/poolio.c
HBFLAGS	= -std=c11 -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers -D_DEFAULT_SOURCE -DHOST -Iinclude -Ibench -Itest

$(BUILD)/hostbench-glibc: $(HBSRC) bench/replay.h include/pool.h include/trace.h
	@echo "HOSTCC	$@"
	@$(HOSTCC) $(HBFLAGS) -o $@ $(HBSRC)

$(BUILD)/hostbench-jemalloc: $(HBSRC) bench/replay.h include/pool.h include/trace.h
	@echo "HOSTCC	$@"
	@$(HOSTCC) $(HBFLAGS) -o $@ $(HBSRC) -ljemalloc

$(BUILD)/hostbench-mimalloc: $(HBSRC) bench/replay.h include/pool.h include/trace.h
	@echo "HOSTCC	$@"
	@$(HOSTCC) $(HBFLAGS) -o $@ $(HBSRC) -lmimalloc

# An LD_PRELOAD shim that records a Linux program's allocations as a trace.
$(BUILD)/mtrace.so: bench/mtrace.c
	@mkdir -p $(BUILD)
	@echo "HOSTCC	$@"
	@$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -o $@ bench/mtrace.c -ldl -lpthread

mtrace: $(BUILD)/mtrace.so
.PHONY: mtrace

# Fuzzing (clang's libFuzzer): the harness under ASan/UBSan, the pool also
# instrumented for coverage.  make fuzz: FUZZ_SECONDS per run, FUZZ_JOBS
# processes, growing a corpus.  make check replays test/fuzz/corpus and
# a fixed, seeded number of runs instead (test/check.sh).
FUZZ_SECONDS ?= 300
FUZZ_JOBS ?= $(shell nproc)
FZFLAGS	= -std=c11 -O2 -g -fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-missing-field-initializers \
	-D_DEFAULT_SOURCE -DHOST -Iinclude -Itest
FZOBJ	= $(BUILD)/fz/poolfuzz.o $(BUILD)/fz/t/alignref.o $(BUILD)/fz/t/hostenv.o $(BUILD)/fz/t/poolio.o \
	$(BUILD)/fz/pool.o $(BUILD)/fz/fmt.o $(BUILD)/fz/errstr.o

$(BUILD)/fz/poolfuzz.o: test/fuzz/poolfuzz.c include/pool.h include/lib.h test/alignref.h
	@mkdir -p $(dir $@)
	@echo "CLANG	$<"
	@clang $(FZFLAGS) -fsanitize=address,undefined -c -o $@ $<

$(BUILD)/fz/t/%.o: test/%.c include/lib.h
	@mkdir -p $(dir $@)
	@echo "CLANG	$<"
	@clang $(FZFLAGS) -fsanitize=address,undefined -c -o $@ $<

$(BUILD)/fz/%.o: port/%.c include/pool.h include/lib.h
	@mkdir -p $(dir $@)
	@echo "CLANG	$<"
	@clang $(FZFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(BUILD)/poolfuzz: $(FZOBJ)
	@echo "CLANG	$@"
	@clang -fsanitize=fuzzer,address,undefined -o $@ $(FZOBJ)

fuzz: deps $(BUILD)/poolfuzz
	@BUILD=$(BUILD) bash test/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_JOBS)

.PHONY: fuzz

# The corruption campaign: CASES seeds, each corrupting a random heap once.
CASES	?= 7000
CAMPSRC	= test/campaign.c test/hostenv.c test/poolio.c port/pool.c port/fmt.c port/errstr.c

$(BUILD)/campaign: $(CAMPSRC) include/pool.h
	@echo "HOSTCC	$@"
	@$(HOSTCC) $(HCFLAGS) -o $@ $(CAMPSRC)

campaign: $(BUILD)/campaign
	ASAN_OPTIONS=detect_leaks=0 $(BUILD)/campaign $(CASES)

.PHONY: campaign
