// Records a trace while the calls are made, at a few stores per call, so that recording does not
// change what it watches (docs/PERFORMANCE.md), and so that a process that dies mid-scenario
// still leaves every recorded call readable (README.md, "A trace").
//
// Each thread appends compact binary records (recording_format.h) to blocks of its own in a
// file mapped MAP_SHARED, `<trace>.rec`: no lock, no formatting, no system call per call, and the
// pages belong to the kernel's page cache as soon as they are stored to, so they outlive an abort
// or SIGKILL. The trace itself, JSON Lines (format v1), is written from the recording at the end
// (finish()); a recording whose process died is exported by the first reader of its trace
// (open_trace(), recording_reader.h). The recording file is locked while it is written, so a
// reader never takes a live recording for a dead one.
#pragma once

#include "conformance/platform/file.h"
#include "conformance/trace/page_preparer.h"
#include "conformance/trace/recording_format.h"
#include "conformance/trace/trace_call.h"

#include "conformance/protocol/transition_site.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clrhost::trace {

class TraceWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The recording of a trace: the trace's path with ".rec" after it.
std::string recording_path(const std::string& trace_path);

// What CallNeedsHostHook wrote: Unwritten when the host returned without writing its answer.
enum class HookAnswer : std::uint8_t { Absent, False, True, Unwritten };

// One host call, as the recorder passes it on.
struct RecordedCall {
    HostCall call = HostCall::LeaveRuntime;
    HRESULT hr = 0;
    const TransitionSite* site = nullptr; // null: a call with no call site (GetCurrentTask)
    HookAnswer hook = HookAnswer::Absent; // CallNeedsHostHook only
    bool skipped = false;
    std::optional<std::string_view> host_layers; // "UMU", from a host with introspection
};

class TraceRecording {
public:
    // Writes the trace's header line to trace_path and starts its recording beside it. Throws
    // TraceWriteError naming the fix. The block size is for tests and fuzzing seeds: what one
    // thread claims at a time (recording_format.h, a power of two).
    TraceRecording(const std::string& trace_path, const TraceHeader& header,
                   std::uint32_t block_size = recording::kBlockSize);
    // Without finish(), the recording stays for a reader to export (as after a crash).
    ~TraceRecording();
    TraceRecording(const TraceRecording&) = delete;
    TraceRecording& operator=(const TraceRecording&) = delete;

    // Thread-safe, never throws, leaves errno alone. After a write error (see error()) calls are
    // dropped: what was recorded stays.
    void record(const RecordedCall& call) noexcept;
    // A thread's event (trace_call.h) about the OS thread os_tid, recorded by any thread. The
    // same guarantees as record().
    void record_event(ThreadEvent event, std::uint32_t os_tid) noexcept;

    std::uint64_t calls_recorded() const;
    std::uint64_t bytes_recorded() const; // the recording's size so far (its blocks' whole size)
    std::string error() const;            // the first write error, "" when none
    const std::string& trace_path() const noexcept { return trace_path_; }

    // Writes the trace's calls from the recording and removes it. Every record() must have
    // returned. Returns the calls written; throws TraceWriteError (the recording then stays).
    std::uint64_t finish();

private:
    struct ThreadLog;
    ThreadLog& this_thread_log();
    ThreadLog& add_thread_log();
    bool reserve(ThreadLog& log, std::size_t bytes);     // room for a record
    bool claim_block(ThreadLog& log, std::size_t bytes); // takes mutex_
    bool map_more(std::size_t needed, bool required);    // caller holds mutex_
    std::uint32_t site_index(ThreadLog& log, const TransitionSite& site);
    std::uint32_t register_site(ThreadLog& log, const TransitionSite& site); // takes sites_mutex_
    std::uint32_t define_site(ThreadLog& log, const TransitionSite& site);   // holds sites_mutex_
    void fail(std::string problem);                                          // caller holds mutex_
    std::uint64_t calls_locked() const;                                      // caller holds mutex_
    void unmap() noexcept;

    const std::uint64_t serial_; // tells this recording from a later one at the same address
    const std::uint32_t block_size_;
    std::string trace_path_;
    std::string recording_path_;
    platform::File file_; // the recording, locked while it is written
    bool finished_ = false;

    std::atomic<std::uint64_t> next_seq_{0};
    std::atomic<bool> failed_{false};

    mutable std::mutex mutex_; // the file's shape, the thread logs, error_
    std::string error_;
    platform::GrowingMapping mapping_;
    std::size_t next_block_ = 0; // file offset of the next unclaimed block
    std::vector<std::unique_ptr<ThreadLog>> threads_;
    PagePreparer preparer_;

    std::mutex sites_mutex_; // the site registry
    std::unordered_map<std::uint64_t, std::uint32_t> sites_by_id_;
    std::unordered_map<std::string, std::uint32_t> sites_by_content_;
    std::uint32_t next_site_ = 1;
};

} // namespace clrhost::trace
