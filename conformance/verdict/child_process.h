// Scenario processes: one runtime per process, so the suite runs each scenario in a child of
// its own, with a deadline, and reads how it ended. The platform layer starts and ends them
// (conformance/platform/child_process.h); the verdict's code knows them by these names.
#pragma once

#include "conformance/platform/child_process.h"

namespace clrhost::cli {

using platform::ChildEnd;
using platform::ChildProcess;
using platform::kPollInterval;
using platform::signal_name;

} // namespace clrhost::cli
