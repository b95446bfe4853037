// A host that records itself in embed mode on the real runtime: what a host implementer's process
// does, with CoreCLR in place of the .NET Framework. It gets the recorder from the embed ABI
// (include/clrhost/embed.h, and nothing else of the suite), hands it to the runtime, runs an app
// and finishes. CoreCLR on Linux calls a task manager only through the suite's profiler bridge,
// so the coreclr driver hands the recorder on, where the .NET Framework would ask the host's
// IHostControl::GetHostManager for it (docs/EMBED.md).
//   clrhost_embed_coreclr_host <host plug-in> <app.dll> <trace to write>
// The host is a plug-in only to pick it per test. Exit: the app's exit code once the trace is
// written; 2 with one line on a setup error.
#include <clrhost/embed.h>
#include <clrhost/hresult.h>

#include "fixtures/driver/coreclr_driver.h"
#include "fixtures/driver/host_plugin_library.h"

#include <fmt/format.h>

#include <exception>

namespace {

using namespace clrhost;

// The library's one line names the function, the problem and the fix.
int embed_error()
{
    fmt::print(stderr, "error: {}\n", clrhost_embed_last_error());
    return 2;
}

int run(const char* host_path, const char* app_path, const char* trace_path)
{
    driver::HostPluginLibrary plugin(host_path);
    const auto host = plugin.create_task_manager(); // the implementer's own task manager
    driver::CoreclrDriver coreclr("", driver::default_bridge_path());
    const auto runtime = coreclr.load_app(app_path, {});

    clrhost_embed_options options{};
    options.struct_size = sizeof options;
    options.abi_version = CLRHOST_EMBED_ABI_VERSION;
    options.trace_path = trace_path;
    options.host_name = plugin.plugin().name;
    options.runtime = runtime.c_str(); // the driver: the platform's default, "coreclr"
    clrhost_embed_session* session = nullptr;
    if (clrhost_embed_start(&options, host.get(), &session) != S_OK)
        return embed_error();
    ComPtr<IHostTaskManager> recorder;
    if (clrhost_embed_task_manager(session, recorder.put()) != S_OK) {
        clrhost_embed_close(session);
        return embed_error();
    }
    const auto app = coreclr.run_app(*recorder);
    coreclr.uninstall(); // the runtime calls the recorder no more: the session can finish
    recorder.reset();
    const auto finished = clrhost_embed_finish(session);
    clrhost_embed_close(session);
    if (finished != S_OK)
        return embed_error();
    fmt::print("ran {} on CoreCLR {} (bridge attached: {}), the embed recorder in front of host "
               "{}: {}\n",
               app_path, app.runtime_version, app.bridge_attached ? "yes" : "no",
               plugin.plugin().name, trace_path);
    return app.exit_code;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        fmt::print(stderr, "usage: {} <host plug-in> <app.dll> <trace to write>\n", argv[0]);
        return 2;
    }
    try {
        return run(argv[1], argv[2], argv[3]);
    } catch (const std::exception& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return 2;
    }
}
