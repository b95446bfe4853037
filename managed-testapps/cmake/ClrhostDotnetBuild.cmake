# Runs `dotnet build` for one scenario, then `dotnet build-server shutdown` whether or not the
# build succeeded (a build server left running holds the pipes of the command that started it, so
# CTest and CI wait for it forever),
# then touches the stamp on success. Run by clrhost_add_scenario() with cmake -P:
#   -DDOTNET= -DPROJECTS=<a|b|...> -DCONFIGFILE= -DTFM= -DBUILD_ROOT= -DOUT_DIR= -DSTAMP= -DID=
foreach(_var DOTNET PROJECTS CONFIGFILE TFM BUILD_ROOT OUT_DIR STAMP ID)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "ClrhostDotnetBuild.cmake: -D${_var}= is missing")
  endif()
endforeach()

# Belt and braces next to -nr:false / UseSharedCompilation=false: no MSBuild server, no node reuse.
set(ENV{DOTNET_CLI_USE_MSBUILD_SERVER} "0")
set(ENV{MSBUILDDISABLENODEREUSE} "1")

string(REPLACE "|" ";" _projects "${PROJECTS}")
set(_build_rc 0)
foreach(PROJECT IN LISTS _projects)
  execute_process(
    COMMAND "${DOTNET}" build "${PROJECT}"
            -c Release -nr:false -p:UseSharedCompilation=false
            --configfile "${CONFIGFILE}"
            "-p:ClrhostTargetFramework=${TFM}"
            "-p:ClrhostBuildRoot=${BUILD_ROOT}"
            "-p:ClrhostScenarioOut=${OUT_DIR}"
            -v:quiet -nologo -tl:off
    RESULT_VARIABLE _build_rc)
  if(NOT _build_rc EQUAL 0)
    break()
  endif()
endforeach()

execute_process(COMMAND "${DOTNET}" build-server shutdown
  RESULT_VARIABLE _shutdown_rc OUTPUT_QUIET ERROR_QUIET)

if(NOT _build_rc EQUAL 0)
  message(FATAL_ERROR "clrhost: dotnet build of scenario ${ID} failed (${_build_rc}): ${PROJECT}")
endif()
if(NOT _shutdown_rc EQUAL 0)
  message(WARNING "clrhost: `dotnet build-server shutdown` returned ${_shutdown_rc} after scenario ${ID}")
endif()
file(TOUCH "${STAMP}")
