#!/usr/bin/env bash
# How long a host's CI waits for its first verdict (docs/PERFORMANCE.md, "First verdict"): a
# fresh clone into a temporary folder, `bash ci/conformance.sh` timed to its report, then a second
# run with nothing changed. Packages must already be installed (ci/setup.sh): the figure is the
# suite's own build and run, not apt's. Prints one line per figure, with the load average before
# and after each run (the machine may be shared; a figure on a loaded machine says so).
#
# Usage: bash ci/first-verdict.sh [--repo PATH|URL] [--ref REF] [--keep]
#   --repo  what to clone (default: this repository)
#   --ref   the branch, tag or commit to measure (default: HEAD of --repo)
#   --keep  leave the clone in place (its path is printed) instead of removing it
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$here ref="" keep=0
while (($#)); do
  case "$1" in
    --repo) repo=${2:?--repo needs a path or URL}; shift 2 ;;
    --ref) ref=${2:?--ref needs a branch, tag or commit}; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "ci/first-verdict.sh: unknown argument $1 (usage: ci/first-verdict.sh [--repo PATH|URL] [--ref REF] [--keep])" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/clrhost-first-verdict.XXXXXX")
((keep)) || trap 'rm -rf "$work"' EXIT
git clone -q --no-hardlinks "$repo" "$work/suite"
[[ -z "$ref" ]] || git -C "$work/suite" checkout -q "$ref"
echo "ci/first-verdict.sh: measuring $(git -C "$work/suite" log -1 --format='%h %s' | cut -c1-72) in $work/suite"

load() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU seconds (user + system) of this shell's finished children so far: on a shared machine the
# wall time depends on the others' load, the CPU time hardly (its half is the wall time on an
# idle 2-core machine, at best). Sets cpu (`times` in a $(...) subshell would see none).
children_cpu() {
  times >"$work/times"
  cpu=$(tail -n 1 "$work/times" | awk '{ gsub(/s/, ""); split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
}
# One timed run of ci/conformance.sh in the clone: its console to <log>; prints the figure.
timed_run() {
  local what=$1 log=$2 load_before started ended cpu cpu_before status=0
  load_before=$(load)
  children_cpu
  cpu_before=$cpu
  started=$(date +%s.%N)
  bash "$work/suite/ci/conformance.sh" >"$log" 2>&1 || status=$?
  ended=$(date +%s.%N)
  children_cpu
  local report=none
  [[ -s "$work/suite/build/reports/report.json" ]] && report=written
  printf 'ci/first-verdict.sh: %-12s %6.1f s, %6.1f CPU s, exit %d, report %s, %d console lines, load %s before, %s after\n' \
    "$what" "$(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')" \
    "$(awk -v a="$cpu_before" -v b="$cpu" 'BEGIN { print b - a }')" "$status" "$report" \
    "$(wc -l <"$log")" "$load_before" "$(load)"
}
timed_run "fresh clone" "$work/first.log"
timed_run "second run" "$work/second.log"
((keep)) && echo "ci/first-verdict.sh: the clone and its console logs (first.log, second.log) stay in $work"
exit 0
