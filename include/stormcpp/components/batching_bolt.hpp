// A bolt that handles tuples in batches, closed by tuple count, tick count or age, optionally
// one batch per key.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/bolt.hpp"

namespace storm {

/// Collects tuples into batches and hands each closed batch to process_batch().
///
/// Firing rules, checked in this order:
/// 1. Age (set_batch_interval, stormcpp.batch_interval_ms): when a tuple or tick arrives,
///    every batch opened at least the interval ago (Component::now()) closes. Batches are only
///    checked when input arrives, so set topology.tick.tuple.freq.secs to bound the delay.
/// 2. Count (set_batch_size, stormcpp.batch_size): a tuple joins its key's batch; the batch
///    closes at once when it holds that many tuples.
/// 3. Ticks (set_batch_ticks, stormcpp.batch_ticks): the Nth, 2Nth, 3Nth... tick since the
///    bolt started closes every open batch (N = 1: every tick).
/// Defaults: no count or age limit, every tick closes (set the tick frequency in the conf).
/// Several batches closing at once go in key order.
///
/// A closed batch's tuples are acked after process_batch() returns and failed if it throws
/// (which is reported like any hook's exception). With auto-anchor on, emits in
/// process_batch() are anchored to every tuple of the batch. Tuples still open when the bolt
/// shuts down are neither acked nor failed: Storm times them out and the spout replays them.
class BatchingBolt : public Bolt {
 public:
  BatchingBolt() { set_auto_ack(false); }

  /// Handles the tuples of one closed batch, in arrival order. `key` is group_key()'s value.
  virtual void process_batch(const nlohmann::json& key, const std::vector<Tuple>& tuples) = 0;
  /// The key of the batch `tuple` joins; the default puts every tuple in one batch (null).
  virtual nlohmann::json group_key(const Tuple& tuple) {
    (void)tuple;
    return nullptr;
  }

  void set_batch_size(std::size_t tuples) { batch_size_ = tuples; }
  void set_batch_ticks(unsigned ticks) { batch_ticks_ = ticks; }
  void set_batch_interval(std::chrono::milliseconds interval) { batch_interval_ = interval; }
  std::size_t batch_size() const { return batch_size_; }
  unsigned batch_ticks() const { return batch_ticks_; }
  std::chrono::milliseconds batch_interval() const { return batch_interval_; }
  /// Tuples waiting in open batches.
  std::size_t pending() const {
    std::size_t n = 0;
    for (const auto& entry : batches_)
      n += entry.second.tuples.size();
    return n;
  }

  void process(const Tuple& tuple) final {
    close_expired();
    nlohmann::json key = group_key(tuple);
    auto [it, opened] = batches_.try_emplace(std::move(key));
    if (opened) it->second.opened = now();
    it->second.tuples.push_back(tuple);
    if (batch_size_ > 0 && it->second.tuples.size() >= batch_size_) close(it);
  }

  void process_tick(const Tuple&) final {
    close_expired();
    if (batch_ticks_ > 0 && ++ticks_ % batch_ticks_ == 0) {
      while (!batches_.empty())
        close(batches_.begin());
    }
  }

 protected:
  void apply_conf(const nlohmann::json& conf) override {
    Bolt::apply_conf(conf);
    set_auto_ack(false);  // the batch acks its tuples
    batch_size_ = conf.value("stormcpp.batch_size", batch_size_);
    batch_ticks_ = conf.value("stormcpp.batch_ticks", batch_ticks_);
    batch_interval_ = std::chrono::milliseconds(
        conf.value("stormcpp.batch_interval_ms", static_cast<long>(batch_interval_.count())));
  }

 private:
  struct Batch {
    std::vector<Tuple> tuples;
    Clock::time_point opened;
  };
  using Batches = std::map<nlohmann::json, Batch>;

  void close_expired() {
    if (batch_interval_.count() <= 0) return;
    Clock::time_point now = this->now();
    for (auto it = batches_.begin(); it != batches_.end();) {
      auto next = std::next(it);
      if (now - it->second.opened >= batch_interval_) close(it);
      it = next;
    }
  }

  void close(Batches::iterator it) {
    nlohmann::json key = it->first;
    Batch batch = std::move(it->second);
    batches_.erase(it);
    batch_ = &batch.tuples;
    bool ok = detail::run_hook(*this, "process_batch", [&] { process_batch(key, batch.tuples); });
    batch_ = nullptr;
    for (const Tuple& tuple : batch.tuples) {
      if (ok) {
        ack(tuple);
      } else {
        fail(tuple);
      }
    }
    if (!ok) detail::after_failed_hook(*this, "process_batch");
  }

  std::size_t batch_size_ = 0;
  unsigned batch_ticks_ = 1;
  std::chrono::milliseconds batch_interval_{0};
  unsigned long ticks_ = 0;
  Batches batches_;
};

}  // namespace storm
