// Spouts: Storm asks (next, ack, fail, activate, deactivate) and waits for `sync`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/component.hpp"

namespace storm {

class Spout;

/// A handle for emitting from threads other than the main one: `auto out = emitter();` then,
/// on any thread, `out.emit(storm::message_id(id), value)`. Storm reads a spout's messages
/// only while it waits for a command's `sync`: such emits reach it with the next command.
class SpoutEmitter {
 public:
  template <class... Args>
  void emit(const Args&... args) const;

 private:
  friend class Spout;
  explicit SpoutEmitter(Spout& spout) : spout_(&spout) {}
  Spout* spout_;
};

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

  /// Emits a tuple: options first (storm::message_id, storm::stream, storm::direct; see
  /// core/emit.hpp), then the values: `emit(storm::message_id(n), sentence)`. With a message
  /// id the tuple is reliable: ack() or fail() will be called with that id. Throws
  /// Error(bad_emit) for an emit Storm would refuse. Thread-safe (see emitter()).
  template <class... Args>
  void emit(const Args&... args) {
    emit_impl(false, args...);
  }
  /// Emits and returns the ids of the tasks that received the tuple. Costs a round trip to
  /// Storm; main thread only.
  template <class... Args>
  std::vector<int> emit_with_task_ids(const Args&... args) {
    return emit_impl(true, args...);
  }
  /// The handle for user threads.
  SpoutEmitter emitter() { return SpoutEmitter(*this); }

 protected:
  /// Called for each reliable emit (with a message id) before it is sent, on the emitting
  /// thread: ReliableSpout keeps the tuple until it is acked. May throw to refuse the emit.
  virtual void on_reliable_emit(const nlohmann::json& message_id, const detail::ValuesRef& values,
                                std::string_view stream) {
    (void)message_id, (void)values, (void)stream;
  }
  /// The emit that on_reliable_emit saw could not be sent (a value the wire refuses).
  virtual void on_reliable_emit_refused(const nlohmann::json& message_id) { (void)message_id; }
  /// Emits without calling on_reliable_emit (a replay of a tuple already kept).
  std::vector<int> resend(const detail::EmitOptions& options, const detail::ValuesRef& values) {
    return send_emit(options, values, nullptr, false);
  }

 private:
  friend class SpoutEmitter;

  template <class... Args>
  std::vector<int> emit_impl(bool need_task_ids, const Args&... args) {
    detail::EmitOptions options;
    return detail::split_emit<detail::allow_message_id>(
        options,
        [&](const detail::EmitOptions& o, const detail::ValuesRef& values) {
          if (o.message_id == nullptr) return send_emit(o, values, nullptr, need_task_ids);
          check_emit(o, values);
          on_reliable_emit(*o.message_id, values, o.stream);
          try {
            return send_checked(o, values, nullptr, need_task_ids);
          } catch (...) {
            on_reliable_emit_refused(*o.message_id);
            throw;
          }
        },
        args...);
  }
};

template <class... Args>
void SpoutEmitter::emit(const Args&... args) const {
  spout_->emit_impl(false, args...);
}

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
