#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/json_scanner.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::detail {

namespace codec_internal {

// A string that cannot come from Storm (it starts with a NUL), standing in for NaN.
constexpr std::string_view nan_marker = "\"\\u0000stormcpp:NaN\"";

// Replaces every bare NaN token (outside string literals) with nan_marker.
// Returns false when there is none, so the text is invalid for another reason.
inline bool replace_bare_nan(std::string_view text, std::string& out) {
  bool found = false;
  bool in_string = false;
  out.clear();
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(text[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c == 'N' && text.substr(i, 3) == "NaN") {
      out.append(nan_marker);
      i += 2;
      found = true;
    } else {
      out.push_back(c);
    }
  }
  return found;
}

// True when arrays and objects in `text` nest deeper than `limit` (outside string literals).
inline bool nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace codec_internal

STORMCPP_INLINE nlohmann::json parse_frame(std::string_view frame) {
  using nlohmann::json;
  if (is_packed_frame(frame)) return parse_packed_frame(frame);
  {
    json value;
    JsonScanner scanner(frame);
    if (scanner.value(value) && scanner.at_end()) return value;
  }
  // The full path: nlohmann's parser, NaN, deep nesting and the errors.
  // Values are copied and serialized recursively: bound the depth so that hostile input gets
  // an error instead of a stack overflow. Only a frame of 2 * limit bytes can exceed it.
  if (frame.size() >= 2 * max_nesting_depth &&
      codec_internal::nests_deeper_than(frame, max_nesting_depth)) {
    throw Error(Errc::invalid_message, "frame from Storm nests deeper than " +
                                           std::to_string(max_nesting_depth) + " levels");
  }
  json value = json::parse(frame.begin(), frame.end(), nullptr, /*allow_exceptions=*/false);
  if (!value.is_discarded()) return value;

  std::string rewritten;
  if (codec_internal::replace_bare_nan(frame, rewritten)) {
    static const std::string marker = json::parse(codec_internal::nan_marker).get<std::string>();
    json::parser_callback_t restore_nan = [](int, json::parse_event_t event, json& parsed) {
      if (event == json::parse_event_t::value && parsed.is_string() &&
          parsed.get_ref<const std::string&>() == marker) {
        parsed = std::numeric_limits<double>::quiet_NaN();
      }
      return true;
    };
    value = json::parse(rewritten, restore_nan, /*allow_exceptions=*/false);
    if (!value.is_discarded()) return value;
  }
  // Parse again, with exceptions, only to get nlohmann's description of the problem.
  std::string reason;
  try {
    json ignored = json::parse(frame.begin(), frame.end());
    (void)ignored;
  } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e999
    reason = e.what();
  }
  constexpr std::size_t shown = 200;
  throw Error(Errc::invalid_json, "frame from Storm is not valid JSON (" + reason +
                                      "): " + std::string(frame.substr(0, shown)) +
                                      (frame.size() > shown ? "..." : ""));
}

STORMCPP_INLINE bool decode_tuple_frame(std::string_view frame, TupleFrame& out) {
  if (is_packed_frame(frame)) return decode_packed_tuple(frame, out);
  JsonScanner in(frame);
  if (!in.consume('{')) return false;
  constexpr unsigned id = 1, comp = 2, stream = 4, task = 8, tuple = 16;
  unsigned seen = 0;
  std::string key;
  if (in.peek() != '}') {
    do {
      if (!in.string(key) || !in.consume(':')) return false;
      unsigned field = key == "id"       ? id
                       : key == "comp"   ? comp
                       : key == "stream" ? stream
                       : key == "task"   ? task
                       : key == "tuple"  ? tuple
                                         : 0u;
      if (field & seen) return false;  // a repeated key: left to the full parser
      seen |= field;
      bool ok = true;
      switch (field) {
        case id:
          ok = in.peek() == '"' && in.string(out.id);
          break;
        case comp:
          if (in.peek() == 'n') {
            nlohmann::json null;
            ok = in.value(null) && null.is_null();
            out.component.clear();
          } else {
            ok = in.peek() == '"' && in.string(out.component);
          }
          break;
        case stream:
          ok = in.peek() == '"' && in.string(out.stream);
          break;
        case task:
          ok = in.integer(out.task);
          break;
        case tuple:
          ok = in.peek() == '[' && in.value(out.values);
          break;
        default: {
          nlohmann::json ignored;  // a key Storm may add one day
          ok = in.value(ignored);
        }
      }
      if (!ok) return false;
    } while (in.consume(','));
  }
  if (!in.consume('}') || !in.at_end()) return false;
  if (!(seen & comp)) out.component.clear();
  return (seen & (id | stream | task | tuple)) == (id | stream | task | tuple);
}

STORMCPP_INLINE void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy the longest plain ASCII run at once.
    std::size_t run = plain_json_prefix(text.data() + i, text.size() - i);
    out.append(text.data() + i, run);
    i += run;
    if (i == text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back('\\');
      switch (c) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
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
      ++i;
      continue;
    }
    // A multi-byte UTF-8 sequence: copy it if well formed, else write U+FFFD for this byte.
    std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    bool valid = length != 0 && c < 0xf5 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    }
    if (valid && length >= 3) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xe0 && c1 < 0xa0) valid = false;   // overlong
      if (c == 0xed && c1 >= 0xa0) valid = false;  // surrogate
      if (c == 0xf0 && c1 < 0x90) valid = false;   // overlong
      if (c == 0xf4 && c1 >= 0x90) valid = false;  // beyond U+10FFFF
    }
    if (valid) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out.append("\xef\xbf\xbd");
      ++i;
    }
  }
  out.push_back('"');
}

namespace codec_internal {

// nlohmann's serializer, for what append_value does not write itself.
inline void append_with_nlohmann(std::string& out, const nlohmann::json& value) {
  try {
    nlohmann::detail::serializer<nlohmann::json> serializer(
        nlohmann::detail::output_adapter<char>(out), ' ', nlohmann::json::error_handler_t::strict);
    serializer.dump(value, false, false, 0);
  } catch (const nlohmann::json::type_error& e) {
    throw Error(Errc::bad_emit, std::string("value cannot be sent to Storm: ") + e.what());
  }
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

// Writes what nlohmann's dump() would: the common cases directly; floats and strings that
// need escaping or UTF-8 checks through nlohmann's serializer.
inline void append_value(std::string& out, const nlohmann::json& value) {
  using type = nlohmann::json::value_t;
  auto plain = [](const std::string& s) {
    return plain_json_prefix(s.data(), s.size()) == s.size();
  };
  switch (value.type()) {
    case type::null:
      out.append("null");
      return;
    case type::boolean:
      out.append(value.get<bool>() ? "true" : "false");
      return;
    case type::number_integer:
      append_integer(out, value.get<std::int64_t>());
      return;
    case type::number_unsigned:
      append_integer(out, value.get<std::uint64_t>());
      return;
    case type::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (!plain(text)) break;
      out.push_back('"');
      out.append(text);
      out.push_back('"');
      return;
    }
    case type::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, item);
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
        if (plain(key)) {
          out.push_back('"');
          out.append(key);
          out.push_back('"');
        } else {
          append_with_nlohmann(out, nlohmann::json(key));
        }
        out.push_back(':');
        append_value(out, item);
      }
      out.push_back('}');
      return;
    }
    case type::binary:
      throw binary_on_json();
    default:  // floats, discarded
      break;
  }
  append_with_nlohmann(out, value);
}

}  // namespace codec_internal

STORMCPP_INLINE void append_json(std::string& out, const nlohmann::json& value) {
  codec_internal::append_value(out, value);
}

namespace codec_internal {

// A tuple's values straight from the C++ values (core/values.hpp), as append_value writes them.
class ValuesWriter final : public ValueWriter {
 public:
  explicit ValuesWriter(std::string& out) : out_(out) {}
  void write_null() override { next().append("null"); }
  void write_bool(bool value) override { next().append(value ? "true" : "false"); }
  void write_int(std::int64_t value) override { append_integer(next(), value); }
  void write_uint(std::uint64_t value) override { append_integer(next(), value); }
  void write_double(double value) override { append_value(next(), nlohmann::json(value)); }
  void write_string(std::string_view value) override {
    if (plain_json_prefix(value.data(), value.size()) == value.size()) {
      next().push_back('"');
      out_.append(value);
      out_.push_back('"');
    } else {
      append_with_nlohmann(next(), nlohmann::json(std::string(value)));
    }
  }
  void write_bytes(BytesView) override { throw binary_on_json(); }
  void write_json(const nlohmann::json& value) override { append_value(next(), value); }

 private:
  std::string& next() {
    if (!first_) out_.push_back(',');
    first_ = false;
    return out_;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace codec_internal

STORMCPP_INLINE void encode_emit(std::string& out, const EmitMessage& emit) {
  out.assign("{\"command\":\"emit\",\"tuple\":[");
  codec_internal::ValuesWriter writer(out);
  emit.values.write(writer);
  out.push_back(']');
  if (emit.stream != "default") {
    out.append(",\"stream\":");
    append_json_string(out, emit.stream);
  }
  if (emit.anchor_count > 0) {
    out.append(",\"anchors\":[");
    for (std::size_t i = 0; i < emit.anchor_count; ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(out, emit.anchors[i]);
    }
    out.push_back(']');
  }
  if (emit.message_id != nullptr && !emit.message_id->is_null()) {
    out.append(",\"id\":");
    append_json(out, *emit.message_id);
  }
  if (emit.task) {
    out.append(",\"task\":");
    out.append(std::to_string(*emit.task));
  }
  // Storm's default is true, so false is always spelled out.
  out.append(emit.need_task_ids ? ",\"need_task_ids\":true}" : ",\"need_task_ids\":false}");
}

STORMCPP_INLINE void encode_pid(std::string& out, long pid, bool offer_msgpack) {
  out.assign("{\"pid\":");
  out.append(std::to_string(pid));
  if (offer_msgpack) {
    out.append(",\"wire\":\"");
    out.append(msgpack_wire_offer);
    out.push_back('"');
  }
  out.push_back('}');
}

STORMCPP_INLINE void encode_sync(std::string& out) {
  out.assign("{\"command\":\"sync\"}");
}

STORMCPP_INLINE void encode_ack(std::string& out, std::string_view tuple_id) {
  out.assign("{\"command\":\"ack\",\"id\":");
  append_json_string(out, tuple_id);
  out.push_back('}');
}

STORMCPP_INLINE void encode_fail(std::string& out, std::string_view tuple_id) {
  out.assign("{\"command\":\"fail\",\"id\":");
  append_json_string(out, tuple_id);
  out.push_back('}');
}

STORMCPP_INLINE void encode_log(std::string& out, std::string_view message, LogLevel level) {
  out.assign("{\"command\":\"log\",\"msg\":");
  append_json_string(out, message);
  out.append(",\"level\":");
  out.push_back(static_cast<char>('0' + static_cast<int>(level)));
  out.push_back('}');
}

STORMCPP_INLINE void encode_error(std::string& out, std::string_view message) {
  out.assign("{\"command\":\"error\",\"msg\":");
  append_json_string(out, message);
  out.push_back('}');
}

STORMCPP_INLINE void encode_metrics(std::string& out, std::string_view name,
                                    const nlohmann::json& params) {
  out.assign("{\"command\":\"metrics\",\"name\":");
  append_json_string(out, name);
  out.append(",\"params\":");
  append_json(out, params);
  out.push_back('}');
}

}  // namespace storm::detail
