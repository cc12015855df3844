#include "stormcpp/core/context.hpp"

#include <gtest/gtest.h>

#include "stormcpp/error.hpp"

using nlohmann::json;
using storm::Context;

TEST(Context, ReadsEveryKeyStormSends) {
  json j = json::parse(R"({
    "taskid": 4, "componentid": "split",
    "task->component": {"1": "__acker", "3": "split", "4": "split", "7": "spout"},
    "streams": ["default", "errors"],
    "stream->outputfields": {"default": ["word"], "errors": ["why"]},
    "stream->target->grouping": {"default": {"count": {"type": "FIELDS", "fields": ["word"]}}},
    "source->stream->grouping": {"spout": {"default": {"type": "SHUFFLE"}}},
    "source->stream->fields": {"spout": {"default": ["sentence"]}}
  })");
  Context c = Context::from_json(j);
  EXPECT_EQ(c.task_id, 4);
  EXPECT_EQ(c.component_id, "split");
  EXPECT_EQ(c.task_to_component.at(7), "spout");
  EXPECT_EQ(c.component_tasks("split"), (std::vector<int>{3, 4}));
  EXPECT_EQ(c.streams, (std::vector<std::string>{"default", "errors"}));
  EXPECT_EQ(c.output_fields.at("errors"), (std::vector<std::string>{"why"}));
  EXPECT_EQ(c.stream_targets.at("default").at("count").type, "FIELDS");
  EXPECT_EQ(c.stream_targets.at("default").at("count").fields, (std::vector<std::string>{"word"}));
  EXPECT_EQ(c.source_groupings.at("spout").at("default").type, "SHUFFLE");
  EXPECT_TRUE(c.source_groupings.at("spout").at("default").fields.empty());
  ASSERT_NE(c.fields_from("spout", "default"), nullptr);
  EXPECT_EQ(c.fields_from("spout", "default")->at(0), "sentence");
  EXPECT_EQ(c.fields_from("spout", "other"), nullptr);
  EXPECT_EQ(c.fields_from("nobody", "default"), nullptr);
}

TEST(Context, ToleratesAMissingContext) {
  Context c = Context::from_json(json());
  EXPECT_EQ(c.task_id, 0);
  EXPECT_TRUE(c.component_id.empty());
  EXPECT_TRUE(Context::from_json(json::object()).streams.empty());
}

TEST(Context, WrongTypesAreABadHandshake) {
  for (const char* text : {R"({"taskid": "x"})", R"({"task->component": {"one": "a"}})",
                           R"({"streams": "default"})", R"([1])"}) {
    try {
      Context::from_json(json::parse(text));
      ADD_FAILURE() << text;
    } catch (const storm::Error& e) {
      EXPECT_EQ(e.errc(), storm::Errc::bad_handshake) << text;
    }
  }
}
