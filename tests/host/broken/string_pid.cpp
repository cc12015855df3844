// Replies with its pid as a JSON string: Storm casts the pid to a Number and dies.
#include "raw.hpp"

int main() {
  raw::read_handshake();
  raw::write_frame("{\"pid\":\"" + std::to_string(::getpid()) + "\"}");
  return raw::idle();
}
