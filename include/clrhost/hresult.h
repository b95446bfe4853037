// HRESULT values the task-manager protocol uses (corerror.h, winerror.h), and their names.
// Header-only (C++17 or newer, no other library): a host includes it without linking the suite.
#pragma once

#include <clrhost/hosting_abi.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace clrhost {

inline constexpr HRESULT hr(std::uint32_t bits) noexcept
{
    return static_cast<HRESULT>(bits);
}

inline constexpr HRESULT S_OK = 0;
inline constexpr HRESULT S_FALSE = 1;
inline constexpr HRESULT E_NOTIMPL = hr(0x80004001);
inline constexpr HRESULT E_NOINTERFACE = hr(0x80004002);
inline constexpr HRESULT E_POINTER = hr(0x80004003);
inline constexpr HRESULT E_FAIL = hr(0x80004005);
inline constexpr HRESULT E_UNEXPECTED = hr(0x8000FFFF);
inline constexpr HRESULT E_OUTOFMEMORY = hr(0x8007000E);
inline constexpr HRESULT E_INVALIDARG = hr(0x80070057);
inline constexpr HRESULT COR_E_STACKOVERFLOW = hr(0x800703E9);
inline constexpr HRESULT HOST_E_DEADLOCK = hr(0x80131020);
inline constexpr HRESULT HOST_E_INTERRUPTED = hr(0x80131021);
inline constexpr HRESULT HOST_E_INVALIDOPERATION = hr(0x80131022);
inline constexpr HRESULT HOST_E_CLRNOTAVAILABLE = hr(0x80131023);
inline constexpr HRESULT HOST_E_TIMEOUT = hr(0x80131024);
inline constexpr HRESULT HOST_E_NOT_OWNER = hr(0x80131025);
inline constexpr HRESULT HOST_E_ABANDONED = hr(0x80131026);
inline constexpr HRESULT HOST_E_EXITPROCESS_THREADABORT = hr(0x80131027);
inline constexpr HRESULT HOST_E_EXITPROCESS_ADUNLOAD = hr(0x80131028);
inline constexpr HRESULT HOST_E_EXITPROCESS_TIMEOUT = hr(0x80131029);
inline constexpr HRESULT HOST_E_EXITPROCESS_OUTOFMEMORY = hr(0x8013102A);
inline constexpr HRESULT HOST_E_EXITPROCESS_STACKOVERFLOW = hr(0x8013102B);

inline constexpr bool succeeded(HRESULT value) noexcept
{
    return value >= 0;
}
inline constexpr bool failed(HRESULT value) noexcept
{
    return value < 0;
}

namespace detail {

struct HresultName {
    HRESULT code;
    std::string_view name;
};

inline constexpr HresultName kHresultNames[] = {
    {S_OK, "S_OK"},
    {S_FALSE, "S_FALSE"},
    {E_NOTIMPL, "E_NOTIMPL"},
    {E_NOINTERFACE, "E_NOINTERFACE"},
    {E_POINTER, "E_POINTER"},
    {E_FAIL, "E_FAIL"},
    {E_UNEXPECTED, "E_UNEXPECTED"},
    {E_OUTOFMEMORY, "E_OUTOFMEMORY"},
    {E_INVALIDARG, "E_INVALIDARG"},
    {COR_E_STACKOVERFLOW, "COR_E_STACKOVERFLOW"},
    {HOST_E_DEADLOCK, "HOST_E_DEADLOCK"},
    {HOST_E_INTERRUPTED, "HOST_E_INTERRUPTED"},
    {HOST_E_INVALIDOPERATION, "HOST_E_INVALIDOPERATION"},
    {HOST_E_CLRNOTAVAILABLE, "HOST_E_CLRNOTAVAILABLE"},
    {HOST_E_TIMEOUT, "HOST_E_TIMEOUT"},
    {HOST_E_NOT_OWNER, "HOST_E_NOT_OWNER"},
    {HOST_E_ABANDONED, "HOST_E_ABANDONED"},
    {HOST_E_EXITPROCESS_THREADABORT, "HOST_E_EXITPROCESS_THREADABORT"},
    {HOST_E_EXITPROCESS_ADUNLOAD, "HOST_E_EXITPROCESS_ADUNLOAD"},
    {HOST_E_EXITPROCESS_TIMEOUT, "HOST_E_EXITPROCESS_TIMEOUT"},
    {HOST_E_EXITPROCESS_OUTOFMEMORY, "HOST_E_EXITPROCESS_OUTOFMEMORY"},
    {HOST_E_EXITPROCESS_STACKOVERFLOW, "HOST_E_EXITPROCESS_STACKOVERFLOW"},
    {hr(0x80131506), "COR_E_EXECUTIONENGINE"},
    {hr(0x80070005), "E_ACCESSDENIED"},
    // mscoree could not load the runtime asked for (no .NET Framework 4 installed).
    {hr(0x80131700), "CLR_E_SHIM_RUNTIMELOAD"},
};

} // namespace detail

// "HOST_E_TIMEOUT", or "" for a value with no symbolic name here.
inline std::string_view hresult_symbol(HRESULT value) noexcept
{
    for (const auto& entry : detail::kHresultNames)
        if (entry.code == value)
            return entry.name;
    return {};
}

// "0x80131024": the trace's hr column.
inline std::string hresult_hex(HRESULT value)
{
    constexpr char kDigits[] = "0123456789ABCDEF";
    auto bits = static_cast<std::uint32_t>(value);
    std::string text = "0x00000000";
    for (auto i = text.size(); i > 2; --i, bits >>= 4)
        text[i - 1] = kDigits[bits & 0xF];
    return text;
}

// "HOST_E_TIMEOUT (0x80131024)", or just "0x12345678": what reports and assertions print.
inline std::string hresult_describe(HRESULT value)
{
    const auto symbol = hresult_symbol(value);
    if (symbol.empty())
        return hresult_hex(value);
    std::string text(symbol);
    text += " (";
    text += hresult_hex(value);
    text += ')';
    return text;
}

// Accepts a symbolic name or a hex/decimal number.
inline std::optional<HRESULT> hresult_parse(std::string_view text) noexcept
{
    for (const auto& entry : detail::kHresultNames)
        if (entry.name == text)
            return entry.code;
    int base = 10;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    std::uint32_t bits = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, bits, base);
    if (text.empty() || ec != std::errc{} || ptr != end)
        return std::nullopt;
    return static_cast<HRESULT>(bits);
}

} // namespace clrhost
