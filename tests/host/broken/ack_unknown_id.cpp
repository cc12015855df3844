// Acks a tuple id Storm never sent ("7"), then the real tuple (auto-ack).
#include <stormcpp/stormcpp.hpp>

class AckUnknownId : public storm::Bolt {
 public:
  void process(const storm::Tuple&) override { collector().ack("7"); }
};

int main() {
  return storm::run<AckUnknownId>();
}
