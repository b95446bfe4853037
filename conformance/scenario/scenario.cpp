#include "conformance/scenario/scenario.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <map>
#include <set>

namespace clrhost::scenario {
namespace {

using nlohmann::json;
using trace::TraceCall;

std::optional<std::string> optional_text(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? std::optional(it->get<std::string>())
                                                 : std::nullopt;
}

// Items are calls or {"repeat": N, "calls": [items]}; repeats are expanded here.
void expand_items(const json& items, std::vector<ExpectedCall>& out, const std::string& file)
{
    for (const auto& item : items) {
        if (item.contains("repeat")) {
            const auto times = item.at("repeat").get<int>();
            if (times < 0 || times > 1'000'000)
                throw ScenarioError(fmt::format("{}: repeat {} is out of range", file, times));
            for (int i = 0; i < times; ++i)
                expand_items(item.at("calls"), out, file);
            continue;
        }
        ExpectedCall call;
        const auto name = item.at("call").get<std::string>();
        const auto kind = parse_call_name(name);
        if (!kind)
            throw ScenarioError(fmt::format("{}: unknown call \"{}\"", file, name));
        call.call = *kind;
        call.symbol = optional_text(item, "symbol");
        call.method = optional_text(item, "method");
        call.note = optional_text(item, "note");
        if (const auto hook = item.find("hook"); hook != item.end())
            call.hook = hook->get<bool>();
        if (const auto target = optional_text(item, "target")) {
            if (*target != "known" && *target != "unknown")
                throw ScenarioError(
                    fmt::format("{}: target must be \"known\" or \"unknown\"", file));
            call.target_known = *target == "known";
        }
        call.row = item.value("row", 0);
        out.push_back(std::move(call));
    }
}

std::optional<int> signal_number(const std::string& name)
{
    static const std::map<std::string, int> kSignals{{"SIGABRT", SIGABRT}, {"SIGSEGV", SIGSEGV},
                                                     {"SIGKILL", SIGKILL}, {"SIGBUS", SIGBUS},
                                                     {"SIGILL", SIGILL},   {"SIGTERM", SIGTERM}};
    const auto it = kSignals.find(name);
    return it == kSignals.end() ? std::nullopt : std::optional(it->second);
}

bool same_call(const ExpectedCall& expected, const TraceCall& observed)
{
    if (expected.call != observed.call || (expected.symbol && expected.symbol != observed.symbol) ||
        (expected.method && expected.method != observed.method) ||
        (expected.hook && expected.hook != observed.hook))
        return false;
    if (expected.target_known && *expected.target_known != observed.target.has_value())
        return false;
    if (expected.note &&
        (!observed.note || observed.note->find(*expected.note) == std::string::npos))
        return false;
    return true;
}

bool sequence_matches(const std::vector<ExpectedCall>& expected,
                      const std::vector<TraceCall>& observed, bool prefix_only)
{
    if (prefix_only ? observed.size() > expected.size() : observed.size() != expected.size())
        return false;
    for (std::size_t i = 0; i < observed.size(); ++i)
        if (!same_call(expected[i], observed[i]))
            return false;
    return true;
}

} // namespace

const std::vector<ExpectedCall>& Scenario::single_thread_calls() const
{
    static const std::vector<ExpectedCall> none;
    return threads.size() == 1 && threads.front().count == 1 ? threads.front().calls : none;
}

std::vector<Scenario> load_scenario_variants(const std::filesystem::path& scenario_root,
                                             const std::string& spec)
{
    const auto colon = spec.find(':');
    const auto name = spec.substr(0, colon);
    const auto language = colon == std::string::npos ? std::string{} : spec.substr(colon + 1);
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
        result.args = document.value("args", std::vector<std::string>{});
        result.native_libraries = document.value("native", std::vector<std::string>{});
        result.labels = document.value("labels", std::vector<std::string>{});
        result.exit_code = document.value("exit_code", 0);
        result.timeout = document.value("timeout", 0.0);
        if (const auto entry = document.find("host_entry"); entry != document.end())
            result.host_entry = Scenario::HostEntry{entry->at("type").get<std::string>(),
                                                    entry->at("method").get<std::string>()};
        if (const auto dies = optional_text(document, "dies")) {
            result.death_signal = signal_number(*dies);
            if (!result.death_signal)
                throw ScenarioError(fmt::format("{}: unknown signal \"{}\"", file.string(), *dies));
        }
        if (document.contains("expected")) {
            ThreadGroup group{"main", 1, {}};
            expand_items(document.at("expected"), group.calls, file.string());
            result.threads.push_back(std::move(group));
        }
        for (const auto& item : document.value("threads", json::array())) {
            ThreadGroup group;
            group.name = item.value("name", fmt::format("group {}", result.threads.size() + 1));
            group.count = item.value("count", 1);
            expand_items(item.at("calls"), group.calls, file.string());
            result.threads.push_back(std::move(group));
        }
        if (result.threads.empty())
            throw ScenarioError(fmt::format("{}: no \"expected\" or \"threads\": state the calls "
                                            "the scenario must yield",
                                            file.string()));
        std::vector<Scenario> variants;
        auto variant_list = document.value("variants", json::array());
        if (variant_list.empty())
            variant_list.push_back(
                {{"language", document.value("language", "app")}, {"entry", document.at("entry")}});
        for (const auto& item : variant_list) {
            auto variant = result;
            variant.language = item.at("language").get<std::string>();
            variant.entry = item.at("entry").get<std::string>();
            if (item.contains("args"))
                variant.args = item.at("args").get<std::vector<std::string>>();
            if (language.empty() || language == variant.language)
                variants.push_back(std::move(variant));
        }
        if (variants.empty())
            throw ScenarioError(fmt::format("scenario '{}' has no variant '{}': {}", name, language,
                                            file.string()));
        return variants;
    } catch (const json::exception& error) {
        throw ScenarioError(fmt::format("{}: {}: fix the file", file.string(), error.what()));
    }
}

Scenario load_scenario(const std::filesystem::path& scenario_root, const std::string& name)
{
    auto variants = load_scenario_variants(scenario_root, name);
    if (variants.size() != 1)
        throw ScenarioError(fmt::format("scenario '{}' has {} variants: name one, as {}", name,
                                        variants.size(), variants.front().qualified_name()));
    return std::move(variants.front());
}

std::vector<std::string> list_scenarios(const std::filesystem::path& scenario_root)
{
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(scenario_root, error))
        if (entry.is_directory() && std::filesystem::exists(entry.path() / "scenario.json"))
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<TraceCall> app_calls(const std::vector<TraceCall>& calls)
{
    std::vector<TraceCall> kept;
    std::copy_if(calls.begin(), calls.end(), std::back_inserter(kept),
                 [](const auto& call) { return call.is_app_call(); });
    return kept;
}

std::string describe(const ExpectedCall& call)
{
    auto text = std::string(call_name(call.call));
    if (call.symbol)
        text += fmt::format("({})", *call.symbol);
    if (call.method)
        text += fmt::format(" [{}]", *call.method);
    if (call.target_known)
        text += *call.target_known ? " target" : " no target";
    if (call.hook)
        text += *call.hook ? " -> TRUE" : " -> FALSE";
    return text;
}

std::string describe(const TraceCall& call)
{
    auto text = std::string(call_name(call.call));
    if (call.symbol)
        text += fmt::format("({})", *call.symbol);
    else if (call.target)
        text += fmt::format("(0x{:x})", *call.target);
    if (call.method && !call.symbol)
        text += fmt::format(" [{}]", *call.method);
    if (call.hook)
        text += *call.hook ? " -> TRUE" : " -> FALSE";
    return text;
}

Comparison compare_with_expected(const std::vector<ExpectedCall>& expected,
                                 const std::vector<TraceCall>& observed)
{
    Comparison result;
    constexpr std::size_t kProblemsListed = 12; // the problem list names the first few only
    constexpr std::size_t kContext = 4;         // table rows kept around each difference
    std::size_t differing = 0;
    const auto rows = std::max(expected.size(), observed.size());
    std::vector<bool> same(rows);
    for (std::size_t i = 0; i < rows; ++i)
        same[i] = i < expected.size() && i < observed.size() && same_call(expected[i], observed[i]);
    bool elided = false;
    for (std::size_t i = 0; i < rows; ++i) {
        const auto* want = i < expected.size() ? &expected[i] : nullptr;
        const auto* got = i < observed.size() ? &observed[i] : nullptr;
        const bool ok = same[i];
        const auto want_text = want ? describe(*want) : std::string("(nothing)");
        const auto got_text =
            got ? fmt::format("{}  seq {} tid {}", describe(*got), got->seq, got->tid)
                : std::string("(nothing)");
        // A long sequence shows only the rows near its differences.
        bool near_difference = rows <= 40;
        for (std::size_t j = i > kContext ? i - kContext : 0; j <= i + kContext && j < rows; ++j)
            near_difference = near_difference || !same[j];
        if (near_difference) {
            result.table +=
                fmt::format("  {:>4} {} {:<60} {}\n", i + 1, ok ? "  " : "!!", want_text, got_text);
            elided = false;
        } else if (!elided) {
            result.table += "   ...\n";
            elided = true;
        }
        if (!ok && !result.first_mismatch)
            result.first_mismatch = i;
        if (!ok && ++differing <= kProblemsListed)
            result.problems.push_back(
                fmt::format("call {}: expected {}, observed {}", i + 1, want_text, got_text));
        const bool needs_target =
            got && got->symbol &&
            (got->call == HostCall::LeaveRuntime || got->call == HostCall::CallNeedsHostHook);
        if (needs_target && !got->target)
            result.problems.push_back(fmt::format("call {}: {} has no target address (TM-TARGET)",
                                                  i + 1, describe(*got)));
    }
    if (differing > kProblemsListed)
        result.problems.push_back(
            fmt::format("... and {} more calls differ", differing - kProblemsListed));
    std::set<std::int64_t> threads;
    for (const auto& call : observed)
        threads.insert(call.tid);
    if (threads.size() > 1)
        result.problems.push_back(
            fmt::format("the app's calls came on {} threads, expected one", threads.size()));
    result.matches = result.problems.empty();
    return result;
}

Comparison compare_with_scenario(const Scenario& scenario, const std::vector<TraceCall>& observed,
                                 bool died)
{
    if (!died && !scenario.single_thread_calls().empty())
        return compare_with_expected(scenario.single_thread_calls(), observed);

    // Each thread's calls, threads in the order of their first call.
    std::vector<std::int64_t> order;
    std::map<std::int64_t, std::vector<TraceCall>> by_thread;
    for (const auto& call : observed) {
        auto& calls = by_thread[call.tid];
        if (calls.empty())
            order.push_back(call.tid);
        calls.push_back(call);
    }
    Comparison result;
    std::vector<int> left;
    for (const auto& group : scenario.threads)
        left.push_back(group.count);
    for (const auto tid : order) {
        const auto& calls = by_thread[tid];
        bool placed = false;
        for (std::size_t g = 0; g < scenario.threads.size() && !placed; ++g)
            if (left[g] > 0 && sequence_matches(scenario.threads[g].calls, calls, died)) {
                --left[g];
                placed = true;
            }
        if (placed)
            continue;
        // Show the thread against the group it comes closest to: the first with room left
        // whose first call it shares, else the first with room left.
        std::size_t closest = scenario.threads.size();
        for (std::size_t g = 0; g < scenario.threads.size(); ++g)
            if (left[g] > 0 && (closest == scenario.threads.size() ||
                                (!scenario.threads[g].calls.empty() &&
                                 same_call(scenario.threads[g].calls.front(), calls.front()))))
                closest = g;
        result.problems.push_back(
            fmt::format("thread {} ({} app calls) matches no expected thread{}", tid, calls.size(),
                        closest < scenario.threads.size()
                            ? fmt::format(" (closest: \"{}\")", scenario.threads[closest].name)
                            : std::string(" (every expected thread is taken)")));
        if (closest < scenario.threads.size())
            result.table +=
                fmt::format("thread {} against \"{}\":\n{}", tid, scenario.threads[closest].name,
                            compare_with_expected(scenario.threads[closest].calls, calls).table);
    }
    for (std::size_t g = 0; g < scenario.threads.size(); ++g)
        if (left[g] > 0 && !died)
            result.problems.push_back(
                fmt::format("{} thread(s) \"{}\" expected, {} observed", scenario.threads[g].count,
                            scenario.threads[g].name, scenario.threads[g].count - left[g]));
    result.matches = result.problems.empty();
    return result;
}

} // namespace clrhost::scenario
