// The first exchange: Storm sends {pidDir, conf, context}; the component creates
// <pidDir>/<pid> and answers {"pid": <pid>} before anything else.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/core/context.hpp"

namespace storm::detail {

struct Handshake {
  std::string pid_dir;
  nlohmann::json conf = nlohmann::json::object();
  Context context;
};

/// Reads the handshake message. pidDir is required; conf and context may be absent (Storm
/// 0.9 sent no context). Throws Error(bad_handshake) naming what is wrong.
STORMCPP_INLINE Handshake parse_handshake(nlohmann::json message);

/// Creates the empty file <pid_dir>/<pid>; returns its path. Throws Error(pid_file).
STORMCPP_INLINE std::string write_pid_file(const std::string& pid_dir, long pid);

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/runtime/handshake-inl.hpp"
#endif
