// A host that records itself in embed mode, its runtime's side played by a double: the replay
// driver makes a saved trace's calls through the recorder the embed ABI hands out, as the runtime
// would through the task manager its IHostControl::GetHostManager gave it. On Windows, where the
// .NET Framework cannot run under Wine, this is what tests the embed DLL (docs/EMBED.md); the
// real runtime's side is tested on Linux (embed_coreclr_host.cpp).
//   clrhost_embed_replay_host <host plug-in> <saved trace> <trace to write>
// The host is a plug-in only to pick it per test: the recorder comes from include/clrhost/embed.h
// and nothing else. Exit 0 once the trace is written; 2 with one line on a setup error.
#include "conformance/tests/embed_session.h"
#include "conformance/trace/trace_format.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/replay/trace_replay.h"

#include <vector>

namespace {

using namespace clrhost;

int run(const char* host_path, const char* saved_trace, const char* trace_path)
{
    const auto saved = trace::read_trace_file(saved_trace);
    std::vector<trace::TraceCall> calls;
    for (const auto& call : saved.calls)
        if (!call.skipped && !call.is_event()) // the runtime did not call the host for these
            calls.push_back(call);
    driver::HostPluginLibrary plugin(host_path);
    const auto host = plugin.create_task_manager(); // the implementer's own task manager
    const auto exit_code = embed_test::record_with_embed(
        *host, plugin.plugin().name, trace_path, nullptr, [&](IHostTaskManager& recorder) {
            // The runtime's side: one OS thread per trace thread.
            replay::replay_on_threads(recorder, calls);
            return 0;
        });
    if (!exit_code)
        return 2;
    fmt::print("replayed {} calls through the embed recorder into host {}: {}\n", calls.size(),
               plugin.plugin().name, trace_path);
    return *exit_code;
}

} // namespace

int main(int argc, char** argv)
{
    return embed_test::host_main(argc, argv, "<saved trace>", run);
}
