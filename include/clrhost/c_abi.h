/* The types the suite's C ABIs share (host_plugin.h, embed.h): an HRESULT and an
 * IHostTaskManager, seen from C and from C++.
 *
 * In C++ they are the hosting ABI's own (clrhost::HRESULT, clrhost::IHostTaskManager); in C, an
 * HRESULT is its 32 bits and the task manager an opaque COM object, seen through its pointer.
 */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
#include <clrhost/hosting_abi.h>

extern "C" {
typedef clrhost::HRESULT clrhost_hresult;
typedef clrhost::IHostTaskManager clrhost_task_manager;
} /* extern "C" */
#else
typedef int32_t clrhost_hresult;
/* Laid out as a COM object: a pointer to its vtable, in hosting_abi.h's slot order. */
typedef struct IHostTaskManager clrhost_task_manager;
#endif
