#include "stormcpp/wire/frame_reader.hpp"

#include <gtest/gtest.h>

#include "stormcpp/error.hpp"

using storm::Errc;
using storm::Error;
using storm::detail::FrameReader;
using storm::detail::FrameWriter;
using storm::detail::StringInput;
using storm::detail::StringOutput;

namespace {

std::vector<std::string> read_all(const std::string& input, std::size_t chunk = -1,
                                  std::size_t max = FrameReader::default_max_frame_bytes) {
  StringInput in(input, chunk);
  FrameReader reader(in, nullptr, max);
  std::vector<std::string> frames;
  while (auto frame = reader.next())
    frames.emplace_back(*frame);
  return frames;
}

Errc error_of(const std::string& input, std::size_t max = FrameReader::default_max_frame_bytes) {
  try {
    read_all(input, -1, max);
  } catch (const Error& e) {
    return e.errc();
  }
  return Errc::internal;
}

}  // namespace

TEST(FrameReader, SplitsFramesOnEndLines) {
  EXPECT_EQ(read_all("{\"a\":1}\nend\n[1,2]\nend\n"),
            (std::vector<std::string>{"{\"a\":1}", "[1,2]"}));
}

TEST(FrameReader, KeepsLinesInsideAFrameAndToleratesCrLf) {
  EXPECT_EQ(read_all("{\"a\":\n1}\r\nend\r\n{}\nend\n"),
            (std::vector<std::string>{"{\"a\":\n1}", "{}"}));
}

TEST(FrameReader, OnlyAWholeEndLineEndsAFrame) {
  EXPECT_EQ(read_all("\"end\"\nend \nending\nend\n"),
            (std::vector<std::string>{"\"end\"\nend \nending"}));
}

TEST(FrameReader, AssemblesFramesFromOneByteReads) {
  std::string input = "{\"tuple\":[\"x\"]}\nend\n{\"b\":2}\nend\n";
  EXPECT_EQ(read_all(input, 1), (std::vector<std::string>{"{\"tuple\":[\"x\"]}", "{\"b\":2}"}));
}

TEST(FrameReader, GrowsForFramesLargerThanItsBuffer) {
  std::string big(300 * 1024, 'x');
  auto frames = read_all("\"" + big + "\"\nend\n{}\nend\n", 4096);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].size(), big.size() + 2);
  EXPECT_EQ(frames[1], "{}");
}

TEST(FrameReader, CleanEndOfInputBetweenFrames) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_EQ(read_all("{}\nend\n\n").size(), 1u);
}

TEST(FrameReader, EndOfInputInsideAFrameIsTruncated) {
  EXPECT_EQ(error_of("{}\nend\n{\"id\":"), Errc::truncated_frame);
  EXPECT_EQ(error_of("{}\nend"), Errc::truncated_frame);
}

TEST(FrameReader, RefusesFramesOverTheLimit) {
  EXPECT_EQ(error_of(std::string(100, 'x') + "\nend\n", 64), Errc::frame_too_large);
  EXPECT_EQ(read_all(std::string(64, 'x') + "\nend\n", -1, 64).size(), 1u);
}

TEST(FrameReader, FlushesTheWriterBeforeItWaitsForInput) {
  StringInput in("{}\nend\n");
  StringOutput out;
  FrameWriter writer(out);
  FrameReader reader(in, &writer);
  writer.write_frame("{\"pid\":1}");
  EXPECT_EQ(out.str(), "");
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(out.str(), "{\"pid\":1}\nend\n");
}
