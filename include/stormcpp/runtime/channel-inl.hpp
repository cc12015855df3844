#pragma once

#include "stormcpp/error.hpp"
#include "stormcpp/runtime/channel.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/json_text.hpp"
#include "stormcpp/wire/msgpack.hpp"

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

STORMCPP_INLINE std::optional<std::string_view> Channel::receive_frame() {
  if (!queued_.empty()) {
    dequeued_ = std::move(queued_.front());
    queued_.pop_front();
    queued_bytes_ -= dequeued_.size();
    return std::string_view(dequeued_);
  }
  return read_frame();
}

STORMCPP_INLINE std::optional<nlohmann::json> Channel::receive() {
  std::optional<std::string_view> frame = receive_frame();
  if (!frame) return std::nullopt;
  return parse_frame(*frame);
}

inline std::optional<std::string_view> Channel::read_frame() {
  if (reader_thread_ == std::thread::id()) reader_thread_ = std::this_thread::get_id();
  std::optional<std::string_view> frame = reader_.next();
  // Storm took up the offer of the pid reply: answer on the msgpack wire from now on.
  if (frame && offered_msgpack_ && is_packed_frame(*frame)) {
    packed_.store(true, std::memory_order_relaxed);
  }
  return frame;
}

// A task-id list: a JSON array, or a packed frame whose body is a MessagePack array.
inline bool is_task_id_list(std::string_view frame) {
  if (!is_packed_frame(frame)) return JsonReader(frame).peek() == '[';
  if (frame.size() <= packed_header_size) return false;
  auto c = static_cast<unsigned char>(frame[packed_header_size]);
  return (c & 0xf0) == 0x90 || c == 0xdc || c == 0xdd;
}

inline std::vector<int> Channel::await_task_ids() {
  if (std::this_thread::get_id() != reader_thread_ && reader_thread_ != std::thread::id()) {
    throw Error(Errc::bad_call,
                "emit_with_task_ids() must be called from the component's main thread");
  }
  for (;;) {
    std::optional<std::string_view> frame = read_frame();
    if (!frame) {
      throw Error(Errc::input_closed, "stdin ended while waiting for the task ids of an emit");
    }
    if (!is_task_id_list(*frame)) {
      // A tuple (or command) sent before the list: keep it for receive_frame().
      queued_bytes_ += frame->size();
      if (queued_bytes_ > reader_.max_frame_bytes()) {
        throw Error(Errc::frame_too_large,
                    "while waiting for the task ids of an emit, Storm sent more than " +
                        std::to_string(reader_.max_frame_bytes()) +
                        " bytes of other messages (stormcpp.max_frame_bytes)");
      }
      queued_.emplace_back(*frame);
      continue;
    }
    nlohmann::json message = parse_frame(*frame);  // an array, or it throws
    std::vector<int> tasks;
    tasks.reserve(message.size());
    for (const auto& task : message) {
      if (!task.is_number_integer()) {
        throw Error(Errc::invalid_message, "task id list holds a non-integer: " + message.dump());
      }
      tasks.push_back(task.get<int>());
    }
    return tasks;
  }
}

STORMCPP_INLINE void Channel::send_pid(long pid, bool offer_msgpack, bool offer_ack_batches) {
  offered_msgpack_ = offer_msgpack;
  send([&](std::string& out) { encode_pid(out, pid, offer_msgpack, offer_ack_batches); });
}

STORMCPP_INLINE void Channel::send_sync() {
  send([&](std::string& out) { packed() ? pack_sync(out) : encode_sync(out); });
}

STORMCPP_INLINE std::vector<int> Channel::emit(const EmitMessage& emit) {
  send([&](std::string& out) { packed() ? pack_emit(out, emit) : encode_emit(out, emit); });
  emits_sent_.fetch_add(1, std::memory_order_relaxed);
  if (!emit.need_task_ids) return {};
  return await_task_ids();
}

STORMCPP_INLINE void Channel::ack(std::string_view tuple_id) {
  send([&](std::string& out) { packed() ? pack_ack(out, tuple_id) : encode_ack(out, tuple_id); });
}

STORMCPP_INLINE void Channel::fail(std::string_view tuple_id) {
  send([&](std::string& out) { packed() ? pack_fail(out, tuple_id) : encode_fail(out, tuple_id); });
}

STORMCPP_INLINE void Channel::log(std::string_view message, LogLevel level) {
  send([&](std::string& out) {
    packed() ? pack_log(out, message, level) : encode_log(out, message, level);
  });
}

STORMCPP_INLINE void Channel::report_error(std::string_view message) {
  send([&](std::string& out) { packed() ? pack_error(out, message) : encode_error(out, message); });
}

STORMCPP_INLINE void Channel::metrics(std::string_view name, const nlohmann::json& params) {
  send([&](std::string& out) {
    packed() ? pack_metrics(out, name, params) : encode_metrics(out, name, params);
  });
}

}  // namespace storm::detail
