#include "conformance/reports/reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace clrhost::reports {

std::string shell_quote(const std::string& arg)
{
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789_-./:=@%+,") == std::string::npos)
        return arg;
    std::string quoted = "'";
    for (const char c : arg)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

bool ExerciserRun::failed() const
{
    return std::any_of(obligations.begin(), obligations.end(),
                       [](const auto& each) { return each.status == "FAIL"; });
}

std::string_view ExerciserRun::result() const
{
    return !ran ? "NOT RUN" : failed() ? "FAIL" : "PASS";
}

std::string_view suite_version()
{
    return CLRHOST_SUITE_VERSION;
}

std::string_view git_revision()
{
    return CLRHOST_GIT_REVISION;
}

std::string reproducer(const RunInfo& info, const std::string& variant)
{
    std::string line =
        fmt::format("{} run --scenario {}", shell_quote(info.command), shell_quote(variant));
    for (const auto& option : info.reproducer_options)
        line += " " + shell_quote(option);
    return line + " --trace repro.jsonl";
}

std::string runtime_of(const std::vector<cli::ScenarioVerdict>& verdicts)
{
    std::vector<std::pair<std::string, std::string>> seen; // driver, runtime
    for (const auto& verdict : verdicts)
        if (!verdict.runtime.empty() &&
            std::find(seen.begin(), seen.end(), std::pair(verdict.driver, verdict.runtime)) ==
                seen.end())
            seen.emplace_back(verdict.driver, verdict.runtime);
    if (seen.size() == 1)
        return seen.front().second;
    std::vector<std::string> named;
    for (const auto& [driver, runtime] : seen)
        named.push_back(fmt::format("{} {}", driver, runtime));
    return fmt::format("{}", fmt::join(named, ", "));
}

void check_report_path(const std::string& path, std::string_view what)
{
    namespace fs = std::filesystem;
    std::error_code error;
    if (fs::path(path).has_parent_path())
        fs::create_directories(fs::path(path).parent_path(), error);
    const bool existed = fs::exists(path, error);
    if (fs::is_directory(path, error) || !std::ofstream(path, std::ios::app))
        throw std::runtime_error(
            fmt::format("cannot write report {}: choose a writable {} path", path, what));
    if (!existed)
        fs::remove(path, error); // a run that stops early leaves no empty report behind
}

void write_report(const std::string& path, const std::string& text, std::string_view what)
{
    check_report_path(path, what);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out)
        throw std::runtime_error(
            fmt::format("cannot write report {}: choose a writable {} path", path, what));
}

} // namespace clrhost::reports
