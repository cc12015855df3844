// Golden transcripts: a conversation with a component executable written down as the frames
// Storm sends and the frames the component must answer, checked byte for byte.
//
//   # comment                 kept as is
//   command: wordcount split  the executable (looked up in the bin dir) and its arguments
//   > {"pidDir": "${PIDDIR}", "conf": {}, "context": {}}
//                             a frame Storm sends (`end` line added)
//   >| {"id":                 raw bytes Storm sends: the text and a newline, no `end` line
//   < {"pid":${PID}}          the next frame the component must write
//   >m {"id": "1", ...}       a packed frame Storm sends (the msgpack wire, docs/wire.md): the
//                             message written as JSON, packed with its keys in the order given
//   <m {"command": ...}       the next frame must be packed; shown as the JSON of its body
//                             (keys sorted, a `bin` as {"bytes":[...],"subtype":null})
//   >x c1 00 00 00 01         raw bytes Storm sends, in hex (corrupt packed frames)
//   signal TERM               sends SIGTERM (or KILL, INT) to the component
//   close                     closes the component's stdin (what Storm does at shutdown)
//   exit 0                    closes stdin; no further frame may come; the exit code must match
//   stderr: some text         the component's stderr must contain the text
//
// In expected frames ${PID} stands for the component's pid and ${ANY} for any text. Sent
// frames may use ${PIDDIR}, a fresh directory; once sent, a pid reply is checked to have
// created its <pid> file there.
// Without an `exit` line the transcript ends with `exit 0`.
//
// Approve mode rewrites the expected frames from what the component actually wrote (an
// expected line that still matches is kept, so wildcards survive).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "stormcpp/common.hpp"

namespace storm::testing {

struct TranscriptOptions {
  std::string bin_dir = ".";  ///< where the `command:` executable is
  /// A command to run the executable under, e.g. {"valgrind", "-q", "--error-exitcode=99"}.
  std::vector<std::string> wrapper;
  bool approve = false;                           ///< rewrite instead of verify
  std::chrono::milliseconds frame_timeout{5000};  ///< wait for an expected frame
  std::chrono::milliseconds quiet_period{300};    ///< approve: output is over after this silence
};

struct TranscriptResult {
  bool passed = false;
  std::string failure;   ///< the first difference, with its line number
  std::string approved;  ///< approve mode: the rewritten transcript
};

/// Runs one transcript. Never throws for a component's misbehaviour: that is a failure.
STORMCPP_INLINE TranscriptResult run_transcript(std::string_view text,
                                                const TranscriptOptions& options = {});

/// True when `actual` matches `pattern`, where ${ANY} matches any run of characters.
STORMCPP_INLINE bool matches_pattern(std::string_view pattern, std::string_view actual);

}  // namespace storm::testing

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/testing/transcript-inl.hpp"
#endif
