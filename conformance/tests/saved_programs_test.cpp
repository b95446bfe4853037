// Saved programs (fixtures/exerciser/saved_programs.h): what the generator writes is read back
// the same, the bundled ones are what seed 1 generates (so a change to the generator cannot
// leave the Windows build's walks behind), and a bad file is refused naming its line.
#include "fixtures/exerciser/generated_programs.h"
#include "fixtures/exerciser/saved_programs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace clrhost::exerciser {

void PrintTo(const Walk& walk, std::ostream* out) // GoogleTest's printer: the walk in words
{
    *out << describe(walk);
}

namespace {

using ::testing::HasSubstr;

// Every step kind and every fault, on two threads.
SavedPrograms every_kind()
{
    SavedPrograms saved;
    saved.seed = 42;
    saved.programs.push_back(
        {Walk{{{StepKind::PInvoke, 1700, 7}, {StepKind::Reverse, 3, 0}, {StepKind::Task, 1, 0}},
              Fault::EnterUnopened},
         Walk{{{StepKind::Alternate, 2, 5}, {StepKind::Close, 9, 0}}, Fault::None}});
    for (auto fault : {Fault::ReverseLeaveUnopened, Fault::CrossedClose, Fault::ForeignClose})
        saved.programs.push_back({Walk{{}, fault}, Walk{{{StepKind::Reverse, 1, 0}}, fault}});
    return saved;
}

SavedPrograms round_trip(const SavedPrograms& saved)
{
    std::stringstream text;
    write_programs(text, saved);
    return read_programs(text);
}

TEST(SavedPrograms, WrittenThenReadAreTheSame)
{
    const auto saved = every_kind();
    const auto read = round_trip(saved);
    EXPECT_EQ(read.seed, saved.seed);
    EXPECT_EQ(read.programs, saved.programs);
}

TEST(SavedPrograms, TheBundledAreWhatSeed1GeneratesOnFourThreads)
{
    std::istringstream bundled{std::string(bundled_programs())};
    const auto saved = read_programs(bundled);
    ASSERT_EQ(saved.programs.size(), 100u);
    EXPECT_EQ(saved.seed, 1u);
    const auto generated = generated_programs(1, 4, "");
    if (!generated)
        GTEST_SKIP() << "this build has no generator (no RapidCheck): nothing to compare with";
    for (unsigned walk = 0; walk < saved.programs.size(); ++walk) {
        const auto candidate = generated->program(walk); // holds the program
        ASSERT_EQ(saved.programs[walk], candidate->program())
            << "program " << walk << " of fixtures/exerciser/programs/seed-1.jsonl is stale: "
            << "clrhost-conformance exercise --save-programs "
               "fixtures/exerciser/programs/seed-1.jsonl --seed 1";
    }
}

TEST(SavedPrograms, RunAsTheyAreAndFoundAgainWithWalks)
{
    const auto source = saved_program_source(every_kind(), "clrhost-conformance exercise --host h");
    EXPECT_EQ(source->size(), 4u);
    const auto candidate = source->program(1);
    EXPECT_EQ(candidate->program(), every_kind().programs[1]);
    EXPECT_EQ(candidate->next_shrink(), nullptr);
    EXPECT_EQ(source->reproducer(2), "clrhost-conformance exercise --host h --walks 3");
    EXPECT_THAT(source->unshrinkable(), HasSubstr("saved programs are run as they are"));
}

struct BadFile {
    const char* name;
    std::string text;
    const char* message;
};

class SavedProgramsRefuse : public ::testing::TestWithParam<BadFile> {};

const std::string kHeader = R"({"format": "clrhost-exerciser-programs", "version": 1})"
                            "\n";

TEST_P(SavedProgramsRefuse, NamingTheLineAndTheProblem)
{
    std::istringstream text(GetParam().text);
    try {
        read_programs(text);
        FAIL() << "read without complaint";
    } catch (const std::runtime_error& error) {
        EXPECT_EQ(std::string(error.what()), GetParam().message);
    }
}

INSTANTIATE_TEST_SUITE_P(
    BadFiles, SavedProgramsRefuse,
    ::testing::Values(
        BadFile{"Empty", "", "no programs in it (a header line, then one program per line)"},
        BadFile{"ATrace", R"({"format": "clrhost-trace", "version": 1})",
                "line 1: not saved programs: the first line names no \"format\": "
                "\"clrhost-exerciser-programs\" (write them with `clrhost-conformance exercise "
                "--save-programs FILE`)"},
        BadFile{"Version2", R"({"format": "clrhost-exerciser-programs", "version": 2})",
                "line 1: version 2 of saved programs; this suite reads version 1"},
        BadFile{"NotJson", kHeader + "{\"walks\": [\n", "line 2: not valid JSON"},
        BadFile{"NoWalks", kHeader + R"({"program": 0})",
                "line 2: a program has a \"walks\" list of 1 to 256 walks, one per thread"},
        BadFile{"UnknownKind", kHeader + R"({"walks": [{"steps": [["jump", 1]]}]})",
                "line 2: unknown step kind \"jump\" (pinvoke, reverse, alternate, close, task)"},
        BadFile{"CountZero", kHeader + "\n" + R"({"walks": [{"steps": [["close", 0]]}]})",
                "line 3: step count 0: give a number from 1 to 1700"},
        BadFile{"TargetEight", kHeader + R"({"walks": [{"steps": [["pinvoke", 1, 8]]}]})",
                "line 2: step target 8: give a number from 0 to 7"},
        BadFile{"NoTarget", kHeader + R"({"walks": [{"steps": [["pinvoke", 1]]}]})",
                "line 2: step [\"pinvoke\",1] has 2 item(s); a pinvoke step has 3"},
        BadFile{"FormatNotAString", R"({"format": 1, "version": 1})",
                "line 1: not saved programs: the first line names no \"format\": "
                "\"clrhost-exerciser-programs\" (write them with `clrhost-conformance exercise "
                "--save-programs FILE`)"},
        BadFile{"CutShort",
                R"({"format": "clrhost-exerciser-programs", "version": 1, "programs": 2})"
                "\n"
                R"({"program": 0, "walks": [{"steps": []}]})",
                "1 programs where its header says 2: the file is cut short or has lines added"},
        BadFile{"OutOfOrder",
                kHeader + R"({"program": 1, "walks": [{"steps": []}]})",
                "line 2: program 1 where program 0 belongs: a line is missing or out of order"},
        BadFile{"OtherThreads",
                R"({"format": "clrhost-exerciser-programs", "version": 1, "threads": 2})"
                "\n"
                R"({"walks": [{"steps": []}]})",
                "line 2: a program of 1 walks in a file of 2 threads"},
        BadFile{"UnknownFault", kHeader + R"({"walks": [{"steps": [], "fault": "late"}]})",
                "line 2: unknown fault \"late\" (none, enter-unopened, reverse-leave-unopened, "
                "crossed-close, foreign-close)"}),
    [](const auto& info) { return info.param.name; });

} // namespace
} // namespace clrhost::exerciser
