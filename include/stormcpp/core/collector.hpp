// The boundary between components and what carries their actions: the protocol channel at
// run time, a recorder in tests.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/core/emit.hpp"

namespace storm {

/// Log levels of the `log` command (Storm's numbering).
enum class LogLevel : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };

namespace detail {

/// Where a component's actions go: the protocol channel at run time, a recorder in tests.
/// Implementations are thread-safe.
class Collector {
 public:
  virtual ~Collector() = default;
  /// Sends an emit; returns the receiving task ids when `emit.need_task_ids`, else {}.
  virtual std::vector<int> emit(const EmitMessage& emit) = 0;
  virtual void ack(std::string_view tuple_id) = 0;
  virtual void fail(std::string_view tuple_id) = 0;
  virtual void log(std::string_view message, LogLevel level) = 0;
  virtual void report_error(std::string_view message) = 0;
  virtual void metrics(std::string_view name, const nlohmann::json& params) = 0;
};

}  // namespace detail
}  // namespace storm
