#pragma once

#include "stormcpp/wire/frame_writer.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::detail {

STORMCPP_INLINE void FrameWriter::write_frame(std::string_view frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  buffer_.append(frame);
  if (!is_packed_frame(frame)) buffer_.append("\nend\n", 5);
  if (waiting_ || buffer_.size() >= flush_threshold_) flush_locked();
}

STORMCPP_INLINE void FrameWriter::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  flush_locked();
}

STORMCPP_INLINE void FrameWriter::begin_wait() {
  std::lock_guard<std::mutex> lock(mutex_);
  waiting_ = true;
  flush_locked();
}

STORMCPP_INLINE void FrameWriter::end_wait() {
  std::lock_guard<std::mutex> lock(mutex_);
  waiting_ = false;
}

inline void FrameWriter::flush_locked() {
  if (buffer_.empty()) return;
  // Clear first: if the sink throws, the bytes are not retried into a broken pipe.
  std::string pending;
  pending.swap(buffer_);
  out_.write(pending.data(), pending.size());
  pending.clear();
  if (buffer_.empty()) buffer_.swap(pending);  // keep the capacity
}

}  // namespace storm::detail
