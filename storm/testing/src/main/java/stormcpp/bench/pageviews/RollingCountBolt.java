package stormcpp.bench.pageviews;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;

/**
 * The page-view topology's rolling count in plain Java, with the behaviour of examples/pageviews'
 * RollingCountBolt: per value of one field, counts in buckets of pageviews.bucket_secs over
 * pageviews.window_secs; holds each event until the next tick tuple, then emits one count per key
 * anchored to its events and acks them.
 */
public class RollingCountBolt extends TickedBolt {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String field;
    private transient OutputCollector collector;
    private transient Map<String, Key> keys;
    private long windowSecs;
    private long bucketSecs;
    private long start;

    private static final class Key {
        final TreeMap<Long, Long> buckets = new TreeMap<>();
        List<Tuple> held = new ArrayList<>();
        long windowCount;
    }

    public RollingCountBolt(String field) {
        this.field = field;
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        this.collector = collector;
        keys = new HashMap<>();
        windowSecs = number(conf, "pageviews.window_secs", 300);
        bucketSecs = number(conf, "pageviews.bucket_secs", 10);
        start = System.nanoTime();
    }

    private long bucketNow() {
        return (System.nanoTime() - start) / 1_000_000_000L / bucketSecs;
    }

    @Override
    public void execute(Tuple tuple) {
        if (isTick(tuple)) {
            tick();
            collector.ack(tuple);
            return;
        }
        Key key = keys.computeIfAbsent(tuple.getStringByField(field), k -> new Key());
        key.buckets.merge(bucketNow(), 1L, Long::sum);
        key.held.add(tuple);
        key.windowCount++;
    }

    private void tick() {
        long oldest = bucketNow() - windowSecs / bucketSecs + 1;
        for (Iterator<Map.Entry<String, Key>> it = keys.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Key> e = it.next();
            Key key = e.getValue();
            long expired = 0;
            while (!key.buckets.isEmpty() && key.buckets.firstKey() < oldest) {
                expired += key.buckets.pollFirstEntry().getValue();
            }
            key.windowCount -= expired;
            if (!key.held.isEmpty() || expired > 0) {
                ObjectNode message = JSON.createObjectNode();
                message.put("kind", field);
                message.put("key", e.getKey());
                message.put("delta", key.held.size());
                message.put("window_count", key.windowCount);
                message.put("window_secs", windowSecs);
                collector.emit(key.held, new Values(field + ":" + e.getKey(), message.toString(), field, e.getKey(),
                        key.windowCount));
                for (Tuple t : key.held) {
                    collector.ack(t);
                }
                key.held = new ArrayList<>();
            }
            if (key.buckets.isEmpty()) {
                it.remove();
            }
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("key", "message", "kind", "name", "window_count"));
    }
}
