// Entry points: `int main() { return storm::run<MyBolt>(); }`, or one binary hosting several
// components chosen by its first argument.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "stormcpp/common.hpp"
#include "stormcpp/components/component.hpp"

namespace storm {

/// Creates a component. `storm::make<MyBolt>` is one.
using ComponentFactory = std::function<std::unique_ptr<Component>()>;

template <class C>
std::unique_ptr<Component> make() {
  return std::make_unique<C>();
}

/// Runs the component `factory` makes as a Storm shell component on stdin/stdout until Storm
/// closes the pipe or sends SIGTERM. Never throws; returns a storm::ExitCode value.
STORMCPP_INLINE int run(const ComponentFactory& factory);

/// Runs one component of type C (a Spout or Bolt subclass).
template <class C>
int run() {
  return run(ComponentFactory(&make<C>));
}

/// Runs the component named by argv[1], e.g. `wordcount split` with
/// `run(argc, argv, {{"spout", storm::make<SentenceSpout>}, {"split", storm::make<SplitBolt>}})`.
/// A missing or unknown name prints the usage to stderr and returns ExitCode::usage.
STORMCPP_INLINE int run(int argc, char** argv,
                        const std::map<std::string, ComponentFactory>& components);

/// True once the process got SIGTERM or SIGINT: a long hook may check it and return early.
STORMCPP_INLINE bool stop_requested() noexcept;

}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/runtime/run-inl.hpp"
#endif
