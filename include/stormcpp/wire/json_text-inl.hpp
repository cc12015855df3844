#pragma once

#include <clocale>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

#include "stormcpp/wire/json_text.hpp"

namespace storm::detail {

// ---- UTF-8 -----------------------------------------------------------------------------------

STORMCPP_INLINE bool valid_utf8(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p != end) {
    // ASCII eight bytes at a time.
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    std::uint64_t chunk;
    while (end - p >= 8 && (std::memcpy(&chunk, p, 8), (chunk & highs) == 0))
      p += 8;
    if (p == end) break;
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    std::size_t length = utf8_sequence_length(p, end);
    if (length == 0) return false;
    p += length;
  }
  return true;
}

STORMCPP_INLINE std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  const char* p = text.data();
  const char* end = p + text.size();
  while (p != end) {
    std::size_t length = static_cast<unsigned char>(*p) < 0x80 ? 1 : utf8_sequence_length(p, end);
    if (length == 0) {
      out.append("\xef\xbf\xbd");
      ++p;
    } else {
      out.append(p, length);
      p += length;
    }
  }
  return out;
}

STORMCPP_INLINE Error not_utf8_error() {
  return Error(Errc::bad_emit,
               "a string is not valid UTF-8: send bytes as a binary value (storm::bytes) instead");
}

// ---- reading ---------------------------------------------------------------------------------

namespace json_text_internal {

// The containers a JsonReader has open, innermost last: a fixed array for the usual shallow
// frames, a vector past that.
class OpenContainers {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  nlohmann::json& back() const { return size_ <= inline_size ? *small_[size_ - 1] : *big_.back(); }
  void push(nlohmann::json* container) {
    if (size_ < inline_size) {
      small_[size_] = container;
    } else {
      big_.push_back(container);
    }
    ++size_;
  }
  void pop() {
    if (size_ > inline_size) big_.pop_back();
    --size_;
  }

 private:
  static constexpr std::size_t inline_size = 16;
  nlohmann::json* small_[inline_size];
  std::vector<nlohmann::json*> big_;
  std::size_t size_ = 0;
};

inline void append_code_point(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// A number's text as a double, as strtod reads it; for the rare tokens from_chars reports out
// of range (underflow to a subnormal or zero, overflow to infinity).
inline double strtod_c(const char* start, const char* end) {
  std::string token(start, end);
  // strtod follows the C locale's decimal point, which the process may have changed.
  char point = *std::localeconv()->decimal_point;
  for (char& c : token)
    if (c == '.') c = point;
  return std::strtod(token.c_str(), nullptr);
}

}  // namespace json_text_internal

STORMCPP_INLINE bool JsonReader::fail(const char* what, const char* at) {
  if (!at) at = p_;
  error_ = what;
  if (at == end_) {
    error_ += " (the text ends there)";
  } else {
    auto c = static_cast<unsigned char>(*at);
    static constexpr char hex[] = "0123456789abcdef";
    error_ += c >= 0x20 && c < 0x7f ? std::string(", found '") + static_cast<char>(c) + "'"
                                    : std::string(", found byte 0x") + hex[c >> 4] + hex[c & 15];
  }
  error_offset_ = static_cast<std::size_t>(at - begin_);
  return false;
}

STORMCPP_INLINE bool JsonReader::value(nlohmann::json& out) {
  json_text_internal::OpenContainers open;
  nlohmann::json* slot = &out;  // where the next value goes
  std::string key;
  // The slot for the next element of the innermost open container (for an object, after its
  // key); nullptr on a problem.
  auto next_slot = [&]() -> nlohmann::json* {
    nlohmann::json& container = open.back();
    if (auto* items = container.get_ptr<nlohmann::json::array_t*>()) return &items->emplace_back();
    return member_slot(*container.get_ptr<nlohmann::json::object_t*>(), key);
  };
  for (;;) {
    // A value into *slot: a scalar, an empty container, or a container left open.
    char c = peek();
    if (c == '[' || c == '{') {
      if (open.size() == max_nesting_depth) {
        too_deep_ = true;
        return fail("arrays and objects nest deeper than the limit");
      }
      ++p_;
      *slot = c == '[' ? nlohmann::json::array() : nlohmann::json::object();
      if (!consume(c == '[' ? ']' : '}')) {
        open.push(slot);
        if (!(slot = next_slot())) return false;
        continue;
      }
    } else if (!scalar(c, *slot)) {
      return false;
    }
    // After a complete value: a ',' and the next slot, or the end of containers.
    for (;;) {
      if (open.empty()) return true;
      if (consume(',')) break;
      bool array = open.back().is_array();
      if (!consume(array ? ']' : '}'))
        return fail(array ? "expected ',' or ']' after an array element"
                          : "expected ',' or '}' after an object member");
      open.pop();
    }
    if (!(slot = next_slot())) return false;
  }
}

STORMCPP_INLINE nlohmann::json* JsonReader::member_slot(nlohmann::json::object_t& members,
                                                        std::string& key) {
  if (peek() != '"') return fail("expected a string key"), nullptr;
  if (!string(key)) return nullptr;
  if (!consume(':')) return fail("expected ':' after a key"), nullptr;
  return &members[key];  // a repeated key: the last value wins
}

STORMCPP_INLINE bool JsonReader::scalar(char c, nlohmann::json& out) {
  switch (c) {
    case '"': {
      std::string s;
      if (!string(s)) return false;
      out = std::move(s);
      return true;
    }
    case 't':
      return word("true") && (out = true, true);
    case 'f':
      return word("false") && (out = false, true);
    case 'n':
      return word("null") && (out = nullptr, true);
    case 'N':  // Storm 2.6+ writes a double NaN as a bare NaN
      return word("NaN") && (out = std::numeric_limits<double>::quiet_NaN(), true);
    default:
      return number(out);
  }
}

STORMCPP_INLINE bool JsonReader::word(std::string_view w) {
  if (static_cast<std::size_t>(end_ - p_) < w.size() || std::string_view(p_, w.size()) != w)
    return fail("expected a value");
  p_ += w.size();
  return true;
}

STORMCPP_INLINE bool JsonReader::number(nlohmann::json& out) {
  const char* start = p_;
  if (integer_token()) {
    if (*start == '-') {
      std::int64_t v;
      if (std::from_chars(start, p_, v).ec == std::errc()) return out = v, true;
    } else {
      std::uint64_t v;
      if (std::from_chars(start, p_, v).ec == std::errc()) return out = v, true;
    }
    // Past 64 bits: a double, as nlohmann reads it.
  } else {
    if (p_ == start || (p_ == start + 1 && *start == '-')) {
      p_ = start;
      return fail("expected a value");
    }
    if (p_ != end_ && *p_ >= '0' && *p_ <= '9') return fail("a number with a leading zero");
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return fail("expected a digit after '.'");
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return fail("expected a digit in the exponent");
    }
  }
  double v;
  auto [ptr, ec] = std::from_chars(start, p_, v);
  if (ec == std::errc::result_out_of_range) v = json_text_internal::strtod_c(start, p_);
  if ((ec != std::errc() && ec != std::errc::result_out_of_range) || !std::isfinite(v))
    return fail("a number out of range", start);
  out = v;
  return true;
}

STORMCPP_INLINE bool JsonReader::string(std::string& out) {
  if (!consume('"')) return fail("expected a string");
  out.clear();
  for (;;) {
    std::size_t run = plain_json_prefix(p_, static_cast<std::size_t>(end_ - p_));
    out.append(p_, run);
    p_ += run;
    if (p_ == end_) return fail("a string that does not end");
    auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      ++p_;
      return true;
    }
    if (c == '\\') {
      if (!escape(out)) return false;
    } else if (c >= 0x80) {
      std::size_t length = utf8_sequence_length(p_, end_);
      if (length == 0) return fail("invalid UTF-8 in a string");
      out.append(p_, length);
      p_ += length;
    } else {
      return fail("a control character in a string (it must be escaped)");
    }
  }
}

STORMCPP_INLINE bool JsonReader::escape(std::string& out) {
  const char* start = p_;
  if (end_ - p_ < 2) return fail("a string that does not end", end_);
  char c = p_[1];
  p_ += 2;
  switch (c) {
    case '"':
    case '\\':
    case '/':
      out.push_back(c);
      return true;
    case 'b':
      out.push_back('\b');
      return true;
    case 'f':
      out.push_back('\f');
      return true;
    case 'n':
      out.push_back('\n');
      return true;
    case 'r':
      out.push_back('\r');
      return true;
    case 't':
      out.push_back('\t');
      return true;
    case 'u':
      break;
    default:
      return fail("an invalid escape", start);
  }
  std::uint32_t code;
  if (!hex4(code)) return fail("a \\u escape without four hex digits", start);
  if (code >= 0xDC00 && code <= 0xDFFF) return fail("a lone low surrogate \\u escape", start);
  if (code >= 0xD800 && code <= 0xDBFF) {
    std::uint32_t low;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u')
      return fail("a high surrogate \\u escape without its low half", start);
    p_ += 2;
    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
      return fail("a high surrogate \\u escape without its low half", start);
    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
  }
  json_text_internal::append_code_point(out, code);
  return true;
}

STORMCPP_INLINE bool JsonReader::hex4(std::uint32_t& code) {
  if (end_ - p_ < 4) return false;
  code = 0;
  for (int i = 0; i < 4; ++i) {
    char c = *p_++;
    code <<= 4;
    if (c >= '0' && c <= '9') {
      code |= c - '0';
    } else if (c >= 'a' && c <= 'f') {
      code |= c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      code |= c - 'A' + 10;
    } else {
      return false;
    }
  }
  return true;
}

// ---- writing ---------------------------------------------------------------------------------

namespace json_text_internal {

// Appends `text` quoted and escaped; `invalid(out, p, end)` handles a byte >= 0x80 that does not
// start a well-formed UTF-8 sequence.
template <class Invalid>
void append_quoted(std::string& out, std::string_view text, Invalid invalid) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  const char* p = text.data();
  const char* end = p + text.size();
  while (p != end) {
    std::size_t run = plain_json_prefix(p, static_cast<std::size_t>(end - p));
    out.append(p, run);
    p += run;
    if (p == end) break;
    auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      std::size_t length = utf8_sequence_length(p, end);
      if (length == 0) {
        invalid(out);
        ++p;
      } else {
        out.append(p, length);
        p += length;
      }
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '"':
      case '\\':
        out.push_back(static_cast<char>(c));
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\r':
        out.push_back('r');
        break;
      case '\t':
        out.push_back('t');
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\f':
        out.push_back('f');
        break;
      default:
        out.append("u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xf]);
    }
    ++p;
  }
  out.push_back('"');
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

inline Error binary_on_json() {
  return Error(Errc::bad_emit,
               "a binary value cannot be sent as JSON: set topology.multilang.serializer to "
               "stormcpp.storm.MsgpackSerializer (docs/wire.md), or encode the bytes as text");
}

}  // namespace json_text_internal

STORMCPP_INLINE void append_json_string(std::string& out, std::string_view text) {
  json_text_internal::append_quoted(out, text, [](std::string& o) { o.append("\xef\xbf\xbd"); });
}

STORMCPP_INLINE void append_json_user_string(std::string& out, std::string_view text) {
  json_text_internal::append_quoted(out, text, [](std::string&) { throw not_utf8_error(); });
}

STORMCPP_INLINE void append_json_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out.append("null");
    return;
  }
  if (value == 0) {
    out.append(std::signbit(value) ? "-0.0" : "0.0");
    return;
  }
  // The shortest digits that read back as `value`, then laid out as nlohmann lays them out:
  // plain decimals while the point falls within 15 digits of the first one (or 3 zeros after
  // it), else d.ddde+XX.
  char buffer[32];
  char* end =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
  const char* p = buffer;
  if (*p == '-') out.push_back(*p++);
  const char* e = static_cast<const char*>(std::memchr(p, 'e', static_cast<std::size_t>(end - p)));
  std::string digits(p, e);
  if (digits.size() > 1) digits.erase(1, 1);  // the '.'
  int exponent = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), end, exponent);
  int k = static_cast<int>(digits.size());
  int n = exponent + 1;  // where the point goes, counted from the first digit
  if (k <= n && n <= 15) {
    out.append(digits).append(static_cast<std::size_t>(n - k), '0').append(".0");
  } else if (0 < n && n <= 15) {
    out.append(digits, 0, static_cast<std::size_t>(n)).push_back('.');
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-4 < n && n <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(digits);
  } else {
    out.push_back(digits[0]);
    if (k > 1) out.append(".").append(digits, 1);
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10) out.push_back('0');
    json_text_internal::append_integer(out, magnitude);
  }
}

STORMCPP_INLINE void append_json(std::string& out, const nlohmann::json& value) {
  using type = nlohmann::json::value_t;
  switch (value.type()) {
    case type::null:
      out.append("null");
      return;
    case type::boolean:
      out.append(value.get<bool>() ? "true" : "false");
      return;
    case type::number_integer:
      json_text_internal::append_integer(out, value.get<std::int64_t>());
      return;
    case type::number_unsigned:
      json_text_internal::append_integer(out, value.get<std::uint64_t>());
      return;
    case type::number_float:
      append_json_double(out, value.get<double>());
      return;
    case type::string:
      append_json_user_string(out, value.get_ref<const std::string&>());
      return;
    case type::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value) {
        if (!first) out.push_back(',');
        first = false;
        append_json(out, item);
      }
      out.push_back(']');
      return;
    }
    case type::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.get_ref<const nlohmann::json::object_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        append_json_user_string(out, key);
        out.push_back(':');
        append_json(out, item);
      }
      out.push_back('}');
      return;
    }
    case type::binary:
      throw json_text_internal::binary_on_json();
    case type::discarded:
      break;
  }
  throw Error(Errc::bad_emit, "a discarded nlohmann::json value cannot be sent");
}

namespace json_text_internal {

// A tuple's values straight from the C++ values (core/values.hpp), as append_json writes them.
class ValuesWriter final : public ValueWriter {
 public:
  explicit ValuesWriter(std::string& out) : out_(out) {}
  void write_null() override { next().append("null"); }
  void write_bool(bool value) override { next().append(value ? "true" : "false"); }
  void write_int(std::int64_t value) override { append_integer(next(), value); }
  void write_uint(std::uint64_t value) override { append_integer(next(), value); }
  void write_double(double value) override { append_json_double(next(), value); }
  void write_string(std::string_view value) override { append_json_user_string(next(), value); }
  void write_bytes(BytesView) override { throw binary_on_json(); }
  void write_json(const nlohmann::json& value) override { append_json(next(), value); }

 private:
  std::string& next() {
    if (!first_) out_.push_back(',');
    first_ = false;
    return out_;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace json_text_internal

STORMCPP_INLINE void append_json_values(std::string& out, const ValuesRef& values) {
  out.push_back('[');
  json_text_internal::ValuesWriter writer(out);
  values.write(writer);
  out.push_back(']');
}

}  // namespace storm::detail
