#include "stormcpp/core/rules.hpp"

#include "stormcpp/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using storm::Context;
using storm::detail::DeclaredOutput;
using storm::detail::OutputRules;
using storm::detail::outputs_mismatch;
using ::testing::HasSubstr;

namespace {

Context with_outputs(std::map<std::string, storm::FieldNames> outputs) {
  Context context;
  for (auto& [stream, fields] : outputs) {
    context.streams.push_back(stream);
    context.output_fields[stream] = fields;
  }
  return context;
}

}  // namespace

TEST(OutputRules, TheContextsStreamsAndFieldCountsDecide) {
  OutputRules rules = OutputRules::from(with_outputs({{"default", {"word"}}, {"n", {"a", "b"}}}));
  EXPECT_EQ(rules.violation("default", 1, false), "");
  EXPECT_EQ(rules.violation("n", 2, false), "");
  EXPECT_THAT(rules.violation("default", 2, false),
              HasSubstr("an emit of 2 values on stream \"default\", which declares 1 fields"));
  EXPECT_EQ(rules.violation("default", 2, false, /*check_count=*/false), "");
  EXPECT_THAT(rules.violation("other", 1, false),
              HasSubstr("stream \"other\", which the component does not declare (declared: "
                        "default, n)"));
  EXPECT_THROW(rules.check("other", 1, false), storm::Error);
}

TEST(OutputRules, WithoutAContextTheOutputsDeclaredInCodeDecide) {
  OutputRules rules = OutputRules::from(Context(), {{"default", {"word", "count"}}});
  EXPECT_EQ(rules.violation("default", 2, false), "");
  EXPECT_NE(rules.violation("default", 1, false), "");
  EXPECT_NE(rules.violation("side", 2, false), "");
  // Neither: anything goes (Storm 0.9 sent no context).
  EXPECT_EQ(OutputRules::from(Context()).violation("any", 5, false), "");
}

TEST(OutputRules, DirectAndRegularStreamsAreNotInterchangeable) {
  Context context = with_outputs({{"default", {"w"}}, {"to_one", {"w"}}});
  context.stream_targets["default"]["count"].type = "FIELDS";
  context.stream_targets["to_one"]["sink"].type = "DIRECT";
  OutputRules rules = OutputRules::from(context);
  EXPECT_THAT(rules.violation("default", 1, true), HasSubstr("has no direct grouping"));
  EXPECT_THAT(rules.violation("to_one", 1, false), HasSubstr("emit with storm::direct(task)"));
  EXPECT_EQ(rules.violation("to_one", 1, true), "");
}

// check() decides without building text when an emit is fine; it must decide as violation().
TEST(OutputRules, CheckThrowsExactlyWhenThereIsAViolation) {
  Context context = with_outputs({{"default", {"w"}}, {"pair", {"a", "b"}}, {"to_one", {"w"}}});
  context.streams.push_back("listed_only");
  context.stream_targets["default"]["count"].type = "FIELDS";
  context.stream_targets["pair"]["count"].type = "FIELDS";
  context.stream_targets["pair"]["sink"].type = "DIRECT";
  context.stream_targets["to_one"]["sink"].type = "DIRECT";
  OutputRules rules = OutputRules::from(context);
  int refused = 0;
  for (const char* stream : {"default", "pair", "to_one", "listed_only", "other"}) {
    for (std::size_t values = 0; values < 4; ++values) {
      for (bool direct : {false, true}) {
        std::string why = rules.violation(stream, values, direct);
        refused += !why.empty();
        SCOPED_TRACE(std::string(stream) + " " + std::to_string(values) +
                     (direct ? " direct" : ""));
        if (why.empty()) {
          EXPECT_NO_THROW(rules.check(stream, values, direct));
        } else {
          EXPECT_THROW(rules.check(stream, values, direct), storm::Error);
        }
      }
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_LT(refused, 40);
}

TEST(OutputsMismatch, NamesTheStreamAndTheFix) {
  Context context = with_outputs({{"default", {"word"}}, {"__metrics", {"m"}}});
  EXPECT_EQ(outputs_mismatch(context, {{"default", {"word"}}}), "");  // "__" streams are Storm's
  EXPECT_EQ(outputs_mismatch(context, {}), "");                       // nothing declared in code
  EXPECT_EQ(outputs_mismatch(Context(), {{"x", {"y"}}}), "");         // no context (Storm 0.9)
  EXPECT_THAT(outputs_mismatch(context, {{"default", {"word", "count"}}}),
              HasSubstr("output stream \"default\" has fields (word, count) in the component but "
                        "(word) in the topology"));
  EXPECT_THAT(outputs_mismatch(context, {{"default", {"word"}}, {"errors", {"why"}}}),
              HasSubstr("the component declares output stream \"errors\" (why) but the topology "
                        "does not"));
  Context two = with_outputs({{"default", {"word"}}, {"errors", {"why"}}});
  EXPECT_THAT(outputs_mismatch(two, {{"default", {"word"}}}),
              HasSubstr("the topology declares output stream \"errors\" (why) that the component "
                        "does not"));
}
