// HRESULT values the task-manager protocol uses (corerror.h, winerror.h), and their names.
#pragma once

#include <clrhost/hosting_abi.h>

#include <optional>
#include <string>
#include <string_view>

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

// "HOST_E_TIMEOUT", or "" for a value with no symbolic name here.
std::string_view hresult_symbol(HRESULT value) noexcept;
// "HOST_E_TIMEOUT (0x80131024)", or just "0x12345678": what reports and assertions print.
std::string hresult_describe(HRESULT value);
// "0x80131024": the trace's hr column.
std::string hresult_hex(HRESULT value);
// Accepts a symbolic name or a hex/decimal number.
std::optional<HRESULT> hresult_parse(std::string_view text) noexcept;

} // namespace clrhost
