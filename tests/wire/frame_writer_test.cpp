#include "stormcpp/wire/frame_writer.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "stormcpp/error.hpp"

using storm::detail::FrameWriter;
using storm::detail::StringOutput;

TEST(FrameWriter, BuffersFramesUntilFlushed) {
  StringOutput out;
  FrameWriter writer(out);
  writer.write_frame("{\"command\":\"sync\"}");
  writer.write_frame("{\"command\":\"sync\"}");
  EXPECT_EQ(out.writes(), 0u);
  writer.flush();
  EXPECT_EQ(out.writes(), 1u);
  EXPECT_EQ(out.str(), "{\"command\":\"sync\"}\nend\n{\"command\":\"sync\"}\nend\n");
  writer.flush();
  EXPECT_EQ(out.writes(), 1u);  // nothing left to write
}

TEST(FrameWriter, FlushesWhenTheBufferPassesTheThreshold) {
  StringOutput out;
  FrameWriter writer(out, 32);
  writer.write_frame("0123456789");  // 15 bytes with "\nend\n"
  EXPECT_EQ(out.writes(), 0u);
  writer.write_frame("0123456789");
  writer.write_frame("0123456789");
  EXPECT_EQ(out.writes(), 1u);
}

TEST(FrameWriter, WritesAtOnceWhileTheReaderWaits) {
  StringOutput out;
  FrameWriter writer(out);
  writer.write_frame("1");
  writer.begin_wait();
  EXPECT_EQ(out.str(), "1\nend\n");
  std::thread user([&] { writer.write_frame("2"); });  // e.g. an emit from a user thread
  user.join();
  EXPECT_EQ(out.str(), "1\nend\n2\nend\n");
  writer.end_wait();
  writer.write_frame("3");
  EXPECT_EQ(out.str(), "1\nend\n2\nend\n");
}

namespace {
struct ClosedOutput : storm::detail::OutputSink {
  void write(const char*, std::size_t) override {
    throw storm::Error(storm::Errc::output_closed, "closed");
  }
};
}  // namespace

TEST(FrameWriter, ABrokenSinkThrowsOutputClosed) {
  ClosedOutput out;
  FrameWriter writer(out);
  writer.write_frame("{}");
  try {
    writer.flush();
    FAIL() << "flush did not throw";
  } catch (const storm::Error& e) {
    EXPECT_EQ(e.errc(), storm::Errc::output_closed);
  }
}
