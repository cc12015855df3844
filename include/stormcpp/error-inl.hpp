#pragma once

#include "stormcpp/error.hpp"

namespace storm {

STORMCPP_INLINE const char* errc_name(Errc errc) noexcept {
  switch (errc) {
    case Errc::input_closed:
      return "input_closed";
    case Errc::usage:
      return "usage";
    case Errc::bad_handshake:
      return "bad_handshake";
    case Errc::bad_option:
      return "bad_option";
    case Errc::pid_file:
      return "pid_file";
    case Errc::truncated_frame:
      return "truncated_frame";
    case Errc::frame_too_large:
      return "frame_too_large";
    case Errc::invalid_json:
      return "invalid_json";
    case Errc::invalid_message:
      return "invalid_message";
    case Errc::invalid_msgpack:
      return "invalid_msgpack";
    case Errc::output_closed:
      return "output_closed";
    case Errc::bad_outputs:
      return "bad_outputs";
    case Errc::user_code:
      return "user_code";
    case Errc::internal:
      return "internal";
    case Errc::unknown_field:
      return "unknown_field";
    case Errc::bad_emit:
      return "bad_emit";
    case Errc::bad_value:
      return "bad_value";
    case Errc::bad_call:
      return "bad_call";
  }
  return "internal";
}

STORMCPP_INLINE ExitCode exit_code_of(Errc errc) noexcept {
  switch (errc) {
    case Errc::input_closed:
      return ExitCode::ok;
    case Errc::usage:
      return ExitCode::usage;
    case Errc::bad_handshake:
    case Errc::bad_option:
      return ExitCode::bad_handshake;
    case Errc::pid_file:
      return ExitCode::pid_file;
    case Errc::truncated_frame:
      return ExitCode::truncated_frame;
    case Errc::frame_too_large:
      return ExitCode::frame_too_large;
    case Errc::invalid_json:
      return ExitCode::invalid_json;
    case Errc::invalid_message:
      return ExitCode::invalid_message;
    case Errc::invalid_msgpack:
      return ExitCode::invalid_msgpack;
    case Errc::output_closed:
      return ExitCode::output_closed;
    case Errc::bad_outputs:
      return ExitCode::bad_outputs;
    case Errc::user_code:
      return ExitCode::user_code;
    default:
      return ExitCode::internal;
  }
}

}  // namespace storm
