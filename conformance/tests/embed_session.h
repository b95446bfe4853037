// What the embed-mode test hosts do as an implementer's process would, with the embed ABI alone
// (include/clrhost/embed.h): start a session in front of their own task manager, hand the
// recorder to the runtime's side, finish. Their main() is here too: both take a host plug-in,
// what the runtime's side runs, and the trace to write.
#pragma once

#include <clrhost/com_ptr.h>
#include <clrhost/embed.h>
#include <clrhost/hresult.h>

#include <fmt/format.h>

#include <exception>
#include <optional>

namespace clrhost::embed_test {

// The library's one line names the function, the problem and the fix.
inline std::nullopt_t embed_error()
{
    fmt::print(stderr, "error: {}\n", clrhost_embed_last_error());
    return std::nullopt;
}

// Runs the runtime's side, run_side(recorder), with the recorder the embed ABI hands out in front
// of host, then finishes the session. run_side returns the exit code, having stopped every call
// into the recorder. Returns that code once the trace is written; none after the library's one
// line (a setup error).
template <class RunSide>
std::optional<int> record_with_embed(IHostTaskManager& host, const char* host_name,
                                     const char* trace_path, const char* runtime,
                                     RunSide&& run_side)
{
    clrhost_embed_options options{};
    options.struct_size = sizeof options;
    options.abi_version = CLRHOST_EMBED_ABI_VERSION;
    options.trace_path = trace_path;
    options.host_name = host_name;
    options.runtime = runtime; // the driver: the platform's default
    clrhost_embed_session* session = nullptr;
    if (clrhost_embed_start(&options, &host, &session) != S_OK)
        return embed_error();
    ComPtr<IHostTaskManager> recorder;
    if (clrhost_embed_task_manager(session, recorder.put()) != S_OK) {
        clrhost_embed_close(session);
        return embed_error();
    }
    const int exit_code = run_side(*recorder);
    recorder.reset();
    const auto finished = clrhost_embed_finish(session);
    clrhost_embed_close(session);
    if (finished != S_OK)
        return embed_error();
    return exit_code;
}

// main() of a test host: usage names its second argument; a setup error is one line and exit 2.
template <class Run> int host_main(int argc, char** argv, const char* second, Run&& run)
{
    if (argc != 4) {
        fmt::print(stderr, "usage: {} <host plug-in> {} <trace to write>\n", argv[0], second);
        return 2;
    }
    try {
        return run(argv[1], argv[2], argv[3]);
    } catch (const std::exception& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return 2;
    }
}

} // namespace clrhost::embed_test
