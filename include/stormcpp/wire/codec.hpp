// Frame text <-> messages. Decoding copes with everything Storm writes (\/ escapes, integers
// past 2^53, the bare NaN token of Storm 2.6+). Encoding writes compact JSON with a fixed key
// order, so the bytes a component sends are predictable (and golden-testable).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"

namespace storm {

/// Log levels of the `log` command (Storm's numbering).
enum class LogLevel : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };

namespace detail {

/// How deep arrays and objects may nest in a frame from Storm.
inline constexpr std::size_t max_nesting_depth = 10000;

/// Parses one frame. A bare NaN token becomes a double NaN. Throws Error(invalid_json), or
/// Error(invalid_message) for nesting deeper than max_nesting_depth.
STORMCPP_INLINE nlohmann::json parse_frame(std::string_view frame);

/// The fields of a bolt's input tuple: {"id", "comp", "stream", "task", "tuple"}.
struct TupleFrame {
  std::string id;
  std::string component;  ///< "" when Storm sent null
  std::string stream;
  int task = 0;
  nlohmann::json values;  ///< an array
};

/// The hot path for tuples: decodes a well-formed tuple frame straight into `out`. Returns
/// false for any other frame (a task-id list, an unusual or invalid one); parse_frame then
/// gives the message or the error.
STORMCPP_INLINE bool decode_tuple_frame(std::string_view frame, TupleFrame& out);

/// An outgoing emit, as the components hand it to the runtime.
struct EmitMessage {
  const nlohmann::json& values;                ///< a JSON array
  std::string_view stream;                     ///< output stream id
  const std::string_view* anchors = nullptr;   ///< bolt: ids of the anchor tuples
  std::size_t anchor_count = 0;                ///<
  const nlohmann::json* message_id = nullptr;  ///< spout: message id (null = unreliable)
  std::optional<int> task;                     ///< direct emit to this task
  bool need_task_ids = false;                  ///< ask Storm for the receiving task ids
};

// Each encoder replaces `out` with one message's JSON text.
STORMCPP_INLINE void encode_emit(std::string& out, const EmitMessage& emit);
STORMCPP_INLINE void encode_pid(std::string& out, long pid);
STORMCPP_INLINE void encode_sync(std::string& out);
STORMCPP_INLINE void encode_ack(std::string& out, std::string_view tuple_id);
STORMCPP_INLINE void encode_fail(std::string& out, std::string_view tuple_id);
STORMCPP_INLINE void encode_log(std::string& out, std::string_view message, LogLevel level);
STORMCPP_INLINE void encode_error(std::string& out, std::string_view message);
STORMCPP_INLINE void encode_metrics(std::string& out, std::string_view name,
                                    const nlohmann::json& params);

/// Appends `text` as a JSON string literal. Bytes that are not valid UTF-8 become U+FFFD.
STORMCPP_INLINE void append_json_string(std::string& out, std::string_view text);

/// Appends `value` as compact JSON. Throws Error(bad_emit) for strings that are not UTF-8.
STORMCPP_INLINE void append_json(std::string& out, const nlohmann::json& value);

}  // namespace detail
}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/codec-inl.hpp"
#endif
