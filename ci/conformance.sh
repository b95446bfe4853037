#!/usr/bin/env bash
# The main job: the conformance suite against the bundled reference host (or HOST=path.so),
# with its reports: build/reports/report.{xml,json,md} (JUnit, JSON, Markdown; REPORT_DIR
# changes the folder; docs/REPORTS.md). EXPECTATIONS=file passes the host's expectation file.
# Extra arguments go to `clrhost-conformance run`. Exits with the suite's exit code.
set -euo pipefail
# HOST and EXPECTATIONS may be relative to where this is run from; REPORT_DIR is the suite's.
[[ -z "${HOST:-}" ]] || HOST=$(realpath -m -- "$HOST")
[[ -z "${EXPECTATIONS:-}" ]] || EXPECTATIONS=$(realpath -m -- "$EXPECTATIONS")
cd "$(dirname "$0")/.."
source ci/env.sh
bash ci/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default
report_dir=${REPORT_DIR:-build/reports}
mkdir -p build/traces "$report_dir"
rm -f "$report_dir"/report.{xml,json,md}
run_args=()
[[ -z "${HOST:-}" ]] || run_args+=(--host "$HOST")
[[ -z "${EXPECTATIONS:-}" ]] || run_args+=(--expectations "$EXPECTATIONS")
status=0
build/bin/clrhost-conformance run --scenario all --trace-dir build/traces \
  --junit "$report_dir/report.xml" --json "$report_dir/report.json" \
  --markdown "$report_dir/report.md" "${run_args[@]}" "$@" || status=$?
if [[ -s "$report_dir/report.json" ]]; then
  echo "ci/conformance.sh: reports in $report_dir/: report.xml (JUnit), report.json, report.md (Markdown)"
else
  echo "ci/conformance.sh: no reports written (the run stopped before any scenario ran)" >&2
fi
exit "$status"
