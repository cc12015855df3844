// Byte transport under the protocol: where frames are read from and written to.
// The runtime uses the fd versions; tests use the in-memory ones.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "stormcpp/common.hpp"

namespace storm::detail {

/// A source of bytes. read() blocks until at least one byte is available; 0 means end of input.
class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
};

/// A sink of bytes. write() writes everything or throws Error(output_closed).
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void write(const char* data, std::size_t size) = 0;
};

/// Reads a file descriptor; EINTR is retried, so a signal handler that redirects the
/// descriptor (see runtime/process.hpp) turns into end of input.
class FdInput final : public InputSource {
 public:
  explicit FdInput(int fd) : fd_(fd) {}
  STORMCPP_INLINE std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  int fd_;
};

/// Writes a file descriptor; EPIPE and other errors become Error(output_closed).
class FdOutput final : public OutputSink {
 public:
  explicit FdOutput(int fd) : fd_(fd) {}
  STORMCPP_INLINE void write(const char* data, std::size_t size) override;

 private:
  int fd_;
};

/// Serves a fixed string, at most `chunk` bytes per read (to exercise partial reads).
class StringInput final : public InputSource {
 public:
  explicit StringInput(std::string data, std::size_t chunk = static_cast<std::size_t>(-1))
      : data_(std::move(data)), chunk_(chunk) {}
  STORMCPP_INLINE std::size_t read(char* buffer, std::size_t capacity) override;

 private:
  std::string data_;
  std::size_t chunk_;
  std::size_t position_ = 0;
};

/// Collects everything written into a string.
class StringOutput final : public OutputSink {
 public:
  void write(const char* data, std::size_t size) override {
    ++writes_;
    data_.append(data, size);
  }
  const std::string& str() const { return data_; }
  std::size_t writes() const { return writes_; }

 private:
  std::string data_;
  std::size_t writes_ = 0;
};

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/io-inl.hpp"
#endif
