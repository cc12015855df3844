// A spout that keeps what it emitted until Storm acks it: failed tuples are emitted again up
// to a limit (with optional back-off), and the number in flight is capped.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/spout.hpp"

namespace storm {

/// Subclasses implement produce() instead of next_tuple(), and emit with a message id.
///
/// - Every tuple emitted with `emit(storm::message_id(id), values...)` is in flight until
///   Storm acks it.
/// - A failed tuple is emitted again with the same id and values, at most max_retries times
///   (stormcpp.max_retries, default 3). With a back-off (stormcpp.retry_backoff_ms, doubling
///   per failure up to stormcpp.retry_backoff_max_ms) it waits in flight and is re-emitted by
///   the first next_tuple() after it is due; without one it is re-emitted at once.
/// - One more failure after the last retry calls give_up(id, values) and forgets the tuple.
/// - While max_in_flight tuples are in flight (stormcpp.max_in_flight, default 1000, 0 = no
///   cap), produce() is not called and the spout emits nothing new.
/// Emitting from user threads (emitter()) and in_flight() are thread-safe.
class ReliableSpout : public Spout {
 public:
  /// Emits new tuples with emit(storm::message_id(id), ...). Called by next_tuple() while
  /// below the cap.
  virtual void produce() = 0;
  /// The tuple tree of `message_id` completed.
  virtual void on_ack(const nlohmann::json& message_id) { (void)message_id; }
  /// The tuple failed once more than max_retries allows; it is forgotten after this.
  /// The default logs an error.
  virtual void give_up(const nlohmann::json& message_id, const nlohmann::json& values) {
    log("giving up on tuple " + message_id.dump() + " after " + std::to_string(max_retries_) +
            " retries: " + values.dump(),
        LogLevel::error);
  }

  void next_tuple() final {
    Clock::time_point now = this->now();
    std::vector<std::pair<nlohmann::json, const InFlight*>> due;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& [id, tuple] : in_flight_) {
        if (tuple.retry_at && *tuple.retry_at <= now) {
          tuple.retry_at.reset();
          due.emplace_back(id, &tuple);
        }
      }
    }
    // Entries stay put until acked or failed, which only this thread handles.
    for (const auto& [id, tuple] : due)
      replay(id, *tuple);
    if (max_in_flight_ == 0 || in_flight() < max_in_flight_) produce();
  }

  void ack(const nlohmann::json& message_id) final {
    std::size_t erased;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      erased = in_flight_.erase(message_id);
    }
    if (erased > 0) on_ack(message_id);
  }

  void fail(const nlohmann::json& message_id) final {
    std::unique_lock<std::mutex> lock(mutex_);
    auto it = in_flight_.find(message_id);
    if (it == in_flight_.end()) return;  // not ours (an unreliable emit cannot fail)
    InFlight& tuple = it->second;
    if (++tuple.failures > max_retries_) {
      nlohmann::json values = std::move(tuple.values);
      in_flight_.erase(it);
      lock.unlock();
      give_up(message_id, values);
      return;
    }
    if (retry_backoff_.count() <= 0) {
      lock.unlock();
      replay(message_id, tuple);
      return;
    }
    auto delay = retry_backoff_ * (1L << std::min(tuple.failures - 1, 20));
    tuple.retry_at = now() + std::min(delay, retry_backoff_max_);
  }

  void set_max_in_flight(std::size_t tuples) { max_in_flight_ = tuples; }
  void set_max_retries(int retries) { max_retries_ = retries; }
  void set_retry_backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max) {
    retry_backoff_ = initial;
    retry_backoff_max_ = max;
  }
  /// Tuples emitted and not yet acked or given up (waiting retries included).
  std::size_t in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_.size();
  }

 protected:
  void apply_conf(const nlohmann::json& conf) override {
    Spout::apply_conf(conf);
    max_in_flight_ = conf.value("stormcpp.max_in_flight", max_in_flight_);
    max_retries_ = conf.value("stormcpp.max_retries", max_retries_);
    retry_backoff_ = std::chrono::milliseconds(
        conf.value("stormcpp.retry_backoff_ms", static_cast<long>(retry_backoff_.count())));
    retry_backoff_max_ = std::chrono::milliseconds(
        conf.value("stormcpp.retry_backoff_max_ms", static_cast<long>(retry_backoff_max_.count())));
  }

  void on_reliable_emit(const nlohmann::json& message_id, const detail::ValuesRef& values,
                        std::string_view stream) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, added] = in_flight_.try_emplace(message_id);
    if (!added) {
      throw Error(Errc::bad_call, "message id " + message_id.dump() + " is already in flight");
    }
    it->second.values = detail::to_json_array(values);
    it->second.stream = std::string(stream);
  }
  void on_reliable_emit_refused(const nlohmann::json& message_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_.erase(message_id);
  }

 private:
  struct InFlight {
    nlohmann::json values;
    std::string stream;
    int failures = 0;
    std::optional<Clock::time_point> retry_at;  // set while waiting for a back-off retry
  };

  void replay(const nlohmann::json& message_id, const InFlight& tuple) {
    detail::EmitOptions options;
    options.stream = tuple.stream;
    options.message_id = &message_id;
    resend(options, detail::ValuesRef(values_from(tuple.values)));
  }

  mutable std::mutex mutex_;  // guards in_flight_ (user threads emit through emitter())
  std::map<nlohmann::json, InFlight> in_flight_;
  std::size_t max_in_flight_ = 1000;
  int max_retries_ = 3;
  std::chrono::milliseconds retry_backoff_{0};
  std::chrono::milliseconds retry_backoff_max_{60000};
};

}  // namespace storm
