#!/usr/bin/env bash
# The Windows build and its tests under Wine (README.md, "Windows"; docs/WINDOWS.md): installs
# the mingw-w64 cross compiler and Wine when missing, configures and builds the `windows` preset
# (build-windows/), and runs its CTest tests through ci/wine-run.sh in the build tree's own Wine
# prefix (build-windows/wine). The wineserver kept for the run is ended however the script ends.
# Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh windows
export CLRHOST_WINEPREFIX="$PWD/build-windows/wine"
end_wineserver() {
  if command -v wineserver >/dev/null; then
    WINEPREFIX="$CLRHOST_WINEPREFIX" wineserver -k 2>/dev/null || true
  fi
}
trap end_wineserver EXIT
cmake --preset windows >/dev/null
cmake --build --preset windows
ctest --preset windows --no-tests=error "$@"
