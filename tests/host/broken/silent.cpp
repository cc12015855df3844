// A bolt whose process() blocks far longer than the subprocess timeout, writing nothing
// (stormcpp answers heartbeats only between tuples), so Storm declares it dead.
#include <chrono>
#include <thread>

#include <stormcpp/stormcpp.hpp>

class Silent : public storm::Bolt {
 public:
  void process(const storm::Tuple&) override {
    std::this_thread::sleep_for(std::chrono::minutes(10));
  }
};

int main() {
  return storm::run<Silent>();
}
