// Optional GoogleTest helpers for the harness (the library itself never needs GoogleTest).
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include "stormcpp/testing/harness.hpp"

namespace storm::testing {

/// Readable failure output for emits.
inline void PrintTo(const Emit& emit, std::ostream* os) {
  *os << "emit " << emit.values.dump() << " on " << emit.stream;
  if (!emit.anchors.empty()) *os << " anchored to " << nlohmann::json(emit.anchors).dump();
  if (!emit.message_id.is_null()) *os << " id " << emit.message_id.dump();
  if (emit.task) *os << " to task " << *emit.task;
}

/// Matches an emit with these values (a JSON array) on any stream.
MATCHER_P(EmitOf, values, "emits " + nlohmann::json(values).dump()) {
  return arg.values == nlohmann::json(values);
}

/// Matches an emit anchored to exactly this tuple.
MATCHER_P(AnchoredTo, tuple, "anchored to tuple " + tuple.id()) {
  return arg.anchors == std::vector<std::string>{tuple.id()};
}

}  // namespace storm::testing

/// Fails the test if the component did something Storm would kill it for.
#define EXPECT_NO_STORM_VIOLATIONS(harness) \
  EXPECT_THAT((harness).violations(), ::testing::IsEmpty())
