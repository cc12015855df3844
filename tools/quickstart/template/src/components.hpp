// The components of @NAME@. Replace them with your own.
#pragma once

#include <cctype>
#include <string>

#include <stormcpp/stormcpp.hpp>

namespace @NAME@ {

/// Emits "event-0", "event-1", ... reliably: failed events are emitted again (up to
/// stormcpp.max_retries times), and at most stormcpp.max_in_flight are pending at once.
class EventSpout : public storm::ReliableSpout {
 public:
  void produce() override {
    emit({"event-" + std::to_string(next_)}, next_);
    ++next_;
  }

 private:
  long next_ = 0;
};

/// Upper-cases each event. The emit is anchored to the input; the input is acked when
/// process() returns and failed if it throws.
class UppercaseBolt : public storm::Bolt {
 public:
  void process(const storm::Tuple& tuple) override {
    std::string text = tuple.get<std::string>("event");
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    emit({text});
  }
};

}  // namespace @NAME@
