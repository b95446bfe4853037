# The libraries of the suite for the Windows cross build (the `windows` preset), where Debian's
# Linux packages cannot be linked: GoogleTest/GoogleMock built from Debian's own source
# (/usr/src/googletest, libgtest-dev), and the header-only libraries read from Debian's headers
# (fmt as FMT_HEADER_ONLY, nlohmann-json, CLI11) through a folder holding only their headers, so
# the cross compiler never sees the Linux /usr/include. The targets get the names
# find_package gives them in the Linux build.
set(CLRHOST_GOOGLETEST_SOURCE /usr/src/googletest CACHE PATH
  "GoogleTest's source tree (Debian: libgtest-dev, libgmock-dev) for the Windows build")
if(NOT EXISTS "${CLRHOST_GOOGLETEST_SOURCE}/CMakeLists.txt")
  message(FATAL_ERROR "clrhost: no GoogleTest source at ${CLRHOST_GOOGLETEST_SOURCE}: install libgtest-dev and libgmock-dev (bash ci/setup.sh windows) or pass -DCLRHOST_GOOGLETEST_SOURCE=<googletest source folder>")
endif()
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
set(gtest_force_shared_crt OFF CACHE BOOL "" FORCE)
add_subdirectory("${CLRHOST_GOOGLETEST_SOURCE}" "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
foreach(_lib gtest gtest_main gmock gmock_main)
  if(NOT TARGET GTest::${_lib})
    add_library(GTest::${_lib} ALIAS ${_lib})
  endif()
endforeach()

set(_headers "${CMAKE_BINARY_DIR}/third-party-include")
foreach(_dir fmt nlohmann CLI)
  if(NOT EXISTS "/usr/include/${_dir}")
    message(FATAL_ERROR "clrhost: no /usr/include/${_dir}: install libfmt-dev, nlohmann-json3-dev and libcli11-dev (bash ci/setup.sh windows)")
  endif()
  file(MAKE_DIRECTORY "${_headers}")
  file(CREATE_LINK "/usr/include/${_dir}" "${_headers}/${_dir}" SYMBOLIC)
endforeach()
add_library(clrhost_third_party_headers INTERFACE)
target_include_directories(clrhost_third_party_headers SYSTEM INTERFACE "${_headers}")
add_library(fmt::fmt ALIAS clrhost_third_party_headers)
add_library(nlohmann_json::nlohmann_json ALIAS clrhost_third_party_headers)
add_library(CLI11::CLI11 ALIAS clrhost_third_party_headers)
target_compile_definitions(clrhost_third_party_headers INTERFACE FMT_HEADER_ONLY)
