#include "stormcpp/wire/msgpack.hpp"

#include <gtest/gtest.h>

#include <pthread.h>

#include <cstdint>
#include <functional>
#include <limits>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/frame_reader.hpp"

// nlohmann's own MessagePack codec is the independent reference: what we write it must read,
// what it writes we must read, with the same values.

using nlohmann::json;
using storm::Errc;
using storm::Error;
using storm::LogLevel;
namespace detail = storm::detail;

namespace {

// A packed frame around `body`.
std::string framed(const std::string& body) {
  std::string out(1, static_cast<char>(detail::packed_marker));
  auto n = static_cast<std::uint32_t>(body.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  return out + body;
}

std::string framed(const std::vector<std::uint8_t>& body) {
  return framed(std::string(body.begin(), body.end()));
}

std::string body_of(const std::string& frame) {
  return frame.substr(detail::packed_header_size);
}

std::string packed(const json& value) {
  std::string out;
  detail::pack_value(out, value);
  return out;
}

// The error a frame gives, with its message.
std::pair<Errc, std::string> parse_error(const std::string& frame) {
  try {
    detail::parse_packed_frame(frame);
  } catch (const Error& e) {
    return {e.errc(), e.what()};
  }
  return {Errc::internal, "parsed"};
}

json binary(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  for (std::size_t i = 0; i < n; ++i)
    bytes[i] = static_cast<std::uint8_t>(i * 7);
  return json::binary(std::move(bytes));
}

// Values at every boundary of MessagePack's encodings.
std::vector<json> boundary_values() {
  std::vector<json> values = {nullptr,
                              true,
                              false,
                              0,
                              1,
                              127,
                              128,
                              255,
                              256,
                              65535,
                              65536,
                              4294967295ull,
                              4294967296ull,
                              std::numeric_limits<std::uint64_t>::max(),
                              -1,
                              -32,
                              -33,
                              -128,
                              -129,
                              -32768,
                              -32769,
                              std::numeric_limits<std::int32_t>::min(),
                              std::int64_t{std::numeric_limits<std::int32_t>::min()} - 1,
                              std::numeric_limits<std::int64_t>::min(),
                              0.5,
                              -1e300,
                              3.25e-7,
                              "",
                              "é ü 日本 😀",
                              json::array(),
                              json::object()};
  for (std::size_t n : {31u, 32u, 255u, 256u, 65535u, 65536u})
    values.emplace_back(std::string(n, 'x'));
  for (std::size_t n : {0u, 1u, 255u, 256u, 65536u})
    values.push_back(binary(n));
  for (std::size_t n : {15u, 16u, 65536u})
    values.push_back(json(std::vector<int>(n, 3)));
  json wide = json::object();
  for (int i = 0; i < 16; ++i)
    wide["k" + std::to_string(i)] = i;
  values.push_back(wide);
  values.push_back({{"nested", {1, {{"deeper", json::array({nullptr, "x", 2.5})}}}}});
  return values;
}

}  // namespace

TEST(Msgpack, WritesWhatAnotherMessagePackReaderReadsBack) {
  for (const json& value : boundary_values()) {
    std::string bytes = packed(value);
    json read = json::from_msgpack(bytes);
    EXPECT_EQ(read, value) << value.dump().substr(0, 80);
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
      // the smallest encoding, as MessagePack asks
      EXPECT_EQ(bytes.size(), json::to_msgpack(value).size()) << value;
    }
  }
}

TEST(Msgpack, ReadsWhatAnotherMessagePackWriterWrites) {
  for (const json& value : boundary_values()) {
    EXPECT_EQ(detail::parse_packed_frame(framed(json::to_msgpack(value))), value)
        << value.dump().substr(0, 80);
  }
  // float32 (nlohmann writes doubles as doubles): 1.5f is 0xca 3fc00000
  EXPECT_EQ(detail::parse_packed_frame(framed(std::string("\xca\x3f\xc0\x00\x00", 5))), 1.5);
}

// A signed MessagePack integer (int8..int64) that is >= 0 reads as unsigned, as the same number
// does from the JSON wire, so a component sees one type whichever wire Storm uses.
TEST(Msgpack, NonNegativeSignedIntegersReadAsTheJsonWireReadsThem) {
  json packed_int64 = detail::parse_packed_frame(
      framed(std::string("\xd3\x53\xd3\x95\x95\x66\x6d\x33\x00", 9)));  // the fuzzer's
  EXPECT_TRUE(packed_int64.is_number_unsigned());
  EXPECT_EQ(packed_int64, json::parse("6040335994135065344"));
  EXPECT_TRUE(json::parse("6040335994135065344").is_number_unsigned());
  json packed_int8 = detail::parse_packed_frame(framed(std::string("\xd0\x05", 2)));
  EXPECT_TRUE(packed_int8.is_number_unsigned());
  json negative = detail::parse_packed_frame(framed(std::string("\xd0\xfb", 2)));
  EXPECT_TRUE(negative.is_number_integer());
  EXPECT_EQ(negative, -5);
}

TEST(Msgpack, AnEmptyByteStringIsABinNotTheIntegerZero) {
  EXPECT_EQ(packed(binary(0)), std::string("\xc4\x00", 2));
}

TEST(Msgpack, EachEncoderWritesTheMessageTheJsonWireWrites) {
  json values = {"w", 2, nullptr, {{"k", "v"}}, 1.25};
  json message_id = "m-1";
  std::string_view anchors[] = {"a1", "a2"};
  detail::ValuesRef from_json(storm::values_from(values));
  std::string w = "w";
  int two = 2;
  std::nullptr_t null = nullptr;
  json object = {{"k", "v"}};
  double quarter = 1.25;
  std::tuple<const std::string&, const int&, const std::nullptr_t&, const json&, const double&>
      refs(w, two, null, object, quarter);
  detail::ValuesRef from_cpp(refs);
  std::vector<detail::EmitMessage> emits = {
      {from_json, "default", nullptr, 0, nullptr, std::nullopt, false},
      {from_json, "words", anchors, 2, nullptr, std::nullopt, true},
      {from_json, "default", nullptr, 0, &message_id, 7, false},
      {from_cpp, "default", nullptr, 0, nullptr, std::nullopt, false},
      {from_cpp, "words", anchors, 2, &message_id, 7, true},
  };
  for (const auto& emit : emits) {
    std::string as_json, as_msgpack;
    detail::encode_emit(as_json, emit);
    detail::pack_emit(as_msgpack, emit);
    EXPECT_EQ(detail::parse_packed_frame(as_msgpack), detail::parse_frame(as_json));
  }
  auto same = [](auto pack, auto encode) {
    std::string as_json, as_msgpack;
    encode(as_json);
    pack(as_msgpack);
    EXPECT_EQ(detail::parse_packed_frame(as_msgpack), detail::parse_frame(as_json)) << as_json;
  };
  same([](std::string& o) { detail::pack_sync(o); },
       [](std::string& o) { detail::encode_sync(o); });
  same([](std::string& o) { detail::pack_ack(o, "t-1"); },
       [](std::string& o) { detail::encode_ack(o, "t-1"); });
  same([](std::string& o) { detail::pack_fail(o, "t-2"); },
       [](std::string& o) { detail::encode_fail(o, "t-2"); });
  same([](std::string& o) { detail::pack_log(o, "hello", LogLevel::warn); },
       [](std::string& o) { detail::encode_log(o, "hello", LogLevel::warn); });
  same([](std::string& o) { detail::pack_error(o, "it broke"); },
       [](std::string& o) { detail::encode_error(o, "it broke"); });
  same(
      [](std::string& o) {
        detail::pack_metrics(o, "lag", {{"p", 1}});
      },
      [](std::string& o) {
        detail::encode_metrics(o, "lag", {{"p", 1}});
      });
}

TEST(Msgpack, UserStringsMustBeUtf8ButLogTextIsRepaired) {
  std::string bad = "ok\xff\xfe";
  try {
    packed(json::array({bad}));
    FAIL() << "a non-UTF-8 string was packed";
  } catch (const Error& e) {
    EXPECT_EQ(e.errc(), Errc::bad_emit);
    EXPECT_NE(std::string(e.what()).find("binary"), std::string::npos) << e.what();
  }
  // each bad byte becomes U+FFFD, as the JSON wire writes it
  std::string as_msgpack, as_json;
  detail::pack_log(as_msgpack, bad + "\xe6\x97", LogLevel::info);
  detail::encode_log(as_json, bad + "\xe6\x97", LogLevel::info);
  EXPECT_EQ(detail::parse_packed_frame(as_msgpack)["msg"], detail::parse_frame(as_json)["msg"]);
  EXPECT_EQ(detail::parse_packed_frame(as_msgpack)["msg"].get<std::string>().substr(0, 5),
            "ok\xef\xbf\xbd");
  // overlong forms and surrogates are not UTF-8 either
  for (std::string s : {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    EXPECT_EQ(parse_error(framed(std::string(1, static_cast<char>(0xa0 | s.size())) + s)).first,
              Errc::invalid_msgpack)
        << s.size();
  }
}

TEST(Msgpack, DecodesTuplesInTheJavaSidesKeyOrder) {
  nlohmann::ordered_json tuple = {{"id", "-77"},
                                  {"comp", "split"},
                                  {"stream", "words"},
                                  {"task", 9},
                                  {"tuple", {"dog", 3, binary(2)}}};
  detail::TupleFrame frame;
  ASSERT_TRUE(
      detail::decode_packed_tuple(framed(nlohmann::ordered_json::to_msgpack(tuple)), frame));
  EXPECT_EQ(frame.id, "-77");
  EXPECT_EQ(frame.component, "split");
  EXPECT_EQ(frame.stream, "words");
  EXPECT_EQ(frame.task, 9);
  EXPECT_EQ(frame.values, json::array({"dog", 3, binary(2)}));

  tuple["comp"] = nullptr;  // heartbeats
  tuple["task"] = -1;
  ASSERT_TRUE(
      detail::decode_packed_tuple(framed(nlohmann::ordered_json::to_msgpack(tuple)), frame));
  EXPECT_EQ(frame.component, "");
  EXPECT_EQ(frame.task, -1);

  // another key order is not the fast path, but decode_tuple_frame still gives the same tuple
  nlohmann::ordered_json reordered = {
      {"tuple", {"x"}}, {"task", 4}, {"stream", "default"}, {"comp", "c"}, {"id", "5"}};
  std::string other = framed(nlohmann::ordered_json::to_msgpack(reordered));
  EXPECT_FALSE(detail::decode_packed_tuple(other, frame));
  EXPECT_EQ(detail::parse_frame(other), json::parse(reordered.dump()));
  // a task-id list is not a tuple
  EXPECT_FALSE(detail::decode_packed_tuple(framed(json::to_msgpack({3, 4})), frame));
}

TEST(Msgpack, CorruptFramesAreClearErrors) {
  struct Case {
    std::string frame;
    std::string says;
  };
  std::string good = body_of(framed(json::to_msgpack({{"command", "next"}})));
  std::vector<Case> cases = {
      {std::string("\xc1\x00\x00", 3), "4-byte length"},
      {framed(good).substr(0, 8), "length says"},             // cut short
      {framed(good) + "x", "length says"},                    // longer than its length
      {framed(good + "\x01"), "bytes after its message"},     // two values
      {framed(std::string("\xc1", 1)), "0xC1"},               // the marker as a type
      {framed(std::string("\xd4\x01\x00", 3)), "ext"},        // fixext 1
      {framed(std::string("\xc7\x01\x05\x00", 4)), "ext"},    // ext 8
      {framed(std::string("\x81\x01\x02", 3)), "not a str"},  // {1: 2}
      {framed(std::string("\xa5"
                          "ab",
                          3)),
       "ends inside"},
      {framed(std::string("\xdd\xff\xff\xff\xff\x01", 6)), "ends inside"},  // 4G entries
      {framed(std::string("\xa2\xff\xfe", 3)), "UTF-8"},
      {framed(std::string(detail::max_nesting_depth + 2, '\x91') + "\x01"), "deeper"},
  };
  for (const auto& c : cases) {
    auto [errc, what] = parse_error(c.frame);
    EXPECT_EQ(errc, Errc::invalid_msgpack) << c.says;
    EXPECT_NE(what.find(c.says == "0xC1" ? "0xc1" : c.says), std::string::npos) << what;
    // the tuple fast path refuses it too: it throws the same error or leaves it to parse_frame
    detail::TupleFrame ignored;
    try {
      EXPECT_FALSE(detail::decode_tuple_frame(c.frame, ignored)) << c.says;
    } catch (const Error& e) {
      EXPECT_EQ(e.errc(), Errc::invalid_msgpack) << c.says;
    }
  }
}

// Runs `body` on a thread whose stack is `bytes` long (user threads and sanitizer builds have far
// less stack than a release build's main thread).
void on_small_stack(std::size_t bytes, const std::function<void()>& body) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, bytes), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&body)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

TEST(Msgpack, TheDeepestAllowedNestingDecodesOnASmallStack) {
  // {"command": "x", "v": [[...[{"k": 1}]...]]}: max_nesting_depth containers in all.
  std::size_t arrays = detail::max_nesting_depth - 2;
  std::string body =
      "\x82\xa7"
      "command"
      "\xa1x"
      "\xa1v" +
      std::string(arrays, '\x91') + "\x81\xa1k\x01";
  on_small_stack(256 * 1024, [&] {
    json message = detail::parse_packed_frame(framed(body));
    const json* v = &message.at("v");
    std::size_t depth = 0;
    while (v->is_array()) {
      v = &v->at(0);
      ++depth;
    }
    EXPECT_EQ(depth, arrays);
    EXPECT_EQ(*v, (json{{"k", 1}}));
    // one more level is the clear error
    EXPECT_NE(parse_error(framed("\x91" + body)).second.find("deeper"), std::string::npos);
  });
}

TEST(Msgpack, TheFrameReaderTakesBothWiresFrameByFrame) {
  std::string packed_next = framed(json::to_msgpack({{"command", "next"}}));
  std::string input = "{\"a\":1}\nend\n" + packed_next + "{\"b\":2}\nend\n" + packed_next;
  for (std::size_t chunk : {std::size_t(-1), std::size_t(1)}) {
    storm::detail::StringInput in(input, chunk);
    detail::FrameReader reader(in);
    std::vector<std::string> frames;
    while (auto frame = reader.next())
      frames.emplace_back(*frame);
    EXPECT_EQ(frames,
              (std::vector<std::string>{"{\"a\":1}", packed_next, "{\"b\":2}", packed_next}));
  }
}

TEST(Msgpack, TheFrameReaderBoundsAndEndsPackedFrames) {
  auto error_of = [](const std::string& input, std::size_t max) {
    storm::detail::StringInput in(input);
    detail::FrameReader reader(in, nullptr, max);
    try {
      while (reader.next()) {
      }
    } catch (const Error& e) {
      return e.errc();
    }
    return Errc::internal;
  };
  std::string big = framed(json::to_msgpack(json::array({std::string(2000, 'x')})));
  EXPECT_EQ(error_of(big, 1000), Errc::frame_too_large);
  // the length alone is enough: a 4 GiB claim is refused before anything is buffered
  EXPECT_EQ(error_of(std::string("\xc1\xff\xff\xff\xff", 5), 1000), Errc::frame_too_large);
  EXPECT_EQ(error_of(big.substr(0, 100), 1 << 20), Errc::truncated_frame);
  EXPECT_EQ(error_of(big.substr(0, 3), 1 << 20), Errc::truncated_frame);
}
