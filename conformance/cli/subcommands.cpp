// The subcommands of a build with a runtime (Linux): all of them.
#include "conformance/cli/commands.h"

namespace clrhost::cli {

std::vector<Subcommand> register_subcommands(CLI::App& app)
{
    std::vector<Subcommand> subcommands;
    for (const auto add : {register_run, register_run_one, register_run_again, register_faults,
                           register_check, register_trace, register_replay, register_export,
                           register_exercise, register_rules, register_list})
        subcommands.push_back(add(app));
    return subcommands;
}

} // namespace clrhost::cli
