// The hot-path decoders against nlohmann's parser: what they accept they decode the same
// way, and what they do not handle they leave to parse_frame.
#include "stormcpp/wire/json_scanner.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "stormcpp/wire/codec.hpp"

using nlohmann::json;
namespace detail = storm::detail;

namespace {

// Equal in type and value (nlohmann's operator== calls 1, 1u and 1.0 equal).
::testing::AssertionResult same(const json& a, const json& b) {
  bool equal = a.type() == b.type() && a == b;
  if (equal && a.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    equal = std::memcmp(&x, &y, sizeof x) == 0;
  }
  if (equal && a.is_structured()) {
    auto jt = b.begin();
    for (auto it = a.begin(); equal && it != a.end(); ++it, ++jt)
      equal = same(*it, *jt) && (!a.is_object() || it.key() == jt.key());
  }
  if (equal) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a.dump() << " (" << a.type_name() << ") vs " << b.dump()
                                       << " (" << b.type_name() << ")";
}

bool scan(std::string_view text, json& out) {
  detail::JsonScanner scanner(text);
  return scanner.value(out) && scanner.at_end();
}

}  // namespace

TEST(JsonScanner, DecodesLikeNlohmann) {
  const char* inputs[] = {
      R"({"id":"-6955786537413359385","comp":"spout","stream":"default","task":9,"tuple":["a b"]})",
      R"([0, -0, 1, -1, 18446744073709551615, -9223372036854775808, 9223372036854775808])",
      R"([0.5, -1.25e3, 1E-2, 2.2250738585072014e-308, 4.9e-324, 1.7976931348623157e308])",
      R"(["\"\\\/\b\f\n\r\t", "\u0000\u00e9\u20AC", "\ud83d\ude00", "é€😀", "\u007f"])",
      R"({"a":{"b":[true,false,null,{}]},"c":[],"a":2})",
      " \t\r\n[ 1 , { \"k\" : \"v\" } ] \n",
      R"("")",
      "{}",
  };
  for (const char* text : inputs) {
    json fast;
    ASSERT_TRUE(scan(text, fast)) << text;
    EXPECT_TRUE(same(fast, json::parse(text))) << text;
    EXPECT_TRUE(same(detail::parse_frame(text), json::parse(text))) << text;
  }
}

TEST(JsonScanner, LeavesWhatItDoesNotHandleToTheFullParser) {
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  const char* inputs[] = {
      "[NaN]",
      "[1e999]",
      "[-1e999]",
      "[1e-400]",
      "[18446744073709551616]",
      "[-9223372036854775809]",
      deep.c_str(),
      // invalid JSON
      "[01]",
      "[1.]",
      "[.5]",
      "[+1]",
      "[1e]",
      "[-]",
      "[\"\x01\"]",
      "[\"\\x\"]",
      "[\"\\u12\"]",
      "[\"\\udc00\"]",
      "[\"\\ud800\"]",
      "[\"\\ud800\\u0041\"]",
      "[\"\xc3\"]",
      "[\"\xc0\xaf\"]",
      "[\"\xed\xa0\x80\"]",
      "[\"\xf4\x90\x80\x80\"]",
      "[\"\xff\"]",
      "[1,]",
      "[1 2]",
      "{\"a\"}",
      "{\"a\":1,}",
      "{1:2}",
      "[1]x",
      "",
      "tru",
      "nul",
      "[\"open",
  };
  for (const char* text : inputs) {
    json fast;
    EXPECT_FALSE(scan(text, fast)) << text;
  }
}

TEST(JsonScanner, DecodesTupleFrames) {
  detail::TupleFrame t;
  ASSERT_TRUE(detail::decode_tuple_frame(
      R"({"id":"-1","comp":"spout","stream":"s","task":-1,"tuple":["x",{"k":[1.5]}],"new":{}})",
      t));
  EXPECT_EQ(t.id, "-1");
  EXPECT_EQ(t.component, "spout");
  EXPECT_EQ(t.stream, "s");
  EXPECT_EQ(t.task, -1);
  EXPECT_TRUE(same(t.values, json::parse(R"(["x",{"k":[1.5]}])")));

  // comp null or absent: "", also when a previous decode left a name behind.
  ASSERT_TRUE(decode_tuple_frame(R"({"comp":null,"id":"2","stream":"s","task":1,"tuple":[]})", t));
  EXPECT_EQ(t.component, "");
  t.component = "stale";
  ASSERT_TRUE(decode_tuple_frame(R"({"id":"2","stream":"s","task":1,"tuple":[]})", t));
  EXPECT_EQ(t.component, "");
}

TEST(JsonScanner, LeavesOtherFramesToParseFrame) {
  const char* frames[] = {
      "[1,2]",                                                    // task ids
      R"({"command":"next"})",                                    // not a tuple
      R"({"id":"1","stream":"s","task":1})",                      // no values
      R"({"id":1,"stream":"s","task":1,"tuple":[]})",             // id not a string
      R"({"id":"1","comp":5,"stream":"s","task":1,"tuple":[]})",  // comp not a string
      R"({"id":"1","stream":"s","task":1.0,"tuple":[]})",         // task not an integer
      R"({"id":"1","stream":"s","task":4294967296,"tuple":[]})",  // task beyond int
      R"({"id":"1","stream":"s","task":1,"tuple":{}})",           // values not an array
      R"({"id":"1","id":"2","stream":"s","task":1,"tuple":[]})",  // a repeated key
      R"({"id":"1","stream":"s","task":1,"tuple":[NaN]})",        // NaN
      R"({"id":"1","stream":"s","task":1,"tuple":[]} {})",        // two values
  };
  for (const char* text : frames) {
    detail::TupleFrame t;
    EXPECT_FALSE(detail::decode_tuple_frame(text, t)) << text;
  }
}
