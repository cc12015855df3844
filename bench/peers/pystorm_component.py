"""Components on pystorm (the adapter under streamparse), the same behaviour as
bench/components.cpp: `pystorm_component.py ack|passthrough|taskids|split|count|spout K`.
pystorm's Bolt auto-acks and auto-anchors by default, like stormcpp."""
import sys

from pystorm import Bolt, Spout

MODE = sys.argv[1] if len(sys.argv) > 1 else "ack"
K = int(sys.argv[2]) if len(sys.argv) > 2 else 1


class AckBolt(Bolt):
    def process(self, tup):
        pass


class PassthroughBolt(Bolt):
    def process(self, tup):
        self.emit(tup.values)


class TaskIdsBolt(Bolt):
    def process(self, tup):
        self.emit(tup.values, need_task_ids=True)


class SplitBolt(Bolt):
    def process(self, tup):
        for word in tup.values[0].split():
            self.emit([word])


class CountBolt(Bolt):
    def initialize(self, conf, context):
        self.counts = {}

    def process(self, tup):
        word = tup.values[0]
        count = self.counts.get(word, 0) + 1
        self.counts[word] = count
        self.emit([word, count])


class KSpout(Spout):
    def initialize(self, conf, context):
        self.next_id = 0

    def next_tuple(self):
        for _ in range(K):
            i = self.next_id
            self.next_id += 1
            self.emit(["the cow jumped over the moon", i], tup_id=i)


COMPONENTS = {"ack": AckBolt, "passthrough": PassthroughBolt, "taskids": TaskIdsBolt,
              "split": SplitBolt, "count": CountBolt, "spout": KSpout}
COMPONENTS[MODE]().run()
