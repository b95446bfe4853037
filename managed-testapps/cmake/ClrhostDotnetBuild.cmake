# Runs one `dotnet build` of a group's generated solution (every project of the group's apps,
# built in parallel by MSBuild), then `dotnet build-server shutdown` whether or not the build
# succeeded (a build server left running holds the pipes of the command that started it, so CTest
# and CI wait for it forever), then touches the stamp on success. Run by clrhost_add_app_group()
# with cmake -P:
#   -DDOTNET= -DSOLUTION=<group>.slnx -DCONFIGFILE= -DTFM= -DAPPS_ROOT= -DSTAMP= -DGROUP=
# Each project's output folder is <APPS_ROOT>/<app folder>/ and its obj/ under
# <APPS_ROOT>/obj/<app folder>/ (Directory.Build.props, ClrhostAppsRoot).
foreach(_var DOTNET SOLUTION CONFIGFILE TFM APPS_ROOT STAMP GROUP)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "ClrhostDotnetBuild.cmake: -D${_var}= is missing")
  endif()
endforeach()

# Belt and braces next to -nr:false / UseSharedCompilation=false: no MSBuild server, no node reuse.
set(ENV{DOTNET_CLI_USE_MSBUILD_SERVER} "0")
set(ENV{MSBUILDDISABLENODEREUSE} "1")

execute_process(
  COMMAND "${DOTNET}" build "${SOLUTION}"
          -c Release -m -nr:false --disable-build-servers -p:UseSharedCompilation=false
          --configfile "${CONFIGFILE}"
          "-p:ClrhostTargetFramework=${TFM}"
          "-p:ClrhostAppsRoot=${APPS_ROOT}"
          -v:quiet -nologo -tl:off -clp:NoSummary
  RESULT_VARIABLE _build_rc)

execute_process(COMMAND "${DOTNET}" build-server shutdown
  RESULT_VARIABLE _shutdown_rc OUTPUT_QUIET ERROR_QUIET)

if(NOT _build_rc EQUAL 0)
  message(FATAL_ERROR "clrhost: dotnet build of the ${GROUP} apps failed (${_build_rc}): ${SOLUTION}")
endif()
if(NOT _shutdown_rc EQUAL 0)
  message(WARNING "clrhost: `dotnet build-server shutdown` returned ${_shutdown_rc} after the ${GROUP} apps")
endif()
file(TOUCH "${STAMP}")
