// A spout that acks (as a bolt would): "Unknown command received" kills a ShellSpout.
#include <stormcpp/stormcpp.hpp>

class SpoutSendsAck : public storm::Spout {
 public:
  void next_tuple() override {
    emit({"x"}, 1);
    collector().ack("1");
  }
};

int main() {
  return storm::run<SpoutSendsAck>();
}
