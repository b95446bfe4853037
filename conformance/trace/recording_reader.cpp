#include "conformance/trace/recording_reader.h"

#include "conformance/trace/recording_format.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace clrhost::trace {

using namespace recording;

namespace {

std::uint64_t word_at(const std::byte* data, std::size_t at)
{
    std::uint64_t word;
    std::memcpy(&word, data + at, sizeof word);
    return word;
}

std::uint32_t u32_at(const std::byte* data, std::size_t at)
{
    std::uint32_t value;
    std::memcpy(&value, data + at, sizeof value);
    return value;
}

} // namespace

RecordingFormatError::RecordingFormatError(const std::string& path, std::size_t offset,
                                           const std::string& problem)
    : std::runtime_error(
          fmt::format("recording {} is damaged at byte {}: {}", path, offset, problem)),
      offset_(offset)
{
}

struct RecordingReader::Site {
    std::uint64_t target = 0;
    std::array<std::optional<std::string_view>, kSiteStrings> text;
    bool framework = false;
    bool origin_unknown = false;
    std::string_view payload; // for telling a repeated definition from a conflicting one
};

struct RecordingReader::Stream {
    std::vector<std::size_t> blocks; // into blocks_, in file order
    std::size_t block = 0;           // the current one
    std::size_t at = 0;              // its pending call, when `pending`
    bool pending = false;
    std::uint64_t seq = 0; // of the pending call
    std::string layers;    // the host's layers of the last call that had them
};

RecordingReader::RecordingReader(const platform::File& file, std::string path)
    : path_(std::move(path))
{
    map(file);
    read_header();
    index_blocks();
}

RecordingReader::RecordingReader(std::string path) : path_(std::move(path))
{
    const platform::File file(path_, platform::File::Mode::Read);
    if (!file)
        throw std::runtime_error(
            fmt::format("cannot open recording {}: {}", path_, platform::last_error()));
    map(file);
    read_header();
    index_blocks();
}

RecordingReader::~RecordingReader() = default;

void RecordingReader::map(const platform::File& file)
{
    const auto size = file.size();
    if (!size)
        throw std::runtime_error(
            fmt::format("cannot read recording {}: {}", path_, platform::last_error()));
    size_ = static_cast<std::size_t>(*size);
    if (size_ < kFileHeaderSize)
        throw RecordingFormatError(path_, 0,
                                   fmt::format("it is {} bytes, shorter than a "
                                               "recording's header",
                                               size_));
    mapping_.emplace(file, size_);
    data_ = mapping_->data();
    if (!data_)
        throw std::runtime_error(
            fmt::format("cannot map recording {}: {}", path_, platform::last_error()));
}

void RecordingReader::damaged(std::size_t offset, const std::string& problem) const
{
    throw RecordingFormatError(path_, offset, problem);
}

void RecordingReader::read_header()
{
    FileHeader file_header;
    std::memcpy(&file_header, data_, sizeof file_header);
    if (std::memcmp(file_header.magic, kFileMagic, sizeof kFileMagic) != 0)
        damaged(0, "not a trace recording (no CLRHREC1 magic)");
    if (file_header.version != kVersion)
        damaged(8, fmt::format("recording version {}: this suite reads version {}",
                               file_header.version, kVersion));
    if (!valid_block_size(file_header.block_size))
        damaged(12, fmt::format("block size {}: not a power of two from {} to {}",
                                file_header.block_size, kSmallestBlock, kLargestBlock));
    block_size_ = file_header.block_size;
    if (file_header.header_line_length > kMaxHeaderLine ||
        kFileHeaderSize + file_header.header_line_length > size_)
        damaged(16, "the trace header runs past its place");
    const std::string line(reinterpret_cast<const char*>(data_ + kFileHeaderSize),
                           file_header.header_line_length);
    std::istringstream in(line);
    try {
        TraceReader reader(in);
        header_ = reader.header();
    } catch (const TraceFormatError& error) {
        damaged(kFileHeaderSize, fmt::format("its trace header: {}", error.what()));
    }
}

// The size of the record at `at`, 0 at the end of the block's records; 0 with `problem` set at
// damage. Checks everything a record's bytes alone can tell.
std::size_t RecordingReader::record_size(const Block& block, std::size_t at, std::string& problem)
{
    const auto span = u32_at(data_, block.offset + 12);
    const auto end = block.offset + std::size_t{span} * block_size_;
    if (at + 8 > end)
        return 0;
    const auto first = word_at(data_, at);
    if (first == 0)
        return 0;
    const auto kind = first & kKindMask;
    auto fits = [&](std::size_t size) {
        if (at + size <= end)
            return true;
        problem = "a record runs past the end of its block";
        return false;
    };
    if (kind >= 1 && kind <= kLastCallKind) {
        const auto layers = (first >> kLayersShift) & 0x7;
        if ((first & 0xFFFFF800u) != 0 || layers > kLastLayers) {
            problem = fmt::format("unknown flags in call record 0x{:016x}", first);
            return 0;
        }
        std::size_t size = 16 + ((first & kHasHr) ? 8 : 0);
        if (!fits(size))
            return 0;
        if (layers == static_cast<std::uint64_t>(Layers::Full)) {
            if (!fits(size + 8))
                return 0;
            const auto count = word_at(data_, at + size);
            if (count > end - at - size - 8) {
                problem = "a record's host layers run past the end of its block";
                return 0;
            }
            const auto* letters = reinterpret_cast<const char*>(data_ + at + size + 8);
            if (!valid_host_layers({letters, count})) {
                problem = "host layers hold letters other than U, M and ?, or ! among others";
                return 0;
            }
            size += 8 + words_for(count) * 8;
            if (!fits(size))
                return 0;
        }
        return size;
    }
    if (kind == kKindSite) {
        if ((first & 0xFFFFFFF0u) != 0 || (first >> kSiteShift) == 0) {
            problem = fmt::format("a site definition with a bad first word 0x{:016x}", first);
            return 0;
        }
        if (!fits(24))
            return 0;
        const auto third = word_at(data_, at + 16);
        const auto payload = third & 0xFFFFFFFF;
        if ((third >> 32) & ~std::uint64_t{3}) {
            problem = "unknown site flags";
            return 0;
        }
        if (payload > end - at - 24) {
            problem = "a site definition runs past the end of its block";
            return 0;
        }
        std::size_t used = 0;
        for (int i = 0; i < kSiteStrings; ++i) {
            if (used + 4 > payload) {
                problem = "a site definition is cut short";
                return 0;
            }
            const auto length = u32_at(data_, at + 24 + used);
            used += 4;
            if (length != kNullString) {
                if (length > payload - used) {
                    problem = "a site's text runs past its definition";
                    return 0;
                }
                used += length;
            }
        }
        if (used != payload) {
            problem = "a site definition is longer than its texts";
            return 0;
        }
        return 24 + words_for(payload) * 8;
    }
    if (kind == kKindThreadEvent) {
        if ((first & 0xFFFFFF00u) != 0 || ((first >> kEventShift) & 0xF) > kLastEvent) {
            problem = fmt::format("a thread event with a bad first word 0x{:016x}", first);
            return 0;
        }
        return fits(16) ? 16 : 0;
    }
    problem = fmt::format("unknown record kind {}", kind);
    return 0;
}

void RecordingReader::define_site(std::size_t at)
{
    Site site;
    site.target = word_at(data_, at + 8);
    const auto third = word_at(data_, at + 16);
    site.framework = (third & kSiteFramework) != 0;
    site.origin_unknown = (third & kSiteOriginUnknown) != 0;
    site.payload =
        std::string_view(reinterpret_cast<const char*>(data_ + at + 24), third & 0xFFFFFFFF);
    std::size_t used = 0;
    for (auto& text : site.text) {
        const auto length = u32_at(data_, at + 24 + used);
        used += 4;
        if (length != kNullString) {
            text = site.payload.substr(used, length);
            used += length;
        }
    }
    const auto index = static_cast<std::uint32_t>(word_at(data_, at) >> kSiteShift);
    // The recorder writes one of the two: the trace format has no site that is both.
    if (site.framework && site.origin_unknown)
        damaged(at, fmt::format("site {} is marked framework and of unknown origin", index));
    const auto [it, added] = sites_.emplace(index, site);
    if (!added && (it->second.payload != site.payload || it->second.target != site.target ||
                   it->second.framework != site.framework ||
                   it->second.origin_unknown != site.origin_unknown))
        damaged(at, fmt::format("site {} is defined twice, differently", index));
}

void RecordingReader::index_blocks()
{
    std::unordered_map<std::uint32_t, std::size_t> stream_of_thread;
    for (std::size_t offset = kFirstBlockOffset; offset + sizeof(BlockHeader) <= size_;) {
        BlockHeader header;
        std::memcpy(&header, data_ + offset, sizeof header);
        if (header.magic == 0) {
            offset += block_size_; // space the writer had not used yet
            continue;
        }
        if (header.magic != kBlockMagic)
            damaged(offset, "a block without its header");
        if (header.span == 0 || header.span > (size_ - offset) / block_size_)
            damaged(offset,
                    fmt::format("a block spans {} blocks, past the end of the file", header.span));
        Block block{offset, offset + sizeof(BlockHeader), header.tid, {}};
        for (;;) {
            std::string problem;
            const auto size = record_size(block, block.records, problem);
            if (size == 0) {
                block.damage = std::move(problem);
                break;
            }
            if ((word_at(data_, block.records) & kKindMask) == kKindSite)
                define_site(block.records);
            block.records += size;
        }
        auto [it, added] = stream_of_thread.emplace(header.thread, streams_.size());
        if (added)
            streams_.emplace_back();
        streams_[it->second].blocks.push_back(blocks_.size());
        blocks_.push_back(std::move(block));
        offset += std::size_t{header.span} * block_size_;
    }
    auto later = [this](std::size_t a, std::size_t b) { return streams_[a].seq > streams_[b].seq; };
    for (std::size_t i = 0; i < streams_.size(); ++i)
        if (advance(streams_[i])) {
            heap_.push_back(i);
            std::push_heap(heap_.begin(), heap_.end(), later);
        }
}

// Finds the stream's next call, across its blocks, and reads its seq.
bool RecordingReader::advance(Stream& stream)
{
    std::size_t at =
        stream.pending ? stream.at : blocks_[stream.blocks[0]].offset + sizeof(BlockHeader);
    if (stream.pending) {
        std::string unused;
        at += record_size(blocks_[stream.blocks[stream.block]], at, unused);
    }
    stream.pending = false;
    for (;;) {
        const auto& block = blocks_[stream.blocks[stream.block]];
        while (at < block.records && (word_at(data_, at) & kKindMask) == kKindSite) {
            std::string unused;
            at += record_size(block, at, unused);
        }
        if (at < block.records)
            break;
        if (!block.damage.empty()) {
            if (damage_.empty() || block.records < damage_offset_) {
                damage_ = block.damage;
                damage_offset_ = block.records;
            }
            return false;
        }
        if (++stream.block == stream.blocks.size())
            return false;
        at = blocks_[stream.blocks[stream.block]].offset + sizeof(BlockHeader);
    }
    stream.at = at;
    stream.seq = word_at(data_, at + 8);
    stream.pending = true;
    return true;
}

bool RecordingReader::next(std::uint64_t& seq, CallFieldsView& call)
{
    auto later = [this](std::size_t a, std::size_t b) { return streams_[a].seq > streams_[b].seq; };
    if (heap_.empty()) {
        if (!damage_.empty())
            damaged(damage_offset_, damage_ + " (every call before it was read)");
        return false;
    }
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const auto index = heap_.back();
    heap_.pop_back();
    auto& stream = streams_[index];
    const auto at = stream.at;
    const auto first = word_at(data_, at);
    seq = stream.seq;
    // Merged by seq, every seq comes once and after the one before: one that comes again or
    // goes back (in its thread, or the same in two threads) is no recording the suite wrote.
    if (returned_any_ && seq <= last_seq_)
        damaged(at, fmt::format("seq {} after seq {}", seq, last_seq_));
    returned_any_ = true;
    last_seq_ = seq;

    call = CallFieldsView{};
    call.tid = blocks_[stream.blocks[stream.block]].tid;
    if ((first & kKindMask) == kKindThreadEvent) {
        call.event = static_cast<ThreadEvent>((first >> kEventShift) & 0xF);
        call.tid = static_cast<std::uint32_t>(first >> kEventTidShift);
    } else {
        read_call(stream, at, first, call);
    }
    if (advance(stream)) {
        heap_.push_back(index);
        std::push_heap(heap_.begin(), heap_.end(), later);
    }
    return true;
}

// The fields of the call record at `at` (first: its first word) into call.
void RecordingReader::read_call(Stream& stream, std::size_t at, std::uint64_t first,
                                CallFieldsView& call)
{
    call.call = static_cast<HostCall>((first & kKindMask) - 1);
    std::size_t extra = at + 16;
    call.hr = 0;
    if (first & kHasHr) {
        call.hr = static_cast<HRESULT>(static_cast<std::uint32_t>(word_at(data_, extra)));
        extra += 8;
    }
    switch (static_cast<HookAnswer>((first >> kHookShift) & 0x3)) {
    case HookAnswer::Absent:
        break;
    case HookAnswer::False:
        call.hook = false;
        break;
    case HookAnswer::True:
        call.hook = true;
        break;
    case HookAnswer::Unwritten:
        break; // null in the trace
    }
    call.skipped = (first & kSkipped) != 0;
    switch (static_cast<Layers>((first >> kLayersShift) & 0x7)) {
    case Layers::None:
        break;
    case Layers::Same:
        call.host_layers = stream.layers;
        break;
    case Layers::PushUnmanaged:
        stream.layers += 'U';
        call.host_layers = stream.layers;
        break;
    case Layers::PushManaged:
        stream.layers += 'M';
        call.host_layers = stream.layers;
        break;
    case Layers::Pop:
        if (stream.layers.empty())
            damaged(at, "host layers close a layer the thread did not have");
        stream.layers.pop_back();
        call.host_layers = stream.layers;
        break;
    case Layers::Full:
        stream.layers.assign(reinterpret_cast<const char*>(data_ + extra + 8),
                             word_at(data_, extra));
        call.host_layers = stream.layers;
        break;
    }
    if (const auto site_index = static_cast<std::uint32_t>(first >> kSiteShift)) {
        const auto it = sites_.find(site_index);
        if (it == sites_.end())
            damaged(at, fmt::format("a call names site {}, which is not defined", site_index));
        const auto& site = it->second;
        if (site.target)
            call.target = site.target;
        call.symbol = site.text[0];
        call.library = site.text[1];
        call.method = site.text[2];
        call.assembly = site.text[3];
        call.note = site.text[4];
        call.framework = site.framework;
        call.origin_unknown = site.origin_unknown;
    }
}

std::optional<TraceCall> RecordingReader::next()
{
    std::uint64_t seq = 0;
    CallFieldsView view;
    if (!next(seq, view))
        return std::nullopt;
    return owned_call(seq, view);
}

ExportResult export_recording(const platform::File& recording, const std::string& recording_path,
                              const std::string& trace_path)
{
    RecordingReader reader(recording, recording_path);
    platform::File out(trace_path, platform::File::Mode::WriteTruncate);
    if (!out)
        throw TraceWriteError(fmt::format("cannot write trace {}: {}: choose a writable --trace "
                                          "path",
                                          trace_path, platform::last_error()));
    ExportResult result;
    std::string buffer = format_header(reader.header()) + '\n';
    const auto header_size = buffer.size();
    std::uint64_t seq = 0;
    CallFieldsView call;
    // A write that fails leaves the trace its header alone: readers then take the calls from the
    // recording, which stays; the message says how many it keeps.
    auto write_failed = [&](const char* problem) {
        (void)out.truncate(header_size);
        try {
            while (reader.next(seq, call))
                result.calls += call.event ? 0 : 1;
        } catch (const RecordingFormatError&) {
        }
        return TraceWriteError(fmt::format(
            "writing trace {} failed: {}: its {} recorded calls stay readable in {}, where the "
            "suite reads them: free some space, and the next read of the trace completes it",
            trace_path, problem, result.calls, recording_path));
    };
    auto flush = [&] {
        if (!out.append(buffer))
            throw write_failed(platform::last_error().c_str());
        buffer.clear();
    };
    try {
        while (reader.next(seq, call)) {
            buffer += "{\"seq\":";
            char digits[24];
            buffer.append(digits, std::to_chars(digits, digits + sizeof digits, seq).ptr);
            buffer += ',';
            append_call_fields(buffer, call);
            buffer += '\n';
            result.calls += call.event ? 0 : 1;
            if (buffer.size() >= (std::size_t{1} << 20))
                flush();
        }
    } catch (const RecordingFormatError& damage) {
        result.damage = damage.what();
    }
    flush();
    return result;
}

} // namespace clrhost::trace
