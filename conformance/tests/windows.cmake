# The tests of the Windows build (the `windows` preset), run under Wine through
# CMAKE_CROSSCOMPILING_EMULATOR (ci/wine-run.sh; docs/WINDOWS.md says what they verify and what
# only Windows can). Everything that needs no runtime: the unit tests (trace format and
# recording, recorder, rules, expectations, reports), plug-in loading (the reference host, the
# broken and conforming hosts and the bad plug-ins, as DLLs), `check` and `replay`. Label
# windows, besides the Linux build's labels.
# The unit tests (unit_tests.cmake): all but the profiling ABI's (no CoreCLR in this build) and
# the recording's death test (fork).
clrhost_unit_tests(LABELS "unit;windows" SYSTEM_LIBRARY kernel32.dll SYSTEM_SYMBOL Sleep)

# The command under Wine: the emulator first.
set(_cli ${CMAKE_CROSSCOMPILING_EMULATOR} $<TARGET_FILE:clrhost-conformance>)
set(_data ${CMAKE_CURRENT_SOURCE_DIR}/data)
set(_traces ${CMAKE_BINARY_DIR}/traces)
file(MAKE_DIRECTORY ${_traces})
set(_extra "")

clrhost_cli_test(cli.version 0 "^clrhost-conformance ${PROJECT_VERSION}\r?\n$" "cli;windows"
  ${_cli} --version)
# The harness: a program that crashes under Wine fails its test (CTest's WILL_FAIL: this test
# passes only when the command fails).
add_executable(clrhost_crash_probe crash_probe.c)
add_test(NAME selftest.harness.crash-fails COMMAND ${CMAKE_CROSSCOMPILING_EMULATOR}
  $<TARGET_FILE:clrhost_crash_probe>)
set_tests_properties(selftest.harness.crash-fails PROPERTIES WILL_FAIL TRUE
  LABELS "selftest;windows" TIMEOUT 60)
# check: saved traces against the rules, the scenarios read from the source tree.
clrhost_cli_test(cli.check.conforming 0 "1 passed, 0 failed" "cli;windows"
  ${_cli} check ${_data}/doc-table.coreclr.jsonl --scenario doc-table
  --scenario-root ${PROJECT_SOURCE_DIR}/managed-testapps)
clrhost_cli_test(cli.check.violations 1 "TM-NEST error thread 7001 seq 3.*0 passed, 1 failed" "cli;rules;windows"
  ${_cli} check ${_data}/crossed-brackets.jsonl)
clrhost_cli_test(selftest.check.alt-leave-in-leave 1 "FAIL \\[TM-ALT\\].*TM-ALT error thread 7001 seq 3.*0 passed, 1 failed" "selftest;cli;rules;windows"
  ${_cli} check ${_data}/alt-leave-in-leave.jsonl)
clrhost_cli_test(cli.check.not-json 2 "line 3: not valid JSON" "cli;windows"
  ${_cli} check ${_data}/corrupt-line3.jsonl)
clrhost_cli_test(cli.check.missing-file 2 "cannot open trace [^\n]*nonexistent.jsonl" "cli;windows"
  ${_cli} check ${CMAKE_BINARY_DIR}/nonexistent.jsonl)

# Plug-in loading: LoadLibraryW of a host DLL, its entry point from the export table, and the
# plug-ins the suite must refuse (exit 2, one line naming the fix).
clrhost_cli_test(cli.replay.reference-latches 0 "1 passed, 0 failed" "cli;replay;windows"
  ${_cli} replay ${_data}/latch-probe.jsonl --out ${_traces}/latch-probe.reference.jsonl)
clrhost_cli_test(cli.replay.doc-table 0 "replayed 57 calls on 1 thread.*1 passed, 0 failed" "cli;replay;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --out ${_traces}/doc-table.replay.jsonl)
clrhost_cli_test(cli.bad-host.missing 2 "host plug-in [^\n]*nonexistent-host.dll not found" "cli;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host ${CMAKE_BINARY_DIR}/nonexistent-host.dll
  --out ${_traces}/unused.jsonl)
clrhost_cli_test(cli.bad-host.not-a-library 2 "is not a loadable shared library" "cli;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host ${CMAKE_CURRENT_SOURCE_DIR}/CMakeLists.txt
  --out ${_traces}/unused.jsonl)
clrhost_cli_test(cli.bad-host.wrong-abi 2 "has ABI version 2, this suite speaks version 1: rebuild the host" "cli;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host $<TARGET_FILE:clrhost_bad_plugin_WRONG_ABI>
  --out ${_traces}/unused.jsonl)
clrhost_cli_test(cli.bad-host.create-fails 2 "create_task_manager returned E_OUTOFMEMORY \\(0x8007000E\\) and no task manager: fix the host's create function" "cli;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host $<TARGET_FILE:clrhost_bad_plugin_CREATE_FAILS>
  --out ${_traces}/unused.jsonl)
clrhost_cli_test(cli.bad-host.create-null 2 "create_task_manager returned S_OK \\(0x00000000\\) and no task manager" "cli;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host $<TARGET_FILE:clrhost_bad_plugin_CREATE_NULL>
  --out ${_traces}/unused.jsonl)
# A host plug-in in C (c_host_plugin.c), as a DLL.
add_library(clrhost_c_host_plugin MODULE c_host_plugin.c)
target_link_libraries(clrhost_c_host_plugin PRIVATE clrhost_protocol)
set_target_properties(clrhost_c_host_plugin PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON
  C_EXTENSIONS OFF)
target_compile_options(clrhost_c_host_plugin PRIVATE -Wpedantic -Werror)
clrhost_cli_test(cli.plugin.c-abi 2 "host plug-in c-plugin: create_task_manager returned E_NOTIMPL \\(0x80004001\\) and no task manager" "cli;plugin;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host $<TARGET_FILE:clrhost_c_host_plugin>
  --out ${_traces}/unused.jsonl)

# Embed mode: the DLL, its import library and its C header, a host recording itself through it
# with the replay driver as the runtime's side (the .NET Framework cannot run under Wine), and
# `check` judging the trace (embed.cmake; docs/EMBED.md).
set(_embed_labels "embed;windows")
set(_embed_driver netfx)
include(${CMAKE_CURRENT_LIST_DIR}/embed.cmake)

# The broken hosts whose self-test is a replay (fixtures/broken-hosts declares each), as DLLs:
# each must be rejected for the rule it breaks. A replay checks the recording, the export and
# the rules too.
get_property(_broken_hosts GLOBAL PROPERTY CLRHOST_BROKEN_HOSTS)
foreach(_host IN LISTS _broken_hosts)
  get_target_property(_run ${_host} CLRHOST_SELFTEST_RUN)
  if(NOT _run MATCHES "^replay;")
    continue() # the runtime or the exerciser makes its calls: not in this build
  endif()
  get_target_property(_name ${_host} CLRHOST_SELFTEST_NAME)
  get_target_property(_exit ${_host} CLRHOST_SELFTEST_EXIT)
  get_target_property(_output ${_host} CLRHOST_SELFTEST_OUTPUT)
  list(TRANSFORM _run REPLACE "@data@" "${_data}")
  clrhost_cli_test(${_name} ${_exit} "${_output}" "selftest;windows"
    ${_cli} ${_run} --host $<TARGET_FILE:${_host}> --out ${_traces}/${_name}.jsonl)
endforeach()
clrhost_cli_test(selftest.broken-host.timeout_app_enter.replay 1 "failed-call: seq 6 EnterRuntime [^\n]*HOST_E_TIMEOUT[^\n]* a call the protocol allowed.*0 passed, 1 failed" "selftest;replay;windows"
  ${_cli} replay ${_data}/doc-table.coreclr.jsonl --host $<TARGET_FILE:clrhost_host_broken_timeout_app_enter>
  --out ${_traces}/doc-table.timeout-app-enter.jsonl)
# The conforming hosts (legal variations on the reference host) pass the replays.
get_property(_conforming_hosts GLOBAL PROPERTY CLRHOST_CONFORMING_HOSTS)
foreach(_host IN LISTS _conforming_hosts)
  string(REGEX REPLACE "^clrhost_host_conforming_" "" _kind "${_host}")
  foreach(_trace IN ITEMS latch-probe doc-table.coreclr)
    clrhost_cli_test(selftest.conforming-host.${_kind}.replay.${_trace} 0 "1 passed, 0 failed" "selftest;replay;windows"
      ${_cli} replay ${_data}/${_trace}.jsonl --host $<TARGET_FILE:${_host}>
      --out ${_traces}/${_trace}.conforming-${_kind}.jsonl)
  endforeach()
endforeach()

# The exerciser without RapidCheck (none for Windows here): the bundled saved programs
# (fixtures/exerciser/programs/seed-1.jsonl, compiled in; docs/WINDOWS.md). The reference and
# the conforming hosts pass; every broken host only the exerciser catches is caught for its rule,
# its program as it ran; what only the generator does is refused in one line.
set(_all_pass "TM-HR-CODES +PASS.*TM-HR-EXACT +PASS.*TM-HOOK +PASS.*TM-SUCCESS +PASS.*TM-BOOKKEEPING +PASS.*TM-TASK +PASS.*TM-HR-LATCH +PASS.*7 passed, 0 failed")
clrhost_cli_test(exerciser.saved.reference 0 "saved programs \\(bundled\\) of seed 1, 4 thread\\(s\\), 100 walk\\(s\\).*${_all_pass}" "exerciser;windows"
  ${_cli} exercise --host $<TARGET_FILE:clrhost_reference_plugin>)
foreach(_host IN LISTS _conforming_hosts)
  string(REGEX REPLACE "^clrhost_host_conforming_" "" _kind "${_host}")
  string(REPLACE "_" "-" _kind "${_kind}")
  set(_regex "${_all_pass}")
  if(_kind STREQUAL "no-introspection")
    set(_regex "TM-BOOKKEEPING +NOT EXERCISED +the host does not answer IID_IHostLayerIntrospection.*6 passed, 0 failed, 1 not exercised")
  endif()
  clrhost_cli_test(exerciser.saved.conforming.${_kind} 0 "${_regex}" "exerciser;windows"
    ${_cli} exercise --host $<TARGET_FILE:${_host}>)
endforeach()
set(_reproduce "not shrunk: saved programs are run as they are.*reproduce: clrhost-conformance exercise --host [^ ]+ --walks [0-9]+\r?\n.*6 passed, 1 failed")
foreach(_host IN LISTS _broken_hosts)
  get_target_property(_run ${_host} CLRHOST_SELFTEST_RUN)
  if(NOT _run MATCHES "^exercise;")
    continue()
  endif()
  get_target_property(_name ${_host} CLRHOST_SELFTEST_NAME)
  get_target_property(_rule ${_host} CLRHOST_SELFTEST_RULE)
  string(REPLACE "exerciser." "exerciser.saved." _name "${_name}")
  clrhost_cli_test(${_name} 1 "${_rule} +FAIL .*${_reproduce}" "exerciser;selftest;windows"
    ${_cli} exercise --host $<TARGET_FILE:${_host}>)
endforeach()
clrhost_cli_test(exerciser.saved.broken.no-latch 1 "TM-HR-LATCH +FAIL .*${_reproduce}" "exerciser;selftest;windows"
  ${_cli} exercise --host $<TARGET_FILE:clrhost_host_broken_no_latch>)
clrhost_cli_test(exerciser.saved.broken.layers-unknown 1 "TM-BOOKKEEPING +FAIL .*${_reproduce}" "exerciser;selftest;windows"
  ${_cli} exercise --host $<TARGET_FILE:clrhost_host_broken_layers_unknown>)
clrhost_cli_test(exerciser.saved.file 0 "saved programs in [^\n]*seed-1.jsonl of seed 1, 4 thread\\(s\\), 10 walk\\(s\\).*7 passed, 0 failed" "exerciser;windows"
  ${_cli} exercise --programs ${PROJECT_SOURCE_DIR}/fixtures/exerciser/programs/seed-1.jsonl --walks 10)
clrhost_cli_test(exerciser.no-generator 2 "^error: --seed 7: this build has no generator of walks \\(no RapidCheck for Windows\\); it runs saved programs: [^\n]*--save-programs FILE --seed N` writes in a Linux build\r?\n$" "exerciser;windows"
  ${_cli} exercise --seed 7)

# The netfx runner (fixtures/netfx). The copy of clrhost-netfx.exe beside the test double of
# mscoree.dll (<build>/netfx-double/, fixtures/mscoree-double) loads the double (mscoree=n); the
# one in bin/ loads Wine's own mscoree (mscoree=b), which has no runtime host (docs/WINDOWS.md).
# The Windows build's scenario folders: each scenario.json, and its native DLLs in net48/ whose
# exports the double hands the host as targets (managed-testapps/cmake/ClrhostWindowsNative.cmake).
set(_scenarios ${CMAKE_BINARY_DIR}/managed-testapps)
set(_netfx_double ${CMAKE_COMMAND} -E env CLRHOST_WINEDLLOVERRIDES=mscoree=n
  ${CMAKE_CROSSCOMPILING_EMULATOR} ${CLRHOST_NETFX_DOUBLE_FOLDER}/clrhost-netfx.exe)
set(_netfx_wine ${CMAKE_COMMAND} -E env CLRHOST_WINEDLLOVERRIDES=mscoree=b
  ${CMAKE_CROSSCOMPILING_EMULATOR} $<TARGET_FILE:clrhost-netfx>)
# A run writes the trace (fixture setup), check judges it.
function(clrhost_netfx_double_run name host scenario)
  clrhost_cli_test(netfx.double.${name}.run 0 "${scenario}@netfx: [^\n]* exited 0 \\(expected 0\\); [1-9][0-9]* calls recorded" "netfx;windows"
    ${_netfx_double} --host ${host} --scenarios ${_scenarios} --scenario ${scenario}
    --trace ${_traces}/${name}.netfx.jsonl)
  set_tests_properties(netfx.double.${name}.run PROPERTIES FIXTURES_SETUP netfx.${name})
endfunction()
clrhost_netfx_double_run(doc-table $<TARGET_FILE:clrhost_reference_plugin> doc-table:vb)
clrhost_cli_test(netfx.double.doc-table.check 0 "1 passed, 0 failed" "netfx;windows"
  ${_cli} check ${_traces}/doc-table.netfx.jsonl --scenario doc-table:vb@netfx
  --scenario-root ${_scenarios})
set_tests_properties(netfx.double.doc-table.check PROPERTIES FIXTURES_REQUIRED netfx.doc-table)
# Without --scenario: the scenario the trace's header names, on the driver it names; without the
# scenarios' folder, the rules alone, and a note saying so.
clrhost_cli_test(netfx.double.doc-table.check-from-header 0 "note: doc-table:vb@netfx's expectations are from[^\n]*\n.*doc-table:vb@netfx +S01 +PASS +8 .*1 passed, 0 failed" "netfx;windows"
  ${_cli} check ${_traces}/doc-table.netfx.jsonl --scenario-root ${_scenarios})
clrhost_cli_test(netfx.double.doc-table.check-without-scenarios 0 "is a run of doc-table:vb, which [^\n]*nonexistent does not hold: the rules alone judge it" "netfx;windows"
  ${_cli} check ${_traces}/doc-table.netfx.jsonl --scenario-root ${CMAKE_BINARY_DIR}/nonexistent)
set_tests_properties(netfx.double.doc-table.check-from-header
  netfx.double.doc-table.check-without-scenarios PROPERTIES FIXTURES_REQUIRED netfx.doc-table)
clrhost_cli_test(netfx.double.doc-table.check-wrong-driver 2 "--scenario doc-table:vb@mono: [^\n]* was recorded by the netfx driver: name @netfx or no driver" "netfx;windows"
  ${_cli} check ${_traces}/doc-table.netfx.jsonl --scenario doc-table:vb@mono
  --scenario-root ${_scenarios})
set_tests_properties(netfx.double.doc-table.check-wrong-driver PROPERTIES
  FIXTURES_REQUIRED netfx.doc-table)
# A host that declares the reverse calls in the wrong order: the runtime's calls through the
# vtable expose it.
clrhost_netfx_double_run(swapped-reverse-slots
  $<TARGET_FILE:clrhost_host_broken_swapped_reverse_slots> doc-table:vb)
clrhost_cli_test(netfx.double.swapped-reverse-slots.check 1 "FAIL \\[TM-BOOKKEEPING\\].*0 passed, 1 failed" "netfx;selftest;windows"
  ${_cli} check ${_traces}/swapped-reverse-slots.netfx.jsonl --scenario doc-table:vb@netfx
  --scenario-root ${_scenarios})
set_tests_properties(netfx.double.swapped-reverse-slots.check PROPERTIES
  FIXTURES_REQUIRED netfx.swapped-reverse-slots)
# Setup errors: one line, exit 2.
clrhost_cli_test(netfx.double.never-asks 2 "^error: the runtime \\([^\n]*\\) never asked the host control for IHostTaskManager while it started[^\n]*\r?\n$" "netfx;windows"
  ${CMAKE_COMMAND} -E env CLRHOST_MSCOREE_DOUBLE=never-asks ${_netfx_double}
  --host $<TARGET_FILE:clrhost_reference_plugin> --scenarios ${_scenarios} --scenario doc-table
  --trace ${_traces}/never-asks.netfx.jsonl)
clrhost_cli_test(netfx.wine-mscoree 2 "^error: no runtime host: ICLRRuntimeInfo::GetInterface\\(CLSID_CLRRuntimeHost\\) failed: CLR_E_SHIM_RUNTIMELOAD \\(0x80131700\\): install the .NET Framework[^\n]*\r?\n$" "netfx;windows"
  ${_netfx_wine} --host $<TARGET_FILE:clrhost_reference_plugin> --scenarios ${_scenarios}
  --scenario doc-table --trace ${_traces}/wine-mscoree.netfx.jsonl)
clrhost_cli_test(netfx.missing-host 2 "^error: host plug-in [^\n]*nonexistent-host.dll not found: pass --host[^\n]*\r?\n$" "netfx;windows"
  ${_netfx_double} --host ${CMAKE_BINARY_DIR}/nonexistent-host.dll --scenarios ${_scenarios}
  --scenario doc-table --trace ${_traces}/unused.jsonl)
clrhost_cli_test(netfx.other-driver 2 "^error: --scenario doc-table:vb@mono: this runner runs the netfx driver only: use @netfx or no driver\r?\n$" "netfx;windows"
  ${_netfx_double} --host $<TARGET_FILE:clrhost_reference_plugin> --scenarios ${_scenarios}
  --scenario doc-table:vb@mono --trace ${_traces}/unused.jsonl)
clrhost_cli_test(netfx.missing-option 2 "--trace is required" "netfx;windows"
  ${_netfx_double} --host $<TARGET_FILE:clrhost_reference_plugin> --scenarios ${_scenarios}
  --scenario doc-table)
# Several scenarios: each in a child process of its own (the Windows child-process seam:
# CreateProcessW into a job object), each trace in the --trace folder.
clrhost_cli_test(netfx.double.several 0 "doc-table:vb@netfx: exit 0 [^\n]*\nthreads-4:cs@netfx: exit 0 [^\n]*\n2 variants run" "netfx;windows"
  ${_netfx_double} --host $<TARGET_FILE:clrhost_reference_plugin> --scenarios ${_scenarios}
  --scenario doc-table:vb --scenario threads-4:cs --trace ${_traces}/netfx-several)
set_tests_properties(netfx.double.several PROPERTIES FIXTURES_SETUP netfx.several)
clrhost_cli_test(netfx.double.several.check 0 "1 passed, 0 failed" "netfx;windows"
  ${_cli} check ${_traces}/netfx-several/threads-4.cs.netfx.jsonl --scenario threads-4:cs@netfx
  --scenario-root ${_scenarios})
set_tests_properties(netfx.double.several.check PROPERTIES FIXTURES_REQUIRED netfx.several)

# The Windows workflow's second job (ci/netfx-bundle.sh, ci/netfx-run.sh) under Wine, against the
# test double: the exerciser, then every variant the .NET Framework can run, each trace judged by
# `check` from its header; and a broken host, rejected by both.
set(_netfx_bundle bash ${CMAKE_CURRENT_SOURCE_DIR}/netfx_bundle.sh ${PROJECT_SOURCE_DIR}
  ${CMAKE_BINARY_DIR})
clrhost_cli_test(netfx.bundle.reference 0 "exerciser: PASS.*doc-table.vb.netfx: PASS.*([3-9][0-9]) passed, 0 failed" "netfx;windows"
  ${_netfx_bundle} ${CMAKE_BINARY_DIR}/netfx-bundle-reference)
clrhost_cli_test(netfx.bundle.broken 1 "exerciser: FAIL.*doc-table.vb.netfx: FAIL.*0 passed, 2 failed" "netfx;selftest;windows"
  ${_netfx_bundle} ${CMAKE_BINARY_DIR}/netfx-bundle-broken --scenario doc-table
  --host $<TARGET_FILE:clrhost_host_broken_s_false_reverse_enter>)
set_tests_properties(netfx.bundle.reference PROPERTIES TIMEOUT 300)
