#pragma once

#include <spdlog/spdlog.h>

#include "stormcpp/components/component.hpp"
#include "stormcpp/components/log_sink.hpp"
#include "stormcpp/core/options.hpp"

namespace storm {

STORMCPP_INLINE void Component::apply_conf(const nlohmann::json& conf) {
  exit_on_exception_ = conf.value("stormcpp.exit_on_exception", exit_on_exception_);
  metrics_route_ = conf.value("stormcpp.metrics.name", metrics_route_);
}

namespace detail {

STORMCPP_INLINE void attach(Component& component, Collector& collector, nlohmann::json conf,
                            Context context) {
  component.collector_ = &collector;
  component.conf_ = conf.is_object() ? std::move(conf) : nlohmann::json::object();
  component.context_ = std::move(context);
  std::string mismatch = outputs_mismatch(component.context_, component.declared_outputs_);
  if (!mismatch.empty()) throw Error(Errc::bad_outputs, mismatch);
  component.output_rules_ = OutputRules::from(component.context_, component.declared_outputs_);

  auto sink = std::make_shared<StormLogSink>(collector);
  std::string name =
      component.context_.component_id.empty() ? "stormcpp" : component.context_.component_id;
  component.logger_ = std::make_shared<spdlog::logger>(name, std::move(sink));
  std::vector<std::string> unknown = check_options(component.conf_);  // throws Error(bad_option)
  component.apply_conf(component.conf_);
  component.logger_->set_level(
      spdlog::level::from_str(component.conf_.value("stormcpp.log_level", "info")));
  for (const std::string& warning : unknown)
    component.logger_->warn(warning);

  if (!run_hook(component, "initialize",
                [&] { component.initialize(component.conf_, component.context_); })) {
    throw Error(Errc::user_code, "initialize() threw; the component cannot start");
  }
}

STORMCPP_INLINE void report_metrics(Component& component) {
  std::optional<nlohmann::json> report = component.metrics_.take_report();
  if (!report) return;
  if (!component.metrics_route_.empty()) {
    component.collector().metrics(component.metrics_route_, *report);
  } else if (!component.warned_no_metrics_route_) {
    component.warned_no_metrics_route_ = true;
    component.log(
        "stormcpp: this component's metrics are not reported: it does not run under "
        "stormcpp.storm.CppBolt / CppSpout, which register the metric they go to (a plain "
        "ShellBolt or ShellSpout would die on them); see docs/metrics.md",
        LogLevel::warn);
  }
}

STORMCPP_INLINE void after_failed_hook(const Component& component, const char* hook) {
  if (component.exit_on_exception()) {
    throw Error(Errc::user_code,
                std::string(hook) + "() threw and stormcpp.exit_on_exception is set");
  }
}

}  // namespace detail
}  // namespace storm
