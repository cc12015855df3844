"""Components on Storm's own storm.py (org.apache.storm:multilang-python), the same behaviour as
bench/components.cpp: `storm_py_component.py ack|passthrough|taskids|split|count|spout K`.

storm.py's emit always waits for the task-id reply (it never sends need_task_ids: false), so
every emit here costs a round trip: that is how the adapter works.
"""
import os
import sys

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


COMPONENTS = {"ack": AckBolt, "passthrough": PassthroughBolt, "taskids": PassthroughBolt,
              "split": SplitBolt, "count": CountBolt, "spout": KSpout}
COMPONENTS[MODE]().run()
