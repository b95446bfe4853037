/* The host plug-in ABI: how a host library hands the suite its IHostTaskManager.
 *
 * A host is a shared library exporting one C function, clrhost_host_plugin_entry, that returns
 * a pointer to a static clrhost_host_plugin. The suite dlopens the library, checks abi_version,
 * and calls create_task_manager once per process. Fields are only ever appended; struct_size
 * tells the suite which of them a host was built with. See docs/PLUGIN.md.
 *
 * A C ABI, in a header that C and C++ (C++17 or newer) both compile (the suite builds a C11
 * plug-in against it); its types are c_abi.h's.
 */
#pragma once

#include <clrhost/c_abi.h>

#include <stdint.h>

/* Marks the one function a plug-in exports, clrhost_host_plugin_entry: the DLL's export table
 * on Windows, default visibility elsewhere (a plug-in built with hidden visibility). */
#if defined(_WIN32)
#define CLRHOST_PLUGIN_EXPORT __declspec(dllexport)
#else
#define CLRHOST_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#define CLRHOST_HOST_PLUGIN_ABI_VERSION 1u
#define CLRHOST_HOST_PLUGIN_ENTRY "clrhost_host_plugin_entry"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clrhost_host_plugin {
    uint32_t abi_version; /* CLRHOST_HOST_PLUGIN_ABI_VERSION the host was built against */
    uint32_t struct_size; /* sizeof(clrhost_host_plugin) the host was built with */
    const char* name;     /* short, stable: appears in traces and reports */
    const char* version;
    /* Creates the host's task manager with one reference owned by the caller. Returns S_OK and a
     * non-null *task_manager, or a failure HRESULT. */
    clrhost_hresult (*create_task_manager)(clrhost_task_manager** task_manager);
    /* Null-terminated list of capability names, or null. */
    const char* const* capabilities;
} clrhost_host_plugin;

typedef const clrhost_host_plugin* (*clrhost_host_plugin_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif
