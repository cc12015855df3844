#include "components.hpp"

int main(int argc, char** argv) {
  return storm::run(argc, argv,
                    {{"spout", storm::make<@NAME@::EventSpout>},
                     {"bolt", storm::make<@NAME@::UppercaseBolt>}});
}
