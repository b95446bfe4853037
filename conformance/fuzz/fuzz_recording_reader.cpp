// libFuzzer target: any bytes as a trace recording (recording_format.h), read as the suite reads
// the recording a dead process left. The contract: the reader yields calls or throws
// RecordingFormatError (the CLI names the byte and exits 2), never another exception, a crash or
// undefined behaviour; the calls it yields are well formed (seqs only grow, host layers are U
// and M); and the export writes exactly those calls, lines the trace reader reads back.
#include "conformance/fuzz/fuzz_check.h"
#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace clrhost;

namespace {

// An in-memory file: the reader maps what it reads, as it maps a recording on disk.
platform::File memory_file(const std::uint8_t* data, std::size_t size)
{
    auto fd = platform::File::adopt(::memfd_create("recording", MFD_CLOEXEC));
    CLRHOST_FUZZ_CHECK(static_cast<bool>(fd), "memfd_create failed");
    for (std::size_t done = 0; done < size;) {
        const auto n = ::write(static_cast<int>(fd.native()), data + done, size - done);
        CLRHOST_FUZZ_CHECK(n > 0, "writing the memfd failed");
        done += static_cast<std::size_t>(n);
    }
    return fd;
}

std::string contents(int fd)
{
    std::string text;
    char buffer[65536];
    for (off_t at = 0;;) {
        const auto n = ::pread(fd, buffer, sizeof buffer, at);
        CLRHOST_FUZZ_CHECK(n >= 0, "reading the exported trace failed");
        if (n == 0)
            return text;
        text.append(buffer, static_cast<std::size_t>(n));
        at += n;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto recording = memory_file(data, size);
    std::vector<trace::TraceCall> calls;
    bool readable = false;
    try {
        trace::RecordingReader reader(recording, "fuzz.rec");
        readable = true;
        while (auto call = reader.next())
            calls.push_back(std::move(*call));
    } catch (const trace::RecordingFormatError&) {
        // damage: what came before it was returned
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& call = calls[i];
        CLRHOST_FUZZ_CHECK(i == 0 || call.seq > calls[i - 1].seq, "seq {} after {}", call.seq,
                           calls[i - 1].seq);
        CLRHOST_FUZZ_CHECK(!call.host_layers || trace::valid_host_layers(*call.host_layers),
                           "host layers {}", *call.host_layers);
    }
    if (!readable)
        return 0;

    // The export writes the same calls, and the trace reader takes every line of it.
    const auto trace = memory_file(nullptr, 0);
    const auto trace_path = "/proc/self/fd/" + std::to_string(trace.native());
    const auto exported = trace::export_recording(recording, "fuzz.rec", trace_path);
    // Thread events are exported as lines, but only host calls are counted.
    const auto host_calls = static_cast<std::uint64_t>(
        std::count_if(calls.begin(), calls.end(), [](const auto& call) { return !call.event; }));
    CLRHOST_FUZZ_CHECK(exported.calls == host_calls, "exported {} calls, read {}", exported.calls,
                       host_calls);
    std::istringstream in(contents(static_cast<int>(trace.native())));
    trace::TraceReader reader(in);
    for (const auto& call : calls) {
        const auto back = reader.next();
        CLRHOST_FUZZ_CHECK(back.has_value(), "the export lacks seq {}", call.seq);
        CLRHOST_FUZZ_CHECK(trace::format_call(*back) == trace::format_call(call),
                           "exported {} for {}", trace::format_call(*back),
                           trace::format_call(call));
    }
    CLRHOST_FUZZ_CHECK(!reader.next(), "the export has a call the reader did not");
    return 0;
}
