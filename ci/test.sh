#!/usr/bin/env bash
# Every test: set-up, configure, build, then ctest (all labels) with its summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
bash ci/setup.sh
cmake --preset default
cmake --build --preset default
ctest --preset default --no-tests=error "$@"
