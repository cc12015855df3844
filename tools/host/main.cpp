// stormcpp-host: runs a component executable under the out-of-process Storm host.
//   stormcpp-host [--spout|--bolt] [--conf JSON | --conf-file FILE]
//                 [--context JSON | --context-file FILE] [--timeout-ms N] [--heartbeat-ms N]
//                 [--metric NAME]... [--cwd DIR] [--tuples FILE] [--ticks N] [--next N]
//                 [--wire json|msgpack] [--allow-failures] -- COMMAND ARGS...
// A bolt gets each tuple of FILE (one a line: a JSON array of values, or an object with
// `tuple` and optionally `comp`, `stream`, `task`), waiting for its ack or fail, then N tick
// tuples. A spout gets `activate`, N `next`, an `ack` for every reliable emit, `deactivate`.
// Then stdin is closed. --wire msgpack plays stormcpp.storm.MsgpackSerializer (packed frames
// once the component offers the msgpack wire) instead of Storm's JSON serializer.
// Prints the conversation (`> ` sent, `< ` received, `>m `/`<m ` packed) to stdout; to
// stderr, warnings, the `error`s the component reported, and last a one-line summary:
//   stormcpp-host: bolt: 3 tuples sent, 2 acked, 1 failed, 1 error reported, 2 emitted
//   stormcpp-host: spout: 3 nexts sent, 3 emitted, 3 acks sent, 0 fails sent, 0 errors reported
// Exit codes:
//   0  a clean run
//   1  a protocol violation (printed with the component's stderr), a component exit code
//      other than 0, a tuple neither acked nor failed in time, or the command cannot be run
//   2  a usage error
//   3  otherwise clean, but the component failed a tuple or reported an `error`
//      (--allow-failures: exit 0 instead)
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <stormcpp/testing/host.hpp>

namespace {

constexpr const char* usage =
    "usage: stormcpp-host [--spout|--bolt] [--conf JSON | --conf-file FILE]\n"
    "                     [--context JSON | --context-file FILE] [--timeout-ms N]\n"
    "                     [--heartbeat-ms N] [--metric NAME]... [--cwd DIR] [--tuples FILE]\n"
    "                     [--ticks N] [--next N] [--wire json|msgpack] [--allow-failures]\n"
    "                     -- COMMAND ARGS...\n"
    "exit codes: 0 clean, 1 protocol violation or component exit code not 0, 2 usage error,\n"
    "            3 tuples failed or errors reported (0 with --allow-failures)\n";

// Exit codes (documented above and in docs/testing.md).
constexpr int exit_clean = 0;
constexpr int exit_violation = 1;  // also: component exit code not 0, tuple timeout, no command
constexpr int exit_usage = 2;
constexpr int exit_failures = 3;  // tuples failed or errors reported, without --allow-failures

// At most this many of the component's `error` messages are repeated on stderr.
constexpr std::size_t errors_shown = 10;

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ChildProcess uses execv: find a bare command name on PATH as a shell would.
std::string resolve(const std::string& command) {
  if (command.find('/') != std::string::npos) return command;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + command;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return command;
}

nlohmann::json parse_json_arg(const std::string& flag, const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Usage(flag + ": not JSON: " + e.what());
  }
}

nlohmann::json read_json_file(const std::string& flag, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Usage(flag + ": cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_json_arg(flag + " " + file, text.str());
}

int to_int(const std::string& flag, const std::string& text) {
  try {
    return std::stoi(text);
  } catch (const std::exception&) {
    throw Usage(flag + ": not a number: " + text);
  }
}

struct Tuple {
  nlohmann::json values;
  std::string component = "spout";
  std::string stream = "default";
  int task = 1;
};

std::vector<Tuple> read_tuples(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw Usage("--tuples: cannot read " + file);
  std::vector<Tuple> tuples;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
    std::string where = file + ":" + std::to_string(number);
    nlohmann::json value = parse_json_arg(where, line);
    Tuple tuple;
    if (value.is_array()) {
      tuple.values = value;
    } else if (value.is_object() && value.contains("tuple") && value["tuple"].is_array()) {
      tuple.values = value["tuple"];
      tuple.component = value.value("comp", tuple.component);
      tuple.stream = value.value("stream", tuple.stream);
      tuple.task = value.value("task", tuple.task);
    } else {
      throw Usage(where + ": expected a JSON array or an object with a `tuple` array");
    }
    tuples.push_back(std::move(tuple));
  }
  return tuples;
}

// The component's `error` messages on stderr (the first few: a bolt failing every tuple
// reports as many), then the summary line, last so that it is easy to find.
void report(storm::testing::Host& host) {
  std::vector<storm::testing::Message> errors = host.received("error");
  for (std::size_t i = 0; i < errors.size() && i < errors_shown; ++i) {
    const nlohmann::json& msg = errors[i].json.value("msg", nlohmann::json());
    std::cerr << "component error: " << (msg.is_string() ? msg.get<std::string>() : msg.dump())
              << "\n";
  }
  if (errors.size() > errors_shown) {
    std::cerr << "component error: ... and " << errors.size() - errors_shown
              << " more (see the conversation)\n";
  }
  std::cerr << "stormcpp-host: " << host.summary().line() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  bool spout = false;
  storm::testing::HostOptions options;
  std::string tuples_file;
  int next_count = 1, ticks = 0;
  bool allow_failures = false;
  // Which flags gave the conf and the context: the inline and the file form exclude each other.
  std::set<std::string> given;
  std::vector<std::string> command;
  try {
    int i = 1;
    auto value = [&](const std::string& flag) -> std::string {
      if (i + 1 >= argc) throw Usage(flag + " needs a value");
      return argv[++i];
    };
    for (; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg == "--") {
        for (++i; i < argc; ++i)
          command.push_back(argv[i]);
      } else if (arg == "--spout") {
        spout = true;
      } else if (arg == "--bolt") {
        spout = false;
      } else if (arg == "--conf") {
        options.conf = parse_json_arg(arg, value(arg));
        given.insert(arg);
      } else if (arg == "--conf-file") {
        options.conf = read_json_file(arg, value(arg));
        given.insert(arg);
      } else if (arg == "--context") {
        options.context = parse_json_arg(arg, value(arg));
        given.insert(arg);
      } else if (arg == "--context-file") {
        options.context = read_json_file(arg, value(arg));
        given.insert(arg);
      } else if (arg == "--allow-failures") {
        allow_failures = true;
      } else if (arg == "--timeout-ms") {
        options.subprocess_timeout = std::chrono::milliseconds(to_int(arg, value(arg)));
      } else if (arg == "--heartbeat-ms") {
        options.heartbeat_interval = std::chrono::milliseconds(to_int(arg, value(arg)));
      } else if (arg == "--metric") {
        options.metrics.insert(value(arg));
      } else if (arg == "--cwd") {
        options.working_dir = value(arg);
      } else if (arg == "--tuples") {
        tuples_file = value(arg);
      } else if (arg == "--ticks") {
        ticks = to_int(arg, value(arg));
      } else if (arg == "--next") {
        next_count = to_int(arg, value(arg));
      } else if (arg == "--wire") {
        std::string wire = value(arg);
        if (wire != "json" && wire != "msgpack") {
          throw Usage("--wire: json or msgpack, not " + wire);
        }
        options.wire = wire == "json" ? storm::testing::HostOptions::Wire::json
                                      : storm::testing::HostOptions::Wire::msgpack;
      } else if (arg == "--help" || arg == "-h") {
        std::cout << usage;
        return exit_clean;
      } else {
        throw Usage("unknown option " + arg);
      }
    }
    for (const char* name : {"--conf", "--context"}) {
      if (given.count(name) != 0 && given.count(std::string(name) + "-file") != 0) {
        throw Usage(std::string(name) + " and " + name + "-file both given: use one");
      }
    }
    if (command.empty()) throw Usage("no command after --");
    if (!options.conf.is_object() || !options.context.is_object()) {
      throw Usage("the conf and the context must be JSON objects");
    }
    command[0] = resolve(command[0]);
  } catch (const Usage& e) {
    std::cerr << "stormcpp-host: " << e.what() << "\n" << usage;
    return exit_usage;
  }

  std::unique_ptr<storm::testing::Host> host;
  int code = 0;
  try {
    std::vector<Tuple> tuples =
        tuples_file.empty() ? std::vector<Tuple>{} : read_tuples(tuples_file);
    if (spout) {
      auto owned = std::make_unique<storm::testing::SpoutHost>(command, options);
      storm::testing::SpoutHost& spout_host = *owned;
      host = std::move(owned);
      spout_host.activate();
      std::vector<nlohmann::json> ids;
      for (int n = 0; n < next_count; ++n) {
        for (const auto& emit : spout_host.next()) {
          auto id = emit.json.find("id");
          if (id != emit.json.end() && !id->is_null()) ids.push_back(*id);
        }
      }
      for (const auto& id : ids)
        spout_host.ack(id);
      spout_host.deactivate();
    } else {
      auto owned = std::make_unique<storm::testing::BoltHost>(command, options);
      storm::testing::BoltHost& bolt_host = *owned;
      host = std::move(owned);
      for (const auto& tuple : tuples)
        bolt_host.process(tuple.values, tuple.component, tuple.stream, tuple.task);
      for (int n = 0; n < ticks; ++n)
        bolt_host.wait_for(bolt_host.send_tick());
    }
    code = host->stop();
  } catch (const storm::testing::ProtocolViolation& e) {
    std::cout << e.transcript() << std::flush;
    // Without a host the violation came from the handshake, and the component is gone.
    if (host) std::cerr << "--- component stderr ---\n" << host->stderr_output();
    std::cerr << "violation: " << e.what() << "\n";
    if (host) report(*host);
    return exit_violation;
  } catch (const Usage& e) {
    std::cerr << "stormcpp-host: " << e.what() << "\n";
    return exit_usage;
  } catch (const std::exception& e) {
    if (host) std::cout << host->transcript() << std::flush;
    std::cerr << "stormcpp-host: " << e.what() << "\n";
    if (host) report(*host);
    return exit_violation;
  }
  std::cout << host->transcript() << std::flush;
  for (const auto& warning : host->warnings())
    std::cerr << "warning: " << warning << "\n";
  if (code != 0) {
    std::cerr << "--- component stderr ---\n" << host->stderr_output();
    std::cerr << "stormcpp-host: the component exited with code " << code << "\n";
    report(*host);
    return exit_violation;
  }
  bool failures = host->summary().has_failures() && !allow_failures;
  if (failures) {
    std::cerr << "stormcpp-host: the component failed tuples or reported errors: exit code "
              << exit_failures << " (--allow-failures accepts them)\n";
  }
  report(*host);
  return failures ? exit_failures : exit_clean;
}
