# Runs COMMAND (a `faults` command line, a ;-list) RUNS times (3 if not given): every run must
# pass and plan the same number of injections, which come from the scenario's declared app calls,
# not from how a clean run's threads happened to interleave (which varies only now and then, so
# more than two runs).
# EXPECT_COUNT, given: the count the declared calls make, which a plan taken from a trace misses
# on nearly every run.
#   cmake -DCOMMAND=<command;args> [-DRUNS=<n>] [-DEXPECT_COUNT=<n>] -P faults_plan_stable.cmake
if(NOT RUNS)
  set(RUNS 3)
endif()
set(_counts "")
foreach(_run RANGE 1 ${RUNS})
  execute_process(COMMAND ${COMMAND} RESULT_VARIABLE _code OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _code EQUAL 0)
    message(FATAL_ERROR "run ${_run} exited with ${_code}:\n${_out}${_err}")
  endif()
  if(NOT _out MATCHES "\n([0-9]+) failure\\(s\\) injected into")
    message(FATAL_ERROR "run ${_run} printed no injection count:\n${_out}${_err}")
  endif()
  list(APPEND _counts ${CMAKE_MATCH_1})
endforeach()
set(_distinct ${_counts})
list(REMOVE_DUPLICATES _distinct)
list(LENGTH _distinct _kinds)
if(NOT _kinds EQUAL 1)
  message(FATAL_ERROR "the runs planned different numbers of injections: ${_counts}")
endif()
if(DEFINED EXPECT_COUNT AND NOT _distinct EQUAL EXPECT_COUNT)
  message(FATAL_ERROR "the runs planned ${_distinct} injections, the declared calls make ${EXPECT_COUNT}")
endif()
message(STATUS "every run planned ${_distinct} injections")
