// Emit calls whose meaning would be unclear must not compile. Built once as is (every call
// below is the right one, so this file must compile) and once per WRONG_* case, which must
// fail with the message CMakeLists.txt expects (tests/compile_fail/CMakeLists.txt).
#include <string>

#include <stormcpp/stormcpp.hpp>

namespace {

struct Words : storm::Bolt {
  void process(const storm::Tuple& tuple) override {
    std::string w = tuple.get<std::string>(0);
#if defined(WRONG_BOLT_STREAM_AS_SECOND_VALUE)
    emit({w}, "words");  // the old shape: was "to stream words"
#elif defined(WRONG_BOLT_MESSAGE_ID)
    emit(storm::message_id(7), w);  // bolts are reliable through anchors
#elif defined(WRONG_OPTION_AFTER_VALUES)
    emit(w, storm::stream("words"));
#elif defined(WRONG_LONE_JSON)
    emit(nlohmann::json::array({w}));  // one value, or the array's elements?
#elif defined(WRONG_CHAR_VALUE)
    emit(w[0]);  // text or a number?
#else
    emit(storm::stream("words"), w);
    emit(storm::anchors(tuple), w);
    emit(storm::values_from(nlohmann::json::array({w})));
    emit(storm::value(nlohmann::json::array({w})));
    emit(std::string(1, w[0]));
#endif
  }
};

struct Lines : storm::Spout {
  void next_tuple() override {
    std::string line = "a line";
#if defined(WRONG_SPOUT_MESSAGE_ID_AS_SECOND_VALUE)
    emit({line}, "id-1");  // the old shape: was "message id id-1"
#elif defined(WRONG_SPOUT_ANCHORS)
    storm::Tuple input;
    emit(storm::anchors(input), line);  // a spout has no input tuple
#else
    emit(storm::message_id("id-1"), line);
    emit(storm::stream("lines"), line);
#endif
  }
};

}  // namespace

int main() {
  Words words;
  Lines lines;
  (void)words;
  (void)lines;
}
