#pragma once

#include "stormcpp/components/bolt.hpp"

namespace storm {

STORMCPP_INLINE void Bolt::apply_conf(const nlohmann::json& conf) {
  Component::apply_conf(conf);
  auto_ack_ = conf.value("stormcpp.auto_ack", auto_ack_);
  auto_anchor_ = conf.value("stormcpp.auto_anchor", auto_anchor_);
  auto_fail_ = conf.value("stormcpp.auto_fail", auto_fail_);
}

STORMCPP_INLINE void BoltEmitter::ack(const Tuple& tuple) const {
  bolt_->ack(tuple);
}
STORMCPP_INLINE void BoltEmitter::fail(const Tuple& tuple) const {
  bolt_->fail(tuple);
}

namespace detail {

STORMCPP_INLINE void deliver(Bolt& bolt, Tuple& tuple) {
  const bool tick = tuple.is_tick();
  const char* hook = tick ? "process_tick" : "process";
  const std::uint64_t unsettled = ++bolt.last_serial_ << 1;
  set_tuple_serial(tuple, bolt.last_serial_);
  bolt.current_ = &tuple;
  // Release stores (plain moves on x86): only this thread changes the serial; other threads
  // only set the settled bit of the serial they read, with a compare-exchange.
  bolt.current_state_.store(unsettled, std::memory_order_release);
  if (bolt.processing_thread_.load(std::memory_order_relaxed) != std::this_thread::get_id()) {
    bolt.processing_thread_.store(std::this_thread::get_id());
  }
  struct Reset {
    Bolt& bolt;
    ~Reset() {
      bolt.current_ = nullptr;
      bolt.current_state_.store(0, std::memory_order_release);
    }
  } reset{bolt};

  bool ok = run_hook(bolt, hook, [&] {
    if (tick) {
      bolt.process_tick(tuple);
    } else {
      bolt.process(tuple);
    }
  });
  // Settled here unless the user acked or failed it first (on any thread).
  std::uint64_t expected = unsettled;
  if (bolt.current_state_.compare_exchange_strong(expected, unsettled | 1,
                                                  std::memory_order_acq_rel)) {
    if (ok && (tick || bolt.auto_ack_)) bolt.collector().ack(tuple.id());
    if (!ok && bolt.auto_fail_) bolt.collector().fail(tuple.id());
  }
  if (!ok) after_failed_hook(bolt, hook);
}

}  // namespace detail
}  // namespace storm
