// Replies with the right pid but never creates its pid file in pidDir.
#include "raw.hpp"

int main() {
  raw::read_handshake(/*create_pid_file=*/false);
  raw::write_frame("{\"pid\":" + std::to_string(::getpid()) + "}");
  return raw::idle();
}
