// The components of @NAME@: sensor readings -> alerts above a threshold -> alerts per sensor.
// Replace them with your own; tests/components_test.cpp shows how to test each one.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include <stormcpp/stormcpp.hpp>

namespace @NAME@ {

/// Emits readings ["sensor", "celsius"] from five made-up sensors, reliably: each reading has a
/// message id, and a failed one is emitted again (ReliableSpout). `@NAME@.readings_per_second`
/// (topology config, default 200) sets the pace.
class ReadingsSpout : public storm::ReliableSpout {
 public:
  // The outputs, as the spec declares them: checked at start-up and at every emit.
  ReadingsSpout() { declare_output({"sensor", "celsius"}); }

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    double rate = conf.value("@NAME@.readings_per_second", 200.0);
    interval_ = std::chrono::duration_cast<storm::Clock::duration>(std::chrono::duration<double>(1.0 / rate));
    next_due_ = now();
  }

  void produce() override {
    if (now() < next_due_) return;
    next_due_ += interval_;
    std::int64_t n = next_++;
    std::string sensor = "sensor-" + std::to_string(n % 5);
    double celsius = 15.0 + static_cast<double>((n * 37) % 300) / 10.0;  // 15.0 .. 44.9
    emit(storm::message_id(n), sensor, celsius);
  }

 private:
  std::int64_t next_ = 0;
  storm::Clock::duration interval_{};
  storm::Clock::time_point next_due_;
};

/// Passes on the readings above `@NAME@.alert_celsius` (default 40) as alerts; drops the rest.
/// Its metrics (`stormcpp run` and `stormcpp stats` show them): counters `readings` and
/// `alerts`, timer `check`.
class AlertBolt : public storm::Bolt {
 public:
  AlertBolt() { declare_output({"sensor", "celsius"}); }

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    limit_ = conf.value("@NAME@.alert_celsius", 40.0);
    readings_ = &metrics().counter("readings");
    alerts_ = &metrics().counter("alerts");
    check_ = &metrics().timer("check");
  }

  void process(const storm::Tuple& tuple) override {
    auto timing = check_->scope();
    readings_->inc();
    auto [sensor, celsius] = tuple.as<std::string_view, double>();
    if (celsius > limit_) {
      emit(sensor, celsius);
      alerts_->inc();
    }
  }

 private:
  double limit_ = 40.0;
  storm::Counter* readings_ = nullptr;
  storm::Counter* alerts_ = nullptr;
  storm::Timer* check_ = nullptr;
};

/// Counts the alerts of each sensor (its input is grouped by sensor, so each sensor's alerts
/// reach one task) and emits ["sensor", "alerts"]; logs every 100th alert of a sensor.
/// Gauge `sensors`: the sensors this task has seen.
class TallyBolt : public storm::Bolt {
 public:
  TallyBolt() { declare_output({"sensor", "alerts"}); }

  void process(const storm::Tuple& tuple) override {
    std::string sensor = tuple.get<std::string>("sensor");
    std::int64_t alerts = ++alerts_[sensor];
    metrics().gauge("sensors").set(static_cast<double>(alerts_.size()));  // looked up by name
    if (alerts % 100 == 0) logger()->info("tally: {} has {} alerts", sensor, alerts);
    emit(sensor, alerts);
  }

 private:
  std::map<std::string, std::int64_t> alerts_;
};

}  // namespace @NAME@
