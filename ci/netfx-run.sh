#!/usr/bin/env bash
# Runs the exerciser on a host plug-in (its bundled saved walks: no runtime), then every scenario
# the .NET Framework can run through the netfx runner with the host, and judges each trace with
# `check` (docs/WINDOWS.md, "A Windows workflow"). Run from a folder that ci/netfx-bundle.sh
# made, on Windows (Git Bash), or here under Wine with --launcher.
#   bash netfx-run.sh [--host DLL] [--out DIR] [--scenario SPEC]... [--launcher CMD] [--no-exercise]
#   --host      the host plug-in (default: the reference host, bin/libclrhost_host_reference.dll)
#   --out       traces, each check's output and summary.md (default: netfx-reports)
#   --scenario  name[:language], repeatable (default: all)
#   --launcher  what runs a Windows program here (ci/wine-run.sh under Wine; default: none)
#   --no-exercise  leave the exerciser out
# Exit code: 0 the exerciser passed and every variant ran and conforms, 1 one did not, 2 nothing
# could run.
set -uo pipefail
usage="usage: netfx-run.sh [--host DLL] [--out DIR] [--scenario SPEC]... [--launcher CMD] [--no-exercise]"
bundle=$(cd "$(dirname "$0")" && pwd)
host="$bundle/bin/libclrhost_host_reference.dll" out=netfx-reports launcher=() specs=() exercise=1
while (($#)); do
  case "$1" in
    --no-exercise) exercise=0; shift ;;
    --host | --out | --scenario | --launcher)
      [[ $# -ge 2 && -n "$2" ]] || { echo "netfx-run.sh: $1 needs a value ($usage)" >&2; exit 2; }
      case "$1" in
        --host) host=$2 ;; --out) out=$2 ;; --scenario) specs+=(--scenario "$2") ;;
        --launcher) read -r -a launcher <<<"$2" ;;
      esac
      shift 2 ;;
    *) echo "netfx-run.sh: unknown option $1 ($usage)" >&2; exit 2 ;;
  esac
done
((${#specs[@]})) || specs=(--scenario all)
[[ -f "$host" ]] || { echo "netfx-run.sh: --host $host does not exist: give your host's DLL" >&2; exit 2; }
mkdir -p "$out/traces"
scenarios="$bundle/managed-testapps"
passed=0 failed=0 variants=0 summary="$out/summary.md"
{ echo "# clrhost-conformance on the .NET Framework"; echo; echo "| variant | verdict |"; echo "|---|---|"; } >"$summary"
verdict() { # name, exit code of its judge
  local said=PASS
  if (($2 == 0)); then passed=$((passed + 1)); else said=FAIL; failed=$((failed + 1)); fi
  echo "$1: $said"
  echo "| $1 | $said |" >>"$summary"
}
publish() { [[ -z "${GITHUB_STEP_SUMMARY:-}" ]] || cat "$summary" >>"$GITHUB_STEP_SUMMARY"; }
if ((exercise)); then # the obligations no scenario reaches (docs/PLUGIN.md, "The exerciser")
  "${launcher[@]}" "$bundle/bin/clrhost-conformance.exe" exercise --host "$host" >"$out/exerciser.txt" 2>&1
  judged=$?
  verdict exerciser "$judged"
  ((judged == 0)) || grep -E "FAIL|reproduce|^error" "$out/exerciser.txt" | head -20
fi
"${launcher[@]}" "$bundle/bin/clrhost-netfx.exe" --host "$host" --scenarios "$scenarios" \
  "${specs[@]}" --trace "$out/traces" | tee "$out/runner.txt"
ran=${PIPESTATUS[0]}
if ((ran == 2)) && ! compgen -G "$out/traces/*.jsonl" >/dev/null; then
  echo "netfx-run.sh: the runner could not run (exit 2): see above" >&2
  publish
  exit 2
fi
for trace in "$out"/traces/*.jsonl; do
  name=$(basename "$trace" .jsonl)
  "${launcher[@]}" "$bundle/bin/clrhost-conformance.exe" check "$trace" --scenario-root "$scenarios" >"$out/$name.check.txt" 2>&1
  verdict "$name" $?
  variants=$((variants + 1))
done
{ echo; echo "$passed passed, $failed failed (expectations from the .NET Framework's source, not yet observed; traces, each check's output and the exerciser's in $out)"; } >>"$summary"
publish
echo "$passed passed, $failed failed"
((failed == 0 && ran == 0 && variants > 0))
