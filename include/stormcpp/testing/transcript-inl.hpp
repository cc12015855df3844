#pragma once

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <vector>

#include "stormcpp/error.hpp"
#include "stormcpp/testing/child_process.hpp"
#include "stormcpp/testing/packed.hpp"
#include "stormcpp/testing/transcript.hpp"

namespace storm::testing {

namespace transcript_internal {

inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One run of a transcript: the component process, and the transcript being rewritten.
class Session {
 public:
  Session(const TranscriptOptions& options) : options_(options) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stormcpp-pids-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    pid_dir_ = pattern;
  }
  ~Session() {
    child_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(pid_dir_, ignored);
  }

  TranscriptResult run(std::string_view text) {
    TranscriptResult result;
    std::istringstream lines{std::string(text)};
    std::string line;
    try {
      while (std::getline(lines, line)) {
        ++line_number_;
        step(line);
      }
      if (!exited_) finish(0, /*from_line=*/false);
      result.passed = true;
    } catch (const Failure& e) {
      result.failure = "line " + std::to_string(line_number_) + ": " + e.what();
      if (child_) result.failure += "\n--- component stderr ---\n" + child_->stderr_output();
    } catch (const std::exception& e) {
      result.failure = "line " + std::to_string(line_number_) + ": " + e.what();
    }
    result.approved = out_;
    return result;
  }

 private:
  void keep(const std::string& line) { out_ += line + "\n"; }

  void step(const std::string& line) {
    if (line.empty() || line[0] == '#') return keep(line);
    if (starts_with(line, "command:")) return start(line), keep(line);
    if (starts_with(line, "stderr:")) return expect_stderr(line.substr(7)), keep(line);
    if (!child_) throw Failure("a `command:` line must come first");
    if (starts_with(line, ">| ")) return send(with_pid_dir(line.substr(3)) + "\n"), keep(line);
    if (starts_with(line, "> ")) return send(with_pid_dir(line.substr(2)) + "\nend\n"), keep(line);
    if (starts_with(line, ">m ")) return send(packed(with_pid_dir(line.substr(3)))), keep(line);
    if (starts_with(line, ">x ")) return send(from_hex(line.substr(3))), keep(line);
    if (starts_with(line, "< ") || starts_with(line, "<m ")) return expect_frame(line);
    if (starts_with(line, "signal ")) return signal(line.substr(7)), keep(line);
    if (line == "close") return approve_pending_output(), child_->close_stdin(), keep(line);
    if (starts_with(line, "exit ")) return finish(std::stoi(line.substr(5)), true);
    throw Failure("cannot read this transcript line: " + line);
  }

  void start(const std::string& line) {
    std::istringstream words(line.substr(8));
    std::vector<std::string> argv;
    for (std::string word; words >> word;)
      argv.push_back(word);
    if (argv.empty()) throw Failure("`command:` names no executable");
    argv[0] = (std::filesystem::path(options_.bin_dir) / argv[0]).string();
    argv.insert(argv.begin(), options_.wrapper.begin(), options_.wrapper.end());
    child_ = std::make_unique<ChildProcess>(argv);
  }

  // `text` with ${PIDDIR} replaced (before a frame is packed: the length depends on it).
  std::string with_pid_dir(const std::string& text) {
    if (text.find("${PIDDIR}") == std::string::npos) return text;
    uses_pid_dir_ = true;
    return replace_all(text, "${PIDDIR}", pid_dir_);
  }

  void send(const std::string& bytes) {
    approve_pending_output();
    child_->write(bytes);
  }

  static std::string packed(const std::string& json) {
    try {
      return packed_frame(nlohmann::ordered_json::parse(json));
    } catch (const nlohmann::json::exception& e) {
      throw Failure(std::string("a `>m` line must hold JSON: ") + e.what());
    }
  }

  static std::string from_hex(const std::string& text) {
    std::string bytes;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
      if (word.size() != 2 || word.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        throw Failure("a `>x` line holds bytes as two hex digits each, not " + word);
      bytes.push_back(static_cast<char>(std::stoi(word, nullptr, 16)));
    }
    return bytes;
  }

  // A frame as a transcript line shows it: `< ` and its text, or `<m ` and its body as JSON.
  static std::string shown(const std::string& frame) {
    if (!detail::is_packed_frame(frame)) return "< " + frame;
    try {
      return "<m " + show_packed(frame);
    } catch (const Error& e) {
      throw Failure(std::string("a corrupt packed frame (") + e.what() + "): " + hex_prefix(frame));
    }
  }

  void signal(const std::string& name) {
    approve_pending_output();
    int number = name == "TERM" ? SIGTERM : name == "KILL" ? SIGKILL : name == "INT" ? SIGINT : 0;
    if (number == 0) throw Failure("unknown signal " + name);
    child_->kill(number);
  }

  // Verify: the next frame must match. Approve: collect the actual frames for this block.
  void expect_frame(const std::string& line) {
    if (options_.approve) {
      expected_block_.push_back(line);
      return;
    }
    const std::string& pattern = line;
    std::optional<std::string> frame;
    try {
      frame = child_->read_frame(options_.frame_timeout);
    } catch (const Timeout&) {
      throw Failure("expected a frame within " + std::to_string(options_.frame_timeout.count()) +
                    " ms, got none\n  expected: " + pattern);
    } catch (const Error& e) {
      throw Failure(std::string("bad output: ") + e.what());
    }
    if (!frame) throw Failure("the component closed stdout; expected: " + pattern);
    check_frame(pattern, *frame);
    keep(line);
  }

  // `pattern` and the actual frame are compared as transcript lines, so that a packed frame
  // never matches a `< ` line nor a JSON frame a `<m ` line.
  void check_frame(const std::string& pattern, const std::string& frame) {
    std::string expected = replace_all(pattern, "${PID}", std::to_string(child_->pid()));
    std::string actual = shown(frame);
    if (!matches_pattern(expected, actual)) {
      throw Failure("frame differs\n  expected: " + pattern + "\n  actual:   " + actual);
    }
    if (uses_pid_dir_ && starts_with(frame, "{\"pid\":") &&
        !std::filesystem::exists(std::filesystem::path(pid_dir_) / std::to_string(child_->pid()))) {
      throw Failure("the pid reply came but there is no pid file " + pid_dir_ + "/" +
                    std::to_string(child_->pid()));
    }
  }

  // Approve mode: read what the component writes until it goes quiet, and write it down.
  void approve_pending_output(bool until_eof = false) {
    if (!options_.approve || !child_) return;
    std::vector<std::string> frames;
    for (;;) {
      std::optional<std::string> frame;
      try {
        frame = child_->read_frame(until_eof ? options_.frame_timeout : options_.quiet_period);
      } catch (const Timeout&) {
        break;
      } catch (const Error&) {
        break;
      }
      if (!frame) break;
      frames.push_back(*frame);
    }
    std::string pid = std::to_string(child_->pid());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      std::string expected = i < expected_block_.size() ? expected_block_[i] : "";
      std::string actual = shown(frames[i]);
      bool still_matches =
          !expected.empty() && matches_pattern(replace_all(expected, "${PID}", pid), actual);
      keep(still_matches ? expected : replace_all(actual, "{\"pid\":" + pid, "{\"pid\":${PID}"));
    }
    expected_block_.clear();
  }

  void finish(int expected_code, bool from_line) {
    exited_ = true;
    child_->close_stdin();
    if (options_.approve) {
      approve_pending_output(true);
    } else {
      try {
        if (auto extra = child_->read_frame(options_.frame_timeout)) {
          throw Failure("unexpected frame from the component: " + shown(*extra));
        }
      } catch (const Timeout&) {
        throw Failure("the component did not close stdout after stdin closed");
      } catch (const Error& e) {
        throw Failure(std::string("bad output: ") + e.what());
      }
    }
    int code = child_->wait(options_.frame_timeout);
    if (options_.approve) expected_code = code;
    if (from_line || code != 0) keep("exit " + std::to_string(expected_code));
    if (code != expected_code) {
      throw Failure("exit code " + std::to_string(code) + ", expected " +
                    std::to_string(expected_code));
    }
  }

  void expect_stderr(std::string text) {
    while (!text.empty() && text.front() == ' ')
      text.erase(0, 1);
    if (!child_ || !exited_) throw Failure("`stderr:` lines go after the `exit` line");
    if (child_->stderr_output().find(text) == std::string::npos) {
      throw Failure("stderr lacks: " + text);
    }
  }

  const TranscriptOptions& options_;
  std::string pid_dir_;
  std::unique_ptr<ChildProcess> child_;
  std::vector<std::string> expected_block_;
  std::string out_;
  int line_number_ = 0;
  bool exited_ = false;
  bool uses_pid_dir_ = false;
};

}  // namespace transcript_internal

STORMCPP_INLINE bool matches_pattern(std::string_view pattern, std::string_view actual) {
  constexpr std::string_view any = "${ANY}";
  std::size_t star = pattern.find(any);
  if (star == std::string_view::npos) return pattern == actual;
  if (actual.substr(0, star) != pattern.substr(0, star)) return false;
  std::string_view rest = pattern.substr(star + any.size());
  for (std::size_t skip = star; skip <= actual.size(); ++skip) {
    if (matches_pattern(rest, actual.substr(skip))) return true;
  }
  return false;
}

STORMCPP_INLINE TranscriptResult run_transcript(std::string_view text,
                                                const TranscriptOptions& options) {
  transcript_internal::Session session(options);
  return session.run(text);
}

}  // namespace storm::testing
