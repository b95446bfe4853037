# The host exerciser (`exercise`, label exerciser): each broken host is caught for the obligation
# it breaks and passes the others; hosts that differ from the reference host in legal ways pass.
# A fixed seed: the same walks on every run.
set(_extra "")
function(clrhost_exerciser_test name exit_code regex plugin_target)
  clrhost_cli_test(exerciser.${name} ${exit_code} "${regex}" "exerciser;selftest;cli"
    ${_cli} exercise --host $<TARGET_FILE:${plugin_target}> --seed 7 ${ARGN})
endfunction()

set(_all_pass "TM-HR-CODES +PASS.*TM-HR-EXACT +PASS.*TM-HOOK +PASS.*TM-SUCCESS +PASS.*TM-BOOKKEEPING +PASS.*TM-TASK +PASS.*TM-HR-LATCH +PASS.*7 passed, 0 failed")
clrhost_exerciser_test(reference 0 "${_all_pass}" clrhost_reference_plugin)
# Every conforming host (fixtures/conforming-hosts) passes; one without introspection leaves
# TM-BOOKKEEPING not exercised, and says why.
get_property(_conforming_hosts GLOBAL PROPERTY CLRHOST_CONFORMING_HOSTS)
foreach(_host IN LISTS _conforming_hosts)
  string(REGEX REPLACE "^clrhost_host_conforming_" "" _name "${_host}")
  string(REPLACE "_" "-" _name "${_name}")
  if(_name STREQUAL "no-introspection")
    set(_regex "TM-BOOKKEEPING +NOT EXERCISED +the host does not answer IID_IHostLayerIntrospection.*6 passed, 0 failed, 1 not exercised")
  else()
    set(_regex "${_all_pass}")
  endif()
  clrhost_exerciser_test(conforming.${_name} 0 "${_regex}" ${_host})
endforeach()

# Broken: the one obligation FAILs, with its shrunk program and the line that finds it again.
# The hosts found only by the exerciser declare these tests in their sources
# (fixtures/broken-hosts); here, hosts whose own self-test is another command.
set(_reproduce "reproduce: clrhost-conformance exercise --host [^ ]+ --seed 7 --threads 4 --walks [0-9]+\n.*6 passed, 1 failed")
clrhost_exerciser_test(broken.no-latch 1
  "TM-HR-LATCH +FAIL +[^\n]*returned S_OK[^\n]*though it began after the E_FAIL.*${_reproduce}"
  clrhost_host_broken_no_latch)

clrhost_cli_test(exerciser.bad-threads 2 "^error: --threads 0: give a number of threads from 1 to 256\n$" "exerciser;cli"
  ${_cli} exercise --threads 0)
clrhost_exerciser_test(broken.layers-unknown 1
  "TM-BOOKKEEPING +FAIL +[^\n]*the host shows the layers \"[^\"]*u\", the walk left.*${_reproduce}"
  clrhost_host_broken_layers_unknown)

# Saved programs (`--save-programs`, `--programs`): what a build without RapidCheck runs (the
# Windows build's bundled ones are fixtures/exerciser/programs/seed-1.jsonl; the unit test
# SavedPrograms.TheBundledAreWhatSeed1GeneratesOnFourThreads keeps them current). A broken host
# fails on them too, its program as it ran (nothing shrinks a saved program).
set(_saved ${PROJECT_SOURCE_DIR}/fixtures/exerciser/programs/seed-1.jsonl)
clrhost_cli_test(exerciser.saved.reference 0 "saved programs in [^\n]*seed-1.jsonl of seed 1, 4 thread\\(s\\), 100 walk\\(s\\).*${_all_pass}" "exerciser;cli"
  ${_cli} exercise --host $<TARGET_FILE:clrhost_reference_plugin> --programs ${_saved})
clrhost_cli_test(exerciser.saved.broken.no-latch 1
  "TM-HR-LATCH +FAIL .*not shrunk: saved programs are run as they are.*reproduce: clrhost-conformance exercise --host [^ ]+ --programs [^ ]+seed-1.jsonl --walks 3\n.*6 passed, 1 failed" "exerciser;selftest;cli"
  ${_cli} exercise --host $<TARGET_FILE:clrhost_host_broken_no_latch> --programs ${_saved})
clrhost_cli_test(exerciser.save-programs 0 "^clrhost-conformance exercise: wrote 5 programs \\(seed 3, 2 thread\\(s\\)\\) to [^\n]*seed-3.jsonl\n$" "exerciser;cli"
  ${_cli} exercise --save-programs ${_traces}/exerciser-seed-3.jsonl --seed 3 --threads 2 --walks 5)
clrhost_cli_test(exerciser.bad-programs-with-seed 2 "^error: --programs [^ ]+ runs saved programs, which have their threads and no seed: leave out --seed\n$" "exerciser;cli"
  ${_cli} exercise --programs ${_saved} --seed 7)
clrhost_cli_test(exerciser.bad-programs-trace 2 "^error: --programs [^ ]+doc-table.coreclr.jsonl: line 1: not saved programs: [^\n]*: give a file `exercise --save-programs` wrote\n$" "exerciser;cli"
  ${_cli} exercise --programs ${CMAKE_CURRENT_SOURCE_DIR}/data/doc-table.coreclr.jsonl)
clrhost_cli_test(exerciser.bad-programs-missing 2 "^error: --programs [^ ]+nonexistent.jsonl: cannot open it: give a file of saved programs\n$" "exerciser;cli"
  ${_cli} exercise --programs ${CMAKE_BINARY_DIR}/nonexistent.jsonl)
clrhost_cli_test(exerciser.bad-walks-beyond-saved 2 "^error: --walks 101: [^ ]+seed-1.jsonl has 100 programs: give at most 100\n$" "exerciser;cli"
  ${_cli} exercise --programs ${_saved} --walks 101)
