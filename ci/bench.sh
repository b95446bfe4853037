#!/usr/bin/env bash
# The performance benchmark (docs/PERFORMANCE.md), everything in one run, summed up in one JSON:
#   - the transition cost per P/Invoke and reverse round trip on the real runtime: no profiler,
#     the floor profiler, bridge + reference host, bridge + recorder + reference host, on 1 and
#     4 threads, each configuration in processes of its own, ratios over the floor
#   - the same on Mono (the mono driver, the loop app's net48 build): no profiler, Mono's call
#     instrumentation with empty callbacks (its floor), Mono bridge + reference host, + recorder;
#     CLRHOST_BENCH_MONO=0 leaves it out (a build without the mono driver cannot run it)
#   - process start-up with and without the profiler
#   - the recorder: 4 threads x 1M P/Invoke round trips, every call in the trace, bytes per call
#   - the rules engine on a synthetic 10M-call trace (calls/s) and its streaming memory (1M/10M)
#   - the bridge's callbacks and the recorder without the runtime (Google Benchmark)
#   - the whole suite's wall time with ctest -j2 on the built tree
#
# Usage: bash ci/bench.sh --out FILE [--smoke] [--build-dir DIR] [--no-suite]
#   --smoke      a short run of every part (< 60 s on a built tree): fails when a configuration
#                cannot run, never on a figure (ratios on a loaded CI machine are noise)
#   --build-dir  a built tree to use (default: build-bench, configured Release and built here;
#                with --smoke, default: build, the tree ci/test.sh builds)
#   --no-suite   leave out ctest's wall time (the slowest part)
set -euo pipefail
cd "$(dirname "$0")/.."

out="" smoke=0 build_dir="" suite=1
while (($#)); do
  case "$1" in
    --out) out=${2:?--out needs a file}; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --build-dir) build_dir=${2:?--build-dir needs a folder}; shift 2 ;;
    --no-suite) suite=0; shift ;;
    *) echo "ci/bench.sh: unknown argument $1 (usage: ci/bench.sh --out FILE [--smoke] [--build-dir DIR] [--no-suite])" >&2; exit 2 ;;
  esac
done
[[ -n "$out" ]] || { echo "ci/bench.sh: --out FILE is required" >&2; exit 2; }
source ci/env.sh

if [[ -z "$build_dir" ]]; then
  if ((smoke)); then
    build_dir=build
  else
    build_dir=build-bench
    bash ci/setup.sh
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
fi
# Only what the benchmark runs (the suite's own targets are built for --no-suite too: cheap).
if ((smoke)) || ((!suite)); then
  cmake --build "$build_dir" --target clrhost-bench clrhost_bench_rules clrhost_bench_recorder \
    clrhost_bench_bridge clrhost_scenario_doc-table >/dev/null
else
  cmake --build "$build_dir" >/dev/null
fi
bin="$build_dir/bin"
for program in clrhost-bench clrhost_bench_rules clrhost_bench_recorder clrhost_bench_bridge; do
  [[ -x "$bin/$program" ]] || { echo "ci/bench.sh: $bin/$program was not built (is libbenchmark-dev installed? bash ci/setup.sh)" >&2; exit 2; }
done

parts=$(mktemp -d "${TMPDIR:-/tmp}/clrhost-bench.XXXXXX")
trap 'rm -rf "$parts"; shutdown_dotnet_build_servers' EXIT
# One step: its output to a log (shown in a full run, and whenever the step fails).
step() {
  local name=$1 what=$2
  shift 2
  echo "ci/bench.sh: $what" >&2
  if ! "$@" >"$parts/$name.log" 2>&1; then
    cat "$parts/$name.log" >&2
    echo "ci/bench.sh: FAILED: $what ($name): a configuration could not run" >&2
    exit 1
  fi
  ((smoke)) || grep -v '^ ' "$parts/$name.log" | grep -v '^$' >&2 || true
}

if ((smoke)); then
  transitions=(--smoke) startup=(--smoke) lossless=(--threads 4 --calls 20000)
  memory_small=100000 memory_large=1000000 min_time=0.01
else
  transitions=(--reps 9 --calls 100000 --inner-reps 3) startup=(--reps 7)
  lossless=(--threads 4 --calls 1000000)
  memory_small=1000000 memory_large=10000000 min_time=2
fi

step transitions "transition cost per configuration (one process each)" \
  "$bin/clrhost-bench" transitions "${transitions[@]}" --json "$parts/transitions.json"
if [[ "${CLRHOST_BENCH_MONO:-1}" != 0 ]]; then
  step transitions_mono "transition cost on Mono per configuration (one process each)" \
    "$bin/clrhost-bench" transitions --driver mono "${transitions[@]}" \
    --json "$parts/transitions_mono.json"
fi
step startup "process start-up with and without the profiler" \
  "$bin/clrhost-bench" startup "${startup[@]}" \
  --scenario-app "$build_dir/managed-testapps/doc-table/DocTableVB.dll" --json "$parts/startup.json"
step lossless "recorder: no call lost, bytes per call" \
  "$bin/clrhost-bench" lossless "${lossless[@]}" --json "$parts/lossless.json"
step rules_memory "rules engine: streaming memory, $memory_small and $memory_large calls" \
  bash -c '"$1" --memory-calls=$2 >"$4/rules_memory_small.json" &&
           "$1" --memory-calls=$3 >"$4/rules_memory_large.json" &&
           cat "$4/rules_memory_small.json" "$4/rules_memory_large.json"' \
  _ "$bin/clrhost_bench_rules" "$memory_small" "$memory_large" "$parts"
step rules "rules engine: calls/s on a synthetic 10M-call trace" \
  "$bin/clrhost_bench_rules" --benchmark_min_time=$min_time \
  --benchmark_out="$parts/rules_gb.json" --benchmark_out_format=json
step bridge "the bridge's callbacks without the runtime" \
  "$bin/clrhost_bench_bridge" --benchmark_min_time=$min_time \
  --benchmark_out="$parts/bridge_gb.json" --benchmark_out_format=json
step recorder "the recorder without the runtime" \
  "$bin/clrhost_bench_recorder" --benchmark_min_time=$min_time \
  --benchmark_out="$parts/recorder_gb.json" --benchmark_out_format=json

suite_args=()
if ((suite)) && ((!smoke)); then
  # The soak label (ci/soak.sh) runs a fixed 30 minutes by design: not part of the figure.
  echo "ci/bench.sh: the whole suite: ctest -j2 -LE soak on $build_dir" >&2
  started=$(date +%s.%N)
  set +e
  ctest --test-dir "$build_dir" -j2 -LE soak --timeout 300 >"$parts/ctest.log" 2>&1
  suite_exit=$?
  set -e
  ended=$(date +%s.%N)
  tail -n 3 "$parts/ctest.log" >&2
  suite_args=(--suite-seconds "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')"
              --suite-exit "$suite_exit")
fi

summary=(--out "$out")
for part in "$parts"/*.json; do
  summary+=(--part "$(basename "$part" .json)=$part")
done
((smoke)) && summary+=(--smoke)
"$bin/clrhost-bench" summary "${summary[@]}" "${suite_args[@]}"
