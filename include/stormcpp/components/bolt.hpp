// Bolts: Storm sends tuples (and heartbeats) whenever it likes; the bolt emits, acks and fails.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/component.hpp"
#include "stormcpp/components/tuple.hpp"

namespace storm {

class Bolt;

namespace detail {
/// Delivers one tuple (not a heartbeat) to `bolt`: process() or process_tick() under the
/// exception policy, then auto-ack or auto-fail.
STORMCPP_INLINE void deliver(Bolt& bolt, Tuple& tuple);
}  // namespace detail

/// A handle for emitting, acking and failing from threads other than the one running
/// process(): `auto out = emitter();` then, on any thread, `out.emit(storm::anchors(t), v)`,
/// `out.ack(t)`. Nothing is anchored automatically. Valid as long as the bolt.
class BoltEmitter {
 public:
  /// As Bolt::emit, without the automatic anchor: pass storm::anchors(...) for reliability.
  template <class... Args>
  void emit(const Args&... args) const;
  STORMCPP_INLINE void ack(const Tuple& tuple) const;
  STORMCPP_INLINE void fail(const Tuple& tuple) const;

 private:
  friend class Bolt;
  explicit BoltEmitter(Bolt& bolt) : bolt_(&bolt) {}
  Bolt* bolt_;
};

/// Base class of bolts. process() and process_tick() run on the main thread, one tuple at a
/// time. By default (like streamparse) a bolt auto-acks each tuple after process() returns,
/// auto-anchors emits to the tuple being processed, and auto-fails the tuple when process()
/// throws; a tuple the user acked or failed is never acked or failed again by the runtime.
class Bolt : public Component {
 public:
  /// Handles one input tuple. If it throws, the error is reported to Storm, the tuple failed
  /// (auto-fail), and the bolt goes on (or exits, see set_exit_on_exception). A call that runs
  /// longer than topology.subprocess.timeout.secs gets the bolt killed by Storm.
  virtual void process(const Tuple& tuple) = 0;
  /// Handles a tick tuple (topology.tick.tuple.freq.secs; the value is the frequency). Ticks
  /// are acked after this returns (whatever auto_ack says) unless the hook acked or failed it.
  virtual void process_tick(const Tuple& tick) { (void)tick; }

  /// Emits a tuple: options first (storm::stream, storm::anchors, storm::direct; see
  /// core/emit.hpp), then the values: `emit(word, count)`. Without storm::anchors, the tuple
  /// is anchored to the one process() is handling (auto-anchor). Throws Error(bad_emit) for
  /// an emit Storm would refuse (undeclared stream, wrong value count). Thread-safe; other
  /// threads should use emitter(), which anchors explicitly.
  template <class... Args>
  void emit(const Args&... args) {
    emit_impl(false, true, args...);
  }
  /// Emits and returns the ids of the tasks that received the tuple. Costs a round trip to
  /// Storm (other input is queued meanwhile); main thread only.
  template <class... Args>
  std::vector<int> emit_with_task_ids(const Args&... args) {
    return emit_impl(true, true, args...);
  }
  /// The handle for user threads.
  BoltEmitter emitter() { return BoltEmitter(*this); }

  /// Acks `tuple`. Each tuple must be acked or failed exactly once (Storm kills the bolt
  /// otherwise); the runtime's auto-ack/auto-fail skip tuples settled here. Thread-safe, but
  /// with auto-ack on, ack the tuple being processed before process() returns.
  void ack(const Tuple& tuple) {
    settle(tuple);
    collector().ack(tuple.id());
  }
  /// Fails `tuple`: its spout will see fail() for it. Thread-safe, as ack().
  void fail(const Tuple& tuple) {
    settle(tuple);
    collector().fail(tuple.id());
  }

  /// Options; also set by the topology conf keys stormcpp.auto_ack, stormcpp.auto_anchor and
  /// stormcpp.auto_fail (read before initialize()).
  void set_auto_ack(bool value) { auto_ack_ = value; }
  void set_auto_anchor(bool value) { auto_anchor_ = value; }
  void set_auto_fail(bool value) { auto_fail_ = value; }
  bool auto_ack() const { return auto_ack_; }
  bool auto_anchor() const { return auto_anchor_; }
  bool auto_fail() const { return auto_fail_; }

 protected:
  STORMCPP_INLINE void apply_conf(const nlohmann::json& conf) override;

 private:
  friend void detail::deliver(Bolt& bolt, Tuple& tuple);
  friend class BoltEmitter;
  friend class BatchingBolt;

  template <class... Args>
  std::vector<int> emit_impl(bool need_task_ids, bool may_anchor, const Args&... args) {
    detail::EmitOptions options;
    return detail::split_emit<detail::allow_anchors>(
        options,
        [&](const detail::EmitOptions& o, const detail::ValuesRef& values) {
          if (o.anchors != nullptr || !may_anchor) {
            return send_emit(o, values, o.anchors, need_task_ids);
          }
          Anchors automatic = auto_anchors();
          return send_emit(o, values, &automatic, need_task_ids);
        },
        args...);
  }
  Anchors auto_anchors() const {
    if (!auto_anchor_ || std::this_thread::get_id() != processing_thread_.load()) {
      return Anchors::none();
    }
    if (batch_ != nullptr) return Anchors::to(*batch_);
    return current_ != nullptr ? Anchors::to(*current_) : Anchors::none();
  }
  // Marks `tuple` settled if it is the one being processed (any thread).
  void settle(const Tuple& tuple) {
    std::uint64_t unsettled = detail::tuple_serial(tuple) << 1;
    if (unsettled != 0) current_state_.compare_exchange_strong(unsettled, unsettled | 1);
  }

  bool auto_ack_ = true;
  bool auto_anchor_ = true;
  bool auto_fail_ = true;
  // The processing thread's own state: read and written only on it.
  const std::vector<Tuple>* batch_ = nullptr;  // BatchingBolt: the batch being processed
  const Tuple* current_ = nullptr;             // the tuple process() is handling
  std::uint64_t last_serial_ = 0;
  // Shared with user threads.
  std::atomic<std::thread::id> processing_thread_{};
  std::atomic<std::uint64_t> current_state_{0};  // serial of the current tuple << 1 | settled
};

template <class... Args>
void BoltEmitter::emit(const Args&... args) const {
  bolt_->emit_impl(false, false, args...);
}

}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/components/bolt-inl.hpp"
#endif
