// Errors and the process exit codes they map to. Every message starts with a stable id in
// brackets ("[stormcpp.invalid_json] ...") that docs/errors.md lists.
#pragma once

#include <stdexcept>
#include <string>

#include "stormcpp/common.hpp"

namespace storm {

/// What went wrong. The first group ends the process with the code `exit_code()` gives;
/// the second group are mistakes in user code, thrown to the caller like any exception.
enum class Errc {
  // Fatal: the runtime stops and the process exits with a distinct code.
  input_closed,     ///< stdin reached EOF between frames (a clean shutdown)
  usage,            ///< bad command line (unknown component name)
  bad_handshake,    ///< the first message is not a valid handshake
  bad_option,       ///< a stormcpp.* option in the conf has the wrong type or value
  pid_file,         ///< the pid file could not be created in pidDir
  truncated_frame,  ///< stdin ended inside a frame
  frame_too_large,  ///< a frame (or the task-id wait queue) exceeded stormcpp.max_frame_bytes
  invalid_json,     ///< a frame is not valid JSON
  invalid_message,  ///< valid JSON, but not a message Storm sends (wrong shape or types)
  invalid_msgpack,  ///< a frame of the msgpack wire is corrupt (not MessagePack, or cut short)
  output_closed,    ///< stdout (the pipe to Storm) was closed
  bad_outputs,      ///< the outputs declared in code disagree with the topology's
  user_code,        ///< a user hook threw and the component cannot or may not go on
  internal,         ///< a bug in stormcpp
  // Raised to user code.
  unknown_field,  ///< Tuple::get by a field name the tuple does not have
  bad_emit,       ///< an emit Storm would refuse: undeclared stream, wrong value count,
                  ///< a value the wire cannot carry
  bad_value,      ///< a typed read (Tuple::as, Tuple::get) of a value of another type
  bad_call,       ///< an API used where it cannot work (e.g. task ids from a user thread)
};

/// Process exit codes of `storm::run`. Stable: scripts and supervisors may depend on them.
enum class ExitCode : int {
  ok = 0,                ///< stdin EOF or SIGTERM
  internal = 1,          ///< unexpected failure inside stormcpp
  usage = 2,             ///< bad command line
  bad_handshake = 3,     ///< invalid handshake, or a stormcpp.* option of the wrong type or value
  pid_file = 4,          ///< pid file not writable
  truncated_frame = 5,   ///< stdin ended inside a frame
  invalid_json = 6,      ///< a frame is not JSON
  invalid_message = 7,   ///< a message of the wrong shape
  output_closed = 8,     ///< the pipe to Storm is gone
  user_code = 9,         ///< initialize() threw, or a hook threw with exit_on_exception set
  frame_too_large = 10,  ///< a frame, or the task-id wait queue, exceeded the configured limit
  invalid_msgpack = 11,  ///< a frame of the msgpack wire is corrupt
  bad_outputs = 12       ///< the outputs declared in code disagree with the topology's
};

/// Stable short name of an error ("invalid_json").
STORMCPP_INLINE const char* errc_name(Errc errc) noexcept;

/// The exit code a fatal error ends the process with.
STORMCPP_INLINE ExitCode exit_code_of(Errc errc) noexcept;

/// The one exception type stormcpp throws.
class Error : public std::runtime_error {
 public:
  Error(Errc errc, const std::string& message)
      : std::runtime_error(std::string("[stormcpp.") + errc_name(errc) + "] " + message),
        errc_(errc) {}

  Errc errc() const noexcept { return errc_; }
  ExitCode exit_code() const noexcept { return exit_code_of(errc_); }
  /// True for conditions that end the runtime (I/O and protocol failures), false for API misuse.
  bool fatal() const noexcept { return errc_ < Errc::unknown_field; }

 private:
  Errc errc_;
};

}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/error-inl.hpp"
#endif
