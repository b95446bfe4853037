# clrhost_cli_test(<name> <exit code> <regex> <labels> <command...>): a CTest test that runs the
# command and checks its exit code and its output (expect_command.cmake); ${_extra} (set by the
# caller) passes more -D arguments. Under Wine the command begins with the emulator.
set(_expect ${CMAKE_CURRENT_LIST_DIR}/expect_command.cmake)
function(clrhost_cli_test name exit_code regex labels)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${ARGN}" -DEXPECT_EXIT=${exit_code}
    "-DEXPECT_OUTPUT=${regex}" ${_extra} -P ${_expect})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 120)
endfunction()
