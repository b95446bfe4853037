// A host that records itself in embed mode, its runtime's side played by a double: the replay
// driver makes a saved trace's calls through the recorder the embed ABI hands out, as the runtime
// would through the task manager its IHostControl::GetHostManager gave it. On Windows, where the
// .NET Framework cannot run under Wine, this is what tests the embed DLL (docs/EMBED.md); the
// real runtime's side is tested on Linux (embed_coreclr_host.cpp).
//   clrhost_embed_replay_host <host plug-in> <saved trace> <trace to write>
// The host is a plug-in only to pick it per test: the recorder comes from include/clrhost/embed.h
// and nothing else. Exit 0 once the trace is written; 2 with one line on a setup error.
#include <clrhost/embed.h>
#include <clrhost/hresult.h>

#include "conformance/trace/trace_format.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/replay/trace_replay.h"

#include <fmt/format.h>

#include <exception>
#include <vector>

namespace {

using namespace clrhost;

// The library's one line names the function, the problem and the fix.
int embed_error()
{
    fmt::print(stderr, "error: {}\n", clrhost_embed_last_error());
    return 2;
}

int run(const char* host_path, const char* saved_trace, const char* trace_path)
{
    const auto saved = trace::read_trace_file(saved_trace);
    std::vector<trace::TraceCall> calls;
    for (const auto& call : saved.calls)
        if (!call.skipped && !call.is_event()) // the runtime did not call the host for these
            calls.push_back(call);
    driver::HostPluginLibrary plugin(host_path);
    const auto host = plugin.create_task_manager(); // the implementer's own task manager

    clrhost_embed_options options{};
    options.struct_size = sizeof options;
    options.abi_version = CLRHOST_EMBED_ABI_VERSION;
    options.trace_path = trace_path;
    options.host_name = plugin.plugin().name;
    clrhost_embed_session* session = nullptr;
    if (clrhost_embed_start(&options, host.get(), &session) != S_OK)
        return embed_error();
    ComPtr<IHostTaskManager> recorder;
    if (clrhost_embed_task_manager(session, recorder.put()) != S_OK) {
        clrhost_embed_close(session);
        return embed_error();
    }
    replay::replay_on_threads(*recorder, calls); // the runtime's side: one OS thread per thread
    recorder.reset();
    const auto finished = clrhost_embed_finish(session);
    clrhost_embed_close(session);
    if (finished != S_OK)
        return embed_error();
    fmt::print("replayed {} calls through the embed recorder into host {}: {}\n", calls.size(),
               plugin.plugin().name, trace_path);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        fmt::print(stderr, "usage: {} <host plug-in> <saved trace> <trace to write>\n", argv[0]);
        return 2;
    }
    try {
        return run(argv[1], argv[2], argv[3]);
    } catch (const std::exception& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return 2;
    }
}
