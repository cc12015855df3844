// Unit tests of @NAME@'s components with stormcpp's in-process harness: no Storm, no JVM.
#include <gtest/gtest.h>

#include <chrono>

#include <stormcpp/testing/gtest.hpp>
#include <stormcpp/testing/harness.hpp>

#include "../src/components.hpp"

using nlohmann::json;

TEST(AlertBolt, PassesOnlyReadingsAboveTheLimit) {
  storm::testing::BoltHarness<@NAME@::AlertBolt> bolt;
  bolt.conf("@NAME@.alert_celsius", 30.0);
  bolt.source("readings", "default", {"sensor", "celsius"});
  auto cool = bolt.process({"sensor-1", 21.5});
  auto hot = bolt.process({"sensor-2", 31.0});
  EXPECT_EQ(storm::testing::values_of(bolt.emits()), (std::vector<json>{{"sensor-2", 31.0}}));
  EXPECT_TRUE(bolt.acked(cool));
  EXPECT_TRUE(bolt.acked(hot));
  EXPECT_EQ(bolt.bolt().metrics().counter("readings").count(), 2);
  EXPECT_EQ(bolt.bolt().metrics().counter("alerts").count(), 1);
  EXPECT_EQ(bolt.bolt().metrics().timer("check").count(), 2);
  EXPECT_NO_STORM_VIOLATIONS(bolt);
}

TEST(TallyBolt, CountsAlertsPerSensor) {
  storm::testing::BoltHarness<@NAME@::TallyBolt> bolt;
  bolt.source("alerts", "default", {"sensor", "celsius"});
  bolt.process({"sensor-1", 41.0});
  bolt.process({"sensor-2", 42.0});
  bolt.process({"sensor-1", 43.0});
  EXPECT_EQ(storm::testing::values_of(bolt.emits()),
            (std::vector<json>{{"sensor-1", 1}, {"sensor-2", 1}, {"sensor-1", 2}}));
  EXPECT_NO_STORM_VIOLATIONS(bolt);
}

TEST(ReadingsSpout, KeepsItsPaceAndReplaysAFailedReading) {
  storm::testing::SpoutHarness<@NAME@::ReadingsSpout> spout;
  spout.conf("@NAME@.readings_per_second", 10.0);
  auto first = spout.next();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(spout.next().empty()) << "a second reading before 100 ms have passed";
  spout.clock().advance(std::chrono::milliseconds(100));
  EXPECT_EQ(spout.next().size(), 1u);
  auto replay = spout.fail(first[0].message_id);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].values, first[0].values);
}
