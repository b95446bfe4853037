// clrhost-conformance: runs scenarios on the real runtime against a host and says whether the
// host saw the calls the protocol prescribes; checks saved traces; traces any app.
#include "conformance/cli/commands.h"
#include "conformance/platform/process.h"
#include "conformance/reports/reports.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#ifndef CLRHOST_INSTALLED_SCENARIOS
#define CLRHOST_INSTALLED_SCENARIOS "../share/clrhost-conformance/managed-testapps"
#endif

namespace clrhost::cli {

std::string executable_path()
{
    return platform::executable_path();
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

void check_dotnet_root(const std::string& dotnet_root)
{
    std::error_code error;
    if (dotnet_root.empty() ||
        std::filesystem::is_directory(std::filesystem::path(dotnet_root) / "host" / "fxr", error))
        return;
    throw std::runtime_error(fmt::format(
        "no .NET runtime at --dotnet-root {} (no host/fxr folder): pass --dotnet-root the folder "
        "that holds the dotnet executable",
        dotnet_root));
}

void check_writable_file(const std::string& path, std::string_view option)
{
    std::error_code error;
    if (std::filesystem::path(path).has_parent_path())
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
    if (!std::ofstream(path, std::ios::app))
        throw std::runtime_error(
            fmt::format("cannot write {} {}: choose a writable {} path", option, path, option));
}

void create_writable_folder(const std::string& path, std::string_view option)
{
    std::error_code error;
    std::filesystem::create_directories(path, error);
    if (!std::filesystem::is_directory(path))
        throw std::runtime_error(
            fmt::format("cannot create {} {}{}: choose a writable {}", option, path,
                        error ? fmt::format(" ({})", error.message()) : "", option));
}

} // namespace clrhost::cli

namespace {

using namespace clrhost::cli;

// Runtime threads may still be running: leave without exit-time destructors.
[[noreturn]] void leave(int code)
{
    std::fflush(nullptr);
    std::_Exit(code);
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"clrhost-conformance: a conformance suite for CLR hosts' IHostTaskManager"};
    app.require_subcommand(1);
    // A path beginning with '/' is an argument on every platform, not a Windows-style option.
    app.allow_windows_style_options(false);
    app.footer("Environment:\n"
               "  DOTNET_ROOT     the .NET install to run on when --dotnet-root is not given\n"
               "  CLRHOST_BRIDGE  the transition bridge (libclrhost_bridge.so) to load instead "
               "of the one beside this command\n"
               "Exit codes: 0 conforms, 1 violations, 2 bad input or setup; `trace` returns "
               "the app's own.\n");
    app.set_version_flag("--version",
                         fmt::format("clrhost-conformance {}", clrhost::reports::suite_version()));
    const auto subcommands = register_subcommands(app);

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
