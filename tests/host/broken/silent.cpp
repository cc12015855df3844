// Replies with its pid, then reads everything and never writes again: no sync for any
// heartbeat, no ack. (Written with raw frames: stormcpp's keepalive would answer for a bolt
// stuck in process(), up to stormcpp.max_busy_secs.)
#include "raw.hpp"

int main() {
  raw::handshake();
  while (raw::read_frame()) {
  }
  return 0;
}
