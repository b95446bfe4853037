/* Embed mode: the suite's recorder in front of a host's own task manager, in the host's own
 * process, where the host runs the real runtime itself (docs/EMBED.md).
 *
 * The host starts a session with its IHostTaskManager, hands the runtime the session's task
 * manager (the recorder: on the .NET Framework, from its IHostControl::GetHostManager for
 * IID_IHostTaskManager), runs its own workloads, and finishes the session: the trace is written,
 * and `clrhost-conformance check TRACE` judges it, on any machine. The recorder forwards every call
 * to the host unchanged and records it (thread, call, site where the runtime gives one, the
 * host's HRESULT). What was recorded stays readable even when the process dies before finishing:
 * `check` exports the recording beside the trace.
 *
 * A small C ABI, versioned: the options carry struct_size and abi_version, fields are only ever
 * appended, and the functions are only ever added. C and C++ (C++17 or newer) both compile this
 * header; its types are c_abi.h's. The library is libclrhost_embed.so on Linux and
 * libclrhost_embed.dll with its import library libclrhost_embed.dll.a on Windows. No C++
 * exception leaves a function of this ABI: each returns an HRESULT, and a failure leaves one line
 * naming the problem and the fix in clrhost_embed_last_error().
 */
#pragma once

#include <clrhost/c_abi.h>

#include <stdint.h>

/* The functions of the library: exported from it, imported by its users (a DLL on Windows). */
#if defined(_WIN32)
#if defined(CLRHOST_EMBED_BUILD)
#define CLRHOST_EMBED_API __declspec(dllexport)
#else
#define CLRHOST_EMBED_API __declspec(dllimport)
#endif
#else
#define CLRHOST_EMBED_API __attribute__((visibility("default")))
#endif

#define CLRHOST_EMBED_ABI_VERSION 1u

/* The driver a trace's header names when the options name none: the runtime that calls an
 * IHostTaskManager on the platform (the .NET Framework on Windows, CoreCLR through the suite's
 * profiler bridge elsewhere). `check --scenario` reads what the app owes the host for it. */
#if defined(_WIN32)
#define CLRHOST_EMBED_DEFAULT_DRIVER "netfx"
#else
#define CLRHOST_EMBED_DEFAULT_DRIVER "coreclr"
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clrhost_embed_options {
    uint32_t struct_size;   /* sizeof(clrhost_embed_options) the host was built with */
    uint32_t abi_version;   /* CLRHOST_EMBED_ABI_VERSION the host was built against */
    const char* trace_path; /* the trace to write (UTF-8); its recording is trace_path".rec" */
    const char* host_name;  /* the host's short name, for the trace's header and reports */
    /* The runtime's side, for the header: "netfx", "coreclr" or "mono"; null:
     * CLRHOST_EMBED_DEFAULT_DRIVER. */
    const char* driver;
    const char* runtime; /* the runtime's version for the header ("4.8.9032.0"), or null */
} clrhost_embed_options;

/* One recording of one host's calls. */
typedef struct clrhost_embed_session clrhost_embed_session;

/* Writes the trace's header and starts its recording, with the recorder in front of host (the
 * session takes a reference). S_OK and *session, or a failure HRESULT, *session null and
 * clrhost_embed_last_error() saying why: E_POINTER (a null argument), E_INVALIDARG (options the
 * library cannot read), E_FAIL (the trace cannot be written). */
CLRHOST_EMBED_API clrhost_hresult clrhost_embed_start(const clrhost_embed_options* options,
                                                      clrhost_task_manager* host,
                                                      clrhost_embed_session** session);

/* The recorder, with one reference for the caller: what the host hands the runtime instead of its
 * own task manager. E_UNEXPECTED once the session finished. */
CLRHOST_EMBED_API clrhost_hresult clrhost_embed_task_manager(clrhost_embed_session* session,
                                                             clrhost_task_manager** recorder);

/* Optional: the OS thread os_thread_id ended, recorded in the trace (the host learns it from its
 * own threads, or DLL_THREAD_DETACH): a thread that ends with layers open breaks TM-BALANCE.
 * Without it, the trace's end judges every thread. Any thread may call it. */
CLRHOST_EMBED_API clrhost_hresult clrhost_embed_thread_ended(clrhost_embed_session* session,
                                                             uint32_t os_thread_id);

/* Writes the trace from the recording and removes the recording. Call it once the runtime makes
 * no more calls on the recorder: a call after it still reaches the host but is not recorded, and
 * one under way while it runs may crash the process. A process that ends without finishing leaves
 * the recording beside the trace, and `check` exports it. E_FAIL when the trace cannot be
 * written: what was recorded stays readable in the recording. */
CLRHOST_EMBED_API clrhost_hresult clrhost_embed_finish(clrhost_embed_session* session);

/* Ends the session (a null session is ignored). Unfinished, its recording stays for `check` to
 * export. While the runtime still holds the recorder, what it records into is kept (the process's
 * end frees it). */
CLRHOST_EMBED_API void clrhost_embed_close(clrhost_embed_session* session);

/* The calling thread's last failure in this library, one line naming the problem and the fix;
 * "" when its last call succeeded. Valid until the thread's next call into the library. */
CLRHOST_EMBED_API const char* clrhost_embed_last_error(void);

#ifdef __cplusplus
} /* extern "C" */
#endif
