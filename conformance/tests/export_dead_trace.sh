#!/usr/bin/env bash
# A process that died. `trace` on an app that aborts completes the trace itself (the app runs in
# a child process): exit 134, every call in the trace, the count said, no recording left. A
# `trace` killed with its app (SIGKILL to both, its app hung in a host call) leaves the header
# and TRACE.rec: `export` must move every call into the trace (as many as it says), remove the
# recording, say so again harmlessly, and refuse a path that holds neither with exit 2.
#   export_dead_trace.sh CLI ABORTING_APP.dll HANGING_APP.dll DEADLOCK_HOST.so WORK_DIR
set -u
cli=$1 aborting=$2 hanging=$3 deadlock_host=$4 work=$5
rm -rf "$work" && mkdir -p "$work"

trace=$work/aborted.jsonl
"$cli" trace --out "$trace" -- "$aborting" >"$work/trace.out" 2>&1
code=$?
[[ $code -eq 134 ]] || { cat "$work/trace.out"; echo "FAIL: the app should have aborted (134), exit $code"; exit 1; }
said=$(sed -nE 's/.*: ([0-9]+) calls recorded in .* \(completed from its recording\).*/\1/p' "$work/trace.out")
[[ -n $said && $said -gt 0 ]] || { cat "$work/trace.out"; echo "FAIL: trace did not say how many calls it completed"; exit 1; }
[[ ! -e $trace.rec ]] || { echo "FAIL: trace left the recording after the abort"; exit 1; }
lines=$(($(wc -l <"$trace") - 1))
[[ $lines -eq $said ]] || { echo "FAIL: trace said $said calls, the trace holds $lines lines"; exit 1; }
grep -q '"call":"ReverseEnterRuntime"' "$trace" || { echo "FAIL: the callback's calls are missing"; exit 1; }

trace=$work/killed.jsonl
timeout -s KILL 4 "$cli" trace --host "$deadlock_host" --out "$trace" -- "$hanging" >"$work/killed.out" 2>&1
code=$?
[[ $code -eq 137 ]] || { cat "$work/killed.out"; echo "FAIL: trace and its hung app should have been killed (137), exit $code"; exit 1; }
[[ -f $trace.rec && $(wc -l <"$trace") -eq 1 ]] ||
  { echo "FAIL: expected a header-only trace and its recording after SIGKILL"; exit 1; }
out=$("$cli" export "$trace") || { echo "FAIL: export exited $?: $out"; exit 1; }
echo "$out"
exported=$(sed -nE 's/.*: ([0-9]+) calls, completed from .*/\1/p' <<<"$out")
[[ -n $exported && $exported -gt 0 ]] || { echo "FAIL: export did not say how many calls it completed"; exit 1; }
[[ ! -e $trace.rec ]] || { echo "FAIL: the recording is still there after the export"; exit 1; }
lines=$(($(wc -l <"$trace") - 1))
[[ $lines -eq $exported ]] || { echo "FAIL: export said $exported calls, the trace holds $lines"; exit 1; }

again=$("$cli" export "$trace") || { echo "FAIL: a second export exited $?"; exit 1; }
[[ $again == *"$exported calls, complete already"* ]] || { echo "FAIL: second export said: $again"; exit 1; }

missing=$("$cli" export "$work/none.jsonl" 2>&1)
code=$?
[[ $code -eq 2 && $missing == *"check the path"* && $(wc -l <<<"$missing") -eq 1 ]] ||
  { echo "FAIL: a missing trace gave exit $code: $missing"; exit 1; }
echo "trace completed $said calls of an aborted app; export completed $exported calls of a killed one; the missing trace refused in one line"
