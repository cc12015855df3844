// Frame text <-> messages. Decoding copes with everything Storm writes (\/ escapes, integers
// past 2^53, the bare NaN token of Storm 2.6+). Encoding writes compact JSON with a fixed key
// order, so the bytes a component sends are predictable (and golden-testable).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/wire/json_text.hpp"
#include "stormcpp/wire/messages.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::detail {

/// Parses one frame, of either wire (a packed one through parse_packed_frame, which throws
/// Error(invalid_msgpack); a JSON one through JsonReader). A bare NaN token becomes a double
/// NaN. Throws Error(invalid_json) naming the problem and its byte offset, or
/// Error(invalid_message) for nesting deeper than max_nesting_depth.
STORMCPP_INLINE nlohmann::json parse_frame(std::string_view frame);

/// The hot path for tuples: decodes a well-formed tuple frame (of either wire) straight into
/// `out`. Returns false for any other frame (a task-id list, an unusual or invalid one);
/// parse_frame then gives the message or the error.
STORMCPP_INLINE bool decode_tuple_frame(std::string_view frame, TupleFrame& out);

// Each encoder replaces `out` with one message's JSON text.
STORMCPP_INLINE void encode_emit(std::string& out, const EmitMessage& emit);
/// The pid reply; `offer_msgpack` adds "wire": "msgpack/1" (wire/msgpack.hpp), and
/// `offer_ack_batches` (with it) "ack_batches": true — a spout that takes `acks` commands.
STORMCPP_INLINE void encode_pid(std::string& out, long pid, bool offer_msgpack = false,
                                bool offer_ack_batches = false);
STORMCPP_INLINE void encode_sync(std::string& out);
STORMCPP_INLINE void encode_ack(std::string& out, std::string_view tuple_id);
STORMCPP_INLINE void encode_fail(std::string& out, std::string_view tuple_id);
STORMCPP_INLINE void encode_log(std::string& out, std::string_view message, LogLevel level);
STORMCPP_INLINE void encode_error(std::string& out, std::string_view message);
STORMCPP_INLINE void encode_metrics(std::string& out, std::string_view name,
                                    const nlohmann::json& params);

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/wire/codec-inl.hpp"
#endif
