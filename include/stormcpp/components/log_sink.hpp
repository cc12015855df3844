// An spdlog sink that sends each record to Storm's worker log through the `log` command.
#pragma once

#include <mutex>
#include <string_view>

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>

#include "stormcpp/core/collector.hpp"

namespace storm::detail {

class StormLogSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  explicit StormLogSink(Collector& collector) : collector_(collector) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& record) override {
    LogLevel level = LogLevel::info;
    switch (record.level) {
      case spdlog::level::trace:
        level = LogLevel::trace;
        break;
      case spdlog::level::debug:
        level = LogLevel::debug;
        break;
      case spdlog::level::info:
        level = LogLevel::info;
        break;
      case spdlog::level::warn:
        level = LogLevel::warn;
        break;
      case spdlog::level::err:
      case spdlog::level::critical:
        level = LogLevel::error;
        break;
      default:
        return;
    }
    collector_.log(std::string_view(record.payload.data(), record.payload.size()), level);
  }
  void flush_() override {}

 private:
  Collector& collector_;
};

}  // namespace storm::detail
