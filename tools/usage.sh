#!/bin/sh
# Symbolise the kernel's usage report: every "usage: pc 0x..." line gets
# the function and source line of that pc, from the kernel ELF.
#	make qemu | tools/usage.sh [build/kernel.elf]
elf=${1:-build/kernel.elf}
addr2line=riscv64-unknown-elf-addr2line
while IFS= read -r line; do
	case $line in
	"usage: pc 0x"*)
		pc=${line#usage: pc }
		pc=${pc%% *}
		# a return address: the call is the instruction before it
		where=$($addr2line -f -e "$elf" "$(printf '0x%x' $((pc - 1)))" | paste -sd ' ' | sed 's|[^ ]*/||')
		echo "$line  $where"
		;;
	*)
		echo "$line"
		;;
	esac
done
