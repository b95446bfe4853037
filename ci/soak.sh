#!/usr/bin/env bash
# Soak: random scenario mixes and random fault injection against the reference host for
# MINUTES (default 30), on every driver a variant runs on (coreclr; mono where its net48 build is). Fails on any lost call (calls recorded != lines in the trace), any rule
# violation, and on memory that grows: each scenario's max RSS in its later runs more than 10%
# (plus 2 MiB) above its first run's.   ci/soak.sh [BUILD_DIR] [MINUTES]
set -uo pipefail
build=${1:-build}
minutes=${2:-${MINUTES:-30}}
cli="$build/bin/clrhost-conformance"
work="$build/soak"
rm -rf "$work" && mkdir -p "$work"
# "name:language driver" for each variant that does not die, with the driver's part of
# scenario.json's "drivers" applied (its keys replace the scenario's; not_applicable leaves it out).
mapfile -t scenarios < <(cd "$build/managed-testapps" && for d in */scenario.json; do
  name=${d%/scenario.json}
  python3 -c 'import json, os, sys
doc, name = json.load(open(sys.argv[1])), sys.argv[2]
for driver in ("coreclr", "mono"):
    if driver == "mono" and not os.path.isdir(os.path.join(name, "net48")):
        continue
    part = dict(doc.get("drivers", {}).get(driver, {}))
    out = part.pop("not_applicable", None)
    d = {k: v for k, v in {**doc, **part}.items() if v is not None}
    for x in d.get("variants") or [{"language": d.get("language", "app")}]:
        lang = x["language"]
        if "dies" not in d and not (out and (isinstance(out, str) or lang in out)):
            print(f"{name}:{lang} {driver}")' "$d" "$name"; done)
codes=(HOST_E_CLRNOTAVAILABLE HOST_E_TIMEOUT HOST_E_NOT_OWNER HOST_E_ABANDONED E_FAIL)
kinds=(CallNeedsHostHook LeaveRuntime EnterRuntime ReverseEnterRuntime ReverseLeaveRuntime)
end=$((SECONDS + minutes * 60))
runs=0 failures=0
: >"$work/rss.txt"
while ((SECONDS < end)); do
  read -r scenario driver <<<"${scenarios[RANDOM % ${#scenarios[@]}]}"
  trace="$work/run.jsonl"
  args=(run-one --scenario "$scenario" --driver "$driver" --host "$build/bin/libclrhost_host_reference.so"
        --trace "$trace" --record "$trace.run.json" --scenario-root "$build/managed-testapps")
  injected=""
  if ((RANDOM % 2)); then
    injected="${kinds[RANDOM % 5]}:$((1 + RANDOM % 4)):${codes[RANDOM % 5]}"
    args+=(--inject "$injected")
  fi
  /usr/bin/time -f "%M" -o "$work/rss.one" "$cli" "${args[@]}" >"$work/run.log" 2>&1
  echo "$scenario@$driver $(tail -1 "$work/rss.one")" >>"$work/rss.txt"
  runs=$((runs + 1))
  recorded=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["calls_recorded"])' "$trace.run.json" 2>/dev/null || echo -1)
  lines=$(($(grep -c '"call"' "$trace") + 0)) # calls; the threads' events are not counted
  if [[ "$recorded" != "$lines" ]]; then
    echo "LOST CALLS: $scenario@$driver ${injected:-(no fault)}: recorded $recorded, trace holds $lines"; failures=$((failures + 1))
    cp "$trace" "$work/failure-$runs.jsonl"
  fi
  if ! "$cli" check "$trace" >"$work/check.log" 2>&1; then
    # An injected failure changes the calls (no EnterRuntime after a failed LeaveRuntime) and
    # fails a correct call (failed-call: the injection's own doing), but never the rules: a rule
    # that fails is a failure either way.
    if grep -Eq "TM-[A-Z-]+ FAIL" "$work/check.log"; then
      echo "RULES: $scenario@$driver ${injected:-(no fault)}"; grep -m3 -E "TM-[A-Z-]+ FAIL" "$work/check.log"
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
