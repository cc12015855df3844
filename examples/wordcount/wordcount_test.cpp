// The word-count components, unit-tested with the in-process harness (docs/testing.md
// quotes these tests).
#include <gtest/gtest.h>

#include <stormcpp/testing/gtest.hpp>
#include <stormcpp/testing/harness.hpp>

#include "components.hpp"

using nlohmann::json;
using storm::testing::BoltHarness;
using storm::testing::SpoutHarness;
using storm::testing::values_of;

TEST(SplitSentenceBolt, EmitsEachWordAnchoredThenAcks) {
  BoltHarness<wordcount::SplitSentenceBolt> split;
  auto sentence = split.process({"the cow jumped"});

  EXPECT_EQ(values_of(split.emits()), (std::vector<json>{{"the"}, {"cow"}, {"jumped"}}));
  for (const auto& emit : split.emits())
    EXPECT_EQ(emit.anchors[0], sentence.id());
  EXPECT_TRUE(split.acked(sentence));
}

TEST(SplitSentenceBolt, CountsSentencesAndWordsAndTimesTheSplit) {
  BoltHarness<wordcount::SplitSentenceBolt> split;
  split.process({"the cow jumped"});
  split.process({"over the moon"});
  split.process({""});

  auto& metrics = split.bolt().metrics();
  EXPECT_EQ(metrics.counter("sentences").count(), 3);
  EXPECT_EQ(metrics.counter("words").count(), 6);
  EXPECT_EQ(metrics.timer("split").count(), 3);
}

TEST(SplitSentenceBolt, ANonStringSentenceIsReportedAndFailed) {
  BoltHarness<wordcount::SplitSentenceBolt> split;
  auto bad = split.process({42});

  EXPECT_TRUE(split.failed(bad));
  ASSERT_EQ(split.errors().size(), 1u);
  EXPECT_NE(split.errors()[0].find("process() threw"), std::string::npos);
}

TEST(WordCountBolt, CountsEachWord) {
  BoltHarness<wordcount::WordCountBolt> count;
  count.source("split", "default", {"word"});
  count.process_fields({{"word", "cow"}});
  count.process_fields({{"word", "moon"}});
  count.process_fields({{"word", "cow"}});

  EXPECT_EQ(values_of(count.emits()), (std::vector<json>{{"cow", 1}, {"moon", 1}, {"cow", 2}}));
  EXPECT_NO_STORM_VIOLATIONS(count);
}

TEST(WordCountBolt, LogsASummaryOnTicks) {
  BoltHarness<wordcount::WordCountBolt> count;
  count.process({"cow"});
  count.process({"cow"});
  auto tick = count.tick(10);

  EXPECT_TRUE(count.acked(tick));
  ASSERT_EQ(count.logs().size(), 1u);
  EXPECT_EQ(count.logs()[0].message, "1 distinct words, 2 counted");
}

TEST(WordCountBolt, ReportsTheTasksEachCountWentTo) {
  BoltHarness<wordcount::WordCountBolt> count;
  count.conf("wordcount.report_tasks", true).reply_task_ids({3, 4});
  count.process({"cow"});

  EXPECT_TRUE(count.emits()[0].need_task_ids);
  EXPECT_EQ(count.logs()[0].message, "cow=1 went to tasks [3,4]");
}

TEST(SentenceSpout, EmitsReliablyAndReplaysFailures) {
  SpoutHarness<wordcount::SentenceSpout> spout;
  auto first = spout.next();
  auto second = spout.next();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].message_id, 0);
  EXPECT_EQ(second[0].message_id, 1);

  spout.ack(0);
  auto replay = spout.fail(1);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].message_id, 1);
  EXPECT_EQ(replay[0].values, second[0].values);
  EXPECT_EQ(spout.in_flight(), (std::vector<json>{1}));
}

TEST(SentenceSpout, StopsAtMaxSentences) {
  SpoutHarness<wordcount::SentenceSpout> spout;
  spout.conf("wordcount.max_sentences", 1);
  EXPECT_EQ(spout.next().size(), 1u);
  EXPECT_TRUE(spout.next().empty());
}

TEST(SplitSentenceBolt, InjectedFaultsFailEveryNthSentence) {
  BoltHarness<wordcount::SplitSentenceBolt> split;
  split.conf("wordcount.fail_every", 2);
  auto first = split.process({"a b"});
  auto second = split.process({"c"});
  EXPECT_TRUE(split.acked(first));
  EXPECT_TRUE(split.failed(second));  // its word was emitted first: replays count it again
  EXPECT_EQ(values_of(split.emits()), (std::vector<json>{{"a"}, {"b"}, {"c"}}));
}

TEST(SentenceSpout, SentencesPerSecondThrottlesEmits) {
  SpoutHarness<wordcount::SentenceSpout> spout;
  spout.conf("wordcount.sentences_per_second", 10);
  EXPECT_EQ(spout.next().size(), 1u);
  EXPECT_TRUE(spout.next().empty());  // the next one is due in 100 ms
  spout.clock().advance(std::chrono::milliseconds(99));
  EXPECT_TRUE(spout.next().empty());
  spout.clock().advance(std::chrono::milliseconds(1));
  EXPECT_EQ(spout.next().size(), 1u);
}
