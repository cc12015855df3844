// stormcpp-transcript: runs golden transcripts against component executables.
//   stormcpp-transcript [--approve] [--bin-dir DIR] [--wrap "valgrind -q"] FILE...
// Exit code 0 when every transcript passes; --approve rewrites the files from actual output.
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <stormcpp/testing/transcript.hpp>

int main(int argc, char** argv) {
  storm::testing::TranscriptOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--approve") {
      options.approve = true;
    } else if (arg == "--bin-dir" && i + 1 < argc) {
      options.bin_dir = argv[++i];
    } else if (arg == "--wrap" && i + 1 < argc) {  // e.g. --wrap "valgrind -q"
      std::istringstream words(argv[++i]);
      for (std::string word; words >> word;)
        options.wrapper.push_back(word);
      options.frame_timeout = std::chrono::milliseconds(30000);
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr << "usage: stormcpp-transcript [--approve] [--bin-dir DIR] [--wrap CMD] FILE...\n";
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  int passed = 0, failed = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << file << ": cannot read\n";
      ++failed;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto result = storm::testing::run_transcript(text.str(), options);
    if (options.approve) {
      std::ofstream(file) << result.approved;
      std::cout << "approved " << file << "\n";
    }
    if (result.passed) {
      ++passed;
      if (!options.approve) std::cout << "PASS " << file << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << file << "\n" << result.failure << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 && !files.empty() ? 0 : 1;
}
