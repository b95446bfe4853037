// Opens a trace for reading in whatever state its writer left it. A trace whose process died
// before it finished (a crash, a hang, SIGKILL) still has its recording beside it: the first
// reader exports it into the trace, as TraceRecording::finish() would have, and removes it. Where
// the trace cannot be written (a full disk, a read-only folder), the calls are read from the
// recording itself. Nothing recorded is lost either way.
#pragma once

#include "conformance/trace/trace_call.h"

#include <memory>
#include <optional>
#include <string>

namespace clrhost::trace {

class TraceInput {
public:
    virtual ~TraceInput() = default;
    virtual const TraceHeader& header() const = 0;
    // Throws TraceFormatError (JSON Lines) or RecordingFormatError (a damaged recording).
    virtual std::optional<TraceCall> next() = 0;
};

// Throws std::runtime_error naming the problem and the fix: no such trace, a recording still
// being written by a live process, a damaged recording (after exporting what it holds).
std::unique_ptr<TraceInput> open_trace(const std::string& path);

} // namespace clrhost::trace
