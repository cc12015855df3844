#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "stormcpp/components/bolt.hpp"
#include "stormcpp/components/spout.hpp"
#include "stormcpp/runtime/channel.hpp"
#include "stormcpp/runtime/handshake.hpp"
#include "stormcpp/runtime/keepalive.hpp"
#include "stormcpp/runtime/options.hpp"
#include "stormcpp/runtime/runner.hpp"

namespace storm::detail {

namespace runner_internal {

/// Reports a component's metrics at most once per interval, from the thread running it.
class MetricsTicker {
 public:
  MetricsTicker(Component& component, std::chrono::milliseconds interval)
      : component_(component), interval_(interval) {}

  /// After each message: cheap when the component has no metrics (one relaxed load).
  void tick() {
    if (component_.metrics().empty()) return;
    auto now = std::chrono::steady_clock::now();
    if (now < next_) return;
    next_ = now + interval_;
    report_metrics(component_);
  }

 private:
  Component& component_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point next_{};
};

inline void run_spout(Spout& spout, Channel& channel, const RuntimeOptions& options) {
  IdleBackoff backoff(options.idle_sleep_min, options.idle_sleep_max);
  MetricsTicker metrics(spout, options.metrics_interval);
  while (std::optional<nlohmann::json> message = channel.receive()) {
    auto command = message->is_object() ? message->find("command") : message->end();
    if (!message->is_object() || command == message->end() || !command->is_string()) {
      throw Error(Errc::invalid_message,
                  "expected a spout command {\"command\": ..., \"id\": ...}, got: " +
                      message->dump().substr(0, 200));
    }
    static const nlohmann::json no_id;
    auto id = message->find("id");
    const std::string& name = command->get_ref<const std::string&>();
    if (name == "next") {
      // Up to next_calls next_tuple() calls: while each emits, within the time budget (the
      // clock is read only when more than one call is allowed).
      std::chrono::steady_clock::time_point deadline;
      if (options.next_calls > 1) deadline = std::chrono::steady_clock::now() + options.next_budget;
      bool emitted = false;
      for (std::size_t call = 0; call < options.next_calls; ++call) {
        unsigned long emits_before = channel.emits_sent();
        dispatch_command(spout, name, no_id);
        if (channel.emits_sent() == emits_before) break;
        emitted = true;
        if (options.next_calls > 1 && std::chrono::steady_clock::now() >= deadline) break;
      }
      auto pause = backoff.after_next(emitted);
      if (pause.count() > 0) std::this_thread::sleep_for(pause);
    } else if (name == "acks") {
      // The msgpack wire's batch of acks (docs/wire.md): each acked in order, and no sync —
      // the serializer answered each `ack` for Storm already.
      auto ids = message->find("ids");
      if (ids == message->end() || !ids->is_array()) {
        throw Error(Errc::invalid_message,
                    "an `acks` command without an `ids` array: " + message->dump().substr(0, 200));
      }
      for (const auto& acked : *ids)
        dispatch_command(spout, "ack", acked);
      metrics.tick();
      continue;
    } else {
      dispatch_command(spout, name, id == message->end() ? no_id : *id);
    }
    metrics.tick();
    channel.send_sync();
  }
}

// Turns a bolt input message into a Tuple, checking the type of every field.
inline Tuple to_tuple(nlohmann::json& message, const Context& context) {
  auto bad = [&](const char* what) {
    return Error(Errc::invalid_message, std::string("expected a tuple message (") + what +
                                            "), got: " + message.dump().substr(0, 200));
  };
  if (!message.is_object()) throw bad("not an object");
  auto id = message.find("id");
  auto comp = message.find("comp");
  auto stream = message.find("stream");
  auto task = message.find("task");
  auto values = message.find("tuple");
  if (id == message.end() || !id->is_string()) throw bad("\"id\" must be a string");
  if (stream == message.end() || !stream->is_string()) throw bad("\"stream\" must be a string");
  if (task == message.end() || !task->is_number_integer()) throw bad("\"task\" must be an integer");
  if (values == message.end() || !values->is_array()) throw bad("\"tuple\" must be an array");
  std::string component;
  if (comp != message.end() && comp->is_string()) {
    component = std::move(comp->get_ref<std::string&>());
  } else if (comp != message.end() && !comp->is_null()) {
    throw bad("\"comp\" must be a string or null");
  }
  const FieldNames* fields = context.fields_from(component, stream->get_ref<const std::string&>());
  return Tuple(std::move(id->get_ref<std::string&>()), std::move(component),
               std::move(stream->get_ref<std::string&>()), task->get<int>(), std::move(*values),
               fields);
}

// A bolt's input frame as a Tuple; nullopt for a task-id list nobody asked for (logged).
inline std::optional<Tuple> to_tuple(std::string_view frame, Bolt& bolt) {
  TupleFrame fast;
  if (decode_tuple_frame(frame, fast)) {
    const FieldNames* fields = bolt.context().fields_from(fast.component, fast.stream);
    // Built in place: a Tuple moved into the optional would move its strings once more.
    return std::optional<Tuple>(std::in_place, std::move(fast.id), std::move(fast.component),
                                std::move(fast.stream), fast.task, std::move(fast.values), fields);
  }
  nlohmann::json message = parse_frame(frame);
  if (message.is_array()) {
    // We always send need_task_ids, so this is harmless, but say so.
    bolt.log("stormcpp: ignoring an unexpected task id list " + message.dump(), LogLevel::warn);
    return std::nullopt;
  }
  return to_tuple(message, bolt.context());
}

inline void run_bolt(Bolt& bolt, Channel& channel, const RuntimeOptions& options) {
  std::optional<Keepalive> keepalive;
  if (options.keepalive) keepalive.emplace(channel, options.keepalive_interval, options.max_busy);
  MetricsTicker metrics(bolt, options.metrics_interval);
  while (std::optional<std::string_view> frame = channel.receive_frame()) {
    std::optional<Tuple> tuple = to_tuple(*frame, bolt);
    if (!tuple) continue;
    if (tuple->is_heartbeat()) {
      metrics.tick();
      channel.send_sync();
      continue;
    }
    if (keepalive) keepalive->hook_started();
    deliver(bolt, *tuple);
    if (keepalive) keepalive->hook_finished();
    metrics.tick();
  }
}

}  // namespace runner_internal

STORMCPP_INLINE int run_component(Component& component, InputSource& in, OutputSink& out,
                                  const RunOptions& options) {
  Channel channel(in, out);
  bool pid_sent = false;
  // The component's logger writes through `channel`: put the previous default back on exit.
  std::shared_ptr<spdlog::logger> previous_logger;
  struct RestoreLogger {
    std::shared_ptr<spdlog::logger>& previous;
    ~RestoreLogger() {
      if (previous) spdlog::set_default_logger(previous);
    }
  } restore_logger{previous_logger};
  try {
    std::optional<nlohmann::json> first = channel.receive();
    if (!first) return static_cast<int>(ExitCode::ok);  // Storm went away before starting us
    Handshake handshake = parse_handshake(std::move(*first));
    write_pid_file(handshake.pid_dir, options.pid);
    check_options(handshake.conf);  // types and values; attach() warns of unknown keys
    RuntimeOptions runtime_options = RuntimeOptions::from_conf(handshake.conf);
    channel.set_max_frame_bytes(runtime_options.max_frame_bytes);
    bool is_spout = dynamic_cast<Spout*>(&component) != nullptr;
    channel.send_pid(options.pid, runtime_options.offer_msgpack,
                     runtime_options.offer_msgpack && is_spout);
    pid_sent = true;

    attach(component, channel, std::move(handshake.conf), std::move(handshake.context));
    if (options.set_default_logger) {
      previous_logger = spdlog::default_logger();
      spdlog::set_default_logger(component.logger());
    }
    if (auto* spout = dynamic_cast<Spout*>(&component)) {
      runner_internal::run_spout(*spout, channel, runtime_options);
    } else if (auto* bolt = dynamic_cast<Bolt*>(&component)) {
      runner_internal::run_bolt(*bolt, channel, runtime_options);
    } else {
      throw Error(Errc::internal, "the component is neither a storm::Spout nor a storm::Bolt");
    }
    channel.flush();
    return static_cast<int>(ExitCode::ok);
  } catch (const Error& e) {
    if (e.errc() == Errc::input_closed) {
      try {
        channel.flush();
      } catch (...) {
      }
      return static_cast<int>(ExitCode::ok);
    }
    std::fprintf(stderr, "stormcpp: %s\n", e.what());
    if (e.errc() != Errc::output_closed) {
      // Tell Storm too, so the reason shows in its UI. The pid reply must come first.
      try {
        if (!pid_sent) channel.send_pid(options.pid);
        channel.report_error(e.what());
        channel.flush();
      } catch (...) {
      }
    }
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stormcpp: [stormcpp.internal] unexpected exception: %s\n", e.what());
    return static_cast<int>(ExitCode::internal);
  }
}

}  // namespace storm::detail
