#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/json_text.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::detail {

namespace msgpack_internal {

// Reads one packed frame's body. Every method throws Error(invalid_msgpack) on bytes that are
// not MessagePack or that end too soon.
class Reader {
 public:
  explicit Reader(std::string_view frame) : frame_(frame) {
    if (!is_packed_frame(frame) || frame.size() < packed_header_size) {
      fail("a packed frame must start with 0xC1 and a 4-byte length");
    }
    std::uint64_t length = 0;
    for (std::size_t i = 1; i < packed_header_size; ++i) {
      length = (length << 8) | static_cast<unsigned char>(frame[i]);
    }
    if (length != frame.size() - packed_header_size) {
      fail("the frame's length says " + std::to_string(length) + " bytes, the body has " +
           std::to_string(frame.size() - packed_header_size));
    }
    position_ = packed_header_size;
  }

  bool at_end() const { return position_ == frame_.size(); }
  unsigned char peek() const {
    if (at_end()) fail("the body ends inside a value");
    return static_cast<unsigned char>(frame_[position_]);
  }

  // A map or array header: the number of entries, or npos when the next value is neither.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t map_header() { return container_header(0x80, 0xde, 0xdf); }
  std::size_t array_header() { return container_header(0x90, 0xdc, 0xdd); }

  // A str; false (nothing consumed) when the next value is not one.
  bool string(std::string_view& out) {
    unsigned char c = peek();
    std::size_t length;
    if ((c & 0xe0) == 0xa0) {
      ++position_;
      length = c & 0x1f;
    } else if (c >= 0xd9 && c <= 0xdb) {
      ++position_;
      length = static_cast<std::size_t>(big_endian(std::size_t{1} << (c - 0xd9)));
    } else {
      return false;
    }
    out = take(length);
    if (!valid_utf8(out)) fail("a str that is not UTF-8");
    return true;
  }

  // An integer that fits an int; false (nothing consumed) for any other value.
  bool small_integer(int& out) {
    std::size_t start = position_;
    unsigned char c = peek();
    bool is_int = c < 0x80 || c >= 0xe0 || (c >= 0xcc && c <= 0xd3);
    if (!is_int) return false;
    nlohmann::json number = scalar();
    if (number.is_number_unsigned() &&
        number.get<std::uint64_t>() <=
            static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      out = static_cast<int>(number.get<std::uint64_t>());
      return true;
    }
    if (number.is_number_integer() &&
        number.get<std::int64_t>() >= std::numeric_limits<int>::min()) {
      out = static_cast<int>(number.get<std::int64_t>());
      return true;
    }
    position_ = start;
    return false;
  }

  // One value, containers included. Iterative, so no frame can exhaust the stack, however deep
  // it nests (and user threads or sanitizer builds have smaller stacks than the main thread).
  nlohmann::json value() {
    struct Open {
      nlohmann::json container;
      std::size_t left;
      std::string key;
    };
    std::vector<Open> open;
    for (;;) {
      if (!open.empty() && open.back().container.is_object()) {
        std::string_view key;
        if (!string(key)) fail("a map key that is not a str");
        open.back().key = key;
      }
      nlohmann::json item;
      std::size_t entries = map_header();
      bool is_map = entries != npos;
      if (!is_map) entries = array_header();
      if (entries == npos) {
        item = scalar();
      } else {
        if (open.size() == max_nesting_depth) {
          fail("values nest deeper than " + std::to_string(max_nesting_depth) + " levels");
        }
        item = is_map ? nlohmann::json::object() : nlohmann::json::array();
        // Each entry takes at least one byte: a bogus count cannot reserve much.
        if (!is_map)
          item.get_ref<nlohmann::json::array_t&>().reserve(std::min(entries, remaining()));
        if (entries > 0) {
          open.push_back({std::move(item), entries, {}});
          continue;
        }
      }
      // Place the item, then close every container it filled.
      for (;;) {
        if (open.empty()) return item;
        Open& top = open.back();
        if (top.container.is_object()) {
          top.container[top.key] = std::move(item);
        } else {
          top.container.push_back(std::move(item));
        }
        if (--top.left > 0) break;
        item = std::move(top.container);
        open.pop_back();
      }
    }
  }

 private:
  // A value that is not a map or an array.
  nlohmann::json scalar() {
    unsigned char c = peek();
    if (c < 0x80) return next(), nlohmann::json(static_cast<std::uint64_t>(c));
    if (c >= 0xe0)
      return next(), nlohmann::json(static_cast<std::int64_t>(static_cast<signed char>(c)));
    std::string_view text;
    if (string(text)) return nlohmann::json(std::string(text));
    next();
    switch (c) {
      case 0xc0:
        return nullptr;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        std::string_view bytes =
            take(static_cast<std::size_t>(big_endian(std::size_t{1} << (c - 0xc4))));
        return nlohmann::json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
      }
      case 0xca: {
        auto bits = static_cast<std::uint32_t>(big_endian(4));
        float f;
        std::memcpy(&f, &bits, 4);
        return static_cast<double>(f);
      }
      case 0xcb: {
        std::uint64_t bits = big_endian(8);
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
      }
      case 0xcc:
      case 0xcd:
      case 0xce:
      case 0xcf:
        return big_endian(std::size_t{1} << (c - 0xcc));
      case 0xd0:
      case 0xd1:
      case 0xd2:
      case 0xd3: {
        std::size_t bytes = std::size_t{1} << (c - 0xd0);
        std::uint64_t bits = big_endian(bytes);
        std::int64_t v;
        if (bytes == 8) {
          std::memcpy(&v, &bits, 8);
        } else {
          // Sign-extend from the value's width.
          std::uint64_t sign = std::uint64_t{1} << (bytes * 8 - 1);
          v = static_cast<std::int64_t>((bits ^ sign) - sign);
        }
        if (v >= 0) return static_cast<std::uint64_t>(v);
        return v;
      }
      default:  // 0xc1, the ext family
        fail("type byte 0x" + hex(c) +
             (c == packed_marker ? " (never used)" : " (ext types are not used)"));
    }
  }

  std::size_t remaining() const { return frame_.size() - position_; }
  void next() { ++position_; }

  std::string_view take(std::size_t n) {
    if (n > remaining()) fail("the body ends inside a value");
    std::string_view out = frame_.substr(position_, n);
    position_ += n;
    return out;
  }

  std::uint64_t big_endian(std::size_t bytes) {
    std::string_view raw = take(bytes);
    std::uint64_t v = 0;
    for (char b : raw)
      v = (v << 8) | static_cast<unsigned char>(b);
    return v;
  }

  std::size_t container_header(unsigned char fix, unsigned char with16, unsigned char with32) {
    unsigned char c = peek();
    if ((c & 0xf0) == fix) {
      next();
      return c & 0x0f;
    }
    if (c != with16 && c != with32) return npos;
    next();
    return static_cast<std::size_t>(big_endian(c == with16 ? 2 : 4));
  }

  static std::string hex(unsigned char c) {
    static constexpr char digits[] = "0123456789abcdef";
    return {digits[c >> 4], digits[c & 0xf]};
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(Errc::invalid_msgpack, "a packed frame from Storm is corrupt at byte " +
                                           std::to_string(position_) + " of " +
                                           std::to_string(frame_.size()) + ": " + what);
  }

  std::string_view frame_;
  std::size_t position_ = 0;
};

// Writing.

inline void put_big_endian(std::string& out, std::uint64_t v, std::size_t bytes) {
  for (std::size_t i = bytes; i-- > 0;)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// A str, bin, array or map header. `fix` 0: the type has no fix form (bin).
inline void put_header(std::string& out, std::size_t size, unsigned char fix, std::size_t fix_max,
                       unsigned char with8, unsigned char with16, unsigned char with32) {
  if (fix != 0 && size <= fix_max) {
    out.push_back(static_cast<char>(fix | size));
  } else if (with8 != 0 && size <= 0xff) {
    out.push_back(static_cast<char>(with8));
    put_big_endian(out, size, 1);
  } else if (size <= 0xffff) {
    out.push_back(static_cast<char>(with16));
    put_big_endian(out, size, 2);
  } else {
    out.push_back(static_cast<char>(with32));
    put_big_endian(out, size, 4);
  }
}

inline void put_map(std::string& out, std::size_t n) {
  put_header(out, n, 0x80, 15, 0, 0xde, 0xdf);
}
inline void put_array(std::string& out, std::size_t n) {
  put_header(out, n, 0x90, 15, 0, 0xdc, 0xdd);
}

// A str of bytes already known to be UTF-8 (the keys and fixed words).
inline void put_str(std::string& out, std::string_view text) {
  put_header(out, text.size(), 0xa0, 31, 0xd9, 0xda, 0xdb);
  out.append(text);
}

// A str from user code: UTF-8 checked, as the JSON wire does.
inline void put_user_str(std::string& out, std::string_view text) {
  if (!valid_utf8(text)) throw not_utf8_error();
  put_str(out, text);
}

// A log line or error message: never refused; as on the JSON wire, bytes that are not UTF-8
// become U+FFFD.
inline void put_text(std::string& out, std::string_view text) {
  if (valid_utf8(text)) return put_str(out, text);
  put_str(out, repair_utf8(text));
}

inline void put_uint(std::string& out, std::uint64_t v) {
  if (v < 0x80) {
    out.push_back(static_cast<char>(v));
  } else if (v <= 0xff) {
    out.push_back(static_cast<char>(0xcc));
    put_big_endian(out, v, 1);
  } else if (v <= 0xffff) {
    out.push_back(static_cast<char>(0xcd));
    put_big_endian(out, v, 2);
  } else if (v <= 0xffffffffu) {
    out.push_back(static_cast<char>(0xce));
    put_big_endian(out, v, 4);
  } else {
    out.push_back(static_cast<char>(0xcf));
    put_big_endian(out, v, 8);
  }
}

inline void put_int(std::string& out, std::int64_t v) {
  if (v >= 0) return put_uint(out, static_cast<std::uint64_t>(v));
  auto bits = static_cast<std::uint64_t>(v);
  if (v >= -32) {
    out.push_back(static_cast<char>(bits & 0xff));
  } else if (v >= std::numeric_limits<std::int8_t>::min()) {
    out.push_back(static_cast<char>(0xd0));
    put_big_endian(out, bits, 1);
  } else if (v >= std::numeric_limits<std::int16_t>::min()) {
    out.push_back(static_cast<char>(0xd1));
    put_big_endian(out, bits, 2);
  } else if (v >= std::numeric_limits<std::int32_t>::min()) {
    out.push_back(static_cast<char>(0xd2));
    put_big_endian(out, bits, 4);
  } else {
    out.push_back(static_cast<char>(0xd3));
    put_big_endian(out, bits, 8);
  }
}

inline void put_double(std::string& out, double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, 8);
  out.push_back(static_cast<char>(0xcb));
  put_big_endian(out, bits, 8);
}

inline void put_bin(std::string& out, const std::uint8_t* data, std::size_t size) {
  put_header(out, size, 0, 0, 0xc4, 0xc5, 0xc6);
  out.append(reinterpret_cast<const char*>(data), size);
}

// Starts a frame: the marker and room for the length, which finish_frame fills in.
inline void begin_frame(std::string& out, std::size_t map_entries) {
  out.assign(packed_header_size, '\0');
  out[0] = static_cast<char>(packed_marker);
  put_map(out, map_entries);
}

inline void finish_frame(std::string& out) {
  std::size_t length = out.size() - packed_header_size;
  if (length > 0xffffffffu) throw Error(Errc::bad_emit, "a message larger than 4 GiB");
  for (std::size_t i = 0; i < 4; ++i) {
    out[1 + i] = static_cast<char>((length >> (8 * (3 - i))) & 0xff);
  }
}

inline void put_command(std::string& out, std::size_t entries, std::string_view command) {
  begin_frame(out, entries);
  put_str(out, "command");
  put_str(out, command);
}

// An ack or fail of a tuple id.
inline void put_settle(std::string& out, std::string_view command, std::string_view tuple_id) {
  put_command(out, 2, command);
  put_str(out, "id");
  put_user_str(out, tuple_id);
  finish_frame(out);
}

}  // namespace msgpack_internal

STORMCPP_INLINE nlohmann::json parse_packed_frame(std::string_view frame) {
  msgpack_internal::Reader in(frame);
  nlohmann::json message = in.value();
  if (!in.at_end()) {
    throw Error(Errc::invalid_msgpack, "a packed frame from Storm holds bytes after its message");
  }
  return message;
}

STORMCPP_INLINE bool decode_packed_tuple(std::string_view frame, TupleFrame& out) {
  msgpack_internal::Reader in(frame);
  if (in.map_header() != 5) return false;
  std::string_view key;
  std::string_view text;
  if (!in.string(key) || key != "id" || !in.string(text)) return false;
  out.id.assign(text);
  if (!in.string(key) || key != "comp") return false;
  if (in.peek() == 0xc0) {
    in.value();
    out.component.clear();
  } else if (in.string(text)) {
    out.component.assign(text);
  } else {
    return false;
  }
  if (!in.string(key) || key != "stream" || !in.string(text)) return false;
  out.stream.assign(text);
  if (!in.string(key) || key != "task" || !in.small_integer(out.task)) return false;
  if (!in.string(key) || key != "tuple") return false;
  unsigned char c = in.peek();
  if ((c & 0xf0) != 0x90 && c != 0xdc && c != 0xdd) return false;
  out.values = in.value();
  return in.at_end();
}

STORMCPP_INLINE void pack_value(std::string& out, const nlohmann::json& value) {
  using namespace msgpack_internal;
  using type = nlohmann::json::value_t;
  switch (value.type()) {
    case type::null:
    case type::discarded:
      out.push_back(static_cast<char>(0xc0));
      return;
    case type::boolean:
      out.push_back(static_cast<char>(value.get<bool>() ? 0xc3 : 0xc2));
      return;
    case type::number_integer:
      put_int(out, value.get<std::int64_t>());
      return;
    case type::number_unsigned:
      put_uint(out, value.get<std::uint64_t>());
      return;
    case type::number_float:
      put_double(out, value.get<double>());
      return;
    case type::string:
      put_user_str(out, value.get_ref<const std::string&>());
      return;
    case type::binary:
      put_bin(out, value.get_binary().data(), value.get_binary().size());
      return;
    case type::array:
      put_array(out, value.size());
      for (const auto& item : value)
        pack_value(out, item);
      return;
    case type::object:
      put_map(out, value.size());
      for (const auto& [key, item] : value.get_ref<const nlohmann::json::object_t&>()) {
        put_user_str(out, key);
        pack_value(out, item);
      }
      return;
  }
}

namespace msgpack_internal {

// A tuple's values straight from the C++ values (core/values.hpp).
class ValuesPacker final : public ValueWriter {
 public:
  explicit ValuesPacker(std::string& out) : out_(out) {}
  void write_null() override { out_.push_back(static_cast<char>(0xc0)); }
  void write_bool(bool value) override { out_.push_back(static_cast<char>(value ? 0xc3 : 0xc2)); }
  void write_int(std::int64_t value) override { put_int(out_, value); }
  void write_uint(std::uint64_t value) override { put_uint(out_, value); }
  void write_double(double value) override { put_double(out_, value); }
  void write_string(std::string_view value) override { put_user_str(out_, value); }
  void write_bytes(BytesView value) override { put_bin(out_, value.data, value.size); }
  void write_json(const nlohmann::json& value) override { pack_value(out_, value); }

 private:
  std::string& out_;
};

}  // namespace msgpack_internal

STORMCPP_INLINE void pack_emit(std::string& out, const EmitMessage& emit) {
  using namespace msgpack_internal;
  bool has_id = emit.message_id != nullptr && !emit.message_id->is_null();
  std::size_t entries =
      3 + (emit.stream != "default") + (emit.anchor_count > 0) + has_id + emit.task.has_value();
  put_command(out, entries, "emit");
  put_str(out, "tuple");
  put_array(out, emit.values.size());
  ValuesPacker packer(out);
  emit.values.write(packer);
  if (emit.stream != "default") {
    put_str(out, "stream");
    put_user_str(out, emit.stream);
  }
  if (emit.anchor_count > 0) {
    put_str(out, "anchors");
    put_array(out, emit.anchor_count);
    for (std::size_t i = 0; i < emit.anchor_count; ++i)
      put_user_str(out, emit.anchors[i]);
  }
  if (has_id) {
    put_str(out, "id");
    pack_value(out, *emit.message_id);
  }
  if (emit.task) {
    put_str(out, "task");
    put_int(out, *emit.task);
  }
  put_str(out, "need_task_ids");
  out.push_back(static_cast<char>(emit.need_task_ids ? 0xc3 : 0xc2));
  finish_frame(out);
}

STORMCPP_INLINE void pack_sync(std::string& out) {
  msgpack_internal::put_command(out, 1, "sync");
  msgpack_internal::finish_frame(out);
}

STORMCPP_INLINE void pack_ack(std::string& out, std::string_view tuple_id) {
  msgpack_internal::put_settle(out, "ack", tuple_id);
}

STORMCPP_INLINE void pack_fail(std::string& out, std::string_view tuple_id) {
  msgpack_internal::put_settle(out, "fail", tuple_id);
}

STORMCPP_INLINE void pack_log(std::string& out, std::string_view message, LogLevel level) {
  using namespace msgpack_internal;
  put_command(out, 3, "log");
  put_str(out, "msg");
  put_text(out, message);
  put_str(out, "level");
  put_uint(out, static_cast<std::uint64_t>(level));
  finish_frame(out);
}

STORMCPP_INLINE void pack_error(std::string& out, std::string_view message) {
  using namespace msgpack_internal;
  put_command(out, 2, "error");
  put_str(out, "msg");
  put_text(out, message);
  finish_frame(out);
}

STORMCPP_INLINE void pack_metrics(std::string& out, std::string_view name,
                                  const nlohmann::json& params) {
  using namespace msgpack_internal;
  put_command(out, 3, "metrics");
  put_str(out, "name");
  put_user_str(out, name);
  put_str(out, "params");
  pack_value(out, params);
  finish_frame(out);
}

}  // namespace storm::detail
