// A component executable started the way Storm starts it: pipes on stdin, stdout and stderr,
// its own process group. Used by the transcript runner and the out-of-process host.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "stormcpp/common.hpp"
#include "stormcpp/wire/frame_reader.hpp"
#include "stormcpp/wire/io.hpp"

namespace storm::testing {

/// Nothing came from the child in time.
class Timeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ChildProcess {
 public:
  /// Starts `argv` (argv[0] is the executable path) in `working_dir` (empty: the current one).
  STORMCPP_INLINE explicit ChildProcess(const std::vector<std::string>& argv,
                                        const std::string& working_dir = "");
  STORMCPP_INLINE ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  /// Writes to the child's stdin; false when the child closed it.
  STORMCPP_INLINE bool write(std::string_view bytes);
  STORMCPP_INLINE void close_stdin();

  /// The next frame the child writes, nullopt when it closes stdout. Throws Timeout, and
  /// storm::Error(truncated_frame) when stdout ends inside a frame.
  STORMCPP_INLINE std::optional<std::string> read_frame(std::chrono::milliseconds timeout);

  /// Waits for the child to exit; after `timeout` kills its process group. Returns the exit
  /// code, or 128 + the signal that ended it.
  STORMCPP_INLINE int wait(std::chrono::milliseconds timeout);
  /// True while the child runs (never blocks).
  STORMCPP_INLINE bool running();
  /// Sends `signal` to the child's process group.
  STORMCPP_INLINE void kill(int signal);

  /// Everything the child wrote to stderr so far.
  STORMCPP_INLINE const std::string& stderr_output();

 private:
  class StdoutSource;
  void drain_stderr(int timeout_ms);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::optional<int> status_;
  std::string stderr_;
  std::unique_ptr<detail::InputSource> stdout_source_;
  std::unique_ptr<detail::FrameReader> reader_;
};

}  // namespace storm::testing

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/testing/child_process-inl.hpp"
#endif
