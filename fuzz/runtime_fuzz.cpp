// Fuzzes the spout and bolt runtimes: after a valid handshake, arbitrary bytes from "Storm", on
// either wire (a packed frame switches the component's answers to packed frames). The component
// must end with a documented exit code and never crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "stormcpp/components/bolt.hpp"
#include "stormcpp/components/spout.hpp"
#include "stormcpp/error.hpp"
#include "stormcpp/runtime/runner.hpp"

namespace {

// Exercises every bolt action on what it gets.
class FuzzBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    if (tuple.size() > 0 && tuple[0].is_string() && tuple[0] == "throw")
      throw std::runtime_error("x");
    if (tuple.size() > 1) emit_with_task_ids(storm::values_from(tuple.values()));
    emit(storm::values_from(tuple.values()));
    if (tuple.size() > 2) (void)tuple.get<std::string>("f0");
  }
};

class FuzzSpout : public storm::Spout {
 public:
  void next_tuple() override {
    int n = n_++;
    emit(storm::message_id(n), storm::stream(n % 2 ? "default" : "other"), n);
  }
  void ack(const nlohmann::json& id) override { emit(storm::value(id)); }
  void fail(const nlohmann::json& id) override {
    if (id.is_string()) throw std::runtime_error("fail");
    emit_with_task_ids(storm::value(id));
  }

 private:
  int n_ = 0;
};

const char* handshake =
    R"({"pidDir":"/tmp","conf":{"stormcpp.keepalive":false,"stormcpp.idle_sleep_max_ms":0,)"
    R"("stormcpp.max_frame_bytes":1048576},"context":{"taskid":1,"componentid":"c",)"
    R"("source->stream->fields":{"s":{"default":["f0","f1","f2"]}}}})"
    "\nend\n";

template <class C>
void run(const std::string& input) {
  C component;
  storm::detail::StringInput in(std::string(handshake) + input);
  storm::detail::StringOutput out;
  storm::detail::RunOptions options;
  options.pid = 0;  // the pid file /tmp/0
  options.set_default_logger = false;
  int code = storm::detail::run_component(component, in, out, options);
  // 0, or a documented error: 3 to 7, 9, 10, 11 (invalid_msgpack); never 1, 2 or 8
  if (code < 0 || code > static_cast<int>(storm::ExitCode::invalid_msgpack) || code == 1 ||
      code == 2 || code == 8) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    run<FuzzBolt>(input);
  } else {
    run<FuzzSpout>(input);
  }
  return 0;
}
