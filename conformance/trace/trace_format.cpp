#include "conformance/trace/trace_format.h"

#include "conformance/trace/trace_input.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstring>
#include <fstream>

namespace clrhost::trace {
namespace {

using nlohmann::json;

// True when every byte is printable ASCII other than '"' and '\\': such text is its own JSON
// string body. Eight bytes at a time (the bit tricks of "Bit Twiddling Hacks"; a false alarm
// only sends the text the slow way).
bool plain_ascii(std::string_view text) noexcept
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
    const char* at = text.data();
    std::size_t left = text.size();
    for (; left >= 8; at += 8, left -= 8) {
        std::uint64_t word;
        std::memcpy(&word, at, 8);
        const auto control = (word - 0x20 * kOnes) & ~word & kHigh; // a byte < 0x20
        const auto high = (word | (word + kOnes)) & kHigh;          // a byte >= 0x7F
        if (control | high | has_zero(word ^ ('"' * kOnes)) | has_zero(word ^ ('\\' * kOnes)))
            return false;
    }
    for (; left; ++at, --left) {
        const auto c = static_cast<unsigned char>(*at);
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
            return false;
    }
    return true;
}

// One string field's JSON: the text in quotes when it is plain, else what nlohmann's dump()
// writes (escapes, and U+FFFD for bytes that are not UTF-8, a library path say: the line stays
// readable, where a strict dump() would throw out of the recorder into the runtime); or null.
class JsonString {
public:
    explicit JsonString(const std::optional<std::string_view>& value) : value_(value)
    {
        if (value_ && !plain_ascii(*value_))
            escaped_ =
                json(std::string(*value_)).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    std::size_t size() const
    {
        return !value_ ? 4 : escaped_ ? escaped_->size() : value_->size() + 2;
    }
    char* put(char* at) const
    {
        if (!value_)
            return put_text(at, "null");
        if (escaped_)
            return put_text(at, *escaped_);
        *at++ = '"';
        at = put_text(at, *value_);
        *at++ = '"';
        return at;
    }
    static char* put_text(char* at, std::string_view text)
    {
        std::memcpy(at, text.data(), text.size());
        return at + text.size();
    }

private:
    std::optional<std::string_view> value_;
    std::optional<std::string> escaped_;
};

char* put_text(char* at, std::string_view text)
{
    return JsonString::put_text(at, text);
}

char* put_decimal(char* at, std::int64_t value)
{
    return std::to_chars(at, at + 24, value).ptr;
}

// "0x" and lower-case hex digits, as fmt's {:x}.
char* put_hex(char* at, std::uint64_t value)
{
    at = put_text(at, "0x");
    return std::to_chars(at, at + 24, value, 16).ptr;
}

// As hresult_hex: "0x" and eight upper-case hex digits.
char* put_hresult(char* at, HRESULT value)
{
    constexpr char kDigits[] = "0123456789ABCDEF";
    const auto bits = static_cast<std::uint32_t>(value);
    at = put_text(at, "0x");
    for (int i = 0; i < 8; ++i)
        *at++ = kDigits[(bits >> (28 - 4 * i)) & 0xF];
    return at;
}

// The keys, numbers and flags of one call: at most this many bytes besides its strings.
constexpr std::size_t kFixedRoom = 256;

// A value for an error message: scalars as written, arrays and objects by kind only. Dumping
// them recurses once per level, and a corrupt line can nest a million levels deep.
std::string shown(const json& value)
{
    return value.is_structured() ? std::string(value.type_name()) : value.dump();
}

// A header string: absent or null is "", any other type is not a trace header.
std::string header_string(const json& header, const char* key)
{
    const auto it = header.find(key);
    if (it == header.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw TraceFormatError(1, fmt::format("header field \"{}\" must be a string", key));
    return it->get<std::string>();
}

std::optional<std::string> optional_string(const json& object, const char* key, std::size_t line)
{
    const auto it = object.find(key);
    if (it == object.end())
        throw TraceFormatError(line, fmt::format("missing field \"{}\"", key));
    if (it->is_null())
        return std::nullopt;
    if (!it->is_string())
        throw TraceFormatError(line, fmt::format("field \"{}\" must be a string or null", key));
    return it->get<std::string>();
}

const json& required(const json& object, const char* key, std::size_t line)
{
    const auto it = object.find(key);
    if (it == object.end())
        throw TraceFormatError(line, fmt::format("missing field \"{}\"", key));
    return *it;
}

std::uint64_t parse_address(const std::string& text, std::size_t line)
{
    std::size_t used = 0;
    std::uint64_t value = 0;
    try {
        value = std::stoull(text, &used, 0);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size())
        throw TraceFormatError(line, fmt::format("target \"{}\" is not an address", text));
    return value;
}

bool json_flag(const json& object, const char* key, std::size_t line)
{
    const auto it = object.find(key);
    if (it == object.end())
        return false;
    if (!it->is_boolean())
        throw TraceFormatError(line, fmt::format("field \"{}\" must be true or false", key));
    return it->get<bool>();
}

// A thread's event: seq, tid and the event, nothing else (a reader that knows more keeps it).
TraceCall parse_event(const json& name, TraceCall call, std::size_t line)
{
    const auto event = name.is_string() ? parse_event_name(name.get<std::string>()) : std::nullopt;
    if (!event)
        throw TraceFormatError(line, fmt::format("unknown event {}", shown(name)));
    call.event = *event;
    return call;
}

TraceCall parse_call(const json& object, std::size_t line)
{
    if (!object.is_object())
        throw TraceFormatError(line, "a call must be a JSON object");
    TraceCall call;
    const auto& seq = required(object, "seq", line);
    const auto& tid = required(object, "tid", line);
    if (!seq.is_number_unsigned())
        throw TraceFormatError(line, "field \"seq\" must be a non-negative integer");
    if (!tid.is_number_integer())
        throw TraceFormatError(line, "field \"tid\" must be an integer");
    call.seq = seq.get<std::uint64_t>();
    call.tid = tid.get<std::int64_t>();
    if (const auto event = object.find("event"); event != object.end())
        return parse_event(*event, std::move(call), line);
    const auto& name = required(object, "call", line);
    const auto kind = name.is_string() ? parse_call_name(name.get<std::string>()) : std::nullopt;
    if (!kind)
        throw TraceFormatError(line, fmt::format("unknown call {}", shown(name)));
    call.call = *kind;
    if (const auto target = optional_string(object, "target", line))
        call.target = parse_address(*target, line);
    call.symbol = optional_string(object, "symbol", line);
    call.library = optional_string(object, "library", line);
    call.method = optional_string(object, "method", line);
    call.assembly = optional_string(object, "assembly", line);
    if (object.contains("note"))
        call.note = optional_string(object, "note", line);
    const auto& result = required(object, "hr", line);
    const auto parsed =
        result.is_string() ? hresult_parse(result.get<std::string>()) : std::nullopt;
    if (!parsed)
        throw TraceFormatError(line,
                               fmt::format("field \"hr\" {} is not an HRESULT", shown(result)));
    call.hr = *parsed;
    call.framework = json_flag(object, "framework", line);
    if (const auto it = object.find("origin"); it != object.end()) {
        if (!it->is_string() || it->get_ref<const std::string&>() != "unknown")
            throw TraceFormatError(line, "field \"origin\" can only be \"unknown\"");
        if (call.framework)
            throw TraceFormatError(line, "a call site is framework or of unknown origin, not both");
        call.origin_unknown = true;
    }
    if (object.contains("host_layers")) {
        call.host_layers = optional_string(object, "host_layers", line);
        if (call.host_layers && !valid_host_layers(*call.host_layers))
            throw TraceFormatError(line, "field \"host_layers\" holds letters other than U, M "
                                         "and ?, or ! among others");
    }
    call.skipped = json_flag(object, "skipped", line);
    if (call.call == HostCall::CallNeedsHostHook) {
        // null: the host returned without writing its answer
        const auto& hook = required(object, "hook", line);
        if (!hook.is_boolean() && !hook.is_null())
            throw TraceFormatError(line, "field \"hook\" must be true, false or null");
        if (hook.is_boolean())
            call.hook = hook.get<bool>();
    }
    return call;
}

} // namespace

TraceFormatError::TraceFormatError(std::size_t line, const std::string& problem)
    : std::runtime_error(fmt::format("line {}: {}", line, problem)), line_(line)
{
}

std::string format_header(const TraceHeader& header)
{
    json object{{"format", kFormatName},
                {"version", kFormatVersion},
                {"driver", header.driver},
                {"runtime", header.runtime},
                {"host", header.host}};
    if (header.thread_ends)
        object["thread_ends"] = true;
    if (!header.scenario.empty())
        object["scenario"] = header.scenario;
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

CallFieldsView fields_view(const TraceCall& call)
{
    auto view = [](const std::optional<std::string>& text) {
        return text ? std::optional<std::string_view>(*text) : std::nullopt;
    };
    CallFieldsView fields;
    fields.tid = call.tid;
    fields.call = call.call;
    fields.target = call.target;
    fields.symbol = view(call.symbol);
    fields.library = view(call.library);
    fields.method = view(call.method);
    fields.assembly = view(call.assembly);
    fields.note = view(call.note);
    fields.framework = call.framework;
    fields.origin_unknown = call.origin_unknown;
    fields.event = call.event;
    fields.hr = call.hr;
    fields.hook = call.hook;
    fields.host_layers = view(call.host_layers);
    fields.skipped = call.skipped;
    return fields;
}

TraceCall owned_call(std::uint64_t seq, const CallFieldsView& view)
{
    auto text = [](const std::optional<std::string_view>& value) {
        return value ? std::optional<std::string>(*value) : std::nullopt;
    };
    TraceCall call;
    call.seq = seq;
    call.tid = view.tid;
    call.call = view.call;
    call.target = view.target;
    call.symbol = text(view.symbol);
    call.library = text(view.library);
    call.method = text(view.method);
    call.assembly = text(view.assembly);
    call.note = text(view.note);
    call.framework = view.framework;
    call.origin_unknown = view.origin_unknown;
    call.event = view.event;
    call.hr = view.hr;
    call.hook = view.hook;
    call.host_layers = text(view.host_layers);
    call.skipped = view.skipped;
    return call;
}

// The line is sized once and written through a cursor: the recorder formats every call the
// runtime makes, and this is most of what recording costs (docs/PERFORMANCE.md).
void append_call_fields(std::string& out, const CallFieldsView& call)
{
    if (call.event) {
        out += fmt::format("\"tid\":{},\"event\":\"{}\"}}", call.tid, event_name(*call.event));
        return;
    }
    const JsonString symbol(call.symbol), library(call.library), method(call.method),
        assembly(call.assembly), layers(call.host_layers), note(call.note);
    const auto start = out.size();
    out.resize(start + kFixedRoom + symbol.size() + library.size() + method.size() +
               assembly.size() + layers.size() + note.size());
    char* at = out.data() + start;
    at = put_text(at, "\"tid\":");
    at = put_decimal(at, call.tid);
    at = put_text(at, ",\"call\":\"");
    at = put_text(at, call_name(call.call));
    at = put_text(at, "\",\"target\":");
    if (call.target) {
        *at++ = '"';
        at = put_hex(at, *call.target);
        *at++ = '"';
    } else {
        at = put_text(at, "null");
    }
    at = symbol.put(put_text(at, ",\"symbol\":"));
    at = library.put(put_text(at, ",\"library\":"));
    at = method.put(put_text(at, ",\"method\":"));
    at = assembly.put(put_text(at, ",\"assembly\":"));
    at = put_text(at, ",\"hr\":\"");
    at = put_hresult(at, call.hr);
    *at++ = '"';
    // CallNeedsHostHook always has its answer; null: the host returned without writing it.
    if (call.call == HostCall::CallNeedsHostHook)
        at = put_text(at, !call.hook   ? ",\"hook\":null"
                          : *call.hook ? ",\"hook\":true"
                                       : ",\"hook\":false");
    if (call.framework)
        at = put_text(at, ",\"framework\":true");
    if (call.origin_unknown)
        at = put_text(at, ",\"origin\":\"unknown\"");
    if (call.skipped)
        at = put_text(at, ",\"skipped\":true");
    if (call.host_layers)
        at = layers.put(put_text(at, ",\"host_layers\":"));
    if (call.note)
        at = note.put(put_text(at, ",\"note\":"));
    *at++ = '}';
    out.resize(static_cast<std::size_t>(at - out.data()));
}

std::string format_call_fields(const TraceCall& call)
{
    std::string out;
    out.reserve(256);
    append_call_fields(out, fields_view(call));
    return out;
}

std::string format_call(const TraceCall& call)
{
    return fmt::format("{{\"seq\":{},{}", call.seq, format_call_fields(call));
}

TraceReader::TraceReader(std::istream& in) : in_(in)
{
    if (!std::getline(in_, buffer_))
        throw TraceFormatError(1, "empty file: a trace starts with a header line");
    line_ = 1;
    const auto object = json::parse(buffer_, nullptr, false);
    if (object.is_discarded() || !object.is_object())
        throw TraceFormatError(1, "the header is not a JSON object");
    const auto format = object.find("format");
    if (format == object.end() || !format->is_string() ||
        format->get_ref<const std::string&>() != kFormatName)
        throw TraceFormatError(1,
                               fmt::format("not a trace: \"format\" must be \"{}\"", kFormatName));
    const auto version = object.find("version");
    if (version == object.end() || !version->is_number_integer() || *version != kFormatVersion)
        throw TraceFormatError(
            1, fmt::format("unsupported trace version {}: this suite reads version {}",
                           version == object.end() ? "(none)" : shown(*version), kFormatVersion));
    header_.driver = header_string(object, "driver");
    header_.runtime = header_string(object, "runtime");
    header_.host = header_string(object, "host");
    header_.thread_ends = json_flag(object, "thread_ends", 1);
    if (const auto scenario = object.find("scenario"); scenario != object.end())
        header_.scenario = header_string(object, "scenario");
}

std::optional<TraceCall> TraceReader::next()
{
    while (std::getline(in_, buffer_)) {
        ++line_;
        // What follows the last NUL: a whole line after space a dying writer never filled;
        // nothing when the line ends in NULs (the file's unused tail, or a line cut short).
        if (const auto nul = buffer_.rfind('\0'); nul != std::string::npos)
            buffer_.erase(0, nul + 1);
        if (buffer_.empty())
            continue;
        const auto object = json::parse(buffer_, nullptr, false);
        if (object.is_discarded())
            throw TraceFormatError(line_, "not valid JSON (a truncated or corrupt line?)");
        return parse_call(object, line_);
    }
    return std::nullopt;
}

Trace read_trace_file(const std::string& path)
{
    const auto input = open_trace(path);
    Trace trace{input->header(), {}};
    while (auto call = input->next())
        trace.calls.push_back(std::move(*call));
    return trace;
}

} // namespace clrhost::trace
