#include "conformance/trace/trace_input.h"

#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"

#include <fmt/format.h>

#include <fstream>

namespace clrhost::trace {
namespace {

class JsonLinesInput final : public TraceInput {
public:
    explicit JsonLinesInput(const std::string& path) : in_(open(path)), reader_(in_) {}
    const TraceHeader& header() const override { return reader_.header(); }
    std::optional<TraceCall> next() override { return reader_.next(); }

private:
    static std::ifstream open(const std::string& path)
    {
        std::ifstream in(path);
        if (!in)
            throw std::runtime_error(fmt::format("cannot open trace {}: check the path", path));
        return in;
    }
    std::ifstream in_;
    TraceReader reader_;
};

class RecordingInput final : public TraceInput {
public:
    RecordingInput(platform::File file, const std::string& path)
        : file_(std::move(file)), reader_(file_, path)
    {
    }
    const TraceHeader& header() const override { return reader_.header(); }
    std::optional<TraceCall> next() override { return reader_.next(); }

private:
    platform::File file_; // keeps its lock: nobody else exports it while it is read
    RecordingReader reader_;
};

} // namespace

std::unique_ptr<TraceInput> open_trace(const std::string& path)
{
    const auto recording = recording_path(path);
    platform::File file(recording, platform::File::Mode::Read);
    if (file) {
        if (!file.try_lock())
            throw std::runtime_error(
                fmt::format("trace {} is still being recorded ({} is locked by a running "
                            "process): read it once that process has ended",
                            path, recording));
        // Another reader may have exported it between the open and the lock.
        if (file.is(recording)) {
            ExportResult exported;
            try {
                exported = export_recording(file, recording, path);
            } catch (const TraceWriteError&) {
                return std::make_unique<RecordingInput>(std::move(file), recording);
            }
            if (!exported.damage.empty())
                throw std::runtime_error(fmt::format(
                    "{}: trace {} now holds the {} calls before the damage; remove {} to read "
                    "them alone",
                    exported.damage, path, exported.calls, recording));
            platform::remove_file(recording);
        }
    }
    return std::make_unique<JsonLinesInput>(path);
}

} // namespace clrhost::trace
