// A spout whose next_tuple() never returns, so its sync never comes.
#include <chrono>
#include <thread>

#include <stormcpp/stormcpp.hpp>

class StuckSpout : public storm::Spout {
 public:
  void next_tuple() override { std::this_thread::sleep_for(std::chrono::minutes(10)); }
};

int main() {
  return storm::run<StuckSpout>();
}
