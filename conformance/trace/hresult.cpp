#include <clrhost/hresult.h>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

namespace clrhost {
namespace {

constexpr std::array<std::pair<HRESULT, std::string_view>, 24> kSymbols{{
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
}};

} // namespace

std::string_view hresult_symbol(HRESULT value) noexcept
{
    for (const auto& [code, name] : kSymbols)
        if (code == value)
            return name;
    return {};
}

std::string hresult_hex(HRESULT value)
{
    return fmt::format("0x{:08X}", static_cast<std::uint32_t>(value));
}

std::string hresult_describe(HRESULT value)
{
    const auto symbol = hresult_symbol(value);
    return symbol.empty() ? hresult_hex(value) : fmt::format("{} ({})", symbol, hresult_hex(value));
}

std::optional<HRESULT> hresult_parse(std::string_view text) noexcept
{
    for (const auto& [code, name] : kSymbols)
        if (name == text)
            return code;
    int base = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
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
