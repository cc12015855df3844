"""The page-view topology's bolts on Storm's own storm.py (org.apache.storm:multilang-python), with
the behaviour of examples/pageviews/components.hpp, for the end-to-end benchmark
(bench/e2e/pageviews-storm-py.yaml; this file travels in the topology jar's resources/ beside
storm.py): `storm_py_pageviews.py parse|url_counts|referrer_counts|top`.

parse: a Kafka record's JSON value -> [url path, referrer domain, visitor, ts], or the record's
place and the reason on stream "errors". The counters count per key in buckets of
pageviews.bucket_secs over pageviews.window_secs, hold each event until the next tick, then
emit one anchored count per key and ack the events. top ranks the counts on each tick.
storm.py's emit waits for the task-id reply (a round trip per emit): that is how it works.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import storm  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "parse"
KEPT_BYTES = 1024


def referrer_domain(referrer):
    if not referrer:
        return "(direct)"
    start = referrer.find("://")
    start = 0 if start < 0 else start + 3
    end = len(referrer)
    for c in "/:?#":
        i = referrer.find(c, start)
        if 0 <= i < end:
            end = i
    host = referrer[start:end].lower()
    if host.startswith("www."):
        host = host[4:]
    return host or "(direct)"


def url_path(url):
    for c in "?#":
        i = url.find(c)
        if i >= 0:
            url = url[:i]
    return url


class ParseBolt(storm.BasicBolt):
    def initialize(self, conf, context):
        self.max_field = int(conf.get("pageviews.max_field_bytes", 2048))

    def problem(self, event):
        if not isinstance(event, dict):
            return "not a JSON object"
        for field in ("url", "visitor"):
            if not isinstance(event.get(field), str) or not event[field]:
                return "no %s (a non-empty string)" % field
        if "referrer" in event and not isinstance(event["referrer"], str):
            return "referrer is not a string"
        ts = event.get("ts")
        if not isinstance(ts, int) or isinstance(ts, bool) or ts <= 0:
            return "no ts (milliseconds since the epoch)"
        for field in ("url", "visitor", "referrer"):
            if len(event.get(field, "").encode()) > self.max_field:
                return "%s longer than pageviews.max_field_bytes (%d)" % (field, self.max_field)
        return None

    def process(self, tup):
        topic, partition, offset, _key, value = tup.values[:5]
        event = None
        if not isinstance(value, str):
            problem = "the record has no value"
        else:
            try:
                event = json.loads(value)
                problem = self.problem(event)
            except ValueError:
                problem = "not JSON"
        if problem is None:
            storm.emit([url_path(event["url"]), referrer_domain(event.get("referrer", "")),
                        event["visitor"], event["ts"]])
            return
        text = value if isinstance(value, str) else json.dumps(value)
        report = {"error": problem, "topic": topic, "partition": partition, "offset": offset,
                  "event": text[:KEPT_BYTES], "truncated": len(text) > KEPT_BYTES}
        storm.emit(["%s-%s@%s" % (topic, partition, offset), json.dumps(report)], stream="errors")


class RollingCountBolt(storm.Bolt):
    def __init__(self, field):
        self.field = field

    def initialize(self, conf, context):
        self.window_secs = int(conf.get("pageviews.window_secs", 300))
        self.bucket_secs = int(conf.get("pageviews.bucket_secs", 10))
        self.start = time.monotonic()
        self.keys = {}  # key -> [buckets {n: count}, held tuples, window count]
        self.index = {"url": 0, "referrer": 1}[self.field]

    def bucket_now(self):
        return int(time.monotonic() - self.start) // self.bucket_secs

    def process(self, tup):
        if tup.stream == "__tick":
            self.tick()
            storm.ack(tup)
            return
        key = self.keys.setdefault(tup.values[self.index], [{}, [], 0])
        b = self.bucket_now()
        key[0][b] = key[0].get(b, 0) + 1
        key[1].append(tup)
        key[2] += 1

    def tick(self):
        oldest = self.bucket_now() - self.window_secs // self.bucket_secs + 1
        for name in list(self.keys):
            buckets, held, _ = key = self.keys[name]
            expired = sum(n for b, n in buckets.items() if b < oldest)
            for b in [b for b in buckets if b < oldest]:
                del buckets[b]
            key[2] -= expired
            if held or expired:
                message = json.dumps({"kind": self.field, "key": name, "delta": len(held),
                                      "window_count": key[2], "window_secs": self.window_secs})
                storm.emit([self.field + ":" + name, message, self.field, name, key[2]],
                           anchors=held)
                for t in held:
                    storm.ack(t)
                key[1] = []
            if not buckets and not key[1]:
                del self.keys[name]


class TopBolt(storm.BasicBolt):
    def initialize(self, conf, context):
        self.top_n = int(conf.get("pageviews.top_n", 10))
        self.window_secs = int(conf.get("pageviews.window_secs", 300))
        self.kinds = {}

    def process(self, tup):
        if tup.stream == "__tick":
            for kind in sorted(self.kinds):
                ranked = sorted(self.kinds[kind].items(), key=lambda kv: (-kv[1], kv[0]))
                top = [{"key": k, "count": n} for k, n in ranked[:self.top_n]]
                storm.emit([kind, json.dumps({"kind": kind, "window_secs": self.window_secs,
                                              "top": top})])
            return
        _key, _message, kind, name, n = tup.values
        counts = self.kinds.setdefault(kind, {})
        if n > 0:
            counts[name] = n
        else:
            counts.pop(name, None)


COMPONENTS = {"parse": ParseBolt, "url_counts": lambda: RollingCountBolt("url"),
              "referrer_counts": lambda: RollingCountBolt("referrer"), "top": TopBolt}
COMPONENTS[MODE]().run()
