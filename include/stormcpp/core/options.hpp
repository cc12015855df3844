// The `stormcpp.*` keys a topology conf may hold: one table, one policy. At start-up (the
// runtime's handshake, the harness's start) every `stormcpp.*` key is checked against the
// table: a value of the wrong type or out of range is an error naming the key (the component
// does not start, exit code 3); an unknown key is warned about in the worker log, with the
// nearest known key. Keys outside `stormcpp.` belong to Storm or the user and are not looked at.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"

namespace storm::detail {

struct OptionSpec {
  enum Type { boolean, count, number, text, any };
  std::string_view key;
  Type type;
  std::string_view allowed = {};  ///< text: the allowed values, '|'-separated ("" = any)
};

/// Every `stormcpp.*` key: the runtime's, the components', and those the Java glue reads
/// (`any`: the component only passes them through). docs/components.md and the README describe
/// each. A `count` is an integer >= 0 (sizes, limits, milliseconds).
inline constexpr OptionSpec stormcpp_options[] = {
    // Components (Component, Bolt, BatchingBolt, ReliableSpout).
    {"stormcpp.auto_ack", OptionSpec::boolean},
    {"stormcpp.auto_anchor", OptionSpec::boolean},
    {"stormcpp.auto_fail", OptionSpec::boolean},
    {"stormcpp.exit_on_exception", OptionSpec::boolean},
    {"stormcpp.log_level", OptionSpec::text,
     "trace|debug|info|warn|warning|err|error|critical|off"},
    {"stormcpp.batch_size", OptionSpec::count},
    {"stormcpp.batch_ticks", OptionSpec::count},
    {"stormcpp.batch_interval_ms", OptionSpec::count},
    {"stormcpp.max_in_flight", OptionSpec::count},
    {"stormcpp.max_retries", OptionSpec::count},
    {"stormcpp.retry_backoff_ms", OptionSpec::count},
    {"stormcpp.retry_backoff_max_ms", OptionSpec::count},
    // The runtime (RuntimeOptions).
    {"stormcpp.wire", OptionSpec::text, "auto|json"},
    {"stormcpp.max_frame_bytes", OptionSpec::count},
    {"stormcpp.idle_sleep_min_ms", OptionSpec::count},
    {"stormcpp.idle_sleep_max_ms", OptionSpec::count},
    {"stormcpp.spout.next_calls", OptionSpec::count},
    {"stormcpp.spout.next_budget_us", OptionSpec::count},
    {"stormcpp.keepalive", OptionSpec::boolean},
    {"stormcpp.keepalive_interval_ms", OptionSpec::count},
    {"stormcpp.max_busy_secs", OptionSpec::number},
    {"stormcpp.metrics_interval_ms", OptionSpec::count},
    // Set or read by the Java glue (CppBolt/CppSpout, the stormcpp command, the benchmarks).
    {"stormcpp.bolt.engine", OptionSpec::text, "stormcpp|shellbolt"},
    {"stormcpp.spout.engine", OptionSpec::text, "stormcpp|shellspout"},
    {"stormcpp.metrics.name", OptionSpec::text},
    {"stormcpp.metrics.bucket.secs", OptionSpec::any},
    {"stormcpp.sink.file", OptionSpec::any},
};

/// Checks every `stormcpp.*` key of `conf` (an object) against stormcpp_options. Throws
/// Error(bad_option) naming the first key whose value has the wrong type or is not allowed;
/// returns a warning for each unknown key ("unknown option stormcpp.x ...; did you mean ...").
STORMCPP_INLINE std::vector<std::string> check_options(const nlohmann::json& conf);

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/core/options-inl.hpp"
#endif
