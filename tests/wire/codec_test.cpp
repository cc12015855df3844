#include "stormcpp/wire/codec.hpp"

#include <optional>
#include <tuple>

#include <gtest/gtest.h>

#include <cmath>

#include "stormcpp/error.hpp"

using nlohmann::json;
using storm::Errc;
using storm::Error;
using storm::LogLevel;
namespace detail = storm::detail;

namespace {

std::string encoded(void (*encode)(std::string&)) {
  std::string out;
  encode(out);
  return out;
}

Errc parse_error(std::string_view text) {
  try {
    detail::parse_frame(text);
  } catch (const Error& e) {
    return e.errc();
  }
  return Errc::internal;
}

std::string emit_of(const json& values, std::string_view stream = "default") {
  std::string out;
  detail::encode_emit(out, {detail::ValuesRef(storm::values_from(values)), stream, nullptr, 0,
                            nullptr, std::nullopt, false});
  return out;
}

// The emit frame of C++ values, written straight from them.
template <class... T>
std::string emit_of_values(const T&... values) {
  std::string out;
  std::tuple<const T&...> refs(values...);
  detail::encode_emit(
      out, {detail::ValuesRef(refs), "default", nullptr, 0, nullptr, std::nullopt, false});
  return out;
}

struct Point {
  int x, y;
};
void to_json(json& j, const Point& p) {
  j = {{"x", p.x}, {"y", p.y}};
}

}  // namespace

TEST(Codec, ParsesWhatStormWrites) {
  json message = detail::parse_frame(
      R"({"comp":"a\/b","id":"-6955786537413359385","task":9,"tuple":["caf\u00e9",18446744073709551615,-9223372036854775808]})");
  EXPECT_EQ(message["comp"], "a/b");
  EXPECT_EQ(message["tuple"][0], "caf\xc3\xa9");
  EXPECT_EQ(message["tuple"][1].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(message["tuple"][2].get<std::int64_t>(), INT64_MIN);
}

TEST(Codec, IntegersBeyond64BitsBecomeDoubles) {
  json message = detail::parse_frame("[123456789012345678901234567890]");
  EXPECT_TRUE(message[0].is_number_float());
  EXPECT_DOUBLE_EQ(message[0].get<double>(), 1.2345678901234568e29);
}

TEST(Codec, BareNaNBecomesADoubleNaN) {
  json message = detail::parse_frame(R"({"tuple":[NaN,"NaN",1.5,[NaN]],"s":"say \"NaN\""})");
  EXPECT_TRUE(std::isnan(message["tuple"][0].get<double>()));
  EXPECT_EQ(message["tuple"][1], "NaN");
  EXPECT_EQ(message["tuple"][2], 1.5);
  EXPECT_TRUE(std::isnan(message["tuple"][3][0].get<double>()));
  EXPECT_EQ(message["s"], "say \"NaN\"");
}

TEST(Codec, RejectsWhatIsNotJson) {
  EXPECT_EQ(parse_error("{\"a\":"), Errc::invalid_json);
  EXPECT_EQ(parse_error(""), Errc::invalid_json);
  EXPECT_EQ(parse_error("{} {}"), Errc::invalid_json);
  EXPECT_EQ(parse_error("[NaNa]"), Errc::invalid_json);
  EXPECT_EQ(parse_error("\"\xff\""), Errc::invalid_json);
}

TEST(Codec, ANumberBeyondDoubleRangeIsInvalidJson) {
  // Found by tools/fuzz: nlohmann reports this overflow as out_of_range, not parse_error.
  EXPECT_EQ(parse_error("[1e999]"), Errc::invalid_json);
  EXPECT_EQ(parse_error("{\"tuple\":[-5e55555]}"), Errc::invalid_json);
}

TEST(Codec, InvalidJsonErrorShowsTheFrame) {
  try {
    detail::parse_frame("{oops}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[stormcpp.invalid_json]"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("{oops}"), std::string::npos);
  }
}

TEST(Codec, EncodesFixedMessages) {
  EXPECT_EQ(encoded(detail::encode_sync), R"({"command":"sync"})");
  std::string out;
  detail::encode_pid(out, 1234);
  EXPECT_EQ(out, R"({"pid":1234})");
  detail::encode_ack(out, "-42");
  EXPECT_EQ(out, R"({"command":"ack","id":"-42"})");
  detail::encode_fail(out, "7");
  EXPECT_EQ(out, R"({"command":"fail","id":"7"})");
  detail::encode_log(out, "hi", LogLevel::warn);
  EXPECT_EQ(out, R"({"command":"log","msg":"hi","level":3})");
  detail::encode_error(out, "bad\nthing");
  EXPECT_EQ(out, R"({"command":"error","msg":"bad\nthing"})");
  detail::encode_metrics(out, "m", {{"n", 1}});
  EXPECT_EQ(out, R"({"command":"metrics","name":"m","params":{"n":1}})");
}

TEST(Codec, EncodesEmits) {
  EXPECT_EQ(emit_of({"a", 1}), R"({"command":"emit","tuple":["a",1],"need_task_ids":false})");
  EXPECT_EQ(emit_of(json::array(), "words"),
            R"({"command":"emit","tuple":[],"stream":"words","need_task_ids":false})");

  std::string out;
  std::string_view anchors[] = {"1", "2"};
  json values = {"x"};
  detail::ValuesRef x(storm::values_from(values));
  detail::encode_emit(out, {x, "default", anchors, 2, nullptr, 5, false});
  EXPECT_EQ(
      out,
      R"({"command":"emit","tuple":["x"],"anchors":["1","2"],"task":5,"need_task_ids":false})");

  json message_id = "m-1";
  detail::encode_emit(out, {x, "default", nullptr, 0, &message_id, std::nullopt, true});
  EXPECT_EQ(out, R"({"command":"emit","tuple":["x"],"id":"m-1","need_task_ids":true})");
}

TEST(Codec, EmitRejectsValuesThatAreNotAnArrayOrNotUtf8) {
  json not_array = {{"a", 1}};
  EXPECT_THROW(detail::ValuesRef(storm::values_from(not_array)), Error);
  for (auto emit : {+[] { return emit_of({"\xff"}); },
                    +[] { return emit_of_values(std::string("ok"), std::string("\xff")); },
                    +[] { return emit_of_values(std::string_view("\xc3")); }}) {
    try {
      emit();
      FAIL() << "a string that is not UTF-8 was sent";
    } catch (const Error& e) {
      EXPECT_EQ(e.errc(), Errc::bad_emit) << e.what();
    }
  }
}

TEST(Codec, CppValuesAreWrittenAsTheirJsonIs) {
  // Each C++ value, written straight to the wire, gives the bytes of its nlohmann::json.
  std::string text = "quote\" slash\\ tab\t é";
  std::optional<int> none, seven = 7;
  EXPECT_EQ(emit_of_values(std::string("w"), 3, -4L, 18446744073709551615ull, 1.5, true, nullptr,
                           "c-string", std::string_view("view"), text, none, seven, Point{1, 2},
                           json::array({1, "a"}), storm::value(json::object()), 0.1f),
            emit_of(json::array({"w",
                                 3,
                                 -4L,
                                 18446744073709551615ull,
                                 1.5,
                                 true,
                                 nullptr,
                                 "c-string",
                                 "view",
                                 text,
                                 nullptr,
                                 7,
                                 {{"x", 1}, {"y", 2}},
                                 json::array({1, "a"}),
                                 json::object(),
                                 0.1f})));
  EXPECT_EQ(emit_of_values(), R"({"command":"emit","tuple":[],"need_task_ids":false})");
  EXPECT_EQ(emit_of_values(std::nan("")), emit_of({std::nan("")}));
}

TEST(Codec, BinaryValuesNeedTheMsgpackWire) {
  // nlohmann would dump {"bytes":[...],"subtype":null}, which no reader takes for bytes
  try {
    emit_of(json::array({json::binary({1, 2})}));
    FAIL() << "a binary value was written as JSON";
  } catch (const Error& e) {
    EXPECT_EQ(e.errc(), Errc::bad_emit);
    EXPECT_NE(std::string(e.what()).find("MsgpackSerializer"), std::string::npos) << e.what();
  }
}

TEST(Codec, NaNValuesAreEmittedAsNull) {
  EXPECT_EQ(emit_of({std::nan("")}), R"({"command":"emit","tuple":[null],"need_task_ids":false})");
}

TEST(Codec, NestingIsBoundedOutsideStrings) {
  const std::size_t limit = detail::max_nesting_depth;
  std::string ok = std::string(limit, '[') + std::string(limit, ']');
  EXPECT_NO_THROW(detail::parse_frame(ok));
  std::string deep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
  EXPECT_EQ(parse_error(deep), Errc::invalid_message);
  // Brackets inside strings are text, not nesting.
  std::string text = "[\"" + std::string(3 * limit, '[') + "\\\"\"]";
  EXPECT_EQ(detail::parse_frame(text)[0].get<std::string>().size(), 3 * limit + 1);
}
