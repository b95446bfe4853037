// What the fuzz targets share: a check that stops the run with a message (libFuzzer saves the
// input as crash-*), and the round trip every parsed or decoded call must survive.
#pragma once

#include "trace_format.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#define CLRHOST_FUZZ_CHECK(condition, ...)                                                       \
    do {                                                                                         \
        if (!(condition)) {                                                                      \
            std::fprintf(stderr, "fuzz check failed: %s: %s\n", #condition,                     \
                         fmt::format(__VA_ARGS__).c_str());                                      \
            std::abort();                                                                        \
        }                                                                                        \
    } while (0)

namespace clrhost::fuzz {

// The writer's line for `call`, read back by the reader: every field the format has survives.
// Strings the writer had to repair (bytes that are not UTF-8) are compared by presence only.
// Returns the call as read back.
inline trace::TraceCall round_trip(const trace::TraceCall& call, bool strings_exact = true)
{
    const auto line = trace::format_call(call);
    std::istringstream in(trace::format_header({"replay", "", "fuzz"}) + "\n" + line + "\n");
    trace::TraceCall back;
    try {
        trace::TraceReader reader(in);
        auto read = reader.next();
        CLRHOST_FUZZ_CHECK(read.has_value(), "the written line reads as no call: {}", line);
        CLRHOST_FUZZ_CHECK(!reader.next().has_value(), "one written line read as two: {}", line);
        back = std::move(*read);
    } catch (const trace::TraceFormatError& error) {
        CLRHOST_FUZZ_CHECK(false, "the reader rejects the writer's line {}: {}", line, error.what());
    }
    CLRHOST_FUZZ_CHECK(back.seq == call.seq && back.tid == call.tid && back.call == call.call &&
                           back.target == call.target && back.hr == call.hr &&
                           back.framework == call.framework,
                       "a field changed on the way through the format: {}", line);
    CLRHOST_FUZZ_CHECK(back.hook == (call.call == trace::CallKind::CallNeedsHostHook
                                         ? std::optional<bool>(call.hook.value_or(false))
                                         : std::nullopt),
                       "hook changed on the way through the format: {}", line);
    const auto same = [&](const std::optional<std::string>& a, const std::optional<std::string>& b) {
        return strings_exact ? a == b : a.has_value() == b.has_value();
    };
    CLRHOST_FUZZ_CHECK(same(back.symbol, call.symbol) && same(back.library, call.library) &&
                           same(back.method, call.method) && same(back.assembly, call.assembly) &&
                           same(back.note, call.note),
                       "a string changed on the way through the format: {}", line);
    // And the writer is a fixed point: what it reads back, it writes the same way.
    CLRHOST_FUZZ_CHECK(trace::format_call(back) == line || !strings_exact,
                       "written twice, the line differs: {} / {}", line, trace::format_call(back));
    return back;
}

} // namespace clrhost::fuzz
