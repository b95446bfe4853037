// clrhost-conformance: runs scenarios on the real runtime against a host and says whether the
// host saw the calls the protocol prescribes; checks saved traces; traces any app.
#include "conformance/cli/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <vector>

#ifndef CLRHOST_INSTALLED_SCENARIOS
#define CLRHOST_INSTALLED_SCENARIOS "../share/clrhost-conformance/managed-testapps"
#endif

namespace clrhost::cli {

std::string executable_path()
{
    std::error_code error;
    return std::filesystem::read_symlink("/proc/self/exe", error).string();
}

// The build tree: <build>/bin/clrhost-conformance and <build>/managed-testapps. An install:
// <prefix>/bin/clrhost-conformance and <prefix>/share/clrhost-conformance/managed-testapps (the
// relative path comes from the install directories CMake was configured with).
std::string default_scenario_root()
{
    const auto dir = std::filesystem::path(executable_path()).parent_path();
    const auto built = dir.parent_path() / "managed-testapps";
    std::error_code error;
    if (std::filesystem::is_directory(built, error))
        return built.string();
    return (dir / CLRHOST_INSTALLED_SCENARIOS).lexically_normal().string();
}

} // namespace clrhost::cli

namespace {

using namespace clrhost::cli;

// Runtime threads may still be running: leave without exit-time destructors.
[[noreturn]] void leave(int code)
{
    std::fflush(nullptr);
    ::_exit(code);
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"clrhost-conformance: a conformance suite for CLR hosts' IHostTaskManager"};
    app.require_subcommand(1);
    std::vector<Subcommand> subcommands;
    for (const auto add :
         {register_run, register_run_one, register_run_again, register_faults, register_check,
          register_trace, register_replay, register_export, register_exercise, register_rules})
        subcommands.push_back(add(app));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : kBadInput;
    }
    try {
        for (const auto& subcommand : subcommands)
            if (subcommand.command->parsed())
                leave(subcommand.run());
    } catch (const std::exception& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        leave(kBadInput);
    }
    leave(kBadInput); // require_subcommand(1): not reached
}
