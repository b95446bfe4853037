#include "scenario.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>

namespace clrhost::scenario {
namespace {

using nlohmann::json;

std::optional<std::string> optional_text(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? std::optional(it->get<std::string>())
                                                 : std::nullopt;
}

bool same_call(const ExpectedCall& expected, const trace::TraceCall& observed)
{
    return expected.call == observed.call &&
           (!expected.symbol || expected.symbol == observed.symbol) &&
           (!expected.method || expected.method == observed.method) &&
           (!expected.hook || expected.hook == observed.hook);
}

} // namespace

Scenario load_scenario(const std::filesystem::path& scenario_root, const std::string& name)
{
    const auto dir = scenario_root / name;
    const auto file = dir / "scenario.json";
    std::ifstream in(file);
    if (!in)
        throw ScenarioError(fmt::format(
            "scenario '{}' not found ({} missing): build the suite (cmake --build) or pass "
            "--scenario-root the build tree's managed-testapps folder",
            name, file.string()));
    const auto document = json::parse(in, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw ScenarioError(fmt::format("{} is not a JSON object: fix the file", file.string()));
    try {
        Scenario result;
        result.dir = dir;
        result.id = document.at("id").get<std::string>();
        result.name = document.at("name").get<std::string>();
        result.description = document.value("description", "");
        result.entry = document.at("entry").get<std::string>();
        result.native_libraries = document.value("native", std::vector<std::string>{});
        result.exit_code = document.value("exit_code", 0);
        for (const auto& item : document.at("expected")) {
            ExpectedCall call;
            const auto name_text = item.at("call").get<std::string>();
            const auto kind = trace::parse_call_name(name_text);
            if (!kind)
                throw ScenarioError(
                    fmt::format("{}: unknown call \"{}\"", file.string(), name_text));
            call.call = *kind;
            call.symbol = optional_text(item, "symbol");
            call.method = optional_text(item, "method");
            if (const auto hook = item.find("hook"); hook != item.end())
                call.hook = hook->get<bool>();
            call.row = item.value("row", 0);
            result.expected.push_back(std::move(call));
        }
        return result;
    } catch (const json::exception& error) {
        throw ScenarioError(fmt::format("{}: {}: fix the file", file.string(), error.what()));
    }
}

std::vector<trace::TraceCall> app_calls(const std::vector<trace::TraceCall>& calls)
{
    std::vector<trace::TraceCall> kept;
    std::copy_if(calls.begin(), calls.end(), std::back_inserter(kept), [](const auto& call) {
        return !call.framework && call.call != trace::CallKind::GetCurrentTask;
    });
    return kept;
}

std::string describe(const ExpectedCall& call)
{
    auto text = std::string(trace::call_name(call.call));
    if (call.symbol)
        text += fmt::format("({})", *call.symbol);
    if (call.method)
        text += fmt::format(" [{}]", *call.method);
    if (call.hook)
        text += *call.hook ? " -> TRUE" : " -> FALSE";
    return text;
}

std::string describe(const trace::TraceCall& call)
{
    auto text = std::string(trace::call_name(call.call));
    if (call.symbol)
        text += fmt::format("({})", *call.symbol);
    else if (call.target)
        text += fmt::format("(0x{:x})", *call.target);
    if (call.method && (call.call == trace::CallKind::ReverseEnterRuntime ||
                        call.call == trace::CallKind::ReverseLeaveRuntime))
        text += fmt::format(" [{}]", *call.method);
    if (call.hook)
        text += *call.hook ? " -> TRUE" : " -> FALSE";
    return text;
}

Comparison compare_with_expected(const std::vector<ExpectedCall>& expected,
                                 const std::vector<trace::TraceCall>& observed)
{
    Comparison result;
    const auto rows = std::max(expected.size(), observed.size());
    for (std::size_t i = 0; i < rows; ++i) {
        const auto* want = i < expected.size() ? &expected[i] : nullptr;
        const auto* got = i < observed.size() ? &observed[i] : nullptr;
        const bool ok = want && got && same_call(*want, *got);
        const auto want_text = want ? describe(*want) : std::string("(nothing)");
        const auto got_text =
            got ? fmt::format("{}  seq {} tid {}", describe(*got), got->seq, got->tid)
                : std::string("(nothing)");
        result.table +=
            fmt::format("  {:>3} {} {:<58} {}\n", i + 1, ok ? "  " : "!!", want_text, got_text);
        if (!ok)
            result.problems.push_back(
                fmt::format("call {}: expected {}, observed {}", i + 1, want_text, got_text));
        const bool needs_target = got && got->symbol &&
                                  (got->call == trace::CallKind::LeaveRuntime ||
                                   got->call == trace::CallKind::CallNeedsHostHook);
        if (needs_target && !got->target)
            result.problems.push_back(fmt::format("call {}: {} has no target address (TM-TARGET)",
                                                  i + 1, describe(*got)));
    }
    std::set<std::int64_t> threads;
    for (const auto& call : observed)
        threads.insert(call.tid);
    if (threads.size() > 1)
        result.problems.push_back(
            fmt::format("the app's calls came on {} threads, expected one", threads.size()));
    result.matches = result.problems.empty();
    return result;
}

} // namespace clrhost::scenario
