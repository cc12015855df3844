// Raw protocol for the broken components that break rules the stormcpp API cannot break:
// frames read from stdin and written to stdout by hand.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace raw {

/// The next frame from the host (lines up to `end`), nullopt at end of input.
inline std::optional<std::string> read_frame() {
  std::string frame, line;
  while (std::getline(std::cin, line)) {
    if (line == "end") return frame;
    frame += (frame.empty() ? "" : "\n") + line;
  }
  return std::nullopt;
}

/// Writes `text` and its `end` line.
inline void write_frame(const std::string& text) {
  std::cout << text << "\nend\n" << std::flush;
}

/// Reads the handshake; optionally creates the pid file. Returns the handshake.
inline nlohmann::json read_handshake(bool create_pid_file = true) {
  auto frame = read_frame();
  if (!frame) std::exit(3);
  nlohmann::json handshake = nlohmann::json::parse(*frame);
  if (create_pid_file) {
    std::ofstream(handshake.at("pidDir").get<std::string>() + "/" + std::to_string(::getpid()));
  }
  return handshake;
}

/// A correct handshake: pid file, then the pid reply.
inline nlohmann::json handshake() {
  nlohmann::json result = read_handshake();
  write_frame("{\"pid\":" + std::to_string(::getpid()) + "}");
  return result;
}

/// True for a heartbeat tuple.
inline bool is_heartbeat(const nlohmann::json& message) {
  return message.is_object() && message.value("stream", "") == "__heartbeat";
}

/// Answers heartbeats with sync and ignores everything else until stdin ends.
inline int idle() {
  while (auto frame = read_frame()) {
    if (is_heartbeat(nlohmann::json::parse(*frame))) write_frame("{\"command\":\"sync\"}");
  }
  return 0;
}

}  // namespace raw
