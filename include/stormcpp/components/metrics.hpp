// A component's own metrics: counters, gauges and timers, registered by name and reported to
// Storm's metrics system through the Java glue (docs/metrics.md).
//
// Updates are lock-free atomics, safe from any thread. The runtime reports what changed about
// once a second as one `metrics` message to the metric that stormcpp.storm.CppBolt / CppSpout
// register on the Java side; from there Storm hands the values to its metrics consumers every
// bucket (topology.builtin.metrics.bucket.size.secs, or stormcpp.metrics.bucket.secs).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "stormcpp/error.hpp"

namespace storm {

class Metrics;

/// Counts events: inc() per tuple, per malformed input, per retry. Reported as the increase
/// since the last report; count() is the total since start.
class Counter {
 public:
  void inc(std::int64_t n = 1) noexcept { total_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t count() const noexcept { return total_.load(std::memory_order_relaxed); }

 private:
  friend class Metrics;
  std::atomic<std::int64_t> total_{0};
  std::int64_t reported_ = 0;  // guarded by the registry's mutex
};

/// A value at a point in time: a queue depth, a window size, a cache's entries. Reported when
/// it was set since the last report.
class Gauge {
 public:
  void set(double value) noexcept {
    value_.store(value, std::memory_order_relaxed);
    changed_.store(true, std::memory_order_release);
  }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  friend class Metrics;
  std::atomic<double> value_{0};
  std::atomic<bool> changed_{false};
};

/// Durations: record() each one, or time a call with time(f) or a scope(). Reported as the
/// count, sum, min and max of the durations recorded since the last report.
class Timer {
 public:
  void record(std::chrono::nanoseconds d) noexcept {
    std::int64_t ns = std::max<std::int64_t>(0, d.count());
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(ns, std::memory_order_relaxed);
    lower(min_ns_, ns);
    raise(max_ns_, ns);
  }
  template <class Rep, class Period>
  void record(std::chrono::duration<Rep, Period> d) noexcept {
    record(std::chrono::duration_cast<std::chrono::nanoseconds>(d));
  }

  /// Records the duration of the scope it lives in: `auto t = timer.scope();`.
  class Scope {
   public:
    explicit Scope(Timer& timer) : timer_(&timer), start_(std::chrono::steady_clock::now()) {}
    Scope(Scope&& other) noexcept
        : timer_(std::exchange(other.timer_, nullptr)), start_(other.start_) {}
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope() {
      if (timer_ != nullptr) timer_->record(std::chrono::steady_clock::now() - start_);
    }

   private:
    Timer* timer_;
    std::chrono::steady_clock::time_point start_;
  };
  [[nodiscard]] Scope scope() { return Scope(*this); }

  /// Calls f() and records how long it took; returns what f returns.
  template <class F>
  decltype(auto) time(F&& f) {
    Scope s(*this);
    return std::forward<F>(f)();
  }

  /// Durations recorded since start, and their sum.
  std::int64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }
  std::chrono::nanoseconds total() const noexcept {
    return std::chrono::nanoseconds(sum_ns_.load(std::memory_order_relaxed));
  }

 private:
  friend class Metrics;
  static constexpr std::int64_t none = INT64_MAX;
  static void lower(std::atomic<std::int64_t>& a, std::int64_t v) noexcept {
    std::int64_t cur = a.load(std::memory_order_relaxed);
    while (v < cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
    }
  }
  static void raise(std::atomic<std::int64_t>& a, std::int64_t v) noexcept {
    std::int64_t cur = a.load(std::memory_order_relaxed);
    while (v > cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
    }
  }

  std::atomic<std::int64_t> count_{0};
  std::atomic<std::int64_t> sum_ns_{0};
  std::atomic<std::int64_t> min_ns_{none};  // since the last report
  std::atomic<std::int64_t> max_ns_{-1};
  std::int64_t reported_count_ = 0;  // guarded by the registry's mutex
  std::int64_t reported_sum_ns_ = 0;
};

/// A component's metrics by name (Component::metrics()). Look a metric up once, in
/// initialize(), and keep the reference: lookups take a lock, updates do not. A first lookup
/// registers the metric, so lazy use (`metrics().counter("retries").inc()`) works too.
/// References stay valid for the component's life. Thread-safe.
///
/// Names: 1 to 100 characters of [A-Za-z0-9_.:-]. Asking for a name already registered as
/// another kind throws Error(bad_call).
class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  Counter& counter(std::string_view name) { return get<Counter>(name, counters_, "counter"); }
  Gauge& gauge(std::string_view name) { return get<Gauge>(name, gauges_, "gauge"); }
  Timer& timer(std::string_view name) { return get<Timer>(name, timers_, "timer"); }

  /// True when no metric is registered (checked per tuple: one relaxed load).
  bool empty() const noexcept { return !registered_.load(std::memory_order_relaxed); }

  /// Internal: what changed since the last call, as the `params` of the `metrics` message the
  /// Java glue expects — {"counters": {name: increase}, "gauges": {name: value},
  /// "timers": {name: {"count", "sum_ms", "min_ms", "max_ms"}}} — or nullopt when nothing did.
  std::optional<nlohmann::json> take_report() {
    std::lock_guard<std::mutex> lock(mutex_);
    nlohmann::json counters = nlohmann::json::object(), gauges = nlohmann::json::object(),
                   timers = nlohmann::json::object();
    for (auto& [name, c] : counters_) {
      std::int64_t total = c->count();
      if (total == c->reported_) continue;
      counters[name] = total - c->reported_;
      c->reported_ = total;
    }
    for (auto& [name, g] : gauges_) {
      if (g->changed_.exchange(false, std::memory_order_acquire)) gauges[name] = g->value();
    }
    for (auto& [name, t] : timers_) {
      // min/max first: a duration recorded meanwhile lands in this report's count or the next.
      std::int64_t min = t->min_ns_.exchange(Timer::none, std::memory_order_relaxed);
      std::int64_t max = t->max_ns_.exchange(-1, std::memory_order_relaxed);
      std::int64_t count = t->count(), sum = t->sum_ns_.load(std::memory_order_relaxed);
      if (count == t->reported_count_) continue;
      timers[name] = {{"count", count - t->reported_count_},
                      {"sum_ms", static_cast<double>(sum - t->reported_sum_ns_) / 1e6},
                      {"min_ms", max < 0 ? 0.0 : static_cast<double>(min) / 1e6},
                      {"max_ms", max < 0 ? 0.0 : static_cast<double>(max) / 1e6}};
      t->reported_count_ = count;
      t->reported_sum_ns_ = sum;
    }
    nlohmann::json report = nlohmann::json::object();
    if (!counters.empty()) report["counters"] = std::move(counters);
    if (!gauges.empty()) report["gauges"] = std::move(gauges);
    if (!timers.empty()) report["timers"] = std::move(timers);
    if (report.empty()) return std::nullopt;
    return report;
  }

  /// Whether `name` is a valid metric name.
  static bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    return std::all_of(name.begin(), name.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '_' || ch == '.' || ch == ':' || ch == '-';
    });
  }

 private:
  template <class T>
  using Map = std::map<std::string, std::unique_ptr<T>, std::less<>>;

  template <class T>
  T& get(std::string_view name, Map<T>& map, const char* kind) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = map.find(name); it != map.end()) return *it->second;
    if (!valid_name(name)) {
      throw Error(Errc::bad_call, "invalid metric name \"" + std::string(name) +
                                      "\": use 1 to 100 characters of [A-Za-z0-9_.:-]");
    }
    const char* other = counters_.count(name) != 0 ? "counter"
                        : gauges_.count(name) != 0 ? "gauge"
                        : timers_.count(name) != 0 ? "timer"
                                                   : nullptr;
    if (other != nullptr) {
      throw Error(Errc::bad_call, "metric \"" + std::string(name) + "\" is a " + other +
                                      ", not a " + kind + ": give each metric one kind");
    }
    registered_.store(true, std::memory_order_relaxed);
    return *map.emplace(std::string(name), std::make_unique<T>()).first->second;
  }

  std::mutex mutex_;
  Map<Counter> counters_;
  Map<Gauge> gauges_;
  Map<Timer> timers_;
  std::atomic<bool> registered_{false};
};

}  // namespace storm
