// The dispatch loops: handshake, then spout commands or bolt tuples until Storm goes away.
#pragma once

#include <unistd.h>

#include "stormcpp/common.hpp"
#include "stormcpp/components/component.hpp"
#include "stormcpp/error.hpp"
#include "stormcpp/wire/io.hpp"

namespace storm::detail {

struct RunOptions {
  long pid = static_cast<long>(::getpid());  ///< reported in the pid reply and pid file
  bool set_default_logger = true;            ///< make the component's logger spdlog's default
};

/// Runs `component` (a Spout or a Bolt) over `in` / `out` until input ends. Never throws:
/// every failure is printed to stderr, reported to Storm while the stream is usable, and
/// turned into the exit code of storm::ExitCode.
STORMCPP_INLINE int run_component(Component& component, InputSource& in, OutputSink& out,
                                  const RunOptions& options = {});

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/runtime/runner-inl.hpp"
#endif
