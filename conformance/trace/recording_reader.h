// Reads a trace recording (recording_format.h) back as calls in seq order, and exports it as the
// trace's JSON Lines. Every thread's records are checked as they are read: a damaged recording
// yields the calls before the damage, then says where it is.
#pragma once

#include "conformance/platform/file.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace clrhost::trace {

// A recording that is not one, or is damaged: where, and what is wrong.
class RecordingFormatError : public std::runtime_error {
public:
    RecordingFormatError(const std::string& path, std::size_t offset, const std::string& problem);
    std::size_t offset() const noexcept { return offset_; }

private:
    std::size_t offset_;
};

class RecordingReader {
public:
    // Reads through file (which stays the caller's) or opens path. Throws RecordingFormatError
    // when the file is no recording, std::runtime_error when it cannot be read.
    RecordingReader(const platform::File& file, std::string path);
    explicit RecordingReader(std::string path);
    ~RecordingReader(); // where Site and Stream are whole
    RecordingReader(const RecordingReader&) = delete;
    RecordingReader& operator=(const RecordingReader&) = delete;

    const TraceHeader& header() const noexcept { return header_; }
    // The next call; its views stay valid until the next call of next(). False at the end.
    // Throws RecordingFormatError at the end instead when a thread's records were damaged:
    // every call before the damage has been returned.
    bool next(std::uint64_t& seq, CallFieldsView& call);
    std::optional<TraceCall> next();

private:
    struct Site;
    struct Block {
        std::size_t offset = 0;  // of its header
        std::size_t records = 0; // where its records end: a zero word, its end, or damage
        std::uint32_t tid = 0;
        std::string damage; // at `records`, when it stopped there for that
    };
    struct Stream; // one thread's blocks
    void map(const platform::File& file);
    void read_header();
    void index_blocks();
    std::size_t record_size(const Block& block, std::size_t at, std::string& problem);
    void define_site(std::size_t at);
    bool advance(Stream& stream); // to its next call; false at its end
    void read_call(Stream& stream, std::size_t at, std::uint64_t first, CallFieldsView& call);
    [[noreturn]] void damaged(std::size_t offset, const std::string& problem) const;

    std::string path_;
    // The file, mapped read-only: unmapped however the reader ends, a throwing constructor too.
    std::optional<platform::FileView> mapping_;
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t block_size_ = 0;
    TraceHeader header_;
    std::vector<Block> blocks_;
    std::vector<Stream> streams_;
    std::unordered_map<std::uint32_t, Site> sites_;
    std::vector<std::size_t> heap_; // streams with a call pending, by that call's seq
    bool returned_any_ = false;
    std::uint64_t last_seq_ = 0; // of the call returned last
    std::size_t damage_offset_ = 0;
    std::string damage_; // the first damage met, thrown once every readable call was returned
};

struct ExportResult {
    std::uint64_t calls = 0; // host calls: thread events are written, not counted
    std::string damage;      // "": the whole recording was exported
};

// Writes the trace (its header line, then one line per call) from the recording read through
// recording_fd. Throws TraceWriteError when the trace cannot be written: it then holds only its
// header, and the recording is left as it is.
ExportResult export_recording(const platform::File& recording, const std::string& recording_path,
                              const std::string& trace_path);

} // namespace clrhost::trace
