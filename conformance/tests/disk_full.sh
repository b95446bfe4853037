#!/usr/bin/env bash
# The disk fills while a trace is written: a 1.2 MiB tmpfs in a private mount namespace, and
# nest-1000 whose trace needs more. The run must end with a one-line error (exit 2), and the
# calls recorded before the disk filled must all be readable. Needs root (mount); skips (77)
# without it.   disk_full.sh CLI SCENARIO_ROOT WORK_DIR
set -u
cli=$1 root=$2 work=$3
if [[ $(id -u) -ne 0 ]] || ! unshare -m true 2>/dev/null; then
  echo "skipped: needs root and mount namespaces to make a small filesystem"; exit 77
fi
mkdir -p "$work/fs"
exec unshare -m bash -c '
  set -u
  cli=$1 root=$2 work=$3
  mount -t tmpfs -o size=1200k tmpfs "$work/fs" || { echo "skipped: cannot mount tmpfs"; exit 77; }
  "$cli" run --scenario nest-1000:cs --scenario-root "$root" --trace "$work/fs/trace.jsonl" >"$work/out.txt" 2>&1
  code=$?
  grep -v "^  - call" "$work/out.txt" | head -40
  [[ $code -eq 2 ]] || { echo "FAIL: exit code $code, expected 2"; exit 1; }
  grep -Eq "writing trace .* failed after [0-9]+ calls: No space left on device" "$work/out.txt" ||
    { echo "FAIL: no one-line error naming the full disk"; exit 1; }
  calls=$(grep -Eo "failed after [0-9]+ calls" "$work/out.txt" | head -1 | grep -Eo "[0-9]+")
  "$cli" check "$work/fs/trace.jsonl" --died >"$work/check.txt" 2>&1
  check=$?
  [[ $check -ne 2 ]] || { cat "$work/check.txt"; echo "FAIL: the partial trace is unreadable"; exit 1; }
  read_calls=$(grep -Eo "^[^:]+: [0-9]+ calls checked" "$work/check.txt" | grep -Eo "[0-9]+ calls" | grep -Eo "[0-9]+")
  [[ "$read_calls" == "$calls" && "$calls" -gt 0 ]] ||
    { echo "FAIL: $calls calls recorded, $read_calls readable"; exit 1; }
  echo "disk full after $calls calls: every one of them readable"
' bash "$cli" "$root" "$work"
