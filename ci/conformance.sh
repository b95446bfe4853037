#!/usr/bin/env bash
# The main job: the conformance suite against the bundled reference host (or HOST=path.so),
# with its report. Extra arguments go to `clrhost-conformance run`.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
bash ci/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default
mkdir -p build/traces
host_args=()
[[ -z "${HOST:-}" ]] || host_args=(--host "$HOST")
build/bin/clrhost-conformance run --scenario doc-table --trace build/traces/doc-table.jsonl "${host_args[@]}" "$@"
