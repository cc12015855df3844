#pragma once

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "stormcpp/error.hpp"
#include "stormcpp/runtime/process.hpp"

namespace storm::detail {

namespace process_internal {

inline std::atomic<bool> stop_flag{false};
inline int stop_input_fd = -1;  // the protocol's input descriptor
inline int null_fd = -1;        // /dev/null, opened ahead (open() is not for signal handlers)

extern "C" inline void on_stop_signal(int) {
  int saved = errno;
  stop_flag.store(true);
  if (stop_input_fd >= 0 && null_fd >= 0) ::dup2(null_fd, stop_input_fd);
  errno = saved;
}

inline int checked(int result, const char* what) {
  if (result < 0) {
    throw Error(Errc::internal, std::string(what) + " failed: " + std::strerror(errno));
  }
  return result;
}

}  // namespace process_internal

STORMCPP_INLINE ProtocolFds isolate_protocol_fds() {
  using process_internal::checked;
  ProtocolFds fds{};
  fds.in = checked(::fcntl(0, F_DUPFD_CLOEXEC, 3), "dup(stdin)");
  fds.out = checked(::fcntl(1, F_DUPFD_CLOEXEC, 3), "dup(stdout)");
  int null_fd = checked(::open("/dev/null", O_RDWR | O_CLOEXEC), "open(/dev/null)");
  checked(::dup2(null_fd, 0), "dup2(/dev/null, 0)");
  checked(::dup2(2, 1), "dup2(2, 1)");
  process_internal::null_fd = null_fd;
  return fds;
}

STORMCPP_INLINE void install_signal_handlers(int protocol_in) {
  using process_internal::checked;
  if (process_internal::null_fd < 0) {
    process_internal::null_fd = checked(::open("/dev/null", O_RDWR | O_CLOEXEC), "open");
  }
  process_internal::stop_input_fd = protocol_in;
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  checked(::sigaction(SIGPIPE, &action, nullptr), "sigaction(SIGPIPE)");
  action.sa_handler = process_internal::on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR, then reads /dev/null
  checked(::sigaction(SIGTERM, &action, nullptr), "sigaction(SIGTERM)");
  checked(::sigaction(SIGINT, &action, nullptr), "sigaction(SIGINT)");
}

STORMCPP_INLINE bool stop_requested() noexcept {
  return process_internal::stop_flag.load();
}

}  // namespace storm::detail
