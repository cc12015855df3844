#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "stormcpp/error.hpp"
#include "stormcpp/testing/child_process.hpp"

namespace storm::testing {

// Reads the child's stdout with a deadline, draining stderr meanwhile so the child never
// blocks on a full stderr pipe.
class ChildProcess::StdoutSource final : public detail::InputSource {
 public:
  explicit StdoutSource(ChildProcess& child) : child_(child) {}
  std::chrono::steady_clock::time_point deadline;

  std::size_t read(char* buffer, std::size_t capacity) override {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw Timeout("no frame from the component in time");
      pollfd fds[2] = {{child_.stdout_fd_, POLLIN, 0}, {child_.stderr_fd_, POLLIN, 0}};
      int ready = ::poll(fds, child_.stderr_fd_ >= 0 ? 2 : 1, static_cast<int>(left.count()));
      if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
      if (ready <= 0) continue;
      if (fds[1].revents != 0) child_.drain_stderr(0);
      if (fds[0].revents != 0) {
        ssize_t n = ::read(child_.stdout_fd_, buffer, capacity);
        if (n < 0 && errno == EINTR) continue;
        return n > 0 ? static_cast<std::size_t>(n) : 0;
      }
    }
  }

 private:
  ChildProcess& child_;
};

STORMCPP_INLINE ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                                           const std::string& working_dir) {
  if (argv.empty()) throw std::invalid_argument("ChildProcess needs a command");
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const auto& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    ::setpgid(0, 0);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) ::_exit(127);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvp(args[0], args.data());  // PATH lookup for names without a slash
    const char* message = "stormcpp ChildProcess: exec failed\n";
    ssize_t ignored = ::write(2, message, std::strlen(message));
    (void)ignored;
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
  ::signal(SIGPIPE, SIG_IGN);  // a dead child must not kill the host
  stdout_source_ = std::make_unique<StdoutSource>(*this);
  reader_ = std::make_unique<detail::FrameReader>(*stdout_source_);
}

STORMCPP_INLINE ChildProcess::~ChildProcess() {
  if (!status_) {
    kill(SIGKILL);
    wait(std::chrono::seconds(5));
  }
  for (int fd : {stdin_fd_, stdout_fd_, stderr_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

STORMCPP_INLINE bool ChildProcess::write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (stdin_fd_ < 0) return false;
    ssize_t n = ::write(stdin_fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

STORMCPP_INLINE void ChildProcess::close_stdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

STORMCPP_INLINE std::optional<std::string> ChildProcess::read_frame(
    std::chrono::milliseconds timeout) {
  static_cast<StdoutSource&>(*stdout_source_).deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<std::string_view> frame = reader_->next();
  if (!frame) return std::nullopt;
  return std::string(*frame);
}

inline void ChildProcess::drain_stderr(int timeout_ms) {
  if (stderr_fd_ < 0) return;
  pollfd fd{stderr_fd_, POLLIN, 0};
  while (::poll(&fd, 1, timeout_ms) > 0) {
    char buffer[4096];
    ssize_t n = ::read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) {
      ::close(stderr_fd_);
      stderr_fd_ = -1;
      return;
    }
    stderr_.append(buffer, static_cast<std::size_t>(n));
    timeout_ms = 0;
  }
}

STORMCPP_INLINE int ChildProcess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(SIGKILL);
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    }
    drain_stderr(10);
    if (stderr_fd_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  drain_stderr(0);
  return *status_;
}

STORMCPP_INLINE bool ChildProcess::running() {
  if (status_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

STORMCPP_INLINE void ChildProcess::kill(int signal) {
  if (!status_) ::kill(-pid_, signal);
}

STORMCPP_INLINE const std::string& ChildProcess::stderr_output() {
  drain_stderr(0);
  return stderr_;
}

}  // namespace storm::testing
