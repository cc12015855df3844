// The process-level set-up, in a forked child so the test process keeps its descriptors.
#include "stormcpp/runtime/process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/io.hpp"

namespace {

// Runs `body` in a child whose stdin/stdout are pipes; returns what it wrote to stdout.
template <class Body>
std::string in_child(Body body, const std::string& input = "") {
  int in[2], out[2];
  EXPECT_EQ(::pipe(in), 0);
  EXPECT_EQ(::pipe(out), 0);
  std::fflush(nullptr);  // or the child may write the parent's buffered output again
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::close(in[1]);
    ::close(out[0]);
    ::_exit(body());
  }
  ::close(in[0]);
  ::close(out[1]);
  if (!input.empty()) {
    EXPECT_EQ(::write(in[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  }
  ::close(in[1]);
  std::string result;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(out[0], buffer, sizeof buffer)) > 0)
    result.append(buffer, n);
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  return result + "|exit=" + std::to_string(WEXITSTATUS(status));
}

}  // namespace

TEST(Process, StrayStdoutWritesCannotReachTheProtocol) {
  std::string out = in_child([] {
    auto fds = storm::detail::isolate_protocol_fds();
    std::printf("stray printf\n");
    std::fflush(stdout);
    if (::write(1, "stray write\n", 12) != 12) return 1;
    storm::detail::FdOutput protocol(fds.out);
    protocol.write("{}\nend\n", 7);
    return 0;
  });
  EXPECT_EQ(out, "{}\nend\n|exit=0");
}

TEST(Process, StdinIsHiddenFromTheRestOfTheProcess) {
  std::string out = in_child(
      [] {
        auto fds = storm::detail::isolate_protocol_fds();
        char c;
        if (::read(0, &c, 1) != 0) return 1;  // fd 0 is /dev/null now
        storm::detail::FdInput protocol(fds.in);
        char buffer[16];
        std::size_t n = protocol.read(buffer, sizeof buffer);
        storm::detail::FdOutput(fds.out).write(buffer, n);
        return 0;
      },
      "abc");
  EXPECT_EQ(out, "abc|exit=0");
}

TEST(Process, SigtermTurnsABlockedReadIntoEndOfInput) {
  int in[2];
  ASSERT_EQ(::pipe(in), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(in[1]);
    storm::detail::install_signal_handlers(in[0]);
    storm::detail::FdInput protocol(in[0]);
    char buffer[16];
    std::size_t n = protocol.read(buffer, sizeof buffer);  // blocks: the writer stays open
    ::_exit(n == 0 && storm::detail::stop_requested() ? 0 : 1);
  }
  ::close(in[0]);
  ::usleep(100 * 1000);
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(in[1]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(Process, SigpipeBecomesOutputClosed) {
  std::string out = in_child([] {
    storm::detail::install_signal_handlers(0);
    int p[2];
    if (::pipe(p) != 0) return 2;
    ::close(p[0]);
    try {
      storm::detail::FdOutput(p[1]).write("x", 1);
    } catch (const storm::Error& e) {
      return e.errc() == storm::Errc::output_closed ? 0 : 3;
    }
    return 4;
  });
  EXPECT_EQ(out, "|exit=0");
}
