// The hot path's JSON decoder: a single-pass scanner that builds nlohmann::json values
// directly, several times faster than nlohmann's own parser on the frames Storm sends.
//
// It is strict and modest: anything it does not handle itself (the bare NaN token, numbers
// beyond 64-bit integers or double range, deep nesting, any syntax error) makes it return
// false, and the caller falls back to parse_frame's full path, which handles or reports it.
// What it accepts, it decodes exactly as nlohmann::json::parse would (fuzzed against it).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

namespace storm::detail {

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

class JsonScanner {
 public:
  /// Values nested deeper than this are left to the full parser.
  static constexpr std::size_t max_depth = 64;

  explicit JsonScanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

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
  bool value(nlohmann::json& out, std::size_t depth = 0) {
    switch (peek()) {
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case '[':
        return depth < max_depth && array(out, depth + 1);
      case '{':
        return depth < max_depth && object(out, depth + 1);
      case 't':
        return literal("true") && (out = true, true);
      case 'f':
        return literal("false") && (out = false, true);
      case 'n':
        return literal("null") && (out = nullptr, true);
      default:
        return number(out);
    }
  }

  /// A string literal, unescaped. Rejects control characters and invalid UTF-8 as JSON does.
  bool string(std::string& out) {
    if (!consume('"')) return false;
    out.clear();
    for (;;) {
      std::size_t run = plain_json_prefix(p_, static_cast<std::size_t>(end_ - p_));
      out.append(p_, run);
      p_ += run;
      if (p_ == end_) return false;
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c >= 0x80) {
        if (!utf8_sequence(out)) return false;
      } else {
        return false;  // an unescaped control character
      }
    }
  }

  /// An integer that fits `T` (no fraction, no exponent).
  template <class T>
  bool integer(T& out) {
    skip_space();
    const char* start = p_;
    if (!number_token()) return false;
    auto [ptr, ec] = std::from_chars(start, p_, out);
    return ec == std::errc() && ptr == p_;
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  bool array(nlohmann::json& out, std::size_t depth) {
    ++p_;  // '['
    out = nlohmann::json::array();
    auto& items = out.get_ref<nlohmann::json::array_t&>();
    if (consume(']')) return true;
    do {
      items.emplace_back();
      if (!value(items.back(), depth)) return false;
    } while (consume(','));
    return consume(']');
  }

  bool object(nlohmann::json& out, std::size_t depth) {
    ++p_;  // '{'
    out = nlohmann::json::object();
    auto& members = out.get_ref<nlohmann::json::object_t&>();
    if (consume('}')) return true;
    std::string key;
    do {
      if (peek() != '"' || !string(key) || !consume(':')) return false;
      if (!value(members[key], depth)) return false;  // a repeated key: the last one wins
    } while (consume(','));
    return consume('}');
  }

  // Advances over -?(0|[1-9][0-9]*) and returns true when no fraction or exponent follows.
  bool number_token() {
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9')
        ++p_;
    }
    return p_ == end_ || (*p_ != '.' && *p_ != 'e' && *p_ != 'E' && (*p_ < '0' || *p_ > '9'));
  }

  // Numbers as nlohmann types them: unsigned when non-negative, signed when negative, double
  // with a fraction or exponent. Integers past 64 bits and doubles out of range fall back.
  bool number(nlohmann::json& out) {
    const char* start = p_;
    if (number_token()) {
      if (*start == '-') {
        std::int64_t v;
        auto [ptr, ec] = std::from_chars(start, p_, v);
        if (ec != std::errc() || ptr != p_) return false;
        out = v;
      } else {
        std::uint64_t v;
        auto [ptr, ec] = std::from_chars(start, p_, v);
        if (ec != std::errc() || ptr != p_) return false;
        out = v;
      }
      return true;
    }
    if (p_ == start || (p_ == start + 1 && *start == '-')) return false;  // no digits
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    double v;
    auto [ptr, ec] = std::from_chars(start, p_, v);
    if (ec != std::errc() || ptr != p_) return false;
    out = v;
    return true;
  }

  bool digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9')
      ++p_;
    return p_ != start;
  }

  bool escape(std::string& out) {
    if (end_ - p_ < 2) return false;
    char c = p_[1];
    p_ += 2;
    switch (c) {
      case '"':
        out.push_back('"');
        return true;
      case '\\':
        out.push_back('\\');
        return true;
      case '/':
        out.push_back('/');
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
        return false;
    }
    std::uint32_t code;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a lone low surrogate
    if (code >= 0xD800 && code <= 0xDBFF) {
      std::uint32_t low;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return true;
  }

  bool hex4(std::uint32_t& code) {
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

  static void append_utf8(std::string& out, std::uint32_t code) {
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

  // One well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF).
  bool utf8_sequence(std::string& out) {
    auto byte = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    auto cont = [&](std::ptrdiff_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
      return p_ + i < end_ && byte(i) >= lo && byte(i) <= hi;
    };
    unsigned char b = byte(0);
    std::ptrdiff_t n;
    if (b >= 0xC2 && b <= 0xDF) {
      n = cont(1) ? 2 : 0;
    } else if (b == 0xE0) {
      n = cont(1, 0xA0) && cont(2) ? 3 : 0;
    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
      n = cont(1) && cont(2) ? 3 : 0;
    } else if (b == 0xED) {
      n = cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    } else if (b == 0xF0) {
      n = cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    } else if (b >= 0xF1 && b <= 0xF3) {
      n = cont(1) && cont(2) && cont(3) ? 4 : 0;
    } else if (b == 0xF4) {
      n = cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    } else {
      n = 0;
    }
    if (n == 0) return false;
    out.append(p_, n);
    p_ += n;
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace storm::detail
