#pragma once

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "stormcpp/error.hpp"
#include "stormcpp/testing/host.hpp"
#include "stormcpp/testing/packed.hpp"
#include "stormcpp/wire/codec.hpp"

namespace storm::testing {

namespace host_internal {

// True when `text` starts with a whole JSON value followed by more text: what Storm's
// permissive parser reads as the first value alone.
inline bool starts_with_json_value(const std::string& text) {
  nlohmann::json ignored;
  detail::JsonReader reader(text);
  return reader.value(ignored);
}

// FNV-1a: a hash that is the same on every platform, so fields groupings pick the same task
// in every run.
inline std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

inline std::string shorten(const std::string& text, std::size_t limit = 500) {
  return text.size() <= limit ? text : text.substr(0, limit) + "...";
}

inline std::string millis(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// "1 tuple sent", "3 tuples sent": `noun` takes an `s` unless count is 1.
inline std::string counted(int count, const std::string& noun, const std::string& rest) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s") + " " + rest;
}

}  // namespace host_internal

STORMCPP_INLINE std::string render_conversation(const std::vector<Exchange>& conversation) {
  std::string text;
  for (const auto& exchange : conversation) {
    text += exchange.direction == Exchange::Direction::sent ? ">" : "<";
    text += exchange.packed ? "m " : " ";
    text += exchange.frame;
    text += '\n';
  }
  return text;
}

STORMCPP_INLINE std::string RunSummary::line() const {
  using host_internal::counted;
  const std::string n = kind + ": ";
  if (kind == "spout") {
    return n + counted(nexts_sent, "next", "sent") + ", " + std::to_string(emitted) + " emitted, " +
           counted(acks_sent, "ack", "sent") + ", " + counted(fails_sent, "fail", "sent") + ", " +
           counted(errors, "error", "reported");
  }
  return n + counted(tuples_sent, "tuple", "sent") + ", " + std::to_string(acked) + " acked, " +
         std::to_string(failed) + " failed, " + counted(errors, "error", "reported") + ", " +
         std::to_string(emitted) + " emitted";
}

// ---- Host -------------------------------------------------------------------------------------

STORMCPP_INLINE Host::TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "stormcpp-host-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path = pattern;
}

STORMCPP_INLINE Host::TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

STORMCPP_INLINE Host::Host(const char* kind, const std::vector<std::string>& argv,
                           HostOptions options)
    : kind_(kind), options_(std::move(options)) {
  if (argv.empty() || ::access(argv[0].c_str(), X_OK) != 0) {
    throw std::invalid_argument("host: cannot execute " +
                                (argv.empty() ? std::string("(no command)") : argv[0]));
  }
  auto& context = options_.context;
  if (!context.is_object()) throw std::invalid_argument("HostOptions::context must be an object");
  if (!options_.conf.is_object())
    throw std::invalid_argument("HostOptions::conf must be an object");
  if (!options_.glue_metric.empty()) {
    options_.metrics.insert(options_.glue_metric);
    if (!options_.conf.contains("stormcpp.metrics.name")) {
      options_.conf["stormcpp.metrics.name"] = options_.glue_metric;
    }
  }
  // Storm always sends these three; components may rely on them.
  if (!context.contains("taskid")) context["taskid"] = 1;
  if (!context.contains("componentid")) context["componentid"] = kind;
  if (!context.contains("task->component")) {
    context["task->component"] = {{context["taskid"].dump(), context["componentid"]}};
  }
  output_rules_ = storm::detail::OutputRules::from(Context::from_json(context));
  child_ = std::make_unique<ChildProcess>(argv, options_.working_dir);
  handshake();
}

STORMCPP_INLINE Host::~Host() {}

STORMCPP_INLINE std::vector<Message> Host::received(std::string_view command) const {
  std::vector<Message> result;
  for (const auto& message : received_) {
    if (message.command() == command) result.push_back(message);
  }
  return result;
}

STORMCPP_INLINE RunSummary Host::common_summary() const {
  RunSummary summary;
  summary.kind = kind_;
  for (const auto& message : received_) {
    const std::string command = message.command();
    if (command == "emit") ++summary.emitted;
    if (command == "error") ++summary.errors;
  }
  return summary;
}

STORMCPP_INLINE void Host::handshake() {
  using host_internal::millis;
  send({{"pidDir", pid_dir_.path}, {"conf", options_.conf}, {"context", options_.context}});
  std::optional<Incoming> incoming = read_frame(Clock::now() + options_.subprocess_timeout);
  if (!incoming) {
    violation("no pid reply within " + millis(options_.subprocess_timeout) +
                  " of the handshake (Storm waits for it forever: the topology would hang)",
              "");
  }
  const std::string& frame = incoming->text;
  nlohmann::json reply = parse_json(frame);
  if (!reply.is_object() || !reply.contains("pid")) {
    if (reply.is_object() && reply.contains("command") && reply["command"].is_string()) {
      die("a `" + reply["command"].get<std::string>() +
              "` message came before the pid reply; the pid reply must be the first message "
              "(Storm reads the pid from the first message: NullPointerException)",
          frame);
    }
    die("the first message is not a pid reply {\"pid\": <integer>} (Storm: NullPointerException)",
        frame);
  }
  const nlohmann::json& pid = reply["pid"];
  if (!pid.is_number()) {
    die(std::string("the pid in the pid reply is a JSON ") + pid.type_name() +
            ", not an integer (Storm casts it to a Number: ClassCastException)",
        frame);
  }
  if (!pid.is_number_integer()) violation("the pid in the pid reply is not an integer", frame);
  if (pid.get<long long>() != static_cast<long long>(child_->pid())) {
    violation("the pid reply says " + pid.dump() + " but the component's pid is " +
                  std::to_string(child_->pid()) +
                  ": Storm would log and report the wrong process (a wrapper script must `exec` "
                  "the component)",
              frame);
  }
  std::filesystem::path pid_file = std::filesystem::path(pid_dir_.path) / pid.dump();
  if (!std::filesystem::exists(pid_file)) {
    violation("no pid file " + pid_file.string() +
                  " after the pid reply: the supervisor kills the pids named in pidDir, so it "
                  "could not kill this component with its worker",
              frame);
  }
  auto wire = reply.find("wire");
  packed_ = options_.wire == HostOptions::Wire::msgpack && wire != reply.end() &&
            wire->is_string() && *wire == storm::detail::msgpack_wire_offer;
  auto batches = reply.find("ack_batches");
  ack_batches_ = packed_ && batches != reply.end() && *batches == true;
  last_message_ = Clock::now();
}

STORMCPP_INLINE void Host::check_alive() const {
  if (violation_) throw ProtocolViolation(*violation_, render_conversation(conversation_));
  if (stopping_) throw std::logic_error("host: the component was stopped");
}

STORMCPP_INLINE void Host::send(const nlohmann::ordered_json& message) {
  std::string bytes;
  if (packed_) {
    conversation_.push_back({Exchange::Direction::sent, message.dump(), true});
    bytes = packed_frame(message);
  } else {
    conversation_.push_back({Exchange::Direction::sent, storm_json(message)});
    bytes = conversation_.back().frame + "\nend\n";
  }
  if (!child_->write(bytes)) exited("stopped reading its stdin");
}

STORMCPP_INLINE std::optional<Host::Incoming> Host::read_frame(Clock::time_point until) {
  // At least a short poll, so frames already waiting are read even past a deadline; at most
  // a minute per call, so time_point::max() cannot overflow ChildProcess's arithmetic.
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
  left = std::clamp(left, std::chrono::milliseconds(1), std::chrono::milliseconds(60000));
  std::optional<std::string> frame;
  try {
    frame = child_->read_frame(left);
  } catch (const Timeout&) {
    return std::nullopt;
  } catch (const Error& e) {
    // truncated_frame or frame_too_large: Storm's reader fails the same way.
    die(std::string("the component's stdout broke off: ") + e.what(), "");
  }
  if (!frame) {
    eof_ = true;
    if (!stopping_) exited("closed its stdout");
    return std::nullopt;
  }
  if (!detail::is_packed_frame(*frame)) {
    conversation_.push_back({Exchange::Direction::received, *frame});
    return Incoming{std::move(*frame), std::nullopt};
  }
  if (!packed_) {
    die(options_.wire == HostOptions::Wire::json
            ? "a packed frame under Storm's JSON serializer (its parser fails on byte 0xC1); a "
              "component may pack its frames only after Storm sent it packed ones"
            : "a packed frame before the serializer switched to the msgpack wire (the component "
              "may pack its frames only after it offered the wire and received a packed frame)",
        hex_prefix(*frame));
  }
  Incoming incoming;
  try {
    incoming.packed = detail::parse_packed_frame(*frame);
  } catch (const Error& e) {
    die(std::string("a corrupt packed frame (stormcpp.storm.MsgpackSerializer throws an "
                    "IOException): ") +
            e.what(),
        hex_prefix(*frame));
  }
  incoming.text = show_body(*incoming.packed);
  conversation_.push_back({Exchange::Direction::received, incoming.text, true});
  return incoming;
}

STORMCPP_INLINE nlohmann::json Host::parse_json(const std::string& frame) {
  try {
    return detail::parse_frame(frame);
  } catch (const Error& e) {
    if (host_internal::starts_with_json_value(frame)) {
      violation(
          "more than one JSON value in one frame: Storm's parser keeps the first and silently "
          "drops the rest (send one message per frame, each followed by its own `end` line)",
          frame);
    }
    die(std::string("a frame that is not valid JSON (") + e.what() + ")", frame);
  }
}

STORMCPP_INLINE Message Host::parse(Incoming incoming) {
  const std::string& frame = incoming.text;
  nlohmann::json value = incoming.packed ? std::move(*incoming.packed) : parse_json(frame);
  if (!value.is_object()) {
    die(std::string("a message that is a JSON ") + value.type_name() +
            ", not an object (Storm: ClassCastException)",
        frame);
  }
  auto command = value.find("command");
  if (command == value.end() || command->is_null()) {
    die("a message without a `command` (Storm: NullPointerException)", frame);
  }
  if (!command->is_string()) {
    die("a message whose `command` is not a string (Storm: ClassCastException)", frame);
  }
  last_message_ = Clock::now();
  received_.push_back({std::move(value), frame});
  return received_.back();
}

STORMCPP_INLINE bool Host::pump(Clock::time_point until, const std::function<bool()>& done) {
  using host_internal::millis;
  for (;;) {
    if (done && done()) return true;
    if (Clock::now() >= next_idle()) on_idle();
    Clock::time_point silence = last_message_ + options_.subprocess_timeout;
    std::optional<Incoming> frame = read_frame(std::min({until, next_idle(), silence}));
    if (frame) {
      handle(parse(std::move(*frame)));
      continue;
    }
    if (eof_) return false;
    // Nothing arrived up to now: only then is the silence real (frames that waited in the pipe
    // while the caller was busy were read above and count as heartbeats).
    Clock::time_point now = Clock::now();
    if (now >= silence) {
      die("subprocess heartbeat timeout: no message for " + millis(options_.subprocess_timeout) +
              waiting_,
          "");
    }
    if (now >= until) return false;
  }
}

STORMCPP_INLINE bool Host::handle_common(const Message& message) {
  const std::string command = message.command();
  const nlohmann::json& json = message.json;
  if (command == "log" || command == "error") {
    auto msg = json.find("msg");
    if (msg != json.end() && !msg->is_null() && !msg->is_string()) {
      die("a `" + command + "` whose `msg` is not a string (Storm: ClassCastException)",
          message.raw);
    }
    return true;
  }
  if (command == "metrics") {
    auto name = json.find("name");
    if (name == json.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
      die("a `metrics` message without a metric name (Storm: \"Receive Metrics name is empty\")",
          message.raw);
    }
    const auto& metric = name->get_ref<const std::string&>();
    if (options_.metrics.count(metric) == 0) {
      die("metrics for metric \"" + metric +
              "\", which is not registered (Storm: \"Could not find metric by name[" + metric +
              "]\"; tests register it in HostOptions::metrics)",
          message.raw);
    }
    if (metric == options_.glue_metric) check_metrics_report(message);
    return true;
  }
  return false;
}

STORMCPP_INLINE void Host::check_metrics_report(const Message& message) {
  // What stormcpp.storm.ComponentMetrics reads; it logs anything else and drops it.
  auto params = message.json.find("params");
  auto bad = [&](const std::string& what) {
    violation("a report to the metric \"" + options_.glue_metric + "\" with " + what +
                  " (Storm's CppBolt/CppSpout would log a warning and drop it)",
              message.raw);
  };
  if (params == message.json.end() || !params->is_object()) return bad("no `params` object");
  for (const auto& [kind, entries] : params->items()) {
    if (kind != "counters" && kind != "gauges" && kind != "timers") {
      bad("an unknown section `" + kind + "`");
      continue;
    }
    if (!entries.is_object()) {
      bad("`" + kind + "` not an object");
      continue;
    }
    for (const auto& [name, value] : entries.items()) {
      bool ok = kind == "counters" ? value.is_number_integer()
                : kind == "gauges" ? value.is_number()
                                   : value.is_object() && value.contains("count") &&
                                         value["count"].is_number_integer();
      if (kind == "timers" && ok) {
        for (const char* field : {"sum_ms", "min_ms", "max_ms"}) {
          ok = ok && value.contains(field) && value[field].is_number();
        }
      }
      if (!ok) bad("a malformed value for " + kind + " \"" + name + "\": " + value.dump());
    }
  }
}

STORMCPP_INLINE std::string Host::check_emit(const Message& message) {
  const nlohmann::json& json = message.json;
  const std::string& frame = message.raw;

  auto tuple = json.find("tuple");
  if (tuple == json.end() || tuple->is_null()) {
    violation("an emit without a `tuple` array (Storm would emit an empty tuple)", frame);
  }
  if (!tuple->is_array())
    die("an emit whose `tuple` is not an array (Storm: ClassCastException)", frame);

  std::string stream = "default";
  if (auto s = json.find("stream"); s != json.end() && !s->is_null()) {
    if (!s->is_string())
      die("an emit whose `stream` is not a string (Storm: ClassCastException)", frame);
    stream = s->get<std::string>();
  }
  bool direct = false;
  if (auto t = json.find("task"); t != json.end() && !t->is_null()) {
    if (!t->is_number_integer())
      die("an emit whose `task` is not an integer (Storm: ClassCastException)", frame);
    direct = t->get<long long>() != 0;
  }
  bool need_task_ids = true;
  if (auto n = json.find("need_task_ids"); n == json.end() || n->is_null()) {
    // Direct emits never get a list, so only regular ones deserve the warning.
    if (!direct && !warned_need_task_ids_) {
      warn(
          "emits without need_task_ids: Storm defaults it to true and answers every such emit with "
          "a task-id list the component must read (first: " +
          frame + ")");
      warned_need_task_ids_ = true;
    }
  } else if (!n->is_boolean()) {
    die("an emit whose `need_task_ids` is not a JSON boolean (Storm: ClassCastException)", frame);
  } else {
    need_task_ids = n->get<bool>();
  }

  // Storm's rules for streams, direct streams and (in local mode only) field counts: the
  // same model the runtime checks emits against before they leave the component.
  std::string why = output_rules_.violation(stream, tuple->size(), direct, options_.local_mode);
  if (!why.empty()) die(why, frame);
  if (direct && !warned_direct_) {
    warn(
        "direct emits: broken on Storm 2.6.0 and later, where the JSON serializer throws "
        "ClassCastException for every emit with a `task` (first: " +
        frame + ")");
    warned_direct_ = true;
  }

  if (need_task_ids && !direct && !stopping_) {
    std::vector<int> tasks =
        options_.task_ids ? options_.task_ids(json) : computed_task_ids(json, stream);
    send(nlohmann::ordered_json(tasks));
  }
  return stream;
}

STORMCPP_INLINE std::vector<int> Host::computed_task_ids(const nlohmann::json& emit,
                                                         const std::string& stream) {
  const nlohmann::json& context = options_.context;
  auto g = context.find("stream->target->grouping");
  if (g == context.end() || !g->is_object()) return {};
  auto targets = g->find(stream);
  if (targets == g->end() || !targets->is_object()) return {};

  std::map<std::string, std::vector<int>> tasks_of;
  if (auto t = context.find("task->component"); t != context.end() && t->is_object()) {
    for (const auto& item : t->items()) {
      if (!item.value().is_string()) continue;
      try {
        tasks_of[item.value().get<std::string>()].push_back(std::stoi(item.key()));
      } catch (const std::exception&) {
        // Not a task id: not something Storm sends, and not ours to judge here.
      }
    }
  }
  std::vector<std::string> output_fields;
  if (auto f = context.find("stream->outputfields"); f != context.end() && f->is_object()) {
    if (auto s = f->find(stream); s != f->end() && s->is_array()) {
      for (const auto& name : *s)
        output_fields.push_back(name.is_string() ? name.get<std::string>() : name.dump());
    }
  }
  const nlohmann::json& values = emit.at("tuple");

  std::vector<int> result;
  for (const auto& [target, grouping] : targets->items()) {
    std::vector<int>& tasks = tasks_of[target];
    if (tasks.empty()) continue;
    std::sort(tasks.begin(), tasks.end());
    std::string type = grouping.is_object() ? grouping.value("type", "SHUFFLE") : "SHUFFLE";
    if (type == "ALL") {
      result.insert(result.end(), tasks.begin(), tasks.end());
    } else if (type == "DIRECT") {
      continue;
    } else if (type == "FIELDS") {
      nlohmann::json fields = grouping.value("fields", nlohmann::json::array());
      if (fields.empty()) {
        result.push_back(tasks.front());  // a global grouping: the lowest task
        continue;
      }
      std::string key;
      for (const auto& field : fields) {
        auto at = std::find(output_fields.begin(), output_fields.end(),
                            field.is_string() ? field.get<std::string>() : field.dump());
        std::size_t index = static_cast<std::size_t>(at - output_fields.begin());
        key += index < values.size() ? values[index].dump() : "null";
        key += '\n';
      }
      result.push_back(tasks[host_internal::stable_hash(key) % tasks.size()]);
    } else {
      std::uint64_t& next = round_robin_[stream + "\n" + target];
      result.push_back(tasks[next++ % tasks.size()]);
    }
  }
  return result;
}

STORMCPP_INLINE int Host::stop() {
  if (exit_code_) return *exit_code_;
  stopping_ = true;
  child_->close_stdin();
  // Storm stops reading at shutdown; the host reads on so that what the component still
  // writes is recorded and checked.
  Clock::time_point until = Clock::now() + options_.subprocess_timeout;
  while (!eof_ && Clock::now() < until) {
    std::optional<Incoming> frame = read_frame(until);
    if (frame) handle(parse(std::move(*frame)));
  }
  if (!eof_) {
    warn("the component kept stdout open " + host_internal::millis(options_.subprocess_timeout) +
         " after its stdin was closed; killed");
  }
  exit_code_ = child_->wait(eof_ ? options_.subprocess_timeout : std::chrono::milliseconds(0));
  after_stop();
  return *exit_code_;
}

STORMCPP_INLINE void Host::exited(const std::string& what) {
  int code = child_->wait(std::chrono::milliseconds(1000));
  exit_code_ = code;
  die("the pipe to the component broke: it " + what + " (exit code " + std::to_string(code) +
          "; Storm: \"Pipe to subprocess seems to be broken!\")",
      "");
}

STORMCPP_INLINE void Host::die(const std::string& detail, const std::string& frame) {
  violation(std::string("Storm would kill the ") + kind_ + ": " + detail, frame);
}

STORMCPP_INLINE void Host::violation(const std::string& message, const std::string& frame) {
  std::string text = message;
  if (!frame.empty()) text += "\n  frame: " + host_internal::shorten(frame);
  violation_ = text;
  if (!exit_code_) {
    child_->kill(SIGKILL);
    exit_code_ = child_->wait(std::chrono::milliseconds(5000));
  }
  throw ProtocolViolation(text, render_conversation(conversation_));
}

STORMCPP_INLINE void Host::warn(const std::string& message) {
  warnings_.push_back(message);
}

STORMCPP_INLINE std::string Host::new_id() {
  return std::to_string(static_cast<std::int64_t>(random_()));
}

STORMCPP_INLINE std::string Host::storm_json(const nlohmann::ordered_json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  // Java's JSON writers escape every `/`; a `/` can only occur inside a string.
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '/') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// ---- BoltHost ---------------------------------------------------------------------------------

STORMCPP_INLINE BoltHost::BoltHost(const std::vector<std::string>& argv, HostOptions options)
    : Host("bolt", argv, std::move(options)) {
  next_heartbeat_ = Clock::now() + options_.heartbeat_interval;
}

STORMCPP_INLINE std::string BoltHost::send_tuple(const nlohmann::json& values,
                                                 const std::string& component,
                                                 const std::string& stream, int task) {
  check_alive();
  if (!values.is_array()) throw std::invalid_argument("send_tuple: values must be a JSON array");
  std::string id = new_id();
  tuples_[id];
  send({{"id", id}, {"comp", component}, {"stream", stream}, {"task", task}, {"tuple", values}});
  return id;
}

STORMCPP_INLINE std::string BoltHost::send_tick(int freq_secs) {
  check_alive();
  std::string id = new_id();
  tuples_[id];
  send({{"id", id},
        {"comp", "__system"},
        {"stream", "__tick"},
        {"task", -1},
        {"tuple", {freq_secs}}});
  return id;
}

STORMCPP_INLINE Outcome BoltHost::wait_for(const std::string& id,
                                           std::optional<std::chrono::milliseconds> timeout) {
  check_alive();
  auto found = tuples_.find(id);
  if (found == tuples_.end()) throw std::invalid_argument("wait_for: no tuple " + id + " was sent");
  std::chrono::milliseconds limit = timeout.value_or(options_.subprocess_timeout);
  const TupleRecord& record = found->second;
  if (!pump(Clock::now() + limit, [&] { return record.state != State::pending; })) {
    throw Timeout("tuple " + id + " was neither acked nor failed within " +
                  host_internal::millis(limit) +
                  " (Storm would fail it at the spout after topology.message.timeout.secs)");
  }
  return Outcome{record.state == State::acked, record.emits};
}

STORMCPP_INLINE void BoltHost::run_for(std::chrono::milliseconds duration) {
  check_alive();
  pump(Clock::now() + duration, nullptr);
}

STORMCPP_INLINE std::vector<std::string> BoltHost::pending() const {
  std::vector<std::string> ids;
  for (const auto& [id, record] : tuples_) {
    if (record.state == State::pending) ids.push_back(id);
  }
  return ids;
}

STORMCPP_INLINE RunSummary BoltHost::summary() const {
  RunSummary summary = common_summary();
  summary.tuples_sent = static_cast<int>(tuples_.size());
  for (const auto& [id, record] : tuples_) {
    if (record.state == State::acked) ++summary.acked;
    if (record.state == State::failed) ++summary.failed;
  }
  return summary;
}

STORMCPP_INLINE Host::Clock::time_point BoltHost::next_idle() const {
  return stopping_ ? Clock::time_point::max() : next_heartbeat_;
}

STORMCPP_INLINE void BoltHost::on_idle() {
  std::string id = new_id();
  heartbeat_ids_.insert(id);
  send({{"id", id},
        {"comp", nullptr},
        {"stream", "__heartbeat"},
        {"task", -1},
        {"tuple", nlohmann::ordered_json::array()}});
  next_heartbeat_ = Clock::now() + options_.heartbeat_interval;
}

STORMCPP_INLINE void BoltHost::handle(const Message& message) {
  const std::string command = message.command();
  const nlohmann::json& json = message.json;
  if (command == "emit") {
    // Storm resolves the anchors first (ShellBolt.handleEmit), then emits.
    std::vector<std::string> anchors;
    if (auto a = json.find("anchors"); a != json.end() && !a->is_null()) {
      if (a->is_string()) {
        anchors.push_back(a->get<std::string>());
      } else if (a->is_array()) {
        for (const auto& anchor : *a) {
          if (!anchor.is_string()) {
            die("an emit anchored to " + anchor.dump() +
                    ", not a tuple id string (Storm: ClassCastException)",
                message.raw);
          }
          anchors.push_back(anchor.get<std::string>());
        }
      } else {
        die("an emit whose `anchors` is not an array of tuple ids (Storm: ClassCastException)",
            message.raw);
      }
    }
    for (const auto& anchor : anchors) {
      std::string storm = " (Storm: \"Anchored onto " + anchor + " after ack/fail\")";
      if (heartbeat_ids_.count(anchor) != 0) {
        die("an emit anchored to heartbeat id \"" + anchor + "\"" + storm, message.raw);
      }
      auto found = tuples_.find(anchor);
      if (found == tuples_.end()) {
        die("an emit anchored to unknown tuple id \"" + anchor + "\"" + storm, message.raw);
      }
      if (found->second.state != State::pending) {
        die("an emit anchored to tuple id \"" + anchor + "\", already " +
                (found->second.state == State::acked ? "acked" : "failed") + storm,
            message.raw);
      }
    }
    check_emit(message);
    for (const auto& anchor : anchors)
      tuples_[anchor].emits.push_back(message);
  } else if (command == "ack") {
    settle(message, State::acked);
  } else if (command == "fail") {
    settle(message, State::failed);
  } else if (command != "sync" && !handle_common(message)) {
    warn("unknown command \"" + command + "\" (ShellBolt ignores it): " + message.raw);
  }
}

STORMCPP_INLINE void BoltHost::settle(const Message& message, State state) {
  const std::string verb = state == State::acked ? "an ack" : "a fail";
  std::string storm_words = state == State::acked ? "Acked" : "Failed";
  auto id = message.json.find("id");
  std::string shown = id == message.json.end() ? "null" : id->dump();
  std::string text_id =
      id != message.json.end() && id->is_string() ? id->get<std::string>() : shown;
  std::string storm = " (Storm: \"" + storm_words +
                      " a non-existent or already acked/failed id: " + text_id + "\")";
  if (id == message.json.end() || id->is_null()) {
    die(verb + " without an id" + storm, message.raw);
  }
  if (!id->is_string()) {
    die(verb + " of " + id->type_name() + " id " + shown +
            ": tuple ids are strings and must be sent back exactly as received" + storm,
        message.raw);
  }
  if (heartbeat_ids_.count(text_id) != 0) {
    die(verb + " of heartbeat id " + shown +
            ": heartbeats are answered with sync, never acked or failed" + storm,
        message.raw);
  }
  auto found = tuples_.find(text_id);
  if (found == tuples_.end()) {
    die(verb + " of unknown tuple id " + shown + storm, message.raw);
  }
  if (found->second.state != State::pending) {
    die(verb + " of tuple id " + shown + ", already " +
            (found->second.state == State::acked ? "acked" : "failed") + storm,
        message.raw);
  }
  found->second.state = state;
}

STORMCPP_INLINE void BoltHost::after_stop() {
  for (const auto& id : pending()) {
    warn("tuple " + id +
         " was never acked or failed (Storm would fail it at the spout after "
         "topology.message.timeout.secs)");
  }
}

// ---- SpoutHost --------------------------------------------------------------------------------

STORMCPP_INLINE SpoutHost::SpoutHost(const std::vector<std::string>& argv, HostOptions options)
    : Host("spout", argv, std::move(options)) {}

STORMCPP_INLINE std::vector<Message> SpoutHost::command(const std::string& name,
                                                        const nlohmann::json& id) {
  check_alive();
  ++commands_sent_[name];
  // As MsgpackSerializer does for a spout that offered ack batches: an ack is answered at
  // once and sent in one `acks` command before the next other command (no sync of its own).
  if (name == "ack" && ack_batches()) {
    pending_acks_.push_back(id);
    return {};
  }
  if (!pending_acks_.empty()) {
    send({{"command", "acks"}, {"ids", pending_acks_}});
    pending_acks_.clear();
  }
  std::vector<Message> emits;
  emits_ = &emits;
  synced_ = false;
  send({{"command", name}, {"id", id}});
  // ShellSpout refreshes the heartbeat while it is not waiting: the clock starts now.
  last_message_ = Clock::now();
  waiting_ = " while waiting for the sync after `" + name + "`";
  try {
    pump(Clock::time_point::max(), [&] { return synced_; });
  } catch (...) {
    emits_ = nullptr;
    throw;
  }
  emits_ = nullptr;
  return emits;
}

STORMCPP_INLINE RunSummary SpoutHost::summary() const {
  RunSummary summary = common_summary();
  auto sent = [&](const char* name) {
    auto found = commands_sent_.find(name);
    return found == commands_sent_.end() ? 0 : found->second;
  };
  summary.nexts_sent = sent("next");
  summary.acks_sent = sent("ack");
  summary.fails_sent = sent("fail");
  return summary;
}

STORMCPP_INLINE void SpoutHost::handle(const Message& message) {
  const std::string command = message.command();
  if (command == "sync") {
    synced_ = true;
  } else if (command == "emit") {
    check_emit(message);
    if (emits_ != nullptr) emits_->push_back(message);
  } else if (!handle_common(message)) {
    die("a spout sent `" + command +
            "`; spouts may only send emit, log, error, metrics and sync (Storm: \"Unknown "
            "command received: " +
            command + "\")",
        message.raw);
  }
}

}  // namespace storm::testing
