// A component that follows a script given as arguments, to produce any frame sequence the
// host must judge. Actions, in order:
//   handshake        pid file and pid reply
//   offer            pid file and a pid reply offering the msgpack wire
//   wrong-pid        pid file and pid reply both naming pid + 1
//   tuple            reads frames until a tuple that is not a heartbeat (heartbeats get a sync)
//                    and remembers its id as $ID (the id's digits, without quotes)
//   write=TEXT       writes TEXT as one frame ($ID replaced)
//   raw=TEXT         writes TEXT and a newline, no `end` line ($ID replaced)
//   packed=JSON      writes JSON as a packed frame (the msgpack wire)
//   hex=HEX          writes the bytes HEX spells (two digits a byte)
//   sleep=MS         sleeps
//   exit=N           exits with code N at once
// After the script it answers heartbeats with sync, ignores everything else, and exits 0 when
// stdin ends.
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "raw.hpp"

namespace {

std::string replace_id(std::string text, const std::string& id) {
  for (auto at = text.find("$ID"); at != std::string::npos; at = text.find("$ID", at + id.size()))
    text.replace(at, 3, id);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  std::string id;
  for (int i = 1; i < argc; ++i) {
    std::string action = argv[i];
    std::string value =
        action.find('=') == std::string::npos ? "" : action.substr(action.find('=') + 1);
    if (action == "handshake") {
      raw::handshake();
    } else if (action == "offer") {
      raw::read_handshake();
      raw::write_frame("{\"pid\":" + std::to_string(::getpid()) + ",\"wire\":\"msgpack/1\"}");
    } else if (action == "wrong-pid") {
      nlohmann::json handshake = raw::read_handshake(/*create_pid_file=*/false);
      std::string pid = std::to_string(::getpid() + 1);
      std::ofstream(handshake.at("pidDir").get<std::string>() + "/" + pid);
      raw::write_frame("{\"pid\":" + pid + "}");
    } else if (action == "tuple") {
      for (;;) {
        auto frame = raw::read_frame();
        if (!frame) return 0;
        nlohmann::json message = nlohmann::json::parse(*frame);
        if (raw::is_heartbeat(message)) {
          raw::write_frame("{\"command\":\"sync\"}");
        } else if (message.is_object() && message.contains("id")) {
          id = message["id"].get<std::string>();
          break;
        }
      }
    } else if (action.rfind("write=", 0) == 0) {
      raw::write_frame(replace_id(value, id));
    } else if (action.rfind("raw=", 0) == 0) {
      std::cout << replace_id(value, id) << "\n" << std::flush;
    } else if (action.rfind("packed=", 0) == 0) {
      std::vector<std::uint8_t> body = nlohmann::json::to_msgpack(nlohmann::json::parse(value));
      auto size = static_cast<std::uint32_t>(body.size());
      std::cout << '\xc1' << static_cast<char>(size >> 24) << static_cast<char>(size >> 16)
                << static_cast<char>(size >> 8) << static_cast<char>(size);
      std::cout.write(reinterpret_cast<const char*>(body.data()),
                      static_cast<std::streamsize>(body.size()));
      std::cout << std::flush;
    } else if (action.rfind("hex=", 0) == 0) {
      for (std::size_t at = 0; at + 1 < value.size(); at += 2)
        std::cout << static_cast<char>(std::stoi(value.substr(at, 2), nullptr, 16));
      std::cout << std::flush;
    } else if (action.rfind("sleep=", 0) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(value)));
    } else if (action.rfind("exit=", 0) == 0) {
      return std::stoi(value);
    } else {
      std::cerr << "scripted: unknown action " << action << "\n";
      return 2;
    }
  }
  return raw::idle();
}
