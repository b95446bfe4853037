// Trace format v1: JSON Lines, one header line, then one object per host call or thread event
// ({"seq":N,"tid":T,"event":"ThreadEnded"}, in traces whose header has "thread_ends":true).
#pragma once

#include "conformance/trace/trace_call.h"

#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clrhost::trace {

std::string format_header(const TraceHeader& header);
// The call's line without the leading {"seq":N, so a writer can number lines as it appends them.
std::string format_call_fields(const TraceCall& call);
std::string format_call(const TraceCall& call);

// A call's fields as views, for a writer that formats without first copying them into a
// TraceCall (the recorder formats straight from the driver's call site). append_call_fields
// appends exactly the bytes format_call_fields returns for the same values.
struct CallFieldsView {
    std::int64_t tid = 0;
    HostCall call = HostCall::LeaveRuntime;
    std::optional<std::uint64_t> target;
    std::optional<std::string_view> symbol;
    std::optional<std::string_view> library;
    std::optional<std::string_view> method;
    std::optional<std::string_view> assembly;
    std::optional<std::string_view> note;
    bool framework = false;
    bool origin_unknown = false;
    HRESULT hr = 0;
    std::optional<bool> hook;
    std::optional<std::string_view> host_layers;
    bool skipped = false;
    std::optional<ThreadEvent> event; // set: a thread's event, only tid goes with it
};
CallFieldsView fields_view(const TraceCall& call);
TraceCall owned_call(std::uint64_t seq, const CallFieldsView& call); // the inverse, with its seq
void append_call_fields(std::string& out, const CallFieldsView& call);

// Unusable input: which line, and what is wrong with it.
class TraceFormatError : public std::runtime_error {
public:
    TraceFormatError(std::size_t line, const std::string& problem);
    std::size_t line() const noexcept { return line_; }

private:
    std::size_t line_;
};

// Reads a trace one call at a time, so checking a long trace needs no memory for it.
// NUL bytes are what a writer that died left unwritten (the unused tail of its mapped file, a
// line it was copying): no line holds one (JSON escapes it), so the reader drops them, and with
// them a line cut short by the NULs that follow it.
class TraceReader {
public:
    explicit TraceReader(std::istream& in); // reads and validates the header line
    const TraceHeader& header() const noexcept { return header_; }
    std::optional<TraceCall> next();
    std::size_t line_number() const noexcept { return line_; }

private:
    std::istream& in_;
    TraceHeader header_;
    std::size_t line_ = 0;
    std::string buffer_;
};

struct Trace {
    TraceHeader header;
    std::vector<TraceCall> calls;
};

// Every call of a trace (open_trace(): also one whose process died). Throws TraceFormatError or
// std::runtime_error.
Trace read_trace_file(const std::string& path);

} // namespace clrhost::trace
