// One recorded host call and the trace header: the data model of trace format v1
// (README.md, "A trace").
#pragma once

#include "conformance/protocol/host_call.h"

#include <clrhost/hosting_abi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clrhost::trace {

inline constexpr std::string_view kFormatName = "clrhost-trace";
inline constexpr int kFormatVersion = 1;

struct TraceHeader {
    std::string driver;  // "coreclr", "replay"
    std::string runtime; // runtime version, "" when none
    std::string host;    // the host plug-in's name
    // The driver records ThreadEnded and RunEnded: a thread with neither was still running when
    // the recording ended. Without it (older traces, replay) the trace's end ends every thread.
    bool thread_ends = false;
    // The scenario variant the run was of ("doc-table:vb"; the driver is above), so that `check`
    // judges a trace made elsewhere without being told; "" for a run of no scenario. ({}: a
    // header built from its first fields leaves it empty without a compiler warning.)
    std::string scenario{};
};

// What the driver saw happen to a thread, recorded among the calls (a record with "event" where
// a call has "call"): the thread ended, or the app's run on it ended (Main returned).
enum class ThreadEvent : std::uint8_t { ThreadEnded, RunEnded };

constexpr std::string_view event_name(ThreadEvent event) noexcept
{
    return event == ThreadEvent::ThreadEnded ? "ThreadEnded" : "RunEnded";
}

constexpr std::optional<ThreadEvent> parse_event_name(std::string_view name) noexcept
{
    for (const auto event : {ThreadEvent::ThreadEnded, ThreadEvent::RunEnded})
        if (event_name(event) == name)
            return event;
    return std::nullopt;
}

struct TraceCall {
    std::uint64_t seq = 0;
    std::int64_t tid = 0;
    HostCall call = HostCall::LeaveRuntime;
    std::optional<std::uint64_t> target; // null where unknown
    std::optional<std::string> symbol;
    std::optional<std::string> library;
    std::optional<std::string> method;
    std::optional<std::string> assembly;
    std::optional<std::string> note; // why target is unknown
    bool framework = false;          // a call site of the shared framework, not the app
    bool origin_unknown = false;     // the driver cannot tell the app's site from the framework's
    HRESULT hr = 0;
    std::optional<bool> hook; // CallNeedsHostHook only: the answer the host wrote
    // The host's own view of the thread's open layers after the call ("U": LeaveRuntime,
    // "M": ReverseEnterRuntime, outermost first), from hosts that offer introspection. A layer
    // the host gave as neither is kUnknownLayer; an introspection call that failed is
    // kNoLayersAnswer alone. Both are kept so that TM-BOOKKEEPING reports the host.
    std::optional<std::string> host_layers;
    bool skipped = false; // the driver did not call the host: it had disabled the runtime
    // Set: this record is no host call but a thread's event (only seq and tid go with it).
    std::optional<ThreadEvent> event;
    bool is_event() const noexcept { return event.has_value(); }
    // A call the app made itself: not the framework's, not GetCurrentTask, no event.
    bool is_app_call() const noexcept
    {
        return !event && !framework && !origin_unknown && call != HostCall::GetCurrentTask;
    }
};

inline constexpr char kUnknownLayer = '?';
inline constexpr std::string_view kNoLayersAnswer = "!";

// What host_layers may hold.
constexpr bool valid_host_layers(std::string_view layers)
{
    if (layers == kNoLayersAnswer)
        return true;
    for (const char letter : layers)
        if (letter != 'U' && letter != 'M' && letter != kUnknownLayer)
            return false;
    return true;
}

} // namespace clrhost::trace
