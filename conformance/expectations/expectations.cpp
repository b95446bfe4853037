#include "conformance/expectations/expectations.h"
#include "conformance/rules/rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>

namespace clrhost::expectations {
namespace {

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// "name:language" or "name:language/RULE-ID"; name and language may hold `*`, and a lone `*`
// stands for "*:*".
const std::regex& test_id_pattern()
{
    static const std::regex pattern(R"((\*|[^\s:/]+:[^\s:/]+)(?:/([^\s:/]+))?)");
    return pattern;
}

// A glob with `*` only (no other character is special in a test id).
bool glob_match(std::string_view pattern, std::string_view text)
{
    if (pattern.empty())
        return text.empty();
    if (pattern.front() == '*')
        return glob_match(pattern.substr(1), text) ||
               (!text.empty() && glob_match(pattern, text.substr(1)));
    return !text.empty() && pattern.front() == text.front() &&
           glob_match(pattern.substr(1), text.substr(1));
}

// A test id with its driver named: "doc-table:vb" (coreclr's) is "doc-table:vb@coreclr".
std::string with_driver(std::string_view id)
{
    return id.find('@') == std::string_view::npos ? fmt::format("{}@coreclr", id) : std::string(id);
}

// An entry naming a driver ("doc-table:vb@mono", "*:*@mono") covers that driver's test; one
// naming none ("doc-table:vb") covers the variant on every driver.
bool variant_matches(std::string_view entry_variant, std::string_view test_id)
{
    if (entry_variant.find('@') != std::string_view::npos)
        return glob_match(entry_variant, with_driver(test_id));
    return glob_match(entry_variant, test_id.substr(0, test_id.find('@')));
}

// Every rule id the engine checks, for the line that refuses an unknown one.
std::string valid_rule_ids()
{
    std::string ids;
    for (const auto& rule : rules::all_rules())
        ids += fmt::format("{}{}", ids.empty() ? "" : ", ", rule.id);
    return ids;
}

} // namespace

std::string_view kind_name(Kind kind)
{
    return kind == Kind::Xfail ? "XFAIL" : "FLAKY";
}

Expectations::Expectations(std::vector<Entry> entries, std::string source)
    : entries_(std::move(entries)), source_(std::move(source))
{
}

bool Entry::covers(const std::string& variant_name, const std::string& rule_id) const
{
    return rule == rule_id && variant_matches(variant, variant_name);
}

const Entry* Expectations::find(const std::string& variant, const std::string& rule) const
{
    const auto exact = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& entry) {
        return !entry.is_pattern() && entry.covers(variant, rule);
    });
    if (exact != entries_.end())
        return &*exact;
    const auto pattern = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& entry) {
        return entry.is_pattern() && entry.covers(variant, rule);
    });
    return pattern == entries_.end() ? nullptr : &*pattern;
}

bool Expectations::should_retry(const std::string& variant, const std::vector<std::string>& failed,
                                unsigned tries) const
{
    if (tries > kFlakyRetries)
        return false;
    auto flaky = [&](const std::string& rule) {
        const auto* entry = find(variant, rule);
        return entry && entry->kind == Kind::Flaky;
    };
    return flaky({}) || std::any_of(failed.begin(), failed.end(), flaky);
}

Expectations parse_expectations(std::istream& in, const std::string& source)
{
    std::vector<Entry> entries;
    std::map<std::string, int> seen; // test id -> line
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        const auto line = trim(text);
        if (line.empty() || line.front() == '#')
            continue;
        auto fail = [&](const std::string& message) {
            return ExpectationError(fmt::format("{} line {}: {}", source, number, message));
        };
        const auto id_end = line.find_first_of(" \t");
        Entry entry;
        entry.line = number;
        entry.test = line.substr(0, id_end);
        std::smatch match;
        if (!std::regex_match(entry.test, match, test_id_pattern()))
            throw fail(fmt::format("'{}' is not a test id: write scenario:language or "
                                   "scenario:language/RULE-ID (`*` matches any text)",
                                   entry.test));
        entry.variant = match[1] == "*" ? std::string("*:*") : std::string(match[1]);
        entry.rule = match[2];
        // Refused here, not reported stale later: a misspelt id would otherwise cover nothing
        // while the file still reads as if it did.
        if (!entry.rule.empty() && !rules::find_rule(entry.rule))
            throw fail(fmt::format("unknown rule id '{}' in '{}': valid ids are {}", entry.rule,
                                   entry.test, valid_rule_ids()));
        const auto rest = id_end == std::string::npos ? std::string() : trim(line.substr(id_end));
        const auto kind_end = rest.find_first_of(" \t");
        const auto kind = rest.substr(0, kind_end);
        if (kind == "XFAIL")
            entry.kind = Kind::Xfail;
        else if (kind == "FLAKY")
            entry.kind = Kind::Flaky;
        else if (kind.empty())
            throw fail(fmt::format("expected XFAIL or FLAKY after '{}'", entry.test));
        else
            throw fail(fmt::format("'{}' is not XFAIL or FLAKY", kind));
        entry.reason = kind_end == std::string::npos ? std::string() : trim(rest.substr(kind_end));
        if (entry.reason.empty())
            throw fail(fmt::format("give a reason after {}", kind));
        if (const auto [it, added] = seen.emplace(entry.test, number); !added)
            throw fail(
                fmt::format("'{}' already has an entry, on line {}", entry.test, it->second));
        entries.push_back(std::move(entry));
    }
    if (in.bad())
        throw ExpectationError(fmt::format("cannot read expectation file {}", source));
    return Expectations(std::move(entries), source);
}

Expectations load_expectations(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw ExpectationError(
            fmt::format("cannot open expectation file {}: check the --expectations path", path));
    return parse_expectations(in, path);
}

} // namespace clrhost::expectations
