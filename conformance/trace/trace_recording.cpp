#include "conformance/trace/trace_recording.h"

#include "conformance/platform/thread_id.h"
#include "conformance/trace/recording_format.h"
#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace clrhost::trace {

using namespace recording;

namespace {

// The first mapping, then doubling up to kLargestStep. The file's storage is allocated as it
// grows (File::allocate), so a full disk is an error here, not a SIGBUS at a store into a hole.
constexpr std::size_t kFirstBlocks = 2;
// How far ahead of the blocks claimed the pages are prepared (page_preparer.h).
constexpr std::size_t kLeastAhead = std::size_t{256} << 10;
constexpr std::size_t kMostAhead = std::size_t{8} << 20;
constexpr std::size_t kLargestStep = std::size_t{64} << 20;
// Address range for the mapping, reserved (not committed) once; smaller ones are tried where
// address space is limited.
constexpr std::size_t kReservations[] = {std::size_t{64} << 30, std::size_t{4} << 30,
                                         std::size_t{256} << 20};
// Sites a thread remembers by the driver's id, so a call finds its site's index without a lock.
constexpr std::size_t kRecentSites = 64;

std::atomic<std::uint64_t> g_next_serial{1};

void put_word(std::byte* at, std::uint64_t word)
{
    std::memcpy(at, &word, sizeof word);
}

// The first word goes last, after every other store of the record (x86 keeps stores in order;
// the fence keeps the compiler from moving them): a record is there whole, or not at all.
void commit_word(std::byte* at, std::uint64_t word)
{
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::atomic_ref(*reinterpret_cast<std::uint64_t*>(at)).store(word, std::memory_order_relaxed);
}

// A site's payload as a definition record stores it (recording_format.h), also its identity
// when the driver gave it no id.
void append_site_payload(std::string& out, const TransitionSite& site)
{
    for (const char* text :
         {site.symbol, site.library, site.method, site.assembly, site.target_note}) {
        const auto length = text ? static_cast<std::uint32_t>(std::strlen(text)) : kNullString;
        out.append(reinterpret_cast<const char*>(&length), sizeof length);
        if (text)
            out.append(text, length);
    }
}

// What tells a site without an id from another with the same texts: its target and origin.
constexpr std::size_t kSiteIdentityBytes = sizeof(SIZE_T) + 1;
void append_site_identity(std::string& out, const TransitionSite& site)
{
    out.append(reinterpret_cast<const char*>(&site.target), sizeof site.target);
    out += site.framework ? 'F' : site.origin_unknown ? '?' : 'A';
}

// Byte for byte, without a call for the few bytes host layers usually have.
bool same_bytes(const char* a, const char* b, std::size_t count)
{
    if (count > 16)
        return std::memcmp(a, b, count) == 0;
    for (std::size_t i = 0; i < count; ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

Layers layers_change(std::string_view before, std::string_view after)
{
    if (after.size() == before.size())
        return same_bytes(after.data(), before.data(), after.size()) ? Layers::Same : Layers::Full;
    if (after.size() == before.size() + 1 && same_bytes(after.data(), before.data(), before.size()))
        return after.back() == 'U'   ? Layers::PushUnmanaged
               : after.back() == 'M' ? Layers::PushManaged
                                     : Layers::Full;
    if (after.size() + 1 == before.size() && same_bytes(after.data(), before.data(), after.size()))
        return Layers::Pop;
    return Layers::Full;
}

// The log this thread last used, and the recording it belongs to.
struct CachedLog {
    std::uint64_t serial = 0;
    void* log = nullptr;
};
thread_local CachedLog t_log;

} // namespace

std::string recording_path(const std::string& trace_path)
{
    return trace_path + ".rec";
}

// A thread's place in the recording. Only its own thread writes it, except `calls`, which
// calls_recorded() reads.
struct TraceRecording::ThreadLog {
    std::uint32_t number = 0;
    std::uint32_t claims = 0;    // blocks claimed so far: the next claim is larger
    std::byte* cursor = nullptr; // the next record, in the thread's current block
    std::byte* end = nullptr;
    std::atomic<std::uint64_t> calls{0};
    std::string layers; // the host's layers in this thread's last record that had them
    struct RecentSite {
        std::uint64_t id = 0;
        std::uint32_t index = 0;
    };
    std::array<RecentSite, kRecentSites> recent_sites{};
};

TraceRecording::TraceRecording(const std::string& trace_path, const TraceHeader& header,
                               std::uint32_t block_size)
    : serial_(g_next_serial.fetch_add(1, std::memory_order_relaxed)), block_size_(block_size),
      trace_path_(trace_path), recording_path_(recording_path(trace_path))
{
    if (!valid_block_size(block_size))
        throw std::invalid_argument(fmt::format("recording block size {}", block_size));
    const auto header_line = format_header(header);
    if (header_line.size() > kMaxHeaderLine)
        throw TraceWriteError(fmt::format("cannot write trace {}: its header is {} bytes, more "
                                          "than the {} a recording keeps: shorten the host's name",
                                          trace_path, header_line.size(), kMaxHeaderLine));
    // The recording first, locked before anything is truncated: a live recording of the same
    // path (another process's) is left as it is.
    file_ = platform::File(recording_path_, platform::File::Mode::ReadWrite);
    if (!file_)
        throw TraceWriteError(fmt::format("cannot write trace {}: {}: {}: choose a writable "
                                          "--trace path",
                                          trace_path, recording_path_, platform::last_error()));
    if (!file_.try_lock())
        throw TraceWriteError(fmt::format("cannot write trace {}: another process is recording "
                                          "it ({} is locked): give each run its own --trace",
                                          trace_path, recording_path_));
    if (!file_.truncate(0))
        throw TraceWriteError(fmt::format("cannot write trace {}: {}: {}", trace_path,
                                          recording_path_, platform::last_error()));
    // The trace holds its header from the start, so a reader of a trace whose process died
    // finds the recording beside it.
    {
        platform::File trace(trace_path, platform::File::Mode::WriteTruncate);
        if (!trace || !trace.append(header_line + '\n'))
            throw TraceWriteError(
                fmt::format("cannot write trace {}: {}: choose a writable --trace path", trace_path,
                            platform::last_error()));
    }
    FileHeader file_header{};
    std::memcpy(file_header.magic, kFileMagic, sizeof kFileMagic);
    file_header.version = kVersion;
    file_header.block_size = block_size_;
    file_header.header_line_length = static_cast<std::uint32_t>(header_line.size());
    std::string first(reinterpret_cast<const char*>(&file_header), sizeof file_header);
    first += header_line;
    if (!file_.write_at(first, 0))
        throw TraceWriteError(fmt::format("cannot record trace {}: {}: {}", trace_path,
                                          recording_path_, platform::last_error()));
    if (!mapping_.reserve(kReservations))
        throw TraceWriteError(fmt::format("cannot record trace {}: no address space for its "
                                          "recording: raise the process's address-space limit",
                                          trace_path));
    next_block_ = kFirstBlockOffset;
}

TraceRecording::~TraceRecording()
{
    unmap();
}

void TraceRecording::unmap() noexcept
{
    // A call that comes after the end (embed mode cannot stop the runtime calling) is dropped,
    // not written to pages no longer mapped.
    failed_.store(true, std::memory_order_relaxed);
    preparer_.stop();
    mapping_.release();
}

void TraceRecording::fail(std::string problem)
{
    if (error_.empty())
        error_ = std::move(problem);
    failed_.store(true, std::memory_order_relaxed);
}

std::string TraceRecording::error() const
{
    std::lock_guard lock(mutex_);
    return error_.empty() ? std::string{}
                          : fmt::format("writing trace {} failed after {} calls: {}", trace_path_,
                                        calls_locked(), error_);
}

std::uint64_t TraceRecording::calls_recorded() const
{
    std::lock_guard lock(mutex_);
    return calls_locked();
}

std::uint64_t TraceRecording::bytes_recorded() const
{
    std::lock_guard lock(mutex_);
    return next_block_;
}

std::uint64_t TraceRecording::calls_locked() const
{
    std::uint64_t calls = 0;
    for (const auto& log : threads_)
        calls += log->calls.load(std::memory_order_relaxed);
    return calls;
}

inline TraceRecording::ThreadLog& TraceRecording::this_thread_log()
{
    if (t_log.serial == serial_) [[likely]]
        return *static_cast<ThreadLog*>(t_log.log);
    auto& log = add_thread_log();
    t_log = {serial_, &log};
    return log;
}

TraceRecording::ThreadLog& TraceRecording::add_thread_log()
{
    std::lock_guard lock(mutex_);
    auto& log = *threads_.emplace_back(std::make_unique<ThreadLog>());
    log.number = static_cast<std::uint32_t>(threads_.size());
    return log;
}

bool TraceRecording::map_more(std::size_t needed, bool required)
{
    // A growth that is only ahead of need fails quietly: the space may be found when needed.
    auto fail = [&](std::string problem) {
        if (required)
            this->fail(std::move(problem));
        return false;
    };
    const auto mapped = mapping_.mapped();
    auto size = mapped ? std::min(mapped * 2, mapped + kLargestStep)
                       : kFirstBlockOffset + kFirstBlocks * block_size_;
    size = std::max(size, needed);
    const auto unit = platform::GrowingMapping::granularity();
    size = (size + unit - 1) / unit * unit;
    if (size > mapping_.reserved())
        return fail(fmt::format("the recording {} outgrew its {} MiB of address space",
                                recording_path_, mapping_.reserved() >> 20));
    if (!file_.allocate(mapped, size - mapped))
        return fail(platform::last_error());
    if (!mapping_.grow(file_, size))
        return fail(fmt::format("cannot map the recording: {}", platform::last_error()));
    return true;
}

bool TraceRecording::claim_block(ThreadLog& log, std::size_t bytes)
{
    std::lock_guard lock(mutex_);
    if (!error_.empty())
        return false;
    const auto span = std::max(
        static_cast<std::uint32_t>((sizeof(BlockHeader) + bytes + block_size_ - 1) / block_size_),
        std::min(std::uint32_t{1} << std::min(log.claims, 31u), kMostBlocksAtOnce));
    ++log.claims;
    const auto offset = next_block_;
    const auto end = offset + std::size_t{span} * block_size_;
    if (end > mapping_.mapped() && !map_more(end, true))
        return false;
    next_block_ = end;
    // Pages ahead of the claims, as many as were claimed so far (a short run prepares little).
    const auto ahead = std::clamp(end - kFirstBlockOffset, kLeastAhead, kMostAhead);
    if (end + ahead > mapping_.mapped())
        map_more(end + ahead, false);
    // The base as of now: a growth may have moved it (platform/file.h); earlier blocks stay put.
    auto* const base = mapping_.base();
    preparer_.prepare(base + end, base + std::min(mapping_.mapped(), end + ahead));
    auto* block = base + offset;
    BlockHeader header{0, current_thread_id(), log.number, span};
    std::memcpy(block + sizeof header.magic, reinterpret_cast<const std::byte*>(&header) + 4,
                sizeof header - sizeof header.magic);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::memcpy(block, &kBlockMagic, sizeof kBlockMagic); // last: a block with a magic is whole
    log.cursor = block + sizeof header;
    log.end = block + (end - offset);
    return true;
}

bool TraceRecording::reserve(ThreadLog& log, std::size_t bytes)
{
    if (static_cast<std::size_t>(log.end - log.cursor) >= bytes) [[likely]]
        return true;
    return claim_block(log, bytes);
}

std::uint32_t TraceRecording::define_site(ThreadLog& log, const TransitionSite& site)
{
    thread_local std::string payload;
    payload.clear();
    append_site_payload(payload, site);
    if (site.id == 0) {
        append_site_identity(payload, site);
        if (const auto it = sites_by_content_.find(payload); it != sites_by_content_.end())
            return it->second;
        payload.resize(payload.size() - kSiteIdentityBytes);
    }
    const auto bytes = 3 * 8 + words_for(payload.size()) * 8;
    if (!reserve(log, bytes))
        return 0;
    const auto index = next_site_++;
    auto* at = log.cursor;
    std::memset(at + 24, 0, bytes - 24);
    std::memcpy(at + 24, payload.data(), payload.size());
    put_word(at + 8, site.target);
    put_word(at + 16, payload.size() | (site.framework ? kSiteFramework : 0) |
                          (site.origin_unknown ? kSiteOriginUnknown : 0));
    commit_word(at, kKindSite | std::uint64_t{index} << kSiteShift);
    log.cursor += bytes;
    if (site.id != 0) {
        sites_by_id_.emplace(site.id, index);
    } else {
        append_site_identity(payload, site);
        sites_by_content_.emplace(payload, index);
    }
    return index;
}

inline std::uint32_t TraceRecording::site_index(ThreadLog& log, const TransitionSite& site)
{
    auto& recent = log.recent_sites[site.id % kRecentSites];
    if (site.id != 0 && recent.id == site.id) [[likely]]
        return recent.index;
    return register_site(log, site);
}

std::uint32_t TraceRecording::register_site(ThreadLog& log, const TransitionSite& site)
{
    std::lock_guard lock(sites_mutex_);
    std::uint32_t index = 0;
    if (const auto it = site.id ? sites_by_id_.find(site.id) : sites_by_id_.end();
        it != sites_by_id_.end())
        index = it->second;
    else
        index = define_site(log, site);
    if (site.id != 0 && index != 0)
        log.recent_sites[site.id % kRecentSites] = {site.id, index};
    return index;
}

void TraceRecording::record(const RecordedCall& call) noexcept
{
    if (failed_.load(std::memory_order_relaxed)) [[unlikely]]
        return;
    const int saved_errno = errno;
    try {
        auto& log = this_thread_log();
        const auto site = call.site ? site_index(log, *call.site) : 0;
        if (call.site && site == 0) {
            errno = saved_errno;
            return; // no room for its definition: the write error is kept
        }
        const auto layers =
            call.host_layers ? layers_change(log.layers, *call.host_layers) : Layers::None;
        const bool has_hr = call.hr != 0;
        const auto layer_bytes =
            layers == Layers::Full ? 8 + words_for(call.host_layers->size()) * 8 : 0;
        const auto bytes = 16 + (has_hr ? 8 : 0) + layer_bytes;
        if (!reserve(log, bytes)) {
            errno = saved_errno;
            return;
        }
        auto* at = log.cursor;
        auto* extra = at + 16;
        if (has_hr) {
            put_word(extra, static_cast<std::uint32_t>(call.hr));
            extra += 8;
        }
        if (layers == Layers::Full) {
            put_word(extra, call.host_layers->size());
            std::memset(extra + layer_bytes - 8, 0, 8); // the padding of the last word
            std::memcpy(extra + 8, call.host_layers->data(), call.host_layers->size());
        }
        put_word(at + 8, next_seq_.fetch_add(1, std::memory_order_relaxed));
        commit_word(at, (static_cast<std::uint64_t>(call.call) + 1) | (has_hr ? kHasHr : 0) |
                            std::uint64_t{static_cast<std::uint8_t>(call.hook)} << kHookShift |
                            (call.skipped ? kSkipped : 0) |
                            std::uint64_t{static_cast<std::uint8_t>(layers)} << kLayersShift |
                            std::uint64_t{site} << kSiteShift);
        log.cursor += bytes;
        log.calls.store(log.calls.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        if (layers != Layers::None && layers != Layers::Same)
            log.layers.assign(*call.host_layers);
    } catch (...) {
        // Out of memory for a thread's log or a site: this call is lost, and said so.
        std::lock_guard lock(mutex_);
        fail("out of memory");
    }
    errno = saved_errno;
}

void TraceRecording::record_event(ThreadEvent event, std::uint32_t os_tid) noexcept
{
    if (failed_.load(std::memory_order_relaxed)) [[unlikely]]
        return;
    const int saved_errno = errno;
    try {
        auto& log = this_thread_log();
        if (reserve(log, 16)) {
            put_word(log.cursor + 8, next_seq_.fetch_add(1, std::memory_order_relaxed));
            commit_word(log.cursor,
                        kKindThreadEvent |
                            std::uint64_t{static_cast<std::uint8_t>(event)} << kEventShift |
                            std::uint64_t{os_tid} << kEventTidShift);
            log.cursor += 16;
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        fail("out of memory");
    }
    errno = saved_errno;
}

std::uint64_t TraceRecording::finish()
{
    if (finished_)
        return 0;
    unmap();
    const auto recording_error = error();
    ExportResult exported;
    try {
        exported = export_recording(file_, recording_path_, trace_path_);
    } catch (const TraceWriteError& export_error) {
        // The recording stays, for a reader; a recording that had failed first says so first.
        if (recording_error.empty())
            throw;
        throw TraceWriteError(fmt::format("{}; they stay readable in {}, where the suite reads "
                                          "them",
                                          recording_error, recording_path_));
    }
    if (!exported.damage.empty()) // a fault of the suite's own: keep the evidence
        throw TraceWriteError(fmt::format("writing trace {}: {}", trace_path_, exported.damage));
    platform::remove_file(recording_path_); // Windows: removed once closed, right below
    file_.close();
    finished_ = true;
    if (!recording_error.empty())
        throw TraceWriteError(recording_error); // what was recorded before it is in the trace
    return exported.calls;
}

} // namespace clrhost::trace
