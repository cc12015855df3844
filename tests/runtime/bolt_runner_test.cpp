// The bolt side of the protocol, through in-memory streams.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "stormcpp/components/bolt.hpp"
#include "test_support.hpp"

using nlohmann::json;
using test::frame;

namespace {

constexpr const char* sync_frame = R"({"command":"sync"})";

// A bolt whose process() is a lambda, recording what it saw.
class LambdaBolt : public storm::Bolt {
 public:
  std::function<void(LambdaBolt&, const storm::Tuple&)> on_tuple = [](auto&, auto&) {};
  std::vector<std::string> seen;

  void process(const storm::Tuple& t) override {
    seen.push_back(t.id());
    on_tuple(*this, t);
  }
  void process_tick(const storm::Tuple& t) override { seen.push_back("tick " + t.id()); }
};

struct BoltRun : ::testing::Test {
  test::TempDir dir;
  test::Run run(storm::Bolt& bolt, const std::string& messages, json conf = json::object()) {
    json context = {{"taskid", 3},
                    {"componentid", "split"},
                    {"source->stream->fields", {{"spout", {{"default", {"sentence"}}}}}}};
    return test::run(bolt, frame(test::handshake(dir.path.string(), conf, context)) + messages);
  }
  // The frames after the pid reply.
  static std::vector<std::string> after_pid(const test::Run& run) {
    return {run.frames.begin() + 1, run.frames.end()};
  }
};

std::string emit_frame(const std::string& values, const std::string& anchors) {
  return R"({"command":"emit","tuple":)" + values +
         (anchors.empty() ? "" : R"(,"anchors":)" + anchors) + R"(,"need_task_ids":false})";
}
std::string ack_frame(const std::string& id) {
  return R"({"command":"ack","id":")" + id + "\"}";
}
std::string fail_frame(const std::string& id) {
  return R"({"command":"fail","id":")" + id + "\"}";
}

}  // namespace

TEST_F(BoltRun, EmitsAreAnchoredAndTheTupleAckedAfterProcess) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple& t) {
    b.emit(t.get<std::string>("sentence") + "!");
    b.emit(storm::stream("counts"), 1);
  };
  auto r = run(bolt, frame(test::tuple("-1", {"hi"})) + frame(test::tuple("2", {"yo"})));
  EXPECT_EQ(r.exit_code, 0);
  std::vector<std::string> expected = {
      emit_frame(R"(["hi!"])", R"(["-1"])"),
      R"({"command":"emit","tuple":[1],"stream":"counts","anchors":["-1"],"need_task_ids":false})",
      ack_frame("-1"),
      emit_frame(R"(["yo!"])", R"(["2"])"),
      R"({"command":"emit","tuple":[1],"stream":"counts","anchors":["2"],"need_task_ids":false})",
      ack_frame("2")};
  EXPECT_EQ(after_pid(r), expected);
}

TEST_F(BoltRun, HeartbeatsAreAnsweredWithSyncAndNeverReachUserCode) {
  LambdaBolt bolt;
  auto r = run(bolt, frame(test::heartbeat("h1")) + frame(test::tuple("1", {"a"})) +
                         frame(test::heartbeat("h2")));
  EXPECT_EQ(bolt.seen, (std::vector<std::string>{"1"}));
  EXPECT_EQ(after_pid(r), (std::vector<std::string>{sync_frame, ack_frame("1"), sync_frame}));
}

TEST_F(BoltRun, TicksGoToProcessTickAndAreAckedEvenWithoutAutoAck) {
  LambdaBolt bolt;
  bolt.set_auto_ack(false);
  auto r = run(bolt, frame(test::tick("t1", 5)) + frame(test::tuple("1", {"a"})));
  EXPECT_EQ(bolt.seen, (std::vector<std::string>{"tick t1", "1"}));
  EXPECT_EQ(after_pid(r), (std::vector<std::string>{ack_frame("t1")}));
}

TEST_F(BoltRun, NeverAcksATupleTheUserAlreadyAckedOrFailed) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple& t) {
    if (t.id() == "1") b.ack(t);
    if (t.id() == "2") b.fail(t);
  };
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})) +
                         frame(test::tuple("3", {"c"})));
  EXPECT_EQ(after_pid(r),
            (std::vector<std::string>{ack_frame("1"), fail_frame("2"), ack_frame("3")}));
}

TEST_F(BoltRun, AutoOptionsComeFromTheConf) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) { b.emit("x"); };
  auto r = run(bolt, frame(test::tuple("1", {"a"})),
               {{"stormcpp.auto_ack", false}, {"stormcpp.auto_anchor", false}});
  EXPECT_FALSE(bolt.auto_ack());
  EXPECT_EQ(after_pid(r), (std::vector<std::string>{emit_frame(R"(["x"])", "")}));
}

TEST_F(BoltRun, ExplicitAnchors) {
  LambdaBolt bolt;
  std::vector<storm::Tuple> kept;
  bolt.on_tuple = [&](LambdaBolt& b, const storm::Tuple& t) {
    kept.push_back(t);
    if (kept.size() == 2) {
      b.emit(storm::anchors(kept), "both");
      b.emit(storm::Anchors::none(), "none");
      b.emit(storm::anchors(kept[0]), storm::stream("s"), "first");
      b.emit(storm::Anchors::ids({"9", "8"}), "ids");
    }
  };
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})));
  std::vector<std::string> expected = {
      ack_frame("1"),
      emit_frame(R"(["both"])", R"(["1","2"])"),
      emit_frame(R"(["none"])", ""),
      R"({"command":"emit","tuple":["first"],"stream":"s","anchors":["1"],"need_task_ids":false})",
      emit_frame(R"(["ids"])", R"(["9","8"])"),
      ack_frame("2")};
  EXPECT_EQ(after_pid(r), expected);
}

TEST_F(BoltRun, AThrowingProcessIsReportedTheTupleFailedAndTheBoltGoesOn) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt&, const storm::Tuple& t) {
    if (t.id() == "1") throw std::runtime_error("bad input");
  };
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})));
  EXPECT_EQ(r.exit_code, 0);
  std::vector<std::string> expected = {R"({"command":"error","msg":"process() threw: bad input"})",
                                       fail_frame("1"), ack_frame("2")};
  EXPECT_EQ(after_pid(r), expected);
}

TEST_F(BoltRun, WithoutAutoFailAThrowingTupleIsLeftToTheUser) {
  LambdaBolt bolt;
  bolt.set_auto_fail(false);
  bolt.on_tuple = [](LambdaBolt&, const storm::Tuple&) { throw 42; };
  auto r = run(bolt, frame(test::tuple("1", {"a"})));
  std::vector<std::string> expected = {
      R"({"command":"error","msg":"process() threw: an exception not derived from std::exception"})"};
  EXPECT_EQ(after_pid(r), expected);
}

TEST_F(BoltRun, ExitOnExceptionFailsTheTupleThenExits) {
  LambdaBolt bolt;
  bolt.set_exit_on_exception(true);
  bolt.on_tuple = [](LambdaBolt&, const storm::Tuple&) { throw std::runtime_error("fatal"); };
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})));
  EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::user_code));
  EXPECT_EQ(bolt.seen, (std::vector<std::string>{"1"}));
  auto frames = after_pid(r);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[1], fail_frame("1"));
  EXPECT_NE(frames[2].find("stormcpp.user_code"), std::string::npos);
}

TEST_F(BoltRun, TaskIdsAreTakenFromBetweenTuplesAndHeartbeats) {
  LambdaBolt bolt;
  std::vector<std::vector<int>> tasks;
  bolt.on_tuple = [&](LambdaBolt& b, const storm::Tuple& t) {
    if (t.id() == "1") {
      tasks.push_back(b.emit_with_task_ids("x"));
      tasks.push_back(b.emit_with_task_ids(storm::stream("other"), "y"));
    }
  };
  // Storm sends tuple 2 and a heartbeat before the first list, tuple 3 between the lists.
  std::string input = frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})) +
                      frame(test::heartbeat()) + frame({5, 6}) + frame(test::tuple("3", {"c"})) +
                      frame(json::array());
  auto r = run(bolt, input);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(tasks, (std::vector<std::vector<int>>{{5, 6}, {}}));
  // Nothing lost, nothing reordered: 2, the heartbeat and 3 are handled after 1, in order.
  EXPECT_EQ(bolt.seen, (std::vector<std::string>{"1", "2", "3"}));
  std::vector<std::string> expected = {
      R"({"command":"emit","tuple":["x"],"anchors":["1"],"need_task_ids":true})",
      R"({"command":"emit","tuple":["y"],"stream":"other","anchors":["1"],"need_task_ids":true})",
      ack_frame("1"),
      ack_frame("2"),
      sync_frame,
      ack_frame("3")};
  EXPECT_EQ(after_pid(r), expected);
}

TEST_F(BoltRun, EndOfInputWhileWaitingForTaskIdsExitsCleanly) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) { b.emit_with_task_ids("x"); };
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::heartbeat()));
  EXPECT_EQ(r.exit_code, 0);
  ASSERT_EQ(after_pid(r).size(), 1u);  // the emit; no ack for a tuple whose process() never ended
}

TEST_F(BoltRun, MessagesQueuedWhileWaitingForTaskIdsAreBounded) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) { b.emit_with_task_ids("x"); };
  // 200 tuples of ~90 bytes arrive before the task ids; the limit is 4000 bytes in all.
  std::string input = frame(test::tuple("1", {"a"}));
  for (int i = 2; i < 202; ++i)
    input += frame(test::tuple(std::to_string(i), {std::string(40, 'v')}));
  input += frame({5});
  auto r = run(bolt, input, {{"stormcpp.max_frame_bytes", 4000}});
  EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::frame_too_large));
  ASSERT_EQ(after_pid(r).size(), 2u);  // the emit, then the error
  EXPECT_NE(after_pid(r)[1].find("waiting for the task ids"), std::string::npos) << after_pid(r)[1];
  EXPECT_EQ(bolt.seen, std::vector<std::string>{"1"});
}

TEST_F(BoltRun, TuplesOffTheFastPathAreDecodedTheSame) {
  LambdaBolt bolt;
  std::vector<std::string> seen;
  bolt.on_tuple = [&](LambdaBolt&, const storm::Tuple& t) {
    seen.push_back(t.id() + "|" + t.component() + "|" + t.stream() + "|" +
                   std::to_string(t.task()) + "|" + t.values().dump());
  };
  // The first goes through decode_tuple_frame; the others need parse_frame (a NaN, a repeated
  // key, whitespace and key order of another writer) and must come out the same way.
  std::string input =
      frame(test::tuple("1", {"a", 2})) +
      R"({"id":"2","comp":"spout","stream":"default","task":7,"tuple":[NaN]})"
      "\nend\n"
      R"({"id":"x","id":"3","comp":null,"stream":"s","task":1,"tuple":[]})"
      "\nend\n"
      R"( { "tuple" : [ "a" , 2 ] , "task" : 7 , "stream" : "default" , "id" : "4" } )"
      "\nend\n";
  auto r = run(bolt, input);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"1|spout|default|7|[\"a\",2]", "2|spout|default|7|[null]",
                                      "3||s|1|[]", "4||default|7|[\"a\",2]"}));
}

TEST_F(BoltRun, AMistypedOptionStopsTheStartAndAnUnknownOneIsWarnedAbout) {
  LambdaBolt bolt;
  auto bad = run(bolt, frame(test::tuple("1", {"a"})), {{"stormcpp.auto_ack", "no"}});
  EXPECT_EQ(bad.exit_code, static_cast<int>(storm::ExitCode::bad_handshake));
  EXPECT_TRUE(bolt.seen.empty());
  ASSERT_FALSE(bad.frames.empty());
  EXPECT_THAT(bad.frames.back(),
              ::testing::HasSubstr("[stormcpp.bad_option] stormcpp.auto_ack must be a boolean "
                                   "(true or false), got \\\"no\\\""));
  LambdaBolt other;
  auto warned = run(other, frame(test::tuple("1", {"a"})), {{"stormcpp.auto_akc", false}});
  EXPECT_EQ(warned.exit_code, 0);
  EXPECT_EQ(after_pid(warned),
            (std::vector<std::string>{
                R"({"command":"log","msg":"unknown option stormcpp.auto_akc in the topology conf )"
                R"((ignored); did you mean stormcpp.auto_ack?","level":3})",
                ack_frame("1")}));
}

TEST_F(BoltRun, LogsGoToStormAtTheirLevel) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) {
    b.logger()->debug("hidden at the default level");
    b.logger()->warn("careful {}", 1);
    b.logger()->error("broken");
    b.log("plain");
    b.report_error("oops");
  };
  auto r = run(bolt, frame(test::tuple("1", {"a"})));
  std::vector<std::string> expected = {R"({"command":"log","msg":"careful 1","level":3})",
                                       R"({"command":"log","msg":"broken","level":4})",
                                       R"({"command":"log","msg":"plain","level":2})",
                                       R"({"command":"error","msg":"oops"})", ack_frame("1")};
  EXPECT_EQ(after_pid(r), expected);
}

TEST_F(BoltRun, MetricsGoToTheGluesMetricAfterTheTuple) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) {
    b.metrics().counter("seen").inc();
    b.metrics().timer("work").record(std::chrono::microseconds(1500));
  };
  // 60 s between reports: the first report follows the first tuple, the second tuple's counts
  // wait for the next interval.
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})),
               {{"stormcpp.metrics.name", "stormcpp"}, {"stormcpp.metrics_interval_ms", 60000}});
  std::vector<std::string> expected = {
      ack_frame("1"),
      R"({"command":"metrics","name":"stormcpp","params":{"counters":{"seen":1},"timers":{"work":{"count":1,"max_ms":1.5,"min_ms":1.5,"sum_ms":1.5}}}})",
      ack_frame("2")};
  EXPECT_EQ(after_pid(r), expected);
  EXPECT_EQ(bolt.metrics().counter("seen").count(), 2);
}

TEST_F(BoltRun, MetricsWithoutTheGluesMetricAreNotSentAndWarnedAboutOnce) {
  // Under a plain ShellBolt there is no metric to send them to: Storm would kill the bolt.
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) { b.metrics().counter("seen").inc(); };
  auto r = run(bolt, frame(test::tuple("1", {"a"})) + frame(test::tuple("2", {"b"})),
               {{"stormcpp.metrics_interval_ms", 0}});
  auto frames = after_pid(r);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0], ack_frame("1"));
  EXPECT_NE(frames[1].find(R"("command":"log")"), std::string::npos);
  EXPECT_NE(frames[1].find("metrics are not reported"), std::string::npos);
  EXPECT_NE(frames[1].find(R"("level":3)"), std::string::npos);
  EXPECT_EQ(frames[2], ack_frame("2"));
}

TEST_F(BoltRun, LogLevelComesFromTheConf) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple&) { b.logger()->debug("shown"); };
  auto r = run(bolt, frame(test::tuple("1", {"a"})), {{"stormcpp.log_level", "debug"}});
  EXPECT_EQ(after_pid(r)[0], R"({"command":"log","msg":"shown","level":1})");
}

TEST_F(BoltRun, MalformedTuplesEndWithInvalidMessage) {
  for (const char* message :
       {R"({"id":1,"comp":"s","stream":"default","task":1,"tuple":[]})",
        R"({"id":"1","comp":"s","stream":"default","task":1,"tuple":{}})",
        R"({"id":"1","comp":"s","stream":"default","task":"1","tuple":[]})",
        R"({"id":"1","comp":3,"stream":"default","task":1,"tuple":[]})",
        R"({"id":"1","comp":"s","task":1,"tuple":[]})", R"("hello")", R"(42)"}) {
    LambdaBolt bolt;
    auto r = run(bolt, std::string(message) + "\nend\n");
    EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::invalid_message)) << message;
    EXPECT_TRUE(bolt.seen.empty());
    EXPECT_NE(r.frames.back().find("stormcpp.invalid_message"), std::string::npos);
  }
}

TEST_F(BoltRun, UnexpectedTaskIdListsAreLoggedAndIgnored) {
  LambdaBolt bolt;
  auto r = run(bolt, frame({1}) + frame(test::tuple("1", {"a"})));
  EXPECT_EQ(r.exit_code, 0);
  auto frames = after_pid(r);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_NE(frames[0].find("unexpected task id list [1]"), std::string::npos);
  EXPECT_EQ(frames[1], ack_frame("1"));
}

TEST_F(BoltRun, AcceptsStormsEscapesNaNAndHugeIntegers) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple& t) {
    b.emit(storm::values_from(t.values()));
  };
  auto r = run(
      bolt,
      R"({"id":"1","comp":"a\/b","stream":"default","task":1,"tuple":[NaN,18446744073709551615,"\u00e9\/"]})"
      "\nend\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(after_pid(r)[0], emit_frame("[null,18446744073709551615,\"\xc3\xa9/\"]", R"(["1"])"));
}

TEST_F(BoltRun, ABurstOfTuplesCostsOneWrite) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple& t) {
    b.emit(storm::values_from(t.values()));
  };
  std::string input;
  for (int i = 0; i < 300; ++i)
    input += frame(test::tuple(std::to_string(i), {i}));
  auto r = run(bolt, input);
  EXPECT_EQ(r.frames.size(), 601u);
  EXPECT_LE(r.writes, 2u);
}

TEST_F(BoltRun, PartialReadsLoseNothing) {
  LambdaBolt bolt;
  std::string input = frame(test::handshake(dir.path.string()));
  for (int i = 0; i < 20; ++i)
    input += frame(test::tuple(std::to_string(i), {"x"}));
  auto r = test::run(bolt, input, 3);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(bolt.seen.size(), 20u);
  EXPECT_EQ(r.frames.size(), 21u);
}

TEST_F(BoltRun, MaxFrameBytesComesFromTheConf) {
  LambdaBolt bolt;
  auto r = run(bolt, frame(test::tuple("1", {std::string(200, 'x')})),
               {{"stormcpp.max_frame_bytes", 100}});
  EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::frame_too_large));
  EXPECT_TRUE(bolt.seen.empty());
}

TEST_F(BoltRun, DeeplyNestedValuesAreRejectedNotACrash) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple& t) {
    b.emit(storm::values_from(t.values()));
  };
  const std::size_t depth = 200000;
  std::string values = std::string(depth, '[') + std::string(depth, ']');
  auto r = run(
      bolt, R"({"id":"1","comp":"s","stream":"default","task":1,"tuple":)" + values + "}\nend\n");
  EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::invalid_message));
  EXPECT_TRUE(bolt.seen.empty());
  EXPECT_NE(r.frames.back().find("nests deeper than"), std::string::npos);
}

TEST_F(BoltRun, AHundredMegabyteFrameIsTolerated) {
  LambdaBolt bolt;
  std::size_t length = 0;
  bolt.on_tuple = [&](LambdaBolt&, const storm::Tuple& t) {
    length = t[0].get_ref<const std::string&>().size();
  };
  std::string big(100u * 1024 * 1024, 'x');
  auto r = run(bolt, frame(test::tuple("1", {big})));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(length, big.size());
  EXPECT_EQ(after_pid(r), (std::vector<std::string>{ack_frame("1")}));
}

TEST_F(BoltRun, EmitsFromUserThreadsArriveWholeAndAnchoredAsAsked) {
  LambdaBolt bolt;
  bolt.on_tuple = [](LambdaBolt& b, const storm::Tuple& t) {
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
      workers.emplace_back([&b, &t, w] {
        for (int i = 0; i < 250; ++i)
          b.emit(storm::anchors(t), w, i);  // explicit anchor off the main thread
        b.emit(w, "unanchored");            // auto-anchoring applies only on the processing thread
      });
    }
    for (auto& worker : workers)
      worker.join();
  };
  auto r = run(bolt, frame(test::tuple("1", {"a"})));
  EXPECT_EQ(r.exit_code, 0);
  auto frames = after_pid(r);
  ASSERT_EQ(frames.size(), 4u * 251 + 1);
  std::map<int, int> next_per_thread;
  int unanchored = 0;
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
    json message = json::parse(frames[i]);  // every frame whole: parses alone
    int w = message["tuple"][0];
    if (message["tuple"][1] == "unanchored") {
      EXPECT_FALSE(message.contains("anchors"));
      ++unanchored;
      continue;
    }
    EXPECT_EQ(message["anchors"], json::array({"1"}));
    EXPECT_EQ(message["tuple"][1], next_per_thread[w]++);  // each thread's emits in order
  }
  EXPECT_EQ(unanchored, 4);
  EXPECT_EQ(frames.back(), ack_frame("1"));
}

// The pattern the emitter exists for: process() hands each tuple to a worker thread, which
// emits and acks it later while the main thread is already processing the next ones. Under
// ThreadSanitizer this failed while the bolt's settle state was unsynchronised.
TEST_F(BoltRun, AWorkerThreadEmitsAndAcksWhileTheNextTuplesAreProcessed) {
  constexpr int count = 200;
  struct WorkerBolt : storm::Bolt {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::optional<storm::Tuple>> queue;  // nullopt: no more tuples
    std::thread worker;

    void initialize(const json&, const storm::Context&) override {
      set_auto_ack(false);
      worker = std::thread([this, out = emitter()] {
        for (;;) {
          std::unique_lock<std::mutex> lock(mutex);
          ready.wait(lock, [&] { return !queue.empty(); });
          std::optional<storm::Tuple> tuple = std::move(queue.front());
          queue.pop_front();
          lock.unlock();
          if (!tuple) return;
          out.emit(storm::anchors(*tuple), tuple->get<std::string>(0) + "!");
          out.ack(*tuple);
        }
      });
    }
    void process(const storm::Tuple& tuple) override {
      bool last = tuple.id() == std::to_string(count);
      {
        std::lock_guard<std::mutex> lock(mutex);
        queue.emplace_back(tuple);
        if (last) queue.emplace_back(std::nullopt);
      }
      ready.notify_one();
      if (last) worker.join();
    }
  } bolt;
  std::string input;
  for (int i = 1; i <= count; ++i)
    input += frame(test::tuple(std::to_string(i), {"t" + std::to_string(i)}));
  auto r = run(bolt, input);
  EXPECT_EQ(r.exit_code, 0);
  std::vector<std::string> expected;
  for (int i = 1; i <= count; ++i) {
    std::string id = std::to_string(i);
    expected.push_back(emit_frame("[\"t" + id + "!\"]", "[\"" + id + "\"]"));
    expected.push_back(ack_frame(id));
  }
  EXPECT_EQ(after_pid(r), expected);  // each tuple acked once, by the worker, in order
}

// The outputs a bolt declares in code, against those of the handshake's context.
struct TwoFieldBolt : storm::Bolt {
  TwoFieldBolt() { declare_output({"word", "count"}); }
  void process(const storm::Tuple& t) override {
    if (t[0] == "short") {
      emit(t.get<std::string>(0));
    } else {
      emit(t.get<std::string>(0), 1);
    }
  }
};

json context_with_outputs(const json& outputs) {
  return {{"taskid", 3},
          {"componentid", "count"},
          {"streams", json::array({"default"})},
          {"stream->outputfields", outputs},
          {"source->stream->fields", {{"spout", {{"default", {"word"}}}}}}};
}

TEST_F(BoltRun, OutputsDeclaredInCodeThatDisagreeWithTheTopologyStopTheStart) {
  TwoFieldBolt bolt;
  json handshake = test::handshake(dir.path.string(), json::object(),
                                   context_with_outputs({{"default", {"word"}}}));
  auto r = test::run(bolt, frame(handshake) + frame(test::tuple("1", {"a"})));
  EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::bad_outputs));
  ASSERT_EQ(r.frames.size(), 2u);  // the pid, then the error for Storm's log
  EXPECT_THAT(json::parse(r.frames[1])["msg"].get<std::string>(),
              ::testing::HasSubstr("[stormcpp.bad_outputs] output stream \"default\" has fields "
                                   "(word, count) in the component but (word) in the topology"));
}

TEST_F(BoltRun, AnEmitWithTheWrongFieldCountIsAnErrorNotAKill) {
  TwoFieldBolt bolt;
  json handshake = test::handshake(dir.path.string(), json::object(),
                                   context_with_outputs({{"default", {"word", "count"}}}));
  auto r = test::run(bolt, frame(handshake) + frame(test::tuple("1", {"short"})) +
                               frame(test::tuple("2", {"long"})));
  EXPECT_EQ(r.exit_code, 0);
  auto frames = after_pid(r);
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_THAT(json::parse(frames[0])["msg"].get<std::string>(),
              ::testing::HasSubstr("[stormcpp.bad_emit] an emit of 1 values on stream "
                                   "\"default\", which declares 2 fields"));
  EXPECT_EQ(frames[1], fail_frame("1"));  // nothing of the bad emit reached Storm
  EXPECT_EQ(frames[2], emit_frame(R"(["long",1])", R"(["2"])"));
  EXPECT_EQ(frames[3], ack_frame("2"));
}
