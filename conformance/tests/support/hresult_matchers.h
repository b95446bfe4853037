// HRESULT assertions that print symbolic names:
//
//     EXPECT_THAT(Hr(recorder->EnterRuntime()), IsHresult(S_OK));
//
//     Value of: Hr(recorder->EnterRuntime())
//     Expected: is S_OK (0x00000000)
//       Actual: E_FAIL (0x80004005) (of type clrhost::test_support::Hr)
//
// HRESULT is a typedef of std::int32_t, so GoogleTest prints it as a bare integer, and a PrintTo
// for it would be one for every int. Hr is a type of its own that prints by name; IsHresult
// matches it. (Test support, not a test double: the doubles are in mocks/.)
#pragma once

#include <clrhost/hresult.h>

#include <gmock/gmock.h>

#include <ostream>

namespace clrhost::test_support {

// An HRESULT that GoogleTest prints as "E_FAIL (0x80004005)".
struct Hr {
    constexpr explicit Hr(HRESULT hr) noexcept : value(hr) {}
    HRESULT value;
};

inline void PrintTo(Hr hr, std::ostream* out)
{
    *out << hresult_describe(hr.value);
}

// Matches an Hr holding exactly `expected`; describes itself by name.
class HresultMatcher {
public:
    using is_gtest_matcher = void;

    explicit HresultMatcher(HRESULT expected) : expected_(expected) {}

    bool MatchAndExplain(Hr actual, std::ostream*) const { return actual.value == expected_; }
    void DescribeTo(std::ostream* out) const { *out << "is " << hresult_describe(expected_); }
    void DescribeNegationTo(std::ostream* out) const
    {
        *out << "is not " << hresult_describe(expected_);
    }

private:
    HRESULT expected_;
};

inline ::testing::Matcher<Hr> IsHresult(HRESULT expected)
{
    return HresultMatcher(expected);
}

} // namespace clrhost::test_support
