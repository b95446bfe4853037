#!/usr/bin/env bash
# `export` completes the trace of a process that died: `trace` on an app that aborts leaves only
# the header in the trace and its calls in TRACE.rec; export must move every call into the trace
# (as many as `check` then reads), remove the recording, say so again harmlessly, and refuse a
# path that holds neither with exit 2.   export_dead_trace.sh CLI APP.dll WORK_DIR
set -u
cli=$1 app=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
trace=$work/dead.jsonl
"$cli" trace --out "$trace" -- "$app" >"$work/trace.out" 2>&1
code=$?
[[ $code -eq 134 ]] || { cat "$work/trace.out"; echo "FAIL: the app should have aborted (134), exit $code"; exit 1; }
[[ -f $trace.rec && $(wc -l <"$trace") -eq 1 ]] ||
  { echo "FAIL: expected a header-only trace and its recording after the abort"; exit 1; }

out=$("$cli" export "$trace") || { echo "FAIL: export exited $?: $out"; exit 1; }
echo "$out"
exported=$(sed -nE 's/.*: ([0-9]+) calls, completed from .*/\1/p' <<<"$out")
[[ -n $exported && $exported -gt 0 ]] || { echo "FAIL: export did not say how many calls it completed"; exit 1; }
[[ ! -e $trace.rec ]] || { echo "FAIL: the recording is still there after the export"; exit 1; }
lines=$(($(wc -l <"$trace") - 1))
[[ $lines -eq $exported ]] || { echo "FAIL: export said $exported calls, the trace holds $lines"; exit 1; }
grep -q '"call":"ReverseEnterRuntime"' "$trace" || { echo "FAIL: the callback's calls are missing"; exit 1; }

again=$("$cli" export "$trace") || { echo "FAIL: a second export exited $?"; exit 1; }
[[ $again == *"$exported calls, complete already"* ]] || { echo "FAIL: second export said: $again"; exit 1; }

missing=$("$cli" export "$work/none.jsonl" 2>&1)
code=$?
[[ $code -eq 2 && $missing == *"check the path"* && $(wc -l <<<"$missing") -eq 1 ]] ||
  { echo "FAIL: a missing trace gave exit $code: $missing"; exit 1; }
echo "export: $exported calls of a dead process completed; the missing trace refused in one line"
