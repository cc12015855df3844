#pragma once

#include <cstring>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/frame_reader.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::detail {

STORMCPP_INLINE FrameReader::FrameReader(InputSource& in, FrameWriter* writer,
                                         std::size_t max_frame_bytes)
    : in_(in), writer_(writer), max_frame_bytes_(max_frame_bytes) {
  buffer_.resize(64 * 1024);
}

STORMCPP_INLINE std::optional<std::string_view> FrameReader::next() {
  for (;;) {
    // A frame of the msgpack wire: the marker, a 4-byte length, the body (wire/msgpack.hpp).
    if (line_begin_ == begin_ && begin_ < end_ &&
        static_cast<unsigned char>(buffer_[begin_]) == packed_marker) {
      if (end_ - begin_ >= packed_header_size) {
        std::size_t length = 0;
        for (std::size_t i = 1; i < packed_header_size; ++i) {
          length = (length << 8) | static_cast<unsigned char>(buffer_[begin_ + i]);
        }
        if (length > max_frame_bytes_) throw_too_large();
        std::size_t size = packed_header_size + length;
        if (end_ - begin_ >= size) {
          std::string_view frame(buffer_.data() + begin_, size);
          begin_ = line_begin_ = begin_ + size;
          return frame;
        }
      }
      if (!fill()) {
        throw Error(Errc::truncated_frame, "stdin ended inside a packed frame (" +
                                               std::to_string(end_ - begin_) +
                                               " bytes of it were read)");
      }
      continue;
    }
    while (line_begin_ < end_) {
      const char* data = buffer_.data();
      const void* newline = std::memchr(data + line_begin_, '\n', end_ - line_begin_);
      if (newline == nullptr) break;
      std::size_t line_end = static_cast<const char*>(newline) - data;
      std::string_view line(data + line_begin_, line_end - line_begin_);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line == "end") {
        std::size_t frame_end = line_begin_;
        // Drop the line break before `end`.
        if (frame_end > begin_ && data[frame_end - 1] == '\n') --frame_end;
        if (frame_end > begin_ && data[frame_end - 1] == '\r') --frame_end;
        std::string_view frame(data + begin_, frame_end - begin_);
        begin_ = line_begin_ = line_end + 1;
        if (frame.size() > max_frame_bytes_) throw_too_large();
        return frame;
      }
      line_begin_ = line_end + 1;
    }
    if (end_ - begin_ > max_frame_bytes_) throw_too_large();
    if (!fill()) {
      std::string_view rest(buffer_.data() + begin_, end_ - begin_);
      if (rest.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
      throw Error(Errc::truncated_frame,
                  "stdin ended inside a frame (" + std::to_string(rest.size()) +
                      " bytes with no `end` line): " + std::string(rest.substr(0, 200)));
    }
  }
}

inline void FrameReader::throw_too_large() const {
  throw Error(Errc::frame_too_large, "a frame from Storm is larger than " +
                                         std::to_string(max_frame_bytes_) +
                                         " bytes (stormcpp.max_frame_bytes)");
}

// Reads more input, first making room: the frame being assembled moves to the front and the
// buffer doubles when full. Returns false at end of input.
inline bool FrameReader::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    line_begin_ -= begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  if (writer_ != nullptr) writer_->begin_wait();
  std::size_t n = in_.read(buffer_.data() + end_, buffer_.size() - end_);
  if (writer_ != nullptr) writer_->end_wait();
  end_ += n;
  return n > 0;
}

}  // namespace storm::detail
