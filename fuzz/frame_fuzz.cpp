// Fuzzes frame reading and message decoding: any bytes, read in any chunking, must come out
// as frames and JSON or as a storm::Error — never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/frame_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 64;  // the first byte picks the read size
  storm::detail::StringInput in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1),
                                chunk);
  storm::detail::FrameReader reader(in, nullptr, 1 << 20);
  try {
    while (auto frame = reader.next()) {
      try {
        nlohmann::json message = storm::detail::parse_frame(*frame);
        std::string out;
        storm::detail::append_json(out, message);  // what a pass-through emit does
      } catch (const storm::Error&) {
      }
    }
  } catch (const storm::Error&) {
  }
  return 0;
}
