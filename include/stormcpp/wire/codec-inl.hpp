#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/json_text.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::detail {

STORMCPP_INLINE nlohmann::json parse_frame(std::string_view frame) {
  if (is_packed_frame(frame)) return parse_packed_frame(frame);
  nlohmann::json value;
  JsonReader reader(frame);
  if (reader.value(value) && reader.expect_end()) return value;
  if (reader.too_deep()) {
    throw Error(Errc::invalid_message, "frame from Storm nests deeper than " +
                                           std::to_string(max_nesting_depth) + " levels");
  }
  constexpr std::size_t shown = 200;
  throw Error(Errc::invalid_json, "frame from Storm is not valid JSON (" + reader.error() +
                                      " at byte " + std::to_string(reader.error_offset()) +
                                      "): " + std::string(frame.substr(0, shown)) +
                                      (frame.size() > shown ? "..." : ""));
}

STORMCPP_INLINE bool decode_tuple_frame(std::string_view frame, TupleFrame& out) {
  if (is_packed_frame(frame)) return decode_packed_tuple(frame, out);
  JsonReader in(frame);
  if (!in.consume('{')) return false;
  constexpr unsigned id = 1, comp = 2, stream = 4, task = 8, tuple = 16;
  unsigned seen = 0;
  std::string key;
  if (in.peek() != '}') {
    do {
      if (!in.string(key) || !in.consume(':')) return false;
      // Compared as string_views: a length check first, no strlen per comparison.
      std::string_view k = key;
      unsigned field = k == std::string_view("id")       ? id
                       : k == std::string_view("comp")   ? comp
                       : k == std::string_view("stream") ? stream
                       : k == std::string_view("task")   ? task
                       : k == std::string_view("tuple")  ? tuple
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

STORMCPP_INLINE void encode_emit(std::string& out, const EmitMessage& emit) {
  out.assign("{\"command\":\"emit\",\"tuple\":");
  append_json_values(out, emit.values);
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

STORMCPP_INLINE void encode_pid(std::string& out, long pid, bool offer_msgpack,
                                bool offer_ack_batches) {
  out.assign("{\"pid\":");
  out.append(std::to_string(pid));
  if (offer_msgpack) {
    out.append(",\"wire\":\"");
    out.append(msgpack_wire_offer);
    out.push_back('"');
    if (offer_ack_batches) out.append(",\"ack_batches\":true");
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
