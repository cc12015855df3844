// stormcpp-bench-driver: plays Storm's side of the multilang protocol at full speed (or at a
// fixed offered rate) against one component process, through real pipes, and prints one JSON
// line per result.
//
//   stormcpp-bench-driver --scenario S [--tuples N] [--rate R] [--window W] [--repeat R]
//                         [--label L] -- cmd...
//
// --window W models topology.max.spout.pending: at most W tuples written and not yet acked.
//
// Scenarios: bolt-ack, bolt-passthrough, bolt-task-ids, split, count (bolt traffic; the
// component decides what it does with it), spout-next (send `next`, read until `sync`), and
// startup (spawn, handshake, pid reply, close; repeated).
//
// Everything the driver writes is pre-encoded before timing; the driver is one thread running a
// poll loop over the child's stdin (non-blocking, frame-aligned writes) and stdout, so writes
// and reads proceed concurrently without deadlock. Task-id requests (emits with need_task_ids
// true or absent) get a `[2]` frame, in order, written between tuple frames like Storm does.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double now_s() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "stormcpp-bench-driver: %s\n", message.c_str());
  std::exit(2);
}

constexpr std::int64_t id_base = 4611686018427387904LL;  // 2^62: 19-digit ids, like Storm's

const char* const sentences[] = {
    "the cow jumped over the moon", "an apple a day keeps the doctor away",
    "four score and seven years ago", "snow white and the seven dwarfs", "i am at two with nature"};
const char* const words[] = {"the",   "cow",    "jumped", "over", "moon",  "apple", "day",
                             "keeps", "doctor", "away",   "four", "score", "seven", "years"};

struct Options {
  std::string scenario;
  std::string label = "component";
  std::int64_t tuples = 100000;
  double rate = 0;  // tuples/s offered; 0 = full speed
  int repeat = 20;
  std::int64_t window =
      0;  // max tuples written but not acked (topology.max.spout.pending); 0 = none
  std::vector<std::string> command;
};

// ---- the child ---------------------------------------------------------------------------
struct Child {
  pid_t pid = -1;
  int in = -1;   // its stdin (we write)
  int out = -1;  // its stdout (we read)
  double spawned_at = 0;
};

Child spawn(const std::vector<std::string>& command) {
  int to_child[2], from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0) die("pipe failed");
  Child child;
  // posix_spawn (vfork-like): no page-table copy of the driver's big traffic buffer, so the
  // start-up time measures the component, not the fork.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> argv;
  for (const auto& a : command)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  child.spawned_at = now_s();
  int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) die(std::string("cannot start ") + argv[0] + ": " + std::strerror(rc));
  close(to_child[0]);
  close(from_child[1]);
  child.pid = pid;
  child.in = to_child[1];
  child.out = from_child[0];
  fcntl(child.in, F_SETFL, O_NONBLOCK);
  fcntl(child.out, F_SETFL, O_NONBLOCK);
  return child;
}

// utime + stime of a process, in microseconds.
double cpu_us(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto close_paren = all.rfind(')');
  if (close_paren == std::string::npos) return 0;
  std::istringstream rest(all.substr(close_paren + 2));
  std::string field;
  std::vector<std::string> fields;
  while (rest >> field)
    fields.push_back(field);
  // fields[0] is state (field 3); utime is field 14, stime field 15.
  if (fields.size() < 13) return 0;
  double ticks = std::stod(fields[11]) + std::stod(fields[12]);
  return ticks * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long status_kb(pid_t pid, const char* key) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  }
  return -1;
}

// ---- frames from the child -----------------------------------------------------------------
std::string_view json_string_after(std::string_view frame, std::string_view key) {
  auto at = frame.find(key);
  if (at == std::string_view::npos) return {};
  at += key.size();
  while (at < frame.size() && (frame[at] == ' ' || frame[at] == ':'))
    ++at;
  if (at >= frame.size()) return {};
  if (frame[at] == '"') {
    auto end = frame.find('"', at + 1);
    if (end == std::string_view::npos) return {};
    return frame.substr(at + 1, end - at - 1);
  }
  auto end = frame.find_first_of(",}", at);
  return frame.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
}

struct Counters {
  std::int64_t acks = 0, fails = 0, emits = 0, syncs = 0, logs = 0, errors = 0, task_requests = 0;
  bool got_pid = false;
  double pid_at = 0;
  std::string first_error;
};

// The session: a poll loop over the child's pipes.
class Session {
 public:
  Session(Child child, Counters& c) : child_(child), c_(c) {}

  // Queues bytes to write after what is queued (frame-aligned pieces).
  void queue(std::string_view bytes) { pending_.push_back(bytes); }
  bool writing() const { return !pending_.empty() || !current_.empty() || replies_ > 0; }

  // Runs the loop until `done()` or `deadline`. `on_frame` gets every frame. `feed` may queue
  // more data; it is called when the write side is idle, with the time; returns the time it
  // next wants to be called (0: not again; -1: after the next read from the child).
  template <class OnFrame, class Done, class Feed>
  bool loop(OnFrame on_frame, Done done, Feed feed, double deadline) {
    double next_feed = now_s();
    for (;;) {
      if (done()) return true;
      double now = now_s();
      if (now > deadline) return false;
      if (next_feed > 0 && now >= next_feed && current_.empty() && pending_.empty())
        next_feed = feed(now);
      pick_next_write();
      pollfd fds[2] = {{child_.out, POLLIN, 0}, {child_.in, POLLOUT, 0}};
      int n = current_.empty() || child_.in < 0 ? 1 : 2;
      timespec timeout{0, 100000000};
      if (next_feed > 0 && current_.empty()) {
        double wait = std::max(0.0, next_feed - now_s());
        timeout.tv_sec = static_cast<time_t>(wait);
        timeout.tv_nsec = static_cast<long>((wait - static_cast<double>(timeout.tv_sec)) * 1e9);
      }
      int r = ppoll(fds, static_cast<nfds_t>(n), &timeout, nullptr);
      if (r < 0 && errno != EINTR) die("poll failed");
      if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) write_some();
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        if (!read_some(on_frame)) return done();
        if (next_feed < 0) next_feed = now_s();
      }
    }
  }

  void close_stdin() {
    if (child_.in >= 0) close(child_.in);
    child_.in = -1;
  }

  // Reads until EOF or the deadline; returns exit status after waiting, killing if needed.
  int finish(double timeout_s) {
    close_stdin();
    double deadline = now_s() + timeout_s;
    char buf[65536];
    while (now_s() < deadline) {
      pollfd p{child_.out, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        ssize_t got = read(child_.out, buf, sizeof buf);
        if (got == 0) break;
        if (got < 0 && errno != EAGAIN && errno != EINTR) break;
      }
    }
    int status = 0;
    while (now_s() < deadline) {
      pid_t w = waitpid(child_.pid, &status, WNOHANG);
      if (w == child_.pid) {
        close(child_.out);
        return status;
      }
      usleep(2000);
    }
    kill(-child_.pid, SIGKILL);
    waitpid(child_.pid, &status, 0);
    close(child_.out);
    return status;
  }

  std::int64_t replies_ = 0;  // `[2]` frames owed (written before the next tuple chunk)

 private:
  void pick_next_write() {
    if (!current_.empty()) return;
    if (replies_ > 0) {
      static const std::string reply = [] {
        std::string r;
        for (int i = 0; i < 256; ++i)
          r += "[2]\nend\n";
        return r;
      }();
      std::int64_t k = std::min<std::int64_t>(replies_, 256);
      current_ = std::string_view(reply).substr(0, static_cast<std::size_t>(k) * 8);
      replies_ -= k;
      return;
    }
    if (!pending_.empty()) {
      current_ = pending_.front();
      pending_.erase(pending_.begin());
    }
  }

  void write_some() {
    while (!current_.empty()) {
      ssize_t w = write(child_.in, current_.data(), current_.size());
      if (w < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        die(std::string("write to component failed: ") + std::strerror(errno));
      }
      current_.remove_prefix(static_cast<std::size_t>(w));
      if (current_.empty()) pick_next_write();
    }
  }

  template <class OnFrame>
  bool read_some(OnFrame& on_frame) {
    for (;;) {
      std::size_t old = in_.size();
      in_.resize(old + 65536);
      ssize_t got = read(child_.out, in_.data() + old, 65536);
      if (got <= 0) {
        in_.resize(old);
        if (got == 0) return false;
        if (errno == EAGAIN || errno == EINTR) return true;
        return false;
      }
      in_.resize(old + static_cast<std::size_t>(got));
      // Frames: everything up to a line "end".
      std::size_t pos = scan_;
      for (;;) {
        auto nl = in_.find("\nend\n", pos >= start_ + 4 ? pos - 4 : start_);
        if (nl == std::string::npos) break;
        std::string_view frame(in_.data() + start_, nl - start_);
        handle(frame, on_frame);
        start_ = pos = nl + 5;
      }
      if (start_ > 0) {
        in_.erase(0, start_);
        start_ = 0;
      }
      scan_ = in_.size();
      if (static_cast<std::size_t>(got) < 65536) return true;
    }
  }

  template <class OnFrame>
  void handle(std::string_view frame, OnFrame& on_frame) {
    std::string_view command = json_string_after(frame, "\"command\"");
    if (command.empty()) {
      if (frame.find("\"pid\"") != std::string_view::npos) {
        c_.got_pid = true;
        c_.pid_at = now_s();
      }
    } else if (command == "ack") {
      ++c_.acks;
    } else if (command == "emit") {
      ++c_.emits;
      std::string_view need = json_string_after(frame, "\"need_task_ids\"");
      if (need.substr(0, 5) != "false") {
        ++c_.task_requests;
        ++replies_;
      }
    } else if (command == "sync") {
      ++c_.syncs;
    } else if (command == "fail") {
      ++c_.fails;
    } else if (command == "log") {
      ++c_.logs;
    } else if (command == "error") {
      if (c_.errors++ == 0) c_.first_error = std::string(frame.substr(0, 400));
    }
    on_frame(command, frame);
  }

  Child child_;
  Counters& c_;
  std::vector<std::string_view> pending_;
  std::string_view current_;
  std::string in_;
  std::size_t start_ = 0, scan_ = 0;
};

std::string handshake(const std::string& pid_dir, const std::string& component,
                      const std::string& scenario = "") {
  // pystorm builds named tuples from source->stream->fields: they must match the traffic.
  const std::string in_fields = scenario == "count" ? "[\"word\"]" : "[\"value\",\"n\"]";
  // The word count's bolts declare their outputs in code (checked against these at start-up).
  const std::string out_fields = scenario == "split"   ? "[\"word\"]"
                                 : scenario == "count" ? "[\"word\",\"count\"]"
                                                       : "[\"value\",\"n\"]";
  return "{\"pidDir\":\"" + pid_dir +
         "\",\"conf\":{\"topology.name\":\"bench\",\"topology.subprocess.timeout.secs\":30,"
         "\"topology.debug\":false},\"context\":{\"taskid\":3,\"task->component\":{\"1\":"
         "\"__acker\",\"2\":\"sink\",\"3\":\"" +
         component + "\",\"4\":\"spout\"},\"componentid\":\"" + component +
         "\",\"streams\":[\"default\"],\"stream->outputfields\":{\"default\":" + out_fields +
         "},"
         "\"stream->target->grouping\":{\"default\":{\"sink\":{\"type\":\"SHUFFLE\"}}},"
         "\"source->stream->grouping\":{\"spout\":{\"default\":{\"type\":\"SHUFFLE\"}}},"
         "\"source->stream->fields\":{\"spout\":{\"default\":" +
         in_fields + "}}}}\nend\n";
}

std::string make_pid_dir() {
  char tmpl[] = "/tmp/stormcpp-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) die("mkdtemp failed");
  return tmpl;
}

void remove_dir(const std::string& dir) {
  std::string cmd = "rm -rf '" + dir + "'";
  if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", dir.c_str());
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return -1;
  std::size_t k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

// ---- traffic -----------------------------------------------------------------------------
// One tuple frame per id; offsets[i] is where frame i starts (offsets[n] = size).
struct Traffic {
  std::string bytes;
  std::vector<std::size_t> offsets;
};

Traffic bolt_traffic(const std::string& scenario, std::int64_t n) {
  Traffic t;
  t.bytes.reserve(static_cast<std::size_t>(n) * 110);
  t.offsets.reserve(static_cast<std::size_t>(n) + 1);
  for (std::int64_t i = 0; i < n; ++i) {
    t.offsets.push_back(t.bytes.size());
    t.bytes += "{\"id\":\"";
    t.bytes += std::to_string(id_base + i);
    t.bytes += "\",\"comp\":\"spout\",\"stream\":\"default\",\"task\":4,\"tuple\":[";
    if (scenario == "count") {
      t.bytes += '"';
      t.bytes += words[i % std::size(words)];
      t.bytes += '"';
    } else {
      t.bytes += '"';
      t.bytes += sentences[i % std::size(sentences)];
      t.bytes += "\"," + std::to_string(i);
    }
    t.bytes += "]}\nend\n";
  }
  t.offsets.push_back(t.bytes.size());
  return t;
}

struct Result {
  Counters c;
  double seconds = 0;
  double cpu = 0;
  long hwm_kb = -1;
  double startup_ms = -1;
  std::vector<double> latencies_us;
  bool ok = true;
  std::int64_t done = 0;
};

void print(const Options& o, const Result& r) {
  double tps = r.seconds > 0 ? static_cast<double>(r.done) / r.seconds : 0;
  std::vector<double> lat = r.latencies_us;
  double p50 = percentile(lat, 50), p99 = percentile(lat, 99), p999 = percentile(lat, 99.9);
  std::printf(
      "{\"adapter\":\"%s\",\"scenario\":\"%s\",\"mode\":\"%s\",\"ok\":%s,\"tuples\":%" PRId64
      ",\"seconds\":%.4f,\"tuples_per_s\":%.1f,\"cpu_us_per_tuple\":%.3f,\"peak_rss_kb\":%ld,"
      "\"startup_ms\":%.3f,\"offered_rate\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,"
      "\"acks\":%" PRId64 ",\"emits\":%" PRId64 ",\"task_id_replies\":%" PRId64
      ",\"fails\":%" PRId64 ",\"errors\":%" PRId64 "}\n",
      o.label.c_str(), o.scenario.c_str(), o.rate > 0 ? "latency" : "throughput",
      r.ok ? "true" : "false", r.done, r.seconds, tps,
      r.done > 0 ? r.cpu / static_cast<double>(r.done) : 0, r.hwm_kb, r.startup_ms, o.rate,
      r.latencies_us.empty() ? -1.0 : p50, r.latencies_us.empty() ? -1.0 : p99,
      r.latencies_us.empty() ? -1.0 : p999, r.c.acks, r.c.emits, r.c.task_requests, r.c.fails,
      r.c.errors);
  std::fflush(stdout);
  if (r.c.errors > 0) std::fprintf(stderr, "component reported: %s\n", r.c.first_error.c_str());
}

// A component spawned with its pid directory and the handshake it is to get.
struct Started {
  std::string pid_dir;
  std::string hs;
  Child child;
  Started(const Options& o, const std::string& component, const std::string& scenario = "")
      : pid_dir(make_pid_dir()),
        hs(handshake(pid_dir, component, scenario)),
        child(spawn(o.command)) {}
};

// Sends the handshake and waits for the pid reply (counted in r).
bool start(Started& s, Session& session, Result& r) {
  session.queue(s.hs);
  bool ok = session.loop([](std::string_view, std::string_view) {}, [&] { return r.c.got_pid; },
                         [](double) { return 0.0; }, now_s() + 30);
  if (!ok) {
    std::fprintf(stderr, "no pid reply from the component\n");
    return false;
  }
  r.startup_ms = (r.c.pid_at - s.child.spawned_at) * 1000;
  struct stat st;
  std::string pid_file = s.pid_dir + "/" + std::to_string(s.child.pid);
  // storm.py writes the pid file right after the reply: give it a moment.
  for (int i = 0; i < 200 && stat(pid_file.c_str(), &st) != 0; ++i)
    usleep(1000);
  if (stat(pid_file.c_str(), &st) != 0) std::fprintf(stderr, "warning: no pid file written\n");
  return true;
}

int run_bolt(const Options& o) {
  Traffic traffic = bolt_traffic(o.scenario, o.tuples);
  Result r;
  Started s(o, "bolt", o.scenario);
  Session session(s.child, r.c);
  if (!start(s, session, r)) {
    session.finish(2);
    remove_dir(s.pid_dir);
    return 1;
  }
  const std::int64_t n = o.tuples;
  std::vector<double> sent_at;
  if (o.rate > 0) {
    sent_at.assign(static_cast<std::size_t>(n), 0);
    r.latencies_us.reserve(static_cast<std::size_t>(n));
  }
  double cpu0 = cpu_us(s.child.pid);
  double t0 = now_s();
  std::int64_t next = 0;  // next frame to queue
  auto feed = [&](double now) -> double {
    if (next >= n) return 0;
    std::int64_t upto;
    if (o.rate <= 0) {
      upto = std::min<std::int64_t>(n, next + 512);  // ~55 KB, frame-aligned
      if (o.window > 0) {
        upto = std::min(upto, r.c.acks + r.c.fails + o.window);
        if (upto <= next) return -1;  // window full: look again after the next read
      }
    } else {
      // Every tuple whose scheduled time has come; latency counts from the schedule.
      upto = std::min<std::int64_t>(n, static_cast<std::int64_t>((now - t0) * o.rate) + 1);
      upto = std::max(upto, next + 1);
      for (std::int64_t i = next; i < upto; ++i)
        sent_at[static_cast<std::size_t>(i)] = t0 + static_cast<double>(i) / o.rate;
    }
    auto b = traffic.offsets[static_cast<std::size_t>(next)];
    auto e = traffic.offsets[static_cast<std::size_t>(upto)];
    session.queue(std::string_view(traffic.bytes).substr(b, e - b));
    next = upto;
    if (next >= n) return 0;
    return o.rate > 0 ? t0 + static_cast<double>(next) / o.rate : now;
  };
  auto on_frame = [&](std::string_view command, std::string_view frame) {
    if (o.rate > 0 && command == "ack") {
      auto id = json_string_after(frame, "\"id\"");
      std::int64_t v = std::strtoll(std::string(id).c_str(), nullptr, 10) - id_base;
      if (v >= 0 && v < n)
        r.latencies_us.push_back((now_s() - sent_at[static_cast<std::size_t>(v)]) * 1e6);
    }
  };
  r.ok = session.loop(
      on_frame, [&] { return r.c.acks + r.c.fails >= n; }, feed, now_s() + 600);
  r.seconds = now_s() - t0;
  r.cpu = cpu_us(s.child.pid) - cpu0;
  r.hwm_kb = status_kb(s.child.pid, "VmHWM:");
  r.done = r.c.acks;
  int status = session.finish(3);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    std::fprintf(stderr, "note: component exit status %d\n", status);
  remove_dir(s.pid_dir);
  print(o, r);
  return r.ok ? 0 : 1;
}

int run_spout(const Options& o) {
  Result r;
  Started s(o, "spout");
  Session session(s.child, r.c);
  if (!start(s, session, r)) {
    session.finish(2);
    remove_dir(s.pid_dir);
    return 1;
  }
  static const std::string next_cmd = "{\"command\":\"next\",\"id\":\"\"}\nend\n";
  static const std::string activate = "{\"command\":\"activate\",\"id\":\"\"}\nend\n";
  session.queue(activate);
  std::int64_t want_syncs = 1;
  session.loop([](std::string_view, std::string_view) {}, [&] { return r.c.syncs >= 1; },
               [](double) { return 0.0; }, now_s() + 30);
  r.c.emits = 0;
  double cpu0 = cpu_us(s.child.pid);
  double t0 = now_s();
  std::int64_t sent = 0;
  auto on_frame = [&](std::string_view command, std::string_view) {
    if (command == "sync" && r.c.emits < o.tuples && r.c.syncs == want_syncs) {
      session.queue(next_cmd);
      ++want_syncs;
      ++sent;
    }
  };
  session.queue(next_cmd);
  ++want_syncs;
  r.ok = session.loop(
      on_frame, [&] { return r.c.emits >= o.tuples && r.c.syncs >= want_syncs; },
      [](double) { return 0.0; }, now_s() + 600);
  r.seconds = now_s() - t0;
  r.cpu = cpu_us(s.child.pid) - cpu0;
  r.hwm_kb = status_kb(s.child.pid, "VmHWM:");
  r.done = r.c.emits;
  session.finish(3);
  remove_dir(s.pid_dir);
  print(o, r);
  return r.ok ? 0 : 1;
}

int run_startup(const Options& o) {
  std::vector<double> ms;
  Result total;
  for (int i = 0; i < o.repeat; ++i) {
    Result r;
    Started s(o, "bolt");
    Session session(s.child, r.c);
    bool ok = start(s, session, r);
    if (ok) {
      ms.push_back(r.startup_ms);
      total.hwm_kb = std::max(total.hwm_kb, status_kb(s.child.pid, "VmHWM:"));
    }
    session.finish(3);
    remove_dir(s.pid_dir);
    if (!ok) return 1;
  }
  std::vector<double> copy = ms;
  std::printf(
      "{\"adapter\":\"%s\",\"scenario\":\"startup\",\"mode\":\"startup\",\"ok\":true,"
      "\"runs\":%zu,\"startup_ms\":%.3f,\"startup_min_ms\":%.3f,\"startup_p90_ms\":%.3f,"
      "\"peak_rss_kb\":%ld}\n",
      o.label.c_str(), ms.size(), percentile(copy, 50), *std::min_element(ms.begin(), ms.end()),
      percentile(copy, 90), total.hwm_kb);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  Options o;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--") {
      ++i;
      break;
    } else if (a == "--scenario") {
      o.scenario = value();
    } else if (a == "--tuples") {
      o.tuples = std::atoll(value().c_str());
    } else if (a == "--rate") {
      o.rate = std::atof(value().c_str());
    } else if (a == "--repeat") {
      o.repeat = std::atoi(value().c_str());
    } else if (a == "--window") {
      o.window = std::atoll(value().c_str());
    } else if (a == "--label") {
      o.label = value();
    } else {
      die("unknown option " + a +
          "\nusage: stormcpp-bench-driver --scenario S [--tuples N] [--rate R] [--repeat R] "
          "[--window W] [--label L] -- command...");
    }
  }
  for (; i < argc; ++i)
    o.command.push_back(argv[i]);
  if (o.command.empty()) die("no component command after --");
  if (o.scenario.rfind("spout", 0) == 0) return run_spout(o);
  if (o.scenario == "startup") return run_startup(o);
  return run_bolt(o);
}
