#!/usr/bin/env bash
# The disk fills while a trace is written, in a small tmpfs of a private mount namespace, on
# nest-1000: (1) 1.2 MiB, where its recording fits but the trace exported from it does not;
# (2) 160 KiB, where the recording itself runs out of room mid-run. Each run must end with a
# one-line error naming the full disk and the number of calls kept (exit 2), and `check` must read
# exactly those calls (from the recording, since the trace cannot be completed on a full disk).
# Needs root (mount); skips (77) without it.   disk_full.sh CLI SCENARIO_ROOT WORK_DIR
set -u
cli=$1 root=$2 work=$3
if [[ $(id -u) -ne 0 ]] || ! unshare -m true 2>/dev/null; then
  echo "skipped: needs root and mount namespaces to make a small filesystem"; exit 77
fi
mkdir -p "$work/fs"
exec unshare -m bash -c '
  set -u
  cli=$1 root=$2 work=$3
  fill() { # SIZE PATTERN: PATTERN has one group, the number of calls the error says are kept
    local size=$1 pattern=$2
    umount "$work/fs" 2>/dev/null
    mount -t tmpfs -o size=$size tmpfs "$work/fs" || { echo "skipped: cannot mount tmpfs"; exit 77; }
    "$cli" run --driver coreclr --scenario nest-1000:cs --scenario-root "$root" --trace "$work/fs/trace.jsonl" >"$work/out.txt" 2>&1
    local code=$?
    grep -v "^  - call" "$work/out.txt" | head -20
    [[ $code -eq 2 ]] || { echo "FAIL ($size): exit code $code, expected 2"; exit 1; }
    local calls
    calls=$(grep -Eo "$pattern" "$work/out.txt" | head -1 | sed -E "s/$pattern/\1/")
    [[ -n "$calls" ]] || { echo "FAIL ($size): no one-line error naming the full disk and the calls kept"; exit 1; }
    "$cli" check "$work/fs/trace.jsonl" --died >"$work/check.txt" 2>&1
    [[ $? -ne 2 ]] || { cat "$work/check.txt"; echo "FAIL ($size): the calls kept are unreadable"; exit 1; }
    local read_calls
    read_calls=$(grep -Eo "^[^:]+: [0-9]+ calls checked" "$work/check.txt" | grep -Eo "[0-9]+ calls" | grep -Eo "[0-9]+")
    [[ "$read_calls" == "$calls" && "$calls" -gt 0 ]] ||
      { echo "FAIL ($size): $calls calls kept, $read_calls readable"; exit 1; }
    echo "disk full ($size): $calls calls kept, every one of them readable"
  }
  fill 1200k "writing trace .* failed: No space left on device: its ([0-9]+) recorded calls stay readable"
  fill 160k "writing trace .* failed after ([0-9]+) calls: No space left on device"
' bash "$cli" "$root" "$work"
