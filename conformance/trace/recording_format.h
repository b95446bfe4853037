// The layout of a trace recording (`<trace>.rec`): what TraceRecording writes while calls are
// made and RecordingReader turns into trace format v1. Internal to the suite: a recording lives
// until its trace is exported, and only this version of the suite reads it. Little-endian.
//
//   file header   kFileHeaderSize bytes: magic, version, block size, the trace's header line
//   blocks        from kFirstBlockOffset, each span * block size bytes, owned by one thread:
//                 a block header, then records of 8-byte words until a zero word or the end
//
// A record is written back to front: its first word, which says what it is, is stored last, so
// a process that dies in the middle of one leaves a zero word where it would have begun, which
// ends that thread's calls. Calls carry the global seq; a thread's records are in seq order.
#pragma once

#include <cstddef>
#include <cstdint>

namespace clrhost::trace::recording {

inline constexpr char kFileMagic[8] = {'C', 'L', 'R', 'H', 'R', 'E', 'C', '1'};
inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::size_t kFileHeaderSize = 64;
inline constexpr std::size_t kFirstBlockOffset = 4096; // the header line fits before it
inline constexpr std::size_t kMaxHeaderLine = kFirstBlockOffset - kFileHeaderSize;
// What the suite records with: a thread's first block is one, its later ones grow to
// kMostBlocksAtOnce, so a short-lived thread costs a page and a busy one claims rarely.
inline constexpr std::uint32_t kBlockSize = 4096;
inline constexpr std::uint32_t kMostBlocksAtOnce = 16;
// The block sizes a recording may say it has: a power of two in this range.
inline constexpr std::uint32_t kSmallestBlock = 256;
inline constexpr std::uint32_t kLargestBlock = 1024 * 1024;
inline constexpr bool valid_block_size(std::uint32_t size)
{
    return size >= kSmallestBlock && size <= kLargestBlock && (size & (size - 1)) == 0;
}

struct FileHeader {
    char magic[8];
    std::uint32_t version;
    std::uint32_t block_size;
    std::uint32_t header_line_length; // the JSON header line follows at kFileHeaderSize
    std::uint32_t reserved[11];
};
static_assert(sizeof(FileHeader) == kFileHeaderSize);

inline constexpr std::uint32_t kBlockMagic = 0x4B4C4243; // "CBLK"

struct BlockHeader {
    std::uint32_t magic;
    std::uint32_t tid;    // the OS thread that recorded into it
    std::uint32_t thread; // the recording's own number for that thread (tids are reused)
    std::uint32_t span;   // blocks it covers: a thread's later claims, or a record larger than one
};
static_assert(sizeof(BlockHeader) == 16);

// The first word of a record. Bits 0-3: the kind. Calls: HostCall + 1.
inline constexpr std::uint64_t kKindMask = 0xF;
inline constexpr std::uint64_t kKindSite = 0xF; // a call site's definition
inline constexpr std::uint64_t kLastCallKind = 6;
// A thread's event (trace::ThreadEvent in bits 4-7), about the OS thread in bits 32-63, which
// need not be the one whose block holds it; then the seq word.
inline constexpr std::uint64_t kKindThreadEvent = 7;
inline constexpr unsigned kEventShift = 4;
inline constexpr std::uint64_t kLastEvent = 1;
inline constexpr unsigned kEventTidShift = 32;

// Calls: flags in bits 4-10, the site's index in bits 32-63 (0: no site). Then the seq word;
// then an HRESULT word when kHasHr (else S_OK); then the host's layers when kLayersFull: a word
// with their count, then the letters, padded to a word.
inline constexpr std::uint64_t kHasHr = 1u << 4;
inline constexpr unsigned kHookShift = 5; // 2 bits: Hook
inline constexpr std::uint64_t kSkipped = 1u << 7;
inline constexpr unsigned kLayersShift = 8; // 3 bits: Layers
inline constexpr unsigned kSiteShift = 32;

enum class Hook : std::uint8_t { Absent, False, True, Unwritten };
// The host's layers after the call, against the same thread's previous record that had them.
enum class Layers : std::uint8_t { None, Same, PushUnmanaged, PushManaged, Pop, Full };
inline constexpr std::uint8_t kLastLayers = 5;

// Site definitions: index in bits 32-63; then the target word; then a word with the payload's
// length (low 32 bits) and flags (bit 32: framework, bit 33: origin unknown); then the payload:
// symbol, library, method, assembly and note, each a 32-bit length (kNullString for none) and its
// bytes; padded to a word.
inline constexpr std::uint64_t kSiteFramework = std::uint64_t{1} << 32;
inline constexpr std::uint64_t kSiteOriginUnknown = std::uint64_t{1} << 33;
inline constexpr std::uint32_t kNullString = 0xFFFFFFFF;
inline constexpr int kSiteStrings = 5;

inline constexpr std::size_t words_for(std::size_t bytes)
{
    return (bytes + 7) / 8;
}

} // namespace clrhost::trace::recording
