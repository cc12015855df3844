// Keeps a busy bolt alive: Storm kills a bolt that writes nothing for its subprocess timeout,
// but any message counts as a heartbeat. While one hook call runs long, a background thread
// sends `sync` every interval; once the call has run `max_busy`, the bolt counts as stuck and
// the thread stops, so Storm's timeout still catches a bolt that hangs.
//
// Why a writer and not a reader thread: reading stays on the main thread, so tuples need no
// hand-off between threads (nothing on the hot path but a clock read per tuple) and input is
// never reordered. The cost is that Storm's own heartbeats wait in the pipe until the hook
// returns; the unsolicited syncs make them unnecessary meanwhile.
#pragma once

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "stormcpp/runtime/channel.hpp"

namespace storm::detail {

class Keepalive {
 public:
  Keepalive(Channel& channel, std::chrono::milliseconds interval,
            std::chrono::milliseconds max_busy)
      : channel_(channel), interval_(interval), max_busy_(max_busy) {
    thread_ = std::thread([this] { run(); });
  }
  ~Keepalive() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Keepalive(const Keepalive&) = delete;
  Keepalive& operator=(const Keepalive&) = delete;

  /// Main thread: a hook call starts / ends.
  void hook_started() { busy_since_.store(now_ns(), std::memory_order_relaxed); }
  void hook_finished() { busy_since_.store(0, std::memory_order_relaxed); }

  /// How many syncs it sent (for tests and logs).
  long syncs_sent() const { return syncs_sent_.load(); }

 private:
  static long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  void run() {
    // Signals belong to the main thread (SIGTERM must interrupt its read).
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      long long since = busy_since_.load(std::memory_order_relaxed);
      if (since == 0) continue;
      auto busy = std::chrono::nanoseconds(now_ns() - since);
      if (busy < interval_ || busy >= max_busy_) continue;
      try {
        channel_.send_sync();
        channel_.flush();
        ++syncs_sent_;
      } catch (...) {
        return;  // the pipe is gone: the main thread will find out and exit
      }
    }
  }

  Channel& channel_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds max_busy_;
  std::atomic<long long> busy_since_{0};
  std::atomic<long> syncs_sent_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace storm::detail
