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
};

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
    HRESULT hr = 0;
    std::optional<bool> hook; // CallNeedsHostHook only: the answer the host wrote
    // The host's own view of the thread's open layers after the call ("U": LeaveRuntime,
    // "M": ReverseEnterRuntime, outermost first), from hosts that offer introspection. A layer
    // the host gave as neither is kUnknownLayer; an introspection call that failed is
    // kNoLayersAnswer alone. Both are kept so that TM-BOOKKEEPING reports the host.
    std::optional<std::string> host_layers;
    bool skipped = false; // the driver did not call the host: it had disabled the runtime
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
