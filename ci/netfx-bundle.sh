#!/usr/bin/env bash
# Puts together what a Windows machine with the .NET Framework 4.8 needs to run the scenarios
# through the netfx runner (docs/WINDOWS.md, "A Windows workflow"): one folder, built here.
#   bin/               clrhost-netfx.exe, clrhost-conformance.exe, the reference host's DLL
#   host/              the host plug-in under test (--host), when given
#   managed-testapps/  each scenario's scenario.json and net48/ folder: the .NET Framework builds
#                      of its apps (the Linux build's) and its native DLLs (the Windows build's),
#                      and main-entry/net48/ (the main entry the runner calls)
#   netfx-run.sh       runs them all and judges the traces (ci/netfx-run.sh)
#
# Usage: bash ci/netfx-bundle.sh --out DIR [--windows-build DIR] [--linux-build DIR] [--host DLL]
#   --windows-build  the `windows` preset's build (default: build-windows)
#   --linux-build    a build of the `default` preset with the net48 apps (default: build); "none"
#                    leaves the managed apps out (what the test double of mscoree.dll needs: it
#                    runs no managed code)
set -euo pipefail
usage="usage: ci/netfx-bundle.sh --out DIR [--windows-build DIR] [--linux-build DIR|none] [--host DLL]"
out="" windows_build=build-windows linux_build=build host=""
while (($#)); do
  case "$1" in
    --out | --windows-build | --linux-build | --host)
      [[ $# -ge 2 && -n "$2" ]] || { echo "ci/netfx-bundle.sh: $1 needs a value ($usage)" >&2; exit 2; }
      case "$1" in
        --out) out=$2 ;; --windows-build) windows_build=$2 ;; --linux-build) linux_build=$2 ;;
        --host) host=$2 ;;
      esac
      shift 2 ;;
    *) echo "ci/netfx-bundle.sh: unknown option $1 ($usage)" >&2; exit 2 ;;
  esac
done
[[ -n "$out" ]] || { echo "ci/netfx-bundle.sh: --out is required ($usage)" >&2; exit 2; }
[[ -f "$windows_build/bin/clrhost-netfx.exe" ]] || {
  echo "ci/netfx-bundle.sh: --windows-build $windows_build has no bin/clrhost-netfx.exe: build the windows preset (bash ci/windows.sh, or cmake --preset windows && cmake --build --preset windows)" >&2
  exit 2
}
if [[ "$linux_build" != none && ! -d "$linux_build/managed-testapps/main-entry/net48" ]]; then
  echo "ci/netfx-bundle.sh: --linux-build $linux_build has no net48 apps (managed-testapps/main-entry/net48): build the default preset with the .NET SDK (cmake --preset default && cmake --build --preset default), or pass --linux-build none" >&2
  exit 2
fi
[[ -z "$host" || -f "$host" ]] || { echo "ci/netfx-bundle.sh: --host $host does not exist: build your host's DLL first" >&2; exit 2; }
suite=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out/bin" "$out/managed-testapps"
cp "$windows_build/bin/clrhost-netfx.exe" "$windows_build/bin/clrhost-conformance.exe" \
   "$windows_build/bin/libclrhost_host_reference.dll" "$out/bin/"
if [[ -n "$host" ]]; then mkdir -p "$out/host" && cp "$host" "$out/host/"; fi
# The Windows build's scenario folders (scenario.json, net48/<name>.dll), then the Linux build's
# net48 assemblies over them (its lib<name>.so stay behind).
cp -r "$windows_build/managed-testapps/." "$out/managed-testapps/"
if [[ "$linux_build" != none ]]; then
  for net48 in "$linux_build"/managed-testapps/*/net48; do
    id=$(basename "$(dirname "$net48")")
    mkdir -p "$out/managed-testapps/$id/net48"
    find "$net48" -maxdepth 1 -type f ! -name '*.so' -exec cp {} "$out/managed-testapps/$id/net48/" \;
  done
fi
cp "$suite/ci/netfx-run.sh" "$out/netfx-run.sh"
echo "ci/netfx-bundle.sh: $out: $(find "$out/managed-testapps" -name scenario.json | wc -l) scenarios, $(find "$out" -type f | wc -l) files$([[ "$linux_build" == none ]] && echo ", no managed apps (--linux-build none)")"
