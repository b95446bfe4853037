// What the fuzz targets share: a check that stops the run with a message (libFuzzer saves the
// input as crash-*), and the round trip every parsed or decoded call must survive.
#pragma once

#include "conformance/trace/trace_format.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#define CLRHOST_FUZZ_CHECK(condition, ...)                                                         \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz check failed: %s: %s\n", #condition,                        \
                         fmt::format(__VA_ARGS__).c_str());                                        \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

namespace clrhost::fuzz {

// The writer's lines for `calls`, read back by the reader as one trace: every field the format
// has survives. Strings the writer had to repair (bytes that are not UTF-8) are compared by
// presence only, where exact[i] is false. Returns the calls as read back.
inline std::vector<trace::TraceCall> round_trip(const std::vector<trace::TraceCall>& calls,
                                                const std::vector<bool>& exact = {})
{
    std::string text = trace::format_header({"replay", "", "fuzz"}) + "\n";
    std::vector<std::string> lines;
    for (const auto& call : calls) {
        lines.push_back(trace::format_call(call));
        text += lines.back() + "\n";
    }
    std::istringstream in(text);
    std::vector<trace::TraceCall> back;
    try {
        trace::TraceReader reader(in);
        while (auto read = reader.next())
            back.push_back(std::move(*read));
    } catch (const trace::TraceFormatError& error) {
        CLRHOST_FUZZ_CHECK(false, "the reader rejects the writer's line {}: {}",
                           error.line() >= 2 && error.line() - 2 < lines.size()
                               ? lines[error.line() - 2]
                               : std::string("?"),
                           error.what());
    }
    CLRHOST_FUZZ_CHECK(back.size() == calls.size(), "{} calls written, {} read back", calls.size(),
                       back.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& call = calls[i];
        const auto& got = back[i];
        const auto& line = lines[i];
        const bool strings_exact = i >= exact.size() || exact[i];
        if (call.event) { // an event's line has its seq, tid and name, nothing else
            CLRHOST_FUZZ_CHECK(got.seq == call.seq && got.tid == call.tid &&
                                   got.event == call.event,
                               "an event changed on the way through the format: {}", line);
            continue;
        }
        CLRHOST_FUZZ_CHECK(got.seq == call.seq && got.tid == call.tid && got.call == call.call &&
                               got.target == call.target && got.hr == call.hr &&
                               got.framework == call.framework && got.skipped == call.skipped &&
                               got.host_layers == call.host_layers && got.event == call.event &&
                               got.origin_unknown == call.origin_unknown,
                           "a field changed on the way through the format: {}", line);
        CLRHOST_FUZZ_CHECK(
            got.hook == (call.call == HostCall::CallNeedsHostHook ? call.hook : std::nullopt),
            "hook changed on the way through the format: {}", line);
        const auto same = [&](const std::optional<std::string>& a,
                              const std::optional<std::string>& b) {
            return strings_exact ? a == b : a.has_value() == b.has_value();
        };
        CLRHOST_FUZZ_CHECK(same(got.symbol, call.symbol) && same(got.library, call.library) &&
                               same(got.method, call.method) && same(got.assembly, call.assembly) &&
                               same(got.note, call.note),
                           "a string changed on the way through the format: {}", line);
        // And the writer is a fixed point: what it reads back, it writes the same way.
        CLRHOST_FUZZ_CHECK(!strings_exact || trace::format_call(got) == line,
                           "written twice, the line differs: {} / {}", line,
                           trace::format_call(got));
    }
    return back;
}

} // namespace clrhost::fuzz
