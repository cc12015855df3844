// The messages both wires carry, as the runtime hands them to the encoders and gets them
// from the decoders (wire/codec.hpp for JSON, wire/msgpack.hpp for MessagePack). Outgoing
// emits are core/emit.hpp's EmitMessage.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "stormcpp/core/collector.hpp"
#include "stormcpp/core/emit.hpp"

namespace storm::detail {

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

}  // namespace storm::detail
