/* The host plug-in ABI: how a host library hands the suite its IHostTaskManager.
 *
 * A host is a shared library exporting one C function, clrhost_host_plugin_entry, that returns
 * a pointer to a static clrhost_host_plugin. The suite dlopens the library, checks abi_version,
 * and calls create_task_manager once per process. Fields are only ever appended; struct_size
 * tells the suite which of them a host was built with. See docs/PLUGIN.md.
 */
#pragma once

#include <clrhost/hosting_abi.h>

#include <cstdint>

#define CLRHOST_HOST_PLUGIN_ABI_VERSION 1u
#define CLRHOST_HOST_PLUGIN_ENTRY "clrhost_host_plugin_entry"

extern "C" {

struct clrhost_host_plugin {
    std::uint32_t abi_version; /* CLRHOST_HOST_PLUGIN_ABI_VERSION the host was built against */
    std::uint32_t struct_size; /* sizeof(clrhost_host_plugin) the host was built with */
    const char* name;          /* short, stable: appears in traces and reports */
    const char* version;
    /* Creates the host's task manager with one reference owned by the caller. Returns S_OK and a
     * non-null *task_manager, or a failure HRESULT. */
    clrhost::HRESULT (*create_task_manager)(clrhost::IHostTaskManager** task_manager);
    /* Null-terminated list of capability names, or null. */
    const char* const* capabilities;
};

typedef const clrhost_host_plugin* (*clrhost_host_plugin_entry_fn)(void);

} /* extern "C" */
