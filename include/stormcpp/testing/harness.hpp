// In-process test harness: run a bolt or spout with a fake handshake, feed it tuples, ticks
// and commands, and inspect what it emitted, acked, failed, logged and reported — no Storm,
// no JVM, no pipes. The same dispatch code as under Storm runs (auto-ack, auto-anchor,
// exception policy, the checks of emits against the declared outputs); only the protocol
// channel is replaced by a Recorder, which encodes every emit with the runtime's own encoder
// (the JSON wire's, or the msgpack wire's under stormcpp.storm.MsgpackSerializer), so a value
// Storm could not be sent fails here as it would in production.
//
//   storm::testing::BoltHarness<SplitBolt> h;
//   h.source("sentences", "default", {"sentence"});
//   auto t = h.process({"the cow"}, "sentences");
//   EXPECT_EQ(storm::testing::values_of(h.emits()), (std::vector<nlohmann::json>{{"the"},
//   {"cow"}})); EXPECT_TRUE(h.acked(t));
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/components/bolt.hpp"
#include "stormcpp/components/spout.hpp"
#include "stormcpp/core/rules.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/msgpack.hpp"

namespace storm::testing {

/// One emit as the component made it.
struct Emit {
  nlohmann::json values;
  std::string stream;
  std::vector<std::string> anchors;  ///< bolts: ids of the anchor tuples
  nlohmann::json message_id;         ///< spouts: null when unreliable
  std::optional<int> task;           ///< direct emits
  bool need_task_ids = false;
};

struct LogRecord {
  LogLevel level;
  std::string message;
};

struct Metric {
  std::string name;
  nlohmann::json params;
};

/// The values of `emits`, in order (optionally only those on `stream`).
inline std::vector<nlohmann::json> values_of(const std::vector<Emit>& emits,
                                             std::optional<std::string> stream = std::nullopt) {
  std::vector<nlohmann::json> values;
  for (const auto& emit : emits) {
    if (!stream || emit.stream == *stream) values.push_back(emit.values);
  }
  return values;
}

/// A clock that moves only when told to. Starts at an arbitrary fixed point.
class ManualClock final : public storm::detail::TimeSource {
 public:
  Clock::time_point now() const override { return now_; }
  void advance(Clock::duration by) { now_ += by; }

 private:
  Clock::time_point now_ = Clock::time_point(std::chrono::hours(1));
};

/// Records everything a component does, and what Storm would kill it for (`violations`).
/// Thread-safe, like the real channel.
class Recorder final : public storm::detail::Collector {
 public:
  std::vector<Emit> emits;
  std::vector<std::string> acks;
  std::vector<std::string> fails;
  std::vector<std::string> errors;
  std::vector<LogRecord> logs;
  std::vector<Metric> metric_reports;
  /// Things Storm treats as fatal, e.g. acking a tuple twice. Empty in a correct component.
  std::vector<std::string> violations;
  /// Replies to emits that ask for task ids, in order; an empty queue answers {}.
  std::deque<std::vector<int>> task_id_replies;

  /// A tuple handed to the bolt: it may now be acked, failed or anchored to, once.
  void track(const std::string& tuple_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.add(tuple_id);
  }
  /// Encode emits for the msgpack wire (bytes allowed) instead of the JSON wire.
  void use_msgpack_wire(bool packed) { packed_ = packed; }
  /// Forgets what was recorded (not which tuples are pending).
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    emits.clear(), acks.clear(), fails.clear(), errors.clear(), logs.clear(),
        metric_reports.clear();
    violations.clear();
  }

  std::vector<int> emit(const storm::detail::EmitMessage& message) override {
    // Through the runtime's encoder and decoder: what Storm would receive.
    std::string frame;
    if (packed_) {
      storm::detail::pack_emit(frame, message);
    } else {
      storm::detail::encode_emit(frame, message);
    }
    nlohmann::json sent = storm::detail::parse_frame(frame);
    std::lock_guard<std::mutex> lock(mutex_);
    Emit emit{std::move(sent["tuple"]), std::string(message.stream), {}, nullptr, message.task,
              message.need_task_ids};
    for (std::size_t i = 0; i < message.anchor_count; ++i) {
      std::string anchor(message.anchors[i]);
      if (!pending_.contains(anchor)) {
        violations.push_back("emit anchored to tuple " + anchor +
                             ", which is unknown or already acked/failed");
      }
      emit.anchors.push_back(std::move(anchor));
    }
    if (message.message_id != nullptr) emit.message_id = *message.message_id;
    emits.push_back(std::move(emit));
    if (!message.need_task_ids) return {};
    if (task_id_replies.empty()) return {};
    std::vector<int> reply = std::move(task_id_replies.front());
    task_id_replies.pop_front();
    return reply;
  }
  void ack(std::string_view tuple_id) override { settle(tuple_id, acks, "ack"); }
  void fail(std::string_view tuple_id) override { settle(tuple_id, fails, "fail"); }
  void log(std::string_view message, LogLevel level) override {
    std::lock_guard<std::mutex> lock(mutex_);
    logs.push_back({level, std::string(message)});
  }
  void report_error(std::string_view message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    errors.emplace_back(message);
  }
  void metrics(std::string_view name, const nlohmann::json& params) override {
    std::lock_guard<std::mutex> lock(mutex_);
    metric_reports.push_back({std::string(name), params});
  }

 private:
  void settle(std::string_view tuple_id, std::vector<std::string>& into, const char* what) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string id(tuple_id);
    if (!pending_.settle(id)) {
      violations.push_back(std::string(what) + " of tuple " + id +
                           ", which is unknown or already acked/failed");
    }
    into.push_back(std::move(id));
  }

  std::mutex mutex_;
  storm::detail::PendingTuples pending_;
  bool packed_ = false;
};

namespace harness_internal {

// Set-up shared by the bolt and spout harnesses: a fake handshake and the recorder.
template <class C, class Self>
class HarnessBase {
 public:
  template <class... Args>
  explicit HarnessBase(Args&&... args) : component_(std::forward<Args>(args)...) {
    context_.component_id = "component";
    context_.task_id = 1;
    context_.task_to_component[1] = "component";
  }

  /// Sets a topology conf key (before the first tuple or command).
  Self& conf(const std::string& key, nlohmann::json value) {
    conf_[key] = std::move(value);
    return self();
  }
  /// Names this component and its task.
  Self& component(std::string id, int task = 1) {
    context_.task_to_component.erase(context_.task_id);
    context_.component_id = std::move(id);
    context_.task_id = task;
    context_.task_to_component[task] = context_.component_id;
    return self();
  }
  /// Declares an output stream and its fields.
  Self& output(const std::string& stream, FieldNames fields) {
    context_.streams.push_back(stream);
    context_.output_fields[stream] = std::move(fields);
    return self();
  }
  /// The whole fake context and conf, for anything the shortcuts don't cover.
  Context& context() { return context_; }
  nlohmann::json& conf() { return conf_; }

  /// Attaches the component and calls initialize() (done by the first feed if not before).
  /// Throws storm::Error(user_code) if initialize() throws.
  C& start() {
    if (!started_) {
      started_ = true;
      component_.use_time_source(&clock_);
      // As under stormcpp.storm.CppBolt / CppSpout: the Java metric the component reports to.
      if (!conf_.contains("stormcpp.metrics.name")) conf_["stormcpp.metrics.name"] = "stormcpp";
      recorder_.use_msgpack_wire(conf_.value("topology.multilang.serializer", "") ==
                                     "stormcpp.storm.MsgpackSerializer" &&
                                 conf_.value("stormcpp.wire", "auto") != "json");
      storm::detail::attach(component_, recorder_, conf_, context_);
    }
    return component_;
  }

  C& component() { return component_; }
  Recorder& recorder() { return recorder_; }
  const std::vector<Emit>& emits() const { return recorder_.emits; }
  const std::vector<std::string>& errors() const { return recorder_.errors; }
  const std::vector<LogRecord>& logs() const { return recorder_.logs; }
  /// The `metrics` messages sent so far: report_metrics() sends one (the runtime does about
  /// once a second). A test can also read the values directly: component().metrics().
  const std::vector<Metric>& metric_reports() const { return recorder_.metric_reports; }
  /// Reports what changed in the component's metrics, as the runtime does periodically.
  Self& report_metrics() {
    start();
    storm::detail::report_metrics(component_);
    return self();
  }
  const std::vector<std::string>& violations() const { return recorder_.violations; }
  /// Queues the task ids Storm answers to the next emit that asks for them.
  Self& reply_task_ids(std::vector<int> tasks) {
    recorder_.task_id_replies.push_back(std::move(tasks));
    return self();
  }
  /// The component's clock (Component::now()).
  ManualClock& clock() { return clock_; }
  /// Forgets recorded actions, e.g. after a set-up phase.
  void clear() { recorder_.clear(); }

 protected:
  Self& self() { return static_cast<Self&>(*this); }

  C component_;
  Recorder recorder_;
  ManualClock clock_;
  nlohmann::json conf_ = nlohmann::json::object();
  Context context_;
  bool started_ = false;
};

}  // namespace harness_internal

/// Runs a bolt of type B in-process. Tuples get ids "1", "2", ... in feeding order.
template <class B>
class BoltHarness : public harness_internal::HarnessBase<B, BoltHarness<B>> {
  using Base = harness_internal::HarnessBase<B, BoltHarness<B>>;

 public:
  using Base::Base;

  /// Declares an input: tuples from `component` on `stream` have these fields, so the bolt
  /// can read values by name. The first declared source is the default of process().
  BoltHarness& source(const std::string& component, const std::string& stream, FieldNames fields) {
    this->context_.source_fields[component][stream] = std::move(fields);
    this->context_.source_groupings[component][stream] = Grouping{"SHUFFLE", {}};
    if (default_source_.empty()) default_source_ = component;
    return *this;
  }

  /// Delivers a tuple with `values` (a JSON array) from `component` on `stream`, as the
  /// runtime does: process(), then auto-ack / auto-fail. Returns the tuple (for acked(),
  /// anchors...). Throws storm::Error(user_code) when the bolt would exit.
  Tuple process(nlohmann::json values, std::string component = "", std::string stream = "default",
                int task = 0) {
    if (component.empty()) component = default_source_.empty() ? "spout" : default_source_;
    B& bolt = this->start();
    Tuple tuple(std::to_string(++last_id_), component, stream, task, std::move(values),
                bolt.context().fields_from(component, stream));
    return deliver(std::move(tuple));
  }
  /// Like process(), with values given by field name in an object: {{"word", "cow"}}.
  /// The source must have been declared with source().
  Tuple process_fields(const nlohmann::json& by_name, std::string component = "",
                       std::string stream = "default") {
    if (component.empty()) component = default_source_;
    const FieldNames* fields = this->context_.fields_from(component, stream);
    if (fields == nullptr) {
      throw Error(Errc::bad_call,
                  "process_fields: declare " + component + "/" + stream + " with source() first");
    }
    nlohmann::json values = nlohmann::json::array();
    for (const auto& field : *fields)
      values.push_back(by_name.at(field));
    return process(std::move(values), component, stream);
  }
  /// Delivers a tick tuple (to process_tick()).
  Tuple tick(int frequency_secs = 1) {
    this->start();
    return deliver(Tuple(std::to_string(++last_id_), "__system", "__tick", -1,
                         nlohmann::json::array({frequency_secs})));
  }

  B& bolt() { return this->component_; }
  bool acked(const Tuple& tuple) const { return contains(this->recorder_.acks, tuple.id()); }
  bool failed(const Tuple& tuple) const { return contains(this->recorder_.fails, tuple.id()); }

 private:
  Tuple deliver(Tuple tuple) {
    this->recorder_.track(tuple.id());
    storm::detail::deliver(this->component_, tuple);
    return tuple;
  }
  static bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  std::string default_source_;
  long last_id_ = 0;
};

/// Runs a spout of type S in-process. Each command returns the emits made while handling it.
template <class S>
class SpoutHarness : public harness_internal::HarnessBase<S, SpoutHarness<S>> {
  using Base = harness_internal::HarnessBase<S, SpoutHarness<S>>;

 public:
  using Base::Base;

  std::vector<Emit> next() { return command("next", ""); }
  /// Storm reports the tuple tree of `message_id` complete. The id must be in flight.
  std::vector<Emit> ack(const nlohmann::json& message_id) {
    settle(message_id);
    return command("ack", message_id);
  }
  /// Storm reports the tuple tree of `message_id` failed. The id must be in flight.
  std::vector<Emit> fail(const nlohmann::json& message_id) {
    settle(message_id);
    return command("fail", message_id);
  }
  std::vector<Emit> activate() { return command("activate", ""); }
  std::vector<Emit> deactivate() { return command("deactivate", ""); }

  /// Message ids emitted reliably and not yet acked or failed.
  std::vector<nlohmann::json> in_flight() const { return {in_flight_.begin(), in_flight_.end()}; }
  S& spout() { return this->component_; }

 private:
  std::vector<Emit> command(const char* name, const nlohmann::json& id) {
    this->start();
    std::size_t before = this->recorder_.emits.size();
    storm::detail::dispatch_command(this->component_, name, id);
    std::vector<Emit> emitted(this->recorder_.emits.begin() + before, this->recorder_.emits.end());
    for (const auto& emit : emitted) {
      if (!emit.message_id.is_null()) in_flight_.push_back(emit.message_id);
    }
    return emitted;
  }
  void settle(const nlohmann::json& message_id) {
    auto found = std::find(in_flight_.begin(), in_flight_.end(), message_id);
    if (found == in_flight_.end()) {
      throw Error(Errc::bad_call, "Storm would never ack or fail message id " + message_id.dump() +
                                      ": it is not in flight");
    }
    in_flight_.erase(found);
  }

  std::vector<nlohmann::json> in_flight_;
};

}  // namespace storm::testing
