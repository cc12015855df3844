// Acks heartbeats as if they were tuples: their ids are not tuples, Storm dies.
#include "raw.hpp"

int main() {
  raw::handshake();
  while (auto frame = raw::read_frame()) {
    nlohmann::json message = nlohmann::json::parse(*frame);
    if (raw::is_heartbeat(message)) {
      raw::write_frame(nlohmann::json{{"command", "ack"}, {"id", message["id"]}}.dump());
    }
  }
  return 0;
}
