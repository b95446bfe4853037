// Trace format v1: bad input is refused with its line number, what a dying writer left is
// skipped, and the formatter writes what the JSON library would (trace_recording_test.cpp: what
// is recorded reads back unchanged, also from a process that died).
#include "conformance/trace/trace_format.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <random>
#include <sstream>

namespace {

using namespace clrhost;
using namespace clrhost::trace;

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

// What a host's introspection answered: its two layers, "?" for a value that is neither, "!"
// alone for no answer. Anything else is damage.
// Version 1 grew thread events and the unknown origin: a trace without them (every older one)
// reads as before, and one with them reads them back as written.
TEST(TraceFormat, ThreadEventsAndUnknownOriginExtendVersion1)
{
    const std::string old_trace =
        "{\"driver\":\"coreclr\",\"format\":\"clrhost-trace\",\"host\":\"reference\","
        "\"runtime\":\"10.0.12\",\"version\":1}\n"
        "{\"seq\":0,\"tid\":5,\"call\":\"GetCurrentTask\",\"target\":null,\"symbol\":null,"
        "\"library\":null,\"method\":null,\"assembly\":null,\"hr\":\"0x00000000\"}\n";
    std::istringstream old_in(old_trace);
    TraceReader old_reader(old_in);
    EXPECT_FALSE(old_reader.header().thread_ends);
    EXPECT_EQ(old_reader.header().scenario, "") << "a trace of no scenario, or an older one";
    const auto old_call = old_reader.next();
    ASSERT_TRUE(old_call);
    EXPECT_FALSE(old_call->is_event());
    EXPECT_FALSE(old_call->origin_unknown);

    TraceHeader header{"coreclr", "10.0.12", "reference", true, "doc-table:vb"};
    TraceCall ended;
    ended.seq = 3;
    ended.tid = 77;
    ended.event = ThreadEvent::ThreadEnded;
    TraceCall unknown;
    unknown.seq = 4;
    unknown.tid = 5;
    unknown.method = "System.Action.Invoke";
    unknown.origin_unknown = true;
    EXPECT_EQ(format_call(ended), "{\"seq\":3,\"tid\":77,\"event\":\"ThreadEnded\"}");
    std::istringstream in(format_header(header) + "\n" + format_call(ended) + "\n" +
                          format_call(unknown) + "\n");
    TraceReader reader(in);
    EXPECT_TRUE(reader.header().thread_ends);
    EXPECT_EQ(reader.header().scenario, "doc-table:vb");
    const auto event = reader.next();
    ASSERT_TRUE(event);
    EXPECT_EQ(event->event, ThreadEvent::ThreadEnded);
    EXPECT_EQ(event->tid, 77);
    const auto call = reader.next();
    ASSERT_TRUE(call);
    EXPECT_TRUE(call->origin_unknown);
    EXPECT_FALSE(call->is_app_call());
    EXPECT_EQ(error_line(format_header(header) + "\n{\"seq\":0,\"tid\":1,\"event\":\"Born\"}\n"),
              2u);
}

TEST(TraceFormat, HostLayersHoldTheLayersUnknownOnesOrNoAnswer)
{
    const std::string header =
        R"({"format":"clrhost-trace","version":1,"driver":"replay","runtime":"","host":"x"})"
        "\n";
    auto with_layers = [&](const std::string& layers) {
        return header +
               R"({"seq":0,"tid":1,"call":"EnterRuntime","target":null,"symbol":null,"library":null,"method":null,"assembly":null,"hr":"0x00000000","host_layers":")" +
               layers + "\"}\n";
    };
    for (const auto* layers : {"", "UM", "U?M", "!"})
        EXPECT_EQ(error_line(with_layers(layers)), 0u) << layers;
    for (const auto* layers : {"UX", "u", "U!", "!!"})
        EXPECT_EQ(error_line(with_layers(layers)), 2u) << layers;
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
    const std::string text =
        header + line(0) + nuls + line(3) + line(4).substr(0, 30) + nuls + line(5) + nuls;
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
        std::snprintf(text, sizeof text, "\"0x%llx\"",
                      static_cast<unsigned long long>(*call.target));
        out += text;
    } else {
        out += "null";
    }
    put(out, "symbol", call.symbol);
    put(out, "library", call.library);
    put(out, "method", call.method);
    put(out, "assembly", call.assembly);
    out += ",\"hr\":\"" + hresult_hex(call.hr) + "\"";
    if (call.call == HostCall::CallNeedsHostHook)
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
    std::mt19937_64 next(0x9E3779B97F4A7C15ULL); // the same calls on every machine
    auto text = [&]() -> std::optional<std::string> {
        const auto kind = next() % 5;
        if (kind == 0)
            return std::nullopt;
        std::string value;
        const auto length = next() % 40;
        for (std::uint64_t i = 0; i < length; ++i)
            value += kind == 1   ? static_cast<char>(next() % 256)         // any byte at all
                     : kind == 2 ? static_cast<char>(0x20 + next() % 0x5F) // printable ASCII
                                 : "aZ09._+|<>\"\\\x7f\x01\t\n\xc3\xa9\xe2\x82\xac"[next() % 20];
        return value;
    };
    for (int i = 0; i < 20000; ++i) {
        TraceCall call;
        call.tid = static_cast<std::int64_t>(next() % 4000000) - 10;
        call.call = static_cast<HostCall>(next() % 6);
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
