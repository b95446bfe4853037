// Per-host expectation files: known failures (XFAIL) and flaky tests (FLAKY), each with a
// reason. The format is in docs/REPORTS.md:
//
//     # comment
//     doc-table:vb            XFAIL  our host answers CallNeedsHostHook FALSE (issue 12)
//     nest-1000:cs/TM-THREAD  FLAKY  a pool thread sometimes closes the bracket
#pragma once

#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clrhost::expectations {

// A bad expectation file: the message names the file and the line (`run` exits 2).
class ExpectationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Kind { Xfail, Flaky };
std::string_view kind_name(Kind kind);

// A FLAKY test that fails runs again this many times at most; it passes if any run passes.
inline constexpr unsigned kFlakyRetries = 3;

// A test id, or a pattern of them: `*` in the variant stands for any text ("*:*/TM-HR-EXACT",
// "doc-table:*"; a lone "*" is "*:*"). "@driver" names one driver's test ("doc-table:vb@mono",
// "*:*@mono"; coreclr's ids have none, "doc-table:vb@coreclr" names them); without it an entry
// covers the variant on every driver.
struct Entry {
    std::string test;    // "doc-table:vb", "doc-table:vb/TM-NEST", "*:*/TM-NEST", as written
    std::string variant; // "doc-table:vb", "doc-table:*", "*:*"
    std::string rule;    // "TM-NEST", or empty for the variant itself
    Kind kind = Kind::Xfail;
    std::string reason;
    int line = 0;

    bool is_pattern() const { return variant.find('*') != std::string::npos; }
    // Whether this entry covers the variant (rule empty) or that rule of it.
    bool covers(const std::string& variant_name, const std::string& rule_id) const;
};

class Expectations {
public:
    Expectations() = default;
    explicit Expectations(std::vector<Entry> entries, std::string source = {});

    const std::vector<Entry>& entries() const noexcept { return entries_; }
    const std::string& source() const noexcept { return source_; }
    // The entry for a variant (rule empty) or for one rule of it; null when there is none. An
    // entry naming the test exactly comes before a pattern; patterns apply in file order.
    const Entry* find(const std::string& variant, const std::string& rule = {}) const;
    // A variant that did not pass, after `tries` runs: run it again? True for a FLAKY variant,
    // or one with a FLAKY entry for a rule it failed, until kFlakyRetries retries are spent.
    bool should_retry(const std::string& variant, const std::vector<std::string>& failed,
                      unsigned tries) const;

private:
    std::vector<Entry> entries_;
    std::string source_;
};

// Parses an expectation file's text; source names it in errors.
Expectations parse_expectations(std::istream& in, const std::string& source);
// Reads an expectation file; a missing or unreadable file is an ExpectationError.
Expectations load_expectations(const std::string& path);

} // namespace clrhost::expectations
