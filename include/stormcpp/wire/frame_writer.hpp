// Outgoing frames: `<json>\nend\n`, or packed frames as they are; buffered. Thread-safe, so
// user threads may emit.
//
// Flush rule: nothing is flushed per message. The buffer goes out when it passes
// `flush_threshold` bytes, and when the reader is about to block waiting for Storm
// (begin_wait). While the reader waits, every frame is flushed as soon as it is written, so
// output from user threads never sits in the buffer of an idle component.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "stormcpp/common.hpp"
#include "stormcpp/wire/io.hpp"

namespace storm::detail {

class FrameWriter {
 public:
  static constexpr std::size_t default_flush_threshold = 64 * 1024;

  explicit FrameWriter(OutputSink& out, std::size_t flush_threshold = default_flush_threshold)
      : out_(out), flush_threshold_(flush_threshold) {}

  /// Appends one frame: a single JSON value without raw newlines (the `end` line is added), or
  /// a whole packed frame (wire/msgpack.hpp), written as is.
  STORMCPP_INLINE void write_frame(std::string_view frame);
  /// Writes out everything buffered.
  STORMCPP_INLINE void flush();
  /// The reader is about to block: flush, and flush each later frame at once until end_wait.
  STORMCPP_INLINE void begin_wait();
  STORMCPP_INLINE void end_wait();

 private:
  void flush_locked();

  OutputSink& out_;
  std::size_t flush_threshold_;
  std::mutex mutex_;
  std::string buffer_;
  bool waiting_ = false;
};

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/frame_writer-inl.hpp"
#endif
