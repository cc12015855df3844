#pragma once

#include "stormcpp/components/spout.hpp"

namespace storm::detail {

STORMCPP_INLINE void dispatch_command(Spout& spout, std::string_view command,
                                      const nlohmann::json& id) {
  const char* hook = nullptr;
  bool ok = true;
  if (command == "next") {
    hook = "next_tuple";
    ok = run_hook(spout, hook, [&] { spout.next_tuple(); });
  } else if (command == "ack") {
    hook = "ack";
    ok = run_hook(spout, hook, [&] { spout.ack(id); });
  } else if (command == "fail") {
    hook = "fail";
    ok = run_hook(spout, hook, [&] { spout.fail(id); });
  } else if (command == "activate") {
    hook = "activate";
    ok = run_hook(spout, hook, [&] { spout.activate(); });
  } else if (command == "deactivate") {
    hook = "deactivate";
    ok = run_hook(spout, hook, [&] { spout.deactivate(); });
  } else {
    spout.log("stormcpp: ignoring unknown spout command '" + std::string(command) + "'",
              LogLevel::warn);
  }
  if (!ok) after_failed_hook(spout, hook);
}

}  // namespace storm::detail
