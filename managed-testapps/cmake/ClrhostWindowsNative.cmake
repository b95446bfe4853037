# The Windows build's part of the managed test apps (the `windows` preset; docs/WINDOWS.md): the
# native libraries of every app, native/<name>.c, as <name>.dll (where a [DllImport("<name>")]
# of the .NET Framework finds it) into <build-windows>/managed-testapps/<id>/net48/, the layout of
# a Linux build's net48 apps. Copy a Linux build's net48 assemblies into those folders and a
# Windows machine with the .NET Framework can run the real apps (the netfx runner). A
# scenario.json's "shares": ["<folder>"] builds that folder's native libraries into this one's too.
# Nothing runs them here: Wine has no .NET Framework.
find_package(Threads REQUIRED)
set(_apps_dir "${PROJECT_SOURCE_DIR}/managed-testapps")
file(GLOB _sources CONFIGURE_DEPENDS "${_apps_dir}/*/native/*.c")
set(_ids "")
foreach(_source IN LISTS _sources)
  cmake_path(RELATIVE_PATH _source BASE_DIRECTORY "${_apps_dir}" OUTPUT_VARIABLE _relative)
  string(REGEX REPLACE "/.*" "" _id "${_relative}")
  list(APPEND _ids "${_id}")
endforeach()
file(GLOB _scenarios CONFIGURE_DEPENDS "${_apps_dir}/*/scenario.json")
foreach(_json_file IN LISTS _scenarios)
  # Beside its net48/ folder, as in a Linux build: the layout the netfx runner reads.
  cmake_path(GET _json_file PARENT_PATH _scenario_dir)
  cmake_path(GET _scenario_dir FILENAME _scenario_id)
  configure_file("${_json_file}" "${CMAKE_BINARY_DIR}/managed-testapps/${_scenario_id}/scenario.json"
    COPYONLY)
  file(READ "${_json_file}" _json)
  string(JSON _shared ERROR_VARIABLE _no_shares GET "${_json}" shares 0)
  if(NOT _no_shares)
    cmake_path(GET _json_file PARENT_PATH _dir)
    cmake_path(GET _dir FILENAME _id)
    list(APPEND _ids "${_id}")
    set(_shares_${_id} "${_shared}")
  endif()
endforeach()
list(REMOVE_DUPLICATES _ids)
add_custom_target(clrhost_windows_native ALL)
foreach(_id IN LISTS _ids)
  file(GLOB _own "${_apps_dir}/${_id}/native/*.c")
  set(_folder_sources ${_own})
  if(DEFINED _shares_${_id})
    file(GLOB _theirs "${_apps_dir}/${_shares_${_id}}/native/*.c")
    list(APPEND _folder_sources ${_theirs})
  endif()
  foreach(_source IN LISTS _folder_sources)
    cmake_path(GET _source STEM _name)
    set(_target "clrhost_native_${_id}_${_name}")
    add_library(${_target} MODULE ${_source}) # MODULE: no import library
    target_link_libraries(${_target} PRIVATE Threads::Threads)
    set_target_properties(${_target} PROPERTIES PREFIX "" OUTPUT_NAME "${_name}"
      RUNTIME_OUTPUT_DIRECTORY "$<1:${CMAKE_BINARY_DIR}/managed-testapps/${_id}/net48>"
      LIBRARY_OUTPUT_DIRECTORY "$<1:${CMAKE_BINARY_DIR}/managed-testapps/${_id}/net48>"
      C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
    target_compile_options(${_target} PRIVATE -O2)
    add_dependencies(clrhost_windows_native ${_target})
  endforeach()
endforeach()
