# Runs one `dotnet build` of a group's generated solution (every project of the group's apps,
# built in parallel by MSBuild, one compiler server for them all), then `dotnet build-server
# shutdown` whether or not the build succeeded (a build server left running can hold the pipes
# of a command that started it, so CTest and CI would wait for it), then touches the stamp on
# success. Run by clrhost_add_app_group()
# with cmake -P:
#   -DDOTNET= -DSOLUTION=<group>.slnx -DCONFIGFILE= -DTFM= -DAPPS_ROOT= -DSTAMP= -DGROUP=
#   [-DSUBFOLDER=net48: the apps' second build, into <APPS_ROOT>/<app folder>/<SUBFOLDER>/]
# Each project's output folder is <APPS_ROOT>/<app folder>/ and its obj/ under
# <APPS_ROOT>/obj/<app folder>/ (Directory.Build.props, ClrhostAppsRoot).
foreach(_var DOTNET SOLUTION CONFIGFILE TFM APPS_ROOT STAMP GROUP)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "ClrhostDotnetBuild.cmake: -D${_var}= is missing")
  endif()
endforeach()

# No MSBuild server and no node reuse: nothing of MSBuild outlives the build.
set(ENV{DOTNET_CLI_USE_MSBUILD_SERVER} "0")
set(ENV{MSBUILDDISABLENODEREUSE} "1")

# The compiler server (UseSharedCompilation) compiles every project of the group in one warm
# process instead of starting the C#/VB compiler once per project: the suite's apps build in 13 s
# instead of 48 s on 2 cores. It detaches from this process's pipes, and the shutdown below ends
# it whether or not the build succeeded.
execute_process(
  COMMAND "${DOTNET}" build "${SOLUTION}"
          -c Release -m -nr:false -p:UseSharedCompilation=true
          --configfile "${CONFIGFILE}"
          "-p:ClrhostTargetFramework=${TFM}"
          "-p:ClrhostAppsRoot=${APPS_ROOT}"
          "-p:ClrhostAppsSubfolder=${SUBFOLDER}"
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
