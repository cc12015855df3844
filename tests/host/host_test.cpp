// The out-of-process host against deliberately broken components (one per violation class)
// and against the real word-count executable, which must pass.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <stormcpp/testing/host.hpp>

#include "../test_support.hpp"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using storm::testing::BoltHost;
using storm::testing::Exchange;
using storm::testing::HostOptions;
using storm::testing::Message;
using storm::testing::ProtocolViolation;
using storm::testing::SpoutHost;
using testing::HasSubstr;

std::string broken(const std::string& name) {
  return std::string(STORMCPP_BROKEN_DIR) + "/broken_" + name;
}

// A component of host_components.cpp (written with stormcpp).
std::vector<std::string> component(const std::string& name) {
  return {std::string(STORMCPP_BROKEN_DIR) + "/host_components", name};
}

std::vector<std::string> script(std::vector<std::string> actions) {
  actions.insert(actions.begin(), broken("scripted"));
  return actions;
}

// Short timeouts keep the suite fast; they bound how long a detection may take, nothing more.
HostOptions fast() {
  HostOptions options;
  options.subprocess_timeout = 1500ms;
  options.heartbeat_interval = 50ms;
  return options;
}

// The message of the ProtocolViolation `body` throws; fails the test when it throws none.
template <class F>
std::string violation_of(F&& body) {
  try {
    body();
  } catch (const ProtocolViolation& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ProtocolViolation";
  return "";
}

// Sent frames that are task-id lists, in order.
std::vector<std::string> task_lists(const std::vector<Exchange>& conversation) {
  std::vector<std::string> lists;
  for (const auto& exchange : conversation) {
    if (exchange.direction == Exchange::Direction::sent && exchange.frame.front() == '[') {
      lists.push_back(exchange.frame);
    }
  }
  return lists;
}

std::vector<std::string> log_messages(const std::vector<Message>& logs) {
  std::vector<std::string> messages;
  for (const auto& log : logs)
    messages.push_back(log.json.at("msg").get<std::string>());
  return messages;
}

// ---- handshake ---------------------------------------------------------------------------------

TEST(HostHandshake, LogBeforePidReply) {
  EXPECT_THAT(violation_of([] { BoltHost host({broken("log_before_pid")}, fast()); }),
              HasSubstr("Storm would kill the bolt: a `log` message came before the pid reply"));
}

TEST(HostHandshake, StringPid) {
  EXPECT_THAT(violation_of([] { BoltHost host({broken("string_pid")}, fast()); }),
              HasSubstr("Storm would kill the bolt: the pid in the pid reply is a JSON string"));
}

TEST(HostHandshake, NoPidFile) {
  EXPECT_THAT(violation_of([] { BoltHost host({broken("no_pid_file")}, fast()); }),
              HasSubstr("no pid file "));
}

TEST(HostHandshake, PidOfAnotherProcess) {
  EXPECT_THAT(violation_of([] { BoltHost host(script({"wrong-pid"}), fast()); }),
              HasSubstr("but the component's pid is"));
}

TEST(HostHandshake, NoPidReply) {
  EXPECT_THAT(violation_of([] { BoltHost host(script({"sleep=600000"}), fast()); }),
              HasSubstr("no pid reply within 1500 ms"));
}

TEST(HostHandshake, ExitBeforePidReply) {
  // Whether the host sees the closed stdout or the closed stdin first is a race; both are
  // the same broken pipe to Storm.
  std::string message = violation_of([] { SpoutHost host(script({"exit=3"}), fast()); });
  EXPECT_THAT(message, HasSubstr("Storm would kill the spout: the pipe to the component broke"));
  EXPECT_THAT(message, HasSubstr("(exit code 3;"));
}

TEST(HostHandshake, SendsStormsHandshakeAndChecksThePidFile) {
  HostOptions options = fast();
  options.conf = {{"topology.name", "t/1"}};
  BoltHost host({STORMCPP_WORDCOUNT, "split"}, options);
  const auto& first = host.conversation().at(0);
  EXPECT_EQ(first.direction, Exchange::Direction::sent);
  // Storm's JSON writer escapes `/`; the context gets the keys Storm always sends.
  EXPECT_THAT(first.frame, HasSubstr(R"("topology.name":"t\/1")"));
  EXPECT_THAT(first.frame, HasSubstr(R"("taskid":1)"));
  EXPECT_EQ(host.conversation().at(1).frame,
            "{\"pid\":" + std::to_string(host.pid()) + ",\"wire\":\"msgpack/1\"}");
  EXPECT_EQ(host.stop(), 0);
}

// ---- frames and messages -----------------------------------------------------------------------

TEST(HostFrames, TwoObjectsInOneFrame) {
  BoltHost host({broken("two_objects_in_one_frame")}, fast());
  std::string message = violation_of([&] { host.run_for(1500ms); });
  EXPECT_THAT(message, HasSubstr("more than one JSON value in one frame"));
  EXPECT_THAT(message,
              HasSubstr(R"({"command":"log","msg":"heartbeat","level":1}{"command":"sync"})"));
}

TEST(HostFrames, MissingCommand) {
  BoltHost host({broken("missing_command")}, fast());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("Storm would kill the bolt: a message without a `command`"));
}

TEST(HostFrames, InvalidJson) {
  BoltHost host(script({"handshake", R"(write={"command":)"}), fast());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("a frame that is not valid JSON"));
}

TEST(HostFrames, NotAnObject) {
  BoltHost host(script({"handshake", "write=[1,2]"}), fast());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("a message that is a JSON array, not an object"));
}

TEST(HostFrames, StdoutEndsInsideAFrame) {
  BoltHost host(script({"handshake", R"(raw={"command":"sync"})", "exit=0"}), fast());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("the component's stdout broke off"));
}

TEST(HostFrames, ADeadComponentStaysDead) {
  BoltHost host({broken("missing_command")}, fast());
  std::string first = violation_of([&] { host.run_for(1500ms); });
  EXPECT_EQ(violation_of([&] { host.send_tuple({"x"}); }), first);
  EXPECT_EQ(host.stop(), 128 + 9);  // the host killed it
}

// ---- bolt acks, fails and anchors --------------------------------------------------------------

TEST(HostBolt, AckOfUnknownId) {
  BoltHost host(component("ack_unknown_id"), fast());
  std::string message = violation_of([&] { host.process({"x"}); });
  EXPECT_THAT(message, HasSubstr("Storm would kill the bolt: an ack of unknown tuple id \"7\""));
  EXPECT_THAT(message, HasSubstr("Acked a non-existent or already acked/failed id: 7"));
}

TEST(HostBolt, DoubleAck) {
  BoltHost host(component("double_ack"), fast());
  std::string id = host.send_tuple({"x"});
  // wait_for returns at the first ack; stop() reads the rest of what the bolt wrote.
  EXPECT_THAT(violation_of([&] {
                EXPECT_TRUE(host.wait_for(id).acked);
                host.stop();
              }),
              HasSubstr("an ack of tuple id \"" + id + "\", already acked"));
}

TEST(HostBolt, AckOfHeartbeat) {
  BoltHost host({broken("ack_heartbeat")}, fast());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }), HasSubstr("an ack of heartbeat id \""));
}

TEST(HostBolt, NumericAckId) {
  BoltHost host(script({"handshake", "tuple", R"(write={"command":"ack","id":$ID})"}), fast());
  EXPECT_THAT(violation_of([&] { host.process({"x"}); }), HasSubstr("an ack of number id"));
}

TEST(HostBolt, FailTwice) {
  BoltHost host(script({"handshake", "tuple", R"(write={"command":"fail","id":"$ID"})",
                        R"(write={"command":"fail","id":"$ID"})"}),
                fast());
  std::string id = host.send_tuple({"x"});
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("a fail of tuple id \"" + id + "\", already failed"));
}

TEST(HostBolt, AnchorAfterAck) {
  BoltHost host(component("anchor_after_ack"), fast());
  std::string id = host.send_tuple({"x"});
  std::string message = violation_of([&] {
    host.wait_for(id);
    host.stop();
  });
  EXPECT_THAT(message, HasSubstr("an emit anchored to tuple id \"" + id + "\", already acked"));
  EXPECT_THAT(message, HasSubstr("Anchored onto " + id + " after ack/fail"));
}

TEST(HostBolt, AnchorToUnknownId) {
  BoltHost host(
      script(
          {"handshake", "tuple",
           R"(write={"command":"emit","tuple":["x"],"anchors":["nope"],"need_task_ids":false})"}),
      fast());
  EXPECT_THAT(violation_of([&] { host.process({"x"}); }),
              HasSubstr("an emit anchored to unknown tuple id \"nope\""));
}

TEST(HostBolt, TupleNeverSettledIsATimeoutNotAViolation) {
  // Answers heartbeats, ignores tuples: Storm would time the tuple out at the spout.
  BoltHost host(script({"handshake"}), fast());
  std::string id = host.send_tuple({"x"});
  EXPECT_THROW(host.wait_for(id, 200ms), storm::testing::Timeout);
  EXPECT_EQ(host.pending(), std::vector<std::string>{id});
  EXPECT_EQ(host.stop(), 0);
  ASSERT_EQ(host.warnings().size(), 1u);
  EXPECT_THAT(host.warnings()[0], HasSubstr("tuple " + id + " was never acked or failed"));
}

TEST(HostBolt, SilentPastTheSubprocessTimeout) {
  BoltHost host({broken("silent")}, fast());
  EXPECT_THAT(violation_of([&] { host.process({"x"}); }),
              HasSubstr("Storm would kill the bolt: subprocess heartbeat timeout: no message for "
                        "1500 ms"));
}

// ---- long work: the keepalive (docs/components.md) ---------------------------------------------

HostOptions slow(int sleep_ms, double max_busy_secs) {
  HostOptions options = fast();
  options.subprocess_timeout = 1000ms;
  options.conf = {{"topology.subprocess.timeout.secs", 1},
                  {"slow.sleep_ms", sleep_ms},
                  {"stormcpp.max_busy_secs", max_busy_secs}};
  return options;
}

TEST(HostKeepalive, AProcessTakingTwiceTheTimeoutSurvives) {
  BoltHost host(component("slow_bolt"), slow(2000, 300));
  auto outcome = host.wait_for(host.send_tuple({"x"}), 10s);
  EXPECT_TRUE(outcome.acked);
  EXPECT_EQ(host.stop(), 0);
}

TEST(HostKeepalive, AStuckProcessIsStillKilled) {
  BoltHost host(component("slow_bolt"), slow(60000, 0.5));
  std::string id = host.send_tuple({"x"});
  EXPECT_THAT(violation_of([&] { host.wait_for(id, 10s); }),
              HasSubstr("subprocess heartbeat timeout"));
}

// ---- emits -------------------------------------------------------------------------------------

HostOptions declared_word_stream() {
  HostOptions options = fast();
  options.context = {{"streams", {"default"}}, {"stream->outputfields", {{"default", {"word"}}}}};
  return options;
}

TEST(HostEmit, UndeclaredStream) {
  BoltHost host(
      script({"handshake",
              R"(write={"command":"emit","tuple":["x"],"stream":"words2","need_task_ids":false})"}),
      declared_word_stream());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("an emit on stream \"words2\", which the component does not declare "
                        "(declared: default)"));
}

TEST(HostEmit, WrongValueCountInLocalMode) {
  std::vector<std::string> argv =
      script({"handshake", R"(write={"command":"emit","tuple":["a",2],"need_task_ids":false})"});
  BoltHost host(argv, declared_word_stream());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("Tuple created with wrong number of fields. Expected 1 fields but got 2 "
                        "fields"));

  HostOptions cluster = declared_word_stream();
  cluster.local_mode = false;  // only local mode checks the count
  BoltHost tolerated(argv, cluster);
  tolerated.run_for(200ms);
  EXPECT_EQ(tolerated.received("emit").size(), 1u);
  EXPECT_EQ(tolerated.stop(), 0);
}

TEST(HostEmit, RegularEmitOnDirectStream) {
  HostOptions options = fast();
  options.context = {{"stream->target->grouping", {{"default", {{"sink", {{"type", "DIRECT"}}}}}}}};
  BoltHost host(
      script({"handshake", R"(write={"command":"emit","tuple":["x"],"need_task_ids":false})"}),
      options);
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("Cannot do regular emit to direct stream"));
}

TEST(HostEmit, DirectEmitIsAWarningAndGetsNoTaskList) {
  BoltHost host(script({"handshake", R"(write={"command":"emit","tuple":["x"],"task":3})"}),
                fast());
  host.run_for(200ms);
  EXPECT_EQ(host.stop(), 0);
  ASSERT_EQ(host.received("emit").size(), 1u);
  EXPECT_TRUE(task_lists(host.conversation()).empty());
  ASSERT_EQ(host.warnings().size(), 1u);
  EXPECT_THAT(host.warnings()[0], HasSubstr("broken on Storm 2.6.0"));
}

TEST(HostEmit, OmittedNeedTaskIdsGetsAListAndAWarning) {
  BoltHost host(script({"handshake", R"(write={"command":"emit","tuple":["x"]})"}), fast());
  host.run_for(200ms);
  EXPECT_EQ(host.stop(), 0);
  // The list is the next frame sent after the emit arrived.
  const auto& conversation = host.conversation();
  auto emit = std::find_if(conversation.begin(), conversation.end(), [](const Exchange& e) {
    return e.frame.find("emit") != std::string::npos;
  });
  ASSERT_NE(emit, conversation.end());
  auto next_sent = std::find_if(emit, conversation.end(), [](const Exchange& e) {
    return e.direction == Exchange::Direction::sent;
  });
  ASSERT_NE(next_sent, conversation.end());
  EXPECT_EQ(next_sent->frame, "[]");
  ASSERT_EQ(host.warnings().size(), 1u);
  EXPECT_THAT(host.warnings()[0], HasSubstr("without need_task_ids"));
}

TEST(HostEmit, MetricsNeedARegisteredName) {
  std::vector<std::string> argv =
      script({"handshake", R"(write={"command":"metrics","name":"latency","params":3})"});
  BoltHost host(argv, fast());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("Could not find metric by name[latency]"));

  HostOptions registered = fast();
  registered.metrics = {"latency"};
  BoltHost accepted(argv, registered);
  accepted.run_for(200ms);
  EXPECT_EQ(accepted.received("metrics").size(), 1u);
  EXPECT_EQ(accepted.stop(), 0);
}

TEST(HostEmit, ReportsToTheGluesMetricAreCheckedAsTheJavaSideReadsThem) {
  std::string good =
      R"(write={"command":"metrics","name":"stormcpp","params":{"counters":{"n":2},"gauges":{"g":1.5},"timers":{"t":{"count":1,"sum_ms":2.0,"min_ms":2.0,"max_ms":2.0}}}})";
  BoltHost accepted(script({"handshake", good}), fast());
  accepted.run_for(200ms);
  EXPECT_EQ(accepted.received("metrics").size(), 1u);
  EXPECT_EQ(accepted.stop(), 0);

  for (const char* params : {R"(3)", R"({"counters":{"n":1.5}})", R"({"gauges":{"g":"x"}})",
                             R"({"timers":{"t":{"count":1}}})", R"({"histograms":{}})"}) {
    BoltHost host(script({"handshake",
                          std::string(R"(write={"command":"metrics","name":"stormcpp","params":)") +
                              params + "}"}),
                  fast());
    EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
                HasSubstr("would log a warning and drop it"))
        << params;
  }
}

TEST(HostEmit, ThePlainShellBoltHasNoGlueMetric) {
  HostOptions plain = fast();
  plain.glue_metric.clear();
  BoltHost host(
      script({"handshake", R"(write={"command":"metrics","name":"stormcpp","params":{}})"}), plain);
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("Could not find metric by name[stormcpp]"));
}

// ---- spouts ------------------------------------------------------------------------------------

TEST(HostSpout, SendsAck) {
  SpoutHost host(component("spout_sends_ack"), fast());
  EXPECT_THAT(violation_of([&] { host.next(); }),
              HasSubstr("Storm would kill the spout: a spout sent `ack`"));
}

TEST(HostSpout, NeverSyncs) {
  SpoutHost host(component("stuck_spout"), fast());
  EXPECT_THAT(violation_of([&] { host.next(); }),
              HasSubstr("Storm would kill the spout: subprocess heartbeat timeout: no message for "
                        "1500 ms while waiting for the sync after `next`"));
}

// ---- the run summary ---------------------------------------------------------------------------

TEST(HostSummary, BoltCountsTuplesAcksFailsErrorsAndEmits) {
  HostOptions options = declared_word_stream();
  options.context["source->stream->fields"] = {{"spout", {{"default", {"word"}}}},
                                               {"sentences", {{"default", {"sentence"}}}}};
  BoltHost bolt(component("lookup_bolt"), options);
  EXPECT_TRUE(bolt.process({"cow"}).acked);
  // No `word` field: process() throws, the runtime reports the error and fails the tuple.
  EXPECT_FALSE(bolt.process({"over the moon"}, "sentences").acked);
  EXPECT_TRUE(bolt.wait_for(bolt.send_tick()).acked);
  EXPECT_EQ(bolt.stop(), 0);
  storm::testing::RunSummary summary = bolt.summary();
  EXPECT_EQ(summary.kind, "bolt");
  EXPECT_EQ(summary.tuples_sent, 3);
  EXPECT_EQ(summary.acked, 2);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.errors, 1);
  EXPECT_EQ(summary.emitted, 1);
  EXPECT_TRUE(summary.has_failures());
  EXPECT_EQ(summary.line(), "bolt: 3 tuples sent, 2 acked, 1 failed, 1 error reported, 1 emitted");
  EXPECT_THAT(bolt.received("error").at(0).json.at("msg").get<std::string>(),
              HasSubstr("has no field 'word'"));
}

TEST(HostSummary, SpoutCountsCommandsEmitsAndErrors) {
  SpoutHost spout({STORMCPP_WORDCOUNT, "spout"}, fast());
  spout.activate();
  spout.next();
  spout.next();
  spout.ack(0);
  spout.fail(1);  // emitted again
  EXPECT_EQ(spout.stop(), 0);
  storm::testing::RunSummary summary = spout.summary();
  EXPECT_EQ(summary.kind, "spout");
  EXPECT_EQ(summary.nexts_sent, 2);
  EXPECT_EQ(summary.acks_sent, 1);
  EXPECT_EQ(summary.fails_sent, 1);
  EXPECT_EQ(summary.emitted, 3);
  EXPECT_EQ(summary.errors, 0);
  EXPECT_FALSE(summary.has_failures());  // the fails came from the host
  EXPECT_EQ(summary.line(),
            "spout: 2 nexts sent, 3 emitted, 1 ack sent, 1 fail sent, 0 errors reported");
}

// ---- the real word count -----------------------------------------------------------------------

// The serializers a test runs under: Storm's JSON, then stormcpp.storm.MsgpackSerializer.
const HostOptions::Wire both_wires[] = {HostOptions::Wire::json, HostOptions::Wire::msgpack};

std::string name_of(HostOptions::Wire wire) {
  return wire == HostOptions::Wire::json ? "json wire" : "msgpack wire";
}

// After the JSON handshake and pid reply, every frame both ways is on the host's wire.
void expect_frames_on_the_wire(const std::vector<Exchange>& conversation, HostOptions::Wire wire) {
  ASSERT_GT(conversation.size(), 2u);
  EXPECT_FALSE(conversation[0].packed);
  EXPECT_FALSE(conversation[1].packed);
  for (std::size_t i = 2; i < conversation.size(); ++i) {
    EXPECT_EQ(conversation[i].packed, wire == HostOptions::Wire::msgpack) << conversation[i].frame;
  }
}

TEST(HostWordCount, SpoutNextAckFail) {
  for (HostOptions::Wire wire : both_wires) {
    SCOPED_TRACE(name_of(wire));
    HostOptions options = fast();
    options.wire = wire;
    options.context = {{"componentid", "sentences"},
                       {"streams", {"default"}},
                       {"stream->outputfields", {{"default", {"sentence"}}}}};
    SpoutHost spout({STORMCPP_WORDCOUNT, "spout"}, options);
    EXPECT_EQ(spout.packed_wire(), wire == HostOptions::Wire::msgpack);
    EXPECT_TRUE(spout.activate().empty());
    std::vector<Message> first = spout.next();
    std::vector<Message> second = spout.next();
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(first[0].json.at("id"), 0);
    EXPECT_EQ(second[0].json.at("id"), 1);
    EXPECT_TRUE(spout.ack(0).empty());
    // A failed sentence comes back with the same id and the same sentence.
    std::vector<Message> again = spout.fail(1);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].json.at("id"), 1);
    EXPECT_EQ(again[0].json.at("tuple"), second[0].json.at("tuple"));
    EXPECT_THAT(log_messages(spout.received("log")),
                testing::ElementsAre("sentence 1 failed, emitting it again"));
    EXPECT_TRUE(spout.fail(0).empty());  // acked already: forgotten
    EXPECT_TRUE(spout.deactivate().empty());
    EXPECT_EQ(spout.stop(), 0);
    EXPECT_TRUE(spout.warnings().empty());
    expect_frames_on_the_wire(spout.conversation(), wire);
  }
}

TEST(HostWordCount, SplitBoltAcksEveryTupleWithAnchoredEmits) {
  for (HostOptions::Wire wire : both_wires) {
    SCOPED_TRACE(name_of(wire));
    HostOptions options = declared_word_stream();
    options.wire = wire;
    options.context["source->stream->fields"] = {{"sentences", {{"default", {"sentence"}}}}};
    BoltHost split({STORMCPP_WORDCOUNT, "split"}, options);
    const std::vector<std::pair<std::string, std::vector<json>>> cases = {
        {"the cow jumped", {{"the"}, {"cow"}, {"jumped"}}},
        {"over/the   moon", {{"over/the"}, {"moon"}}},
        {"", {}},
    };
    for (const auto& [sentence, words] : cases) {
      std::string id = split.send_tuple({sentence}, "sentences");
      auto outcome = split.wait_for(id);
      EXPECT_TRUE(outcome.acked) << sentence;
      EXPECT_EQ(outcome.values(), words) << sentence;
      for (const auto& emit : outcome.emits)
        EXPECT_EQ(emit.json.at("anchors"), json::array({id}));
    }
    split.run_for(200ms);  // idle: heartbeats only
    EXPECT_GT(split.heartbeats_sent(), 0);
    EXPECT_EQ(split.stop(), 0);
    // Every heartbeat was answered with a sync, and nothing else was.
    EXPECT_EQ(split.received("sync").size(), static_cast<std::size_t>(split.heartbeats_sent()));
    EXPECT_TRUE(split.pending().empty());
    EXPECT_TRUE(split.warnings().empty());
    expect_frames_on_the_wire(split.conversation(), wire);
  }
}

// Descriptors open in a running process (Linux /proc).
std::size_t open_descriptors(pid_t pid) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++count;
  }
  return count;
}

TEST(HostResources, NoDescriptorOrPidFileLeaksAcrossTuplesAndRestarts) {
  for (int restart = 0; restart < 3; ++restart) {
    BoltHost count({STORMCPP_WORDCOUNT, "count"}, fast());
    count.process({"warm-up"});
    std::size_t before = open_descriptors(count.pid());
    for (int i = 0; i < 300; ++i)
      count.process({"w" + std::to_string(i % 7)});
    EXPECT_EQ(open_descriptors(count.pid()), before);
    pid_t pid = count.pid();
    std::string pid_dir = count.pid_dir();
    EXPECT_EQ(count.stop(), 0);
    // Exactly one pid file, named after the process: nothing else is left in pidDir.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(pid_dir)) {
      files.push_back(entry.path().filename().string());
    }
    EXPECT_EQ(files, std::vector<std::string>{std::to_string(pid)});
  }
}

// Peak resident memory of a running process in KB (Linux /proc VmHWM).
long peak_rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Pipes `tuples` sentences into `wordcount split` as fast as the pipe takes them (a writer
// that never waits for acks: only the full pipe holds it back) and returns the bolt's peak
// RSS once every tuple is acked.
long split_peak_rss_kb(int tuples) {
  storm::testing::ChildProcess split({STORMCPP_WORDCOUNT, "split"});
  test::TempDir pid_dir;
  split.write(nlohmann::json{{"pidDir", pid_dir.path.string()},
                             {"conf", nlohmann::json::object()},
                             {"context", {{"taskid", 2}, {"componentid", "split"}}}}
                  .dump() +
              "\nend\n");
  std::thread writer([&] {
    std::string chunk;
    for (int i = 0; i < tuples; ++i) {
      chunk +=
          R"({"id":")" + std::to_string(1000000 + i) +
          R"(","comp":"spout","stream":"default","task":1,"tuple":["the cow jumped over the moon"]})"
          "\nend\n";
      if (chunk.size() > 32768 || i + 1 == tuples) {
        if (!split.write(chunk)) return;
        chunk.clear();
      }
    }
  });
  int acks = 0;
  while (acks < tuples) {
    auto frame = split.read_frame(30s);
    if (!frame) break;
    if (frame->find(R"("command":"ack")") != std::string::npos) ++acks;
  }
  writer.join();
  long peak = peak_rss_kb(split.pid());
  split.close_stdin();
  EXPECT_EQ(split.wait(10s), 0);
  EXPECT_EQ(acks, tuples);
  return peak;
}

TEST(HostResources, MemoryStaysBoundedWhenInputOutrunsTheBolt) {
  // GCC says __SANITIZE_ADDRESS__, clang __has_feature (which GCC 12 lacks: test it alone).
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan's shadow memory makes RSS meaningless";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  GTEST_SKIP() << "ASan's shadow memory makes RSS meaningless";
#endif
#endif
  // 10x the input (2 MB vs 20 MB piped): a bolt that buffered its input would grow by 18 MB.
  long small = split_peak_rss_kb(20000);
  long large = split_peak_rss_kb(200000);
  EXPECT_LT(large - small, 1024) << small << " KB vs " << large << " KB";
  EXPECT_LT(large, 16 * 1024);
}

TEST(HostWordCount, CountBoltGetsTaskIdsFromTheGroupings) {
  for (HostOptions::Wire wire : both_wires) {
    SCOPED_TRACE(name_of(wire));
    HostOptions options = fast();
    options.wire = wire;
    options.conf = {{"wordcount.report_tasks", true}};
    options.context = {
        {"taskid", 8},
        {"componentid", "count"},
        {"task->component", {{"8", "count"}, {"9", "report"}, {"10", "report"}, {"11", "audit"}}},
        {"streams", {"default"}},
        {"stream->outputfields", {{"default", {"word", "count"}}}},
        {"stream->target->grouping",
         {{"default",
           {{"report", {{"type", "FIELDS"}, {"fields", {"word"}}}},
            {"audit", {{"type", "ALL"}}}}}}}};
    BoltHost count({STORMCPP_WORDCOUNT, "count"}, options);
    for (const char* word : {"cow", "moon", "cow"}) {
      auto outcome = count.process({word}, "split");
      EXPECT_TRUE(outcome.acked) << word;
      ASSERT_EQ(outcome.emits.size(), 1u);
      EXPECT_EQ(outcome.emits[0].json.at("need_task_ids"), true);
    }
    std::vector<std::string> lists = task_lists(count.conversation());
    ASSERT_EQ(lists.size(), 3u);
    // ALL sends to every audit task; a fields grouping sends the same word to the same report
    // task. (Targets in name order: Storm's own order is a HashMap's.)
    EXPECT_EQ(lists[0], lists[2]);
    for (const auto& list : lists)
      EXPECT_THAT(list, testing::MatchesRegex(R"(\[11,(9|10)\])"));
    // The bolt logs exactly the tasks it was told.
    auto shown = [](std::string list) { return list.substr(1, list.size() - 2); };
    EXPECT_THAT(log_messages(count.received("log")),
                testing::ElementsAre("cow=1 went to tasks [" + shown(lists[0]) + "]",
                                     "moon=1 went to tasks [" + shown(lists[1]) + "]",
                                     "cow=2 went to tasks [" + shown(lists[2]) + "]"));
    // Ticks are real tuples: acked.
    EXPECT_TRUE(count.wait_for(count.send_tick(5)).acked);
    EXPECT_THAT(log_messages(count.received("log")).back(),
                HasSubstr("2 distinct words, 3 counted"));
    EXPECT_EQ(count.stop(), 0);
    EXPECT_TRUE(count.warnings().empty());
    expect_frames_on_the_wire(count.conversation(), wire);
  }
}

TEST(HostWordCount, ScriptedTaskIds) {
  HostOptions options = fast();
  options.conf = {{"wordcount.report_tasks", true}};
  options.task_ids = [](const json& emit) {
    return std::vector<int>{static_cast<int>(emit.at("tuple").at(1).get<int>()) + 40};
  };
  BoltHost count({STORMCPP_WORDCOUNT, "count"}, options);
  count.process({"cow"}, "split");
  count.process({"cow"}, "split");
  EXPECT_THAT(log_messages(count.received("log")),
              testing::ElementsAre("cow=1 went to tasks [41]", "cow=2 went to tasks [42]"));
  EXPECT_EQ(count.stop(), 0);
}

// ---- the msgpack wire --------------------------------------------------------------------------

HostOptions packed() {
  HostOptions options = fast();
  options.wire = HostOptions::Wire::msgpack;
  return options;
}

TEST(HostMsgpack, BytesStayBytes) {
  BoltHost echo(component("echo_bolt"), packed());
  ASSERT_TRUE(echo.packed_wire());
  json bytes = json::binary({0x00, 0xc1, 0xff, 0x0a});
  auto outcome = echo.process({bytes, "text", 7});
  EXPECT_TRUE(outcome.acked);
  ASSERT_EQ(outcome.emits.size(), 1u);
  EXPECT_EQ(outcome.values()[0], json::array({bytes, "text", 7}));
  EXPECT_TRUE(outcome.values()[0][0].is_binary());
  EXPECT_EQ(echo.stop(), 0);
}

TEST(HostMsgpack, ASpoutsAcksGoInOneCommandBeforeItsNextCommand) {
  SpoutHost spout({STORMCPP_WORDCOUNT, "spout"}, packed());
  ASSERT_TRUE(spout.ack_batches());
  spout.next();
  spout.next();
  std::size_t before = spout.conversation().size();
  EXPECT_TRUE(spout.ack(0).empty());
  EXPECT_TRUE(spout.ack(1).empty());
  EXPECT_EQ(spout.conversation().size(), before);  // nothing sent yet
  EXPECT_TRUE(spout.fail(1).empty());              // acked before the fail: forgotten
  const auto& conversation = spout.conversation();
  ASSERT_EQ(conversation.size(), before + 3);
  EXPECT_EQ(conversation[before].frame, R"({"command":"acks","ids":[0,1]})");
  EXPECT_EQ(conversation[before + 1].frame, R"({"command":"fail","id":1})");
  EXPECT_EQ(conversation[before + 2].frame, R"({"command":"sync"})");
  EXPECT_EQ(spout.summary().acks_sent, 2);
  EXPECT_EQ(spout.stop(), 0);

  SpoutHost plain({STORMCPP_WORDCOUNT, "spout"}, fast());  // Storm's serializer: one ack each
  EXPECT_FALSE(plain.ack_batches());
  plain.next();
  plain.ack(0);
  EXPECT_EQ(plain.conversation()[plain.conversation().size() - 2].frame,
            R"({"command":"ack","id":0})");
  EXPECT_EQ(plain.stop(), 0);
}

TEST(HostMsgpack, AComponentThatDoesNotOfferTheWireGetsJson) {
  BoltHost host(script({"handshake"}), packed());
  EXPECT_FALSE(host.packed_wire());
  host.run_for(200ms);
  EXPECT_EQ(host.stop(), 0);
  expect_frames_on_the_wire(host.conversation(), HostOptions::Wire::json);
}

TEST(HostMsgpack, APackedFrameUnderStormsJsonSerializerIsFatal) {
  BoltHost host(script({"offer", R"(packed={"command":"sync"})"}), fast());
  EXPECT_FALSE(host.packed_wire());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("a packed frame under Storm's JSON serializer"));
}

TEST(HostMsgpack, APackedFrameBeforeTheSwitchIsAViolation) {
  BoltHost host(script({"handshake", R"(packed={"command":"sync"})"}), packed());
  EXPECT_THAT(violation_of([&] { host.run_for(1500ms); }),
              HasSubstr("a packed frame before the serializer switched"));
}

TEST(HostMsgpack, ACorruptPackedFrameIsFatal) {
  // A map whose key is the integer 0.
  BoltHost host(script({"offer", "hex=c1000000028100"}), packed());
  std::string what = violation_of([&] { host.run_for(1500ms); });
  EXPECT_THAT(what, HasSubstr("a corrupt packed frame"));
  EXPECT_THAT(what, HasSubstr("a map key that is not a str"));
  EXPECT_THAT(what, HasSubstr("frame: c1 00 00 00 02 81 00"));
}

TEST(HostMsgpack, PackedMessagesAreCheckedAsJsonOnes) {
  BoltHost host(script({"offer", R"(packed={"command":"ack","id":"12"})"}), packed());
  std::string what = violation_of([&] { host.run_for(1500ms); });
  EXPECT_THAT(what, HasSubstr("ack of unknown tuple id \"12\""));
  EXPECT_THAT(host.stop(), 128 + 9);
}

}  // namespace
