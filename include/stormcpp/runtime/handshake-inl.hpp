#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "stormcpp/error.hpp"
#include "stormcpp/runtime/handshake.hpp"

namespace storm::detail {

STORMCPP_INLINE Handshake parse_handshake(nlohmann::json message) {
  if (!message.is_object()) {
    throw Error(Errc::bad_handshake,
                std::string("the handshake must be a JSON object, got ") + message.type_name());
  }
  Handshake handshake;
  auto pid_dir = message.find("pidDir");
  if (pid_dir == message.end() || !pid_dir->is_string() ||
      pid_dir->get_ref<const std::string&>().empty()) {
    throw Error(Errc::bad_handshake,
                "the handshake has no pidDir string: " + message.dump().substr(0, 200));
  }
  handshake.pid_dir = pid_dir->get<std::string>();
  if (auto conf = message.find("conf"); conf != message.end() && !conf->is_null()) {
    if (!conf->is_object())
      throw Error(Errc::bad_handshake, "the handshake's conf is not an object");
    handshake.conf = std::move(*conf);
  }
  if (auto context = message.find("context"); context != message.end()) {
    handshake.context = Context::from_json(*context);
  }
  return handshake;
}

STORMCPP_INLINE std::string write_pid_file(const std::string& pid_dir, long pid) {
  std::string path = pid_dir;
  if (path.back() != '/') path.push_back('/');
  path += std::to_string(pid);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(Errc::pid_file,
                "cannot create the pid file " + path + " in pidDir: " + std::strerror(errno));
  }
  ::close(fd);
  return path;
}

}  // namespace storm::detail
