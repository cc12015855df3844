// Spouts: Storm asks (next, ack, fail, activate, deactivate) and waits for `sync`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/component.hpp"

namespace storm {

inline constexpr std::string_view default_stream = "default";

/// Base class of spouts. Every hook runs on the main thread, one at a time; Storm waits for
/// each to return. If a hook throws, the exception is reported to Storm and the spout goes on
/// (or exits, see set_exit_on_exception).
class Spout : public Component {
 public:
  /// Storm wants tuples: emit zero or more. Must not block for long (Storm waits, and a spout
  /// is killed after topology.subprocess.timeout.secs).
  virtual void next_tuple() = 0;
  /// The tuple tree of `message_id` completed. The id is the JSON value given to emit().
  virtual void ack(const nlohmann::json& message_id) { (void)message_id; }
  /// The tuple tree of `message_id` failed or timed out.
  virtual void fail(const nlohmann::json& message_id) { (void)message_id; }
  /// The topology was activated (Storm 1.1+), before the first next_tuple().
  virtual void activate() {}
  /// The topology was deactivated or is being killed (Storm 1.1+).
  virtual void deactivate() {}

  /// Emits `values` (a JSON array: `emit({a, b})`). With a non-null `message_id` the tuple is
  /// reliable: ack() or fail() will be called with that id. Thread-safe.
  void emit(const nlohmann::json& values, const nlohmann::json& message_id = nullptr,
            std::string_view stream = default_stream) {
    send(values, message_id, stream, std::nullopt, false);
  }
  /// Emits to one task of a direct stream. (Broken on Storm 2.6.0+: see docs/protocol.md.)
  void emit_direct(int task, const nlohmann::json& values,
                   const nlohmann::json& message_id = nullptr,
                   std::string_view stream = default_stream) {
    send(values, message_id, stream, task, false);
  }
  /// Emits and returns the ids of the tasks that received the tuple. Costs a round trip to
  /// Storm; main thread only.
  std::vector<int> emit_with_task_ids(const nlohmann::json& values,
                                      const nlohmann::json& message_id = nullptr,
                                      std::string_view stream = default_stream) {
    return send(values, message_id, stream, std::nullopt, true);
  }

 private:
  std::vector<int> send(const nlohmann::json& values, const nlohmann::json& message_id,
                        std::string_view stream, std::optional<int> task, bool need_task_ids) {
    return collector().emit({values, stream, nullptr, 0, &message_id, task, need_task_ids});
  }
};

namespace detail {

/// Runs the hook for one spout command under the exception policy. Unknown commands are
/// logged and otherwise ignored. The caller sends the `sync`.
STORMCPP_INLINE void dispatch_command(Spout& spout, std::string_view command,
                                      const nlohmann::json& id);

}  // namespace detail
}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/components/spout-inl.hpp"
#endif
