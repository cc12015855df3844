// The components of tests/storm/wirecheck.yaml, a topology that checks on a real Storm what the
// msgpack wire carries (tools/integration-test, case local-msgpack-wire):
//
//   blobs (C++ spout) --> router (C++) --direct stream "checks"--> java_check (Java, byte[] check)
//                                       --"bytes"--> cpp_check (C++, bytes check)
//                                       --"text"--> py_echo (storm.py) --> cpp_check (text check)
//
// Each spout tuple n carries payload(n), bytes that are not UTF-8 (with wirecheck.payload "hex",
// their hex digits as a string, which the JSON wire can carry too). A check that finds anything
// but the expected value fails the tuple, so the spout's acked count reaches wirecheck.tuples
// only when every value arrived as sent on every hop.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <stormcpp/stormcpp.hpp>

namespace {

// The same bytes as stormcpp.testing.BytesCheck#payload: 1 to 300 bytes, zeros and 0xff among them.
std::vector<std::uint8_t> payload(std::int64_t n) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(n % 300 + 1));
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<std::uint8_t>((n * 31 + static_cast<std::int64_t>(i) * 7) & 0xff);
  return bytes;
}

// payload(n) as the spout sends it: bytes, or with wirecheck.payload "hex" a string.
nlohmann::json sent_payload(std::int64_t n, bool hex) {
  if (!hex) return nlohmann::json::binary(payload(n));
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (std::uint8_t b : payload(n)) {
    text.push_back(digits[b >> 4]);
    text.push_back(digits[b & 0xf]);
  }
  return text;
}

bool hex_payload(const nlohmann::json& conf) {
  return conf.value("wirecheck.payload", "bytes") == "hex";
}

class Blobs : public storm::Spout {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    limit_ = conf.value("wirecheck.tuples", 1000);
    hex_ = hex_payload(conf);
  }
  void next_tuple() override {
    if (sent_ >= limit_) return;
    ++sent_;
    emit(storm::message_id(sent_), sent_, sent_payload(sent_, hex_));
  }
  // Under MsgpackSerializer the acks come in batches (docs/wire.md): the test checks that every
  // one of them reached the spout.
  void ack(const nlohmann::json&) override {
    if (++acked_ == limit_) log("wirecheck: the spout saw all " + std::to_string(limit_) + " acks");
  }

 private:
  std::int64_t acked_ = 0;
  std::int64_t sent_ = 0;
  std::int64_t limit_ = 0;
  bool hex_ = false;
};

class Router : public storm::Bolt {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context& context) override {
    checkers_ = context.component_tasks(conf.value("wirecheck.direct_to", "java_check"));
    if (checkers_.empty()) throw std::runtime_error("no tasks for wirecheck.direct_to");
  }
  void process(const storm::Tuple& t) override {
    auto n = t.get<std::int64_t>(0);
    const nlohmann::json& bytes = t.values().at(1);
    emit(storm::direct(checkers_[static_cast<std::size_t>(n) % checkers_.size()]),
         storm::stream("checks"), n, bytes);
    emit(storm::stream("bytes"), n, bytes);
    emit(storm::stream("text"), n, "text-" + std::to_string(n));
  }

 private:
  std::vector<int> checkers_;
};

class CppCheck : public storm::Bolt {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    hex_ = hex_payload(conf);
  }
  void process(const storm::Tuple& t) override {
    auto n = t.get<std::int64_t>(0);
    const nlohmann::json& value = t.values().at(1);
    bool ok = t.stream() == "bytes" ? value == sent_payload(n, hex_)
                                    : value == "text-" + std::to_string(n);
    if (!ok)
      throw std::runtime_error("tuple " + std::to_string(n) + " from " + t.component() +
                               " carries " + value.dump());
  }

 private:
  bool hex_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  return storm::run(argc, argv,
                    {{"blobs", storm::make<Blobs>},
                     {"router", storm::make<Router>},
                     {"cpp_check", storm::make<CppCheck>}});
}
