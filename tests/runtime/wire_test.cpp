// The msgpack wire through the runtime: the offer in the pid reply, answering in kind from the
// first packed frame, the same messages as on the JSON wire, stormcpp.wire, bad frames.
#include <gtest/gtest.h>

#include "stormcpp/components/bolt.hpp"
#include "stormcpp/components/spout.hpp"
#include "stormcpp/error.hpp"
#include "stormcpp/wire/codec.hpp"
#include "stormcpp/wire/msgpack.hpp"
#include "test_support.hpp"

using nlohmann::json;
namespace detail = storm::detail;

namespace {

std::string packed(const json& message) {
  std::vector<std::uint8_t> body = json::to_msgpack(message);
  std::string out(1, static_cast<char>(detail::packed_marker));
  auto n = static_cast<std::uint32_t>(body.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  return out + std::string(body.begin(), body.end());
}

// Each frame the component wrote, decoded, with the wire it came on.
struct Written {
  std::vector<json> messages;
  std::vector<bool> is_packed;
};
Written decoded(const test::Run& run) {
  Written w;
  for (const auto& f : run.frames) {
    w.messages.push_back(detail::parse_frame(f));
    w.is_packed.push_back(detail::is_packed_frame(f));
  }
  return w;
}

class EchoBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple& t) override {
    emit(storm::values_from(t.values()));
    if (t.get<std::string>(0) == "ask") {
      auto tasks = emit_with_task_ids("asked");
      emit(static_cast<int>(tasks.size()));
    }
    log("saw " + t.id());
  }
};

class CountingSpout : public storm::Spout {
 public:
  int n = 0;
  void next_tuple() override { emit(storm::message_id(++n), "s", json::binary({0, 255})); }
  void ack(const json& id) override { emit("acked", id); }
  void fail(const json&) override { report_error("a tuple failed"); }
};

json handshake_context() {
  return {{"taskid", 3},
          {"componentid", "echo"},
          {"source->stream->fields", {{"src", {{"default", {"a", "b"}}}}}}};
}

// Runs `component` on one wire: the same messages, JSON-framed or packed.
template <class Component>
test::Run run_on(bool packed_wire, const std::vector<json>& messages, json conf = {}) {
  test::TempDir dir;
  Component component;
  std::string input =
      test::frame(test::handshake(dir.path.string(), std::move(conf), handshake_context()));
  for (const auto& m : messages)
    input += packed_wire ? packed(m) : test::frame(m);
  return test::run(component, input);
}

std::vector<json> bolt_traffic() {
  return {test::tuple("1", {"hi", 2}, "src"), test::heartbeat(),
          test::tuple("2", {"ask", 0}, "src"), json::array({5, 6}), test::tick("3")};
}

std::vector<json> spout_traffic() {
  auto command = [](const char* name, json id = nullptr) {
    json c = {{"command", name}};
    if (!id.is_null()) c["id"] = id;
    return c;
  };
  return {command("activate"), command("next"), command("ack", 1), command("fail", 1),
          command("deactivate")};
}

}  // namespace

TEST(MsgpackWire, ABoltAnswersPackedFramesInKindWithTheMessagesOfTheJsonWire) {
  auto on_json = decoded(run_on<EchoBolt>(false, bolt_traffic()));
  auto on_msgpack = decoded(run_on<EchoBolt>(true, bolt_traffic()));
  ASSERT_FALSE(on_json.messages.empty());
  EXPECT_EQ(on_json.messages[0], (json{{"pid", test::test_pid}, {"wire", "msgpack/1"}}));
  EXPECT_EQ(on_msgpack.messages, on_json.messages);
  // the pid reply is JSON (it carries the offer); everything after it on the wire Storm chose
  EXPECT_EQ(on_msgpack.is_packed, [&] {
    std::vector<bool> expected(on_msgpack.messages.size(), true);
    expected[0] = false;
    return expected;
  }());
  EXPECT_EQ(on_json.is_packed, std::vector<bool>(on_json.messages.size(), false));
}

TEST(MsgpackWire, ASpoutAnswersPackedFramesInKind) {
  auto r = run_on<CountingSpout>(true, spout_traffic());
  EXPECT_EQ(r.exit_code, 0);
  auto on_msgpack = decoded(r);
  ASSERT_GE(on_msgpack.messages.size(), 4u);
  for (std::size_t i = 1; i < on_msgpack.messages.size(); ++i)
    EXPECT_TRUE(on_msgpack.is_packed[i]) << on_msgpack.messages[i];
  // bytes go out as bytes
  EXPECT_EQ(on_msgpack.messages[2], (json{{"command", "emit"},
                                          {"tuple", {"s", json::binary({0, 255})}},
                                          {"id", 1},
                                          {"need_task_ids", false}}));
  // ... and on the JSON wire they are refused, naming the serializer that carries them
  auto on_json = decoded(run_on<CountingSpout>(false, spout_traffic()));
  bool told = false;
  for (const auto& m : on_json.messages) {
    told = told || (m.value("command", "") == "error" &&
                    m["msg"].get<std::string>().find("MsgpackSerializer") != std::string::npos);
  }
  EXPECT_TRUE(told) << json(on_json.messages).dump();
}

TEST(MsgpackWire, StormcppWireJsonMakesNoOfferAndStaysOnJson) {
  auto r = decoded(run_on<EchoBolt>(false, bolt_traffic(), {{"stormcpp.wire", "json"}}));
  EXPECT_EQ(r.messages[0], (json{{"pid", test::test_pid}}));
  auto packed_anyway = run_on<EchoBolt>(true, bolt_traffic(), {{"stormcpp.wire", "json"}});
  EXPECT_EQ(packed_anyway.exit_code, 0);
  // Storm was not offered the wire: the component reads its frames but never answers packed
  for (const auto& f : packed_anyway.frames)
    EXPECT_FALSE(detail::is_packed_frame(f));
}

TEST(MsgpackWire, AnUnknownStormcppWireIsABadHandshake) {
  auto r = run_on<EchoBolt>(false, {}, {{"stormcpp.wire", "protobuf"}});
  EXPECT_EQ(r.exit_code, static_cast<int>(storm::ExitCode::bad_handshake));
}

TEST(MsgpackWire, ACorruptPackedFrameEndsTheProcessWithItsCode) {
  std::string tuple = packed(test::tuple("1", {"hi", 2}, "src"));
  std::string corrupt = tuple;
  corrupt[detail::packed_header_size] = static_cast<char>(0xd4);  // an ext type
  test::TempDir dir;
  std::string hello = test::frame(test::handshake(dir.path.string(), {}, handshake_context()));
  {
    EchoBolt bolt;
    EXPECT_EQ(test::run(bolt, hello + tuple + corrupt).exit_code,
              static_cast<int>(storm::ExitCode::invalid_msgpack));
  }
  {
    EchoBolt bolt;
    EXPECT_EQ(test::run(bolt, hello + tuple + tuple.substr(0, tuple.size() - 2)).exit_code,
              static_cast<int>(storm::ExitCode::truncated_frame));
  }
  {
    EchoBolt bolt;  // an unknown command is the same error on both wires
    EXPECT_EQ(test::run(bolt, hello + packed({{"command", "dance"}})).exit_code,
              test::run(bolt, hello + test::frame({{"command", "dance"}})).exit_code);
  }
}
