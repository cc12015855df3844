// Bolts: Storm sends tuples (and heartbeats) whenever it likes; the bolt emits, acks and fails.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/component.hpp"
#include "stormcpp/components/spout.hpp"
#include "stormcpp/components/tuple.hpp"

namespace storm {

class Bolt;

namespace detail {
/// Delivers one tuple (not a heartbeat) to `bolt`: process() or process_tick() under the
/// exception policy, then auto-ack or auto-fail.
STORMCPP_INLINE void deliver(Bolt& bolt, const Tuple& tuple);
}  // namespace detail

/// The input tuples an emitted tuple is anchored to. Converts from a Tuple, a braced list of
/// tuples or a vector of tuples; `Anchors::none()` emits unanchored even with auto-anchor on.
/// Holds views: build it in the emit call, don't keep it.
class Anchors {
 public:
  Anchors(const Tuple& tuple) : single_(tuple.id()), count_(1) {}  // NOLINT: implicit by design
  Anchors(std::initializer_list<std::reference_wrapper<const Tuple>> tuples) {
    for (const Tuple& t : tuples)
      add(t.id());
  }
  Anchors(const std::vector<Tuple>& tuples) {  // NOLINT: implicit by design
    for (const Tuple& t : tuples)
      add(t.id());
  }
  /// Anchors by tuple id.
  explicit Anchors(const std::vector<std::string>& ids) {
    for (const std::string& id : ids)
      add(id);
  }
  static Anchors none() { return Anchors(); }

  const std::string_view* data() const { return many_.empty() ? &single_ : many_.data(); }
  std::size_t size() const { return count_; }

 private:
  Anchors() = default;
  void add(std::string_view id) {
    if (count_ == 1) many_.push_back(single_);
    if (count_ >= 1)
      many_.push_back(id);
    else
      single_ = id;
    ++count_;
  }

  std::string_view single_;
  std::vector<std::string_view> many_;
  std::size_t count_ = 0;
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

  /// Emits `values` (a JSON array: `emit({a, b})`), anchored to the current tuple when
  /// auto-anchor is on. Thread-safe; auto-anchoring applies only on the thread running
  /// process(), so other threads should pass anchors explicitly.
  void emit(const nlohmann::json& values, std::string_view stream = default_stream) {
    send(values, auto_anchors(), stream, std::nullopt, false);
  }
  /// Emits anchored to `anchors` (use Anchors::none() for an unanchored tuple).
  void emit(const nlohmann::json& values, const Anchors& anchors,
            std::string_view stream = default_stream) {
    send(values, anchors, stream, std::nullopt, false);
  }
  /// Emits to one task of a direct stream. (Broken on Storm 2.6.0+: see docs/protocol.md.)
  void emit_direct(int task, const nlohmann::json& values,
                   std::string_view stream = default_stream) {
    send(values, auto_anchors(), stream, task, false);
  }
  void emit_direct(int task, const nlohmann::json& values, const Anchors& anchors,
                   std::string_view stream = default_stream) {
    send(values, anchors, stream, task, false);
  }
  /// Emits and returns the ids of the tasks that received the tuple. Costs a round trip to
  /// Storm (other input is queued meanwhile); main thread only.
  std::vector<int> emit_with_task_ids(const nlohmann::json& values,
                                      std::string_view stream = default_stream) {
    return send(values, auto_anchors(), stream, std::nullopt, true);
  }
  std::vector<int> emit_with_task_ids(const nlohmann::json& values, const Anchors& anchors,
                                      std::string_view stream = default_stream) {
    return send(values, anchors, stream, std::nullopt, true);
  }

  /// Acks `tuple`. Each tuple must be acked or failed exactly once (Storm kills the bolt
  /// otherwise); the runtime's auto-ack/auto-fail skip tuples settled here.
  void ack(const Tuple& tuple) {
    settle(tuple);
    collector().ack(tuple.id());
  }
  /// Fails `tuple`: its spout will see fail() for it.
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
  friend void detail::deliver(Bolt& bolt, const Tuple& tuple);

  Anchors auto_anchors() const {
    if (!auto_anchor_ || std::this_thread::get_id() != processing_thread_) return Anchors::none();
    if (batch_ != nullptr) return Anchors(*batch_);
    return current_ != nullptr ? Anchors(*current_) : Anchors::none();
  }
  void settle(const Tuple& tuple) {
    if (current_ != nullptr && tuple.id() == current_->id()) current_settled_ = true;
  }
  std::vector<int> send(const nlohmann::json& values, const Anchors& anchors,
                        std::string_view stream, std::optional<int> task, bool need_task_ids) {
    return collector().emit(
        {values, stream, anchors.data(), anchors.size(), nullptr, task, need_task_ids});
  }

  bool auto_ack_ = true;
  bool auto_anchor_ = true;
  bool auto_fail_ = true;
  friend class BatchingBolt;
  const std::vector<Tuple>* batch_ = nullptr;  // BatchingBolt: the batch being processed
  const Tuple* current_ = nullptr;             // the tuple process() is handling
  std::thread::id processing_thread_;
  bool current_settled_ = false;  // the user acked or failed it
};
}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/components/bolt-inl.hpp"
#endif
