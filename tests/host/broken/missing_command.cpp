// Answers a heartbeat with an object that has no `command`: Storm's NullPointerException.
#include "raw.hpp"

int main() {
  raw::handshake();
  while (auto frame = raw::read_frame()) {
    if (raw::is_heartbeat(nlohmann::json::parse(*frame))) raw::write_frame(R"({"msg":"alive"})");
  }
  return 0;
}
