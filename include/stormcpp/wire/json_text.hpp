// JSON text, both directions, in one place: the UTF-8 rules, the plain-run scan, the reader
// (JsonReader: Storm's frames into nlohmann::json values, bare NaN and the depth limit
// included) and the writer (escaping, numbers as nlohmann writes them). nlohmann::json is the
// value type; its parser and serializer are not used. msgpack.hpp checks UTF-8 with the same
// function.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/core/values.hpp"
#include "stormcpp/error.hpp"
#include "stormcpp/wire/messages.hpp"

namespace storm::detail {

// ---- UTF-8 -----------------------------------------------------------------------------------

/// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
/// at most U+10FFFF) starting at `p`, a byte >= 0x80; 0 when there is none before `end`.
inline std::size_t utf8_sequence_length(const char* p, const char* end) {
  auto byte = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(p[i]); };
  auto cont = [&](std::ptrdiff_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return p + i < end && byte(i) >= lo && byte(i) <= hi;
  };
  unsigned char b = byte(0);
  if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
  if (b == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xF1 && b <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/// True when `text` is well-formed UTF-8.
STORMCPP_INLINE bool valid_utf8(std::string_view text);

/// `text` with every byte that does not start a well-formed sequence replaced by U+FFFD.
STORMCPP_INLINE std::string repair_utf8(std::string_view text);

/// The error for a user's string that is not UTF-8 (on either wire).
STORMCPP_INLINE Error not_utf8_error();

// ---- the plain-run scan ----------------------------------------------------------------------

/// True for a byte a JSON string holds as is: printable ASCII other than '"' and '\\'.
inline bool plain_json_byte(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/// How many bytes at the start of [p, p + n) are plain_json_byte()s; eight at a time.
inline std::size_t plain_json_prefix(const char* p, std::size_t n) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, p + i, 8);
    // A high bit is set in a byte that is < 0x20, '"', '\\' or >= 0x80 (and, through a borrow,
    // possibly in a byte after one of those: the chunk is then looked at byte by byte).
    std::uint64_t flagged =
        ((x - ones * 0x20) | ((x ^ (ones * '"')) - ones) | ((x ^ (ones * '\\')) - ones) | x) &
        highs;
    if (flagged != 0) break;
  }
  while (i < n && plain_json_byte(static_cast<unsigned char>(p[i])))
    ++i;
  return i;
}

// ---- reading ---------------------------------------------------------------------------------

/// A single-pass reader of JSON text into nlohmann::json values, typed as nlohmann types them
/// (unsigned when non-negative, signed when negative, double with a fraction or exponent or
/// past 64 bits), a repeated key's last value winning. Beyond JSON it reads the bare NaN token
/// Storm 2.6+ writes for a double NaN. Arrays and objects nested deeper than
/// max_nesting_depth are refused (without recursion: hostile input cannot exhaust the stack).
///
/// Each reading call returns false on a problem and records it: error() says what and
/// error_offset() where. fuzz/frame_fuzz compares it with nlohmann's parser on every input.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

  /// Skips whitespace; true when `c` is next (and consumes it).
  bool consume(char c) {
    skip_space();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  /// Skips whitespace; the next character, or '\0' at the end.
  char peek() {
    skip_space();
    return p_ == end_ ? '\0' : *p_;
  }
  /// True when only whitespace is left.
  bool at_end() {
    skip_space();
    return p_ == end_;
  }

  /// A whole JSON value.
  STORMCPP_INLINE bool value(nlohmann::json& out);
  /// A string literal, unescaped.
  STORMCPP_INLINE bool string(std::string& out);
  /// An integer that fits `T` (no fraction, no exponent).
  template <class T>
  bool integer(T& out) {
    skip_space();
    const char* start = p_;
    if (!integer_token()) return fail("expected an integer");
    auto [ptr, ec] = std::from_chars(start, p_, out);
    return (ec == std::errc() && ptr == p_) || fail("an integer out of range", start);
  }

  /// What went wrong ("" when nothing has), and the byte offset where.
  const std::string& error() const { return error_; }
  std::size_t error_offset() const { return error_offset_; }
  /// Fails with "text after the value" unless only whitespace is left.
  bool expect_end() { return at_end() || fail("text after the value"); }
  /// True when the last failure was nesting deeper than max_nesting_depth.
  bool too_deep() const { return too_deep_; }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }
  STORMCPP_INLINE bool fail(const char* what, const char* at = nullptr);
  // The slot for an open object's next member, after reading its key; nullptr on a problem.
  STORMCPP_INLINE nlohmann::json* member_slot(nlohmann::json::object_t& members, std::string& key);
  // A string, number, true, false, null or NaN, whose first character `c` is next.
  STORMCPP_INLINE bool scalar(char c, nlohmann::json& out);
  STORMCPP_INLINE bool number(nlohmann::json& out);
  STORMCPP_INLINE bool word(std::string_view w);
  STORMCPP_INLINE bool escape(std::string& out);
  STORMCPP_INLINE bool hex4(std::uint32_t& code);
  bool digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9')
      ++p_;
    return p_ != start;
  }
  // Advances over -?(0|[1-9][0-9]*); true when a whole integer (no fraction or exponent).
  bool integer_token() {
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      digits();
    }
    return p_ == end_ || (*p_ != '.' && *p_ != 'e' && *p_ != 'E' && (*p_ < '0' || *p_ > '9'));
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::string error_;
  std::size_t error_offset_ = 0;
  bool too_deep_ = false;
};

// ---- writing ---------------------------------------------------------------------------------

/// Appends `text` as a JSON string literal. Bytes that are not valid UTF-8 become U+FFFD (for
/// the protocol's own text: ids, stream names, log lines, errors).
STORMCPP_INLINE void append_json_string(std::string& out, std::string_view text);

/// Appends a user's string; throws not_utf8_error() for one that is not UTF-8.
STORMCPP_INLINE void append_json_user_string(std::string& out, std::string_view text);

/// Appends a double as nlohmann writes it: the shortest text that reads back as the same
/// double, always with a '.' or an exponent (so it stays a double); NaN and infinities as null.
STORMCPP_INLINE void append_json_double(std::string& out, double value);

/// Appends `value` as compact JSON. Throws Error(bad_emit) for a string that is not UTF-8 and
/// for a binary value (the JSON wire has none).
STORMCPP_INLINE void append_json(std::string& out, const nlohmann::json& value);

/// Appends a tuple's values (core/values.hpp) as a JSON array, each as append_json writes it,
/// without building a nlohmann::json.
STORMCPP_INLINE void append_json_values(std::string& out, const ValuesRef& values);

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/json_text-inl.hpp"
#endif
