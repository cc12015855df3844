#include "stormcpp/components/batching_bolt.hpp"

#include <gtest/gtest.h>

#include "stormcpp/testing/gtest.hpp"
#include "stormcpp/testing/harness.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using storm::testing::BoltHarness;

namespace {

// Records each batch; emits its size; throws on a batch holding "bad".
class SumBolt : public storm::BatchingBolt {
 public:
  std::vector<std::pair<json, std::vector<std::string>>> batches;
  bool by_key = false;

  json group_key(const storm::Tuple& t) override { return by_key ? t[0] : json(); }
  void process_batch(const json& key, const std::vector<storm::Tuple>& tuples) override {
    std::vector<std::string> ids;
    for (const auto& t : tuples) {
      if (t[0] == "bad") throw std::runtime_error("bad batch");
      ids.push_back(t.id());
    }
    batches.emplace_back(key, ids);
    emit(static_cast<int>(tuples.size()));
  }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST(BatchingBolt, EveryTickClosesTheBatchByDefault) {
  BoltHarness<SumBolt> h;
  auto a = h.process({"a"});
  auto b = h.process({"b"});
  EXPECT_TRUE(h.bolt().batches.empty());
  EXPECT_FALSE(h.acked(a));  // held until the batch closes
  h.tick();
  ASSERT_EQ(h.bolt().batches.size(), 1u);
  EXPECT_EQ(h.bolt().batches[0].second, (Ids{"1", "2"}));
  EXPECT_TRUE(h.acked(a));
  EXPECT_TRUE(h.acked(b));
  // The batch's emit is anchored to all of its tuples.
  EXPECT_EQ(h.emits()[0].anchors, (Ids{"1", "2"}));
  EXPECT_NO_STORM_VIOLATIONS(h);
}

TEST(BatchingBolt, TheNthTickCloses) {
  BoltHarness<SumBolt> h;
  h.conf("stormcpp.batch_ticks", 3);
  h.process({"a"});
  h.tick();
  h.tick();
  EXPECT_TRUE(h.bolt().batches.empty());
  h.tick();  // the 3rd, not the 4th
  EXPECT_EQ(h.bolt().batches.size(), 1u);
  h.process({"b"});
  h.tick(), h.tick();
  EXPECT_EQ(h.bolt().batches.size(), 1u);
  h.tick();  // the 6th
  EXPECT_EQ(h.bolt().batches.size(), 2u);
}

TEST(BatchingBolt, ABatchClosesWhenItReachesTheCount) {
  BoltHarness<SumBolt> h;
  h.conf("stormcpp.batch_size", 2).conf("stormcpp.batch_ticks", 0);
  h.process({"a"});
  EXPECT_TRUE(h.bolt().batches.empty());
  auto second = h.process({"b"});  // closes with this tuple
  ASSERT_EQ(h.bolt().batches.size(), 1u);
  EXPECT_TRUE(h.acked(second));
  h.process({"c"});
  h.tick();  // ticks do not close batches here
  EXPECT_EQ(h.bolt().batches.size(), 1u);
  EXPECT_EQ(h.bolt().pending(), 1u);
  EXPECT_NO_STORM_VIOLATIONS(h);
}

TEST(BatchingBolt, ABatchClosesWhenItIsOldEnough) {
  BoltHarness<SumBolt> h;
  h.conf("stormcpp.batch_interval_ms", 1000).conf("stormcpp.batch_ticks", 0);
  h.process({"a"});
  h.clock().advance(999ms);
  h.process({"b"});
  EXPECT_TRUE(h.bolt().batches.empty());
  h.clock().advance(1ms);
  h.tick();  // the batch opened 1000 ms ago: it closes on this input
  ASSERT_EQ(h.bolt().batches.size(), 1u);
  EXPECT_EQ(h.bolt().batches[0].second, (Ids{"1", "2"}));
  h.process({"c"});  // a fresh batch
  h.clock().advance(2s);
  h.process({"d"});  // "c"'s batch expires first; "d" opens the next one
  ASSERT_EQ(h.bolt().batches.size(), 2u);
  EXPECT_EQ(h.bolt().batches[1].second, (Ids{"4"}));
  EXPECT_EQ(h.bolt().pending(), 1u);
}

TEST(BatchingBolt, GroupsByKeyAndClosesInKeyOrder) {
  BoltHarness<SumBolt> h;
  h.bolt().by_key = true;
  h.process({"y"});
  h.process({"x"});
  h.process({"y"});
  h.tick();
  ASSERT_EQ(h.bolt().batches.size(), 2u);
  EXPECT_EQ(h.bolt().batches[0], (std::pair<json, Ids>{"x", {"2"}}));
  EXPECT_EQ(h.bolt().batches[1], (std::pair<json, Ids>{"y", {"1", "3"}}));
}

TEST(BatchingBolt, AThrowingBatchFailsAllItsTuplesAndTheBoltGoesOn) {
  BoltHarness<SumBolt> h;
  auto good = h.process({"good"});
  auto bad = h.process({"bad"});
  auto tick = h.tick();
  EXPECT_TRUE(h.failed(good));
  EXPECT_TRUE(h.failed(bad));
  EXPECT_TRUE(h.acked(tick));
  EXPECT_EQ(h.errors(), (std::vector<std::string>{"process_batch() threw: bad batch"}));
  auto later = h.process({"fine"});
  h.tick();
  EXPECT_TRUE(h.acked(later));
  EXPECT_NO_STORM_VIOLATIONS(h);
}

TEST(BatchingBolt, AThrowingSizeClosedBatchDoesNotFailTheLastTupleTwice) {
  BoltHarness<SumBolt> h;
  h.conf("stormcpp.batch_size", 2);
  h.process({"a"});
  h.process({"bad"});
  EXPECT_EQ(h.recorder().fails, (Ids{"1", "2"}));
  EXPECT_NO_STORM_VIOLATIONS(h);
}
