// The runtime's own settings, read from the topology conf (`stormcpp.*` keys).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

#include <nlohmann/json.hpp>

#include "stormcpp/core/options.hpp"
#include "stormcpp/error.hpp"
#include "stormcpp/wire/frame_reader.hpp"

namespace storm::detail {

struct RuntimeOptions {
  /// Spouts: sleep before `sync` when next_tuple() emitted nothing, doubling from min to max
  /// while idle; no sleep after a next_tuple() that emitted. max 0 turns it off.
  std::chrono::milliseconds idle_sleep_min{1};
  std::chrono::milliseconds idle_sleep_max{10};
  /// Spouts: up to this many next_tuple() calls per `next` from Storm, so that a spout that
  /// emits one tuple per call is not paced by one round trip per tuple. The calls stop at the
  /// first that emits nothing, and once `next_budget` has passed since the first.
  std::size_t next_calls = 1;
  std::chrono::microseconds next_budget{2000};
  /// Bolts: while one hook call runs longer than `keepalive_interval`, a background thread
  /// sends `sync` every interval so Storm does not kill the bolt — until the call has run
  /// `max_busy`, when the bolt counts as stuck and is left to Storm's timeout.
  bool keepalive = true;
  std::chrono::milliseconds keepalive_interval{1000};
  std::chrono::milliseconds max_busy{std::chrono::minutes(5)};
  std::size_t max_frame_bytes = FrameReader::default_max_frame_bytes;
  /// How often the component's metrics are reported to the Java side (when they changed).
  std::chrono::milliseconds metrics_interval{1000};
  /// Offer the msgpack wire in the pid reply (`stormcpp.wire`: "auto", the default, or
  /// "json" to stay on JSON even under stormcpp.storm.MsgpackSerializer).
  bool offer_msgpack = true;

  /// Reads `conf`, whose stormcpp.* values check_options() (core/options.hpp) has checked.
  static RuntimeOptions from_conf(const nlohmann::json& conf) {
    RuntimeOptions o;
    auto millis = [&](const char* key, std::chrono::milliseconds fallback) {
      return std::chrono::milliseconds(conf.value(key, static_cast<long>(fallback.count())));
    };
    // Storm's own timeout: topology.subprocess.timeout.secs, else the worker timeout.
    long timeout_secs = conf.value("supervisor.worker.timeout.secs", 30L);
    timeout_secs = conf.value("topology.subprocess.timeout.secs", timeout_secs);
    auto storm_timeout = std::chrono::milliseconds(timeout_secs * 1000);
    o.keepalive_interval = std::min(o.keepalive_interval, storm_timeout / 3);

    o.idle_sleep_min = millis("stormcpp.idle_sleep_min_ms", o.idle_sleep_min);
    o.idle_sleep_max = millis("stormcpp.idle_sleep_max_ms", o.idle_sleep_max);
    o.next_calls = std::max<std::size_t>(1, conf.value("stormcpp.spout.next_calls", o.next_calls));
    o.next_budget = std::chrono::microseconds(
        conf.value("stormcpp.spout.next_budget_us", static_cast<long>(o.next_budget.count())));
    o.keepalive = conf.value("stormcpp.keepalive", o.keepalive);
    o.keepalive_interval = millis("stormcpp.keepalive_interval_ms", o.keepalive_interval);
    if (auto it = conf.find("stormcpp.max_busy_secs"); it != conf.end()) {
      o.max_busy = std::chrono::milliseconds(static_cast<long>(it->get<double>() * 1000));
    }
    o.max_frame_bytes = conf.value("stormcpp.max_frame_bytes", o.max_frame_bytes);
    o.metrics_interval = millis("stormcpp.metrics_interval_ms", o.metrics_interval);
    o.offer_msgpack = conf.value("stormcpp.wire", "auto") == "auto";
    return o;
  }
};

/// Spouts' idle back-off: how long to sleep after each next_tuple().
class IdleBackoff {
 public:
  IdleBackoff(std::chrono::milliseconds min, std::chrono::milliseconds max)
      : min_(min), max_(max) {}

  /// Zero after a call that emitted; while idle min, 2*min, 4*min ... up to max.
  std::chrono::milliseconds after_next(bool emitted) {
    if (emitted || max_.count() <= 0) {
      current_ = std::chrono::milliseconds(0);
      return current_;
    }
    current_ = current_.count() == 0 ? std::max(min_, std::chrono::milliseconds(1))
                                     : std::min(current_ * 2, max_);
    return std::min(current_, max_);
  }

 private:
  std::chrono::milliseconds min_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds current_{0};
};

}  // namespace storm::detail
