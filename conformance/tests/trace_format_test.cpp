// Trace format v1: what the writer writes the reader reads back, bad input is refused with its
// line number, and a process that dies mid-scenario leaves every recorded call readable.
#include "trace_file_writer.h"
#include "trace_format.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace clrhost;
using namespace clrhost::trace;

std::string temp_path(const std::string& name)
{
    return (std::filesystem::temp_directory_path() /
            (name + "-" + std::to_string(::getpid()) + ".jsonl"))
        .string();
}

TraceCall sample_call()
{
    TraceCall call;
    call.tid = 4242;
    call.call = CallKind::CallNeedsHostHook;
    call.target = 0x7f1200001234;
    call.symbol = "first_unmanaged";
    call.library = "libdoctable_native.so";
    call.method = "DocTable.Program.first_unmanaged";
    call.assembly = "DocTableVB";
    call.hr = HOST_E_TIMEOUT;
    call.hook = true;
    return call;
}

TEST(TraceFormat, WrittenCallsReadBackUnchanged)
{
    const auto path = temp_path("roundtrip");
    {
        TraceFileWriter writer(path, {"coreclr", "10.0.12", "reference"});
        auto call = sample_call();
        writer.append(call);
        call.call = CallKind::ReverseEnterRuntime;
        call.target.reset();
        call.symbol.reset();
        call.hook.reset();
        call.method = "Odd \"quoted\" \\ name";
        call.framework = true;
        call.note = "no target";
        writer.append(call);
        EXPECT_EQ(writer.calls_written(), 2u);
    }
    const auto trace = read_trace_file(path);
    EXPECT_EQ(trace.header.driver, "coreclr");
    EXPECT_EQ(trace.header.runtime, "10.0.12");
    EXPECT_EQ(trace.header.host, "reference");
    ASSERT_EQ(trace.calls.size(), 2u);
    const auto& first = trace.calls[0];
    EXPECT_EQ(first.seq, 0u);
    EXPECT_EQ(first.tid, 4242);
    EXPECT_EQ(first.call, CallKind::CallNeedsHostHook);
    EXPECT_EQ(first.target, 0x7f1200001234u);
    EXPECT_EQ(first.symbol, "first_unmanaged");
    EXPECT_EQ(first.hr, HOST_E_TIMEOUT);
    EXPECT_EQ(first.hook, true);
    EXPECT_FALSE(first.framework);
    const auto& second = trace.calls[1];
    EXPECT_EQ(second.seq, 1u);
    EXPECT_EQ(second.call, CallKind::ReverseEnterRuntime);
    EXPECT_FALSE(second.target.has_value());
    EXPECT_EQ(second.method, "Odd \"quoted\" \\ name");
    EXPECT_TRUE(second.framework);
    EXPECT_EQ(second.note, "no target");
    std::filesystem::remove(path);
}

std::size_t error_line(const std::string& text)
{
    std::istringstream in(text);
    try {
        TraceReader reader(in);
        while (reader.next()) {
        }
    } catch (const TraceFormatError& error) {
        return error.line();
    }
    return 0;
}

TEST(TraceFormat, UnusableInputNamesItsLine)
{
    const std::string header =
        R"({"format":"clrhost-trace","version":1,"driver":"replay","runtime":"","host":"x"})"
        "\n";
    const std::string good =
        R"({"seq":0,"tid":1,"call":"EnterRuntime","target":null,"symbol":null,"library":null,"method":null,"assembly":null,"hr":"0x00000000"})"
        "\n";
    EXPECT_EQ(error_line(""), 1u);
    EXPECT_EQ(error_line("not json\n"), 1u);
    EXPECT_EQ(error_line(R"({"format":"clrhost-trace","version":2})"
                         "\n"),
              1u);
    EXPECT_EQ(error_line(header + good + "{\"seq\":1,\"tid\":1\n"), 3u);   // truncated line
    EXPECT_EQ(error_line(header + good + good.substr(0, 40) + "}\n"), 3u); // missing fields
    EXPECT_EQ(
        error_line(
            header +
            R"({"seq":0,"tid":1,"call":"Bogus","target":null,"symbol":null,"library":null,"method":null,"assembly":null,"hr":"0x0"})"
            "\n"),
        2u);
    EXPECT_EQ(
        error_line(
            header +
            R"({"seq":0,"tid":1,"call":"LeaveRuntime","target":"zz","symbol":null,"library":null,"method":null,"assembly":null,"hr":"0x0"})"
            "\n"),
        2u);
    EXPECT_EQ(
        error_line(
            header +
            R"({"seq":0,"tid":1,"call":"CallNeedsHostHook","target":null,"symbol":null,"library":null,"method":null,"assembly":null,"hr":"0x0"})"
            "\n"),
        2u); // a CallNeedsHostHook without its answer
    EXPECT_EQ(error_line(header + good + good), 0u);
}

TEST(TraceFormat, UnwritablePathIsRefusedWithTheFix)
{
    try {
        TraceFileWriter writer("/nonexistent-dir/trace.jsonl", {"coreclr", "", "reference"});
        FAIL() << "an unwritable trace path was accepted";
    } catch (const TraceWriteError& error) {
        EXPECT_NE(std::string(error.what()).find("choose a writable --trace path"),
                  std::string::npos)
            << error.what();
    }
}

// A writer in a child process records calls and then dies without any clean-up: every call it
// had recorded must be in the file.
void expect_calls_survive(int how_it_dies)
{
    const auto path = temp_path("survive-" + std::to_string(how_it_dies));
    constexpr int kCalls = 500;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        TraceFileWriter writer(path, {"coreclr", "", "reference"});
        for (int i = 0; i < kCalls; ++i)
            writer.append(sample_call());
        ::raise(how_it_dies);
        ::_exit(0); // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), how_it_dies);
    const auto trace = read_trace_file(path);
    ASSERT_EQ(trace.calls.size(), static_cast<std::size_t>(kCalls));
    for (std::size_t i = 0; i < trace.calls.size(); ++i)
        EXPECT_EQ(trace.calls[i].seq, i);
    std::filesystem::remove(path);
}

TEST(TraceFormat, CallsSurviveAbort)
{
    expect_calls_survive(SIGABRT);
}
TEST(TraceFormat, CallsSurviveSigkill)
{
    expect_calls_survive(SIGKILL);
}

// A writer that died leaves NUL bytes: the unused tail of its file, and a line it was copying.
// The reader skips them and keeps every whole line.
TEST(TraceFormat, ReaderSkipsWhatADyingWriterLeftUnwritten)
{
    const std::string header =
        R"({"format":"clrhost-trace","version":1,"driver":"replay","runtime":"","host":"x"})"
        "\n";
    auto line = [](int seq) {
        return R"({"seq":)" + std::to_string(seq) +
               R"(,"tid":1,"call":"EnterRuntime","target":null,"symbol":null,"library":null,"method":null,"assembly":null,"hr":"0x00000000"})"
               "\n";
    };
    const std::string nuls(100, '\0');
    // seq 1 was reserved but never written, seq 2 was cut short, then the file's unused tail.
    const std::string text = header + line(0) + nuls + line(3) + line(4).substr(0, 30) + nuls +
                             line(5) + nuls;
    std::istringstream in(text);
    TraceReader reader(in);
    std::vector<std::uint64_t> seqs;
    while (const auto call = reader.next())
        seqs.push_back(call->seq);
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{0, 3, 5}));
}

// The writer's own formatting against the JSON library's, byte for byte, for strings of every
// byte value (escapes, control characters, bytes that are not UTF-8) and every optional field.
std::string reference_fields(const TraceCall& call)
{
    auto put = [](std::string& out, const char* key, const std::optional<std::string>& value) {
        out += ",\"";
        out += key;
        out += "\":";
        out += value ? nlohmann::json(*value).dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
                     : "null";
    };
    std::string out = "\"tid\":" + std::to_string(call.tid) + ",\"call\":\"" +
                      std::string(call_name(call.call)) + "\",\"target\":";
    if (call.target) {
        char text[32];
        std::snprintf(text, sizeof text, "\"0x%llx\"", static_cast<unsigned long long>(*call.target));
        out += text;
    } else {
        out += "null";
    }
    put(out, "symbol", call.symbol);
    put(out, "library", call.library);
    put(out, "method", call.method);
    put(out, "assembly", call.assembly);
    out += ",\"hr\":\"" + hresult_hex(call.hr) + "\"";
    if (call.call == CallKind::CallNeedsHostHook)
        out += !call.hook ? ",\"hook\":null" : *call.hook ? ",\"hook\":true" : ",\"hook\":false";
    if (call.framework)
        out += ",\"framework\":true";
    if (call.skipped)
        out += ",\"skipped\":true";
    if (call.host_layers)
        put(out, "host_layers", call.host_layers);
    if (call.note)
        put(out, "note", call.note);
    return out + "}";
}

TEST(TraceFormat, FormattingMatchesTheJsonLibrary)
{
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    auto text = [&]() -> std::optional<std::string> {
        const auto kind = next() % 5;
        if (kind == 0)
            return std::nullopt;
        std::string value;
        const auto length = next() % 40;
        for (std::uint64_t i = 0; i < length; ++i)
            value += kind == 1 ? static_cast<char>(next() % 256)          // any byte at all
                   : kind == 2 ? static_cast<char>(0x20 + next() % 0x5F) // printable ASCII
                               : "aZ09._+|<>\"\\\x7f\x01\t\n\xc3\xa9\xe2\x82\xac"[next() % 20];
        return value;
    };
    for (int i = 0; i < 20000; ++i) {
        TraceCall call;
        call.tid = static_cast<std::int64_t>(next() % 4000000) - 10;
        call.call = static_cast<CallKind>(next() % 6);
        if (next() % 3)
            call.target = next() >> (next() % 64);
        call.symbol = text();
        call.library = text();
        call.method = text();
        call.assembly = text();
        call.note = text();
        call.hr = static_cast<HRESULT>(next());
        if (next() % 3)
            call.hook = next() % 2 == 0;
        call.framework = next() % 2;
        call.skipped = next() % 2;
        if (next() % 2)
            call.host_layers = std::string(next() % 70, next() % 2 ? 'U' : 'M');
        ASSERT_EQ(format_call_fields(call), reference_fields(call)) << "call " << i;
    }
}

} // namespace
