// Page-view analytics behind Storm's Kafka spout: events -> parse -> rolling counts per URL and
// per referrer domain -> top-N, with the counts, the rankings and the malformed events written
// back to Kafka by Storm's Kafka bolt (topologies/pageviews.yaml, docs/kafka.md).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <stormcpp/stormcpp.hpp>

namespace pageviews {

/// The domain a referrer URL names, lower-cased, without "www."; "(direct)" for none.
inline std::string referrer_domain(const std::string& referrer) {
  if (referrer.empty()) return "(direct)";
  std::size_t start = referrer.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::size_t end = referrer.find_first_of("/:?#", start);
  std::string host = referrer.substr(start, end == std::string::npos ? end : end - start);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host.empty() ? "(direct)" : host;
}

/// The URL's path without query string or fragment ("/news/42?ref=x#top" -> "/news/42").
inline std::string url_path(const std::string& url) {
  std::size_t end = url.find_first_of("?#");
  return end == std::string::npos ? url : url.substr(0, end);
}

/// Parses the Kafka spout's records (fields topic, partition, offset, key, value; value a JSON
/// page view: {"url": "/a", "referrer": "https://x.com/", "visitor": "v1", "ts": ms}). A valid
/// event goes out as [url, referrer, visitor, ts]; anything else (not JSON, a field missing or
/// of the wrong type, a field over pageviews.max_field_bytes) goes to stream "errors" as
/// [key, message] for the dead-letter topic, with the reason, the record's place in Kafka and
/// its first 1 KiB, and is acked: a bad event is reported once, never replayed forever.
/// Metrics: counters `events`, `malformed`.
class ParseBolt : public storm::Bolt {
 public:
  ParseBolt() {
    declare_output({"url", "referrer", "visitor", "ts"});
    declare_output(storm::stream("errors"), {"key", "message"});
  }

  static constexpr std::size_t kept_bytes = 1024;  // of a malformed event, in its error record

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    max_field_ = conf.value("pageviews.max_field_bytes", std::size_t{2048});
    events_ = &metrics().counter("events");
    malformed_ = &metrics().counter("malformed");
  }

  void process(const storm::Tuple& record) override {
    events_->inc();
    const nlohmann::json& value = record["value"];
    std::string problem;
    nlohmann::json event;
    if (!value.is_string()) {
      problem = "the record has no value";
    } else {
      event = nlohmann::json::parse(value.get_ref<const std::string&>(), nullptr, false);
      problem = check(event);
    }
    if (problem.empty()) {
      emit(url_path(event["url"].get<std::string>()), referrer_domain(event.value("referrer", "")),
           event["visitor"], event["ts"]);
      return;
    }
    malformed_->inc();
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    bool truncated = text.size() > kept_bytes;
    if (truncated) text.resize(kept_bytes);
    nlohmann::json report = {{"error", problem},
                             {"topic", record["topic"]},
                             {"partition", record["partition"]},
                             {"offset", record["offset"]},
                             {"event", text},
                             {"truncated", truncated}};
    std::string key = record["topic"].get<std::string>() + "-" + record["partition"].dump() + "@" +
                      record["offset"].dump();
    emit(storm::stream("errors"), key,
         report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

 private:
  std::string check(const nlohmann::json& event) const {
    if (event.is_discarded()) return "not JSON";
    if (!event.is_object()) return "not a JSON object";
    for (const char* field : {"url", "visitor"}) {
      if (!event.contains(field) || !event[field].is_string() ||
          event[field].get_ref<const std::string&>().empty())
        return std::string("no ") + field + " (a non-empty string)";
    }
    if (event.contains("referrer") && !event["referrer"].is_string())
      return "referrer is not a string";
    if (!event.contains("ts") || !event["ts"].is_number_integer() ||
        event["ts"].get<std::int64_t>() <= 0)
      return "no ts (milliseconds since the epoch)";
    for (const char* field : {"url", "visitor", "referrer"}) {
      if (event.contains(field) && event[field].get_ref<const std::string&>().size() > max_field_)
        return std::string(field) + " longer than pageviews.max_field_bytes (" +
               std::to_string(max_field_) + ")";
    }
    return "";
  }

  std::size_t max_field_ = 2048;
  storm::Counter* events_ = nullptr;
  storm::Counter* malformed_ = nullptr;
};

/// Counts page views per value of one field (url or referrer) over a sliding window of
/// pageviews.window_secs (default 300) in buckets of pageviews.bucket_secs (default 10),
/// by processing time. Driven by tick tuples, which must come every bucket
/// (topology.tick.tuple.freq.secs = bucket_secs on this component).
///
/// At-least-once: an event is acked only once its count has left the bolt. On each tick, for
/// every key that got events since the last one, it emits [key, message, kind, name,
/// window_count] anchored to exactly those events, then acks them; message is the JSON
/// {"kind", "key", "delta", "window_count", "window_secs"} that goes to Kafka. A key whose
/// window count fell (buckets expired) is emitted too, with delta 0 and no anchors. If this
/// process dies, the events it held time out and Kafka replays them: summing the deltas
/// per key counts every event at least once (replays count twice); the window counts restart.
class RollingCountBolt : public storm::Bolt {
 public:
  explicit RollingCountBolt(std::string field) : field_(std::move(field)) {
    declare_output({"key", "message", "kind", "name", "window_count"});
  }

  void initialize(const nlohmann::json& conf, const storm::Context& context) override {
    set_auto_ack(false);
    set_auto_anchor(false);
    window_secs_ = conf.value("pageviews.window_secs", std::int64_t{300});
    bucket_secs_ = conf.value("pageviews.bucket_secs", std::int64_t{10});
    if (bucket_secs_ <= 0 || window_secs_ < bucket_secs_ || window_secs_ % bucket_secs_ != 0)
      throw std::invalid_argument(
          "pageviews.window_secs must be a whole number of pageviews.bucket_secs (got " +
          std::to_string(window_secs_) + " and " + std::to_string(bucket_secs_) + ")");
    auto tick = conf.find("topology.tick.tuple.freq.secs");
    if (tick == conf.end() || !tick->is_number_integer() ||
        tick->get<std::int64_t>() != bucket_secs_)
      throw std::invalid_argument(
          "component '" + context.component_id +
          "' needs tick tuples every bucket: set its topology.tick.tuple.freq.secs to " +
          std::to_string(bucket_secs_) + " (pageviews.bucket_secs)");
    start_ = now();
    held_ = &metrics().gauge("held_events");
  }

  void process(const storm::Tuple& event) override {
    Key& key = keys_[event[field_].get<std::string>()];
    ++key.buckets[bucket_now()];
    key.held.push_back(event);
    ++key.window_count;
    ++held_count_;
  }

  void process_tick(const storm::Tuple&) override {
    std::int64_t oldest = bucket_now() - window_secs_ / bucket_secs_ + 1;
    for (auto it = keys_.begin(); it != keys_.end();) {
      Key& key = it->second;
      std::int64_t expired = 0;
      while (!key.buckets.empty() && key.buckets.begin()->first < oldest) {
        expired += key.buckets.begin()->second;
        key.buckets.erase(key.buckets.begin());
      }
      key.window_count -= expired;
      if (!key.held.empty() || expired > 0) flush(it->first, key);
      it = key.buckets.empty() && key.held.empty() ? keys_.erase(it) : std::next(it);
    }
    held_->set(static_cast<double>(held_count_));
  }

 private:
  struct Key {
    std::map<std::int64_t, std::int64_t> buckets;  // bucket number -> events counted in it
    std::vector<storm::Tuple> held;                // counted, not yet emitted and acked
    std::int64_t window_count = 0;
  };

  std::int64_t bucket_now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(now() - start_).count() / bucket_secs_;
  }

  void flush(const std::string& name, Key& key) {
    nlohmann::json message = {{"kind", field_},
                              {"key", name},
                              {"delta", key.held.size()},
                              {"window_count", key.window_count},
                              {"window_secs", window_secs_}};
    std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // Anchored to every event it counts (none when only expired buckets changed the count).
    emit(storm::anchors(key.held), field_ + ":" + name, text, field_, name, key.window_count);
    for (const storm::Tuple& event : key.held)
      ack(event);
    held_count_ -= static_cast<std::int64_t>(key.held.size());
    key.held.clear();
  }

  std::string field_;
  std::int64_t window_secs_ = 300;
  std::int64_t bucket_secs_ = 10;
  storm::Clock::time_point start_;
  std::unordered_map<std::string, Key> keys_;
  std::int64_t held_count_ = 0;
  storm::Gauge* held_ = nullptr;
};

/// Ranks the rolling counts (all of them: global grouping from the counters, which send one
/// tuple per key and bucket, not per event). On each tick it emits, per kind (url, referrer),
/// [key, message] with message the JSON {"kind", "window_secs", "top": [{"key", "count"}...]}:
/// the pageviews.top_n (default 10) highest window counts, ties by key. Derived state: it acks
/// at once, and after a restart it ranks again from the counts that come.
class TopBolt : public storm::Bolt {
 public:
  TopBolt() { declare_output({"key", "message"}); }

  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    top_n_ = conf.value("pageviews.top_n", std::size_t{10});
    window_secs_ = conf.value("pageviews.window_secs", std::int64_t{300});
  }

  void process(const storm::Tuple& count) override {
    auto& counts = kinds_[count["kind"].get<std::string>()];
    std::int64_t n = count["window_count"].get<std::int64_t>();
    if (n > 0) {
      counts[count["name"].get<std::string>()] = n;
    } else {
      counts.erase(count["name"].get<std::string>());
    }
  }

  void process_tick(const storm::Tuple&) override {
    for (const auto& [kind, counts] : kinds_) {
      std::vector<std::pair<std::string, std::int64_t>> ranked(counts.begin(), counts.end());
      std::size_t n = std::min(top_n_, ranked.size());
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n),
                        ranked.end(), [](const auto& a, const auto& b) {
                          return a.second != b.second ? a.second > b.second : a.first < b.first;
                        });
      nlohmann::json top = nlohmann::json::array();
      for (std::size_t i = 0; i < n; ++i)
        top.push_back({{"key", ranked[i].first}, {"count", ranked[i].second}});
      nlohmann::json message = {{"kind", kind}, {"window_secs", window_secs_}, {"top", top}};
      emit(kind, message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }

 private:
  std::size_t top_n_ = 10;
  std::int64_t window_secs_ = 300;
  std::map<std::string, std::unordered_map<std::string, std::int64_t>> kinds_;
};

}  // namespace pageviews
