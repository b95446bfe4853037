#!/usr/bin/env bash
# Runs a Windows executable of the `windows` build under Wine: CMAKE_CROSSCOMPILING_EMULATOR of
# that preset, so CTest (and gtest_discover_tests) run every test through it.
#   ci/wine-run.sh <program.exe> [args...]
# The Wine prefix is private to the build tree (<build>/wine, made on first use; never ~/.wine),
# Wine is quiet (WINEDEBUG=-all) and asks to
# install neither Mono nor Gecko. A wineserver is kept for a short while after the last program
# ends, so a test run pays its start-up once; ci/windows.sh ends it (`wineserver -k`) when the
# tests are done. CLRHOST_WINEPREFIX overrides the prefix.
set -euo pipefail
program=${1:?usage: ci/wine-run.sh <program.exe> [args...]}
shift
if [[ -z "${CLRHOST_WINEPREFIX:-}" ]]; then
  # The build tree: the first folder above the program that holds a CMakeCache.txt.
  dir=$(cd "$(dirname "$program")" && pwd)
  while [[ "$dir" != / && ! -f "$dir/CMakeCache.txt" ]]; do dir=$(dirname "$dir"); done
  if [[ "$dir" == / ]]; then
    echo "ci/wine-run.sh: $program is in no build tree (no CMakeCache.txt above it): set CLRHOST_WINEPREFIX to a folder for the Wine prefix" >&2
    exit 2
  fi
  CLRHOST_WINEPREFIX="$dir/wine"
fi
command -v wine >/dev/null || {
  echo "ci/wine-run.sh: no wine on PATH: install it (bash ci/setup.sh windows, or apt-get install wine wine64)" >&2
  exit 2
}
export WINEPREFIX="$CLRHOST_WINEPREFIX"
export WINEDEBUG=-all
# Wine's own mscoree and mshtml are off (they would offer to install Mono and Gecko), for the
# prefix's services always, and for the program unless CLRHOST_WINEDLLOVERRIDES says otherwise:
# the netfx runner's tests load a mscoree.dll of their own (mscoree=n) or Wine's (mscoree=b).
quiet_overrides="mscoree,mshtml="
export WINEDLLOVERRIDES="$quiet_overrides"
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$WINEPREFIX"
# Under a lock, so that parallel tests do not race: the prefix made once, and a wineserver kept
# for 120 s after its last program. A new server's first program starts Wine's services, which
# would inherit that program's output and hold CTest's pipe open until they end: a trivial
# program with its output to /dev/null starts them instead. (9>&-: what they leave running must
# not hold the lock.)
(
  flock 9
  [[ -f "$WINEPREFIX/system.reg" ]] || wineboot --init >/dev/null 2>&1 </dev/null 9>&-
  if wineserver -p120 >/dev/null 2>&1 9>&-; then # 0: a new server; 2: one was running
    wine cmd /c exit >/dev/null 2>&1 </dev/null 9>&- || true
  fi
) 9>"$WINEPREFIX.lock"
export WINEDLLOVERRIDES="${CLRHOST_WINEDLLOVERRIDES:-$quiet_overrides}"
# Now and then (about once in a few hundred starts, under load) Wine fails to start a program at
# all: it exits non-zero within a fraction of a second having printed nothing, not even a
# GoogleTest banner, so a test fails that never ran. A program that fails having printed nothing
# is started once more, and says so; one that printed anything, or exited 0, is left as it is.
# Rarer still, Wine's own process fails as it ends, after the program did (glibc's loader prints
# "Inconsistency detected by ld.so" and the exit code is lost): that program is run once more
# too, and says so.
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
for attempt in 1 2; do
  set +e
  wine "$program" "$@" >"$out" 2>"$err"
  status=$?
  set -e
  ((status != 0 && attempt == 1)) || break
  if [[ ! -s "$out" && ! -s "$err" ]]; then
    echo "ci/wine-run.sh: $program exited $status without a word: Wine did not start it; starting it once more" >&2
  elif grep -q "^Inconsistency detected by ld.so" "$err" "$out"; then
    echo "ci/wine-run.sh: $program exited $status after Wine's loader failed as the process ended: running it once more" >&2
  else
    break
  fi
done
# A program that crashed sometimes ends with exit code 0 under Wine (3 runs in 12 of a program
# that writes through a null pointer; the others 5, the low byte of 0xC0000005), which would pass
# its test: Wine's own line on stderr says it crashed, and the exit code is made 5.
if ((status == 0)) && grep -q "^wine: Unhandled .*starting debugger" "$err"; then
  echo "ci/wine-run.sh: $program crashed (Wine's line above) but Wine reported exit code 0: exit 5" >>"$err"
  status=5
fi
cat "$out"
cat "$err" >&2
exit "$status"
