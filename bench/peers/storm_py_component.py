"""Components on Storm's own storm.py (org.apache.storm:multilang-python), the same behaviour as
bench/components.cpp: `storm_py_component.py ack|passthrough|taskids|split|count|spout K`,
and `sentences`, the word count's spout for the end-to-end benchmark (bench/e2e/storm-py.yaml,
where this file travels in the topology jar's resources/ beside storm.py).

storm.py's emit always waits for the task-id reply (it never sends need_task_ids: false), so
every emit here costs a round trip: that is how the adapter works.
"""
import os
import sys
import time

sys.path.insert(0, os.environ.get("STORM_PY_DIR", os.path.dirname(os.path.abspath(__file__))))
import storm  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "ack"
K = int(sys.argv[2]) if len(sys.argv) > 2 else 1


class AckBolt(storm.BasicBolt):
    def process(self, tup):
        pass


class PassthroughBolt(storm.BasicBolt):
    def process(self, tup):
        storm.emit(tup.values)


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


class KSpout(storm.Spout):
    def initialize(self, conf, context):
        self.next_id = 0

    def nextTuple(self):
        for _ in range(K):
            i = self.next_id
            self.next_id += 1
            storm.emit(["the cow jumped over the moon", i], id=i)


class SentenceSpout(storm.Spout):
    """As examples/wordcount's spout: one sentence per next with a message id, emitted again
    when it fails; the conf's wordcount.sentences_per_second caps the rate."""
    SENTENCES = ["the cow jumped over the moon", "an apple a day keeps the doctor away",
                 "four score and seven years ago", "snow white and the seven dwarfs",
                 "i am at two with nature"]

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
        sentence = self.SENTENCES[i % len(self.SENTENCES)]
        self.pending[i] = sentence
        storm.emit([sentence], id=i)

    def ack(self, id):
        self.pending.pop(id, None)

    def fail(self, id):
        if id in self.pending:
            storm.emit([self.pending[id]], id=id)


COMPONENTS = {"ack": AckBolt, "passthrough": PassthroughBolt, "taskids": PassthroughBolt,
              "split": SplitBolt, "count": CountBolt, "spout": KSpout,
              "sentences": SentenceSpout}
COMPONENTS[MODE]().run()
