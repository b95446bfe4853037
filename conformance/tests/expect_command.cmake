# Runs a command and checks its exit code and output: CTest's PASS_REGULAR_EXPRESSION alone
# would ignore the exit code.
#   -DCOMMAND=<;-list> -DEXPECT_EXIT=<n> [-DEXPECT_OUTPUT=<regex>] [-DMUTATE_SCENARIO=<dir>]
# MUTATE_SCENARIO: copies the built doc-table scenario into <dir>/doc-table and moves the inner
# P/Invoke out of the callback first (it now follows the callback: the inner EnterRuntime and the
# ReverseLeaveRuntime swap places with the P/Invoke's calls), so the command can be pointed at an
# expectation that must go red.
# EXPECT_FILE_<n> (n = 1..9): a file the command must write (removed first), whose text must
# match EXPECT_FILE_<n>_MATCHES.
if(MUTATE_SCENARIO)
  file(REMOVE_RECURSE "${MUTATE_SCENARIO}")
  file(COPY "${SCENARIO_SOURCE}" DESTINATION "${MUTATE_SCENARIO}")
  file(READ "${MUTATE_SCENARIO}/doc-table/scenario.json" json)
  string(JSON inner GET "${json}" app 0 inside 0 inside 0)
  string(JSON json REMOVE "${json}" app 0 inside 0 inside)
  string(JSON json SET "${json}" app 0 inside 1 "${inner}")
  file(WRITE "${MUTATE_SCENARIO}/doc-table/scenario.json" "${json}")
endif()
foreach(n RANGE 1 9)
  if(DEFINED EXPECT_FILE_${n})
    file(REMOVE "${EXPECT_FILE_${n}}")
  endif()
endforeach()
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT code STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_EXIT}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT "${out}${err}" MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "output does not match: ${EXPECT_OUTPUT}")
endif()
foreach(n RANGE 1 9)
  if(DEFINED EXPECT_FILE_${n})
    if(NOT EXISTS "${EXPECT_FILE_${n}}")
      message(FATAL_ERROR "${EXPECT_FILE_${n}} was not written")
    endif()
    file(READ "${EXPECT_FILE_${n}}" text)
    if(NOT text MATCHES "${EXPECT_FILE_${n}_MATCHES}")
      message(FATAL_ERROR "${EXPECT_FILE_${n}} does not match: ${EXPECT_FILE_${n}_MATCHES}")
    endif()
  endif()
endforeach()
