// The subcommands of a build without a runtime (the Windows build, docs/WINDOWS.md): those that
// start no runtime. A trace is checked, a recording exported, a trace replayed against a host
// plug-in DLL, a host exercised with saved walks; `run`, `faults` and `trace` are not there.
#include "conformance/cli/commands.h"

namespace clrhost::cli {

std::vector<Subcommand> register_subcommands(CLI::App& app)
{
    std::vector<Subcommand> subcommands;
    for (const auto add : {register_check, register_replay, register_export, register_exercise,
                           register_rules, register_list})
        subcommands.push_back(add(app));
    return subcommands;
}

} // namespace clrhost::cli
