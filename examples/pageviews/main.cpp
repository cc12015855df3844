// The page-view topology's components in one executable (`pageviews parse|url_counts|...`),
// plus its load generator and checker (`pageviews generate|check`, see load.hpp).
#include <cstring>

#include "components.hpp"
#include "load.hpp"

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "generate") == 0)
    return pageviews::generate_main(argc - 1, argv + 1);
  if (argc > 1 && std::strcmp(argv[1], "check") == 0)
    return pageviews::check_main(argc - 1, argv + 1);
  return storm::run(
      argc, argv,
      {{"parse", storm::make<pageviews::ParseBolt>},
       {"url_counts", [] { return std::make_unique<pageviews::RollingCountBolt>("url"); }},
       {"referrer_counts",
        [] { return std::make_unique<pageviews::RollingCountBolt>("referrer"); }},
       {"top", storm::make<pageviews::TopBolt>}});
}
