#!/usr/bin/env bash
# Soak: random scenario mixes and random fault injection against the reference host for
# MINUTES (default 30). Fails on any lost call (calls recorded != lines in the trace), any rule
# violation, and on memory that grows: each scenario's max RSS in its later runs more than 10%
# (plus 2 MiB) above its first run's.   ci/soak.sh [BUILD_DIR] [MINUTES]
set -uo pipefail
build=${1:-build}
minutes=${2:-${MINUTES:-30}}
cli="$build/bin/clrhost-conformance"
work="$build/soak"
rm -rf "$work" && mkdir -p "$work"
mapfile -t scenarios < <(cd "$build/managed-testapps" && for d in */scenario.json; do
  name=${d%/scenario.json}
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=d.get("variants") or [{"language": d.get("language","app")}]
if "dies" not in d:
  [print(sys.argv[2]+":"+x["language"]) for x in v]' "$d" "$name"; done)
codes=(HOST_E_CLRNOTAVAILABLE HOST_E_TIMEOUT HOST_E_NOT_OWNER HOST_E_ABANDONED E_FAIL)
kinds=(CallNeedsHostHook LeaveRuntime EnterRuntime ReverseEnterRuntime ReverseLeaveRuntime)
end=$((SECONDS + minutes * 60))
runs=0 failures=0
: >"$work/rss.txt"
while ((SECONDS < end)); do
  scenario=${scenarios[RANDOM % ${#scenarios[@]}]}
  trace="$work/run.jsonl"
  args=(run-one --scenario "$scenario" --host "$build/bin/libclrhost_host_reference.so"
        --trace "$trace" --record "$trace.run.json" --scenario-root "$build/managed-testapps")
  injected=""
  if ((RANDOM % 2)); then
    injected="${kinds[RANDOM % 5]}:$((1 + RANDOM % 4)):${codes[RANDOM % 5]}"
    args+=(--inject "$injected")
  fi
  /usr/bin/time -f "%M" -o "$work/rss.one" "$cli" "${args[@]}" >"$work/run.log" 2>&1
  echo "$scenario $(tail -1 "$work/rss.one")" >>"$work/rss.txt"
  runs=$((runs + 1))
  recorded=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["calls_recorded"])' "$trace.run.json" 2>/dev/null || echo -1)
  lines=$(($(grep -c '"seq"' "$trace") + 0))
  if [[ "$recorded" != "$lines" ]]; then
    echo "LOST CALLS: $scenario ${injected:-(no fault)}: recorded $recorded, trace holds $lines"; failures=$((failures + 1))
    cp "$trace" "$work/failure-$runs.jsonl"
  fi
  if ! "$cli" check "$trace" >"$work/check.log" 2>&1; then
    # An injected failure changes the calls (no EnterRuntime after a failed LeaveRuntime), but
    # never the rules: a violation is a failure either way.
    if grep -q "TM-" "$work/check.log"; then
      echo "RULES: $scenario ${injected:-(no fault)}"; grep -m3 "TM-" "$work/check.log"
      failures=$((failures + 1)); cp "$trace" "$work/failure-$runs.jsonl"
    fi
  fi
done
python3 - "$work/rss.txt" <<'PY' || failures=$((failures + 1))
import collections, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, rss = line.split()
    runs[name].append(int(rss))
grown = [(n, r[0], max(r[1:])) for n, r in runs.items() if len(r) > 1 and max(r[1:]) > r[0] * 1.10 + 2048]
for name, first, later in grown:
    print(f"memory grew: {name}: first run {first} KiB, later up to {later} KiB")
print(f"max RSS per scenario checked over {sum(map(len, runs.values()))} runs of {len(runs)} scenarios")
sys.exit(1 if grown else 0)
PY
echo "soak: $runs runs in $minutes minute(s), $failures failure(s)"
echo "$((runs - failures)) passed, $failures failed"
((failures == 0))
