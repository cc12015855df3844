#pragma once

#include "stormcpp/components/bolt.hpp"

namespace storm {

STORMCPP_INLINE void Bolt::apply_conf(const nlohmann::json& conf) {
  Component::apply_conf(conf);
  auto_ack_ = conf.value("stormcpp.auto_ack", auto_ack_);
  auto_anchor_ = conf.value("stormcpp.auto_anchor", auto_anchor_);
  auto_fail_ = conf.value("stormcpp.auto_fail", auto_fail_);
}

namespace detail {

STORMCPP_INLINE void deliver(Bolt& bolt, const Tuple& tuple) {
  const bool tick = tuple.is_tick();
  const char* hook = tick ? "process_tick" : "process";
  bolt.current_ = &tuple;
  bolt.current_settled_ = false;
  bolt.processing_thread_ = std::this_thread::get_id();
  struct Reset {
    Bolt& bolt;
    ~Reset() { bolt.current_ = nullptr; }
  } reset{bolt};

  bool ok = run_hook(bolt, hook, [&] {
    if (tick) {
      bolt.process_tick(tuple);
    } else {
      bolt.process(tuple);
    }
  });
  if (!bolt.current_settled_) {
    if (ok && (tick || bolt.auto_ack_)) bolt.collector().ack(tuple.id());
    if (!ok && bolt.auto_fail_) bolt.collector().fail(tuple.id());
  }
  if (!ok) after_failed_hook(bolt, hook);
}

}  // namespace detail
}  // namespace storm
