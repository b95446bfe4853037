#!/usr/bin/env bash
# `trace` and `check` on the thread-ends app (managed-testapps/thread-ends), one mode per test:
#   blocked            a background thread blocked in native code at exit and a thread that ended:
#                      check passes, lists the blocked thread as still running with its
#                      LeaveRuntime of block_forever, and the trace has the ended thread's end
#   exit-in-callback   Environment.Exit inside a callback: the trace is complete when `trace`
#                      returns (no recording left, every call there, as many as it said), and
#                      check passes, listing the exiting thread as still running
#   delegates          native calls through Action, ThreadStart and
#                      GetDelegateForFunctionPointer<Action>, and a reverse call through an
#                      Action: all the app's (neither framework nor of unknown origin)
# thread_ends.sh CLI APP.dll WORK_DIR MODE
set -u
cli=$1 app=$2 work=$3 mode=$4
rm -rf "$work" && mkdir -p "$work"
trace=$work/$mode.jsonl
fail() { echo "FAIL ($mode): $*"; exit 1; }

"$cli" trace --out "$trace" -- "$app" "$mode" >"$work/app.out" 2>"$work/trace.err"
code=$?
cat "$work/app.out" "$work/trace.err"
expected_exit=0
[[ $mode == exit-in-callback ]] && expected_exit=3
[[ $code -eq $expected_exit ]] || fail "trace exited $code, the app's exit code is $expected_exit"
! grep -q "calls recorded" "$work/app.out" || fail "the call count went to the app's stdout"
recorded=$(sed -nE 's/.*: ([0-9]+) calls recorded in .*/\1/p' "$work/trace.err")
[[ -n $recorded && $recorded -gt 0 ]] || fail "trace did not say how many calls it recorded"
[[ ! -e $trace.rec ]] || fail "the recording is left: the trace was not exported"
calls=$(grep -c '"call":' "$trace")
[[ $calls -eq $recorded ]] || fail "trace said $recorded calls, the trace holds $calls"

out=$("$cli" check "$trace")
code=$?
echo "$out"
[[ $code -eq 0 ]] || fail "check exited $code"
# The summary lists every rule's result: a violation shows as "TM-BALANCE error" and "FAIL".
[[ $out != *"TM-BALANCE error"* && $out != *"TM-BALANCE FAIL"* ]] ||
  fail "a thread still running at exit was judged by TM-BALANCE"

case $mode in
blocked)
  [[ $out == *"still running at exit with 1 layer(s) open: LeaveRuntime block_forever"* ]] ||
    fail "the blocked thread is not listed as still running in block_forever"
  grep -q '"event":"ThreadEnded"' "$trace" || fail "no thread's end in the trace"
  grep -q '"event":"RunEnded"' "$trace" || fail "no end of the app's run in the trace" ;;
exit-in-callback)
  [[ $(grep -c '"call":"LeaveRuntime".*"symbol":"plain_native"' "$trace") -eq 3 ]] ||
    fail "the three plain_native calls before the exit are not all in the trace"
  grep -q '"call":"ReverseEnterRuntime".*"method":"ThreadEnds.Callback.Invoke"' "$trace" ||
    fail "the callback that exits is not in the trace"
  [[ $out == *"still running at exit with 2 layer(s) open: LeaveRuntime call_back"* ]] ||
    fail "the exiting thread is not listed as still running inside call_back" ;;
delegates)
  # The stack shows the app's method below each Invoke: the calls are the app's.
  for type in System.Action System.Threading.ThreadStart; do
    grep '"method":"'$type'.Invoke"' "$trace" | grep -q '"call":"LeaveRuntime"' ||
      fail "no LeaveRuntime through $type.Invoke"
    ! grep '"method":"'$type'.Invoke"' "$trace" | grep -qE '"framework":true|"origin":"unknown"' ||
      fail "a call through $type.Invoke is not the app's"
  done
  grep -q '"call":"ReverseEnterRuntime".*"method":"System.Action.Invoke"' "$trace" ||
    fail "the reverse call through an Action is missing"
  [[ $out == *"calls checked, 20 app calls"* ]] ||
    fail "the delegate calls are not all counted as app calls" ;;
esac
echo "thread-ends $mode: $recorded calls, check passes"
