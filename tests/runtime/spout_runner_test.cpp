// The spout side of the protocol, through in-memory streams.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <thread>

#include "stormcpp/components/spout.hpp"
#include "test_support.hpp"

using nlohmann::json;
using test::frame;

namespace {

constexpr const char* sync_frame = R"({"command":"sync"})";

class RecordingSpout : public storm::Spout {
 public:
  std::vector<std::string> calls;
  json conf_seen;
  int context_task = -1;
  bool throw_in_next = false;
  std::size_t emit_limit = SIZE_MAX;  // calls past this many emit nothing

  void initialize(const json& conf, const storm::Context& context) override {
    conf_seen = conf;
    context_task = context.task_id;
  }
  std::function<void(RecordingSpout&)> on_next = [](RecordingSpout&) {};

  void next_tuple() override {
    calls.push_back("next");
    on_next(*this);
    if (throw_in_next) throw std::runtime_error("boom");
    if (calls.size() > emit_limit) return;
    emit(storm::message_id(static_cast<int>(calls.size())), "v" + std::to_string(calls.size()));
  }
  void ack(const json& id) override { calls.push_back("ack " + id.dump()); }
  void fail(const json& id) override { calls.push_back("fail " + id.dump()); }
  void activate() override { calls.push_back("activate"); }
  void deactivate() override { calls.push_back("deactivate"); }
};

json command(const std::string& name, json id = "") {
  return {{"command", name}, {"id", std::move(id)}};
}

}  // namespace

TEST(SpoutRunner, HandshakeWritesThePidFileAndRepliesPidFirst) {
  test::TempDir dir;
  RecordingSpout spout;
  auto run = test::run(spout, frame(test::handshake(dir.path.string(), {{"k", 1}},
                                                    {{"taskid", 9}, {"componentid", "s"}})));
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.frames.size(), 1u);
  EXPECT_EQ(run.frames[0], R"({"pid":4242,"wire":"msgpack/1","ack_batches":true})");
  EXPECT_TRUE(std::filesystem::exists(dir.path / "4242"));
  EXPECT_EQ(spout.conf_seen["k"], 1);
  EXPECT_EQ(spout.context_task, 9);
}

TEST(SpoutRunner, EveryCommandGetsExactlyOneSync) {
  test::TempDir dir;
  RecordingSpout spout;
  std::string input = frame(test::handshake(dir.path.string())) + frame(command("activate")) +
                      frame(command("next")) + frame(command("ack", 1)) +
                      frame(command("fail", "x")) + frame(command("deactivate")) +
                      frame(command("no_such_command"));
  auto run = test::run(spout, input);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(spout.calls,
            (std::vector<std::string>{"activate", "next", "ack 1", "fail \"x\"", "deactivate"}));
  std::vector<std::string> expected = {
      R"({"pid":4242,"wire":"msgpack/1","ack_batches":true})",
      sync_frame,
      R"({"command":"emit","tuple":["v2"],"id":2,"need_task_ids":false})",
      sync_frame,
      sync_frame,
      sync_frame,
      sync_frame,
      R"({"command":"log","msg":"stormcpp: ignoring unknown spout command 'no_such_command'","level":3})",
      sync_frame};
  EXPECT_EQ(run.frames, expected);
}

TEST(SpoutRunner, AnAcksCommandAcksEachIdInOrderWithoutASync) {
  // MsgpackSerializer's batch of acks (docs/wire.md): it answered each ack for Storm already.
  test::TempDir dir;
  RecordingSpout spout;
  auto run = test::run(spout, frame(test::handshake(dir.path.string())) +
                                  frame({{"command", "acks"}, {"ids", {1, "two", 3}}}) +
                                  frame(command("next")));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(spout.calls, (std::vector<std::string>{"ack 1", "ack \"two\"", "ack 3", "next"}));
  std::vector<std::string> expected = {
      R"({"pid":4242,"wire":"msgpack/1","ack_batches":true})",
      R"({"command":"emit","tuple":["v4"],"id":4,"need_task_ids":false})", sync_frame};
  EXPECT_EQ(run.frames, expected);
}

TEST(SpoutRunner, AnAcksCommandWithoutIdsIsAnInvalidMessage) {
  test::TempDir dir;
  RecordingSpout spout;
  auto run = test::run(
      spout, frame(test::handshake(dir.path.string())) + frame({{"command", "acks"}, {"ids", 1}}));
  EXPECT_EQ(run.exit_code, static_cast<int>(storm::ExitCode::invalid_message));
  ASSERT_EQ(run.frames.size(), 2u);
  EXPECT_NE(run.frames[1].find("an `acks` command without an `ids` array"), std::string::npos)
      << run.frames[1];
  EXPECT_TRUE(spout.calls.empty());
}

TEST(SpoutRunner, EmitWithTaskIdsReadsTheListStormSendsBack) {
  struct Spout : storm::Spout {
    std::vector<int> tasks;
    void next_tuple() override {
      tasks = emit_with_task_ids(storm::message_id("id-1"), storm::stream("s"), "x");
    }
  } spout;
  test::TempDir dir;
  auto run = test::run(
      spout, frame(test::handshake(dir.path.string())) + frame(command("next")) + frame({3, 4}));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(spout.tasks, (std::vector<int>{3, 4}));
  ASSERT_EQ(run.frames.size(), 3u);
  EXPECT_EQ(run.frames[1],
            R"({"command":"emit","tuple":["x"],"stream":"s","id":"id-1","need_task_ids":true})");
  EXPECT_EQ(run.frames[2], sync_frame);
}

TEST(SpoutRunner, AThrowingHookIsReportedAndTheSpoutGoesOn) {
  test::TempDir dir;
  RecordingSpout spout;
  spout.throw_in_next = true;
  auto run = test::run(spout, frame(test::handshake(dir.path.string())) + frame(command("next")) +
                                  frame(command("ack", 5)));
  EXPECT_EQ(run.exit_code, 0);
  std::vector<std::string> expected = {R"({"pid":4242,"wire":"msgpack/1","ack_batches":true})",
                                       R"({"command":"error","msg":"next_tuple() threw: boom"})",
                                       sync_frame, sync_frame};
  EXPECT_EQ(run.frames, expected);
  EXPECT_EQ(spout.calls, (std::vector<std::string>{"next", "ack 5"}));
}

TEST(SpoutRunner, MetricsAreReportedBeforeTheSync) {
  // ShellSpout reads messages only until the sync: a report after it would wait for the next
  // command.
  test::TempDir dir;
  RecordingSpout spout;
  spout.on_next = [](RecordingSpout& s) { s.metrics().counter("nexts").inc(); };
  auto run = test::run(
      spout, frame(test::handshake(dir.path.string(), {{"stormcpp.metrics.name", "stormcpp"}})) +
                 frame(command("next")));
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.frames.size(), 4u);
  EXPECT_NE(run.frames[1].find(R"("command":"emit")"), std::string::npos);
  EXPECT_EQ(run.frames[2],
            R"({"command":"metrics","name":"stormcpp","params":{"counters":{"nexts":1}}})");
  EXPECT_EQ(run.frames[3], sync_frame);
}

TEST(SpoutRunner, ExitOnExceptionStopsAfterReporting) {
  test::TempDir dir;
  RecordingSpout spout;
  spout.throw_in_next = true;
  auto run = test::run(
      spout, frame(test::handshake(dir.path.string(), {{"stormcpp.exit_on_exception", true}})) +
                 frame(command("next")) + frame(command("next")));
  EXPECT_EQ(run.exit_code, static_cast<int>(storm::ExitCode::user_code));
  ASSERT_EQ(run.frames.size(), 3u);
  EXPECT_EQ(run.frames[1], R"({"command":"error","msg":"next_tuple() threw: boom"})");
  EXPECT_NE(run.frames[2].find("stormcpp.user_code"), std::string::npos);
  EXPECT_EQ(spout.calls.size(), 1u);
}

TEST(SpoutRunner, AThrowingInitializeEndsTheProcess) {
  struct Spout : storm::Spout {
    void initialize(const json&, const storm::Context&) override {
      throw std::runtime_error("no database");
    }
    void next_tuple() override {}
  } spout;
  test::TempDir dir;
  auto run = test::run(spout, frame(test::handshake(dir.path.string())) + frame(command("next")));
  EXPECT_EQ(run.exit_code, static_cast<int>(storm::ExitCode::user_code));
  ASSERT_GE(run.frames.size(), 2u);
  EXPECT_EQ(run.frames[0], R"({"pid":4242,"wire":"msgpack/1","ack_batches":true})");
  EXPECT_EQ(run.frames[1], R"({"command":"error","msg":"initialize() threw: no database"})");
}

TEST(SpoutRunner, MalformedInputEndsWithItsExitCode) {
  test::TempDir dir;
  std::string hs = frame(test::handshake(dir.path.string()));
  struct Case {
    std::string input;
    storm::ExitCode code;
  } cases[] = {
      {hs + "{\"command\":\nend\n", storm::ExitCode::invalid_json},
      {hs + "[1]\nend\n", storm::ExitCode::invalid_message},
      {hs + "{\"id\":\"\"}\nend\n", storm::ExitCode::invalid_message},
      {hs + "{\"command\":7}\nend\n", storm::ExitCode::invalid_message},
      {hs + "{\"command\":\"next\"", storm::ExitCode::truncated_frame},
      {"{\"conf\":{}}\nend\n", storm::ExitCode::bad_handshake},
      {frame(test::handshake("/nonexistent/dir")), storm::ExitCode::pid_file},
  };
  for (const auto& c : cases) {
    RecordingSpout spout;
    auto run = test::run(spout, c.input);
    EXPECT_EQ(run.exit_code, static_cast<int>(c.code)) << c.input;
    // Storm hears about it too: the pid reply (always first), then an error naming the id.
    ASSERT_GE(run.frames.size(), 2u) << c.input;
    // (with the msgpack offer once the handshake was read, without it before)
    EXPECT_EQ(run.frames.front().rfind(R"({"pid":4242)", 0), 0u) << run.frames.front();
    EXPECT_NE(run.frames.back().find(R"({"command":"error","msg":"[stormcpp.)"), std::string::npos)
        << run.frames.back();
    EXPECT_TRUE(spout.calls.empty());
  }
}

TEST(SpoutRunner, EndOfInputBeforeTheHandshakeExitsCleanlyAndSilently) {
  RecordingSpout spout;
  auto run = test::run(spout, "");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(run.frames.empty());
}

TEST(SpoutRunner, OutputIsWrittenOnlyWhenWaitingForInput) {
  test::TempDir dir;
  RecordingSpout spout;
  std::string input = frame(test::handshake(dir.path.string()));
  for (int i = 0; i < 200; ++i)
    input += frame(command("next"));
  auto run = test::run(spout, input);
  EXPECT_EQ(run.frames.size(), 401u);
  // All input is available at once, so the runtime waits only twice: at the start and at EOF.
  EXPECT_LE(run.writes, 2u);
}

namespace {
// The frames a run of `nexts` next commands writes after the pid reply, as "e" (an emit) and
// "s" (a sync), and the next_tuple() calls it made.
std::string next_pattern(RecordingSpout& spout, const json& conf, int nexts) {
  test::TempDir dir;
  std::string input = frame(test::handshake(dir.path.string(), conf));
  for (int i = 0; i < nexts; ++i)
    input += frame(command("next"));
  auto run = test::run(spout, input);
  EXPECT_EQ(run.exit_code, 0);
  std::string pattern;
  for (std::size_t i = 1; i < run.frames.size(); ++i)
    pattern += run.frames[i] == sync_frame ? "s" : "e";
  return pattern;
}
}  // namespace

TEST(SpoutNextCalls, ByDefaultOneNextTupleCallPerNext) {
  RecordingSpout spout;
  EXPECT_EQ(next_pattern(spout, json::object(), 3), "eseses");
  EXPECT_EQ(spout.calls.size(), 3u);
}

TEST(SpoutNextCalls, SeveralCallsPerNextBeforeItsSync) {
  RecordingSpout spout;
  // A budget no run reaches, however slow the machine: only the count limits the calls.
  json conf = {{"stormcpp.spout.next_calls", 4}, {"stormcpp.spout.next_budget_us", 60000000}};
  EXPECT_EQ(next_pattern(spout, conf, 2), "eeeeseeees");
  EXPECT_EQ(spout.calls.size(), 8u);
}

TEST(SpoutNextCalls, TheCallsStopAtTheFirstThatEmitsNothing) {
  RecordingSpout spout;
  spout.emit_limit = 3;  // emits on calls 1-3, then has nothing
  json conf = {{"stormcpp.spout.next_calls", 10},
               {"stormcpp.spout.next_budget_us", 60000000},  // never reached: see above
               {"stormcpp.idle_sleep_max_ms", 0}};
  EXPECT_EQ(next_pattern(spout, conf, 2), "eeess");
  // call 4 emitted nothing and ended the first next; the second next made one call (call 5)
  EXPECT_EQ(spout.calls.size(), 5u);
}

TEST(SpoutNextCalls, TheCallsStopOnceTheBudgetHasPassed) {
  RecordingSpout spout;
  // each call takes longer than the whole budget: one call per next, however many are allowed
  spout.on_next = [](RecordingSpout&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  };
  json conf = {{"stormcpp.spout.next_calls", 100}, {"stormcpp.spout.next_budget_us", 500}};
  EXPECT_EQ(next_pattern(spout, conf, 3), "eseses");
}
