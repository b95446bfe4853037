// libFuzzer target: the trace reader over arbitrary bytes, as `clrhost-conformance check` reads a
// file. The contract: the reader either yields calls or throws TraceFormatError (which the CLI
// turns into exit code 2 naming the line); never another exception, a crash or undefined
// behaviour. Every header and call it accepts survives the writer and the reader again unchanged.
#include "conformance/fuzz/fuzz_check.h"
#include "conformance/trace/trace_format.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

using namespace clrhost;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::vector<trace::TraceCall> calls;
    try {
        trace::TraceReader reader(in);
        const auto header = reader.header();
        std::istringstream again(trace::format_header(header) + "\n");
        trace::TraceReader header_back(again);
        CLRHOST_FUZZ_CHECK(header_back.header().driver == header.driver &&
                               header_back.header().runtime == header.runtime &&
                               header_back.header().host == header.host,
                           "the header changed on the way through the format: {}",
                           trace::format_header(header));
        std::size_t last_line = reader.line_number();
        try {
            while (auto call = reader.next()) {
                CLRHOST_FUZZ_CHECK(reader.line_number() > last_line, "the line number stood still");
                last_line = reader.line_number();
                calls.push_back(std::move(*call));
            }
        } catch (const trace::TraceFormatError& error) {
            CLRHOST_FUZZ_CHECK(error.line() > 1, "a call's format error names line {}",
                               error.line());
        }
    } catch (const trace::TraceFormatError& error) {
        CLRHOST_FUZZ_CHECK(error.line() == 1, "a header error names line {}", error.line());
    }
    fuzz::round_trip(calls); // the calls before a bad line too: `check` has used them
    return 0;
}
