# Embed mode's tests that need no runtime, on both platforms (docs/EMBED.md): the header from C,
# and a host recording itself through the embed library while the replay driver plays the
# runtime's side (under Wine the only runtime's side there is: the .NET Framework cannot run
# there). `check` then judges the trace: PASS for the reference host, FAIL naming the rule for a
# host that breaks one. The caller sets _cli, _data, _traces, _embed_labels and _embed_driver
# (the driver a trace's header names by default there); the library's
# bad input is tested in embed_test.cpp (the unit tests).
set(_run ${CMAKE_CROSSCOMPILING_EMULATOR}) # Wine for the Windows build, nothing on Linux

# The header compiles as C11 and a C program links the library and gets its answers.
add_executable(clrhost_embed_c_check c_embed.c)
target_link_libraries(clrhost_embed_c_check PRIVATE clrhost_embed)
set_target_properties(clrhost_embed_c_check PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON
  C_EXTENSIONS OFF)
target_compile_options(clrhost_embed_c_check PRIVATE -Wpedantic -Werror)
clrhost_cli_test(embed.c-abi 0 "clrhost_embed_start\\(NULL\\): 0x80004003, session null: clrhost_embed_start: options is null: pass a clrhost_embed_options" "${_embed_labels}"
  ${_run} $<TARGET_FILE:clrhost_embed_c_check>)

add_executable(clrhost_embed_replay_host embed_replay_host.cpp)
target_link_libraries(clrhost_embed_replay_host PRIVATE clrhost_embed clrhost_replay
  clrhost_host_plugin_library fmt::fmt)
# <name>: the host records doc-table's calls through the embed recorder; <name>.check: `check`
# judges that trace against doc-table:vb.
function(clrhost_embed_replay_test name host check_exit check_output)
  set(_trace ${_traces}/${name}.jsonl)
  # The trace is removed first, and its header must say what ran: the platform's driver.
  set(_extra "-DEXPECT_FILE_1=${_trace}"
    "-DEXPECT_FILE_1_MATCHES=^{\"driver\":\"${_embed_driver}\",\"format\":\"clrhost-trace\",\"host\":\"[a-z-]+\"")
  clrhost_cli_test(${name} 0 "replayed 57 calls through the embed recorder into host [^:]+: [^\n]*${name}.jsonl" "${_embed_labels};replay"
    ${_run} $<TARGET_FILE:clrhost_embed_replay_host> $<TARGET_FILE:${host}>
    ${_data}/doc-table.coreclr.jsonl ${_trace})
  set(_extra "")
  clrhost_cli_test(${name}.check ${check_exit} "${check_output}" "${_embed_labels};replay"
    ${_cli} check ${_trace} --scenario doc-table:vb --scenario-root ${PROJECT_SOURCE_DIR}/managed-testapps)
  set_tests_properties(${name} PROPERTIES FIXTURES_SETUP ${name})
  set_tests_properties(${name}.check PROPERTIES FIXTURES_REQUIRED ${name})
endfunction()
clrhost_embed_replay_test(embed.replay.reference clrhost_reference_plugin 0
  "doc-table:vb[@a-z]* +S01 +PASS.*1 passed, 0 failed")
clrhost_embed_replay_test(embed.replay.s_false_reverse_enter clrhost_host_broken_s_false_reverse_enter 1
  "doc-table:vb[@a-z]* +S01 +FAIL .*TM-HR-EXACT.*0 passed, 1 failed")
# A trace path that cannot be written: one line naming the option to fix, exit 2.
clrhost_cli_test(embed.replay.unwritable-trace 2 "error: clrhost_embed_start: cannot write trace [^\n]*choose a writable options.trace_path" "${_embed_labels}"
  ${_run} $<TARGET_FILE:clrhost_embed_replay_host> $<TARGET_FILE:clrhost_reference_plugin>
  ${_data}/doc-table.coreclr.jsonl ${CMAKE_CURRENT_SOURCE_DIR}/CMakeLists.txt/trace.jsonl)
