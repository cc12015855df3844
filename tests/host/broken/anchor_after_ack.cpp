// Acks the tuple, then emits anchored to it: Storm no longer knows the id.
#include <stormcpp/stormcpp.hpp>

class AnchorAfterAck : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    ack(tuple);
    emit({"late"}, tuple);
  }
};

int main() {
  return storm::run<AnchorAfterAck>();
}
