// A scenario variant's verdict, read from the JSON report of `clrhost-conformance run`: the
// variant must pass, and the report must say so consistently. One variant per process, named on
// the command line (managed-testapps/CMakeLists.txt makes one CTest test of each):
//   clrhost_scenario_tests <id>:<language> [--host libmyhost.so]
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

struct Variant {
    std::string name; // "doc-table:vb"
    std::vector<std::string> host_args;
};

std::string quoted(const std::string& text)
{
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs the command (its output goes to the test's) and returns its exit code.
int run(const std::vector<std::string>& command)
{
    std::string line;
    for (const auto& word : command)
        line += quoted(word) + ' ';
    const auto status = std::system(line.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ScenarioVerdict : public ::testing::Test {
public:
    explicit ScenarioVerdict(Variant variant) : variant_(std::move(variant)) {}

    void TestBody() override
    {
        const std::string stem = CLRHOST_OUTPUT_DIR "/" + file_name();
        std::vector<std::string> command{CLRHOST_CLI,   "run",         "--scenario",
                                         variant_.name, "--trace",     stem + ".jsonl",
                                         "--json",      stem + ".json"};
        // The exerciser judges a host once (the exerciser.* tests), not again per variant; the
        // variant's mono run is a test of its own (scenario.<id>.<language>.mono).
        command.insert(command.end(), {"--no-exercise", "--driver", "coreclr"});
        command.insert(command.end(), variant_.host_args.begin(), variant_.host_args.end());
        std::remove((stem + ".json").c_str()); // an earlier run's report proves nothing
        EXPECT_EQ(run(command), 0) << "exit code 0: every variant run conforms";

        std::ifstream file(stem + ".json");
        ASSERT_TRUE(file) << "the run wrote no report " << stem << ".json";
        const auto report = nlohmann::json::parse(file);
        ASSERT_EQ(report.at("schema"), "clrhost-conformance-report");
        ASSERT_EQ(report.at("results").size(), 1u) << "one variant run: " << variant_.name;
        const auto& result = report.at("results").at(0);
        EXPECT_EQ(result.at("scenario"), variant_.name);
        EXPECT_EQ(result.at("result"), "PASS") << result.dump(2);
        EXPECT_EQ(result.at("outcome"), "PASS");
        EXPECT_TRUE(result.at("failed").empty()) << result.at("failed").dump();
        EXPECT_TRUE(result.at("problems").empty()) << result.at("problems").dump(2);
        EXPECT_GT(result.at("app_calls").get<int>(), 0) << "a scenario the app made no call in";
        EXPECT_EQ(report.at("summary").at("passed"), 1);
        EXPECT_EQ(report.at("summary").at("failed"), 0);
    }

private:
    std::string file_name() const
    {
        auto name = variant_.name;
        std::replace(name.begin(), name.end(), ':', '.');
        return name;
    }

    Variant variant_;
};

// Reads "<id>:<language> [--host PATH]" from what GoogleTest left of the command line.
bool parse(int argc, char** argv, Variant& variant)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--host" && i + 1 < argc)
            variant.host_args = {arg, argv[++i]};
        else if (variant.name.empty() && arg.find(':') != std::string::npos)
            variant.name = arg;
        else
            return false;
    }
    return !variant.name.empty();
}

} // namespace

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    Variant variant;
    if (!parse(argc, argv, variant)) {
        std::fprintf(stderr, "usage: %s <scenario id>:<language> [--host PATH]\n", argv[0]);
        return 2;
    }
    ::testing::RegisterTest("ScenarioVerdict", variant.name.c_str(), nullptr, nullptr, __FILE__,
                            __LINE__,
                            [=]() -> ::testing::Test* { return new ScenarioVerdict(variant); });
    return RUN_ALL_TESTS();
}
