// The stormcpp components under test: `bench-component ack|passthrough|taskids|spout K`.
// Each does the same thing as its Python and Node peers in bench/peers/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <stormcpp/stormcpp.hpp>

namespace {

/// Acks every tuple (auto-ack) and does nothing else.
class AckBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple&) override {}
};

/// Emits the input values again, anchored to the input (auto-anchor), then acks.
class PassthroughBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override { emit(storm::values_from(tuple.values())); }
};

/// Emits the input values asking for the receiving task ids (a round trip), then acks.
class TaskIdsBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    tasks_ +=
        static_cast<std::int64_t>(emit_with_task_ids(storm::values_from(tuple.values())).size());
  }

 private:
  std::int64_t tasks_ = 0;
};

int spout_k = 1;

/// Emits K reliable tuples per `next`.
class KSpout : public storm::Spout {
 public:
  void next_tuple() override {
    for (int i = 0; i < spout_k; ++i) {
      std::int64_t id = next_id_++;
      emit(storm::message_id(id), "the cow jumped over the moon", id);
    }
  }

 private:
  std::int64_t next_id_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "spout") spout_k = std::atoi(argv[2]);
  return storm::run(argc < 2 ? argc : 2, argv,
                    {{"ack", storm::make<AckBolt>},
                     {"passthrough", storm::make<PassthroughBolt>},
                     {"taskids", storm::make<TaskIdsBolt>},
                     {"spout", storm::make<KSpout>}});
}
