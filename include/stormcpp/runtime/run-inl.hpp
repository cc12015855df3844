#pragma once

#include <cstdio>
#include <string>

#include "stormcpp/error.hpp"
#include "stormcpp/runtime/process.hpp"
#include "stormcpp/runtime/run.hpp"
#include "stormcpp/runtime/runner.hpp"

namespace storm {

STORMCPP_INLINE int run(const ComponentFactory& factory) {
  try {
    detail::ProtocolFds fds = detail::isolate_protocol_fds();
    detail::install_signal_handlers(fds.in);
    std::unique_ptr<Component> component;
    try {
      component = factory();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "stormcpp: [stormcpp.user_code] the component's constructor threw: %s\n",
                   e.what());
      return static_cast<int>(ExitCode::user_code);
    }
    detail::FdInput in(fds.in);
    detail::FdOutput out(fds.out);
    return detail::run_component(*component, in, out);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stormcpp: %s\n", e.what());
    return static_cast<int>(ExitCode::internal);
  }
}

STORMCPP_INLINE int run(int argc, char** argv,
                        const std::map<std::string, ComponentFactory>& components) {
  std::string name = argc > 1 ? argv[1] : "";
  auto found = components.find(name);
  if (found != components.end()) return run(found->second);

  std::string names;
  for (const auto& entry : components)
    names += (names.empty() ? "" : "|") + entry.first;
  std::string program = argc > 0 ? argv[0] : "component";
  if (name == "--help" || name == "-h") {
    std::fprintf(stderr, "usage: %s %s\n", program.c_str(), names.c_str());
    return static_cast<int>(ExitCode::ok);
  }
  std::fprintf(stderr, "stormcpp: [stormcpp.usage] %s: usage: %s %s\n",
               name.empty() ? "no component named" : ("unknown component '" + name + "'").c_str(),
               program.c_str(), names.c_str());
  return static_cast<int>(ExitCode::usage);
}

STORMCPP_INLINE bool stop_requested() noexcept {
  return detail::stop_requested();
}

}  // namespace storm
