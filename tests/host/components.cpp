// The stormcpp components the host tests drive, in one executable (`host_components NAME`):
// a stormcpp component is the costliest translation unit to compile, and CI builds these twice.
// The broken ones break a rule of Storm's that the host must catch; slow_bolt and lookup_bolt
// are correct.
#include <chrono>
#include <string>
#include <thread>

#include <stormcpp/stormcpp.hpp>

namespace {

// Acks a tuple id Storm never sent ("7"), then the real tuple (auto-ack).
class AckUnknownId : public storm::Bolt {
 public:
  void process(const storm::Tuple&) override { collector().ack("7"); }
};

// Acks each tuple twice.
class DoubleAck : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    ack(tuple);
    ack(tuple);
  }
};

// Acks the tuple, then emits anchored to it: Storm no longer knows the id.
class AnchorAfterAck : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    ack(tuple);
    emit(storm::anchors(tuple), "late");
  }
};

// Declares (sentence, length) in code but emits the sentence alone: its own checks stop the
// emit (an error and a failed tuple, not a kill); with a topology that declares other fields,
// it stops at start-up (exit 12).
class WrongFieldCount : public storm::Bolt {
 public:
  WrongFieldCount() { declare_output({"sentence", "length"}); }
  void process(const storm::Tuple& tuple) override { emit(tuple.get<std::string>(0)); }
};

// A spout that acks (as a bolt would): "Unknown command received" kills a ShellSpout.
class SpoutSendsAck : public storm::Spout {
 public:
  void next_tuple() override {
    emit(storm::message_id(1), "x");
    collector().ack("1");
  }
};

// A spout whose next_tuple() never returns, so its sync never comes.
class StuckSpout : public storm::Spout {
 public:
  void next_tuple() override { std::this_thread::sleep_for(std::chrono::minutes(10)); }
};

// A correct stormcpp bolt whose process() takes `slow.sleep_ms` (topology conf): long work
// that the keepalive must carry past Storm's subprocess timeout, or a stuck bolt when the
// sleep outlasts stormcpp.max_busy_secs.
class SlowBolt : public storm::Bolt {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    sleep_ = std::chrono::milliseconds(conf.value("slow.sleep_ms", 0));
  }
  void process(const storm::Tuple& tuple) override {
    std::this_thread::sleep_for(sleep_);
    emit(storm::values_from(tuple.values()));
  }

 private:
  std::chrono::milliseconds sleep_{0};
};

// A correct stormcpp bolt that emits the field named by `lookup.field` (topology conf; default
// `word`) of each tuple, looked up by name. A tuple whose source declares no such field makes
// process() throw, which the runtime turns into a `fail` and an `error`, as a real bug would.
class LookupBolt : public storm::Bolt {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    field_ = conf.value("lookup.field", "word");
  }
  void process(const storm::Tuple& tuple) override { emit(tuple.get<std::string_view>(field_)); }

 private:
  std::string field_;
};

/// Emits its input values unchanged (bytes stay bytes on the msgpack wire).
class EchoBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override { emit(storm::values_from(tuple.values())); }
};

}  // namespace

int main(int argc, char** argv) {
  return storm::run(argc, argv,
                    {{"ack_unknown_id", storm::make<AckUnknownId>},
                     {"double_ack", storm::make<DoubleAck>},
                     {"anchor_after_ack", storm::make<AnchorAfterAck>},
                     {"spout_sends_ack", storm::make<SpoutSendsAck>},
                     {"stuck_spout", storm::make<StuckSpout>},
                     {"slow_bolt", storm::make<SlowBolt>},
                     {"lookup_bolt", storm::make<LookupBolt>},
                     {"echo_bolt", storm::make<EchoBolt>},
                     {"wrong_field_count", storm::make<WrongFieldCount>}});
}
