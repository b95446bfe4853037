// One scenario variant in this process, on the driver it was loaded for (Scenario::driver):
// coreclr, or mono where this build has the mono driver (driver::DriverError where it has not).
#pragma once

#include "fixtures/runner/scenario_runner.h"

namespace clrhost::cli {

runner::ScenarioRunResult run_on_driver(const scenario::Scenario& scenario, IHostTaskManager& host,
                                        const std::string& host_name, const std::string& trace,
                                        const runner::RunSettings& settings);

} // namespace clrhost::cli
