#!/usr/bin/env bash
# Installs what the suite needs on a fresh Debian/Ubuntu machine, and only what is missing.
# The .NET SDK itself is not an apt package everywhere: its absence is reported with the fix.
# `bash ci/setup.sh fuzz` (ci/fuzz.sh) also needs clang and its runtime libraries (libFuzzer);
# `bash ci/setup.sh windows` (ci/windows.sh) the mingw-w64 cross compiler and Wine (64-bit only).
set -euo pipefail

packages=(cmake ninja-build g++ libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev libfmt-dev
          libbenchmark-dev librapidcheck-dev
          # The mono driver: Mono 6.8 and its embedding API, found through pkg-config (mono-2).
          mono-runtime libmono-2.0-dev pkg-config)
[[ "${1:-}" != fuzz ]] || packages+=(clang-14 libclang-rt-14-dev)
[[ "${1:-}" != windows ]] || packages+=(g++-mingw-w64-x86-64-posix wine wine64)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "ci/setup.sh: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet_bin="${DOTNET_ROOT:+$DOTNET_ROOT/dotnet}"
[[ -n "$dotnet_bin" && -x "$dotnet_bin" ]] || dotnet_bin=$(command -v dotnet || true)
if [[ -z "$dotnet_bin" ]]; then
  echo "ci/setup.sh: no .NET SDK found (no DOTNET_ROOT, no dotnet on PATH): install the .NET 10 SDK (apt-get install dotnet-sdk-10.0, or Microsoft's dotnet-install script) and run again" >&2
  exit 2
fi
