// Acks each tuple twice.
#include <stormcpp/stormcpp.hpp>

class DoubleAck : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    ack(tuple);
    ack(tuple);
  }
};

int main() {
  return storm::run<DoubleAck>();
}
