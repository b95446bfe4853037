# The unit tests (no runtime), one executable in either build: CMakeLists.txt (Linux) and
# windows.cmake (the Windows build, under Wine) include this with what differs between them:
#   clrhost_unit_tests(LABELS <labels> SYSTEM_LIBRARY <lib> SYSTEM_SYMBOL <function>
#                      [SOURCES <the platform's own test sources>...])
# SYSTEM_LIBRARY/SYMBOL: a function of the system's own library, which the target sites layer's
# tests must call a framework site.

# Assertion support for the tests (support/): HRESULT matchers that print symbolic names.
add_library(clrhost_test_support INTERFACE)
target_link_libraries(clrhost_test_support INTERFACE clrhost_protocol GTest::gmock)

function(clrhost_unit_tests)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "SYSTEM_LIBRARY;SYSTEM_SYMBOL" "LABELS;SOURCES")
  add_executable(clrhost_unit_tests
    hosting_abi_test.cpp runtime_host_abi_test.cpp trace_format_test.cpp trace_recording_test.cpp
    recorder_test.cpp scenario_comparison_test.cpp protocol_model_test.cpp rules_test.cpp
    expectations_test.cpp reports_test.cpp app_checks_test.cpp target_sites_test.cpp
    reference_host_tasks_test.cpp embed_test.cpp saved_programs_test.cpp scenario_drivers_test.cpp
    ${arg_SOURCES})
  target_link_libraries(clrhost_unit_tests PRIVATE clrhost_test_support clrhost_embed
    clrhost_exerciser clrhost_recorder clrhost_target_sites clrhost_fault_injector clrhost_replay
    clrhost_mocks clrhost_scenario clrhost_rules clrhost_verdict clrhost_reference_host
    clrhost_expectations clrhost_reports GTest::gmock GTest::gtest_main Threads::Threads)
  target_compile_definitions(clrhost_unit_tests PRIVATE
    CLRHOST_SOURCE_SCENARIOS="${PROJECT_SOURCE_DIR}/managed-testapps"
    CLRHOST_PROTOCOL_DOCUMENT="${PROJECT_SOURCE_DIR}/docs/PROTOCOL.md"
    CLRHOST_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data"
    CLRHOST_ESCAPED_JUNIT="${CMAKE_CURRENT_BINARY_DIR}/unit-reports/escaped.xml")
  # The target sites layer's tests need a native library of the app's (target_sites_native.c)
  # and a function of the system's own library.
  add_library(clrhost_target_sites_native MODULE target_sites_native.c)
  target_link_libraries(clrhost_target_sites_native PRIVATE clrhost_protocol)
  set_target_properties(clrhost_target_sites_native PROPERTIES C_VISIBILITY_PRESET hidden)
  add_dependencies(clrhost_unit_tests clrhost_target_sites_native)
  target_compile_definitions(clrhost_unit_tests PRIVATE
    CLRHOST_TARGET_SITES_LIBRARY="$<TARGET_FILE:clrhost_target_sites_native>"
    CLRHOST_TEST_SYSTEM_LIBRARY="${arg_SYSTEM_LIBRARY}"
    CLRHOST_TEST_SYSTEM_SYMBOL="${arg_SYSTEM_SYMBOL}")
  gtest_discover_tests(clrhost_unit_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${arg_LABELS}" TIMEOUT 60)
endfunction()
