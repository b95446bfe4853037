# A scenario whose app fails at start: gives the built bad-start app (managed-testapps/bad-start)
# a scenario.json of its own under WORK, then checks the suite's verdict with expect_command.cmake.
#   -DAPP_DIR=<built bad-start folder> -DWORK=<dir> -DARGS=<comma-separated app arguments> -DCOMMAND=... -DEXPECT_EXIT=...
#   -DEXPECT_OUTPUT=... [-DAS_NET48=ON: the .NET build also stands where a scenario's .NET Framework
#   build goes (net48/), as a user's app built only for .NET would]
if(NOT EXISTS "${APP_DIR}/BadStartCs.dll")
  message(FATAL_ERROR "no ${APP_DIR}/BadStartCs.dll: build the tree first (cmake --build --preset default)")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${APP_DIR}/" DESTINATION "${WORK}/bad-start")
if(AS_NET48)
  file(COPY "${APP_DIR}/" DESTINATION "${WORK}/bad-start/net48")
endif()
set(args_json "[]")
set(i 0)
string(REPLACE "," ";" ARGS "${ARGS}")
foreach(arg IN LISTS ARGS)
  string(JSON args_json SET "${args_json}" ${i} "\"${arg}\"")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE "${WORK}/bad-start/scenario.json" "{\"id\": \"X01\", \"name\": \"bad-start\", \"description\": \"an app that fails at start\", \"entry\": \"BadStartCs.dll\", \"language\": \"cs\", \"args\": ${args_json}, \"exit_code\": 0, \"app\": []}\n")
include("${CMAKE_CURRENT_LIST_DIR}/expect_command.cmake")
