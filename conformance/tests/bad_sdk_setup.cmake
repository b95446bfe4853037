# Configures the project against a broken .NET setup and expects configure to stop with the
# one-line message that names the problem and the fix.
#   -DSOURCE=<project> -DWORK=<dir> -DCASE=no-dotnet|runtime-only|old-sdk|no-nethost -DEXPECT=<regex>
#   -DC_COMPILER= -DCXX_COMPILER= -DMAKE_PROGRAM=
file(REMOVE_RECURSE "${WORK}")
set(sdk "${WORK}/sdk")
file(MAKE_DIRECTORY "${sdk}/shared/Microsoft.NETCore.App/10.0.12")
if(CASE STREQUAL "runtime-only")
  file(WRITE "${sdk}/dotnet" "#!/bin/sh\necho 'No .NET SDKs were found.' >&2\nexit 145\n")
elseif(CASE STREQUAL "old-sdk")
  file(WRITE "${sdk}/dotnet" "#!/bin/sh\necho 6.0.100\n")
elseif(CASE STREQUAL "no-nethost")
  file(WRITE "${sdk}/dotnet" "#!/bin/sh\necho 10.0.401\n")
endif()
if(EXISTS "${sdk}/dotnet")
  file(CHMOD "${sdk}/dotnet" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env --unset=DOTNET_ROOT
          "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/build" -G Ninja
          "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_C_COMPILER=${C_COMPILER}"
          "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCLRHOST_DOTNET_ROOT=${sdk}"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${err}")
if(code EQUAL 0)
  message(FATAL_ERROR "configure succeeded against a broken .NET setup (${CASE})")
endif()
string(REGEX REPLACE "[ \n]+" " " flat "${err}") # CMake wraps long messages
if(NOT flat MATCHES "${EXPECT}")
  message(FATAL_ERROR "configure failed, but not with the message that names the fix: ${EXPECT}")
endif()
