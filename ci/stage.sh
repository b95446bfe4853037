# Sourced by ci/conformance.sh and ci/host-ci.sh, which set stage_name (their console prefix) and
# stage_log first. stage <what> <command...>: one console line for the stage, the command's
# output to the log; on failure the log's last 40 lines, stage_failed <what> when the script
# defines it, and exit code 2 (the suite's "could not run").
stage() {
  local what=$1 started status=0
  shift
  started=$(date +%s.%N)
  printf '%s: %s ... ' "$stage_name" "$what"
  echo "=== $what: $*" >>"$stage_log"
  "$@" >>"$stage_log" 2>&1 || status=$?
  if ((status)); then
    echo "FAILED (exit $status)"
    echo "--- the last 40 lines of $stage_log:" >&2
    tail -n 40 "$stage_log" >&2
    echo "$stage_name: $what failed: the whole output is in $stage_log" >&2
    if declare -F stage_failed >/dev/null; then stage_failed "$what"; fi
    exit 2
  fi
  awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "done, %.1f s\n", b - a }'
}
