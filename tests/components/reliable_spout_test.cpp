#include "stormcpp/components/reliable_spout.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "stormcpp/testing/gtest.hpp"
#include "stormcpp/testing/harness.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using storm::testing::SpoutHarness;
using storm::testing::values_of;

namespace {

class NumberSpout : public storm::ReliableSpout {
 public:
  int next_number = 0;
  std::vector<json> given_up;
  std::vector<json> acked;
  void produce() override {
    emit(storm::message_id(next_number), "n" + std::to_string(next_number));
    ++next_number;
  }
  void on_ack(const json& id) override { acked.push_back(id); }
  void give_up(const json& id, const json& values) override {
    given_up.push_back(json::array({id, values}));
  }
};

}  // namespace

TEST(ReliableSpout, AFailedTupleIsEmittedAgainWithItsIdAndValues) {
  SpoutHarness<NumberSpout> h;
  h.next();
  auto replay = h.fail(0);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].message_id, 0);
  EXPECT_EQ(replay[0].values, json::array({"n0"}));
  h.ack(0);
  EXPECT_EQ(h.spout().acked, (std::vector<json>{0}));
  EXPECT_EQ(h.spout().in_flight(), 0u);
}

TEST(ReliableSpout, TheRetryLimitEndsInGiveUp) {
  SpoutHarness<NumberSpout> h;
  h.conf("stormcpp.max_retries", 2);
  h.next();
  EXPECT_EQ(h.fail(0).size(), 1u);  // retry 1
  EXPECT_EQ(h.fail(0).size(), 1u);  // retry 2
  EXPECT_TRUE(h.fail(0).empty());   // the limit: no more emits, give_up instead
  EXPECT_EQ(h.spout().given_up, (std::vector<json>{json::array({0, {"n0"}})}));
  EXPECT_EQ(h.spout().in_flight(), 0u);
  EXPECT_TRUE(h.in_flight().empty());
}

TEST(ReliableSpout, NothingNewIsEmittedWhileTheInFlightCapIsReached) {
  SpoutHarness<NumberSpout> h;
  h.conf("stormcpp.max_in_flight", 2);
  EXPECT_EQ(h.next().size(), 1u);
  EXPECT_EQ(h.next().size(), 1u);
  EXPECT_TRUE(h.next().empty());  // full
  EXPECT_EQ(h.spout().next_number, 2);
  h.ack(1);
  EXPECT_EQ(h.next().size(), 1u);  // room again
  EXPECT_EQ(h.spout().next_number, 3);
}

TEST(ReliableSpout, BackoffDelaysRetriesAndDoubles) {
  SpoutHarness<NumberSpout> h;
  h.conf("stormcpp.retry_backoff_ms", 100).conf("stormcpp.max_in_flight", 1);
  h.next();
  EXPECT_TRUE(h.fail(0).empty());  // waits 100 ms, still in flight
  h.clock().advance(99ms);
  EXPECT_TRUE(h.next().empty());  // not due, and the cap holds back new tuples
  h.clock().advance(1ms);
  auto retry = h.next();
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].message_id, 0);
  h.fail(0);
  h.clock().advance(199ms);
  EXPECT_TRUE(h.next().empty());  // the second wait is 200 ms
  h.clock().advance(1ms);
  EXPECT_EQ(values_of(h.next()), (std::vector<json>{{"n0"}}));
}

TEST(ReliableSpout, ADuplicateIdInFlightIsAnError) {
  struct Spout : storm::ReliableSpout {
    void produce() override { emit(storm::message_id("same"), 1); }
  };
  SpoutHarness<Spout> h;
  h.next();
  h.next();
  ASSERT_EQ(h.errors().size(), 1u);
  EXPECT_NE(h.errors()[0].find("already in flight"), std::string::npos);
  EXPECT_EQ(h.emits().size(), 1u);
}

// A user thread emits reliable tuples through emitter() while the main thread handles Storm's
// acks: the in-flight table is shared (this raced under ThreadSanitizer when it was not).
TEST(ReliableSpout, AUserThreadEmitsWhileTheMainThreadAcks) {
  constexpr int count = 500;
  struct ThreadedSpout : storm::ReliableSpout {
    std::atomic<int> emitted{0};
    void produce() override {}
  };
  SpoutHarness<ThreadedSpout> h;
  h.conf("stormcpp.max_in_flight", 0);
  h.next();  // starts the spout
  ThreadedSpout& spout = h.spout();
  std::thread worker([&spout, out = spout.emitter()] {
    for (int i = 0; i < count; ++i) {
      out.emit(storm::message_id(i), i);
      spout.emitted.store(i + 1);
    }
  });
  for (int acked = 0; acked < count;) {
    if (acked < spout.emitted.load()) {
      spout.ack(acked++);
    } else {
      std::this_thread::yield();
    }
    EXPECT_LE(spout.in_flight(), static_cast<std::size_t>(count));
  }
  worker.join();
  EXPECT_EQ(spout.in_flight(), 0u);
  EXPECT_EQ(h.emits().size(), static_cast<std::size_t>(count));
}
