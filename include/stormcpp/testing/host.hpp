// The out-of-process Storm host: launches a component executable and plays Storm's part over
// real pipes — handshake with a pid directory, tuples, heartbeats, tick tuples, task-id lists,
// spout commands — the way ShellBolt and ShellSpout do (docs/protocol.md), recording the whole
// conversation. Everything Storm would die of (and a few things it silently gets wrong, like
// a second JSON value in one frame) ends the run with a ProtocolViolation that says what Storm
// would have done and shows the offending frame.
//
//   storm::testing::HostOptions options;
//   options.context = {{"stream->outputfields", {{"default", {"word"}}}}};
//   storm::testing::BoltHost split({"build/wordcount", "split"}, options);
//   auto outcome = split.process({"the cow"});  // send a tuple, wait for its ack or fail
//   EXPECT_TRUE(outcome.acked);
//   EXPECT_EQ(outcome.values().size(), 2u);            // the emits anchored to it
//   EXPECT_EQ(split.stop(), 0);                          // stdin closed: clean exit
//
// The host is single-threaded: it reads the component only inside its own calls (wait_for,
// run_for, spout commands, stop). Sending many tuples without reading in between can fill both
// pipes and block; wait for outcomes every few hundred kilobytes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"
#include "stormcpp/core/context.hpp"
#include "stormcpp/core/rules.hpp"
#include "stormcpp/testing/child_process.hpp"

namespace storm::testing {

/// What the host tells the component and how strict it is.
struct HostOptions {
  /// The topology conf sent in the handshake.
  nlohmann::json conf = nlohmann::json::object();
  /// The context sent in the handshake (keys as in docs/protocol.md §2). Missing `taskid`,
  /// `componentid` and `task->component` are filled in (1, "bolt"/"spout", {"1": id}).
  /// `streams` / `stream->outputfields` enable the stream and field-count checks;
  /// `stream->target->grouping` and `task->component` drive the task-id lists and the
  /// direct-stream checks.
  nlohmann::json context = nlohmann::json::object();
  /// topology.subprocess.timeout.secs: a bolt silent this long, or a spout that sends
  /// nothing this long while the host waits for its sync, is dead. Also bounds the wait for
  /// the pid reply (Storm itself waits forever there) and for the exit in stop().
  std::chrono::milliseconds subprocess_timeout{30000};
  /// How often a bolt gets a heartbeat tuple (Storm: about once a second).
  std::chrono::milliseconds heartbeat_interval{1000};
  /// The component's working directory (empty: the host's).
  std::string working_dir;
  /// Metric names registered on the Java side as IShellMetric; a `metrics` message naming
  /// any other is fatal, as in Storm.
  std::set<std::string> metrics;
  /// The metric stormcpp.storm.CppBolt / CppSpout register for a component's own metrics
  /// (docs/metrics.md): registered here too, named to the component in the conf key
  /// stormcpp.metrics.name (unless the conf sets it), and its reports checked as the Java side
  /// reads them. Empty: a plain ShellBolt / ShellSpout, which registers nothing.
  std::string glue_metric = "stormcpp";
  /// Storm checks emitted value counts against the declared fields only in local mode.
  bool local_mode = true;
  /// Scripted task-id lists: called with each emit (the parsed message) that needs one. When
  /// empty, lists are computed from the context's groupings (FIELDS hashes the grouping
  /// fields, a global grouping picks the lowest task, ALL sends to every task, the others
  /// round-robin); no grouping for the stream gives `[]`.
  std::function<std::vector<int>(const nlohmann::json& emit)> task_ids;
  /// The topology's serializer. `json`: Storm's JsonSerializer, where a packed frame from the
  /// component is fatal. `msgpack`: stormcpp.storm.MsgpackSerializer (docs/wire.md) — when the
  /// pid reply offers the msgpack wire, every later frame to the component is packed; otherwise
  /// the component gets JSON, as under Storm's serializer.
  enum class Wire { json, msgpack };
  Wire wire = Wire::json;
};

/// One entry of the recorded conversation.
struct Exchange {
  enum class Direction { sent, received };
  Direction direction;
  std::string frame;    ///< the frame's text without its `end` line; packed: its body as JSON
  bool packed = false;  ///< a packed frame (the msgpack wire)
};

/// Renders a conversation as `> sent` / `< received` lines, `>m ` / `<m ` for packed frames
/// (the golden-transcript notation).
STORMCPP_INLINE std::string render_conversation(const std::vector<Exchange>& conversation);

/// The component broke a rule of the protocol. what() says precisely what Storm would have
/// done and quotes the frame; the host has killed the component.
class ProtocolViolation : public std::runtime_error {
 public:
  ProtocolViolation(const std::string& message, std::string transcript)
      : std::runtime_error(message), transcript_(std::move(transcript)) {}
  /// The conversation up to and including the offending frame (render_conversation format).
  const std::string& transcript() const { return transcript_; }

 private:
  std::string transcript_;
};

/// One message from the component.
struct Message {
  nlohmann::json json;  ///< the parsed object
  std::string raw;      ///< the frame's text (packed: its body as JSON text)
  /// The `command` field.
  std::string command() const { return json.at("command").get<std::string>(); }
};

/// What a run amounted to, as the host counted it (heartbeats, syncs and task-id lists are not
/// counted). stormcpp-host prints line() at the end of every run.
struct RunSummary {
  std::string kind;     ///< "bolt" or "spout"
  int tuples_sent = 0;  ///< bolt: tuples sent, tick tuples included
  int acked = 0;        ///< bolt: tuples the component acked
  int failed = 0;       ///< bolt: tuples the component failed
  int nexts_sent = 0;   ///< spout: `next` commands sent
  int acks_sent = 0;    ///< spout: `ack` commands sent
  int fails_sent = 0;   ///< spout: `fail` commands sent
  int emitted = 0;      ///< emits the component made
  int errors = 0;       ///< `error` messages the component sent
  /// The component failed a tuple or reported an error (a spout's fails come from the host,
  /// so only its errors count).
  bool has_failures() const { return failed > 0 || errors > 0; }
  /// One line, the same fields in the same order every time:
  ///   bolt: 3 tuples sent, 2 acked, 1 failed, 1 error reported, 2 emitted
  ///   spout: 3 nexts sent, 3 emitted, 3 acks sent, 0 fails sent, 0 errors reported
  STORMCPP_INLINE std::string line() const;
};

/// What the host shares for bolts and spouts: the process, the handshake, the recording.
class Host {
 public:
  STORMCPP_INLINE virtual ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  /// The component's pid.
  pid_t pid() const { return child_->pid(); }
  /// The pidDir sent in the handshake (a temporary directory, removed with the host).
  const std::string& pid_dir() const { return pid_dir_.path; }

  /// True when the component took the msgpack wire (HostOptions::wire) at the handshake.
  bool packed_wire() const { return packed_; }
  /// True when, on that wire, the component (a spout) also took batched acks.
  bool ack_batches() const { return ack_batches_; }
  /// Every frame sent and received, the handshake and pid reply included.
  const std::vector<Exchange>& conversation() const { return conversation_; }
  /// conversation() as `> ` / `< ` lines.
  std::string transcript() const { return render_conversation(conversation_); }
  /// Every message from the component after its pid reply, in order.
  const std::vector<Message>& received() const { return received_; }
  /// Those with this `command` (e.g. "log", "error", "emit").
  STORMCPP_INLINE std::vector<Message> received(std::string_view command) const;
  /// Things Storm tolerates but that are probably mistakes (direct emits, need_task_ids
  /// omitted, tuples never acked, unknown bolt commands, a slow exit).
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// Everything the component wrote to stderr so far.
  const std::string& stderr_output() { return child_->stderr_output(); }
  /// The counts of the run so far (also after a violation: up to it).
  virtual RunSummary summary() const = 0;

  /// Closes the component's stdin (Storm's shutdown), reads and checks what it still writes,
  /// and returns its exit code (128 + signal if it had to be killed after
  /// subprocess_timeout). After a violation, returns the exit code without throwing.
  STORMCPP_INLINE int stop();

 protected:
  /// Launches `argv` and runs the handshake. Throws ProtocolViolation.
  STORMCPP_INLINE Host(const char* kind, const std::vector<std::string>& argv, HostOptions options);

  using Clock = std::chrono::steady_clock;

  /// Handles one message from the component (after the common checks). Throws through die().
  virtual void handle(const Message& message) = 0;

  /// Rethrows an earlier violation: a dead component stays dead.
  STORMCPP_INLINE void check_alive() const;
  /// Writes one message on the component's wire (JSON with its `end` line, or packed) and
  /// records it. Keys go in the order given.
  STORMCPP_INLINE void send(const nlohmann::ordered_json& message);
  /// Reads, checks and handles messages until `until`. Returns false then; true as soon as
  /// `done()` holds after a message. Heartbeats (bolts) go out on schedule meanwhile.
  STORMCPP_INLINE bool pump(Clock::time_point until, const std::function<bool()>& done);
  /// Called by pump() when nothing arrived by `until`; bolts send heartbeats here.
  virtual void on_idle() {}
  /// When the next on_idle() is due.
  virtual Clock::time_point next_idle() const { return Clock::time_point::max(); }
  /// Called at the end of stop().
  virtual void after_stop() {}
  /// A summary with `kind`, `emitted` and `errors` filled in.
  STORMCPP_INLINE RunSummary common_summary() const;
  /// Checks a report to the glue's metric (HostOptions::glue_metric).
  STORMCPP_INLINE void check_metrics_report(const Message& message);
  /// Checks and handles `log`, `error` and `metrics`; false for other commands.
  STORMCPP_INLINE bool handle_common(const Message& message);
  /// Checks the parts of an emit that Storm checks for bolts and spouts alike and answers
  /// with a task-id list when one is due. Returns the stream.
  STORMCPP_INLINE std::string check_emit(const Message& message);
  /// Storm dies: "Storm would kill the <kind>: <detail>". Kills the component, throws.
  [[noreturn]] STORMCPP_INLINE void die(const std::string& detail, const std::string& frame);
  /// A violation Storm does not die of; same effect as die().
  [[noreturn]] STORMCPP_INLINE void violation(const std::string& message, const std::string& frame);
  STORMCPP_INLINE void warn(const std::string& message);
  /// A fresh Storm-style tuple id: a signed 64-bit decimal.
  STORMCPP_INLINE std::string new_id();
  /// `value` as Storm writes it: compact, `/` escaped as `\/`.
  STORMCPP_INLINE static std::string storm_json(const nlohmann::ordered_json& value);

  const char* kind_;
  HostOptions options_;
  Clock::time_point last_message_;  // any message is a heartbeat
  bool stopping_ = false;           // stdin closed: no more frames can be sent
  std::string waiting_;             // what pump() waits for, for the timeout message

 private:
  struct TempDir {
    std::string path;
    STORMCPP_INLINE TempDir();
    STORMCPP_INLINE ~TempDir();
  };
  // A frame from the component: its text (packed: the body as JSON) and, packed, its value.
  struct Incoming {
    std::string text;
    std::optional<nlohmann::json> packed;
  };
  STORMCPP_INLINE void handshake();
  STORMCPP_INLINE std::optional<Incoming> read_frame(Clock::time_point until);
  STORMCPP_INLINE nlohmann::json parse_json(const std::string& frame);
  STORMCPP_INLINE Message parse(Incoming frame);
  STORMCPP_INLINE std::vector<int> computed_task_ids(const nlohmann::json& emit,
                                                     const std::string& stream);
  [[noreturn]] STORMCPP_INLINE void exited(const std::string& what);

  TempDir pid_dir_;
  std::unique_ptr<ChildProcess> child_;
  std::vector<Exchange> conversation_;
  std::vector<Message> received_;
  std::vector<std::string> warnings_;
  std::optional<std::string> violation_;
  std::optional<int> exit_code_;
  bool eof_ = false;          // the component closed its stdout
  bool packed_ = false;       // the component took the msgpack wire
  bool ack_batches_ = false;  // ... and batched acks (spouts)
  bool warned_need_task_ids_ = false;
  bool warned_direct_ = false;
  storm::detail::OutputRules output_rules_;  // from the context: the runtime's own checks
  std::mt19937_64 random_{0x5707c99};        // fixed seed: the same run gives the same frames
  std::map<std::string, std::uint64_t> round_robin_;  // stream/target -> next index
};

/// What became of one tuple sent to a bolt.
struct Outcome {
  bool acked = false;          ///< acked (true) or failed (false)
  std::vector<Message> emits;  ///< emits anchored to the tuple, in order
  /// The `tuple` of each emit.
  std::vector<nlohmann::json> values() const {
    std::vector<nlohmann::json> result;
    for (const auto& emit : emits)
      result.push_back(emit.json.at("tuple"));
    return result;
  }
};

/// Plays ShellBolt: tuples, ticks and heartbeats in; emits, acks, fails, logs out.
class BoltHost : public Host {
 public:
  /// Launches `argv` and handshakes. Throws ProtocolViolation.
  STORMCPP_INLINE BoltHost(const std::vector<std::string>& argv, HostOptions options = {});

  /// Sends a tuple; returns the id the host gave it. Does not wait.
  STORMCPP_INLINE std::string send_tuple(const nlohmann::json& values,
                                         const std::string& component = "spout",
                                         const std::string& stream = "default", int task = 1);
  /// Sends a tick tuple (`__system` / `__tick`, value `freq_secs`); returns its id.
  STORMCPP_INLINE std::string send_tick(int freq_secs = 1);
  /// Keeps the conversation going (heartbeats, task-id lists) until tuple `id` is acked or
  /// failed. Throws Timeout after `timeout` (default: subprocess_timeout) if it is neither —
  /// in Storm the tuple would time out and fail at the spout — and ProtocolViolation.
  STORMCPP_INLINE Outcome wait_for(const std::string& id,
                                   std::optional<std::chrono::milliseconds> timeout = {});
  /// send_tuple() then wait_for().
  Outcome process(const nlohmann::json& values, const std::string& component = "spout",
                  const std::string& stream = "default", int task = 1) {
    return wait_for(send_tuple(values, component, stream, task));
  }
  /// Keeps the conversation going for `duration`. Throws ProtocolViolation.
  STORMCPP_INLINE void run_for(std::chrono::milliseconds duration);
  /// Ids of tuples sent but neither acked nor failed yet.
  STORMCPP_INLINE std::vector<std::string> pending() const;
  /// How many heartbeats were sent.
  int heartbeats_sent() const { return static_cast<int>(heartbeat_ids_.size()); }
  /// Tuples sent, acked and failed; emits and errors.
  STORMCPP_INLINE RunSummary summary() const override;

 private:
  enum class State { pending, acked, failed };
  struct TupleRecord {
    State state = State::pending;
    std::vector<Message> emits;
  };
  STORMCPP_INLINE void handle(const Message& message) override;
  STORMCPP_INLINE void on_idle() override;
  STORMCPP_INLINE Clock::time_point next_idle() const override;
  STORMCPP_INLINE void after_stop() override;
  STORMCPP_INLINE void settle(const Message& message, State state);

  std::map<std::string, TupleRecord> tuples_;
  std::set<std::string> heartbeat_ids_;
  Clock::time_point next_heartbeat_;
};

/// Plays ShellSpout: each command is sent, then the host reads until `sync`.
class SpoutHost : public Host {
 public:
  /// Launches `argv` and handshakes. Throws ProtocolViolation.
  STORMCPP_INLINE SpoutHost(const std::vector<std::string>& argv, HostOptions options = {});

  // Each sends the command and returns the emits made before the sync. Throws
  // ProtocolViolation (e.g. no sync within subprocess_timeout of the last message).
  std::vector<Message> next() { return command("next", ""); }
  std::vector<Message> ack(const nlohmann::json& message_id) { return command("ack", message_id); }
  std::vector<Message> fail(const nlohmann::json& message_id) {
    return command("fail", message_id);
  }
  std::vector<Message> activate() { return command("activate", ""); }
  std::vector<Message> deactivate() { return command("deactivate", ""); }
  /// Any command, e.g. one Storm may add in a later version. Under the msgpack wire a spout
  /// that offers ack batches gets its acks as MsgpackSerializer sends them: `ack` returns at
  /// once, and the acks go in one `acks` command just before the next other command (so what
  /// the spout emits or logs in ack() comes back with that command). Acks pending at stop()
  /// are not sent, as Storm's worker does not send them when it closes the spout.
  STORMCPP_INLINE std::vector<Message> command(const std::string& name, const nlohmann::json& id);
  /// `next`, `ack` and `fail` commands sent; emits and errors.
  STORMCPP_INLINE RunSummary summary() const override;

 private:
  STORMCPP_INLINE void handle(const Message& message) override;

  std::map<std::string, int> commands_sent_;  // command name -> how many were sent
  std::vector<nlohmann::json> pending_acks_;  // acks batched (ack_batches()) until the next command

  bool synced_ = false;
  std::vector<Message>* emits_ = nullptr;  // where the current command's emits go
};

}  // namespace storm::testing

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/testing/host-inl.hpp"
#endif
