#pragma once

#include "stormcpp/error.hpp"
#include "stormcpp/runtime/channel.hpp"
#include "stormcpp/wire/codec.hpp"

namespace storm::detail {

STORMCPP_INLINE Channel::Channel(InputSource& in, OutputSink& out, std::size_t max_frame_bytes)
    : writer_(out), reader_(in, &writer_, max_frame_bytes) {}

template <class Encode>
void Channel::send(Encode&& encode) {
  // Encode completely before touching the stream: a throwing encoder leaves it intact.
  thread_local std::string scratch;
  encode(scratch);
  writer_.write_frame(scratch);
}

STORMCPP_INLINE std::optional<nlohmann::json> Channel::receive() {
  if (!queued_.empty()) {
    nlohmann::json message = std::move(queued_.front());
    queued_.pop_front();
    return message;
  }
  return read_message();
}

inline std::optional<nlohmann::json> Channel::read_message() {
  if (reader_thread_ == std::thread::id()) reader_thread_ = std::this_thread::get_id();
  std::optional<std::string_view> frame = reader_.next();
  if (!frame) return std::nullopt;
  return parse_frame(*frame);
}

inline std::vector<int> Channel::await_task_ids() {
  if (std::this_thread::get_id() != reader_thread_ && reader_thread_ != std::thread::id()) {
    throw Error(Errc::bad_call,
                "emit_with_task_ids() must be called from the component's main thread");
  }
  for (;;) {
    std::optional<nlohmann::json> message = read_message();
    if (!message) {
      throw Error(Errc::input_closed, "stdin ended while waiting for the task ids of an emit");
    }
    if (!message->is_array()) {
      queued_.push_back(std::move(*message));
      continue;
    }
    std::vector<int> tasks;
    tasks.reserve(message->size());
    for (const auto& task : *message) {
      if (!task.is_number_integer()) {
        throw Error(Errc::invalid_message, "task id list holds a non-integer: " + message->dump());
      }
      tasks.push_back(task.get<int>());
    }
    return tasks;
  }
}

STORMCPP_INLINE void Channel::send_pid(long pid) {
  send([&](std::string& out) { encode_pid(out, pid); });
}

STORMCPP_INLINE void Channel::send_sync() {
  send([](std::string& out) { encode_sync(out); });
}

STORMCPP_INLINE std::vector<int> Channel::emit(const EmitMessage& emit) {
  send([&](std::string& out) { encode_emit(out, emit); });
  emits_sent_.fetch_add(1, std::memory_order_relaxed);
  if (!emit.need_task_ids) return {};
  return await_task_ids();
}

STORMCPP_INLINE void Channel::ack(std::string_view tuple_id) {
  send([&](std::string& out) { encode_ack(out, tuple_id); });
}

STORMCPP_INLINE void Channel::fail(std::string_view tuple_id) {
  send([&](std::string& out) { encode_fail(out, tuple_id); });
}

STORMCPP_INLINE void Channel::log(std::string_view message, LogLevel level) {
  send([&](std::string& out) { encode_log(out, message, level); });
}

STORMCPP_INLINE void Channel::report_error(std::string_view message) {
  send([&](std::string& out) { encode_error(out, message); });
}

STORMCPP_INLINE void Channel::metrics(std::string_view name, const nlohmann::json& params) {
  send([&](std::string& out) { encode_metrics(out, name, params); });
}

}  // namespace storm::detail
