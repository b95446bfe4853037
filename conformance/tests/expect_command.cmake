# Runs a command and checks its exit code and output: CTest's PASS_REGULAR_EXPRESSION alone
# would ignore the exit code.
#   -DCOMMAND=<;-list> -DEXPECT_EXIT=<n> [-DEXPECT_OUTPUT=<regex>] [-DMUTATE_SCENARIO=<dir>]
# MUTATE_SCENARIO: copies the built doc-table scenario into <dir>/doc-table and swaps two of its
# expected calls first, so the command can be pointed at an expectation that must go red.
if(MUTATE_SCENARIO)
  file(REMOVE_RECURSE "${MUTATE_SCENARIO}")
  file(COPY "${SCENARIO_SOURCE}" DESTINATION "${MUTATE_SCENARIO}")
  file(READ "${MUTATE_SCENARIO}/doc-table/scenario.json" json)
  string(JSON fifth GET "${json}" expected 5)
  string(JSON sixth GET "${json}" expected 6)
  string(JSON json SET "${json}" expected 5 "${sixth}")
  string(JSON json SET "${json}" expected 6 "${fifth}")
  file(WRITE "${MUTATE_SCENARIO}/doc-table/scenario.json" "${json}")
endif()
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT code STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_EXIT}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT "${out}${err}" MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "output does not match: ${EXPECT_OUTPUT}")
endif()
