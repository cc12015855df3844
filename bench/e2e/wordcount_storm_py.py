"""The word count on Storm's own storm.py (org.apache.storm:multilang-python), for the end-to-end
benchmark: `wordcount_storm_py.py spout|split|count`, behaving like examples/wordcount.

tools/bench ships it in the topology jar's resources/ beside storm.py.
"""
import sys
import time

import storm

SENTENCES = ["the cow jumped over the moon", "an apple a day keeps the doctor away",
             "four score and seven years ago", "snow white and the seven dwarfs",
             "i am at two with nature"]


class SentenceSpout(storm.Spout):
    """One sentence per next with a message id, re-emitted on fail; the conf's
    wordcount.sentences_per_second caps the rate."""

    def initialize(self, conf, context):
        self.next_id = 0
        self.pending = {}
        rate = float(conf.get("wordcount.sentences_per_second") or 0)
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_due = time.monotonic()

    def nextTuple(self):
        if self.interval:
            if time.monotonic() < self.next_due:
                return
            self.next_due += self.interval
        i = self.next_id
        self.next_id += 1
        sentence = SENTENCES[i % len(SENTENCES)]
        self.pending[i] = sentence
        storm.emit([sentence], id=i)

    def ack(self, id):
        self.pending.pop(id, None)

    def fail(self, id):
        if id in self.pending:
            storm.emit([self.pending[id]], id=id)


class SplitBolt(storm.BasicBolt):
    def process(self, tup):
        for word in tup.values[0].split():
            storm.emit([word])


class CountBolt(storm.BasicBolt):
    def initialize(self, conf, context):
        self.counts = {}

    def process(self, tup):
        word = tup.values[0]
        count = self.counts.get(word, 0) + 1
        self.counts[word] = count
        storm.emit([word, count])


{"spout": SentenceSpout, "split": SplitBolt, "count": CountBolt}[sys.argv[1]]().run()
