# Cross-compiles the suite for 64-bit Windows on Linux with Debian's mingw-w64 (the posix-threads
# flavour: std::thread and std::mutex need it). Everything links statically (-static): a test
# executable or a host plug-in DLL run under Wine or on Windows must not need libstdc++-6.dll,
# libgcc_s_seh-1.dll or libwinpthread-1.dll beside it. The `windows` preset (CMakePresets.json)
# uses this file; ci/windows.sh builds and tests with it.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(_triple x86_64-w64-mingw32)

find_program(CMAKE_C_COMPILER ${_triple}-gcc-posix)
find_program(CMAKE_CXX_COMPILER ${_triple}-g++-posix)
find_program(CMAKE_RC_COMPILER ${_triple}-windres)
if(NOT CMAKE_CXX_COMPILER)
  message(FATAL_ERROR "clrhost: no ${_triple}-g++-posix: install the mingw-w64 cross compiler (bash ci/setup.sh windows, or apt-get install g++-mingw-w64-x86-64-posix)")
endif()

set(CMAKE_FIND_ROOT_PATH /usr/${_triple})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")
