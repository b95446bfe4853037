#include "conformance/trace/trace_input.h"

#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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
    RecordingInput(UniqueFd fd, const std::string& path)
        : fd_(std::move(fd)), reader_(fd_.get(), path)
    {
    }
    const TraceHeader& header() const override { return reader_.header(); }
    std::optional<TraceCall> next() override { return reader_.next(); }

private:
    UniqueFd fd_; // keeps its lock: nobody else exports it while it is read
    RecordingReader reader_;
};

bool same_file(int fd, const std::string& path)
{
    struct stat held {
    }, named{};
    return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

} // namespace

std::unique_ptr<TraceInput> open_trace(const std::string& path)
{
    const auto recording = recording_path(path);
    UniqueFd fd(::open(recording.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() >= 0) {
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
            throw std::runtime_error(
                fmt::format("trace {} is still being recorded ({} is locked by a running "
                            "process): read it once that process has ended",
                            path, recording));
        // Another reader may have exported it between the open and the lock.
        if (same_file(fd.get(), recording)) {
            ExportResult exported;
            try {
                exported = export_recording(fd.get(), recording, path);
            } catch (const TraceWriteError&) {
                return std::make_unique<RecordingInput>(std::move(fd), recording);
            }
            if (!exported.damage.empty())
                throw std::runtime_error(fmt::format(
                    "{}: trace {} now holds the {} calls before the damage; remove {} to read "
                    "them alone",
                    exported.damage, path, exported.calls, recording));
            ::unlink(recording.c_str());
        }
    }
    return std::make_unique<JsonLinesInput>(path);
}

} // namespace clrhost::trace
