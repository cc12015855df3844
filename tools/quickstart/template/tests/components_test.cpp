#include <gtest/gtest.h>

#include <stormcpp/testing/gtest.hpp>
#include <stormcpp/testing/harness.hpp>

#include "../src/components.hpp"

using nlohmann::json;

TEST(UppercaseBolt, UppercasesEachEvent) {
  storm::testing::BoltHarness<@NAME@::UppercaseBolt> bolt;
  bolt.source("spout", "default", {"event"});
  auto tuple = bolt.process({"event-7"});
  EXPECT_EQ(storm::testing::values_of(bolt.emits()), (std::vector<json>{{"EVENT-7"}}));
  EXPECT_TRUE(bolt.acked(tuple));
  EXPECT_NO_STORM_VIOLATIONS(bolt);
}

TEST(EventSpout, ReplaysAFailedEvent) {
  storm::testing::SpoutHarness<@NAME@::EventSpout> spout;
  auto first = spout.next();
  ASSERT_EQ(first.size(), 1u);
  auto replay = spout.fail(first[0].message_id);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].values, first[0].values);
}
