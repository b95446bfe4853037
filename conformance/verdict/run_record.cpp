#include "conformance/verdict/run_record.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace clrhost::cli {

void write_run_record(const std::string& path, const RunRecord& record)
{
    const nlohmann::json json{{"app_exit_code", record.app_exit_code},
                              {"runtime", record.runtime},
                              {"host_name", record.host_name},
                              {"host_version", record.host_version},
                              {"bridge_attached", record.bridge_attached},
                              {"host_exceptions", record.host_exceptions},
                              {"calls_recorded", record.calls_recorded},
                              {"trace_error", record.trace_error},
                              {"error", record.error},
                              {"hang", record.hang}};
    std::ofstream(path) << json.dump() << '\n';
}

std::optional<RunRecord> read_run_record(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return std::nullopt;
    RunRecord record;
    record.app_exit_code = json.value("app_exit_code", 0);
    record.runtime = json.value("runtime", "");
    record.host_name = json.value("host_name", "");
    record.host_version = json.value("host_version", "");
    record.bridge_attached = json.value("bridge_attached", false);
    record.host_exceptions = json.value("host_exceptions", std::uint64_t{0});
    record.calls_recorded = json.value("calls_recorded", std::uint64_t{0});
    record.trace_error = json.value("trace_error", "");
    record.error = json.value("error", "");
    record.hang = json.value("hang", "");
    return record;
}

} // namespace clrhost::cli
