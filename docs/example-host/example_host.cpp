// A minimal conforming IHostTaskManager, packaged as a clrhost-conformance host plug-in.
//
// The runtime tells a task manager about every crossing between managed and unmanaged code:
//
//   managed code calls a P/Invoke    CallNeedsHostHook(target), then LeaveRuntime(target)
//   the P/Invoke returns             EnterRuntime()
//   native code calls managed code   ReverseEnterRuntime()
//   that call returns                ReverseLeaveRuntime()
//
// A real host schedules work around these calls; this one only keeps the books a host needs for
// that, per thread, and answers the way the rules (clrhost-conformance rules) require:
//   - GetCurrentTask gives every thread a task, the same one each time: a thread without a task
//     gets no transition calls at all.
//   - CallNeedsHostHook writes its answer (TRUE: "hook this call") and returns S_OK.
//   - Leave/Enter and ReverseEnter/ReverseLeave are brackets: each thread's open ones form a
//     stack, and a closing call closes the innermost one (TM-NEST). The reverse calls succeed
//     with exactly S_OK, never S_FALSE (TM-HR-EXACT).
//   - A closing call that matches nothing means the host's picture of the process is wrong: it
//     returns E_FAIL once, and HOST_E_CLRNOTAVAILABLE to every later call (TM-HR-LATCH).
//   - IHostLayerIntrospection shows a thread's stack; the suite compares it with the
//     transitions after every call (TM-BOOKKEEPING).
#include <clrhost/com_ptr.h>            // ComPtr, RefCounted, make_com
#include <clrhost/host_introspection.h> // IHostLayerIntrospection, HostLayer
#include <clrhost/host_plugin.h>        // clrhost_host_plugin, the entry point's type
#include <clrhost/hresult.h>            // S_OK, E_FAIL, HOST_E_CLRNOTAVAILABLE, ...
#include <clrhost/task_manager_base.h>  // TaskManagerBase: IUnknown and the scheduling calls

#include <algorithm>
#include <atomic>
#include <new>
#include <vector>

namespace {

using namespace clrhost;

// A task: the host's handle on one OS thread. This host schedules nothing, so its task does
// nothing either; what matters is that GetCurrentTask hands one out.
class ExampleTask final : public IHostTask, private RefCounted<ExampleTask> {
public:
    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        if (!object)
            return E_POINTER;
        if (!(riid == IID_IUnknown || riid == IID_IHostTask)) {
            *object = nullptr;
            return E_NOINTERFACE;
        }
        *object = static_cast<IHostTask*>(this);
        AddRef();
        return S_OK;
    }
    ULONG AddRef() override { return add_ref(); }
    ULONG Release() override { return release(); }

    HRESULT Start() override { return S_OK; }
    HRESULT Alert() override { return S_OK; }
    HRESULT Join(DWORD, DWORD) override { return S_OK; }
    HRESULT SetPriority(int priority) override
    {
        priority_ = priority;
        return S_OK;
    }
    HRESULT GetPriority(int* priority) override
    {
        if (!priority)
            return E_POINTER;
        *priority = priority_;
        return S_OK;
    }
    HRESULT SetCLRTask(ICLRTask*) override { return S_OK; }

private:
    friend class RefCounted<ExampleTask>;
    int priority_ = 0;
};

// What the host knows about one thread. Transition calls for a thread come on that thread, so
// only it ever touches its state: no lock. thread_local is enough because the suite creates one
// task manager per process; a host with several would key this by instance.
struct ThreadState {
    ComPtr<IHostTask> task;
    std::vector<HostLayer> layers; // open brackets, outermost first: U LeaveRuntime, M ReverseEnter
};
thread_local ThreadState t_thread;

// TaskManagerBase answers IUnknown (QueryInterface for IUnknown, IHostTaskManager and the
// optional interfaces listed after the lifetime; a reference count, since the suite owns the
// reference create_task_manager hands out) and the scheduling calls (CreateTask, Sleep, ...), as a
// host that runs every task on its own OS thread answers them; the host writes the six calls of
// the transition protocol. IHostLayerIntrospection is optional: a host without it is
// still checked by every other rule.
class ExampleHost final
    : public TaskManagerBase<ExampleHost, Lifetime::Counted, IHostLayerIntrospection> {
public:
    // The calling thread's task, made on its first call. The caller gets a reference of its own.
    HRESULT GetCurrentTask(IHostTask** task) override
    {
        if (!task)
            return E_POINTER;
        *task = nullptr;
        if (latched())
            return HOST_E_CLRNOTAVAILABLE;
        try {
            if (!t_thread.task)
                t_thread.task = ComPtr<IHostTask>::adopt(make_com<ExampleTask>().detach());
        } catch (const std::bad_alloc&) {
            return E_OUTOFMEMORY; // never let an exception reach the runtime
        }
        *task = ComPtr<IHostTask>(t_thread.task).detach();
        return S_OK;
    }

    // TRUE for every call: this host wants to hear about all of them. Write the answer even when
    // failing; a host that returns S_OK without writing it breaks TM-HOOK.
    HRESULT CallNeedsHostHook(SIZE_T, BOOL* needs_hook) override
    {
        if (!needs_hook)
            return E_POINTER;
        *needs_hook = TRUE_;
        return latched() ? HOST_E_CLRNOTAVAILABLE : S_OK;
    }

    // The four transitions: open or close a bracket on the calling thread's stack.
    HRESULT LeaveRuntime(SIZE_T) override { return open(HostLayer::Unmanaged); }
    HRESULT EnterRuntime() override { return close(HostLayer::Unmanaged); }
    HRESULT ReverseEnterRuntime() override { return open(HostLayer::Managed); }
    HRESULT ReverseLeaveRuntime() override { return close(HostLayer::Managed); }

    // IHostLayerIntrospection: the calling thread's stack, outermost first. *count is how many
    // layers are open, which may be more than capacity (the caller then asks again).
    HRESULT GetCurrentThreadLayers(HostLayer* layers, ULONG capacity, ULONG* count) override
    {
        if (!count || (capacity && !layers))
            return E_POINTER;
        const auto& open = t_thread.layers;
        *count = static_cast<ULONG>(open.size());
        std::copy_n(open.begin(), std::min<std::size_t>(open.size(), capacity), layers);
        return S_OK;
    }

private:
    bool latched() const { return latched_.load(std::memory_order_acquire); }

    HRESULT open(HostLayer layer)
    {
        if (latched())
            return HOST_E_CLRNOTAVAILABLE;
        try {
            t_thread.layers.push_back(layer);
        } catch (const std::bad_alloc&) {
            return E_OUTOFMEMORY;
        }
        return S_OK; // exactly S_OK: for the reverse calls any other success code is a failure
    }

    HRESULT close(HostLayer layer)
    {
        if (latched())
            return HOST_E_CLRNOTAVAILABLE;
        auto& layers = t_thread.layers;
        if (layers.empty() || layers.back() != layer) {
            // The books no longer describe the process: disable the runtime. The exchange makes
            // it one E_FAIL per process even when two threads get here at once.
            return latched_.exchange(true, std::memory_order_acq_rel) ? HOST_E_CLRNOTAVAILABLE
                                                                      : E_FAIL;
        }
        layers.pop_back();
        return S_OK;
    }

    std::atomic<bool> latched_{false}; // set by the one E_FAIL; shared by every thread
};

// The plug-in's create function: one task manager, one reference, owned by the caller.
HRESULT create_task_manager(IHostTaskManager** task_manager)
{
    if (!task_manager)
        return E_POINTER;
    *task_manager = nullptr;
    try {
        *task_manager = make_com<ExampleHost>().detach(); // ExampleHost* -> IHostTaskManager*
        return S_OK;
    } catch (const std::bad_alloc&) {
        return E_OUTOFMEMORY;
    }
}

// Free-form names saying what the host does. Informational: the suite does not act on them.
const char* const kCapabilities[] = {"layer-bookkeeping", "introspection", "e-fail-latch", nullptr};

// Static storage: the suite keeps the pointer for the whole run.
const clrhost_host_plugin kPlugin{
    CLRHOST_HOST_PLUGIN_ABI_VERSION, // the ABI this host was compiled against
    sizeof(clrhost_host_plugin),     // which fields it knows: always sizeof, from the same header
    "example",                       // name and version: in traces and reports
    "1.0.0",
    &create_task_manager,
    kCapabilities,
};

} // namespace

// The one exported symbol: extern "C" (an unmangled name), exported (CLRHOST_PLUGIN_EXPORT:
// default visibility, or the DLL's export table on Windows).
extern "C" CLRHOST_PLUGIN_EXPORT const clrhost_host_plugin* clrhost_host_plugin_entry(void)
{
    return &kPlugin;
}
