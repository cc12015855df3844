// What spouts and bolts share: configuration, context, logging, errors, metrics, and the
// policy for exceptions thrown by user hooks.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/components/metrics.hpp"
#include "stormcpp/core/collector.hpp"
#include "stormcpp/core/context.hpp"
#include "stormcpp/core/emit.hpp"
#include "stormcpp/core/rules.hpp"
#include "stormcpp/error.hpp"

namespace storm {

class Component;

/// The clock components read time from (Component::now()).
using Clock = std::chrono::steady_clock;

namespace detail {

/// Where Component::now() reads time: the test harness substitutes a controllable one.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual Clock::time_point now() const = 0;
};

/// Connects `component` to `collector`, applies the `stormcpp.*` options of `conf`, checks the
/// outputs declared in code against the context (Error(bad_outputs) when they disagree), and
/// calls initialize(). A throwing initialize() is reported and becomes Error(user_code).
STORMCPP_INLINE void attach(Component& component, Collector& collector, nlohmann::json conf,
                            Context context);

/// Sends what changed in the component's metrics since the last report, if anything did: to
/// the metric the Java glue registered (conf key stormcpp.metrics.name, set by CppBolt and
/// CppSpout). Without that key (a plain ShellBolt/ShellSpout, which would die on the message)
/// it sends nothing and warns once in the worker log. The runtime calls it about once a second.
STORMCPP_INLINE void report_metrics(Component& component);

/// Runs one user hook under the exception policy: returns true when it returned normally;
/// when it threw, reports the exception through `error` and returns false. Fatal stormcpp
/// errors (I/O, protocol) pass through.
template <class F>
bool run_hook(Component& component, const char* hook, F&& body);

/// After a hook failed: throws Error(user_code) when the component exits on exceptions.
STORMCPP_INLINE void after_failed_hook(const Component& component, const char* hook);

}  // namespace detail

/// Base of Spout and Bolt. Subclass one of those, not this.
class Component {
 public:
  Component() = default;
  virtual ~Component() = default;
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;

  /// Called once, after the handshake and before any other hook, on the main thread.
  /// `conf` is the whole topology configuration. May emit, log and report. If it throws, the
  /// error goes to Storm and the process exits with ExitCode::user_code.
  virtual void initialize(const nlohmann::json& conf, const Context& context) {
    (void)conf;
    (void)context;
  }

  /// Declares an output stream and its fields, in the constructor (Storm's
  /// declareOutputFields, for the harness and the runtime to check): at start-up they must
  /// match the topology spec's, or the component exits with ExitCode::bad_outputs naming the
  /// difference; every emit is checked against them before it reaches Storm (a wrong stream
  /// or value count is an Error(bad_emit), not a killed worker). Optional: without it, emits
  /// are checked against what the spec declares.
  void declare_output(FieldNames fields) { declare_output(stream(default_stream), fields); }
  void declare_output(Stream stream, FieldNames fields) {
    declared_outputs_.push_back({std::string(stream.id), std::move(fields)});
  }
  /// The outputs declared in code.
  const std::vector<detail::DeclaredOutput>& declared_outputs() const { return declared_outputs_; }

  /// Writes `message` to the worker log at `level` (also: `logger()` for spdlog formatting).
  void log(std::string_view message, LogLevel level = LogLevel::info) {
    collector().log(message, level);
  }
  /// Reports an error to Storm: it shows in the Storm UI for this component.
  void report_error(std::string_view message) { collector().report_error(message); }
  /// This component's counters, gauges and timers, reported to Storm's metrics consumers
  /// (docs/metrics.md). Usable from initialize() on, from any thread.
  Metrics& metrics() { return metrics_; }

  /// An spdlog logger whose records go to the worker log at their level. The runtime also
  /// makes it spdlog's default logger, so `spdlog::info(...)` works anywhere.
  /// Null until the runtime attaches the component (use it from initialize() on).
  const std::shared_ptr<spdlog::logger>& logger() const { return logger_; }

  /// The topology configuration from the handshake.
  const nlohmann::json& conf() const { return conf_; }
  /// This component's context from the handshake.
  const Context& context() const { return context_; }

  /// When true, an exception from a hook ends the process (ExitCode::user_code) after it is
  /// reported (and, in a bolt, the tuple failed). Default false: report and go on.
  /// Also set by the topology conf key `stormcpp.exit_on_exception`.
  void set_exit_on_exception(bool value) { exit_on_exception_ = value; }
  bool exit_on_exception() const { return exit_on_exception_; }

  /// The current time. Time-based logic should read it here (not from the system clock), so
  /// that tests can control it with the harness's clock.
  Clock::time_point now() const { return time_source_ ? time_source_->now() : Clock::now(); }

  /// Internal: replaces the clock (the test harness does).
  void use_time_source(const detail::TimeSource* source) { time_source_ = source; }

 protected:
  /// Reads this component's `stormcpp.*` options from the topology conf. Called by attach()
  /// before initialize(); subclasses with options of their own extend it.
  STORMCPP_INLINE virtual void apply_conf(const nlohmann::json& conf);

  /// Throws Error(bad_emit) when Storm would refuse the emit (stream, value count, direct).
  void check_emit(const detail::EmitOptions& options, const detail::ValuesRef& values) const {
    output_rules_.check(options.stream, values.size(), options.task.has_value());
  }
  /// Checks an emit and hands it to the collector. Thread-safe.
  std::vector<int> send_emit(const detail::EmitOptions& options, const detail::ValuesRef& values,
                             const Anchors* anchors, bool need_task_ids) {
    check_emit(options, values);
    return send_checked(options, values, anchors, need_task_ids);
  }
  /// Hands an emit already checked to the collector.
  std::vector<int> send_checked(const detail::EmitOptions& options, const detail::ValuesRef& values,
                                const Anchors* anchors, bool need_task_ids) {
    detail::EmitMessage message{values,       options.stream, nullptr, 0, options.message_id,
                                options.task, need_task_ids};
    if (anchors != nullptr) {
      message.anchors = anchors->data();
      message.anchor_count = anchors->size();
    }
    return collector().emit(message);
  }

  detail::Collector& collector() const {
    if (collector_ == nullptr) {
      throw Error(Errc::bad_call, "component used before the runtime or harness attached it");
    }
    return *collector_;
  }

 private:
  friend void detail::attach(Component&, detail::Collector&, nlohmann::json, Context);
  friend void detail::report_metrics(Component&);

  detail::Collector* collector_ = nullptr;
  nlohmann::json conf_ = nlohmann::json::object();
  Context context_;
  std::shared_ptr<spdlog::logger> logger_;
  bool exit_on_exception_ = false;
  const detail::TimeSource* time_source_ = nullptr;
  Metrics metrics_;
  std::vector<detail::DeclaredOutput> declared_outputs_;
  detail::OutputRules output_rules_;  // fixed at attach: read by any emitting thread
  std::string metrics_route_;         // the Java side's metric (stormcpp.metrics.name)
  bool warned_no_metrics_route_ = false;
};

namespace detail {

template <class F>
bool run_hook(Component& component, const char* hook, F&& body) {
  std::string what;
  try {
    body();
    return true;
  } catch (const Error& e) {
    if (e.fatal()) throw;
    what = e.what();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception not derived from std::exception";
  }
  component.report_error(std::string(hook) + "() threw: " + what);
  return false;
}

}  // namespace detail
}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/components/component-inl.hpp"
#endif
