#!/usr/bin/env bash
# A host's CI as shipped (ci/host-ci.sh, what ci/github-workflow.yml runs): from an empty
# temporary folder holding a copy of docs/example-host as the host's repository, the script
# installs the suite into a fresh prefix (from this build tree, so the test does not configure
# and build the suite a second time), builds the host against the install, runs the installed
# command and writes the reports and the job summary. A second run finds the install in place
# and does not install again.
# host_ci.sh SUITE_SOURCE SUITE_BUILD WORK_DIR [arguments of run...]
set -u
source_dir=$1 build_dir=$2 work=$3
shift 3
rm -rf "$work" && mkdir -p "$work"
work=$(realpath "$work")
fail() { echo "FAIL: $*"; exit 1; }
# Only what the install holds: no override pointing back into the build tree.
unset CLRHOST_BRIDGE CMAKE_PREFIX_PATH

cp -r "$source_dir/docs/example-host" "$work/host"
cd "$work/host" || exit 1
export GITHUB_STEP_SUMMARY=$work/summary.md
ci() {
  bash "$source_dir/ci/host-ci.sh" --plugin build/libexample_host.so --prefix "$work/install" \
    --suite-build "$build_dir" --out "$work/reports" -- "$@"
}
ci "$@" >"$work/first.out" 2>&1
code=$?
cat "$work/first.out"
[[ $code -eq 0 ]] || fail "ci/host-ci.sh exited $code, the example host conforms (0)"
for report in report.xml report.json report.md; do
  [[ -s $work/reports/$report ]] || fail "no $report in $work/reports"
done
grep -q '"result": *"PASS"' "$work/reports/report.json" ||
  fail "report.json holds no PASS"
grep -q 'doc-table' "$work/reports/report.md" || fail "report.md names no scenario"
[[ -n "$(ls "$work/reports/traces" 2>/dev/null)" ]] || fail "no trace in $work/reports/traces"
grep -q 'doc-table' "$GITHUB_STEP_SUMMARY" || fail "the Markdown report is not in \$GITHUB_STEP_SUMMARY"
grep -q "clrhost-conformance_DIR:PATH=$work/install/" "$work/host/build/CMakeCache.txt" ||
  fail "the host was not built against the install in $work/install"
grep -q "scenarios ($work/install/bin/clrhost-conformance run)" "$work/first.out" ||
  fail "the run was not the installed command's"

ci "$@" >"$work/second.out" 2>&1
code=$?
cat "$work/second.out"
[[ $code -eq 0 ]] || fail "the second run exited $code"
if git -C "$source_dir" diff --quiet HEAD -- 2>/dev/null; then
  grep -q "is already installed in $work/install" "$work/second.out" ||
    fail "the second run installed the suite again"
fi
echo "host CI: ok"
