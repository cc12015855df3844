// Process-wide set-up for a component under Storm: the protocol gets private descriptors,
// and signals become clean shutdowns.
#pragma once

#include "stormcpp/common.hpp"

namespace storm::detail {

struct ProtocolFds {
  int in;
  int out;
};

/// Moves the protocol off fds 0 and 1 so that nothing else in the process can touch it:
/// the pipes get new close-on-exec descriptors, fd 0 reads /dev/null and fd 1 writes to
/// stderr (a stray printf lands in the worker log instead of corrupting the stream).
STORMCPP_INLINE ProtocolFds isolate_protocol_fds();

/// SIGPIPE is ignored (a closed pipe becomes Error(output_closed)); SIGTERM and SIGINT
/// redirect `protocol_in` to /dev/null, so the reader sees end of input and the component
/// exits cleanly once the hook it is running returns.
STORMCPP_INLINE void install_signal_handlers(int protocol_in);

/// True once SIGTERM or SIGINT arrived.
STORMCPP_INLINE bool stop_requested() noexcept;

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/runtime/process-inl.hpp"
#endif
