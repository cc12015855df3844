#include "components.hpp"

// One executable hosts every component; its first argument names the one to run, as the
// spec's CppSpout / CppBolt entries do: `@NAME@ readings`, `@NAME@ alerts`, `@NAME@ tally`.
int main(int argc, char** argv) {
  return storm::run(argc, argv,
                    {{"readings", storm::make<@NAME@::ReadingsSpout>},
                     {"alerts", storm::make<@NAME@::AlertBolt>},
                     {"tally", storm::make<@NAME@::TallyBolt>}});
}
