// The component's end of the pipe: frames in and out, messages decoded and encoded, and
// task-id lists told apart from tuples that arrive while a component waits for them.
#pragma once

#include <atomic>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/components/component.hpp"
#include "stormcpp/wire/frame_reader.hpp"
#include "stormcpp/wire/frame_writer.hpp"
#include "stormcpp/wire/io.hpp"

namespace storm::detail {

class Channel final : public Collector {
 public:
  STORMCPP_INLINE Channel(InputSource& in, OutputSink& out,
                          std::size_t max_frame_bytes = FrameReader::default_max_frame_bytes);

  /// The next frame from Storm (queued ones first), valid until the next call, or nullopt at
  /// end of input. Call from one thread only: the first caller becomes the reading thread.
  STORMCPP_INLINE std::optional<std::string_view> receive_frame();
  /// receive_frame(), parsed.
  STORMCPP_INLINE std::optional<nlohmann::json> receive();

  /// The pid reply. With `offer_msgpack`, the reply offers the msgpack wire (wire/msgpack.hpp),
  /// and every message after the first packed frame from Storm is sent packed;
  /// `offer_ack_batches` (spouts) also offers `acks` commands (docs/wire.md).
  STORMCPP_INLINE void send_pid(long pid, bool offer_msgpack = false,
                                bool offer_ack_batches = false);
  /// True once Storm speaks the msgpack wire to us.
  bool packed() const { return packed_.load(std::memory_order_relaxed); }
  STORMCPP_INLINE void send_sync();
  void flush() { writer_.flush(); }
  /// How many emits were sent so far.
  unsigned long emits_sent() const { return emits_sent_.load(std::memory_order_relaxed); }
  void set_max_frame_bytes(std::size_t bytes) { reader_.set_max_frame_bytes(bytes); }

  // Collector
  STORMCPP_INLINE std::vector<int> emit(const EmitMessage& emit) override;
  STORMCPP_INLINE void ack(std::string_view tuple_id) override;
  STORMCPP_INLINE void fail(std::string_view tuple_id) override;
  STORMCPP_INLINE void log(std::string_view message, LogLevel level) override;
  STORMCPP_INLINE void report_error(std::string_view message) override;
  STORMCPP_INLINE void metrics(std::string_view name, const nlohmann::json& params) override;

 private:
  template <class Encode>
  void send(Encode&& encode);
  std::optional<std::string_view> read_frame();
  std::vector<int> await_task_ids();

  FrameWriter writer_;
  FrameReader reader_;
  // Frames read while waiting for task ids, their total size (bounded by max_frame_bytes),
  // and the one receive_frame() handed out last.
  std::deque<std::string> queued_;
  std::size_t queued_bytes_ = 0;
  std::string dequeued_;
  std::thread::id reader_thread_;
  std::atomic<unsigned long> emits_sent_{0};
  bool offered_msgpack_ = false;
  std::atomic<bool> packed_{false};
};

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/runtime/channel-inl.hpp"
#endif
