// The messages both wires carry, as the runtime hands them to the encoders and gets them
// from the decoders (wire/codec.hpp for JSON, wire/msgpack.hpp for MessagePack).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace storm {

/// Log levels of the `log` command (Storm's numbering).
enum class LogLevel : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };

namespace detail {

/// How deep arrays and objects may nest in a frame from Storm.
inline constexpr std::size_t max_nesting_depth = 10000;

/// The fields of a bolt's input tuple: {"id", "comp", "stream", "task", "tuple"}.
struct TupleFrame {
  std::string id;
  std::string component;  ///< "" when Storm sent null
  std::string stream;
  int task = 0;
  nlohmann::json values;  ///< an array
};

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

}  // namespace detail
}  // namespace storm
