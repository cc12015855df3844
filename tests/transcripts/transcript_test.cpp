// Runs every tests/transcripts/*.transcript against the example executables.
// STORMCPP_APPROVE=1 rewrites the files from the actual output instead (tools/approve-transcripts).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "stormcpp/testing/transcript.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> transcript_files() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(STORMCPP_TRANSCRIPT_DIR)) {
    if (entry.path().extension() == ".transcript") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class Transcript : public ::testing::TestWithParam<std::string> {};

TEST_P(Transcript, Matches) {
  std::ifstream in(GetParam());
  std::stringstream text;
  text << in.rdbuf();
  storm::testing::TranscriptOptions options;
  options.bin_dir = STORMCPP_EXAMPLES_BIN_DIR;
  const char* approve = std::getenv("STORMCPP_APPROVE");
  options.approve = approve != nullptr && std::string(approve) == "1";
  auto result = storm::testing::run_transcript(text.str(), options);
  if (options.approve) {
    std::ofstream(GetParam()) << result.approved;
    std::cout << "approved " << GetParam() << (result.passed ? "" : " (" + result.failure + ")")
              << "\n";
    return;
  }
  EXPECT_TRUE(result.passed) << GetParam() << "\n" << result.failure;
}

INSTANTIATE_TEST_SUITE_P(Examples, Transcript, ::testing::ValuesIn(transcript_files()),
                         [](const auto& info) {
                           std::string name = fs::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
