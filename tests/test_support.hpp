// Helpers for the protocol tests: build Storm's frames, run a component in memory, split its
// output into frames.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/runtime/runner.hpp"
#include "stormcpp/wire/io.hpp"

namespace test {

using nlohmann::json;

/// One frame as Storm writes it.
inline std::string frame(const json& message) {
  return message.dump() + "\nend\n";
}

/// A temporary directory, removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stormcpp-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

inline json handshake(const std::string& pid_dir, json conf = json::object(),
                      json context = json::object()) {
  return {{"pidDir", pid_dir}, {"conf", std::move(conf)}, {"context", std::move(context)}};
}

inline json tuple(const std::string& id, const json& values, const std::string& comp = "spout",
                  const std::string& stream = "default", int task = 7) {
  return {{"id", id}, {"comp", comp}, {"stream", stream}, {"task", task}, {"tuple", values}};
}

inline json heartbeat(const std::string& id = "-4242") {
  return {{"id", id},
          {"comp", nullptr},
          {"stream", "__heartbeat"},
          {"task", -1},
          {"tuple", json::array()}};
}

inline json tick(const std::string& id, int secs = 1) {
  return {{"id", id}, {"comp", "__system"}, {"stream", "__tick"}, {"task", -1}, {"tuple", {secs}}};
}

/// Splits `<json>\nend\n...` into the frames' texts; a packed frame (wire/msgpack.hpp) is
/// kept whole, header included.
inline std::vector<std::string> split_frames(const std::string& output) {
  std::vector<std::string> frames;
  std::size_t begin = 0;
  for (;;) {
    if (begin + 5 <= output.size() && static_cast<unsigned char>(output[begin]) == 0xc1) {
      std::size_t length = 0;
      for (std::size_t i = 1; i < 5; ++i)
        length = (length << 8) | static_cast<unsigned char>(output[begin + i]);
      frames.push_back(output.substr(begin, 5 + length));
      begin += 5 + length;
      continue;
    }
    std::size_t end = output.find("\nend\n", begin);
    if (end == std::string::npos) break;
    frames.push_back(output.substr(begin, end - begin));
    begin = end + 5;
  }
  return frames;
}

struct Run {
  int exit_code;
  std::vector<std::string> frames;  // everything the component wrote
  std::size_t writes;               // write() calls on its output
};

constexpr long test_pid = 4242;

/// Runs `component` over `input` (bytes Storm would send), all of it available at once.
inline Run run(storm::Component& component, const std::string& input,
               std::size_t chunk = static_cast<std::size_t>(-1)) {
  storm::detail::StringInput in(input, chunk);
  storm::detail::StringOutput out;
  storm::detail::RunOptions options;
  options.pid = test_pid;
  options.set_default_logger = false;
  int code = storm::detail::run_component(component, in, out, options);
  return {code, split_frames(out.str()), out.writes()};
}

}  // namespace test
