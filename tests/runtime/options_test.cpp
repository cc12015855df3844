#include "stormcpp/runtime/options.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "stormcpp/components/bolt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using storm::detail::IdleBackoff;
using storm::detail::RuntimeOptions;

TEST(IdleBackoff, DoublesWhileIdleAndResetsOnEmit) {
  IdleBackoff backoff(1ms, 8ms);
  EXPECT_EQ(backoff.after_next(false), 1ms);
  EXPECT_EQ(backoff.after_next(false), 2ms);
  EXPECT_EQ(backoff.after_next(false), 4ms);
  EXPECT_EQ(backoff.after_next(false), 8ms);
  EXPECT_EQ(backoff.after_next(false), 8ms);
  EXPECT_EQ(backoff.after_next(true), 0ms);  // no latency once it emits
  EXPECT_EQ(backoff.after_next(false), 1ms);
}

TEST(IdleBackoff, MaxZeroTurnsItOff) {
  IdleBackoff backoff(1ms, 0ms);
  EXPECT_EQ(backoff.after_next(false), 0ms);
}

TEST(RuntimeOptions, ReadsStormcppKeysAndStormsTimeout) {
  auto o = RuntimeOptions::from_conf(json::parse(R"({
    "topology.subprocess.timeout.secs": 3, "stormcpp.idle_sleep_max_ms": 50,
    "stormcpp.max_busy_secs": 0.5, "stormcpp.keepalive": false})"));
  EXPECT_EQ(o.keepalive_interval, 1000ms);  // min(1 s, timeout / 3)
  EXPECT_EQ(o.idle_sleep_max, 50ms);
  EXPECT_EQ(o.max_busy, 500ms);
  EXPECT_FALSE(o.keepalive);
  EXPECT_EQ(RuntimeOptions::from_conf(json::parse(R"({"topology.subprocess.timeout.secs": 1})"))
                .keepalive_interval,
            333ms);
}

namespace {
struct SlowBolt : storm::Bolt {
  std::chrono::milliseconds pause{0};
  void process(const storm::Tuple&) override { std::this_thread::sleep_for(pause); }
};

std::vector<std::string> run_slow(std::chrono::milliseconds pause, double max_busy_secs) {
  test::TempDir dir;
  SlowBolt bolt;
  bolt.pause = pause;
  json conf = {{"stormcpp.keepalive_interval_ms", 20}, {"stormcpp.max_busy_secs", max_busy_secs}};
  auto run = test::run(bolt, test::frame(test::handshake(dir.path.string(), conf)) +
                                 test::frame(test::tuple("1", {"x"})));
  EXPECT_EQ(run.exit_code, 0);
  return {run.frames.begin() + 1, run.frames.end()};
}
}  // namespace

TEST(Keepalive, ALongProcessSendsSyncsBeforeItsAck) {
  auto frames = run_slow(300ms, 60);
  ASSERT_GE(frames.size(), 2u);
  EXPECT_EQ(frames.front(), R"({"command":"sync"})");
  EXPECT_EQ(frames.back(), R"({"command":"ack","id":"1"})");
}

TEST(Keepalive, AStuckProcessGetsNoSyncsPastMaxBusy) {
  auto frames = run_slow(150ms, 0);
  EXPECT_EQ(frames, (std::vector<std::string>{R"({"command":"ack","id":"1"})"}));
}
