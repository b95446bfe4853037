/* A host plug-in written in C. It proves that include/clrhost/host_plugin.h compiles as C and
 * that the suite reads a C host's clrhost_host_plugin as it reads a C++ host's (CTest
 * cli.plugin.c-abi). It makes no task manager: create_task_manager answers E_NOTIMPL, which the
 * suite reports under the plug-in's name, so it has read every field up to that one.
 */
#include <clrhost/host_plugin.h>

#include <stddef.h>

/* The layout C++ hosts are built with (HostingAbi.PluginStructLayout pins it in C++). */
#define POINTER sizeof(void*)
_Static_assert(offsetof(clrhost_host_plugin, abi_version) == 0, "abi_version moved");
_Static_assert(offsetof(clrhost_host_plugin, struct_size) == 4, "struct_size moved");
_Static_assert(offsetof(clrhost_host_plugin, name) == 8, "name moved");
_Static_assert(offsetof(clrhost_host_plugin, version) == 8 + POINTER, "version moved");
_Static_assert(offsetof(clrhost_host_plugin, create_task_manager) == 8 + 2 * POINTER,
               "create_task_manager moved");
_Static_assert(offsetof(clrhost_host_plugin, capabilities) == 8 + 3 * POINTER,
               "capabilities moved");
_Static_assert(sizeof(clrhost_host_plugin) == 8 + 4 * POINTER, "fields added or removed");
_Static_assert(sizeof(clrhost_hresult) == 4, "an HRESULT is 32 bits");

static clrhost_hresult create_no_task_manager(clrhost_task_manager** task_manager)
{
    if (task_manager)
        *task_manager = NULL;
    return (clrhost_hresult)0x80004001u; /* E_NOTIMPL */
}

static const char* const capabilities[] = {"c-abi", NULL};

static const clrhost_host_plugin plugin = {
    CLRHOST_HOST_PLUGIN_ABI_VERSION,
    sizeof(clrhost_host_plugin),
    "c-plugin",
    "1.0.0",
    &create_no_task_manager,
    capabilities,
};

CLRHOST_PLUGIN_EXPORT const clrhost_host_plugin* clrhost_host_plugin_entry(void)
{
    return &plugin;
}
