// The subcommands of clrhost-conformance, one file each: each registers its options on the app
// and says what runs once they are parsed. Exit codes: 0 conforms, 1 violations, 2 bad input or
// setup (a one-line error naming the fix), except `trace`, which returns the app's own code.
#pragma once

#include <functional>
#include <memory> // each registration keeps its options in a shared_ptr
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace clrhost::cli {

inline constexpr int kConforms = 0;
inline constexpr int kViolations = 1;
inline constexpr int kBadInput = 2;

std::string executable_path();
std::string default_scenario_root();

// The mono driver is built when CMake found Mono's embedding API (fixtures/mono-bridge/).
#ifdef CLRHOST_HAVE_MONO_DRIVER
inline constexpr bool kHaveMonoDriver = true;
#else
inline constexpr bool kHaveMonoDriver = false;
#endif
inline constexpr const char* kNoMonoDriver =
    "this build has no mono driver: install Mono's embedding API (libmono-2.0-dev) and configure "
    "again";

// Checks of what the user typed, before anything runs: each throws a one-line error naming the
// option as typed and the fix.
// --dotnet-root: a .NET install (it has host/fxr); empty passes (DOTNET_ROOT or the default).
void check_dotnet_root(const std::string& dotnet_root);
// A file the command will write (its folder created): `option` names the flag ("--out").
void check_writable_file(const std::string& path, std::string_view option);
// A folder the command will write into, created if missing ("--trace-dir").
void create_writable_folder(const std::string& path, std::string_view option);

// A registered subcommand: its CLI11 node, and its work, which reads the options the
// registration bound (they live as long as the closure).
struct Subcommand {
    CLI::App* command;
    std::function<int()> run;
};

// Every subcommand this build has, in the order `--help` lists them: subcommands.cpp, or on a
// build without a runtime (Windows) subcommands_no_runtime.cpp.
std::vector<Subcommand> register_subcommands(CLI::App& app);

// In the order `--help` lists them.
Subcommand register_run(CLI::App& app);
Subcommand register_run_one(CLI::App& app);
Subcommand register_run_again(CLI::App& app);
Subcommand register_faults(CLI::App& app);
Subcommand register_check(CLI::App& app);
Subcommand register_trace(CLI::App& app);
Subcommand register_replay(CLI::App& app);
Subcommand register_export(CLI::App& app);
Subcommand register_exercise(CLI::App& app);
Subcommand register_rules(CLI::App& app);
Subcommand register_list(CLI::App& app);

} // namespace clrhost::cli
