// Packed frames (the msgpack wire, docs/wire.md) as the test tools send and show them. Frames
// are written with nlohmann's own MessagePack writer, an encoder independent of the runtime's,
// keys in the order given; received frames are shown as the JSON text of their body (keys
// sorted, a `bin` as {"bytes":[...],"subtype":null}).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/wire/msgpack.hpp"

namespace storm::testing {

/// One packed frame holding `message`: the marker, its 4-byte big-endian length, the body.
inline std::string packed_frame(const nlohmann::ordered_json& message) {
  std::vector<std::uint8_t> body = nlohmann::ordered_json::to_msgpack(message);
  std::string frame(1, static_cast<char>(detail::packed_marker));
  auto size = static_cast<std::uint32_t>(body.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    frame.push_back(static_cast<char>((size >> shift) & 0xff));
  frame.append(body.begin(), body.end());
  return frame;
}

/// A packed frame's body (as parse_packed_frame gives it) as the tools show it: JSON text.
inline std::string show_body(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The body of a packed frame as JSON text. Throws Error(invalid_msgpack) for a corrupt frame.
inline std::string show_packed(std::string_view frame) {
  return show_body(detail::parse_packed_frame(frame));
}

/// The first bytes of `frame` in hex, for an error about bytes that do not decode.
inline std::string hex_prefix(std::string_view frame, std::size_t limit = 64) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < frame.size() && i < limit; ++i) {
    auto byte = static_cast<unsigned char>(frame[i]);
    if (i > 0) text += ' ';
    text += digits[byte >> 4];
    text += digits[byte & 0xf];
  }
  if (frame.size() > limit) text += " ...";
  return text;
}

}  // namespace storm::testing
