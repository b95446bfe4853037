#include "conformance/scenario/scenario.h"

#include "conformance/platform/child_process.h"
#include "conformance/protocol/protocol_model.h"
#include "conformance/rules/rules.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <strings.h>

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

constexpr int kMaxRepeat = 1'000'000;

int block_count(const json& item, const char* key, const std::string& file)
{
    const auto times = item.at(key).get<int>();
    if (times < 0 || times > kMaxRepeat)
        throw ScenarioError(fmt::format("{}: {} {} is out of range", file, key, times));
    return times;
}

void read_rows(const json& item, AppAction& action, const std::string& file)
{
    const auto rows = item.find("rows");
    if (rows == item.end())
        return;
    if (!rows->is_array() || rows->size() != 2)
        throw ScenarioError(fmt::format("{}: \"rows\" must be [opening row, closing row]", file));
    action.opening_row = rows->at(0).get<int>();
    action.closing_row = rows->at(1).get<int>();
}

void read_actions(const json& items, std::vector<AppAction>& out, const std::string& file);

// The innermost "inside" of an action: where the next layer of a nest block goes.
std::vector<AppAction>& innermost(AppAction& action)
{
    auto* inside = &action.inside;
    while (!inside->empty() && !inside->back().inside.empty())
        inside = &inside->back().inside;
    return inside->empty() ? *inside : inside->back().inside;
}

// {"nest": N, "layer": action, "inside": [actions]}: N layers, each inside the one before, with
// "inside" in the innermost.
void read_nest(const json& item, std::vector<AppAction>& out, const std::string& file)
{
    std::vector<AppAction> layer, core;
    read_actions(json::array({item.at("layer")}), layer, file);
    read_actions(item.value("inside", json::array()), core, file);
    auto* hole = &out;
    for (int i = block_count(item, "nest", file); i > 0; --i) {
        hole->push_back(layer.front());
        hole = &innermost(hole->back());
    }
    hole->insert(hole->end(), core.begin(), core.end());
}

// Actions are {"pinvoke": symbol or null, ...}, {"callback": method, ...}, {"repeat": N,
// "app": [actions]} (expanded in place) or a nest block (read_nest).
void read_actions(const json& items, std::vector<AppAction>& out, const std::string& file)
{
    for (const auto& item : items) {
        if (item.contains("repeat")) {
            const auto times = block_count(item, "repeat", file);
            for (int i = 0; i < times; ++i)
                read_actions(item.at("app"), out, file);
            continue;
        }
        if (item.contains("nest")) {
            read_nest(item, out, file);
            continue;
        }
        AppAction action;
        if (item.contains("pinvoke")) {
            action.symbol = optional_text(item, "pinvoke");
            action.method = optional_text(item, "method");
        } else if (item.contains("callback")) {
            action.kind = AppAction::Kind::Callback;
            action.method = optional_text(item, "callback");
        } else {
            throw ScenarioError(fmt::format(
                "{}: an app action is \"pinvoke\", \"callback\", \"repeat\" or \"nest\"", file));
        }
        action.note = optional_text(item, "note");
        if (const auto target = optional_text(item, "target")) {
            if (*target != "known" && *target != "unknown")
                throw ScenarioError(
                    fmt::format("{}: target must be \"known\" or \"unknown\"", file));
            action.target_known = *target == "known";
        }
        read_rows(item, action, file);
        read_actions(item.value("inside", json::array()), action.inside, file);
        out.push_back(std::move(action));
    }
}

// Walks one thread's app actions through the protocol model, reading each answer the host gave
// from the observed call in the same place; where there is none (or another call is there), the
// reference host's answer (TRUE, S_OK) stands in, and the comparison shows the difference.
class ExpectedCallsWalk {
public:
    ExpectedCallsWalk(const std::vector<TraceCall>& observed,
                      std::optional<std::uint64_t> latched_after, const DriverTraits& traits)
        : observed_(observed), latched_after_(latched_after), traits_(traits)
    {
    }

    // Once unwinding (a P/Invoke threw), no further action runs: only the closes of what is open.
    void walk(const std::vector<AppAction>& actions)
    {
        for (const auto& action : actions) {
            if (unwinding_)
                return;
            action.kind == AppAction::Kind::PInvoke ? pinvoke(action) : callback(action);
        }
    }

    std::vector<ExpectedCall> take() { return std::move(expected_); }

private:
    void pinvoke(const AppAction& action)
    {
        const auto opened = open_pinvoke(action);
        walk(action.inside);
        close(action, opened, HostCall::EnterRuntime, action.closing_row);
    }

    void callback(const AppAction& action)
    {
        auto opened = protocol::opened_while_disabled();
        if (runtime_disabled())
            expect(action, HostCall::ReverseEnterRuntime, action.opening_row, true);
        else
            opened = protocol::opened_by_reverse_enter(
                answer(expect(action, HostCall::ReverseEnterRuntime, action.opening_row)));
        walk(action.inside);
        close(action, opened, HostCall::ReverseLeaveRuntime, action.closing_row);
    }

    protocol::Opened open_pinvoke(const AppAction& action)
    {
        if (runtime_disabled())
            return skip_opening(action);
        const auto* asked = expect(action, HostCall::CallNeedsHostHook, 0);
        answer(asked);
        if (!protocol::wants_hooks(asked ? asked->hook : std::optional(true)))
            return protocol::Opened::Nothing;
        if (runtime_disabled())
            return skip_opening(action);
        const auto left = answer(expect(action, HostCall::LeaveRuntime, action.opening_row));
        if (failed(left) && !traits_.native_runs_after_failed_leave)
            unwinding_ = true; // the P/Invoke throws before its native function runs
        return protocol::opened_by_leave(left);
    }

    protocol::Opened skip_opening(const AppAction& action)
    {
        expect(action, HostCall::LeaveRuntime, action.opening_row, true);
        return protocol::opened_while_disabled();
    }

    void close(const AppAction& action, protocol::Opened opened, HostCall closing, int row)
    {
        switch (protocol::owed_on_close(opened, runtime_disabled())) {
        case protocol::Owed::Nothing:
            return;
        case protocol::Owed::SkippedCall:
            expect(action, closing, row, true);
            return;
        case protocol::Owed::HostCall:
            answer(expect(action, closing, row));
            return;
        }
    }

    // Appends the expected call; returns the observed call in its place when it is that call.
    const TraceCall* expect(const AppAction& action, HostCall call, int row, bool skipped = false)
    {
        ExpectedCall expected;
        expected.call = call;
        expected.symbol = action.symbol;
        expected.method = action.method;
        expected.row = row;
        expected.skipped = skipped;
        if (action.kind == AppAction::Kind::PInvoke) {
            expected.target_known = action.target_known;
            expected.note = action.note;
        }
        const auto place = expected_.size();
        expected_.push_back(std::move(expected));
        const auto* observed = place < observed_.size() ? &observed_[place] : nullptr;
        if (observed && latched_after_ && observed->seq >= *latched_after_)
            past_latch_ = true;
        return observed && observed->call == call && observed->skipped == skipped ? observed
                                                                                  : nullptr;
    }

    HRESULT answer(const TraceCall* observed) const { return observed ? observed->hr : S_OK; }

    // Whether the next call comes after the host disabled the runtime. A call another thread
    // had under way when the E_FAIL came back still reaches the host: the first call of a
    // thread after the latch counts as disabled only when the driver skipped it.
    bool runtime_disabled() const
    {
        if (!latched_after_)
            return false;
        const auto place = expected_.size();
        if (place >= observed_.size())
            return true;
        const auto& next = observed_[place];
        return next.seq > *latched_after_ && (past_latch_ || next.skipped);
    }

    const std::vector<TraceCall>& observed_;
    std::optional<std::uint64_t> latched_after_;
    const DriverTraits& traits_;
    bool past_latch_ = false;
    bool unwinding_ = false;
    std::vector<ExpectedCall> expected_;
};

// "app_checks": {"RULE": exit code}: rules judged by the app itself, which exits with that code
// when it finds the rule broken. Only a rule the engine cannot see in a trace may be named.
std::map<std::string, int> read_app_checks(const json& document, const std::string& file)
{
    auto checks = document.value("app_checks", std::map<std::string, int>{});
    for (const auto& [rule, code] : checks) {
        const auto* known = rules::find_rule(rule);
        if (!known || known->when != rules::When::Outside)
            throw ScenarioError(fmt::format("{}: app_checks names {}, not a rule judged outside "
                                            "the trace (`clrhost-conformance rules`)",
                                            file, rule));
    }
    return checks;
}

bool same_call(const ExpectedCall& expected, const TraceCall& observed)
{
    if (expected.call != observed.call || expected.skipped != observed.skipped ||
        (expected.symbol && expected.symbol != observed.symbol) ||
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

namespace {

// scenario.json's "drivers": {"mono": {"not_applicable": "why" or {"cs": "why"}, ...}}. The rest
// of a driver's part replaces top-level keys for that driver (a JSON merge patch: null removes
// one), so the same file states what the app does on each runtime. Returns the driver's
// not_applicable (null when it has none).
json apply_driver_part(json& document, std::string_view driver, const std::string& file)
{
    const auto drivers = document.find("drivers");
    if (drivers == document.end())
        return nullptr;
    if (!drivers->is_object())
        throw ScenarioError(fmt::format("{}: \"drivers\" must be an object keyed by driver", file));
    for (const auto& [key, part] : drivers->items()) {
        if (std::find(kDrivers.begin(), kDrivers.end(), key) == kDrivers.end())
            throw ScenarioError(fmt::format("{}: \"drivers\" names '{}': valid drivers are {}",
                                            file, key, fmt::join(kDrivers, ", ")));
        if (!part.is_object() || part.contains("id") || part.contains("name") ||
            part.contains("drivers"))
            throw ScenarioError(fmt::format("{}: \"drivers\".{} must be an object of the keys "
                                            "that differ on that driver (not id, name, drivers)",
                                            file, key));
    }
    auto part = drivers->value(std::string(driver), json::object());
    document.erase("drivers");
    auto not_applicable = part.contains("not_applicable") ? part.at("not_applicable") : json();
    part.erase("not_applicable");
    if (!not_applicable.is_null() && !not_applicable.is_string() && !not_applicable.is_object())
        throw ScenarioError(fmt::format("{}: \"not_applicable\" is a reason, or an object of "
                                        "reasons keyed by language",
                                        file));
    document.merge_patch(part);
    return not_applicable;
}

// Why the driver cannot run this language's variant, if it cannot.
std::optional<std::string> reason_not_applicable(const json& not_applicable,
                                                 const std::string& language)
{
    if (not_applicable.is_string())
        return not_applicable.get<std::string>();
    if (not_applicable.is_object() && not_applicable.contains(language))
        return not_applicable.at(language).get<std::string>();
    return std::nullopt;
}

// Sets aside what a driver cannot show: the methods, where it names none.
void keep_what_the_driver_shows(std::vector<AppAction>& actions, const DriverTraits& traits)
{
    for (auto& action : actions) {
        if (!traits.names_methods)
            action.method.reset();
        keep_what_the_driver_shows(action.inside, traits);
    }
}

} // namespace

DriverTraits driver_traits(std::string_view driver)
{
    if (driver == "netfx")
        return {.names_methods = false,
                .skips_after_e_fail = false,
                .native_runs_after_failed_leave = false,
                .unobserved = "from the .NET Framework's source, not yet observed on Windows "
                              "(docs/PROTOCOL.md, \"Where the runtimes differ\")"};
    return {};
}

std::vector<std::string> Scenario::native_library_names() const
{
    std::vector<std::string> names;
    for (std::string_view file : native_libraries) {
        if (file.starts_with("lib"))
            file.remove_prefix(3);
        if (file.ends_with(".so"))
            file.remove_suffix(3);
        names.emplace_back(file);
    }
    return names;
}

std::filesystem::path Scenario::entry_path() const
{
    if (driver == "coreclr")
        return dir / entry;
    // The SDK names a .NET Framework executable .exe (a .NET one's managed code is in the .dll).
    auto path = dir / "net48" / entry;
    if (auto executable = path;
        path.extension() == ".dll" && std::filesystem::exists(executable.replace_extension(".exe")))
        return executable;
    return path;
}

std::vector<Scenario> load_scenario_variants(const std::filesystem::path& scenario_root,
                                             const std::string& spec, std::string_view driver)
{
    const auto colon = spec.find(':');
    const auto name = resolve_scenario_name(scenario_root, spec.substr(0, colon));
    const auto language = colon == std::string::npos ? std::string{} : spec.substr(colon + 1);
    const auto dir = scenario_root / name;
    const auto file = dir / "scenario.json";
    std::ifstream in(file);
    if (!in)
        throw ScenarioError(fmt::format("cannot read {}: check --scenario-root", file.string()));
    auto document = json::parse(in, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw ScenarioError(fmt::format("{} is not a JSON object: fix the file", file.string()));
    try {
        const auto not_applicable = apply_driver_part(document, driver, file.string());
        Scenario result;
        result.driver = driver;
        result.dir = dir;
        result.id = document.at("id").get<std::string>();
        result.name = document.at("name").get<std::string>();
        result.description = document.value("description", "");
        result.args = document.value("args", std::vector<std::string>{});
        result.native_libraries = document.value("native", std::vector<std::string>{});
        result.labels = document.value("labels", std::vector<std::string>{});
        result.exit_code = document.value("exit_code", 0);
        result.app_checks = read_app_checks(document, file.string());
        result.timeout = document.value("timeout", 0.0);
        if (const auto entry = document.find("host_entry"); entry != document.end())
            result.host_entry = Scenario::HostEntry{entry->at("type").get<std::string>(),
                                                    entry->at("method").get<std::string>()};
        if (const auto dies = optional_text(document, "dies")) {
            result.death_signal = platform::signal_number(*dies);
            if (!result.death_signal)
                throw ScenarioError(fmt::format("{}: unknown signal \"{}\"", file.string(), *dies));
        }
        if (document.contains("expected") || document.contains("calls"))
            throw ScenarioError(fmt::format("{}: \"expected\" lists host calls: state what the "
                                            "app does instead, as \"app\" (managed-testapps/"
                                            "README.md)",
                                            file.string()));
        if (document.contains("app")) {
            ThreadGroup group{"main", 1, {}, {}};
            read_actions(document.at("app"), group.app, file.string());
            result.threads.push_back(std::move(group));
        }
        for (const auto& item : document.value("threads", json::array())) {
            ThreadGroup group;
            group.name = item.value("name", fmt::format("group {}", result.threads.size() + 1));
            group.count = item.value("count", 1);
            read_actions(item.at("app"), group.app, file.string());
            result.threads.push_back(std::move(group));
        }
        if (result.threads.empty())
            throw ScenarioError(fmt::format("{}: no \"app\" or \"threads\": state what the app "
                                            "does",
                                            file.string()));
        for (auto& group : result.threads) {
            keep_what_the_driver_shows(group.app, driver_traits(driver));
            group.calls = expected_calls(group.app, {}, std::nullopt, driver_traits(driver));
        }
        std::vector<Scenario> variants;
        auto variant_list = document.value("variants", json::array());
        if (variant_list.empty())
            variant_list.push_back(
                {{"language", document.value("language", "app")}, {"entry", document.at("entry")}});
        for (const auto& item : variant_list) {
            auto variant = result;
            variant.language = item.at("language").get<std::string>();
            variant.entry = item.at("entry").get<std::string>();
            variant.not_applicable = reason_not_applicable(not_applicable, variant.language);
            if (item.contains("args"))
                variant.args = item.at("args").get<std::vector<std::string>>();
            if (language.empty() || language == variant.language)
                variants.push_back(std::move(variant));
        }
        if (variants.empty()) {
            std::vector<std::string> valid;
            for (const auto& item : variant_list)
                valid.push_back(fmt::format("{}:{}", name, item.at("language").get<std::string>()));
            throw ScenarioError(fmt::format("scenario '{}' has no variant '{}': valid ones are {}",
                                            name, language, fmt::join(valid, ", ")));
        }
        return variants;
    } catch (const json::exception& error) {
        throw ScenarioError(fmt::format("{}: {}: fix the file", file.string(), error.what()));
    }
}

Scenario load_scenario(const std::filesystem::path& scenario_root, const std::string& name,
                       std::string_view driver)
{
    auto variants = load_scenario_variants(scenario_root, name, driver);
    if (variants.size() != 1)
        throw ScenarioError(fmt::format("scenario '{}' has {} variants: name one, as {}", name,
                                        variants.size(), variants.front().qualified_name()));
    if (const auto& why = variants.front().not_applicable)
        throw ScenarioError(fmt::format("{} does not run on the {} driver: {}",
                                        variants.front().qualified_name(), driver, *why));
    return std::move(variants.front());
}

std::string scenario_number(const std::filesystem::path& scenario_root, const std::string& name)
{
    std::ifstream in(scenario_root / name / "scenario.json");
    const auto document = json::parse(in, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        return {};
    return document.value("id", std::string());
}

std::string resolve_scenario_name(const std::filesystem::path& scenario_root,
                                  const std::string& name_or_number)
{
    std::error_code error;
    if (std::filesystem::exists(scenario_root / name_or_number / "scenario.json", error))
        return name_or_number;
    const auto names = list_scenarios(scenario_root);
    if (names.empty())
        throw ScenarioError(fmt::format(
            "scenario '{}' not found: {} holds no scenarios; build the suite (cmake --build) or "
            "pass --scenario-root the build tree's managed-testapps folder",
            name_or_number, scenario_root.string()));
    std::vector<std::string> valid;
    for (const auto& name : names) {
        const auto number = scenario_number(scenario_root, name);
        if (!number.empty() && strcasecmp(number.c_str(), name_or_number.c_str()) == 0)
            return name;
        valid.push_back(number.empty() ? name : fmt::format("{} ({})", name, number));
    }
    throw ScenarioError(fmt::format("scenario '{}' not found: valid ids are {} "
                                    "(`clrhost-conformance list` shows their languages)",
                                    name_or_number, fmt::join(valid, ", ")));
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

std::string answer(const TraceCall& call)
{
    if (call.skipped)
        return "skipped";
    const auto symbol = hresult_symbol(call.hr);
    return symbol.empty() ? hresult_hex(call.hr) : std::string(symbol);
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
    if (call.skipped)
        text += " (skipped)";
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
    if (call.skipped)
        text += " (skipped)";
    return text;
}

std::vector<ExpectedCall> expected_calls(const std::vector<AppAction>& app,
                                         const std::vector<TraceCall>& observed,
                                         std::optional<std::uint64_t> latched_after,
                                         const DriverTraits& traits)
{
    ExpectedCallsWalk walk(observed, latched_after, traits);
    walk.walk(app);
    return walk.take();
}

std::optional<std::uint64_t> runtime_disabled_at(const std::vector<TraceCall>& calls)
{
    for (const auto& call : calls)
        if (!call.skipped && protocol::disables_runtime(call.hr))
            return call.seq;
    return std::nullopt;
}

Comparison compare_with_expected(const std::vector<ExpectedCall>& expected,
                                 const std::vector<TraceCall>& observed)
{
    Comparison result;
    constexpr std::size_t kProblemsListed = 12; // the problem list names the first few only
    constexpr std::size_t kContext = 4;         // table rows kept around each difference
    constexpr std::size_t kAllRowsUpTo = 40;    // a table this long is shown whole
    constexpr std::size_t kMaxRowsShown = 60;   // else about this many rows at most
    std::size_t differing = 0;
    const auto rows = std::max(expected.size(), observed.size());
    std::vector<bool> same(rows);
    for (std::size_t i = 0; i < rows; ++i)
        same[i] = i < expected.size() && i < observed.size() && same_call(expected[i], observed[i]);
    // A long sequence shows only the rows near its first differences; a run of rows left out
    // is counted, so that a reader sees how far apart two differences are.
    std::vector<bool> shown(rows, rows <= kAllRowsUpTo);
    std::size_t shown_count = 0;
    for (std::size_t i = 0; i < rows && shown_count < kMaxRowsShown; ++i)
        if (!same[i])
            for (std::size_t j = i > kContext ? i - kContext : 0; j <= i + kContext && j < rows;
                 ++j)
                if (!shown[j]) {
                    shown[j] = true;
                    ++shown_count;
                }
    std::size_t left_out = 0, left_out_differing = 0;
    const auto count_left_out = [&] {
        const auto plural = left_out == 1 ? "" : "s";
        if (left_out_differing == left_out && left_out)
            result.table += fmt::format("   ... {} call{}, all differing ...\n", left_out, plural);
        else if (left_out_differing)
            result.table += fmt::format("   ... {} call{}, {} of them differing ...\n", left_out,
                                        plural, left_out_differing);
        else if (left_out)
            result.table += fmt::format("   ... {} identical call{} ...\n", left_out, plural);
        left_out = left_out_differing = 0;
    };
    for (std::size_t i = 0; i < rows; ++i) {
        const auto* want = i < expected.size() ? &expected[i] : nullptr;
        const auto* got = i < observed.size() ? &observed[i] : nullptr;
        const bool ok = same[i];
        const auto want_text = want ? describe(*want) : std::string("(nothing)");
        // The host's answer beside each call it received; a skipped call says so instead.
        const auto got_text =
            got ? fmt::format("{}{}  seq {} tid {}", describe(*got),
                              got->skipped ? "" : " = " + answer(*got), got->seq, got->tid)
                : std::string("(nothing)");
        if (shown[i]) {
            count_left_out();
            result.table +=
                fmt::format("  {:>4} {} {:<60} {}\n", i + 1, ok ? "  " : "!!", want_text, got_text);
        } else {
            ++left_out;
            left_out_differing += ok ? 0 : 1;
        }
        if (!ok) {
            result.mismatches.push_back(i);
            if (!result.first_mismatch)
                result.first_mismatch = i;
        }
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
    count_left_out();
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
    result.expected = expected;
    return result;
}

namespace {

// Each thread's calls, threads in the order of their first call.
std::vector<std::pair<std::int64_t, std::vector<TraceCall>>>
calls_by_thread(const std::vector<TraceCall>& observed)
{
    std::vector<std::pair<std::int64_t, std::vector<TraceCall>>> threads;
    std::map<std::int64_t, std::size_t> index;
    for (const auto& call : observed) {
        const auto [at, added] = index.try_emplace(call.tid, threads.size());
        if (added)
            threads.emplace_back(call.tid, std::vector<TraceCall>{});
        threads[at->second].second.push_back(call);
    }
    return threads;
}

} // namespace

Comparison compare_with_scenario(const Scenario& scenario, const std::vector<TraceCall>& observed,
                                 bool died, std::optional<std::uint64_t> latched_after)
{
    const auto traits = driver_traits(scenario.driver);
    if (!traits.skips_after_e_fail)
        latched_after.reset(); // the runtime keeps calling: nothing is skipped
    else if (!latched_after)
        latched_after = runtime_disabled_at(observed);
    if (!died && !scenario.single_thread_calls().empty())
        return compare_with_expected(
            expected_calls(scenario.threads.front().app, observed, latched_after, traits),
            observed);

    Comparison result;
    std::vector<int> left;
    for (const auto& group : scenario.threads)
        left.push_back(group.count);
    for (const auto& [tid, calls] : calls_by_thread(observed)) {
        bool placed = false;
        for (std::size_t g = 0; g < scenario.threads.size() && !placed; ++g)
            if (left[g] > 0 && sequence_matches(expected_calls(scenario.threads[g].app, calls,
                                                               latched_after, traits),
                                                calls, died)) {
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
                            compare_with_expected(expected_calls(scenario.threads[closest].app,
                                                                 calls, latched_after, traits),
                                                  calls)
                                .table);
    }
    for (std::size_t g = 0; g < scenario.threads.size(); ++g)
        if (left[g] > 0 && !died)
            result.problems.push_back(
                fmt::format("{} thread(s) \"{}\" expected, {} observed", scenario.threads[g].count,
                            scenario.threads[g].name, scenario.threads[g].count - left[g]));
    result.matches = result.problems.empty();
    return result;
}

std::vector<HostCall> owed_calls(const Scenario& scenario, const std::vector<TraceCall>& observed)
{
    const auto traits = driver_traits(scenario.driver);
    const auto latched_after =
        traits.skips_after_e_fail ? runtime_disabled_at(observed) : std::nullopt;
    // Each group's threads' owed calls, sorted: the plan must not depend on which thread ran
    // first, only on the host's answers.
    std::vector<std::vector<std::vector<HostCall>>> by_group(scenario.threads.size());
    std::vector<int> left;
    for (const auto& group : scenario.threads)
        left.push_back(group.count);
    for (const auto& [tid, calls] : calls_by_thread(observed))
        for (std::size_t g = 0; g < scenario.threads.size(); ++g) {
            const auto owed = expected_calls(scenario.threads[g].app, calls, latched_after, traits);
            if (left[g] == 0 || !sequence_matches(owed, calls, false))
                continue;
            --left[g];
            auto& kinds = by_group[g].emplace_back();
            for (const auto& call : owed)
                if (!call.skipped)
                    kinds.push_back(call.call);
            break;
        }
    std::vector<HostCall> plan;
    for (std::size_t g = 0; g < scenario.threads.size(); ++g) {
        auto& threads = by_group[g];
        std::sort(threads.begin(), threads.end());
        // A thread the run did not show (it should have: the run passed) owes what a host
        // answering TRUE and S_OK is owed.
        for (; left[g] > 0; --left[g]) {
            auto& kinds = threads.emplace_back();
            for (const auto& call : scenario.threads[g].calls)
                if (!call.skipped)
                    kinds.push_back(call.call);
        }
        for (const auto& kinds : threads)
            plan.insert(plan.end(), kinds.begin(), kinds.end());
    }
    return plan;
}

} // namespace clrhost::scenario
