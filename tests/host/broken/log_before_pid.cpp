// Logs before its pid reply: Storm takes the first message for the pid reply and dies.
#include "raw.hpp"

int main() {
  raw::read_handshake();
  raw::write_frame(R"({"command":"log","msg":"starting up","level":2})");
  raw::write_frame("{\"pid\":" + std::to_string(::getpid()) + "}");
  return raw::idle();
}
