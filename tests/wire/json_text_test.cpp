// The JSON text module (wire/json_text.hpp): the reader against nlohmann's parser (what both
// accept is the same value; what JSON refuses the reader refuses, with a reason and an offset),
// the writer against nlohmann's dump(), and the UTF-8 rules both share with the msgpack wire.
#include "stormcpp/wire/json_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"

using nlohmann::json;
using storm::Errc;
using storm::Error;
namespace detail = storm::detail;

namespace {

// Equal in type and value (nlohmann's operator== calls 1, 1u and 1.0 equal).
::testing::AssertionResult same(const json& a, const json& b) {
  bool equal =
      a.type() == b.type() && (a == b || (a.is_number_float() && std::isnan(a.get<double>())));
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

bool read(std::string_view text, json& out) {
  detail::JsonReader reader(text);
  return reader.value(out) && reader.expect_end();
}

// The reader's complaint about `text`: "reason at byte N".
std::string complaint(std::string_view text) {
  detail::JsonReader reader(text);
  json ignored;
  EXPECT_FALSE(reader.value(ignored) && reader.expect_end()) << text;
  return reader.error() + " at byte " + std::to_string(reader.error_offset());
}

}  // namespace

TEST(JsonReader, ReadsWhatNlohmannReadsAsNlohmannTypesIt) {
  std::string deep = std::string(40, '[') + "1" + std::string(40, ']');  // past the inline stack
  std::string_view inputs[] = {
      deep,
      R"({"id":"-6955786537413359385","comp":"spout","stream":"default","task":9,"tuple":["a b"]})",
      R"([0, -0, 1, -1, 18446744073709551615, -9223372036854775808, 9223372036854775808])",
      R"([0.5, -1.25e3, 1E-2, 2.2250738585072014e-308, 4.9e-324, 1.7976931348623157e308])",
      // past 64 bits, or below the smallest double: doubles, as strtod reads them
      R"([18446744073709551616, -9223372036854775809, 1e-400, -2e-324, 3e-324])",
      R"(["\"\\\/\b\f\n\r\t", "\u0000\u00e9\u20AC", "\ud83d\ude00", "é€😀", "\u007f"])",
      R"({"a":{"b":[true,false,null,{}]},"c":[],"a":2})",
      R"({"a":[1,[2,{"x":[]}]],"a":{"k":"last wins"}})",
      " \t\r\n[ 1 , { \"k\" : \"v\" } ] \n",
      R"("")",
      "{}",
  };
  for (std::string_view text : inputs) {
    json ours;
    ASSERT_TRUE(read(text, ours)) << text;
    EXPECT_TRUE(same(ours, json::parse(text))) << text;
    EXPECT_TRUE(same(detail::parse_frame(text), json::parse(text))) << text;
  }
}

TEST(JsonReader, ReadsStormsBareNaNAsADouble) {
  json value;
  ASSERT_TRUE(read(R"([NaN, {"x":NaN}, "NaN"])", value));
  EXPECT_TRUE(value[0].is_number_float() && std::isnan(value[0].get<double>()));
  EXPECT_TRUE(value[1]["x"].is_number_float() && std::isnan(value[1]["x"].get<double>()));
  EXPECT_EQ(value[2], "NaN");
  EXPECT_FALSE(read("[-NaN]", value));
  EXPECT_FALSE(read("[Nan]", value));
}

TEST(JsonReader, RefusesWhatJsonRefusesSayingWhatAndWhere) {
  EXPECT_EQ(complaint(R"({"id":"1","tuple":["a")"),
            "expected ',' or ']' after an array element (the text ends there) at byte 22");
  EXPECT_EQ(complaint("[1 2]"), "expected ',' or ']' after an array element, found '2' at byte 3");
  EXPECT_EQ(complaint("[1]x"), "text after the value, found 'x' at byte 3");
  EXPECT_EQ(complaint("[01]"), "a number with a leading zero, found '1' at byte 2");
  EXPECT_EQ(complaint("[\"a\x01\"]"),
            "a control character in a string (it must be escaped), found byte 0x01 at byte 3");
  EXPECT_EQ(complaint("[\"\\x\"]"), "an invalid escape, found '\\' at byte 2");
  EXPECT_EQ(complaint("[\"\xc3(\"]"), "invalid UTF-8 in a string, found byte 0xc3 at byte 2");
  EXPECT_EQ(complaint("{1:2}"), "expected a string key, found '1' at byte 1");
  EXPECT_EQ(complaint("[1e999]"), "a number out of range, found '1' at byte 1");
  EXPECT_EQ(complaint(""), "expected a value (the text ends there) at byte 0");

  const char* refused[] = {
      "[1.]",
      "[.5]",
      "[+1]",
      "[1e]",
      "[-]",
      "[\"\\u12\"]",
      "[\"\\udc00\"]",
      "[\"\\ud800\"]",
      "[\"\\ud800\\u0041\"]",
      "[\"\xc0\xaf\"]",
      "[\"\xed\xa0\x80\"]",
      "[\"\xf4\x90\x80\x80\"]",
      "[\"\xff\"]",
      "[1,]",
      "{\"a\"}",
      "{\"a\":1,}",
      "tru",
      "nul",
      "[\"open",
      "[-1e999]",
      "[1]]",
      "{\"a\":1]",
      "[1}",
  };
  for (const char* text : refused) {
    json ignored;
    EXPECT_FALSE(read(text, ignored)) << text;
    EXPECT_FALSE(json::accept(text)) << text;  // nlohmann refuses them too
  }
}

TEST(JsonReader, RefusesNestingPastTheLimitWithoutRecursing) {
  const std::size_t limit = detail::max_nesting_depth;
  json value;
  std::string at_limit = std::string(limit, '[') + std::string(limit, ']');
  EXPECT_TRUE(read(at_limit, value));
  std::string past_limit = std::string(limit + 1, '[') + std::string(limit + 1, ']');
  detail::JsonReader reader(past_limit);
  EXPECT_FALSE(reader.value(value));
  EXPECT_TRUE(reader.too_deep());
  // parse_frame tells it apart from a syntax error (a million levels would overflow a
  // recursive parser's stack).
  try {
    detail::parse_frame(std::string(1000000, '['));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.errc(), Errc::invalid_message);
  }
}

TEST(JsonReader, DecodesTupleFrames) {
  detail::TupleFrame t;
  ASSERT_TRUE(detail::decode_tuple_frame(
      R"({"id":"-1","comp":"spout","stream":"s","task":-1,"tuple":["x",{"k":[1.5]},NaN],"new":{}})",
      t));
  EXPECT_EQ(t.id, "-1");
  EXPECT_EQ(t.component, "spout");
  EXPECT_EQ(t.stream, "s");
  EXPECT_EQ(t.task, -1);
  ASSERT_EQ(t.values.size(), 3u);
  EXPECT_EQ(t.values[0], "x");
  EXPECT_TRUE(same(t.values[1], json::parse(R"({"k":[1.5]})")));
  EXPECT_TRUE(std::isnan(t.values[2].get<double>()));

  // comp null or absent: "", also when a previous decode left a name behind.
  ASSERT_TRUE(decode_tuple_frame(R"({"comp":null,"id":"2","stream":"s","task":1,"tuple":[]})", t));
  EXPECT_EQ(t.component, "");
  t.component = "stale";
  ASSERT_TRUE(decode_tuple_frame(R"({"id":"2","stream":"s","task":1,"tuple":[]})", t));
  EXPECT_EQ(t.component, "");
}

TEST(JsonReader, LeavesOtherFramesToParseFrame) {
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
      R"({"id":"1","stream":"s","task":1,"tuple":[]} {})",        // two values
  };
  for (const char* text : frames) {
    detail::TupleFrame t;
    EXPECT_FALSE(detail::decode_tuple_frame(text, t)) << text;
  }
}

TEST(JsonWriter, WritesWhatNlohmannDumps) {
  const json values[] = {
      json::parse(R"([null,true,false,0,-1,18446744073709551615,-9223372036854775808,"",
                      "plain text long enough for a few eight-byte chunks",
                      "q\"b\\s/\t\u0001\u007f caf\u00e9 \ud83d\ude00",
                      {"b":[1,{}],"a":"x","k\"ey":[],"\u00e9":null}])"),
      // doubles in each of nlohmann's layouts
      json::parse(R"([0.1, -2.5e-300, 1e300, 1.0, -0.0, 0.0, 100.0, 123456789012345.0, 1e15, 1e16,
                      0.001, 0.0001, 0.00001, 1.5e-5, 5e-324, 1.7976931348623157e308, -3.25,
                      123.456, 9007199254740993.0, 0.30000000000000004, 1e22, 1e21, 2e-7])"),
      json(std::nan("")),
      json(std::numeric_limits<double>::infinity()),
  };
  for (const json& value : values) {
    std::string out;
    detail::append_json(out, value);
    EXPECT_EQ(out, value.dump());
  }
  // Invalid UTF-8 deep inside, in a value or a key: bad_emit, as at the top.
  for (const json& bad : {json{{"k", {"ok", "\xc3"}}}, json{{"\xff", 1}}, json("a\xed\xa0\x80")}) {
    std::string out;
    try {
      detail::append_json(out, bad);
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.errc(), Errc::bad_emit);
      EXPECT_NE(std::string(e.what()).find("not valid UTF-8"), std::string::npos) << e.what();
    }
  }
}

TEST(JsonWriter, DoublesReadBackExactly) {
  // Every double the writer writes reads back, through the reader, as the same bits.
  std::uint64_t bits = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 100000; ++i) {
    bits = bits * 6364136223846793005ull + 1442695040888963407ull;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    std::string out;
    detail::append_json_double(out, d);
    json back;
    ASSERT_TRUE(read(out, back)) << out;
    ASSERT_TRUE(back.is_number_float()) << out;
    double r = back.get<double>();
    ASSERT_EQ(std::memcmp(&r, &d, sizeof d), 0) << out;
  }
}

TEST(JsonWriter, EscapesProtocolTextAndReplacesInvalidUtf8) {
  std::string out;
  detail::append_json_string(out, "q\"b\\s/\t\x01 caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(out, "\"q\\\"b\\\\s/\\t\\u0001 caf\xc3\xa9 \xf0\x9f\x98\x80\"");
  out.clear();
  detail::append_json_string(out,
                             "a\xff"
                             "b\xc3"
                             "\xed\xa0\x80");
  EXPECT_EQ(out,
            "\"a\xef\xbf\xbd"
            "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_TRUE(json::accept(out));
}

TEST(Utf8, OneRuleForBothWires) {
  EXPECT_TRUE(detail::valid_utf8(""));
  EXPECT_TRUE(detail::valid_utf8("plain ascii, long enough for the eight-byte skip"));
  EXPECT_TRUE(detail::valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"));
  const char* invalid[] = {
      "\xc3",              // cut short
      "\xc0\xaf",          // overlong
      "\xe0\x80\xaf",      // overlong
      "\xed\xa0\x80",      // a surrogate
      "\xf4\x90\x80\x80",  // past U+10FFFF
      "\xf5\x80\x80\x80",  // not a lead byte
      "\x80",              // a lone continuation
      "abcdefgh\xff",      // after an ASCII chunk
  };
  for (const char* text : invalid) {
    EXPECT_FALSE(detail::valid_utf8(text)) << text;
    EXPECT_TRUE(detail::valid_utf8(detail::repair_utf8(text)));
    json ignored;
    EXPECT_FALSE(read(std::string("\"") + text + "\"", ignored));
  }
  EXPECT_EQ(detail::repair_utf8("a\xe2\x82x"), "a\xef\xbf\xbd\xef\xbf\xbdx");
}
