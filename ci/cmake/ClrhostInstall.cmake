# Install rules, and the CMake package a host project builds against (docs/PLUGIN.md). Included
# by the top-level CMakeLists.txt after every target exists. `cmake --install <build> --prefix P`:
#
#   P/include/clrhost/*.h                            the public headers (header-only)
#   P/bin/clrhost-conformance                        the CLI; next to it, where it looks for them:
#   P/bin/libclrhost_bridge.so                         the transition bridge (the profiler)
#   P/bin/libclrhost_host_reference.so                 the reference host (the default --host)
#   P/lib/libclrhost_embed.so                        embed mode's library (docs/EMBED.md)
#   P/share/clrhost-conformance/managed-testapps/<id>/ the built scenarios and main-entry
#                                                      (conformance/cli finds them from the CLI's folder)
#   P/lib/cmake/clrhost-conformance/                 clrhost-conformanceConfig.cmake, its version
#                                                    file, the exported targets
#
# (bin, include, share, lib: the GNUInstallDirs defaults.) A host project:
#   find_package(clrhost-conformance 0.1 REQUIRED)
#   target_link_libraries(myhost PRIVATE clrhost::headers)     # include/clrhost, C++17
#   target_link_libraries(myhostprocess PRIVATE clrhost::embed) # embed mode (docs/EMBED.md)
#   add_test(NAME conformance COMMAND clrhost::conformance run --host $<TARGET_FILE:myhost>)
include(CMakePackageConfigHelpers)

set(CLRHOST_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/clrhost-conformance")
set(CLRHOST_INSTALL_SCENARIODIR "${CMAKE_INSTALL_DATADIR}/clrhost-conformance/managed-testapps")

# clrhost::headers: the headers alone. A host needs no library of the suite (hresult.h is inline).
add_library(clrhost_headers INTERFACE)
add_library(clrhost::headers ALIAS clrhost_headers)
target_include_directories(clrhost_headers INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_features(clrhost_headers INTERFACE cxx_std_17)
set_target_properties(clrhost_headers PROPERTIES EXPORT_NAME headers)
set_target_properties(clrhost-conformance PROPERTIES EXPORT_NAME conformance)

# include/clrhost holds only what a host implementer includes (docs/PLUGIN.md); the suite's own
# headers are in conformance/ and fixtures/, and are not installed.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/clrhost" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h")
install(TARGETS clrhost_headers clrhost-conformance clrhost_embed EXPORT clrhost-conformance-targets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
# Loaded by path, never linked: next to the CLI, where default_bridge_path() and
# default_host_path() (fixtures/driver) look.
install(TARGETS clrhost_bridge clrhost_reference_plugin
  LIBRARY DESTINATION "${CMAKE_INSTALL_BINDIR}")

# Each scenario's output folder, as the build left it (entry .dll, .runtimeconfig.json,
# lib<native>.so, scenario.json): nothing in it refers to the build tree. Only the suite's apps
# (the scenarios and main-entry, which `faults` needs): the apps of the suite's own tests and
# benchmarks (bad-start, bench-loops, thread-ends) are not scenarios.
get_property(_clrhost_apps GLOBAL PROPERTY CLRHOST_INSTALLED_APPS)
foreach(_id IN LISTS _clrhost_apps)
  install(DIRECTORY "${CMAKE_BINARY_DIR}/managed-testapps/${_id}"
    DESTINATION "${CLRHOST_INSTALL_SCENARIODIR}" USE_SOURCE_PERMISSIONS)
endforeach()

install(EXPORT clrhost-conformance-targets NAMESPACE clrhost::
  FILE clrhost-conformance-targets.cmake DESTINATION "${CLRHOST_INSTALL_CMAKEDIR}")
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/clrhost-conformanceConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/clrhost-conformanceConfig.cmake"
  INSTALL_DESTINATION "${CLRHOST_INSTALL_CMAKEDIR}")
# Before 1.0 a minor version may change the headers: only the same major.minor is compatible.
# The plug-in ABI has a version of its own (CLRHOST_HOST_PLUGIN_ABI_VERSION), checked at load.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/cmake/clrhost-conformanceConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/cmake/clrhost-conformanceConfig.cmake"
  "${PROJECT_BINARY_DIR}/cmake/clrhost-conformanceConfigVersion.cmake"
  DESTINATION "${CLRHOST_INSTALL_CMAKEDIR}")
