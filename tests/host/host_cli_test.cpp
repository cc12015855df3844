// The command-line host (stormcpp-host) run as a user runs it, a separate process with its
// stdout and stderr captured: its exit codes, its summary line, its options.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.hpp"

extern char** environ;

namespace {

using testing::HasSubstr;
using testing::Not;

struct CliRun {
  int exit_code = -1;
  std::string out;  // the conversation
  std::string err;  // warnings, errors, the summary
};

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `stormcpp-host args...` with stdin from /dev/null and waits for it.
CliRun run_host(const std::vector<std::string>& args) {
  test::TempDir dir;
  const std::string out = (dir.path / "stdout").string(), err = (dir.path / "stderr").string();
  std::vector<std::string> words = {STORMCPP_HOST};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  CliRun run;
  if (spawned != 0) {
    ADD_FAILURE() << "cannot spawn " << argv[0];
    return run;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = slurp(out);
  run.err = slurp(err);
  return run;
}

// The lookup bolt's input: a source with a `word` field and one without.
const char* const lookup_context = R"({
  "stream->outputfields": {"default": ["word"]},
  "source->stream->fields": {"spout": {"default": ["word"]},
                             "sentences": {"default": ["sentence"]}}
})";

// Files for one test: a context file, a conf file, a tuples file.
struct Inputs {
  test::TempDir dir;
  std::string write(const std::string& name, const std::string& text) {
    std::string path = (dir.path / name).string();
    std::ofstream(path) << text;
    return path;
  }
};

std::vector<std::string> lookup_bolt(std::vector<std::string> args) {
  args.insert(args.begin(), {"--bolt", "--timeout-ms", "5000", "--heartbeat-ms", "100"});
  args.insert(args.end(),
              {"--", std::string(STORMCPP_BROKEN_DIR) + "/host_components", "lookup_bolt"});
  return args;
}

constexpr int exit_failures = 3;  // the component failed tuples or reported errors

// Two tuples with a `word`, one from a source without it: process() throws on that one.
const char* const mixed_tuples =
    "[\"cow\"]\n{\"tuple\":[\"over the moon\"],\"comp\":\"sentences\"}\n[\"jumped\"]\n";
const char* const mixed_summary =
    "stormcpp-host: bolt: 3 tuples sent, 2 acked, 1 failed, 1 error reported, 2 emitted\n";

TEST(HostCli, AFailedTupleExitsWithCode3AndTheSummarySaysSo) {
  Inputs in;
  CliRun run = run_host(lookup_bolt({"--context-file", in.write("context.json", lookup_context),
                                     "--tuples", in.write("tuples.jsonl", mixed_tuples)}));
  EXPECT_EQ(run.exit_code, exit_failures) << run.err;
  EXPECT_THAT(run.err, HasSubstr(mixed_summary));
  // The summary is the last line; the error the component reported is repeated above it.
  EXPECT_EQ(run.err.substr(run.err.size() - std::string(mixed_summary).size()), mixed_summary);
  EXPECT_THAT(run.err, HasSubstr("component error: "));
  EXPECT_THAT(run.err, HasSubstr("has no field 'word'"));
  EXPECT_THAT(run.out, HasSubstr(R"({"command":"fail","id":)"));
}

TEST(HostCli, AllowFailuresExitsZeroWithTheSameSummary) {
  Inputs in;
  CliRun run = run_host(
      lookup_bolt({"--allow-failures", "--context-file", in.write("context.json", lookup_context),
                   "--tuples", in.write("tuples.jsonl", mixed_tuples)}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr(mixed_summary));
}

TEST(HostCli, AFieldMissingFromEveryTupleFailsThemAll) {
  Inputs in;
  CliRun run =
      run_host(lookup_bolt({"--conf", R"({"lookup.field":"no_such_field"})", "--context",
                            lookup_context, "--tuples", in.write("tuples.jsonl", "[\"cow\"]\n")}));
  EXPECT_EQ(run.exit_code, exit_failures) << run.err;
  EXPECT_THAT(run.err, HasSubstr("stormcpp-host: bolt: 1 tuple sent, 0 acked, 1 failed, 1 error "
                                 "reported, 0 emitted\n"));
  EXPECT_THAT(run.err, HasSubstr("has no field 'no_such_field'"));
}

TEST(HostCli, ACleanBoltExitsZeroWithEveryTupleAcked) {
  Inputs in;
  CliRun run = run_host(
      lookup_bolt({"--context-file", in.write("context.json", lookup_context), "--tuples",
                   in.write("tuples.jsonl", "[\"cow\"]\n[\"moon\"]\n[\"a\"]\n"), "--ticks", "1"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  // The tick tuple is a tuple too, acked by the runtime.
  EXPECT_THAT(run.err, HasSubstr("stormcpp-host: bolt: 4 tuples sent, 4 acked, 0 failed, 0 errors "
                                 "reported, 3 emitted\n"));
  EXPECT_THAT(run.err, Not(HasSubstr("component error")));
}

TEST(HostCli, SpoutSummary) {
  CliRun run = run_host(
      {"--spout", "--next", "3", "--timeout-ms", "5000", "--", STORMCPP_WORDCOUNT, "spout"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("stormcpp-host: spout: 3 nexts sent, 3 emitted, 3 acks sent, 0 "
                                 "fails sent, 0 errors reported\n"));
}

TEST(HostCli, ConfFromAFile) {
  Inputs in;
  // The conf file points the bolt at `sentence`, which only the sentences source has.
  CliRun run = run_host(
      lookup_bolt({"--conf-file", in.write("conf.json", R"({"lookup.field": "sentence"})"),
                   "--context-file", in.write("context.json", lookup_context), "--tuples",
                   in.write("tuples.jsonl", R"({"tuple":["over the moon"],"comp":"sentences"})")}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(
      run.out,
      HasSubstr(R"("conf":{"lookup.field":"sentence","stormcpp.metrics.name":"stormcpp"})"));
  EXPECT_THAT(run.out, HasSubstr(R"({"command":"emit","tuple":["over the moon"])"));
  EXPECT_THAT(run.err, HasSubstr("1 tuple sent, 1 acked, 0 failed"));
}

TEST(HostCli, InlineAndFileFormsTogetherAreAUsageError) {
  Inputs in;
  std::string file = in.write("object.json", "{}");
  for (std::string flag : {"--conf", "--context"}) {
    CliRun run = run_host(lookup_bolt({flag + "-file", file, flag, "{}"}));
    EXPECT_EQ(run.exit_code, 2) << flag;
    EXPECT_THAT(run.err, HasSubstr(flag + " and " + flag + "-file both given")) << flag;
    EXPECT_THAT(run.err, HasSubstr("usage: stormcpp-host")) << flag;
  }
}

TEST(HostCli, BadContextFilesAreUsageErrors) {
  Inputs in;
  CliRun missing = run_host(lookup_bolt({"--context-file", "/nonexistent/context.json"}));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("--context-file: cannot read /nonexistent/context.json"));

  std::string garbage = in.write("garbage.json", "{\"streams\":");
  CliRun invalid = run_host(lookup_bolt({"--context-file", garbage}));
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_THAT(invalid.err, HasSubstr("--context-file " + garbage + ": not JSON"));

  CliRun array = run_host(lookup_bolt({"--conf-file", in.write("array.json", "[1]")}));
  EXPECT_EQ(array.exit_code, 2);
  EXPECT_THAT(array.err, HasSubstr("must be JSON objects"));
}

TEST(HostCli, AViolationStillExits1) {
  Inputs in;
  CliRun run =
      run_host({"--bolt", "--timeout-ms", "5000", "--tuples", in.write("tuples.jsonl", "[\"x\"]\n"),
                "--", std::string(STORMCPP_BROKEN_DIR) + "/host_components", "double_ack"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("violation: Storm would kill the bolt: an ack of tuple id"));
  EXPECT_THAT(run.err, HasSubstr("stormcpp-host: bolt: 1 tuple sent, 1 acked"));
}

}  // namespace
