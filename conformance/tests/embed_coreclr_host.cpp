// A host that records itself in embed mode on the real runtime: what a host implementer's process
// does, with CoreCLR in place of the .NET Framework. It gets the recorder from the embed ABI
// (include/clrhost/embed.h, and nothing else of the suite), hands it to the runtime, runs an app
// and finishes. CoreCLR on Linux calls a task manager only through the suite's profiler bridge,
// so the coreclr driver hands the recorder on, where the .NET Framework would ask the host's
// IHostControl::GetHostManager for it (docs/EMBED.md).
//   clrhost_embed_coreclr_host <host plug-in> <app.dll> <trace to write>
// The host is a plug-in only to pick it per test. Exit: the app's exit code once the trace is
// written; 2 with one line on a setup error.
#include "conformance/tests/embed_session.h"
#include "fixtures/driver/coreclr_driver.h"
#include "fixtures/driver/host_plugin_library.h"

namespace {

using namespace clrhost;

int run(const char* host_path, const char* app_path, const char* trace_path)
{
    driver::HostPluginLibrary plugin(host_path);
    const auto host = plugin.create_task_manager(); // the implementer's own task manager
    driver::CoreclrDriver coreclr("", driver::default_bridge_path());
    const auto runtime = coreclr.load_app(app_path, {});
    driver::AppRun app;
    const auto exit_code = embed_test::record_with_embed(
        *host, plugin.plugin().name, trace_path, runtime.c_str(), [&](IHostTaskManager& recorder) {
            app = coreclr.run_app(recorder);
            coreclr.uninstall(); // the runtime calls the recorder no more: the session can finish
            return app.exit_code;
        });
    if (!exit_code)
        return 2;
    fmt::print("ran {} on CoreCLR {} (bridge attached: {}), the embed recorder in front of "
               "host {}: {}\n",
               app_path, app.runtime_version, app.bridge_attached ? "yes" : "no",
               plugin.plugin().name, trace_path);
    return *exit_code;
}

} // namespace

int main(int argc, char** argv)
{
    return embed_test::host_main(argc, argv, "<app.dll>", run);
}
