// Plays recorded calls into a host in trace order, on the calling thread: GoogleMock
// expectations then judge a recorded sequence exactly as they judge a live one.
#pragma once

#include "trace_call.h"

#include <clrhost/hosting_abi.h>

#include <vector>

namespace clrhost::mocks {

void replay_calls(IHostTaskManager& host, const std::vector<trace::TraceCall>& calls);

} // namespace clrhost::mocks
