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
clrhost_exerciser_test(conforming.hook-false-all 0 "${_all_pass}" clrhost_host_conforming_hook_false_all)
clrhost_exerciser_test(conforming.hook-false-some 0 "${_all_pass}" clrhost_host_conforming_hook_false_some)
clrhost_exerciser_test(conforming.pthread-key 0 "${_all_pass}" clrhost_host_conforming_pthread_key)
clrhost_exerciser_test(conforming.no-introspection 0
  "TM-BOOKKEEPING +NOT EXERCISED +the host does not answer IID_IHostLayerIntrospection.*6 passed, 0 failed, 1 not exercised"
  clrhost_host_conforming_no_introspection)

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
