#!/usr/bin/env bash
# A host's CI (ci/github-workflow.yml runs it; docs/REPORTS.md, "A host's CI"): run from the
# host's repository, it
#   1. builds and installs this suite into a prefix, once: an install of this very suite version
#      (its commit) already there is used as it is (the workflow caches the prefix);
#   2. builds the host against that install (find_package(clrhost-conformance), docs/PLUGIN.md),
#      with -DCMAKE_PREFIX_PATH=<prefix>;
#   3. runs the INSTALLED clrhost-conformance against the host plug-in, reports (JUnit, JSON,
#      Markdown) and traces to one folder, and appends the Markdown report to
#      $GITHUB_STEP_SUMMARY when that is set.
# Exits with the suite's exit code: 0 conforms, 1 does not, 2 could not run (a stage failed).
#
# Usage: bash <suite>/ci/host-ci.sh --plugin PATH [options] [-- <arguments of run>]
#   --plugin PATH        the host plug-in after the build, relative to --host (required)
#   --host DIR           the host's repository (default: the current folder)
#   --host-build CMD     how the host is built, run by bash in --host with CMAKE_PREFIX_PATH set
#                        (default: cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
#                        -DCMAKE_PREFIX_PATH=<prefix> && cmake --build build)
#   --prefix DIR         where the suite is installed (default: clrhost-conformance/install)
#   --suite-build DIR    the suite's build tree (default: clrhost-conformance/build; configured
#                        there when it is not yet)
#   --out DIR            reports, traces and the log of this script (default: clrhost-conformance/reports)
#   --expectations FILE  the host's expectation file, relative to --host
# Relative defaults and options are taken from the folder this is run from.
set -euo pipefail
suite=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: ci/host-ci.sh --plugin PATH [--host DIR] [--host-build CMD] [--prefix DIR] [--suite-build DIR] [--out DIR] [--expectations FILE] [-- <arguments of run>]"
host=. plugin="" host_build="" prefix=clrhost-conformance/install suite_build=clrhost-conformance/build
out=clrhost-conformance/reports expectations=""
need() { [[ $# -ge 2 && -n "$2" ]] || { echo "ci/host-ci.sh: $1 needs a value ($usage)" >&2; exit 2; }; }
while (($#)); do
  case "$1" in
    --plugin | --host | --host-build | --prefix | --suite-build | --out | --expectations)
      need "$@"
      case "$1" in
        --plugin) plugin=$2 ;; --host) host=$2 ;; --host-build) host_build=$2 ;;
        --prefix) prefix=$2 ;; --suite-build) suite_build=$2 ;; --out) out=$2 ;;
        --expectations) expectations=$2 ;;
      esac
      shift 2 ;;
    --) shift; break ;;
    *) echo "ci/host-ci.sh: unknown argument $1 ($usage)" >&2; exit 2 ;;
  esac
done
[[ -n "$plugin" ]] || { echo "ci/host-ci.sh: --plugin PATH is required: the host plug-in your build makes, relative to --host ($usage)" >&2; exit 2; }
[[ -d "$host" ]] || { echo "ci/host-ci.sh: --host $host is not a folder: give the host's repository" >&2; exit 2; }
host=$(realpath -- "$host")
prefix=$(realpath -m -- "$prefix") suite_build=$(realpath -m -- "$suite_build") out=$(realpath -m -- "$out")
plugin=$(realpath -m -- "$host/$plugin")
[[ -z "$expectations" ]] || expectations=$(realpath -m -- "$host/$expectations")
source "$suite/ci/env.sh"

mkdir -p "$out"
rm -rf "$out/traces" "$out"/report.{xml,json,md}
log=$out/host-ci.log
: >"$log"
echo "ci/host-ci.sh: the tools' output goes to $log"
stage_name=ci/host-ci.sh stage_log=$log
stage_failed() { summary "clrhost-conformance could not run: $1 failed (see the job's log)."; }
source "$suite/ci/stage.sh"
summary() { [[ -z "${GITHUB_STEP_SUMMARY:-}" ]] || echo "$1" >>"$GITHUB_STEP_SUMMARY"; }

# The suite version an install holds: the commit, or the project version outside git. A tree
# with uncommitted changes is never taken as installed.
suite_id() {
  local commit
  if commit=$(git -C "$suite" rev-parse HEAD 2>/dev/null); then
    [[ -z "$(git -C "$suite" status --porcelain --untracked-files=no 2>/dev/null)" ]] || commit+="+modified.$(date +%s%N)"
    echo "$commit"
  else
    sed -n 's/^project(clrhost_conformance VERSION \([^ ]*\).*/version \1/p' "$suite/CMakeLists.txt"
  fi
}
id=$(suite_id)
id_file=$prefix/share/clrhost-conformance/installed-from

stage "packages (ci/setup.sh)" bash "$suite/ci/setup.sh"
if [[ -x "$prefix/bin/clrhost-conformance" && -f "$id_file" && "$(cat "$id_file")" == "$id" ]]; then
  echo "ci/host-ci.sh: the suite ($id) is already installed in $prefix"
else
  if [[ ! -f "$suite_build/CMakeCache.txt" ]]; then
    # The default preset's flags (CMakePresets.json): -O2 with line tables only builds faster.
    stage "configure the suite ($suite_build)" cmake -S "$suite" -B "$suite_build" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_INSTALL_PREFIX=$prefix" \
      "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
  fi
  # Only what an install holds (target clrhost_suite): no test, no benchmark.
  stage "build the suite" cmake --build "$suite_build" --target clrhost_suite
  rm -rf "$prefix"
  stage "install the suite ($prefix)" cmake --install "$suite_build" --prefix "$prefix"
  echo "$id" >"$id_file"
fi

export CMAKE_PREFIX_PATH="$prefix${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}"
[[ -n "$host_build" ]] || host_build="cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH='$prefix' && cmake --build build"
stage "build the host ($host_build)" bash -c "cd '$host' && $host_build"
if [[ ! -f "$plugin" ]]; then
  echo "ci/host-ci.sh: the host build made no $plugin: give --plugin the path of the plug-in it builds, relative to --host" >&2
  summary "clrhost-conformance could not run: the host build made no $plugin."
  exit 2
fi

run_args=(--host "$plugin" --trace-dir "$out/traces" --junit "$out/report.xml"
          --json "$out/report.json" --markdown "$out/report.md")
[[ -z "$expectations" ]] || run_args+=(--expectations "$expectations")
echo "ci/host-ci.sh: scenarios ($prefix/bin/clrhost-conformance run)"
status=0
"$prefix/bin/clrhost-conformance" run "${run_args[@]}" "$@" || status=$?
if [[ -s "$out/report.md" ]]; then
  echo "ci/host-ci.sh: reports in $out/: report.xml (JUnit), report.json, report.md (Markdown); traces in $out/traces/"
  [[ -z "${GITHUB_STEP_SUMMARY:-}" ]] || cat "$out/report.md" >>"$GITHUB_STEP_SUMMARY"
else
  echo "ci/host-ci.sh: no reports written (the run stopped before any scenario ran)" >&2
  summary "clrhost-conformance wrote no report (exit code $status): see the job's log."
fi
exit "$status"
