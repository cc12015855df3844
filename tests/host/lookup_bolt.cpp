// A correct stormcpp bolt that emits the field named by `lookup.field` (topology conf; default
// `word`) of each tuple, looked up by name. A tuple whose source declares no such field makes
// process() throw, which the runtime turns into a `fail` and an `error`, as a real bug would.
#include <string>

#include <stormcpp/stormcpp.hpp>

class LookupBolt : public storm::Bolt {
 public:
  void initialize(const nlohmann::json& conf, const storm::Context&) override {
    field_ = conf.value("lookup.field", "word");
  }
  void process(const storm::Tuple& tuple) override { emit({tuple.get<std::string>(field_)}); }

 private:
  std::string field_;
};

int main() {
  return storm::run<LookupBolt>();
}
