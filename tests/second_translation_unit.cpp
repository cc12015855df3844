// Linked into the unit tests beside the others: a missing `inline` in a header-only
// definition becomes a duplicate-symbol link error.
#include <stormcpp/runtime/channel.hpp>
#include <stormcpp/runtime/process.hpp>
#include <stormcpp/runtime/runner.hpp>
#include <stormcpp/stormcpp.hpp>

int stormcpp_second_translation_unit() {
  return static_cast<int>(storm::ExitCode::ok);
}
