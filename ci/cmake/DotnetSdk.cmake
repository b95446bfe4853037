# Finds the .NET SDK (CLRHOST_DOTNET_ROOT, else $DOTNET_ROOT, else the dotnet on PATH), the
# runtime it ships, and the nethost pack inside it. Stops with one line naming what is missing.

set(CLRHOST_DOTNET_ROOT "" CACHE PATH ".NET SDK root (default: $DOTNET_ROOT, else the dotnet on PATH)")
if(NOT CLRHOST_DOTNET_ROOT)
  if(DEFINED ENV{DOTNET_ROOT} AND NOT "$ENV{DOTNET_ROOT}" STREQUAL "")
    set(_root "$ENV{DOTNET_ROOT}")
  else()
    find_program(_dotnet_on_path dotnet)
    if(NOT _dotnet_on_path)
      message(FATAL_ERROR "clrhost: no .NET SDK found (no DOTNET_ROOT, no dotnet on PATH): install the .NET 10 SDK (e.g. apt-get install dotnet-sdk-10.0) or pass -DCLRHOST_DOTNET_ROOT=/path/to/dotnet")
    endif()
    file(REAL_PATH "${_dotnet_on_path}" _dotnet_real)
    get_filename_component(_root "${_dotnet_real}" DIRECTORY)
  endif()
  set(CLRHOST_DOTNET_ROOT "${_root}" CACHE PATH ".NET SDK root" FORCE)
endif()

set(CLRHOST_DOTNET "${CLRHOST_DOTNET_ROOT}/dotnet")
if(NOT EXISTS "${CLRHOST_DOTNET}")
  message(FATAL_ERROR "clrhost: ${CLRHOST_DOTNET_ROOT} holds no dotnet executable: set DOTNET_ROOT or -DCLRHOST_DOTNET_ROOT to the folder of a .NET SDK")
endif()

execute_process(COMMAND "${CLRHOST_DOTNET}" --version
  OUTPUT_VARIABLE CLRHOST_SDK_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc ERROR_QUIET)
if(NOT _rc EQUAL 0 OR NOT CLRHOST_SDK_VERSION MATCHES "^[0-9]+\\.")
  message(FATAL_ERROR "clrhost: ${CLRHOST_DOTNET} has no SDK (only a runtime?): install the .NET 10 SDK (apt-get install dotnet-sdk-10.0)")
endif()
string(REGEX MATCH "^[0-9]+" _sdk_major "${CLRHOST_SDK_VERSION}")
if(_sdk_major LESS 8)
  message(FATAL_ERROR "clrhost: .NET SDK ${CLRHOST_SDK_VERSION} is older than 8.0: install the .NET 10 SDK")
endif()

# The runtime the managed apps run on: the newest Microsoft.NETCore.App the SDK folder holds.
file(GLOB _runtimes LIST_DIRECTORIES true "${CLRHOST_DOTNET_ROOT}/shared/Microsoft.NETCore.App/*")
list(SORT _runtimes COMPARE NATURAL ORDER DESCENDING)
list(GET _runtimes 0 _newest_runtime)
get_filename_component(CLRHOST_RUNTIME_VERSION "${_newest_runtime}" NAME)
string(REGEX MATCH "^[0-9]+" _runtime_major "${CLRHOST_RUNTIME_VERSION}")
set(CLRHOST_TARGET_FRAMEWORK "net${_runtime_major}.0" CACHE STRING "Target framework of the managed test apps")

file(GLOB _nethost_headers "${CLRHOST_DOTNET_ROOT}/packs/Microsoft.NETCore.App.Host.linux-x64/*/runtimes/linux-x64/native/nethost.h")
list(SORT _nethost_headers COMPARE NATURAL ORDER DESCENDING)
if(NOT _nethost_headers)
  message(FATAL_ERROR "clrhost: the SDK at ${CLRHOST_DOTNET_ROOT} has no nethost pack (packs/Microsoft.NETCore.App.Host.linux-x64): install the full .NET SDK package, not only the runtime")
endif()
list(GET _nethost_headers 0 _nethost_header)
get_filename_component(CLRHOST_NETHOST_DIR "${_nethost_header}" DIRECTORY)

add_library(clrhost_nethost STATIC IMPORTED GLOBAL)
set_target_properties(clrhost_nethost PROPERTIES
  IMPORTED_LOCATION "${CLRHOST_NETHOST_DIR}/libnethost.a"
  INTERFACE_INCLUDE_DIRECTORIES "${CLRHOST_NETHOST_DIR}"
  INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")

message(STATUS "clrhost: .NET SDK ${CLRHOST_SDK_VERSION}, runtime ${CLRHOST_RUNTIME_VERSION} (${CLRHOST_TARGET_FRAMEWORK}), nethost ${CLRHOST_NETHOST_DIR}")
