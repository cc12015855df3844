#include "components.hpp"

int main(int argc, char** argv) {
  return storm::run(argc, argv,
                    {{"spout", storm::make<wordcount::SentenceSpout>},
                     {"split", storm::make<wordcount::SplitSentenceBolt>},
                     {"count", storm::make<wordcount::WordCountBolt>}});
}
