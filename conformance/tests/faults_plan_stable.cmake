# Runs COMMAND (a `faults` command line, a ;-list) twice: both runs must pass and plan the same
# number of injections, which come from the scenario's declared app calls, not from how a clean
# run's threads happened to interleave.
#   cmake -DCOMMAND=<command;args> -P faults_plan_stable.cmake
set(_counts "")
foreach(_run 1 2)
  execute_process(COMMAND ${COMMAND} RESULT_VARIABLE _code OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _code EQUAL 0)
    message(FATAL_ERROR "run ${_run} exited with ${_code}:\n${_out}${_err}")
  endif()
  if(NOT _out MATCHES "\n([0-9]+) failure\\(s\\) injected into")
    message(FATAL_ERROR "run ${_run} printed no injection count:\n${_out}${_err}")
  endif()
  list(APPEND _counts ${CMAKE_MATCH_1})
endforeach()
list(GET _counts 0 _first)
list(GET _counts 1 _second)
if(NOT _first EQUAL _second)
  message(FATAL_ERROR "the two runs planned ${_first} and ${_second} injections")
endif()
message(STATUS "both runs planned ${_first} injections")
