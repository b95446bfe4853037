# Sourced by the ci/ scripts: a quiet, offline, server-free dotnet (a build server left running
# keeps the pipes of the command that started it open, and CTest or CI waits for it forever).
export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1
export DOTNET_CLI_USE_MSBUILD_SERVER=0
# Leaves no compiler or MSBuild server behind, whatever happened: they would hang CTest and CI.
shutdown_dotnet_build_servers() {
  local dotnet_bin="${DOTNET_ROOT:+$DOTNET_ROOT/dotnet}"
  [[ -n "$dotnet_bin" && -x "$dotnet_bin" ]] || dotnet_bin=$(command -v dotnet || true)
  [[ -z "$dotnet_bin" ]] || "$dotnet_bin" build-server shutdown >/dev/null 2>&1 || true
}
trap shutdown_dotnet_build_servers EXIT
