// `export TRACE`: completes the trace of a process that died with nothing left to complete it (a
// crash of a scenario process nobody read yet, SIGKILL to `trace` and its app): its calls are
// still in the recording beside it (TRACE.rec) until a reader exports them. The suite's own readers
// do that on their first read; this is for tools that read the JSON Lines themselves.
#include "conformance/cli/commands.h"
#include "conformance/trace/trace_input.h"
#include "conformance/trace/trace_recording.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

namespace clrhost::cli {

struct ExportOptions {
    std::string trace;
};

int export_command(const ExportOptions& options)
{
    namespace fs = std::filesystem;
    const auto recording = trace::recording_path(options.trace);
    const bool had_recording = fs::exists(recording);
    if (!had_recording && !fs::exists(options.trace))
        throw std::runtime_error(fmt::format("no trace {} and no recording {}: check the path",
                                             options.trace, recording));
    auto input = trace::open_trace(options.trace);
    std::uint64_t calls = 0;
    while (input->next())
        ++calls;
    if (had_recording && fs::exists(recording)) {
        // open_trace could not write the trace and read the recording in its place.
        fmt::print(stderr,
                   "error: cannot write trace {} (a full disk or a read-only folder?): its {} "
                   "calls stay in {}; make room and export again\n",
                   options.trace, calls, recording);
        return kBadInput;
    }
    fmt::print("{}: {} calls{}\n", options.trace, calls,
               had_recording ? fmt::format(", completed from {}", recording)
                             : std::string(", complete already"));
    return kConforms;
}

Subcommand register_export(CLI::App& app)
{
    auto options = std::make_shared<ExportOptions>();
    auto* command = app.add_subcommand(
        "export", "complete the trace of a process that died from the recording beside it");
    command->add_option("trace", options->trace, "trace file (format v1)")->required();
    return {command, [options] { return export_command(*options); }};
}

} // namespace clrhost::cli
