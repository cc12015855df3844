#pragma once

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/io.hpp"

namespace storm::detail {

STORMCPP_INLINE std::size_t FdInput::read(char* buffer, std::size_t capacity) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    // A broken stdin is as final as a closed one.
    return 0;
  }
}

STORMCPP_INLINE void FdOutput::write(const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(Errc::output_closed,
                  std::string("cannot write to Storm (stdout): ") + std::strerror(errno));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

STORMCPP_INLINE std::size_t StringInput::read(char* buffer, std::size_t capacity) {
  std::size_t n = std::min({capacity, chunk_, data_.size() - position_});
  std::memcpy(buffer, data_.data() + position_, n);
  position_ += n;
  return n;
}

}  // namespace storm::detail
