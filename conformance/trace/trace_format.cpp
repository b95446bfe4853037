#include "trace_format.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace clrhost::trace {
namespace {

using nlohmann::json;

void put_string(std::string& out, std::string_view key, const std::optional<std::string>& value)
{
    out += fmt::format(",\"{}\":", key);
    // Bytes that are not UTF-8 (a library path, say) become U+FFFD: the line stays readable,
    // where dump() would throw out of the recorder into the runtime.
    out += value ? json(*value).dump(-1, ' ', false, json::error_handler_t::replace) : "null";
}

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
    if (const auto it = object.find("framework"); it != object.end()) {
        if (!it->is_boolean())
            throw TraceFormatError(line, "field \"framework\" must be true or false");
        call.framework = it->get<bool>();
    }
    if (object.contains("host_layers")) {
        call.host_layers = optional_string(object, "host_layers", line);
        if (call.host_layers && call.host_layers->find_first_not_of("UM") != std::string::npos)
            throw TraceFormatError(line, "field \"host_layers\" holds letters other than U and M");
    }
    if (const auto it = object.find("skipped"); it != object.end()) {
        if (!it->is_boolean())
            throw TraceFormatError(line, "field \"skipped\" must be true or false");
        call.skipped = it->get<bool>();
    }
    if (call.call == CallKind::CallNeedsHostHook) {
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
    return json{{"format", kFormatName},
                {"version", kFormatVersion},
                {"driver", header.driver},
                {"runtime", header.runtime},
                {"host", header.host}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string format_call_fields(const TraceCall& call)
{
    std::string out =
        fmt::format("\"tid\":{},\"call\":\"{}\",\"target\":", call.tid, call_name(call.call));
    out += call.target ? fmt::format("\"0x{:x}\"", *call.target) : "null";
    put_string(out, "symbol", call.symbol);
    put_string(out, "library", call.library);
    put_string(out, "method", call.method);
    put_string(out, "assembly", call.assembly);
    out += fmt::format(",\"hr\":\"{}\"", hresult_hex(call.hr));
    if (call.call == CallKind::CallNeedsHostHook)
        out += !call.hook ? ",\"hook\":null" : *call.hook ? ",\"hook\":true" : ",\"hook\":false";
    if (call.framework)
        out += ",\"framework\":true";
    if (call.skipped)
        out += ",\"skipped\":true";
    if (call.host_layers)
        put_string(out, "host_layers", call.host_layers);
    if (call.note)
        put_string(out, "note", call.note);
    out += '}';
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
}

std::optional<TraceCall> TraceReader::next()
{
    while (std::getline(in_, buffer_)) {
        ++line_;
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
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(fmt::format("cannot open trace {}: check the path", path));
    TraceReader reader(in);
    Trace trace{reader.header(), {}};
    while (auto call = reader.next())
        trace.calls.push_back(std::move(*call));
    return trace;
}

} // namespace clrhost::trace
