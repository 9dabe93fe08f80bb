#!/usr/bin/env bash
# make fuzz: run the pool fuzzer in JOBS processes for SECONDS each,
# growing a shared corpus seeded from test/fuzz/corpus; print libFuzzer's
# executions and coverage and the pool operations run.
#	run.sh SECONDS JOBS
set -u
secs=$1
jobs=$2
dir=$BUILD/fuzz
mkdir -p "$dir/corpus"
cp -n test/fuzz/corpus/* "$dir/corpus/" 2>/dev/null
pids=()
for j in $(seq 1 "$jobs"); do
	build_log=$dir/job$j.log
	"$BUILD/poolfuzz" -max_total_time="$secs" -max_len=65536 -len_control=0 -print_final_stats=1 \
		-artifact_prefix="$dir/" "$dir/corpus" test/fuzz/corpus >"$build_log" 2>&1 &
	pids+=($!)
done
status=0
for p in "${pids[@]}"; do
	wait "$p" || status=1
done
ops=0; runs=0
for j in $(seq 1 "$jobs"); do
	log=$dir/job$j.log
	grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 | sed "s/^/fuzz job $j: /"
	n=$(sed -n 's/^poolfuzz: \([0-9]*\) pool operations/\1/p' "$log" | tail -n 1)
	r=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$log" | tail -n 1)
	ops=$((ops + ${n:-0})); runs=$((runs + ${r:-0}))
	if grep -q -E 'ERROR|panic|divergence|deadly signal' "$log"; then
		echo "fuzz job $j found a problem (log: $log):"
		grep -E 'poolfuzz:|SUMMARY|ERROR' "$log" | head -n 5
		status=1
	fi
done
echo "fuzz: $jobs jobs x ${secs}s: $runs inputs, $ops pool operations, corpus $(ls "$dir/corpus" | wc -l) inputs"
exit $status
