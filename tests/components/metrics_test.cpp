// Counters, gauges and timers: what a report carries, names, kinds, threads, the harness.
#include "stormcpp/components/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "stormcpp/testing/harness.hpp"

using nlohmann::json;
using storm::Metrics;

TEST(Metrics, AReportCarriesWhatChangedSinceTheLastOne) {
  Metrics m;
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.take_report(), std::nullopt);
  storm::Counter& parsed = m.counter("parsed");
  storm::Gauge& depth = m.gauge("depth");
  storm::Timer& work = m.timer("work");
  EXPECT_FALSE(m.empty());
  EXPECT_EQ(m.take_report(), std::nullopt) << "registered but never updated";

  parsed.inc();
  parsed.inc(4);
  depth.set(7.5);
  work.record(std::chrono::milliseconds(2));
  work.record(std::chrono::milliseconds(4));
  EXPECT_EQ(
      m.take_report(),
      json({{"counters", {{"parsed", 5}}},
            {"gauges", {{"depth", 7.5}}},
            {"timers",
             {{"work", {{"count", 2}, {"sum_ms", 6.0}, {"min_ms", 2.0}, {"max_ms", 4.0}}}}}}));
  EXPECT_EQ(m.take_report(), std::nullopt) << "nothing changed since";

  parsed.inc(2);
  work.record(std::chrono::microseconds(500));
  EXPECT_EQ(m.take_report(),
            json({{"counters", {{"parsed", 2}}},
                  {"timers",
                   {{"work", {{"count", 1}, {"sum_ms", 0.5}, {"min_ms", 0.5}, {"max_ms", 0.5}}}}}}))
      << "increases and this interval's min/max, not totals";
  EXPECT_EQ(parsed.count(), 7);
  EXPECT_EQ(work.count(), 3);
  EXPECT_EQ(work.total(), std::chrono::microseconds(6500));
  EXPECT_EQ(depth.value(), 7.5);
}

TEST(Metrics, LookupsReturnTheSameMetric) {
  Metrics m;
  m.counter("a").inc();
  m.counter("a").inc();
  EXPECT_EQ(&m.counter("a"), &m.counter("a"));
  EXPECT_EQ(m.counter("a").count(), 2);
}

TEST(Metrics, TimersTimeCallsAndScopes) {
  Metrics m;
  storm::Timer& t = m.timer("t");
  EXPECT_EQ(t.time([] { return 42; }), 42);
  { auto scope = t.scope(); }
  EXPECT_EQ(t.count(), 2);
}

TEST(Metrics, BadNamesAndKindConflictsAreClearErrors) {
  Metrics m;
  for (const char* bad : {"", "has space", "a=b", "comma,", "{brace}"}) {
    try {
      m.counter(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const storm::Error& e) {
      EXPECT_EQ(e.errc(), storm::Errc::bad_call);
      EXPECT_NE(std::string(e.what()).find("invalid metric name"), std::string::npos);
    }
  }
  EXPECT_THROW(m.counter(std::string(101, 'x')), storm::Error);
  m.counter("split.ms-2:x_y");
  m.counter("n");
  try {
    m.timer("n");
    ADD_FAILURE() << "a counter became a timer";
  } catch (const storm::Error& e) {
    EXPECT_NE(std::string(e.what()).find("is a counter, not a timer"), std::string::npos);
  }
}

TEST(Metrics, UpdatesFromManyThreadsAllCount) {
  // Also the ThreadSanitizer's case: updates race with lookups and reports.
  Metrics m;
  constexpr int threads = 4, per_thread = 20000;
  std::vector<std::thread> workers;
  std::int64_t reported = 0, timed = 0;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&m] {
      for (int n = 0; n < per_thread; ++n) {
        m.counter("events").inc();
        m.timer("work").record(std::chrono::nanoseconds(n));
        m.gauge("last").set(n);
      }
    });
  }
  auto add = [&](const std::optional<json>& r) {
    if (!r) return;
    if (r->contains("counters")) reported += (*r)["counters"]["events"].get<std::int64_t>();
    if (r->contains("timers")) timed += (*r)["timers"]["work"]["count"].get<std::int64_t>();
  };
  for (int i = 0; i < 100; ++i)
    add(m.take_report());
  for (auto& w : workers)
    w.join();
  add(m.take_report());
  EXPECT_EQ(reported, threads * per_thread);
  EXPECT_EQ(timed, threads * per_thread);
}

namespace {
class CountingBolt : public storm::Bolt {
 public:
  void initialize(const json&, const storm::Context&) override {
    words_ = &metrics().counter("words");
  }
  void process(const storm::Tuple& t) override {
    auto timing = metrics().timer("split").scope();
    words_->inc(static_cast<std::int64_t>(t.size()));
  }

 private:
  storm::Counter* words_ = nullptr;
};
}  // namespace

TEST(Metrics, TheHarnessReportsThemAsTheRuntimeDoes) {
  storm::testing::BoltHarness<CountingBolt> h;
  h.process({"a", "b"});
  h.process({"c"});
  EXPECT_EQ(h.bolt().metrics().counter("words").count(), 3);
  EXPECT_TRUE(h.metric_reports().empty()) << "reports are sent periodically, not per update";
  h.report_metrics();
  ASSERT_EQ(h.metric_reports().size(), 1u);
  EXPECT_EQ(h.metric_reports()[0].name, "stormcpp");
  EXPECT_EQ(h.metric_reports()[0].params["counters"]["words"], 3);
  EXPECT_EQ(h.metric_reports()[0].params["timers"]["split"]["count"], 2);
}
