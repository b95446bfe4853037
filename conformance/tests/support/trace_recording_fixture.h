// The trace recording tests' fixture: a trace path of the test's own in the temporary folder,
// removed with its recording afterwards; and a call as the recorder hands it over.
#pragma once

#include "conformance/platform/process.h"
#include "conformance/trace/trace_recording.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace clrhost::trace {

class TraceRecordingTest : public ::testing::Test {
protected:
    std::string path_ =
        (std::filesystem::temp_directory_path() /
         ("recording-" + std::to_string(platform::process_id()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl"))
            .string();
    void TearDown() override
    {
        std::filesystem::remove(path_);
        std::filesystem::remove(recording_path(path_));
    }
};

inline RecordedCall call_of(HostCall kind, HRESULT hr = S_OK, const TransitionSite* site = nullptr)
{
    RecordedCall call;
    call.call = kind;
    call.hr = hr;
    call.site = site;
    return call;
}

} // namespace clrhost::trace
