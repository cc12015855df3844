#include "stormcpp/core/options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stormcpp/error.hpp"

using nlohmann::json;
using storm::detail::check_options;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::string error_of(const json& conf) {
  try {
    check_options(conf);
  } catch (const storm::Error& e) {
    EXPECT_EQ(e.errc(), storm::Errc::bad_option);
    EXPECT_EQ(e.exit_code(), storm::ExitCode::bad_handshake);
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Options, WellTypedKnownKeysPass) {
  EXPECT_TRUE(check_options({{"stormcpp.auto_ack", false},
                             {"stormcpp.batch_size", 100},
                             {"stormcpp.max_busy_secs", 0.5},
                             {"stormcpp.wire", "json"},
                             {"stormcpp.log_level", "debug"},
                             {"stormcpp.metrics.bucket.secs", "anything: the Java glue reads it"},
                             {"stormcpp.bolt.engine", "shellbolt"},
                             {"stormcpp.spout.engine", "shellspout"},
                             {"topology.workers", "not ours"},
                             {"wordcount.max_sentences", -1}})
                  .empty());
}

TEST(Options, AWrongTypeOrValueIsAnErrorNamingTheKey) {
  EXPECT_THAT(error_of({{"stormcpp.auto_ack", "yes"}}),
              HasSubstr("stormcpp.auto_ack must be a boolean (true or false), got \"yes\""));
  EXPECT_THAT(error_of({{"stormcpp.batch_size", -5}}),
              HasSubstr("stormcpp.batch_size must be an integer >= 0, got -5"));
  EXPECT_THAT(error_of({{"stormcpp.max_frame_bytes", 1.5}}),
              HasSubstr("stormcpp.max_frame_bytes must be an integer >= 0"));
  EXPECT_THAT(error_of({{"stormcpp.wire", "protobuf"}}),
              HasSubstr("stormcpp.wire must be one of auto|json, got \"protobuf\""));
  EXPECT_THAT(error_of({{"stormcpp.log_level", "loud"}}), HasSubstr("stormcpp.log_level must be"));
  EXPECT_THAT(error_of({{"stormcpp.max_busy_secs", "5"}}), HasSubstr("must be a number >= 0"));
}

TEST(Options, UnknownKeysAreWarnedAboutWithTheNearestKnownOne) {
  EXPECT_THAT(check_options({{"stormcpp.auto_ak", true}, {"stormcpp.something_else", 1}}),
              ElementsAre("unknown option stormcpp.auto_ak in the topology conf (ignored); did "
                          "you mean stormcpp.auto_ack?",
                          "unknown option stormcpp.something_else in the topology conf (ignored)"));
}
