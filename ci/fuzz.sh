#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets (`cmake --preset fuzz`, clang, ASan + UBSan) and runs each
# for SECONDS (default 30), all at once, one process per target. Each starts from its committed
# seeds (conformance/fuzz/corpus/<target>/) and from what earlier runs found (build-fuzz/corpus/).
# A crash, a leak, undefined behaviour or a failed check saves the input as
# build-fuzz/artifacts/<target>-crash-* and fails the script (exit 1); replay it with
#   build-fuzz/bin/clrhost_fuzz_<target> build-fuzz/artifacts/<target>-crash-...
# Usage: bash ci/fuzz.sh [SECONDS] [TARGET...]   (targets: trace_reader rules recording_reader)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
[[ $# -eq 0 ]] || shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "ci/fuzz.sh: SECONDS must be a whole number, not '$seconds' (usage: bash ci/fuzz.sh [SECONDS] [TARGET...])" >&2
  exit 2
fi
targets=("$@")
((${#targets[@]})) || targets=(trace_reader rules recording_reader)
source ci/env.sh
bash ci/setup.sh fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

out=build-fuzz
mkdir -p "$out/artifacts" "$out/logs"
pids=()
for target in "${targets[@]}"; do
  binary="$out/bin/clrhost_fuzz_$target"
  if [[ ! -x "$binary" ]]; then
    echo "ci/fuzz.sh: no fuzz target '$target' (there are: $(cd "$out/bin" && ls clrhost_fuzz_* | sed 's/clrhost_fuzz_//' | xargs))" >&2
    exit 2
  fi
  mkdir -p "$out/corpus/$target"
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target-" "$out/corpus/$target" "conformance/fuzz/corpus/$target" \
    >"$out/logs/$target.log" 2>&1 &
  pids+=($!)
done

failed=0
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  log="$out/logs/$target.log"
  status=0
  wait "${pids[$i]}" || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' || true)
  if ((status == 0)); then
    echo "fuzz $target: ${seconds} s, ${execs:-?} runs, ${coverage:-no coverage line}, no crash"
  else
    failed=1
    echo "fuzz $target: FAILED (exit $status) after ${execs:-?} runs; the end of $log:"
    grep -E 'ERROR|fuzz check failed|runtime error|SUMMARY|Test unit written|terminate|what\(\)' "$log" | head -20 || tail -20 "$log"
  fi
done
exit "$failed"
