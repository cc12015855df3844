// The msgpack wire (docs/wire.md): the same messages as the JSON wire, with the same keys, each
// a MessagePack value in a frame of its own:
//
//   0xC1  length (4 bytes, big-endian)  body (`length` bytes of MessagePack)
//
// 0xC1 is a byte MessagePack never uses and UTF-8 never contains, so the first byte of a
// frame tells the two wires apart. A component offers the wire in its pid reply; the Java
// side (stormcpp.storm.MsgpackSerializer) accepts it by sending packed frames, and the
// component answers in kind from the first packed frame it receives.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/wire/messages.hpp"

namespace storm::detail {

inline constexpr unsigned char packed_marker = 0xc1;
inline constexpr std::size_t packed_header_size = 5;
/// The value of "wire" in the pid reply that offers this wire.
inline constexpr std::string_view msgpack_wire_offer = "msgpack/1";

inline bool is_packed_frame(std::string_view frame) {
  return !frame.empty() && static_cast<unsigned char>(frame[0]) == packed_marker;
}

/// Parses a packed frame (header included) into the value a JSON frame of the same message
/// gives; a `bin` becomes a binary json value. Throws Error(invalid_msgpack) for a corrupt
/// frame: cut short, a wrong length, a type MessagePack does not define, an `ext`, a `str`
/// that is not UTF-8, trailing bytes, nesting deeper than max_nesting_depth.
STORMCPP_INLINE nlohmann::json parse_packed_frame(std::string_view frame);

/// The hot path for tuples on this wire: decodes a tuple map written in the Java side's order
/// (id, comp, stream, task, tuple) straight into `out`. Returns false for any other message;
/// throws as parse_packed_frame for a corrupt frame.
STORMCPP_INLINE bool decode_packed_tuple(std::string_view frame, TupleFrame& out);

// Each encoder replaces `out` with one packed frame, header included.
STORMCPP_INLINE void pack_emit(std::string& out, const EmitMessage& emit);
STORMCPP_INLINE void pack_sync(std::string& out);
STORMCPP_INLINE void pack_ack(std::string& out, std::string_view tuple_id);
STORMCPP_INLINE void pack_fail(std::string& out, std::string_view tuple_id);
STORMCPP_INLINE void pack_log(std::string& out, std::string_view message, LogLevel level);
STORMCPP_INLINE void pack_error(std::string& out, std::string_view message);
STORMCPP_INLINE void pack_metrics(std::string& out, std::string_view name,
                                  const nlohmann::json& params);

/// Appends `value` in MessagePack. Throws Error(bad_emit) for a string that is not UTF-8.
STORMCPP_INLINE void pack_value(std::string& out, const nlohmann::json& value);

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/msgpack-inl.hpp"
#endif
