#!/usr/bin/env bash
# The Windows workflow's second job, here under Wine (docs/WINDOWS.md, "A Windows workflow"): a
# bundle made by ci/netfx-bundle.sh from the Windows build (no managed apps: the test double runs
# none), the test double of mscoree.dll put beside its runner (never in a real bundle), then the
# bundle's netfx-run.sh with the given arguments.
#   netfx_bundle.sh <suite> <windows build> <bundle folder> [netfx-run.sh arguments...]
set -euo pipefail
suite=$1 build=$2 bundle=$3
shift 3
bash "$suite/ci/netfx-bundle.sh" --out "$bundle" --windows-build "$build" --linux-build none
cp "$build/netfx-double/mscoree.dll" "$bundle/bin/"
cd "$bundle"
CLRHOST_WINEDLLOVERRIDES=mscoree=n exec bash netfx-run.sh --out reports --launcher "$suite/ci/wine-run.sh" "$@"
