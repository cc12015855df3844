// Puts two messages before one `end` line: Storm keeps the first and silently drops the
// second (here the heartbeat's sync).
#include "raw.hpp"

int main() {
  raw::handshake();
  while (auto frame = raw::read_frame()) {
    if (raw::is_heartbeat(nlohmann::json::parse(*frame))) {
      raw::write_frame(R"({"command":"log","msg":"heartbeat","level":1}{"command":"sync"})");
    }
  }
  return 0;
}
