// The in-process harness itself: it must run the real dispatch rules and catch misuse.
#include "stormcpp/testing/harness.hpp"

#include <gtest/gtest.h>

#include "stormcpp/testing/gtest.hpp"

using nlohmann::json;
using storm::testing::BoltHarness;
using storm::testing::SpoutHarness;
using storm::testing::values_of;
using ::testing::ElementsAre;

namespace {

class EchoBolt : public storm::Bolt {
 public:
  int ticks = 0;
  std::vector<std::string> seen_fields;
  void initialize(const json& conf, const storm::Context& context) override {
    prefix = conf.value("prefix", "");
    component = context.component_id;
  }
  void process(const storm::Tuple& t) override {
    if (t.size() > 0 && t[0] == "boom") throw std::runtime_error("boom");
    if (t.size() > 0 && t[0] == "twice") {
      ack(t);
      ack(t);
      return;
    }
    if (t.fields() != nullptr) seen_fields = *t.fields();
    emit(prefix + t[0].get<std::string>());
    logger()->warn("saw {}", t[0].get<std::string>());
  }
  void process_tick(const storm::Tuple&) override { ++ticks; }
  std::string prefix;
  std::string component;
};

}  // namespace

TEST(BoltHarness, RunsTheRealDispatchRules) {
  BoltHarness<EchoBolt> h;
  h.conf("prefix", ">").component("echo", 3).source("words", "default", {"word"});
  auto t = h.process({"cow"});
  EXPECT_EQ(h.bolt().component, "echo");
  EXPECT_EQ(h.bolt().seen_fields, (std::vector<std::string>{"word"}));
  EXPECT_EQ(t.component(), "words");
  EXPECT_THAT(h.emits(), ElementsAre(storm::testing::EmitOf(json{">cow"})));
  EXPECT_THAT(h.emits(), ElementsAre(storm::testing::AnchoredTo(t)));
  EXPECT_TRUE(h.acked(t));
  EXPECT_FALSE(h.failed(t));
  ASSERT_EQ(h.logs().size(), 1u);
  EXPECT_EQ(h.logs()[0].level, storm::LogLevel::warn);
  EXPECT_EQ(h.logs()[0].message, "saw cow");
  EXPECT_NO_STORM_VIOLATIONS(h);
}

TEST(BoltHarness, ThrowingProcessIsReportedAndFailed) {
  BoltHarness<EchoBolt> h;
  auto t = h.process({"boom"});
  EXPECT_TRUE(h.failed(t));
  EXPECT_EQ(h.errors(), (std::vector<std::string>{"process() threw: boom"}));
  h.bolt().set_exit_on_exception(true);
  EXPECT_THROW(h.process({"boom"}), storm::Error);
}

// A bolt that declares its outputs in code and emits `count` values on `stream`.
struct DeclaringBolt : storm::Bolt {
  std::string stream = "default";
  int count = 1;
  DeclaringBolt() {
    declare_output({"word"});
    declare_output(storm::stream("sizes"), {"word", "size"});
  }
  void process(const storm::Tuple& t) override {
    std::string word = t.get<std::string>(0);
    if (count == 1) emit(storm::stream(stream), word);
    if (count == 2) emit(storm::stream(stream), word, word.size());
  }
};

TEST(BoltHarness, EmitsAreCheckedAgainstTheOutputsDeclaredInCode) {
  BoltHarness<DeclaringBolt> h;
  h.process({"cow"});
  h.bolt().stream = "sizes";
  h.bolt().count = 2;
  h.process({"cow"});
  EXPECT_EQ(values_of(h.emits()), (std::vector<json>{{"cow"}, {"cow", 3}}));
  h.clear();

  h.bolt().count = 1;  // one value on a two-field stream
  auto t = h.process({"cow"});
  EXPECT_TRUE(h.emits().empty());
  EXPECT_TRUE(h.failed(t));
  ASSERT_EQ(h.errors().size(), 1u);
  EXPECT_THAT(h.errors()[0], ::testing::HasSubstr("[stormcpp.bad_emit] an emit of 1 values on "
                                                  "stream \"sizes\", which declares 2 fields"));
  h.clear();
  h.bolt().stream = "nowhere";
  h.process({"cow"});
  ASSERT_EQ(h.errors().size(), 1u);
  EXPECT_THAT(h.errors()[0], ::testing::HasSubstr("stream \"nowhere\", which the component does "
                                                  "not declare (declared: default, sizes)"));
}

TEST(BoltHarness, OutputsDeclaredInCodeMustMatchTheTopologys) {
  BoltHarness<DeclaringBolt> h;
  h.output("default", {"word"}).output("sizes", {"word", "length", "extra"});
  try {
    h.start();
    FAIL() << "a mismatch must stop the start";
  } catch (const storm::Error& e) {
    EXPECT_EQ(e.errc(), storm::Errc::bad_outputs);
    EXPECT_EQ(e.exit_code(), storm::ExitCode::bad_outputs);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("output stream \"sizes\" has fields (word, size) "
                                               "in the component but (word, length, extra) in "
                                               "the topology"));
  }
}

TEST(BoltHarness, TicksAreDeliveredAndAcked) {
  BoltHarness<EchoBolt> h;
  auto tick = h.tick(5);
  EXPECT_EQ(h.bolt().ticks, 1);
  EXPECT_TRUE(tick.is_tick());
  EXPECT_TRUE(h.acked(tick));
}

TEST(BoltHarness, FlagsWhatStormWouldKillTheBoltFor) {
  BoltHarness<EchoBolt> h;
  h.process({"twice"});
  EXPECT_EQ(h.violations().size(), 1u);
  EXPECT_NE(h.violations()[0].find("ack of tuple 1"), std::string::npos);
}

TEST(BoltHarness, ProcessFieldsOrdersValuesByTheDeclaredFields) {
  BoltHarness<EchoBolt> h;
  h.source("pairs", "default", {"a", "b"});
  auto t = h.process_fields({{"b", 2}, {"a", "x"}});
  EXPECT_EQ(t.values(), json::array({"x", 2}));
  EXPECT_THROW(h.process_fields({{"a", 1}}, "nowhere"), storm::Error);
}

TEST(BoltHarness, ScriptedTaskIdsAnswerEmitsThatAskForThem) {
  struct Bolt : storm::Bolt {
    std::vector<int> got;
    void process(const storm::Tuple& t) override {
      got = emit_with_task_ids(storm::values_from(t.values()));
    }
  };
  BoltHarness<Bolt> h;
  h.reply_task_ids({4, 5});
  h.process({1});
  EXPECT_EQ(h.bolt().got, (std::vector<int>{4, 5}));
  EXPECT_TRUE(h.emits()[0].need_task_ids);
  h.process({2});
  EXPECT_TRUE(h.bolt().got.empty());
}

TEST(BoltHarness, TheClockMovesOnlyWhenTold) {
  struct Bolt : storm::Bolt {
    storm::Clock::time_point seen;
    void process(const storm::Tuple&) override { seen = now(); }
  };
  BoltHarness<Bolt> h;
  h.process({1});
  auto first = h.bolt().seen;
  h.clock().advance(std::chrono::seconds(30));
  h.process({2});
  EXPECT_EQ(h.bolt().seen - first, std::chrono::seconds(30));
}

namespace {
class CountingSpout : public storm::Spout {
 public:
  void next_tuple() override {
    if (next_ < 2) emit(storm::message_id(next_), next_), ++next_;
  }
  void fail(const json& id) override { emit(storm::message_id(id), storm::value(id)); }
  int next_ = 0;
};
}  // namespace

TEST(SpoutHarness, DrivesCommandsAndTracksMessagesInFlight) {
  SpoutHarness<CountingSpout> h;
  auto first = h.next();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].message_id, 0);
  h.next();
  EXPECT_EQ(h.in_flight(), (std::vector<json>{0, 1}));
  EXPECT_TRUE(h.ack(0).empty());
  auto replay = h.fail(1);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].message_id, 1);
  EXPECT_EQ(h.in_flight(), (std::vector<json>{1}));
  EXPECT_THROW(h.ack(7), storm::Error);  // Storm never acks an id that is not in flight
  EXPECT_EQ(values_of(h.emits()), (std::vector<json>{{0}, {1}, {1}}));
  EXPECT_NO_STORM_VIOLATIONS(h);
}

TEST(SpoutHarness, EmittingANonArrayIsReported) {
  struct Spout : storm::Spout {
    void next_tuple() override { emit(storm::values_from(json(1))); }
  };
  SpoutHarness<Spout> h;
  EXPECT_TRUE(h.next().empty());
  ASSERT_EQ(h.errors().size(), 1u);
  EXPECT_NE(h.errors()[0].find("[stormcpp.bad_emit] storm::values_from() needs a JSON array"),
            std::string::npos);
}
