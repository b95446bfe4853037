# The example host (docs/example-host) built the way a host implementer builds one: installs the
# suite's build tree to a fresh prefix, configures and builds the example out of tree against the
# installed package (find_package(clrhost-conformance)), then runs the installed
# clrhost-conformance against it and checks its exit code and output (expect_command.cmake).
#   -DBUILD_DIR=<the suite's build tree> -DWORK=<scratch folder, emptied first>
#   -DEXAMPLE_SOURCE=<docs/example-host> -DGENERATOR= [-DMAKE_PROGRAM=] [-DCXX_COMPILER=]
#   -DRUN_ARGS=<;-list: arguments of `run` after --host> -DEXPECT_EXIT= [-DEXPECT_OUTPUT=]
foreach(var BUILD_DIR WORK EXAMPLE_SOURCE GENERATOR EXPECT_EXIT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "plugin_example.cmake: -D${var}= is missing")
  endif()
endforeach()

set(prefix "${WORK}/prefix")
set(example_build "${WORK}/example-build")
file(REMOVE_RECURSE "${WORK}")
# Only what the install holds: no override pointing back into the build tree.
unset(ENV{CLRHOST_BRIDGE})

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (${code}):\n${out}")
  endif()
  message("${what}: ok")
endfunction()

step("cmake --install" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
set(configure "${CMAKE_COMMAND}" -S "${EXAMPLE_SOURCE}" -B "${example_build}" -G "${GENERATOR}"
  "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(MAKE_PROGRAM)
  list(APPEND configure "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND configure "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
step("configure the example host" ${configure})
# The package it found must be the one just installed.
file(STRINGS "${example_build}/CMakeCache.txt" found REGEX "^clrhost-conformance_DIR:")
string(REGEX REPLACE "^[^=]*=" "" found "${found}")
cmake_path(IS_PREFIX prefix "${found}" NORMALIZE from_prefix)
if(NOT from_prefix)
  message(FATAL_ERROR "the example host found clrhost-conformance at ${found}, not in ${prefix}")
endif()
step("build the example host" "${CMAKE_COMMAND}" --build "${example_build}")

file(GLOB host "${example_build}/libexample_host.so")
if(NOT host)
  message(FATAL_ERROR "the example host's build made no ${example_build}/libexample_host.so")
endif()
set(COMMAND "${prefix}/bin/clrhost-conformance" run --host "${host}" ${RUN_ARGS})
include("${CMAKE_CURRENT_LIST_DIR}/expect_command.cmake")
