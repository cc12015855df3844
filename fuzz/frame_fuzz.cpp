// Fuzzes frame reading and message decoding: any bytes, read in any chunking, must come out
// as frames and JSON or as a storm::Error — never a crash, a hang or another exception. The
// JSON text module (JsonReader, decode_tuple_frame, append_json) must agree with nlohmann's
// parser and dump() on every frame, accepted or refused. Packed
// frames (the msgpack wire): what parse_packed_frame accepts, nlohmann's from_msgpack must read
// as the same value, decode_packed_tuple must agree with it, and pack_value must write it back.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/frame_reader.hpp"
#include "stormcpp/wire/json_text.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace {

// Equal in type and value (nlohmann's operator== calls 1, 1u and 1.0 equal).
bool same(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    return std::memcmp(&x, &y, sizeof x) == 0;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt)
      if (it.key() != jt.key() || !same(it.value(), jt.value())) return false;
    return true;
  }
  return a == b;
}

// nlohmann's from_msgpack keeps int8..int64 signed; stormcpp reads a non-negative one as
// unsigned, as the JSON wire reads that number (tests/wire/msgpack_test.cpp pins it).
void as_json_wire_reads(nlohmann::json& value) {
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    value = value.get<std::uint64_t>();
  } else if (value.is_structured()) {
    for (auto& item : value)
      as_json_wire_reads(item);
  }
}

void check_packed(std::string_view frame) {
  using nlohmann::json;
  json ours;
  try {
    ours = storm::detail::parse_packed_frame(frame);
  } catch (const storm::Error& e) {
    if (e.errc() != storm::Errc::invalid_msgpack) std::abort();
    return;
  }
  std::string_view body = frame.substr(storm::detail::packed_header_size);
  json reference = json::from_msgpack(body.begin(), body.end(), true, /*allow_exceptions=*/false);
  if (reference.is_discarded()) std::abort();
  as_json_wire_reads(reference);
  if (!same(ours, reference)) std::abort();
  storm::detail::TupleFrame tuple;
  if (storm::detail::decode_packed_tuple(frame, tuple)) {
    std::string component = ours.at("comp").is_null() ? "" : ours.at("comp").get<std::string>();
    if (ours.at("id") != tuple.id || ours.at("stream") != tuple.stream ||
        ours.at("task").get<int>() != tuple.task || component != tuple.component ||
        !same(ours.at("tuple"), tuple.values)) {
      std::abort();
    }
  }
  std::string again;
  storm::detail::pack_value(again, ours);  // what a pass-through emit does
  json back = json::from_msgpack(again, true, false);
  if (back.is_discarded() || !same(back, ours)) std::abort();
}

// `text` with each bare NaN token (outside string literals) spelled null, for nlohmann's
// parser, which knows no NaN.
std::string nan_as_null(std::string_view text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(text[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == 'N' && text.substr(i, 3) == "NaN") {
      out.append("null");
      i += 2;
    } else {
      in_string = c == '"';
      out.push_back(c);
    }
  }
  return out;
}

// `value` with each NaN double replaced by null.
void nan_to_null(nlohmann::json& value) {
  if (value.is_number_float() && std::isnan(value.get<double>())) {
    value = nullptr;
  } else if (value.is_structured()) {
    for (auto& item : value)
      nan_to_null(item);
  }
}

// The JSON reader against nlohmann's parser, both ways: what one accepts the other accepts as
// the same value (a bare NaN, which nlohmann does not know, compared as null), except nesting
// past the limit and a NUL byte outside strings (refused by ours only: nlohmann reads a NUL as
// the end of its input). decode_tuple_frame agrees with both.
void check_json(std::string_view frame) {
  using nlohmann::json;
  json ours;
  storm::detail::JsonReader reader(frame);
  bool accepted = reader.value(ours) && reader.expect_end();
  std::string reference_text = nan_as_null(frame);
  json reference = json::parse(reference_text, nullptr, /*allow_exceptions=*/false);
  if (accepted) {
    json compared = ours;
    nan_to_null(compared);
    if (reference.is_discarded() || !same(compared, reference)) std::abort();
  } else if (reader.error_offset() > frame.size()) {
    std::abort();
  } else if (!reference.is_discarded() && !reader.too_deep() &&
             frame[reader.error_offset()] != '\0') {
    std::abort();  // refused what JSON accepts
  }
  storm::detail::TupleFrame tuple;
  if (!storm::detail::decode_tuple_frame(frame, tuple)) return;
  if (!accepted || !ours.is_object()) std::abort();
  auto comp = ours.find("comp");
  std::string component = comp == ours.end() || comp->is_null() ? "" : comp->get<std::string>();
  if (ours.at("id") != tuple.id || ours.at("stream") != tuple.stream ||
      !ours.at("task").is_number_integer() || ours.at("task").get<int>() != tuple.task ||
      component != tuple.component || !same(ours.at("tuple"), tuple.values)) {
    std::abort();
  }
}

// append_json writes what nlohmann's dump() writes, or (a double nlohmann spells with more
// digits than it needs) text that reads back as the same value.
void check_written(const nlohmann::json& message) {
  std::string out;
  storm::detail::append_json(out, message);
  std::string dumped = message.dump();
  if (out == dumped) return;
  nlohmann::json a = nlohmann::json::parse(out, nullptr, false);
  nlohmann::json b = nlohmann::json::parse(dumped, nullptr, false);
  if (a.is_discarded() || b.is_discarded() || !same(a, b)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 64;  // the first byte picks the read size
  storm::detail::StringInput in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1),
                                chunk);
  storm::detail::FrameReader reader(in, nullptr, 1 << 20);
  try {
    while (auto frame = reader.next()) {
      bool packed = storm::detail::is_packed_frame(*frame);
      packed ? check_packed(*frame) : check_json(*frame);
      try {
        nlohmann::json message = storm::detail::parse_frame(*frame);
        if (!packed) check_written(message);  // what a pass-through emit does
      } catch (const storm::Error& e) {
        if (e.errc() != storm::Errc::invalid_json && e.errc() != storm::Errc::invalid_message &&
            e.errc() != storm::Errc::invalid_msgpack) {
          std::abort();
        }
      }
    }
  } catch (const storm::Error&) {
  }
  return 0;
}
