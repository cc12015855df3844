// The page-view components, unit-tested with the in-process harness (no Storm, no Kafka), and
// the checker of the Kafka fault tests.
#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include <stormcpp/testing/gtest.hpp>
#include <stormcpp/testing/harness.hpp>

#include "components.hpp"
#include "load.hpp"

using nlohmann::json;
using storm::testing::BoltHarness;
using storm::testing::values_of;
using namespace std::chrono_literals;

namespace {

const storm::FieldNames kafka_fields = {"topic", "partition", "offset", "key", "value"};
const storm::FieldNames count_fields = {"key", "message", "kind", "name", "window_count"};

// A record as Storm's Kafka spout emits it (DefaultRecordTranslator).
json record(const json& value, int offset = 7) {
  return {"pageviews", 0, offset, nullptr, value};
}

struct Parse : ::testing::Test {
  BoltHarness<pageviews::ParseBolt> parse;
  Parse() { parse.source("events", "default", kafka_fields); }
};

TEST_F(Parse, EmitsTheEventWithThePathAndTheReferrersDomain) {
  auto t = parse.process(
      record(R"({"url": "/story/1?utm=3#top", "referrer": "https://WWW.Google.com/search?q=x",
                                    "visitor": "v9", "ts": 1700000000000})"));
  EXPECT_EQ(values_of(parse.emits()),
            (std::vector<json>{{"/story/1", "google.com", "v9", 1700000000000}}));
  EXPECT_EQ(parse.emits()[0].stream, "default");
  EXPECT_TRUE(parse.acked(t));
  EXPECT_NO_STORM_VIOLATIONS(parse);
}

TEST_F(Parse, ADirectVisitHasTheDirectReferrer) {
  parse.process(record(R"({"url": "/a", "visitor": "v1", "ts": 5})"));
  parse.process(record(R"({"url": "/a", "referrer": "", "visitor": "v1", "ts": 5})"));
  ASSERT_EQ(parse.emits().size(), 2u);
  EXPECT_EQ(parse.emits()[0].values[1], "(direct)");
  EXPECT_EQ(parse.emits()[1].values[1], "(direct)");
}

TEST_F(Parse, MalformedEventsGoToTheErrorStreamWithTheReasonAndAreAcked) {
  const std::pair<json, std::string> cases[] = {
      {"{\"url\": \"/a\", ", "not JSON"},
      {"[1, 2]", "not a JSON object"},
      {R"({"visitor": "v", "ts": 1})", "no url"},
      {R"({"url": "/a", "visitor": "v", "ts": "yesterday"})", "no ts"},
      {R"({"url": "/a", "visitor": "v", "ts": 1, "referrer": 3})", "referrer is not a string"},
      {nullptr, "the record has no value"},
  };
  int offset = 100;
  for (const auto& [value, reason] : cases) {
    parse.clear();
    auto t = parse.process(record(value, offset++));
    ASSERT_EQ(parse.emits().size(), 1u) << reason;
    const auto& error = parse.emits()[0];
    EXPECT_EQ(error.stream, "errors");
    EXPECT_EQ(error.values[0], "pageviews-0@" + std::to_string(offset - 1));
    json report = json::parse(error.values[1].get<std::string>());
    EXPECT_NE(report["error"].get<std::string>().find(reason), std::string::npos) << report.dump();
    EXPECT_EQ(report["offset"], offset - 1);
    EXPECT_TRUE(parse.acked(t)) << reason;
  }
  EXPECT_EQ(parse.bolt().metrics().counter("malformed").count(), 6);
  EXPECT_EQ(parse.bolt().metrics().counter("events").count(), 6);
  EXPECT_NO_STORM_VIOLATIONS(parse);
}

TEST_F(Parse, AHugeFieldIsAnErrorAndItsReportKeepsOnlyTheStart) {
  parse.conf("pageviews.max_field_bytes", 100);
  std::string huge =
      json({{"url", "/" + std::string(5000, 'x')}, {"visitor", "v"}, {"ts", 1}}).dump();
  parse.process(record(huge));
  ASSERT_EQ(parse.emits().size(), 1u);
  json report = json::parse(parse.emits()[0].values[1].get<std::string>());
  EXPECT_EQ(report["error"], "url longer than pageviews.max_field_bytes (100)");
  EXPECT_EQ(report["event"].get<std::string>().size(), pageviews::ParseBolt::kept_bytes);
  EXPECT_EQ(report["truncated"], true);
}

TEST_F(Parse, InvalidUtf8InAnEventDoesNotStopTheBolt) {
  parse.process(record(std::string("{\"url\": \"/\xff\xfe\", \"visitor\": \"v\", \"ts\": 1}")));
  parse.process(record(R"({"url": "/ok", "visitor": "v", "ts": 1})"));
  ASSERT_EQ(parse.emits().size(), 2u);
  EXPECT_EQ(parse.emits()[1].values[0], "/ok");
  EXPECT_TRUE(parse.errors().empty());
}

struct Counts : ::testing::Test {
  BoltHarness<pageviews::RollingCountBolt> counts{"url"};
  Counts() {
    counts.source("parse", "default", {"url", "referrer", "visitor", "ts"});
    counts.conf("pageviews.window_secs", 30)
        .conf("pageviews.bucket_secs", 10)
        .conf("topology.tick.tuple.freq.secs", 10);
  }
  storm::Tuple view(const std::string& url) { return counts.process({url, "google.com", "v1", 1}); }
  // the counts the last tick emitted: name -> [delta, window_count]
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> emitted() {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
    for (const auto& e : counts.emits()) {
      json m = json::parse(e.values[1].get<std::string>());
      out[e.values[3].get<std::string>()] = {m["delta"].get<std::int64_t>(),
                                             e.values[4].get<std::int64_t>()};
    }
    return out;
  }
};

TEST_F(Counts, HoldsEventsUntilTheTickThenEmitsADeltaAnchoredToThemAndAcksThem) {
  auto a1 = view("/a");
  auto a2 = view("/a");
  auto b1 = view("/b");
  EXPECT_TRUE(counts.emits().empty());
  EXPECT_FALSE(counts.acked(a1));

  counts.tick(10);
  ASSERT_EQ(counts.emits().size(), 2u);
  EXPECT_EQ(emitted(), (std::map<std::string, std::pair<std::int64_t, std::int64_t>>{
                           {"/a", {2, 2}}, {"/b", {1, 1}}}));
  for (const auto& e : counts.emits()) {
    std::vector<std::string> expected = e.values[3] == "/a"
                                            ? std::vector<std::string>{a1.id(), a2.id()}
                                            : std::vector<std::string>{b1.id()};
    EXPECT_EQ(e.anchors, expected);
    EXPECT_EQ(e.values[0], "url:" + e.values[3].get<std::string>());
  }
  EXPECT_TRUE(counts.acked(a1) && counts.acked(a2) && counts.acked(b1));
  EXPECT_NO_STORM_VIOLATIONS(counts);

  counts.clear();
  counts.tick(10);  // nothing new, nothing expired
  EXPECT_TRUE(counts.emits().empty());
}

TEST_F(Counts, TheWindowSlidesWithTheClockAndExpiredCountsAreEmitted) {
  view("/a");
  counts.tick(10);
  counts.clock().advance(10s);
  view("/a");
  view("/a");
  counts.clear();
  counts.tick(10);
  EXPECT_EQ(emitted()["/a"], std::make_pair(std::int64_t{2}, std::int64_t{3}));

  // 30 s window: after 20 s more, the first bucket (1 view) has left it
  counts.clock().advance(20s);
  counts.clear();
  counts.tick(10);
  EXPECT_EQ(emitted()["/a"], std::make_pair(std::int64_t{0}, std::int64_t{2}));
  EXPECT_TRUE(counts.emits()[0].anchors.empty());

  // and after 10 s more, all of it: a last count of 0, then the key is forgotten
  counts.clock().advance(10s);
  counts.clear();
  counts.tick(10);
  EXPECT_EQ(emitted()["/a"], std::make_pair(std::int64_t{0}, std::int64_t{0}));
  counts.clock().advance(10s);
  counts.clear();
  counts.tick(10);
  EXPECT_TRUE(counts.emits().empty());
  EXPECT_NO_STORM_VIOLATIONS(counts);
}

TEST(CountsConfig, WithoutTicksEveryBucketItRefusesToStart) {
  BoltHarness<pageviews::RollingCountBolt> counts{"url"};
  counts.conf("pageviews.bucket_secs", 10);
  EXPECT_THROW(counts.start(), storm::Error);
  BoltHarness<pageviews::RollingCountBolt> uneven{"url"};
  uneven.conf("pageviews.window_secs", 25)
      .conf("pageviews.bucket_secs", 10)
      .conf("topology.tick.tuple.freq.secs", 10);
  EXPECT_THROW(uneven.start(), storm::Error);
}

struct Top : ::testing::Test {
  BoltHarness<pageviews::TopBolt> top;
  Top() {
    top.source("url_counts", "default", count_fields);
    top.conf("pageviews.top_n", 2).conf("pageviews.window_secs", 300);
  }
  void count(const std::string& kind, const std::string& name, std::int64_t n) {
    top.process({kind + ":" + name, "{}", kind, name, n});
  }
  json ranking(const std::string& kind) {
    for (const auto& e : top.emits()) {
      if (e.values[0] == kind) return json::parse(e.values[1].get<std::string>());
    }
    return nullptr;
  }
};

TEST_F(Top, RanksTheHighestWindowCountsPerKindTiesByKey) {
  count("url", "/a", 5);
  count("url", "/b", 9);
  count("url", "/c", 5);
  count("referrer", "t.co", 1);
  count("url", "/b", 4);  // a newer window count replaces the older
  top.tick(10);
  EXPECT_EQ(ranking("url")["top"],
            json::parse(R"([{"key": "/a", "count": 5}, {"key": "/c", "count": 5}])"));
  EXPECT_EQ(ranking("referrer")["top"], json::parse(R"([{"key": "t.co", "count": 1}])"));
  EXPECT_EQ(ranking("url")["window_secs"], 300);
}

TEST_F(Top, AKeyWhoseCountReachedZeroLeavesTheRanking) {
  count("url", "/a", 3);
  count("url", "/b", 1);
  count("url", "/a", 0);
  top.tick(10);
  EXPECT_EQ(ranking("url")["top"], json::parse(R"([{"key": "/b", "count": 1}])"));
}

TEST(Referrers, DomainsAreLowerCaseWithoutWwwOrPort) {
  EXPECT_EQ(pageviews::referrer_domain("https://www.Reddit.com:443/r/cpp"), "reddit.com");
  EXPECT_EQ(pageviews::referrer_domain("t.co/x"), "t.co");
  EXPECT_EQ(pageviews::referrer_domain("https://"), "(direct)");
  EXPECT_EQ(pageviews::url_path("/a?b#c"), "/a");
}

}  // namespace

namespace {

// The checker that the Kafka fault tests rely on: it must fail on a lost or invented count.

struct Checker : ::testing::Test {
  // files of this test's own: ctest runs the tests of this suite in parallel
  std::string stem =
      ::testing::TempDir() + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string truth = stem + ".truth.json", counts = stem + ".counts.jsonl";
  Checker() {
    std::ofstream(truth) << R"({"events": 4, "malformed": 1, "url": {"/a": 2, "/b": 1},
                              "referrer": {"t.co": 3}})";
  }
  int check(const std::string& lines) {
    std::ofstream(counts) << lines;
    std::string a[] = {"check", "--truth", truth, "--counts", counts};
    char* argv[] = {a[0].data(), a[1].data(), a[2].data(), a[3].data(), a[4].data()};
    return pageviews::check_main(5, argv);
  }
  static std::string delta(const std::string& kind, const std::string& key, int n) {
    return json({{"kind", kind},
                 {"key", key},
                 {"delta", n},
                 {"window_count", n},
                 {"window_secs", 300}})
               .dump() +
           "\n";
  }
};

TEST_F(Checker, PassesWhenEveryEventIsCountedAndCountsReplaysAsDuplicates) {
  EXPECT_EQ(check(delta("url", "/a", 2) + delta("url", "/b", 1) + delta("url", "/b", 1) +
                  delta("referrer", "t.co", 3)),
            0);
}

TEST_F(Checker, FailsWhenAnEventIsMissingOrACountIsInvented) {
  EXPECT_EQ(check(delta("url", "/a", 1) + delta("url", "/b", 1) + delta("referrer", "t.co", 3)), 1);
  EXPECT_EQ(check(delta("url", "/a", 2) + delta("url", "/b", 1) + delta("url", "/zzz", 1) +
                  delta("referrer", "t.co", 3)),
            1);
  EXPECT_EQ(check(delta("url", "/a", 2) + delta("url", "/b", 1)), 1);  // no referrer counts at all
  EXPECT_EQ(check("not json\n" + delta("url", "/a", 2) + delta("url", "/b", 1) +
                  delta("referrer", "t.co", 3)),
            1);
}

}  // namespace
