#!/usr/bin/env bash
# The native code under a sanitizer: configures and builds the asan (ASan + UBSan) or tsan preset
# (build-asan/, build-tsan/; no managed apps) and runs every test that does not start the runtime
# (README.md, "Sanitizers"). Extra arguments go to ctest.
# Usage: bash ci/sanitize.sh asan|tsan [CTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-}
if [[ "$preset" != asan && "$preset" != tsan ]]; then
  echo "ci/sanitize.sh: name a preset: bash ci/sanitize.sh asan|tsan [CTEST ARGS...]" >&2
  exit 2
fi
shift
source ci/env.sh
bash ci/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" --no-tests=error "$@"
