#include "stormcpp/components/tuple.hpp"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

using nlohmann::json;
using storm::FieldNames;
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

// The message of the storm::Error `read` throws, or "" when it throws none.
template <class F>
std::string error_of(F&& read) {
  try {
    read();
  } catch (const storm::Error& e) {
    EXPECT_EQ(e.errc(), storm::Errc::bad_value) << e.what();
    return e.what();
  }
  return "";
}

TEST(Tuple, WrongTypeOrIndexIsABadValueNamingIt) {
  Tuple t("1", "split", "default", 3, {"cow"});
  EXPECT_EQ(error_of([&] { t.get<int>(0); }),
            "[stormcpp.bad_value] tuple from split/default: value 0 is a string, not an integer "
            "in the range of the type read");
  EXPECT_EQ(error_of([&] { t.get<std::string>(1); }),
            "[stormcpp.bad_value] tuple from split/default has no value 1 (it has 1)");
  FieldNames fields = {"word", "count"};
  Tuple counted("2", "count", "default", 3, {"cow", 300}, &fields);
  EXPECT_NE(error_of([&] { counted.get<std::int8_t>("count"); }).find("value 1 (field 'count')"),
            std::string::npos);
  EXPECT_NE(error_of([&] { counted.as<std::string>(); }).find("has 2 values, read as 1"),
            std::string::npos);
  EXPECT_NE(error_of([&] { counted.as<int, int>(); }).find("value 0 (field 'word') is a string"),
            std::string::npos);
  Tuple negative("3", "s", "default", 1, {-1, 1.5, true, nullptr});
  EXPECT_NE(error_of([&] { negative.get<unsigned>(0); }), "");
  EXPECT_NE(error_of([&] { negative.get<int>(1); }), "");  // no silent truncation
  EXPECT_NE(error_of([&] { negative.get<int>(2); }), "");
  EXPECT_NE(error_of([&] { negative.get<std::string_view>(3); }), "");
}

TEST(Tuple, TypedReadsViewTheValuesInPlace) {
  Tuple t("1", "split", "default", 3,
          {"http://a/b",
           18446744073709551615ull,
           -5,
           2.5,
           7,
           true,
           json::binary({1, 2, 3}),
           {{"k", "v"}}});
  auto [url, big, negative, ratio, whole, flag, bytes, object] =
      t.as<std::string_view, std::uint64_t, std::int64_t, double, double, bool, storm::BytesView,
           json>();
  EXPECT_EQ(url, "http://a/b");
  EXPECT_EQ(url.data(), t[0].get_ref<const std::string&>().data());  // a view, not a copy
  EXPECT_EQ(big, 18446744073709551615ull);
  EXPECT_EQ(negative, -5);
  EXPECT_EQ(ratio, 2.5);
  EXPECT_EQ(whole, 7.0);  // an integer reads as a double
  EXPECT_TRUE(flag);
  ASSERT_EQ(bytes.size, 3u);
  EXPECT_EQ(bytes.data, t[6].get_binary().data());
  EXPECT_EQ(object, (json{{"k", "v"}}));
}

TEST(Tuple, TellsTicksAndHeartbeats) {
  EXPECT_TRUE(Tuple("1", "__system", "__tick", -1, {5}).is_tick());
  EXPECT_TRUE(Tuple("1", "", "__heartbeat", -1, json::array()).is_heartbeat());
  EXPECT_FALSE(Tuple("1", "spout", "__tick", 4, {5}).is_tick());
}
