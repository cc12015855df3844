// A correct stormcpp bolt whose process() takes `slow.sleep_ms` (topology conf): long work
// that the keepalive must carry past Storm's subprocess timeout, or a stuck bolt when the
// sleep outlasts stormcpp.max_busy_secs.
#include <chrono>
#include <thread>

#include <stormcpp/stormcpp.hpp>

class SlowBolt : public storm::Bolt {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    sleep_ = std::chrono::milliseconds(conf.value("slow.sleep_ms", 0));
  }
  void process(const storm::Tuple& tuple) override {
    std::this_thread::sleep_for(sleep_);
    emit(tuple.values());
  }

 private:
  std::chrono::milliseconds sleep_{0};
};

int main() {
  return storm::run<SlowBolt>();
}
