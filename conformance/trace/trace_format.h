// Trace format v1: JSON Lines, one header line, then one object per host call.
#pragma once

#include "trace_call.h"

#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace clrhost::trace {

std::string format_header(const TraceHeader& header);
// The call's line without the leading {"seq":N, so a writer can number lines as it appends them.
std::string format_call_fields(const TraceCall& call);
std::string format_call(const TraceCall& call);

// Unusable input: which line, and what is wrong with it.
class TraceFormatError : public std::runtime_error {
public:
    TraceFormatError(std::size_t line, const std::string& problem);
    std::size_t line() const noexcept { return line_; }

private:
    std::size_t line_;
};

// Reads a trace one call at a time, so checking a long trace needs no memory for it.
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

Trace read_trace_file(const std::string& path); // throws TraceFormatError or std::runtime_error

} // namespace clrhost::trace
