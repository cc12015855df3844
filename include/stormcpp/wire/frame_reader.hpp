// Incoming frames: lines up to a line that is exactly `end` (a trailing \r is tolerated), or,
// on the msgpack wire, a frame that starts with its marker byte (wire/msgpack.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "stormcpp/common.hpp"
#include "stormcpp/wire/frame_writer.hpp"
#include "stormcpp/wire/io.hpp"

namespace storm::detail {

class FrameReader {
 public:
  static constexpr std::size_t default_max_frame_bytes = 256u * 1024 * 1024;

  /// `writer`, if given, is flushed before every read that may block (see frame_writer.hpp).
  STORMCPP_INLINE FrameReader(InputSource& in, FrameWriter* writer = nullptr,
                              std::size_t max_frame_bytes = default_max_frame_bytes);

  /// The next frame's text without its `end` line (a packed frame whole, header included),
  /// valid until the next call; nullopt at end of input between frames. Throws
  /// Error(truncated_frame) when input ends inside a frame, Error(frame_too_large) past the limit.
  STORMCPP_INLINE std::optional<std::string_view> next();

  void set_max_frame_bytes(std::size_t bytes) { max_frame_bytes_ = bytes; }
  std::size_t max_frame_bytes() const { return max_frame_bytes_; }

 private:
  bool fill();
  [[noreturn]] void throw_too_large() const;

  InputSource& in_;
  FrameWriter* writer_;
  std::size_t max_frame_bytes_;
  std::string buffer_;
  std::size_t begin_ = 0;       // start of the frame being assembled
  std::size_t line_begin_ = 0;  // start of the line being scanned
  std::size_t end_ = 0;         // end of the bytes read
};

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/frame_reader-inl.hpp"
#endif
