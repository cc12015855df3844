#include "stormcpp/runtime/handshake.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "stormcpp/error.hpp"
#include "test_support.hpp"

using nlohmann::json;
using storm::Errc;
using storm::detail::parse_handshake;
using storm::detail::write_pid_file;

namespace {
Errc error_of(const json& message) {
  try {
    parse_handshake(message);
  } catch (const storm::Error& e) {
    return e.errc();
  }
  return Errc::internal;
}
}  // namespace

TEST(Handshake, ReadsPidDirConfAndContext) {
  auto h = parse_handshake(json::parse(
      R"({"pidDir":"/tmp/x","conf":{"topology.name":"wc"},"context":{"taskid":3,"componentid":"split"}})"));
  EXPECT_EQ(h.pid_dir, "/tmp/x");
  EXPECT_EQ(h.conf["topology.name"], "wc");
  EXPECT_EQ(h.context.task_id, 3);
}

TEST(Handshake, Storm09SentNoContext) {
  auto h = parse_handshake(json::parse(R"({"pidDir":"/tmp/x","conf":{}})"));
  EXPECT_TRUE(h.context.component_id.empty());
}

TEST(Handshake, RejectsWhatIsNotAHandshake) {
  EXPECT_EQ(error_of(json::parse(R"({"conf":{},"context":{}})")), Errc::bad_handshake);
  EXPECT_EQ(error_of(json::parse(R"({"pidDir":7})")), Errc::bad_handshake);
  EXPECT_EQ(error_of(json::parse(R"({"pidDir":""})")), Errc::bad_handshake);
  EXPECT_EQ(error_of(json::parse(R"({"pidDir":"/tmp","conf":[]})")), Errc::bad_handshake);
  EXPECT_EQ(error_of(json::parse(R"([1,2])")), Errc::bad_handshake);
}

TEST(Handshake, WritesAnEmptyPidFile) {
  test::TempDir dir;
  std::string path = write_pid_file(dir.path.string(), 1234);
  EXPECT_EQ(path, (dir.path / "1234").string());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

TEST(Handshake, UnwritablePidDirIsAPidFileError) {
  try {
    write_pid_file("/nonexistent/stormcpp", 1);
    FAIL();
  } catch (const storm::Error& e) {
    EXPECT_EQ(e.errc(), Errc::pid_file);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/stormcpp/1"), std::string::npos);
  }
}
