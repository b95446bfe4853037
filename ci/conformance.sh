#!/usr/bin/env bash
# The main job: the conformance suite against the bundled reference host (or HOST=path.so),
# with its reports: build/reports/report.{xml,json,md} (JUnit, JSON, Markdown; REPORT_DIR
# changes the folder; docs/REPORTS.md). EXPECTATIONS=file passes the host's expectation file.
# Extra arguments go to `clrhost-conformance run`. Exits with the suite's exit code (2 when a
# stage before the run fails).
#
# Builds only what the run needs (target clrhost_suite: the command, the bridge, the reference
# host, the scenarios), no test or benchmark. The console gets one line per stage and the
# verdicts; the tools' own output goes to build/logs/conformance.log, whose last lines are shown
# when a stage fails.
set -euo pipefail
# HOST and EXPECTATIONS may be relative to where this is run from; REPORT_DIR is the suite's.
[[ -z "${HOST:-}" ]] || HOST=$(realpath -m -- "$HOST")
[[ -z "${EXPECTATIONS:-}" ]] || EXPECTATIONS=$(realpath -m -- "$EXPECTATIONS")
cd "$(dirname "$0")/.."
source ci/env.sh

log=build/logs/conformance.log
mkdir -p "$(dirname "$log")"
: >"$log"
echo "ci/conformance.sh: the tools' output goes to $log"
stage_name=ci/conformance.sh stage_log=$log
source ci/stage.sh

stage "packages (ci/setup.sh)" bash ci/setup.sh
# A configured tree reconfigures itself when a CMakeLists.txt changes (ninja's own rule).
if [[ -f build/build.ninja && -f build/CMakeCache.txt ]]; then
  echo "ci/conformance.sh: configure ... already done (build/ reconfigures itself when needed)"
else
  stage "configure (cmake --preset default)" cmake --preset default
fi
stage "native build (command, bridge, hosts, C libraries)" \
  cmake --build --preset default --target clrhost_suite_native
stage "managed build (the scenarios' apps, one dotnet build)" \
  cmake --build --preset default --target clrhost_suite

report_dir=${REPORT_DIR:-build/reports}
mkdir -p build/traces "$report_dir"
rm -f "$report_dir"/report.{xml,json,md}
run_args=()
[[ -z "${HOST:-}" ]] || run_args+=(--host "$HOST")
[[ -z "${EXPECTATIONS:-}" ]] || run_args+=(--expectations "$EXPECTATIONS")
echo "ci/conformance.sh: scenarios (clrhost-conformance run --scenario all)"
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
