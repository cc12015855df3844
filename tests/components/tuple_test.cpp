#include "stormcpp/components/tuple.hpp"

#include <gtest/gtest.h>

using nlohmann::json;
using storm::Tuple;

namespace {
struct Point {
  int x = 0;
  int y = 0;
};
void from_json(const json& j, Point& p) {
  p.x = j.at(0).get<int>();
  p.y = j.at(1).get<int>();
}
}  // namespace

TEST(Tuple, ReadsValuesByIndexAndByFieldName) {
  storm::FieldNames fields{"word", "count", "where"};
  Tuple t("12", "count", "default", 3, {"cow", 2, {4, 5}}, &fields);
  EXPECT_EQ(t.get<std::string>(0), "cow");
  EXPECT_EQ(t.get<int>("count"), 2);
  EXPECT_EQ(t["word"], "cow");
  EXPECT_EQ(t[1], 2);
  Point p = t.get<Point>("where");
  EXPECT_EQ(p.y, 5);
  EXPECT_EQ(t.size(), 3u);
}

TEST(Tuple, UnknownFieldNamesTheFieldsThereAre) {
  storm::FieldNames fields{"word"};
  Tuple t("1", "split", "default", 3, {"cow"}, &fields);
  try {
    t.get<int>("count");
    FAIL();
  } catch (const storm::Error& e) {
    EXPECT_EQ(e.errc(), storm::Errc::unknown_field);
    EXPECT_NE(std::string(e.what()).find("'count' (fields: word)"), std::string::npos);
  }
  Tuple no_fields("1", "split", "default", 3, {"cow"});
  EXPECT_THROW(no_fields.get<int>("word"), storm::Error);
}

TEST(Tuple, WrongTypeOrIndexThrows) {
  Tuple t("1", "split", "default", 3, {"cow"});
  EXPECT_THROW(t.get<int>(0), json::type_error);
  EXPECT_THROW(t.get<std::string>(1), json::out_of_range);
}

TEST(Tuple, TellsTicksAndHeartbeats) {
  EXPECT_TRUE(Tuple("1", "__system", "__tick", -1, {5}).is_tick());
  EXPECT_TRUE(Tuple("1", "", "__heartbeat", -1, json::array()).is_heartbeat());
  EXPECT_FALSE(Tuple("1", "spout", "__tick", 4, {5}).is_tick());
}
